"""Reports and plans with their due days (000 (八) 十.11, 十一.6; 004 SC-004)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from mktpolicy.events.base import Event, Month


class MonthlyReport(Event):
    """A monthly written report handed to the marketing manager and assistant."""

    type: Literal["monthly_report"] = "monthly_report"
    date_field: ClassVar[str] = "month"

    kind: Literal["shipments_and_stock", "shipments_stock_and_collections"]
    """By the shipping clerk (十.11), or by the invoicing clerk (十一.6)."""
    month: Month
    """The month reported on, written `2024-03`."""
    submitted_on: date


class SalesPlan(Event):
    """A monthly sales plan (《销售计划表》) for the month after the one it is submitted in."""

    type: Literal["sales_plan"] = "sales_plan"
    date_field: ClassVar[str] = "month"

    month: Month
    """The month planned for, written `2024-04`."""
    submitted_on: date

"""Reports and plans with their due days (000 (八) 十.11, 十一.6; 001 销售员 职责九; 004 SC-004)."""

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from mktpolicy.events.base import ActedBy, Event, InOrder, KnownOn, Month


class MonthlyReport(Event):
    """A monthly written report handed to the marketing manager and assistant."""

    type: Literal["monthly_report"] = "monthly_report"
    date_field: ClassVar[str] = "month"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("month", "submitted_on"),)

    kind: Literal["shipments_and_stock", "shipments_stock_and_collections"]
    """By the shipping clerk (十.11), or by the invoicing clerk (十一.6)."""
    month: Month
    """The month reported on, written `2024-03`."""
    submitted_on: Annotated[date | None, KnownOn()] = None
    """Absent if never handed in."""


class SalesPlan(Event):
    """A monthly sales plan (《销售计划表》) for the month after the one it is submitted in."""

    type: Literal["sales_plan"] = "sales_plan"
    date_field: ClassVar[str] = "month"
    actor: ClassVar[str | None] = "key_account_manager"  # SC-004 1: 大客户经理…制定月度销售计划

    month: Month
    """The month planned for, written `2024-04`."""
    submitted_on: Annotated[date | None, KnownOn()] = None
    """Absent if never submitted."""
    approved_by_product_marketing: Annotated[bool | None, ActedBy("product_marketing_manager")] = (
        None
    )
    """Whether the product-marketing manager approved it; absent while pending."""
    redrafted_after_rejection: bool | None = None
    """For a rejected plan: whether the key-account manager redrafted it."""
    sent_to_general_manager: Annotated[bool | None, ActedBy("key_account_department_manager")] = (
        None
    )
    """For an approved plan: whether it went on to the general manager."""


class CollectionReport(Event):
    """A salesperson's collection report (回收报告) and the day the company's schedule sets for it
    (000 (一) 三.7 按期提交)."""

    type: Literal["collection_report"] = "collection_report"
    date_field: ClassVar[str] = "due_on"

    due_on: date
    """The day the company's schedule sets (按期: the text names none)."""
    submitted_on: Annotated[date | None, KnownOn()] = None
    """Absent if not (yet) submitted."""


class SalesReport(Event):
    """A weekly, monthly or quarterly sales report and its due day (001 销售员 职责九)."""

    type: Literal["sales_report"] = "sales_report"
    date_field: ClassVar[str] = "due_on"

    period: Literal["weekly", "monthly", "quarterly"]
    due_on: date
    submitted_on: Annotated[date | None, KnownOn()] = None
    """Absent if never submitted."""


class SalesActivity(Event):
    """A salesperson's month: customer contacts kept and new customers developed (001)."""

    type: Literal["sales_activity"] = "sales_activity"
    date_field: ClassVar[str] = "month"
    ended_months: ClassVar[tuple[str, ...]] = ("month",)

    month: Month
    customer_contacts: Annotated[int, Field(ge=0)]
    new_customers: Annotated[int, Field(ge=0)]


class AnnualSummary(Event):
    """The written annual summary (000 (一) 二.4)."""

    type: Literal["annual_summary"] = "annual_summary"
    date_field: ClassVar[str] = "submitted_on"

    year: Annotated[int, Field(ge=2000, le=2100)]
    submitted_on: date
    handed_to_supervisor: bool | None = None
    """The writer handed it to the marketing supervisor (交市场部主管人员); absent if unknown."""
    archived_with_supervisor: Annotated[bool, ActedBy("marketing_supervisor")]
    """The marketing supervisor archived it (存档): the supervisor's act, not the writer's."""


class WorkSummary(Event):
    """The work summary and work plan written at the start of a month (000 (三) 六.1)."""

    type: Literal["work_summary"] = "work_summary"
    date_field: ClassVar[str] = "month"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("month", "submitted_on"),)

    month: Month
    """The month at whose start it is due, written `2024-04`."""
    submitted_on: Annotated[date | None, KnownOn()] = None
    """Absent if never submitted."""
    includes_plan: bool
    """It holds the month's work plan as well as the summary."""

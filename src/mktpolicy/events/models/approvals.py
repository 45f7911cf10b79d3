"""Approvals with their approvers and amounts (000 (九); 004)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from mktpolicy.events.base import Event, Money

Role = Literal[
    "marketing_manager",
    "department_manager",
    "division_manager",
    "product_marketing_manager",
    "technical_director",
    "key_account_manager",
    "project_manager",
    "general_manager",
    "deputy_general_manager",
    "finance_manager",
]


class PromotionDistribution(Event):
    """A distribution of promotional items, gifts, samples or props, and who approved it."""

    type: Literal["promotion_distribution"] = "promotion_distribution"
    date_field: ClassVar[str] = "approved_on"

    approved_on: date
    amount: Money
    approved_by: tuple[Role, ...]
    """Everyone who approved it."""


class MarketActivity(Event):
    """A market activity (advertising, public event, exhibition, technical exchange)."""

    type: Literal["market_activity"] = "market_activity"
    date_field: ClassVar[str] = "starts_on"

    starts_on: date
    special: bool
    """A special activity (needs the general manager); otherwise routine."""
    approved_by: tuple[Role, ...]

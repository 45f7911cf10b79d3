"""Daily conduct: meals with clients (000 (二) 一.5)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from mktpolicy.events.base import Event, Money


class ClientMeal(Event):
    """A restaurant meal with a client, with when (if ever) it was approved."""

    type: Literal["client_meal"] = "client_meal"
    date_field: ClassVar[str] = "held_at"

    held_at: datetime
    """When the meal began (local time)."""
    approved_at: datetime | None = None
    """When the meal was approved; absent if it never was."""
    meal_slip: bool
    """Whether the meal was taken against a written meal slip (书面用餐单)."""
    customer_id: str | None = None
    amount: Money | None = None

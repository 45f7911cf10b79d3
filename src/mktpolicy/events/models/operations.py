"""Acts under the operation rules of 002 第八节 to 第十节 (customers, settlement, collections).

Each is something a salesperson did with a customer; whether it breaches a rule is for the rules.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar, Literal

from mktpolicy.events.base import Event, Money


class CustomerPromise(Event):
    """A promise to a customer about price, free service or settlement (002 第八节 二.3)."""

    type: Literal["customer_promise"] = "customer_promise"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    promise: Literal["free_shipping", "freight_discount", "monthly_settlement", "settlement_change"]
    """free_shipping 免费托运, freight_discount 降低运价, monthly_settlement 月结, or another change
    of settlement method."""
    authorised: bool
    """Whether the department leader authorised the promise beforehand."""
    price_difference: Money = Decimal(0)
    """For a discount or free shipping: the freight the company does not collect."""
    uncollected_receivable: Money = Decimal(0)
    """For monthly settlement: what could not be collected from the customer."""


class CustomerDeduction(Event):
    """A customer's claim or deduction that the salesperson agreed to (002 第九节 三)."""

    type: Literal["customer_deduction"] = "customer_deduction"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    amount: Money
    has_reason: bool
    """Whether the claim has a substantiated reason (a deduction without one is 无理由扣款)."""
    verified: bool
    """Checked with the departments concerned."""
    recorded_in_writing: bool
    """Written record with the reason and the amount."""
    reported_to_leader: bool
    """Reported to the department leader."""


class CustomerDataTaken(Event):
    """Customer contacts or a customer taken from another salesperson (002 第八节 一.3)."""

    type: Literal["customer_data_taken"] = "customer_data_taken"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    owner_employee_id: str
    """The salesperson who manages the customer."""
    intentional: bool
    """Deliberate (有意窃取), as established by the department."""
    loss: Money = Decimal(0)
    """The economic loss it caused, if assessed."""


class CustomerVisit(Event):
    """A customer visit the salesperson reported (002 第八节 二.4)."""

    type: Literal["customer_visit"] = "customer_visit"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    took_place: bool
    """Whether the visit really happened as reported (the department verifies visit reports)."""


class PaymentPostponed(Event):
    """A customer allowed to pay later than the contract says (002 第九节 四)."""

    type: Literal["payment_postponed"] = "payment_postponed"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    contract_due_on: date
    new_due_on: date
    loss: Money = Decimal(0)

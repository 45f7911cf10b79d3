"""Acts under the operation rules of 002 第八节 to 第十节 (customers, settlement, collections).

Each is something a salesperson did with a customer; whether it breaches a rule is for the rules.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from mktpolicy.events.base import Event, InOrder, KnownOn, Money, Month


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
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("contract_due_on", "new_due_on"),)

    occurred_on: date
    customer_id: str
    contract_due_on: date
    new_due_on: date
    loss: Money = Decimal(0)


class CustomerForm(Event):
    """A customer act that needs a form and a signature (002 第八节 二.2, 三.2, 三.3, 三.5)."""

    type: Literal["customer_form"] = "customer_form"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    form: Literal["new_customer_notice", "pickup_notice", "arrears_consent_notice", "liaison_form"]
    """新(重)进客户操作通知单 (new or returning customer, or a change of settlement), 提货通知单
    (pick-up at the warehouse), 同意欠费通知单 (arrears allowed to a cash-settlement customer),
    部门信息联络处理单 (special handling or a freight-rate change)."""
    filed: bool
    """The form was filled in and given to the departments concerned."""
    signed: bool
    """Its stub was signed by the head concerned (for a pick-up: by the dispatcher)."""
    leader_approved: bool = False
    """For a cash-settlement customer's arrears: the department leader approved beforehand."""


class CustomerClaim(Event):
    """A salesperson taking on a customer (002 第八节 一.2): who contacted it first decides."""

    type: Literal["customer_claim"] = "customer_claim"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    first_contact_by: str
    """The salesperson who contacted the customer first."""


class InterestedCustomer(Event):
    """A customer that showed interest in working with the company (002 第八节 一.5)."""

    type: Literal["interested_customer"] = "interested_customer"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    reported_to_leader: bool


class BeyondAuthorityAct(Event):
    """Everyday business beyond a salesperson's authority (002 第八节 五)."""

    type: Literal["beyond_authority_act"] = "beyond_authority_act"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    description: str
    leader_consulted: bool


class ReceivablesSummary(Event):
    """Last month's receivables and receipts summarised for the leader (002 第九节 六)."""

    type: Literal["receivables_summary"] = "receivables_summary"
    date_field: ClassVar[str] = "month"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("month", "submitted_on"),)

    month: Month
    """The month summarised, written `2024-03`."""
    submitted_on: Annotated[date, KnownOn()]


class StorageBilling(Event):
    """A warehouse customer's storage for a month (002 第八节 三.6)."""

    type: Literal["storage_billing"] = "storage_billing"
    date_field: ClassVar[str] = "month"
    ended_months: ClassVar[tuple[str, ...]] = ("month",)

    month: Month
    customer_id: str
    customer_notified: bool
    """The customer was told in time how much storage space it occupies."""
    fee_collected: bool


class CustomerLost(Event):
    """A customer the company lost (002 第八节 三.7)."""

    type: Literal["customer_lost"] = "customer_lost"
    date_field: ClassVar[str] = "lost_on"

    lost_on: date
    customer_id: str
    analysis_filed: bool
    """A Lost Customer Analysis Form (《流失客户分析表》) was filled in."""


class ReturnVisit(Event):
    """A return visit to a customer (002 第八节 三.8)."""

    type: Literal["return_visit"] = "return_visit"
    date_field: ClassVar[str] = "visited_on"

    visited_on: date
    customer_id: str
    satisfaction_survey: bool
    """The customer filled in the satisfaction survey (〈客户满意程度调查表〉)."""
    fed_back_to_leader: bool


class CustomerStatement(Event):
    """A consignment list or statement sent to a customer (002 第九节 一, 二, 五)."""

    type: Literal["customer_statement"] = "customer_statement"
    date_field: ClassVar[str] = "issued_on"

    issued_on: date
    customer_id: str
    delivered_to_customer: bool
    all_fees_included: bool
    """Counting, storage and handling fees added to the customer's total."""
    customer_confirmed: bool
    invoiced_amount: Money | None = None
    confirmed_amount: Money | None = None


class OrderCheck(Event):
    """A warehouse customer's order handled by the order clerk (002 第十节)."""

    type: Literal["order_check"] = "order_check"
    date_field: ClassVar[str] = "handled_on"

    handled_on: date
    customer_id: str
    checked_against_delivery_note: bool
    sorting_sheet_faxed: bool
    """The Order Sorting Sheet (《订单整理表》) was filled in and faxed to the warehouse."""

"""Acts under the operation rules of 002 第八节 to 第十节 (customers, settlement, collections).

Each is something a salesperson did with a customer; whether it breaches a rule is for the rules.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from mktpolicy.events.base import ActedBy, Event, InOrder, KnownOn, Money, Month


class CustomerPromise(Event):
    """A promise to a customer about price, free service or settlement (002 第八节 二.3)."""

    type: Literal["customer_promise"] = "customer_promise"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    promise: Literal[
        "free_shipping",
        "freight_discount",
        "monthly_settlement",
        "periodic_settlement",
        "settlement_change",
    ]
    """free_shipping 免费托运, freight_discount 降低运价, monthly_settlement 月结,
    periodic_settlement (quarterly or another periodic account: 月结类, 002 第十一节 二.3), or
    settlement_change (another change of settlement method, e.g. to payment on delivery)."""
    authorised: Annotated[bool, ActedBy("department_leader")]
    """Whether the department leader authorised the promise beforehand (擅自 is its absence)."""
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
    authorised: Annotated[bool | None, ActedBy("department_leader")] = None
    """Whether the department leader authorised the deduction: 擅自答应 (002 第十一节 二.2, 第九节
    三 不得擅自减、免) is agreeing without it. Absent: not recorded, so a deduction without reason
    is not judged."""
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


class VisitRequest(Event):
    """A customer asked the salesperson to visit (002 第八节 二.4 不得拒绝客户的拜访要求)."""

    type: Literal["visit_request"] = "visit_request"
    date_field: ClassVar[str] = "requested_on"

    requested_on: date
    customer_id: str
    refused: bool
    """The salesperson refused the visit (as established by the department); a visit put off
    by agreement with the customer is not a refusal."""


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
    """The person handling it filled the form in and handed it over: to the departments
    concerned, or (a pick-up notice) to the dispatcher. This is the handler's own act."""
    signed: Annotated[bool | None, ActedBy("head_of_department_concerned")] = None
    """The head of the department concerned signed the stub (新(重)进客户操作通知单, 同意欠费通知单,
    部门信息联络处理单). The signer's act, not the handler's; absent: not recorded."""
    dispatcher_signed: Annotated[bool | None, ActedBy("dispatcher")] = None
    """A pick-up notice: the dispatcher (调度员) signed it. The dispatcher's act; absent: not
    recorded."""
    leader_approved: Annotated[bool, ActedBy("department_leader")] = False
    """For a cash-settlement customer's arrears: the department leader approved beforehand."""
    arrears_promised_on: date | None = None
    """For arrears allowed: the date by which the customer promised to pay them."""
    collection_pursued: bool | None = None
    """For arrears the customer did not pay by the promised date: whether the salesperson took
    charge of collecting them (须负责收回, 第八节 三.3). False once the company records that they
    did not; absent: not recorded. Whether the customer in the end pays is not judged."""
    arrears_loss: Money = Decimal(0)
    """The arrears written off, if any, where collection was not pursued."""


class CustomerClaim(Event):
    """A salesperson taking on a customer (002 第八节 一.2): who contacted it first decides."""

    type: Literal["customer_claim"] = "customer_claim"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    first_contact_by: str
    """The salesperson who contacted the customer first."""
    kept_after_allocation: bool | None = None
    """Another salesperson contacted the customer first, and this one kept working it as their
    own after the overlap was known (据为己有, 第八节 一.3). Absent: not recorded; an overlap by
    itself is no breach (一.2 only decides whose customer it is)."""


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
    fee_billed: bool | None = None
    """The storage fee was billed to the customer (收取仓储费: the salesperson's part is to
    charge it). Absent: not recorded."""
    fee_collected: Annotated[bool | None, ActedBy("customer")] = None
    """The customer paid the fee: the customer's act, not judged; a paid fee was billed."""


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
    satisfaction_survey: Annotated[bool | None, ActedBy("customer")] = None
    """The customer filled in the satisfaction survey (〈客户满意程度调查表〉): the customer's act,
    not judged (请客户配合填写 asks the customer; a customer may decline)."""
    survey_requested: bool | None = None
    """The salesperson asked the customer to fill in the survey. Absent: not recorded; a survey
    the customer filled in shows it was asked."""
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
    confirmation_requested: bool | None = None
    """The employee asked the customer to confirm the total (请客户予以确认). Absent: not recorded;
    a total the customer confirmed shows it was asked."""
    customer_confirmed: Annotated[bool | None, ActedBy("customer")] = None
    """The customer confirmed the total: the customer's act, not judged."""
    invoiced_amount: Money | None = None
    confirmed_amount: Annotated[Money | None, ActedBy("customer")] = None
    """The amount the customer confirmed."""


class OrderCheck(Event):
    """A warehouse customer's order handled by the order clerk (002 第十节)."""

    type: Literal["order_check"] = "order_check"
    date_field: ClassVar[str] = "handled_on"

    handled_on: date
    customer_id: str
    checked_against_delivery_note: bool
    sorting_sheet_faxed: bool
    """The Order Sorting Sheet (《订单整理表》) was filled in and faxed to the warehouse."""
    placed_in_designated_place: bool | None = None
    """The sorted orders and delivery notes were put in the designated place for the warehouse
    staff (第十节 三). Absent: not recorded."""


class CustomerQuarrel(Event):
    """A quarrel with a customer, as established by the department (e.g. a complaint upheld):
    第八节 三.1 不得与客户发生争吵."""

    type: Literal["customer_quarrel"] = "customer_quarrel"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    customer_id: str
    description: str = ""


class CollectionTask(Event):
    """A collector's collection task for a period, as the company set it, and what was collected
    (002 第六节 一 按期完成公司规定的收款任务)."""

    type: Literal["collection_task"] = "collection_task"
    date_field: ClassVar[str] = "due_on"

    due_on: date
    """The day the company set for completing the task (按期)."""
    target: Money
    """The amount the company set to collect."""
    collected: Money
    """What the collector had collected by the due day."""

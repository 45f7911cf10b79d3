"""Contracts, deals, shipping and invoicing documents, and their ledgers and files."""

from datetime import date
from typing import Annotated, ClassVar, Literal

from mktpolicy.events.base import ActedBy, Event, InOrder, KnownOn, Month


class CompanyNameUse(Event):
    """The company's name (公司名誉) used in some business, as the company established it."""

    type: Literal["company_name_use"] = "company_name_use"
    date_field: ClassVar[str] = "used_on"

    used_on: date
    description: str | None = None
    for_company_business: bool
    """Used for the company's own business (not for business unrelated to the company)."""
    company_permission: Annotated[bool, ActedBy("company")] = False
    """The company permitted a use outside its own business."""


class ContractUse(Event):
    """A company contract form taken and used."""

    type: Literal["contract_use"] = "contract_use"
    date_field: ClassVar[str] = "taken_on"

    taken_on: date
    contract_number: str | None = None
    """The number the form carries; absent if it was not numbered."""
    registered: bool
    """Entered in the register of contract forms when taken."""
    for_company_business: bool
    """Used for the company's own business (not for business unrelated to the company)."""
    company_permission: Annotated[bool, ActedBy("company")] = False
    """The company permitted a use outside its own business."""


class DealSigned(Event):
    """A deal signed by a salesperson."""

    type: Literal["deal_signed"] = "deal_signed"
    date_field: ClassVar[str] = "signed_on"

    signed_on: date
    customer_id: str
    reported_before_signing: bool
    original_archived: bool
    """The original contract was handed to the company's archive."""


class ContractBorrowed(Event):
    """A contract or agreement borrowed from administration for reading."""

    type: Literal["contract_borrowed"] = "contract_borrowed"
    date_field: ClassVar[str] = "borrowed_on"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("borrowed_on", "returned_on"),)

    borrowed_on: date
    returned_on: Annotated[date | None, KnownOn()] = None
    taken_out_of_office: bool = False


class FirstOrder(Event):
    """An order from a first-time customer, or a trial order from an existing one."""

    type: Literal["first_order"] = "first_order"
    date_field: ClassVar[str] = "ordered_on"

    ordered_on: date
    customer_id: str
    kind: Literal["first_time_customer", "trial_order"]
    assessed: bool
    """Order, collection and risk assessed together (first-time customers)."""
    licence_archived: bool
    """Business licence and tax registration archived (first-time customers)."""
    marked_on_production_order: bool


class MouldSample(Event):
    """A mould sample made for a customer, and the steps it went through in order."""

    type: Literal["mould_sample"] = "mould_sample"
    date_field: ClassVar[str] = "requested_on"

    requested_on: date
    customer_id: str
    manager_signed: Annotated[bool, ActedBy("manager")]
    """The manager signed for the mould sample (由经理签字)."""
    steps: tuple[
        Literal[
            "quotation",
            "price_confirmation",
            "drawing_confirmation",
            "sample_confirmation",
            "archive",
        ],
        ...,
    ]
    """The steps taken so far, in the order they were taken. A sample still in progress, or
    dropped after some step (a customer who declines the quotation), has only the first steps."""


class Shipment(Event):
    """Goods shipped by the shipping clerk against a dispatch note."""

    type: Literal["shipment"] = "shipment"
    date_field: ClassVar[str] = "shipped_on"

    shipped_on: date
    customer_id: str
    dispatch_note_sealed: bool
    """The note bears the shipping seal (发货专用章)."""
    head_signed: Annotated[bool, ActedBy("marketing_head")]
    """The head of the marketing department signed the note."""
    salesperson_signed: Annotated[bool, ActedBy("salesperson")]
    """The salesperson signed the note (应由业务员签字负责): the salesperson's act."""
    salesperson_id: str | None = None
    """The salesperson whose sale it is, where recorded."""
    has_contract: bool
    # The fields below are absent where the HR system does not record them; absent is not judged.
    on_manager_instruction: bool | None = None
    """Shipped on an instruction of the marketing manager or the manager's assistant (十.5)."""
    checked_against_documents: bool | None = None
    """Products, quantities, consignee and address checked before shipping (十.6)."""
    entered_in_ledger: bool | None = None
    """Entered in the shipments ledger from the carrier's receipt or signed delivery note (十.7)."""
    waybill_sent_to_customer: bool | None = None
    salesperson_notified: bool | None = None
    delivered_by_factory: bool | None = None
    """The factory delivered the goods itself (厂方送货, 十.7): there is no carrier waybill to send,
    and the ledger entry rests on the delivery note the customer signed."""


class CashSale(Event):
    """A cash sale (现款现货) and how its transfer slip was issued."""

    type: Literal["cash_sale"] = "cash_sale"
    date_field: ClassVar[str] = "slip_issued_on"

    slip_issued_on: date
    customer_id: str
    paid_before_slip: bool
    """The slip was issued against finance's cash receipt."""
    finance_escort: Annotated[bool, ActedBy("finance")]
    """A finance officer travelled with the goods and collected on delivery."""


class TransferSlip(Event):
    """A product transfer slip (调拨单) or dispatch note filled in for a sale (000 (八) 十一.2)."""

    type: Literal["transfer_slip"] = "transfer_slip"
    date_field: ClassVar[str] = "filled_on"

    filled_on: date
    customer_id: str
    matches_contract: bool | None = None
    """Products, specifications and quantities are those the sales contract lays down; absent
    for a sale without a contract (十.9 allows them)."""
    salesperson_signed: Annotated[bool, ActedBy("salesperson")]
    """The salesperson signed it: the salesperson's act."""
    submitted_for_approval: bool | None = None
    """The clerk submitted it to the head of the marketing department for approval (报…审批).
    Absent: not recorded (an approval shows it was submitted)."""
    head_approved: Annotated[bool, ActedBy("marketing_head")]
    """The head of the marketing department approved it: the head's act, on the head's time."""
    altered: bool | None = None
    """Written over after it was filled in (涂改) rather than filled in afresh (十一.8)."""
    alteration_acknowledged: bool | None = None
    """An alteration was acknowledged where it was made (initialled, or confirmed by the
    salesperson or the head), so it was not made at will (随意). Absent: not recorded, and an
    alteration is not judged."""


class GoodsReturn(Event):
    """Goods a customer returned, as taken back by the shipping clerk (000 (八) 十.8)."""

    type: Literal["goods_return"] = "goods_return"
    date_field: ClassVar[str] = "returned_on"

    returned_on: date
    customer_id: str
    entered_in_ledger: bool
    """Entered in the returns ledger."""
    reason_recorded: bool
    """The ledger entry gives the reason for the return."""


class LedgerReconciliation(Event):
    """The invoicing clerk's ledgers checked against finance's for one ten-day period (旬)."""

    type: Literal["ledger_reconciliation"] = "ledger_reconciliation"
    date_field: ClassVar[str] = "period_end"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("period_end", "reconciled_on"),)

    period_end: date
    """The period's last day: the 10th, the 20th or the month's last day (one record a period)."""
    reconciled_on: Annotated[date | None, KnownOn()] = None
    """The day the period's ledgers were reconciled: within the period or after it ends (on the
    1st, 11th or 21st for the period just ended). Absent if not (yet) reconciled."""


class DocumentFiling(Event):
    """A month's original documents sorted, bound and filed (000 (八) 十.10, 十一.7)."""

    type: Literal["document_filing"] = "document_filing"
    date_field: ClassVar[str] = "month"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("month", "filed_on"),)

    month: Month
    """The month whose documents are filed, written `2024-03`."""
    kind: Literal["shipping", "invoicing"]
    """The shipping clerk's originals (十.10), or the invoicing clerk's with contracts (十一.7)."""
    filed_on: Annotated[date | None, KnownOn()] = None
    """Absent if not (yet) filed."""
    due_on: date | None = None
    """The day the company's own schedule (按时) sets for filing this month's documents. Absent:
    the text names no day, so only a month never filed is judged (see docs/readings.md)."""
    includes_contracts: bool | None = None
    """The contracts were bound in with the originals (required of the invoicing clerk)."""
    had_contracts: bool | None = None
    """The month had contracts to file. False: there were none, and a filing without contracts
    is complete. Absent: not recorded."""


class FieldReport(Event):
    """A periodic report (定期) the post owes the marketing manager and the company: the
    information-feedback officer's feedback report ((八) 八.7) or the market inspector's survey
    report ((八) 九.6)."""

    type: Literal["field_report"] = "field_report"
    date_field: ClassVar[str] = "compiled_on"

    compiled_on: date
    kind: Literal["feedback_report", "market_survey_report"]
    submitted_to_manager: bool
    """Submitted to the marketing manager."""
    submitted_to_company: bool
    """Submitted to the company's leaders (公司领导 / 公司)."""


class WorkProblem(Event):
    """A problem or anomaly that arose at work ((七) 二(四).12 申报经理进行处理)."""

    type: Literal["work_problem"] = "work_problem"
    date_field: ClassVar[str] = "arose_on"

    arose_on: date
    description: str
    reported_to_manager: bool
    """Reported to the manager for handling."""


class DocumentKept(Event):
    """A document or invoice of the marketing department, and whether it was kept on file
    ((七) 二(四).13 严格保存备案), as found when it was looked for (e.g. at an audit)."""

    type: Literal["document_kept"] = "document_kept"
    date_field: ClassVar[str] = "checked_on"

    checked_on: date
    document: str
    """Which document or invoice."""
    kept_on_file: bool


class SecretDisclosed(Event):
    """A disclosure of the company's trade secrets or customer data by the employee, as
    established by the company (002 第二节 一; (八)'s 保守商业机密 of each post)."""

    type: Literal["secret_disclosed"] = "secret_disclosed"
    date_field: ClassVar[str] = "disclosed_on"

    disclosed_on: date
    information: str
    """What was disclosed (customer data, prices, contracts, ...)."""
    post: (
        Literal[
            "sales_lead",
            "customer_file_clerk",
            "information_officer",
            "market_inspector",
            "shipping_clerk",
            "invoicing_clerk",
        ]
        | None
    ) = None
    """The employee's post, where (八) gives it its own secrecy duty: 业务主办 (五), 客户档案管理员
    (七), 信息反馈员 (八), 市场稽查员 (九), 发货员 (十), 开票员 (十一). Absent: another post."""

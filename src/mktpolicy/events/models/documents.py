"""Contracts, deals, shipping and invoicing documents, and their ledgers and files."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from mktpolicy.events.base import Event, InOrder, KnownOn, Month


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
    company_permission: bool = False
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
    """Order, payment and risk assessed together (first-time customers)."""
    licence_archived: bool
    """Business licence and tax registration archived (first-time customers)."""
    marked_on_production_order: bool


class MouldSample(Event):
    """A mould sample made for a customer, and the steps it went through in order."""

    type: Literal["mould_sample"] = "mould_sample"
    date_field: ClassVar[str] = "requested_on"

    requested_on: date
    customer_id: str
    manager_signed: bool
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
    """The steps taken, in the order they were taken."""


class Shipment(Event):
    """Goods shipped by the shipping clerk against a dispatch note."""

    type: Literal["shipment"] = "shipment"
    date_field: ClassVar[str] = "shipped_on"

    shipped_on: date
    customer_id: str
    dispatch_note_sealed: bool
    """The note bears the shipping seal (发货专用章)."""
    head_signed: bool
    """The head of the marketing department signed the note."""
    salesperson_signed: bool
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


class CashSale(Event):
    """A cash-on-delivery sale and how its transfer slip was issued."""

    type: Literal["cash_sale"] = "cash_sale"
    date_field: ClassVar[str] = "slip_issued_on"

    slip_issued_on: date
    customer_id: str
    paid_before_slip: bool
    """The slip was issued against finance's cash receipt."""
    finance_escort: bool
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
    salesperson_signed: bool
    head_approved: bool
    """The head of the marketing department approved it."""
    altered: bool | None = None
    """Written over after it was filled in (涂改) rather than filled in afresh (十一.8)."""


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
    """Absent if not reconciled."""


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
    """Absent if not filed."""
    includes_contracts: bool | None = None
    """The contracts were bound in with the originals (required of the invoicing clerk)."""

"""The work standards of 001's job descriptions that leave a record: targets, contracts, visits.

A shortfall against a job description's standard is a warning for the assessment, not a breach
(as with 001 销售员 职责二 and 十一 in reports.py).
"""

from datetime import date
from typing import Annotated, ClassVar, Literal, Self

from pydantic import model_validator

from mktpolicy.events.base import ActedBy, Event, FieldValueError, InOrder, KnownOn, Money, Month
from mktpolicy.events.models.approvals import Role


class PlanCompletion(Event):
    """The deputy general manager's month: the sales plan and the collection target, and results."""

    type: Literal["plan_completion"] = "plan_completion"
    date_field: ClassVar[str] = "month"
    ended_months: ClassVar[tuple[str, ...]] = ("month",)

    month: Month
    """The month, written `2024-03`."""
    sales_target: Money
    """The month's sales plan (销售计划) in yuan."""
    sales_actual: Money
    collection_target: Money
    """The month's collection target (回款任务) in yuan."""
    collected: Money


class MajorContract(Event):
    """A sales contract recorded as major (重大), and who took part in negotiating and signing."""

    type: Literal["major_contract"] = "major_contract"
    date_field: ClassVar[str] = "signed_on"

    signed_on: date
    customer_id: str
    negotiated_by: Annotated[tuple[Role, ...], ActedBy("deputy_general_manager")]
    """Everyone who took part in the negotiation (the deputy general manager's part is 职责八)."""
    signed_by: Annotated[tuple[Role, ...], ActedBy("deputy_general_manager")]
    """Everyone who took part in the signing."""


class Receivable(Event):
    """An amount a customer owes under a contract, as it stood on `checked_on`."""

    type: Literal["receivable"] = "receivable"
    date_field: ClassVar[str] = "due_on"

    customer_id: str
    amount: Money
    due_on: date
    """The payment date the contract sets."""
    checked_on: date
    """When the record was taken (an open receivable is overdue once this passes `due_on`)."""
    collected_on: Annotated[date | None, KnownOn()] = None
    """Absent while not collected."""
    proposal_reported: bool = False
    """The salesperson reported it with a proposal for handling it (001 销售员 职责七)."""
    action_plan: Annotated[bool, ActedBy("deputy_general_manager")] = False
    """The deputy general manager's plan of action for it is on record (001 副总经理 职责十三)."""

    @model_validator(mode="after")
    def _collected_by_check(self) -> Self:
        if self.collected_on is not None and self.collected_on > self.checked_on:
            raise FieldValueError(
                "collected_on",
                f"collected_on {self.collected_on} is after checked_on {self.checked_on}: "
                "a collection the record taken that day cannot show",
            )
        return self


class SubordinateAssessment(Event):
    """A subordinate's month and whether (and by whom) it was assessed (001 副总经理 职责十七)."""

    type: Literal["subordinate_assessment"] = "subordinate_assessment"
    date_field: ClassVar[str] = "month"
    actor: ClassVar[str | None] = "deputy_general_manager"  # a record of the assessor's work
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("month", "assessed_on"),)

    month: Month
    """The month to be assessed, written `2024-03`."""
    assessed_on: Annotated[
        date | None,
        ActedBy("deputy_general_manager", "marketing_head", "general_manager"),
        KnownOn(),
    ] = None
    """Absent if the month was never assessed."""
    assessed_by: Annotated[
        Role | None, ActedBy("deputy_general_manager", "marketing_head", "general_manager")
    ] = None


class ScheduledVisit(Event):
    """A customer visit on a salesperson's visit schedule, and when it took place."""

    type: Literal["scheduled_visit"] = "scheduled_visit"
    date_field: ClassVar[str] = "scheduled_on"

    customer_id: str
    scheduled_on: date
    visited_on: Annotated[date | None, KnownOn()] = None
    """Absent if the visit never took place."""

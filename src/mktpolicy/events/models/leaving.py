"""Leaving the company: the written resignation and the departure itself (000 (一) 二.8)."""

from datetime import date
from typing import Annotated, ClassVar, Literal

from mktpolicy.events.base import ActedBy, Event, InOrder


class Resignation(Event):
    """A resignation report handed to the company."""

    type: Literal["resignation"] = "resignation"
    date_field: ClassVar[str] = "submitted_on"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("submitted_on", "last_day"),)

    submitted_on: date
    """The day the report reached the company."""
    last_day: date
    """The last working day the employee asks for."""
    in_writing: bool = True
    """Whether the report was written (the clause requires a written report)."""


class Departure(Event):
    """An employee's actual leaving of the post, with the state of the leaving procedure on that
    day: leaving the company, or an internal transfer (leaving this post only)."""

    type: Literal["departure"] = "departure"
    date_field: ClassVar[str] = "left_on"

    left_on: date
    """The day the employee left."""
    kind: Literal["voluntary", "dismissal", "internal_transfer", "other"] | None = None
    """Why: `voluntary` (the employee chose to leave the company: 如要调走, 辞职), `dismissal`
    (the company ended the employment), `internal_transfer` (moved to another post in the
    company), `other` (a contract ending, by agreement, ...). Only a voluntary departure is
    judged under the resignation procedure (000 (一) 二.8); absent is not judged."""
    accounts_settled: bool
    """Accounts between the employee and the company were settled before leaving."""
    handover_done: bool
    """The employee's work was put in order and handed over."""
    supervisor_signed: Annotated[bool, ActedBy("marketing_supervisor")]
    """The marketing supervisor signed off the departure."""
    receivables_collected: bool | None = None
    """All payments for what the employee sold were collected (业务主办); absent if unknown."""

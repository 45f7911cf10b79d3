"""Assessments, probation and appeals (000 (三) 八, 十, 十一)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from mktpolicy.events.base import ActedBy, Event, InOrder, KnownOn, Money


class AssessmentResult(Event):
    """A performance assessment result as recorded (monthly, quarterly, annual, probation)."""

    type: Literal["assessment_result"] = "assessment_result"
    date_field: ClassVar[str] = "published_on"

    published_on: date
    period: Literal["probation", "monthly", "quarterly", "annual", "special"]
    general_manager_signed: Annotated[bool, ActedBy("general_manager")]
    """The general manager signed the result (八.4: otherwise the assessment is invalid)."""
    # The fields below are absent where the HR system does not record them; absent is not judged.
    self_evaluation_submitted: bool | None = None
    """The person assessed handed in a written summary and self-evaluation (八.1)."""
    interview_held: bool | None = None
    """An assessment interview went through the result with the person assessed (三.2)."""
    disclosed_to_employee: bool | None = None
    """The result was made known to the person assessed (九.1)."""
    kept_in_file: bool | None = None
    """The result was placed in the employee's file (九.1)."""
    department_head_assessed: bool | None = None
    """The head of the employee's own department took part (probation: 十.4)."""
    administration_assessed: bool | None = None
    """The administration department took part (probation: 十.4)."""


class Probation(Event):
    """A probation period and its outcome."""

    type: Literal["probation"] = "probation"
    date_field: ClassVar[str] = "starts_on"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("starts_on", "ends_on", strict=True),)

    starts_on: date
    ends_on: date
    general_manager_approved_length: bool = False
    """The general manager approved a length other than the standard one."""
    business_amount: Annotated[Money | None, KnownOn("ends_on")] = None
    """Business brought in during probation (yuan), once known."""


class Appeal(Event):
    """An appeal against an assessment result."""

    type: Literal["appeal"] = "appeal"
    date_field: ClassVar[str] = "submitted_on"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("result_published_on", "submitted_on"),)

    result_published_on: date
    submitted_on: date
    in_writing: bool
    submitted_to: Literal["administration", "department_head", "general_manager", "other"]

"""Assessments, probation and appeals (000 (三) 八, 十, 十一)."""

from datetime import date
from typing import Annotated, ClassVar, Literal

from mktpolicy.events.base import ActedBy, Event, InOrder, KnownOn, Money


class AssessmentResult(Event):
    """A performance assessment result as recorded (monthly, quarterly, annual, probation)."""

    type: Literal["assessment_result"] = "assessment_result"
    date_field: ClassVar[str] = "published_on"
    actor: ClassVar[str | None] = "assessor"  # the assessors' record, not the employee's act

    published_on: date
    period: Literal["probation", "monthly", "quarterly", "annual", "special"]
    general_manager_signed: Annotated[bool, ActedBy("general_manager")]
    """The general manager signed the result (八.4: otherwise the assessment is invalid)."""
    # The fields below are absent where the HR system does not record them; absent is not judged.
    assessor_id: str | None = None
    """The person who made the assessment (the head of the marketing department, 三.3; for
    probation the head of the employee's own department, 十.4): findings on the assessor's steps
    name them; absent, they name the role."""
    self_evaluation_submitted: bool | None = None
    """The person assessed handed in a written summary and self-evaluation (八.1)."""
    interview_held: Annotated[bool | None, ActedBy("marketing_head")] = None
    """An assessment interview went through the result with the person assessed (三.2)."""
    disclosed_to_employee: Annotated[bool | None, ActedBy("administration")] = None
    """The result was made known to the person assessed (九.1)."""
    kept_in_file: Annotated[bool | None, ActedBy("administration")] = None
    """The result was placed in the employee's file (九.1)."""
    department_head_assessed: Annotated[bool | None, ActedBy("department_head")] = None
    """The head of the employee's own department took part (probation: 十.4)."""
    administration_assessed: Annotated[bool | None, ActedBy("administration")] = None
    """The administration department took part (probation: 十.4)."""


class Probation(Event):
    """A probation period and its outcome."""

    type: Literal["probation"] = "probation"
    date_field: ClassVar[str] = "starts_on"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("starts_on", "ends_on", strict=True),)

    starts_on: date
    """The first day of probation."""
    ends_on: Annotated[date, ActedBy("administration")]
    """The last day of probation, inclusive, as the contract states it (2024-01-01 to 2024-03-31
    is three months). The company sets it; an early confirmation ends it early."""
    general_manager_approved_length: Annotated[bool, ActedBy("general_manager")] = False
    """The general manager approved a length other than the standard one."""
    early_confirmation_recommended: Annotated[bool | None, ActedBy("department_head")] = None
    """The person on probation was recommended for early confirmation (十.3 对试用优秀者，可推荐
    提前转正), which allows probation to end before its standard last day."""
    business_amount: Annotated[Money | None, KnownOn("ends_on")] = None
    """Business brought in during probation (yuan), once known."""


class Appeal(Event):
    """An appeal against an assessment result."""

    type: Literal["appeal"] = "appeal"
    date_field: ClassVar[str] = "submitted_on"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("result_published_on", "submitted_on"),)

    result_published_on: Annotated[date, ActedBy("administration")]
    """The day the result being appealed was published."""
    submitted_on: date
    """The day the appeal reached its addressee."""
    in_writing: bool
    """A written report (书面报告), as the right requires."""
    submitted_to: Literal["administration", "department_head", "general_manager", "other"]
    """Where the appeal was handed in; the right is to hand it to administration (至行政部)."""
    answered: Annotated[bool | None, ActedBy("administration")] = None
    """Whether administration, with the head of department, has answered it (十一 给予合理答复);
    absent is not judged."""
    answered_on: Annotated[date | None, ActedBy("administration")] = None
    """The day it was answered, if it was."""

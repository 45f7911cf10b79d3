"""Monthly assessment results (000 (三) 六, 九)."""

from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, model_validator

from mktpolicy.events.base import ActedBy, Event, Money, Month

Score = Annotated[int, Field(ge=0, le=5)]


class MonthlyResult(Event):
    """One employee's month: sales target and actual, and the four behaviour scores (0–5)."""

    type: Literal["monthly_result"] = "monthly_result"
    date_field: ClassVar[str] = "month"
    ended_months: ClassVar[tuple[str, ...]] = ("month",)

    month: Month
    """The month assessed, written `2024-03`."""
    target: Money
    """月度计划销售任务: the month's sales target in yuan (must be above zero)."""
    actual: Money
    """月度实际完成业绩: what the employee achieved in yuan."""
    attendance: Score
    office_discipline: Score
    team_spirit: Score
    professional_conduct: Score
    general_manager_signed: Annotated[bool | None, ActedBy("general_manager")] = None
    """The general manager signed the month's result (000 (三) 八.4): an unsigned result is an
    invalid assessment and the month does not count towards a run of missed targets. Absent is
    not judged (the month counts)."""

    @model_validator(mode="after")
    def _target_positive(self) -> Self:
        if self.target <= 0:
            raise ValueError(f"target must be above zero, got {self.target}")
        return self

"""Three-valued matching for rules that need data nobody may have (working days past the
calendar's data), the same on every backend.

A condition is split into its conjuncts (`a and b and c`), judged in order: the first false
conjunct decides (no match); a conjunct that raises CalendarError is unknown, and the match is
then undetermined unless a later conjunct is false. So a condition that cannot be evaluated is
never read as false: the rule cannot silently pass. After an unknown conjunct, an error in a
later one is part of the unknown (the unknown one may have been its guard).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mktpolicy.errors import CalendarError
from mktpolicy.expr.functions import WORKING_DAY_FUNCTIONS
from mktpolicy.expr.typed import TypedNode
from mktpolicy.ir.model import Rule

Test = Callable[[Sequence[object]], object]
Judgement = bool | CalendarError
"""True, False, or the error of the first conjunct that needed missing data."""


def needs_calendar(rule: Rule) -> bool:
    """True if any of the rule's expressions asks the working-day calendar."""
    return bool(rule.calls() & WORKING_DAY_FUNCTIONS)


def conjuncts(node: TypedNode) -> list[TypedNode]:
    """`a and (b and c)` → [a, b, c], in order."""
    if node.op == "and":
        return [c for arg in node.args for c in conjuncts(arg)]
    return [node]


def judge(tests: Sequence[Test], bound: Sequence[object]) -> Judgement:
    """The conjuncts' verdict on `bound`: False, True, or the CalendarError that left it open."""
    missing: CalendarError | None = None
    for test in tests:
        try:
            if not test(bound):
                return False
        except CalendarError as exc:
            if missing is None:
                missing = exc
        except Exception:
            if missing is None:
                raise
    return True if missing is None else missing

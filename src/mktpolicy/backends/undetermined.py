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
from mktpolicy.expr.typed import TypedNode, walk
from mktpolicy.ir.model import DeriveAction, Rule

Test = Callable[[Sequence[object]], object]
Judgement = bool | CalendarError
"""True, False, or the error of the first conjunct that needed missing data."""


def needs_calendar(rule: Rule) -> bool:
    """True if what decides whether the rule fires (its conditions, or the fields of the fact
    it derives) asks the working-day calendar. Messages and compliant ways do not count: they
    render an unknown day in words (expr/template.py)."""
    nodes = [p.condition for p in (*rule.patterns, *rule.negations) if p.condition is not None]
    if rule.condition is not None:
        nodes.append(rule.condition)
    if isinstance(rule.action, DeriveAction):
        nodes.extend(node for _, node in rule.action.fields)
    return any(
        n.op == "call" and n.value in WORKING_DAY_FUNCTIONS for root in nodes for n in walk(root)
    )


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

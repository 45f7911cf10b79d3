"""Reachability: which fact types can exist given some events, and so which rules can match.

A fact type can exist if it is an event type given, or a rule that can run derives it from
types that can exist (to a fixed point). `mktpolicy lint` warns about rules that match a type
that cannot exist from any event (`unreachable_rule`); the JUnit reporter lists, for each
employee, the rules that could apply to the event types that employee has.
"""

from __future__ import annotations

from collections.abc import Iterable

from mktpolicy.diagnostics import Diagnostic, Severity
from mktpolicy.ir.model import DeriveAction, Program, Rule
from mktpolicy.ir.passes.fold import can_fire
from mktpolicy.ir.passes.rule_spans import RuleSpans


def reachable_fact_types(
    program: Program, sources: Iterable[str], rules: Iterable[Rule] | None = None
) -> set[str]:
    """`sources` and every fact type `rules` (by default all) derive from reachable types."""
    reachable = set(sources)
    deriving = [
        (rule, rule.action.fact_type)
        for rule in (program.rules if rules is None else rules)
        if isinstance(rule.action, DeriveAction)
    ]
    changed = True
    while changed:
        changed = False
        for rule, derived in deriving:
            if derived not in reachable and all(p.fact_type in reachable for p in rule.patterns):
                reachable.add(derived)
                changed = True
    return reachable


def reachable_rules(program: Program, sources: Iterable[str]) -> list[Rule]:
    """The rules whose every pattern matches a type reachable from `sources`, in program order."""
    reachable = reachable_fact_types(program, sources)
    return [r for r in program.rules if all(p.fact_type in reachable for p in r.patterns)]


def event_types(program: Program) -> set[str]:
    """The fact types events are (the ones no rule derives)."""
    return {name for name, fact in program.fact_types.items() if not fact.derived}


def unreachable_rules(program: Program, spans: RuleSpans | None = None) -> list[Diagnostic]:
    """A warning at each rule matching a fact type that no event is and no rule that can fire
    (see fold.can_fire) derives: the rule never fires."""
    spans = spans or RuleSpans()
    live = [rule for rule in program.rules if can_fire(rule, program)]
    produced = reachable_fact_types(program, event_types(program), live)
    found = []
    for rule in program.rules:
        for index, pattern in enumerate(rule.patterns):
            if pattern.fact_type not in produced:
                found.append(
                    Diagnostic(
                        "unreachable_rule",
                        f"rule {rule.id!r} can never fire: no event is a {pattern.fact_type} "
                        "and no rule that can fire derives one",
                        spans.span(rule, "when", index, "fact", fallback=pattern.span),
                        severity=Severity.WARNING,
                    )
                )
                break
    return found

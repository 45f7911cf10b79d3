"""Shadowing: a rule that an override always replaces, so it never fires (the `shadowed_rule`
warning of `mktpolicy lint`).

An exception (`overrides: [target]`) replaces its target for the anchor facts both match. When
the exception matches every anchor fact the target does, the target is dead: usually the
exception's condition was forgotten, or the target should have been removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from mktpolicy.diagnostics import Diagnostic, Severity
from mktpolicy.ir.model import Program, Rule
from mktpolicy.ir.passes.fold import fold
from mktpolicy.ir.passes.rule_spans import RuleSpans


@dataclass(frozen=True, slots=True)
class Shadowing:
    """`exception` always replaces `target`; `index` is the target's place in its `overrides`."""

    target: Rule
    exception: Rule
    index: int


def always_applies(exception: Rule, target: Rule, program: Program) -> bool:
    """Whether `exception` fires for every anchor fact `target` matches: it matches nothing
    else, and its conditions are absent, always true, or the target's own anchor condition."""
    if len(exception.patterns) != 1 or exception.negations:
        return False
    if exception.condition is not None and fold(exception.condition, program) is not True:
        return False
    anchor = exception.anchor
    if anchor.condition is None or fold(anchor.condition, program) is True:
        return True
    return anchor.source is not None and anchor.source == target.anchor.source


def shadowings(program: Program) -> list[Shadowing]:
    """Every (target, exception) pair where the exception always replaces the target."""
    by_id = {rule.id: rule for rule in program.rules}
    found = []
    for exception in program.rules:
        for index, target_id in enumerate(exception.overrides):
            target = by_id.get(target_id)
            if target is not None and always_applies(exception, target, program):
                found.append(Shadowing(target, exception, index))
    return found


def shadowed_rules(program: Program, spans: RuleSpans | None = None) -> list[Diagnostic]:
    """A warning at each rule an override always replaces, with a note of where the override is."""
    spans = spans or RuleSpans()
    found = []
    for shadowing in shadowings(program):
        target, exception = shadowing.target, shadowing.exception
        where = spans.span(exception, "overrides", shadowing.index)
        found.append(
            Diagnostic(
                "shadowed_rule",
                f"rule {target.id!r} can never fire: {exception.id!r} overrides it and "
                f"applies to every {target.anchor.fact_type} it matches",
                spans.span(target, "id"),
                severity=Severity.WARNING,
                notes=(
                    f"the override is at {where}" if where else f"the override is {exception.id}",
                ),
            )
        )
    return found

"""Whose act a verdict rule examines, against whom it files the verdict (docs/readings.md).

A rule matches events (each the act of its model's `actor`: the employee's own by default) and
its conditions read fields; fields marked `ActedBy(role)` record another party's act (a
signature, an approval, a disclosure). A verdict on the employee must rest on at least one of
the employee's own acts; a verdict on a role must rest on at least one act of that role.
"""

from __future__ import annotations

from dataclasses import dataclass

from mktpolicy.events.base import field_actors
from mktpolicy.expr.references import referenced_fields
from mktpolicy.ir.model import Program, Rule, VerdictAction

STRUCTURAL = frozenset({"type", "id", "employee_id"})
"""Fields that say which record it is, not what anyone did."""


@dataclass(frozen=True, slots=True)
class BearerProblem:
    rule: str
    problem: str


def examined_acts(program: Program, rule: Rule) -> set[str | None]:
    """The parties whose acts the rule's conditions read: None for the employee's own."""
    types = {p.binding: program.fact_types[p.fact_type] for p in (*rule.patterns, *rule.negations)}
    nodes = [p.condition for p in (*rule.patterns, *rule.negations) if p.condition is not None]
    if rule.condition is not None:
        nodes.append(rule.condition)
    actors: set[str | None] = set()
    for pattern in rule.patterns:  # an event's existence is its actor's act
        matched = program.fact_types[pattern.fact_type]
        if not matched.derived and matched.python_type is not None:
            actors.add(getattr(matched.python_type, "actor", None))
    for node in nodes:
        for binding, name in referenced_fields(node):
            fact_type = types.get(binding)
            if fact_type is None or name in STRUCTURAL:
                continue
            model = fact_type.python_type
            if model is None or fact_type.derived:
                actors.add(None)  # derived facts summarise the employee's own record
            else:
                actors.update(field_actors(model, name) or (None,))
    return actors


def check_bearers(program: Program) -> list[BearerProblem]:
    """Every verdict rule that does not state its bearer, or files a verdict on a party whose
    act its conditions do not examine."""
    problems = []
    for rule in program.rules:
        action = rule.action
        if not isinstance(action, VerdictAction):
            continue
        if not action.bearer_stated:
            problems.append(BearerProblem(rule.id, "does not state its bearer"))
        acts = examined_acts(program, rule)
        bearer = action.bearer.role if action.bearer is not None else None
        if acts and bearer not in acts:
            who = "the employee" if bearer is None else f"the {bearer}"
            read = ", ".join(sorted("the employee" if a is None else a for a in acts))
            problems.append(
                BearerProblem(rule.id, f"files on {who} but examines only acts of: {read}")
            )
    return problems

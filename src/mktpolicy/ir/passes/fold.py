"""Constant folding over a compiled rule's conditions: which conditions are false whatever the
facts, so that their rule never fires (the `constant_condition` warning of `mktpolicy lint`).

Literals and constant parameters are constants; a yes/no parameter is not, because it is a
reading a company sets (docs/readings.md), and a rule it turns off by default is dormant on
purpose, not dead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mktpolicy import expr
from mktpolicy.diagnostics import Diagnostic, Severity
from mktpolicy.errors import PolicyError
from mktpolicy.expr.typed import TypedNode, walk
from mktpolicy.ir.model import Program, Rule
from mktpolicy.ir.passes.rule_spans import RuleSpans

ConditionPath = tuple[str | int, ...]
"""Where a condition is written in its rule's spec: `("when", 0, "where")` or `("if",)`."""


def fold(node: TypedNode, program: Program) -> Any:
    """The value of `node` when it depends on no fact (constant parameters count as constants),
    else None; `and`/`or` fold when one side decides them."""
    if node.op == "and":
        sides = [fold(arg, program) for arg in node.args]
        if any(side is False for side in sides):
            return False
        return True if all(side is True for side in sides) else None
    if node.op == "or":
        sides = [fold(arg, program) for arg in node.args]
        if any(side is True for side in sides):
            return True
        return False if all(side is False for side in sides) else None
    if not _foldable(node, program):
        return None
    params = {
        n.value: _const(program.parameters[n.value].values[0][1])
        for n in walk(node)
        if n.op == "param"
    }
    try:
        return expr.compile_expr(node, slots={}, params=params)(())
    except (ArithmeticError, ValueError, TypeError, PolicyError):
        return None  # a constant that fails to compute is the type checker's business


def _const(value: object) -> Callable[[object], object]:
    return lambda bound: value


def _foldable(node: TypedNode, program: Program) -> bool:
    if node.op == "field":
        return False
    if node.op == "param":
        parameter = program.parameters.get(node.value)
        return parameter is not None and parameter.constant and parameter.type != "bool"
    return all(_foldable(arg, program) for arg in node.args)


def conditions(rule: Rule) -> list[tuple[ConditionPath, TypedNode]]:
    """Each condition of a rule with its path in the rule's spec (for spans)."""
    found: list[tuple[ConditionPath, TypedNode]] = [
        (("when", i, "where"), p.condition)
        for i, p in enumerate(rule.patterns)
        if p.condition is not None
    ]
    if rule.condition is not None:
        found.append((("if",), rule.condition))
    return found


def can_fire(rule: Rule, program: Program) -> bool:
    """False when one of the rule's conditions is always false."""
    return all(fold(node, program) is not False for _, node in conditions(rule))


def constant_conditions(program: Program, spans: RuleSpans | None = None) -> list[Diagnostic]:
    """A warning at each condition that is false whatever the facts: its rule never fires."""
    spans = spans or RuleSpans()
    return [
        Diagnostic(
            "constant_condition",
            f"this condition is always false: rule {rule.id!r} can never fire",
            spans.text_span(rule, path, node),
            severity=Severity.WARNING,
        )
        for rule in program.rules
        for path, node in conditions(rule)
        if fold(node, program) is False
    ]

"""The checks `mktpolicy lint` adds to the compiler's own: rules that can never fire.

Each check is a small function over the compiled `Program` and the loaded files (for spans) that
returns warnings at file:line:col, in the manner of OPA's `opa check --strict` and Regal:

* `constant_condition`: a condition that folds to false (literals, constant parameters other
  than yes/no switches, which are readings a company sets), so its rule never fires;
* `unreachable_rule`: a rule matching a fact type that no event is and no rule that can fire
  derives;
* `shadowed_rule`: a rule overridden by a rule that applies to every fact it matches.

Unused parameters and fact types no rule derives are the compiler's own warnings. A clause
cited by no rule is not a warning: `mktpolicy clauses` reports coverage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mktpolicy import expr
from mktpolicy.diagnostics import Diagnostic, Severity, Span
from mktpolicy.errors import PolicyError
from mktpolicy.expr.typed import TypedNode, walk
from mktpolicy.ir.model import DeriveAction, Program, Rule
from mktpolicy.spec.from_source import LoadedFile
from mktpolicy.spec.models import RuleSpec


@dataclass(frozen=True, slots=True)
class LintContext:
    program: Program
    files: Sequence[LoadedFile]

    def spec(self, rule: Rule) -> tuple[RuleSpec, LoadedFile] | None:
        for loaded in self.files:
            for spec in loaded.spec.rules:
                if spec.id == rule.id and spec.source_file == rule.file:
                    return spec, loaded
        return None

    def span(self, rule: Rule, *path: str | int) -> Span | None:
        found = self.spec(rule)
        if found is None:
            return rule.span
        spec, loaded = found
        return loaded.source.span((*spec.source_path, *path)) or rule.span

    def text_span(self, rule: Rule, path: tuple[str | int, ...], node: TypedNode) -> Span | None:
        found = self.spec(rule)
        if found is None:
            return rule.span
        spec, loaded = found
        full = (*spec.source_path, *path)
        return loaded.source.text_span(full, node.offset, node.length) or rule.span


def warning(code: str, message: str, span: Span | None, *notes: str) -> Diagnostic:
    return Diagnostic(code, message, span, severity=Severity.WARNING, notes=notes)


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
        # A yes/no parameter is a reading a company chooses (docs/readings.md): a rule it turns
        # off by default is dormant on purpose, not dead.
        return parameter is not None and parameter.constant and parameter.type != "bool"
    return all(_foldable(arg, program) for arg in node.args)


def _conditions(rule: Rule) -> list[tuple[tuple[str | int, ...], TypedNode]]:
    """Each condition of a rule with its path in the rule's spec (for spans)."""
    found: list[tuple[tuple[str | int, ...], TypedNode]] = [
        (("when", i, "where"), p.condition)
        for i, p in enumerate(rule.patterns)
        if p.condition is not None
    ]
    if rule.condition is not None:
        found.append((("if",), rule.condition))
    return found


def constant_conditions(ctx: LintContext) -> list[Diagnostic]:
    """Conditions that are false whatever the facts: their rules never fire."""
    found = []
    for rule in ctx.program.rules:
        for path, node in _conditions(rule):
            if fold(node, ctx.program) is False:
                found.append(
                    warning(
                        "constant_condition",
                        f"this condition is always false: rule {rule.id!r} can never fire",
                        ctx.text_span(rule, path, node),
                    )
                )
    return found


def can_fire(rule: Rule, program: Program) -> bool:
    return all(fold(node, program) is not False for _, node in _conditions(rule))


def unreachable_rules(ctx: LintContext) -> list[Diagnostic]:
    """Rules matching a fact type that nothing produces (through rules that can fire)."""
    program = ctx.program
    produced = {name for name, fact in program.fact_types.items() if not fact.derived}
    live = [rule for rule in program.rules if can_fire(rule, program)]
    changed = True
    while changed:
        changed = False
        for rule in live:
            action = rule.action
            if (
                isinstance(action, DeriveAction)
                and action.fact_type not in produced
                and all(p.fact_type in produced for p in rule.patterns)
            ):
                produced.add(action.fact_type)
                changed = True
    found = []
    for rule in program.rules:
        for index, pattern in enumerate(rule.patterns):
            if pattern.fact_type not in produced:
                found.append(
                    warning(
                        "unreachable_rule",
                        f"rule {rule.id!r} can never fire: no event is a {pattern.fact_type} "
                        "and no rule that can fire derives one",
                        ctx.span(rule, "when", index, "fact"),
                    )
                )
                break
    return found


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


def shadowed_rules(ctx: LintContext) -> list[Diagnostic]:
    """Rules that an override always replaces: they can never fire."""
    by_id = {rule.id: rule for rule in ctx.program.rules}
    found = []
    for exception in ctx.program.rules:
        for index, target_id in enumerate(exception.overrides):
            target = by_id.get(target_id)
            if target is None or not always_applies(exception, target, ctx.program):
                continue
            where = ctx.span(exception, "overrides", index)
            found.append(
                warning(
                    "shadowed_rule",
                    f"rule {target.id!r} can never fire: {exception.id!r} overrides it and "
                    f"applies to every {target.anchor.fact_type} it matches",
                    ctx.span(target, "id"),
                    f"the override is at {where}" if where else f"the override is {exception.id}",
                )
            )
    return found


CHECKS: tuple[Callable[[LintContext], list[Diagnostic]], ...] = (
    constant_conditions,
    unreachable_rules,
    shadowed_rules,
)


def lint_program(program: Program, files: Sequence[LoadedFile]) -> list[Diagnostic]:
    """Every warning of every check, sorted by place."""
    ctx = LintContext(program, files)
    found = [d for check in CHECKS for d in check(ctx)]
    return sorted(found, key=Diagnostic.sort_key)

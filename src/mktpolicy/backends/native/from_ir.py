"""IR rules → closures: each pattern's test, the rule's condition, its negations and its action.

The durable backend compiles rules the same way; `strata.py` groups them for the native agenda.
"""

from __future__ import annotations

from dataclasses import dataclass

from mktpolicy import expr
from mktpolicy.backends.accessors import parameter_accessors
from mktpolicy.backends.native.probes import Probe, Test, equality_probe
from mktpolicy.backends.undetermined import conjuncts, needs_calendar
from mktpolicy.ir.model import DeriveAction, Program, Rule


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to fire: classes and tests per pattern, negations, and what it derives."""

    rule: Rule
    index: int
    classes: tuple[type, ...]
    tests: tuple[Test | None, ...]
    condition: Test | None
    negations: tuple[tuple[type, Test | None], ...]
    derive_class: type | None
    derive_fields: tuple[tuple[str, Test], ...]
    overrides: tuple[int, ...]
    overridden: bool
    arity: int
    """The number of patterns (negations apart)."""
    probes: tuple[Probe | None, ...] = ()
    """Per pattern, an equality to look its candidates up by (probes.py), if it has one."""
    negation_probes: tuple[Probe | None, ...] = ()
    judged: Judged | None = None
    """For rules that ask the working-day calendar: their tests split into conjuncts, judged
    three-valued (backends/undetermined.py); None for every other rule."""


@dataclass(frozen=True, slots=True)
class Judged:
    """A rule's tests as conjuncts: per pattern, the rule's own condition, per negation."""

    patterns: tuple[tuple[Test, ...], ...]
    condition: tuple[Test, ...]
    negations: tuple[tuple[Test, ...], ...]


def compile_rule(program: Program, rule: Rule, index: int, indexes: dict[str, int]) -> CompiledRule:
    """Closures for one rule, over a `bound` list: patterns first, then negations."""
    slots = {p.binding: i for i, p in enumerate(rule.patterns)}
    slots.update({p.binding: len(rule.patterns) + i for i, p in enumerate(rule.negations)})
    params = parameter_accessors(program, rule)

    def closure(typed: expr.TypedNode | None) -> Test | None:
        if typed is None:
            return None
        return expr.compile_expr(typed, slots=slots, params=params)

    def required(typed: expr.TypedNode) -> Test:
        return expr.compile_expr(typed, slots=slots, params=params)

    def python_type(name: str) -> type:
        cls = program.fact_types[name].python_type
        assert cls is not None  # every FactType of a compiled Program has one
        return cls

    def split(typed: expr.TypedNode | None) -> tuple[Test, ...]:
        return () if typed is None else tuple(required(c) for c in conjuncts(typed))

    judged = None
    if needs_calendar(rule):
        judged = Judged(
            patterns=tuple(split(p.condition) for p in rule.patterns),
            condition=split(rule.condition),
            negations=tuple(split(p.condition) for p in rule.negations),
        )
    derive_class = None
    derive_fields: tuple[tuple[str, Test], ...] = ()
    if isinstance(rule.action, DeriveAction):
        derive_class = python_type(rule.action.fact_type)
        derive_fields = tuple((name, required(typed)) for name, typed in rule.action.fields)
    return CompiledRule(
        rule=rule,
        index=index,
        classes=tuple(python_type(p.fact_type) for p in rule.patterns),
        tests=tuple(closure(p.condition) for p in rule.patterns),
        condition=closure(rule.condition),
        negations=tuple((python_type(p.fact_type), closure(p.condition)) for p in rule.negations),
        derive_class=derive_class,
        derive_fields=derive_fields,
        overrides=tuple(indexes[target] for target in rule.overrides),
        overridden=bool(rule.overridden_by),
        arity=len(rule.patterns),
        probes=tuple(equality_probe(p.condition, p.binding, slots, params) for p in rule.patterns),
        negation_probes=tuple(
            equality_probe(p.condition, p.binding, slots, params) for p in rule.negations
        ),
        judged=judged,
    )

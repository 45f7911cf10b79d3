"""IR → durable_rules rulesets, one per stratum, plus the values to precompute on each fact.

durable_rules compares only numbers and strings (and compares mixed types lexicographically),
so nothing typed reaches it raw. Each rule's condition is split into conjuncts:
- a conjunct over one binding becomes part of a precomputed flag `a<r>_<j>` on that fact
  (computed by our own closures: money, dates, periods and parameters keep their meaning);
- a comparison `L op R` whose sides each read one binding becomes a durable join on numeric
  keys `k<r>_<j>_<n>` precomputed on both facts (dates as ordinals, datetimes as seconds,
  money as floats);
- anything else (a disjunction across bindings, arithmetic mixing two bindings) is refused with
  a BackendError naming the rule: use the native backend for it.
Negation is durable's `$not`; an exception (`overrides`) is a `$not` on a `$blocked` fact that
the overriding rule's firing asserts. durable_rules only matches; firings are handed back to
Python, which derives facts and builds verdicts exactly as the native backend does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from mktpolicy import expr
from mktpolicy.backends.accessors import parameter_accessors
from mktpolicy.backends.undetermined import conjuncts
from mktpolicy.errors import BackendError
from mktpolicy.expr.functions import WORKING_DAY_FUNCTIONS
from mktpolicy.expr.typed import TypedNode, walk
from mktpolicy.ir.model import Program, Rule

Compute = Callable[[Sequence[object]], object]
BLOCKED = "$blocked"
OPEN = "$open"
_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_DURABLE_OP = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}


def durable_value(value: object) -> object:
    """A value durable_rules can compare: numbers and strings only."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, datetime):
        return (value - datetime(1970, 1, 1)).total_seconds()
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, Decimal):
        return float(value)
    raise BackendError(f"cannot give durable_rules a value of type {type(value).__name__}")


@dataclass
class PatternPlan:
    """What one pattern (or negation) of one rule needs precomputed on its facts."""

    rule: int
    position: int
    cls: type
    name: str
    alphas: list[Compute] = field(default_factory=list)
    keys: list[tuple[str, Compute]] = field(default_factory=list)
    joins: list[dict[str, Any]] = field(default_factory=list)

    @property
    def flag(self) -> str:
        return f"a{self.rule}_{self.position}"


@dataclass
class StratumPlan:
    """One durable ruleset: its definition, and the precomputations per fact class."""

    index: int
    definition: dict[str, Any]
    patterns: dict[type, list[PatternPlan]]
    negated: set[type]
    rule_indexes: set[int]


def plan_program(
    program: Program, action: Callable[[int], Callable[[Any], None]]
) -> list[StratumPlan]:
    """A durable ruleset definition per stratum; `action(r)` is rule r's callback."""
    indexes = {rule.id: i for i, rule in enumerate(program.rules)}
    plans: list[StratumPlan] = []
    for number, ids in enumerate(program.strata):
        definition: dict[str, Any] = {}
        patterns: dict[type, list[PatternPlan]] = {}
        negated: set[type] = set()
        members = set()
        for rule_id in ids:
            r = indexes[rule_id]
            members.add(r)
            rule = program.rules[r]
            rule_plans, body = _plan_rule(program, rule, r, indexes)
            for plan in rule_plans:
                patterns.setdefault(plan.cls, []).append(plan)
                if plan.position >= len(rule.patterns):
                    negated.add(plan.cls)
            definition[f"r{r}"] = {"all": body, "run": action(r)}
        definition["open"] = {"all": [{"m": {"t": OPEN}}], "run": _ignore}
        plans.append(StratumPlan(number, definition, patterns, negated, members))
    return plans


def _ignore(c: Any) -> None:
    """The no-op action of the rule that opens every state (see adapter)."""


def _plan_rule(
    program: Program, rule: Rule, r: int, indexes: dict[str, int]
) -> tuple[list[PatternPlan], list[dict[str, Any]]]:
    bindings = [p.binding for p in rule.patterns] + [p.binding for p in rule.negations]
    order = {b: i for i, b in enumerate(bindings)}
    accessors = parameter_accessors(program, rule)
    plans = [
        PatternPlan(r, i, _python_type(program, p.fact_type), f"p{i}")
        for i, p in enumerate((*rule.patterns, *rule.negations))
    ]
    for plan in plans[len(rule.patterns) :]:
        plan.name = f"n{plan.position}$not"
    for negation in rule.negations:
        if negation.condition is not None and _asks_calendar(negation.condition):
            raise BackendError(
                f"rule {rule.id!r}: an 'unless' pattern that asks the working-day calendar "
                "cannot be left undetermined on the durable backend; use the native backend"
            )
    conditions: list[TypedNode] = [p.condition for p in rule.patterns if p.condition is not None]
    conditions += [p.condition for p in rule.negations if p.condition is not None]
    if rule.condition is not None:
        conditions.append(rule.condition)
    for condition in conditions:
        for conjunct in conjuncts(condition):
            _place(rule, conjunct, plans, order, accessors, program)
    body = []
    for plan in plans:
        terms: list[dict[str, Any]] = [{"t": plan.cls.__name__}, {plan.flag: True}, *plan.joins]
        body.append({plan.name: {"$and": terms}})
    for overrider in rule.overridden_by:
        body.append(
            {
                f"b{indexes[overrider]}$not": {
                    "$and": [{"t": BLOCKED}, {"rule": r}, {"anchor": {"p0": "seq"}}]
                }
            }
        )
    return plans, body


def _python_type(program: Program, name: str) -> type:
    cls = program.fact_types[name].python_type
    if cls is None:
        raise BackendError(f"fact type {name!r} has no class")
    return cls


def _asks_calendar(node: TypedNode) -> bool:
    """True if `node` calls a working-day function (it may be undetermined: durable joins and
    negations cannot say so, only flags precomputed in Python can)."""
    return any(n.op == "call" and n.value in WORKING_DAY_FUNCTIONS for n in walk(node))


def _bindings(node: TypedNode) -> set[str]:
    return {n.value[0] for n in walk(node) if n.op == "field"}


def _place(
    rule: Rule,
    conjunct: TypedNode,
    plans: list[PatternPlan],
    order: dict[str, int],
    accessors: Any,
    program: Program,
) -> None:
    used = _bindings(conjunct)
    if len(used) <= 1:
        binding = next(iter(used)) if used else rule.patterns[0].binding
        plan = plans[order[binding]]
        plan.alphas.append(_single(rule, conjunct, binding, order, accessors, program))
        return
    if len(used) == 2 and conjunct.op == "cmp" and not _asks_calendar(conjunct):
        left, right = conjunct.args
        left_used, right_used = _bindings(left), _bindings(right)
        if len(left_used) == 1 and len(right_used) == 1 and left_used != right_used:
            (lb,), (rb,) = left_used, right_used
            op = conjunct.value
            if order[lb] > order[rb]:  # the later binding carries the join
                lb, rb, left, right, op = rb, lb, right, left, _FLIP[op]
            early, late = plans[order[lb]], plans[order[rb]]
            # One name per side: both sides may be facts of one class (a self-join).
            key = f"k{late.rule}_{late.position}_{len(late.keys)}"
            early.keys.append((f"{key}e", _single(rule, left, lb, order, accessors, program)))
            late.keys.append((f"{key}l", _single(rule, right, rb, order, accessors, program)))
            reference = {f"{key}l": {early.name: f"{key}e"}}
            # Now `early op late`; durable's {"$gte": {late: {early: ...}}} reads `late >= early`.
            late.joins.append(reference if op == "==" else {_DURABLE_OP[_FLIP[op]]: reference})
            return
    raise BackendError(
        f"rule {rule.id!r}: the durable backend cannot express this condition (it mixes "
        f"{', '.join(sorted(used))} in one term); use the native backend"
    )


def _single(
    rule: Rule,
    node: TypedNode,
    binding: str,
    order: dict[str, int],
    accessors: Any,
    program: Program,
) -> Compute:
    """A closure over one fact (bound as [fact]) computing `node`."""
    params = expr.referenced_params(node)
    if order[binding] == 0:
        return expr.compile_expr(node, slots={binding: 0}, params=accessors)
    # Not the anchor: the anchor's date is unknown here, so only single-valued parameters.
    dated = [p for p in params if not program.parameters[p].constant]
    if dated:
        raise BackendError(
            f"rule {rule.id!r}: parameter {dated[0]!r} has several dated values and is read "
            f"on {binding!r}, not the rule's first fact; the durable backend precomputes "
            "such values per fact, so use the native backend for it"
        )
    constants = {p: _constant(program.parameters[p].values[0][1]) for p in params}
    return expr.compile_expr(node, slots={binding: 0}, params=constants)


def _constant(value: object) -> Compute:
    return lambda bound: value

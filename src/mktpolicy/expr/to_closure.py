"""Typed tree → a closure `f(bound)`, specialised at compile time (the engine's hot path).

Nothing here is eval'ed: each node becomes a small Python function over the bound facts.
Constant subtrees (`months(1)`, `date("2024-01-31")`, `80 * 2`) are computed once.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from mktpolicy.expr.functions import FUNCTIONS
from mktpolicy.expr.periods import Period, add_period, subtract_period
from mktpolicy.expr.typed import TypedNode, walk

Bound = Sequence[object]
Closure = Callable[[Bound], Any]

_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def compile_expr(
    typed: TypedNode, *, slots: Mapping[str, int], params: Mapping[str, Closure]
) -> Closure:
    """A closure computing `typed` over `bound`, where bound[slots[b]] is binding b's fact."""
    return _Compiler(slots, params).compile(typed)


def referenced_params(node: Any) -> set[str]:
    """The parameter ids an expression (or a typed template) reads."""
    nodes = node.parts_typed() if hasattr(node, "parts_typed") else [node]
    return {n.value for root in nodes for n in walk(root) if n.op == "param"}


def referenced_fields(node: Any) -> set[tuple[str, str]]:
    """The (binding, field) pairs an expression (or a typed template) reads."""
    nodes = node.parts_typed() if hasattr(node, "parts_typed") else [node]
    return {n.value for root in nodes for n in walk(root) if n.op == "field"}


class _Compiler:
    def __init__(self, slots: Mapping[str, int], params: Mapping[str, Closure]) -> None:
        self.slots = slots
        self.params = params

    def compile(self, node: TypedNode) -> Closure:
        if node.constant and node.op != "lit":
            value = self._build(node)(())
            return lambda bound: value
        return self._build(node)

    def _build(self, node: TypedNode) -> Closure:
        op = node.op
        if op == "lit":
            value = _literal(node)
            return lambda bound: value
        if op == "field":
            binding, field = node.value
            slot = self.slots[binding]
            get = operator.attrgetter(field)
            if slot == 0:
                return lambda bound: get(bound[0])
            return lambda bound: get(bound[slot])
        if op == "param":
            return self.params[node.value]
        args = [self.compile(arg) for arg in node.args]
        if op == "list":
            return lambda bound: tuple(f(bound) for f in args)
        if op == "not":
            (f,) = args
            return lambda bound: not f(bound)
        if op == "neg":
            (f,) = args
            return lambda bound: -f(bound)
        if op == "and":
            a, b = args
            return lambda bound: a(bound) and b(bound)
        if op == "or":
            a, b = args
            return lambda bound: a(bound) or b(bound)
        if op == "cmp":
            a, b = args
            compare = _COMPARE[node.value]
            return lambda bound: compare(a(bound), b(bound))
        if op == "in":
            a, b = args
            if node.value == "in":
                return lambda bound: a(bound) in b(bound)
            return lambda bound: a(bound) not in b(bound)
        if op == "arith":
            return self._arith(node, args)
        if op == "call":
            impl = FUNCTIONS[node.value].impl
            if len(args) == 1:
                (f,) = args
                return lambda bound: impl(f(bound))
            return lambda bound: impl(*(g(bound) for g in args))
        raise ValueError(f"cannot compile {op!r}")

    def _arith(self, node: TypedNode, args: list[Closure]) -> Closure:
        symbol, mode = node.value
        a, b = args
        if mode == "date+":
            return lambda bound: add_period(a(bound), b(bound))
        if mode == "date-":
            return lambda bound: subtract_period(a(bound), b(bound))
        if mode == "date+r":
            return lambda bound: add_period(b(bound), a(bound))
        if mode == "period+":
            return lambda bound: a(bound) + b(bound)
        if symbol == "/":
            return lambda bound: Decimal(a(bound)) / Decimal(b(bound))
        fn = _ARITH[symbol]
        return lambda bound: fn(a(bound), b(bound))


def _literal(node: TypedNode) -> Any:
    value = node.value
    if node.numeric_literal and node.type.kind in ("number", "money") and isinstance(value, int):
        return Decimal(value)
    return value


def render_value(value: object) -> str:
    """How a value reads in a message: money without exponent, ISO dates, `1 month`."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{value.quantize(Decimal(1)):f}"
        return f"{value.quantize(Decimal('0.01')):f}"
    if isinstance(value, Period):
        return value.describe()
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, tuple):
        return ", ".join(render_value(v) for v in value)
    return str(value)

"""Typed tree → a closure `f(bound)`, specialised at compile time (the engine's hot path).

Nothing here is eval'ed: each node becomes a small Python function over the bound facts, chosen
for its operand shapes (see ops.py); types are never inspected at run time. Constant subtrees
(`months(1)`, `date("2024-01-31")`, `date("2024-01-31") + months(1)`) are computed once, here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from mktpolicy.expr import ops
from mktpolicy.expr.functions import FUNCTIONS
from mktpolicy.expr.ops import Bound, Closure
from mktpolicy.expr.periods import add_period, shifter, subtract_period
from mktpolicy.expr.typed import TypedNode

_FOLD_ERRORS = (ArithmeticError, ValueError, TypeError)
"""A constant that fails to compute is left to fail when the rule runs (the engine names the
rule and wraps the error); compiling never raises for it."""


@dataclass(frozen=True, slots=True)
class _Code:
    """A compiled node: its closure, and what the parent may specialise on."""

    fn: Closure
    constant: bool = False
    value: Any = None
    slot: int = -1
    get: Callable[[Any], Any] | None = None


def _const(value: Any) -> _Code:
    return _Code(lambda _bound: value, True, value)


def compile_expr(
    typed: TypedNode,
    *,
    slots: Mapping[str, int],
    params: Mapping[str, Callable[[Sequence[object]], object]],
) -> Callable[[Sequence[object]], object]:
    """A closure computing `typed`, where bound[slots[b]] is the fact bound to `b` (fields are
    read with getattr) and params[id](bound) is a parameter's value."""
    return _Compiler(slots, params).code(typed).fn


class _Compiler:
    def __init__(
        self, slots: Mapping[str, int], params: Mapping[str, Callable[[Bound], object]]
    ) -> None:
        self.slots = slots
        self.params = params

    def code(self, node: TypedNode) -> _Code:
        op = node.op
        if op == "lit":
            return _const(_literal(node))
        if op == "field":
            binding, field = node.value
            if binding not in self.slots:
                raise KeyError(f"no slot for binding {binding!r}")
            slot, get = self.slots[binding], attrgetter(field)
            return _Code(lambda bound: get(bound[slot]), slot=slot, get=get)
        if op == "param":
            if node.value not in self.params:
                raise KeyError(f"no accessor for parameter {node.value!r}")
            return _Code(self.params[node.value])
        if op in ("and", "or"):
            return self.connective(node)
        if op == "not" and node.args[0].op in ("cmp", "in"):
            # `not (a < b)` compiles as `a >= b`: one closure instead of two.
            inner = node.args[0]
            flipped = ops.NEGATED[inner.value]
            return self.code(
                TypedNode(inner.op, inner.type, inner.offset, inner.length, flipped, inner.args)
            )
        args = [self.code(arg) for arg in node.args]
        built = self.build(node, args)
        if all(arg.constant for arg in args) and (op != "call" or FUNCTIONS[node.value].fold):
            try:
                return _const(built(()))
            except _FOLD_ERRORS:
                return _Code(built)
        return _Code(built)

    def build(self, node: TypedNode, args: list[_Code]) -> Closure:
        op = node.op
        if op == "cmp":
            if node.value in ("==", "!=") and "null" in (a.type.kind for a in node.args):
                return _null_test(node.value, args)
            return binary(node.value, args[0], args[1])
        if op == "in":
            return binary(node.value, args[0], _membership(args[1]))
        if op == "arith":
            return _arith(node, args)
        if op == "not":
            (a,) = args
            if a.get is not None:
                get, slot = a.get, a.slot
                return lambda bound: not get(bound[slot])
            f = a.fn
            return lambda bound: not f(bound)
        if op == "neg":
            g = args[0].fn
            return lambda bound: -g(bound)
        if op == "convert":
            return _to_decimal(args[0], node.type.nullable)
        if op == "list":
            return _tuple([a.fn for a in args])
        if op == "call":
            impl = FUNCTIONS[node.value].implementation(node.args)
            return _call(impl, args)
        raise ValueError(f"cannot compile {op!r}")

    def connective(self, node: TypedNode) -> _Code:
        """`and` / `or` chains flattened into one short-circuiting closure; constant operands
        that cannot change the result are dropped."""
        op = node.op
        decisive = op == "or"  # the value that settles the chain
        parts: list[Closure] = []
        for operand in _chain(node, op):
            code = self.code(operand)
            if not code.constant:
                parts.append(code.fn)
            elif bool(code.value) is decisive:
                return _const(decisive)
        if not parts:
            return _const(not decisive)
        return _Code(ops.conjunction(parts) if op == "and" else ops.disjunction(parts))


def binary(op: str, a: _Code, b: _Code) -> Closure:
    """The closure for `a op b`, specialised for fields and constants."""
    if b.constant:
        if a.get is not None:
            return ops.FC[op](a.get, a.slot, b.value)
        return ops.GC[op](a.fn, b.value)
    if a.constant and op in ops.FLIPPED:
        return binary(ops.FLIPPED[op], b, a)
    if a.get is not None and b.get is not None:
        return ops.FF[op](a.get, a.slot, b.get, b.slot)
    return ops.GG[op](a.fn, b.fn)


def _null_test(op: str, args: list[_Code]) -> Closure:
    """`x == null` is an identity test (the null literal may be on either side)."""
    value = args[1] if args[0].constant and args[0].value is None else args[0]
    return binary("is" if op == "==" else "is not", value, _const(None))


def _arith(node: TypedNode, args: list[_Code]) -> Closure:
    symbol, mode = node.value
    a, b = args
    if mode in ("date+", "date-", "date+r"):
        day, period = (b, a) if mode == "date+r" else (a, b)
        shift = subtract_period if mode == "date-" else add_period
        f = day.fn
        if period.constant:
            move = shifter(period.value, -1 if mode == "date-" else 1)
            if day.get is not None:
                get, slot = day.get, day.slot
                return lambda bound: move(get(bound[slot]))
            return lambda bound: move(f(bound))
        g = period.fn
        return lambda bound: shift(f(bound), g(bound))
    if symbol == "/" and mode == "int":
        return binary("i/", a, b)
    return binary(symbol, a, b)


def _chain(node: TypedNode, op: str) -> list[TypedNode]:
    """The operands of `a op b op c`, however the parser nested them, in order."""
    found: list[TypedNode] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.op == op:
            stack.extend(reversed(current.args))
        else:
            found.append(current)
    return found


def _membership(code: _Code) -> _Code:
    """A constant list to look values up in: a frozenset when its items hash."""
    if not code.constant:
        return code
    try:
        return _const(frozenset(code.value))
    except TypeError:
        return code


def _to_decimal(code: _Code, nullable: bool) -> Closure:
    f = code.fn
    if nullable:
        return lambda bound: None if (value := f(bound)) is None else Decimal(value)
    return lambda bound: Decimal(f(bound))


def _tuple(fns: list[Closure]) -> Closure:
    if len(fns) == 1:
        (a,) = fns
        return lambda bound: (a(bound),)
    if len(fns) == 2:
        a, b = fns
        return lambda bound: (a(bound), b(bound))
    every = tuple(fns)
    return lambda bound: tuple([f(bound) for f in every])


def _call(impl: Callable[..., Any], args: list[_Code]) -> Closure:
    if len(args) == 1:
        (a,) = args
        if a.get is not None:
            get, slot = a.get, a.slot
            return lambda bound: impl(get(bound[slot]))
        f = a.fn
        return lambda bound: impl(f(bound))
    if len(args) == 2:
        a, b = args
        f, g = a.fn, b.fn
        if b.constant:
            c = b.value
            return lambda bound: impl(f(bound), c)
        if a.constant:
            k = a.value
            return lambda bound: impl(k, g(bound))
        return lambda bound: impl(f(bound), g(bound))
    fns = tuple(a.fn for a in args)
    return lambda bound: impl(*[f(bound) for f in fns])


def _literal(node: TypedNode) -> Any:
    value = node.value
    if node.type.kind in ("number", "money") and type(value) is int:
        return Decimal(value)
    return value

"""Closure factories for binary operators, one per operator and operand shape.

The engine calls conditions millions of times, so each operator is a closure written out for its
shape — a field read straight from a bound fact (`get(b[s])`), a constant, or any sub-closure —
instead of one generic closure calling `operator.lt` on two sub-closures. Python has no way to
make these without eval, and eval is never used, so they are spelled out here.

Operators: == != < <= > >= + - * / in, `not in`, `is` and `is not` (null tests), and `i/`
(int / int, which must give a Decimal, never a float).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

Bound = Sequence[Any]
Closure = Callable[[Bound], Any]
Getter = Callable[[Any], Any]

NEGATED = {
    "==": "!=",
    "!=": "==",
    "<": ">=",
    ">=": "<",
    ">": "<=",
    "<=": ">",
    "in": "not in",
    "not in": "in",
}
"""`not (a < b)` is `a >= b`: sound here, as ordered operands are never null (nor NaN)."""

FLIPPED = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<=", "+": "+", "*": "*"}
"""`c < x` is `x > c`; + and * commute (numbers, and periods for +)."""

# Two sub-closures.
GG: dict[str, Callable[[Closure, Closure], Closure]] = {
    "==": lambda f, g: lambda b: f(b) == g(b),
    "!=": lambda f, g: lambda b: f(b) != g(b),
    "<": lambda f, g: lambda b: f(b) < g(b),
    "<=": lambda f, g: lambda b: f(b) <= g(b),
    ">": lambda f, g: lambda b: f(b) > g(b),
    ">=": lambda f, g: lambda b: f(b) >= g(b),
    "+": lambda f, g: lambda b: f(b) + g(b),
    "-": lambda f, g: lambda b: f(b) - g(b),
    "*": lambda f, g: lambda b: f(b) * g(b),
    "/": lambda f, g: lambda b: f(b) / g(b),
    "i/": lambda f, g: lambda b: Decimal(f(b)) / g(b),
    "in": lambda f, g: lambda b: f(b) in g(b),
    "not in": lambda f, g: lambda b: f(b) not in g(b),
    "is": lambda f, g: lambda b: f(b) is g(b),
    "is not": lambda f, g: lambda b: f(b) is not g(b),
}

# A sub-closure, and a constant on the right.
GC: dict[str, Callable[[Closure, Any], Closure]] = {
    "==": lambda f, c: lambda b: f(b) == c,
    "!=": lambda f, c: lambda b: f(b) != c,
    "<": lambda f, c: lambda b: f(b) < c,
    "<=": lambda f, c: lambda b: f(b) <= c,
    ">": lambda f, c: lambda b: f(b) > c,
    ">=": lambda f, c: lambda b: f(b) >= c,
    "+": lambda f, c: lambda b: f(b) + c,
    "-": lambda f, c: lambda b: f(b) - c,
    "*": lambda f, c: lambda b: f(b) * c,
    "/": lambda f, c: lambda b: f(b) / c,
    "i/": lambda f, c: lambda b: Decimal(f(b)) / c,
    "in": lambda f, c: lambda b: f(b) in c,
    "not in": lambda f, c: lambda b: f(b) not in c,
    "is": lambda f, c: lambda b: f(b) is c,
    "is not": lambda f, c: lambda b: f(b) is not c,
}

# A field of the fact in slot s, and a constant on the right.
FC: dict[str, Callable[[Getter, int, Any], Closure]] = {
    "==": lambda get, s, c: lambda b: get(b[s]) == c,
    "!=": lambda get, s, c: lambda b: get(b[s]) != c,
    "<": lambda get, s, c: lambda b: get(b[s]) < c,
    "<=": lambda get, s, c: lambda b: get(b[s]) <= c,
    ">": lambda get, s, c: lambda b: get(b[s]) > c,
    ">=": lambda get, s, c: lambda b: get(b[s]) >= c,
    "+": lambda get, s, c: lambda b: get(b[s]) + c,
    "-": lambda get, s, c: lambda b: get(b[s]) - c,
    "*": lambda get, s, c: lambda b: get(b[s]) * c,
    "/": lambda get, s, c: lambda b: get(b[s]) / c,
    "i/": lambda get, s, c: lambda b: Decimal(get(b[s])) / c,
    "in": lambda get, s, c: lambda b: get(b[s]) in c,
    "not in": lambda get, s, c: lambda b: get(b[s]) not in c,
    "is": lambda get, s, c: lambda b: get(b[s]) is c,
    "is not": lambda get, s, c: lambda b: get(b[s]) is not c,
}

# Two fields (a join between two facts, or two fields of one).
FF: dict[str, Callable[[Getter, int, Getter, int], Closure]] = {
    "==": lambda g, s, h, t: lambda b: g(b[s]) == h(b[t]),
    "!=": lambda g, s, h, t: lambda b: g(b[s]) != h(b[t]),
    "<": lambda g, s, h, t: lambda b: g(b[s]) < h(b[t]),
    "<=": lambda g, s, h, t: lambda b: g(b[s]) <= h(b[t]),
    ">": lambda g, s, h, t: lambda b: g(b[s]) > h(b[t]),
    ">=": lambda g, s, h, t: lambda b: g(b[s]) >= h(b[t]),
    "+": lambda g, s, h, t: lambda b: g(b[s]) + h(b[t]),
    "-": lambda g, s, h, t: lambda b: g(b[s]) - h(b[t]),
    "*": lambda g, s, h, t: lambda b: g(b[s]) * h(b[t]),
    "/": lambda g, s, h, t: lambda b: g(b[s]) / h(b[t]),
    "i/": lambda g, s, h, t: lambda b: Decimal(g(b[s])) / h(b[t]),
    "in": lambda g, s, h, t: lambda b: g(b[s]) in h(b[t]),
    "not in": lambda g, s, h, t: lambda b: g(b[s]) not in h(b[t]),
    "is": lambda g, s, h, t: lambda b: g(b[s]) is h(b[t]),
    "is not": lambda g, s, h, t: lambda b: g(b[s]) is not h(b[t]),
}


def conjunction(parts: list[Closure]) -> Closure:
    """`a and b and ...`, short-circuiting, without nesting one closure per `and`."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda x: a(x) and b(x)
    if len(parts) == 3:
        a, b, c = parts
        return lambda x: a(x) and b(x) and c(x)
    if len(parts) == 4:
        a, b, c, d = parts
        return lambda x: a(x) and b(x) and c(x) and d(x)
    every = tuple(parts)
    return lambda x: all(part(x) for part in every)


def disjunction(parts: list[Closure]) -> Closure:
    """`a or b or ...`, short-circuiting."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda x: a(x) or b(x)
    if len(parts) == 3:
        a, b, c = parts
        return lambda x: a(x) or b(x) or c(x)
    if len(parts) == 4:
        a, b, c, d = parts
        return lambda x: a(x) or b(x) or c(x) or d(x)
    some = tuple(parts)
    return lambda x: any(part(x) for part in some)

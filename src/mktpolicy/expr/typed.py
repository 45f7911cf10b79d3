"""The typed tree the checker produces and the closure compiler consumes.

One node class with an `op` tag keeps the tree easy to walk for the backends and linters that
inspect conditions (conjuncts, joins, calls) without knowing every construct.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mktpolicy.expr.types import Type

OPS = frozenset(
    {"lit", "field", "param", "list", "not", "neg", "and", "or", "cmp", "in", "arith", "call"}
    | {"convert"}
)
"""What a node does. `value` holds, by op:

- lit: the value (int, Decimal, str, bool or None)
- field: (binding, field); param: the parameter id
- cmp: the operator (== != < <= > >=); in: "in" or "not in"
- arith: (operator, mode): mode is int (both operands int), number, date+, date-, date+r, period+
- call: the function name
- convert: the kind converted to ("number": an int used where a number is expected)
"""


@dataclass(frozen=True, slots=True)
class TypedNode:
    """`op` says what the node does (see OPS); `args` are the typed operands."""

    op: str
    type: Type
    offset: int
    length: int
    value: Any = None
    args: tuple[TypedNode, ...] = ()
    numeric_literal: bool = False
    """A number written in the text (or folded from such numbers): it adopts the numeric type
    its context needs (`r.amount > 5` compares money with money)."""

    @property
    def constant(self) -> bool:
        """No field or parameter below: the compiler folds it."""
        if self.op in ("field", "param"):
            return False
        return all(arg.constant for arg in self.args)


def walk(node: TypedNode) -> list[TypedNode]:
    """`node` and every node below it, parents first."""
    found: list[TypedNode] = []
    stack = [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(reversed(current.args))
    return found

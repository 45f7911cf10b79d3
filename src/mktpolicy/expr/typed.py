"""The typed tree the checker produces and the closure compiler consumes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mktpolicy.expr.types import Type


@dataclass(frozen=True, slots=True)
class TypedNode:
    """`op` says what the node does; `value` holds a literal, a (binding, field), a parameter id,
    an operator or a function name; `args` are the typed operands."""

    op: str  # lit, field, param, list, not, neg, and, or, cmp, in, arith, call
    type: Type
    offset: int
    length: int
    value: Any = None
    args: tuple[TypedNode, ...] = ()
    numeric_literal: bool = False
    """A number written in the text (or folded from one): it takes the type its context needs."""

    @property
    def constant(self) -> bool:
        """No field or parameter below: the compiler folds it."""
        if self.op in ("field", "param"):
            return False
        return all(arg.constant for arg in self.args)


def walk(node: TypedNode) -> list[TypedNode]:
    found = [node]
    for arg in node.args:
        found.extend(walk(arg))
    return found

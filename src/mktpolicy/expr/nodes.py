"""The untyped syntax tree: what the parser read, with character offsets for error messages.

`offset` and `length` are characters into the text that was parsed (for a message template, the
whole template), so a diagnostic can point at the exact subexpression.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Node:
    offset: int
    length: int

    def children(self) -> tuple[Node, ...]:
        return ()


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: int | Decimal | str | bool | None


@dataclass(frozen=True, slots=True)
class Name(Node):
    """`binding.field` or `params.some.parameter`; `offsets[i]` is where `parts[i]` starts."""

    parts: tuple[str, ...]
    offsets: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ListLiteral(Node):
    items: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.items


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str  # "not" or "-"
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class Binary(Node):
    op: str  # and or == != < <= > >= in "not in" + - * /
    left: Node
    right: Node
    op_offset: int
    op_length: int = 0
    """Characters the operator spans (`not  in` may hold several spaces); 0 means len(op)."""

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)

    @property
    def op_span(self) -> tuple[int, int]:
        return self.op_offset, self.op_length or len(self.op)


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.args


def walk_nodes(node: Node) -> Iterator[Node]:
    """`node` and everything below it, parents first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children()))

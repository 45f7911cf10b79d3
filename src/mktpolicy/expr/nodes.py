"""The untyped syntax tree: what the parser read, with character offsets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Node:
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: Any  # int, Decimal, str, bool or None


@dataclass(frozen=True, slots=True)
class Name(Node):
    """`binding.field` or `params.some.parameter`."""

    parts: tuple[str, ...]
    offsets: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ListLiteral(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str  # "not" or "-"
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary(Node):
    op: str  # and or == != < <= > >= in "not in" + - * /
    left: Node
    right: Node
    op_offset: int


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]

"""The types of the condition language, and the record types that bindings have.

Values at run time: bool, int, Decimal (number and money), date, datetime, `Period`, str, None and
tuples of these. Money and plain numbers are both `Decimal` at run time but distinct types here, so
that `a date compared with money` and `a score compared with money` are load-time errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Type:
    """A value type. `kind` is one of KINDS; `choices` narrows text to an enumeration."""

    kind: str
    nullable: bool = False
    item: Type | None = None
    choices: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown type kind {self.kind!r}")

    def describe(self) -> str:
        """How the type reads in an error message: `money`, `date or null`, `list of text`."""
        if self.kind == "list" and self.item is not None:
            text = f"list of {self.item.describe()}"
        elif self.choices is not None:
            text = "text (one of " + ", ".join(repr(c) for c in sorted(self.choices)) + ")"
        else:
            text = self.kind
        return f"{text} or null" if self.nullable and self.kind != "null" else text

    def __str__(self) -> str:
        return self.describe()


KINDS = frozenset(
    {"bool", "int", "number", "money", "date", "datetime", "period", "text", "null", "list"}
)

BOOL = Type("bool")
INT = Type("int")
NUMBER = Type("number")
MONEY = Type("money")
DATE = Type("date")
DATETIME = Type("datetime")
PERIOD = Type("period")
TEXT = Type("text")
NULL = Type("null", nullable=True)

BY_NAME: dict[str, Type] = {
    "bool": BOOL,
    "int": INT,
    "number": NUMBER,
    "money": MONEY,
    "date": DATE,
    "datetime": DATETIME,
    "period": PERIOD,
    "text": TEXT,
}
"""Types as rule files name them (`fields: {loss: money}`)."""


def optional(t: Type) -> Type:
    """`t` or null."""
    return Type(t.kind, nullable=True, item=t.item, choices=t.choices)


def non_null(t: Type) -> Type:
    """`t` without null (after a `x != null` check)."""
    return Type(t.kind, nullable=False, item=t.item, choices=t.choices)


def list_of(t: Type) -> Type:
    return Type("list", item=t)


def text_enum(choices: frozenset[str] | set[str] | tuple[str, ...]) -> Type:
    return Type("text", choices=frozenset(choices))


def read_only(mapping: Mapping[K, V]) -> Mapping[K, V]:
    """A read-only copy of `mapping` (itself, when it is one already): what a compiled
    policy, shared by every `load()` in a process, hands out."""
    if isinstance(mapping, MappingProxyType):
        return mapping
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class RecordType:
    """The fields of an event or derived-fact type, as the condition language sees them.

    `date_field` names the field whose value is the record's date: parameters are looked up at
    the date of a rule's first matched record.
    """

    name: str
    fields: Mapping[str, Type]
    date_field: str
    descriptions: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", read_only(self.fields))
        object.__setattr__(self, "descriptions", read_only(self.descriptions))

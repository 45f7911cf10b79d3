"""The base of every event model, and the value types events share (money, month).

Events are immutable pydantic models with a `type` discriminator. JSON field names are the model's
field names; dates are ISO 8601; money may be a string or a number and is held as `Decimal` yuan.
Datetimes without a zone are the company's local time (the regulations name no time zone).
A boolean is `true` or `false`: JSON's literals, not "yes", "N", 1 or "true" (pydantic would take
those; a CSV cell, which has no types, holds the word true or false), so an export's "N/A" or
"n" is an error, not a guess.
"""

from __future__ import annotations

import hashlib
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict


class MoneyTag:
    """Marks a Decimal field as money (yuan) for the condition language's type checker."""


class MonthTag:
    """Marks a date field as a calendar month (held as its first day)."""


class ActedBy:
    """Marks a field that records another party's act, not the employee's own: a signature,
    an approval, a review, a disclosure (`Annotated[bool | None, ActedBy("general_manager")]`).

    A rule whose conditions read only such fields judges that party, so its verdict must name
    them as the bearer (docs/readings.md, "Who owes the duty"); tests check every rule for it.
    """

    __slots__ = ("roles",)

    def __init__(self, *roles: str) -> None:
        self.roles = roles

    @property
    def role(self) -> str:
        return self.roles[0]

    def __repr__(self) -> str:
        return f"ActedBy({', '.join(map(repr, self.roles))})"


def field_actors(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The roles whose acts a field records (approvals by several), or () for the employee's."""
    info = model.model_fields.get(name)
    if info is None:
        return ()
    for marker in info.metadata:
        if isinstance(marker, ActedBy):
            return marker.roles
    return ()


def field_actor(model: type[BaseModel], name: str) -> str | None:
    """The role whose act a field records, or None when it is the employee's own."""
    roles = field_actors(model, name)
    return roles[0] if roles else None


def _parse_month(value: Any) -> Any:
    """Accept `2024-03` or any date in the month; hold the month's first day."""
    if isinstance(value, str) and len(value) == 7 and value[4] == "-":
        value = f"{value}-01"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value  # pydantic reports the field and the value
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(day=1)
    return value


Money = Annotated[
    Decimal,
    Field(ge=0, le=Decimal("1e12"), max_digits=16, decimal_places=2),
    MoneyTag(),
]
"""A non-negative amount in yuan, to the fen; at most 10^12 (larger is an export error)."""

Month = Annotated[date, BeforeValidator(_parse_month), MonthTag()]
"""A calendar month, written `2024-03`, held as date(2024, 3, 1)."""

EmployeeId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^\S(.*\S)?$")]


class Event(BaseModel):
    """Something that happened, as an HR system records it."""

    # Field docstrings become descriptions in events/registry.py (field_docs.py: much cheaper
    # than use_attribute_docstrings), which then builds every model: hence defer_build here.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    date_field: ClassVar[str]
    """The field holding the event's date: the day parameters are looked up on."""
    actor: ClassVar[str | None] = None
    """Whose act the event records: None for the employee's own (a report handed in), else the
    role that performs it (a process step of 004, a result the assessor publishes)."""

    id: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    """The exporting system's id for the event; when absent, a hash of its content stands in."""
    employee_id: EmployeeId
    """Who the event is about: the subject of any verdict it leads to."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Make every boolean field strict (see the module's docstring), in every event model,
        including those added later."""
        super().__pydantic_init_subclass__(**kwargs)
        loosened = [
            info
            for info in cls.model_fields.values()
            if is_bool(info.annotation) and not any(isinstance(m, Strict) for m in info.metadata)
        ]
        for info in loosened:
            info.metadata.append(Strict())
        if loosened:
            cls.model_rebuild(force=True)

    @property
    def ref(self) -> str:
        """The id a verdict cites: the given id, else a stable hash of the content."""
        if self.id is not None:
            return self.id
        digest = hashlib.sha256(self.model_dump_json().encode()).hexdigest()
        return f"sha256:{digest[:16]}"

    @property
    def effective_date(self) -> date:
        """The event's date (a datetime's day)."""
        value = getattr(self, self.date_field)
        return value.date() if isinstance(value, datetime) else value


def is_bool(annotation: object) -> bool:
    """Whether a field holds a boolean (or a boolean or None)."""
    if annotation is bool:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return bool in typing.get_args(annotation)
    return False

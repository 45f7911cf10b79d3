"""The base of every event model, and the value types events share (money, month).

Events are immutable pydantic models with a `type` discriminator. JSON field names are the model's
field names; dates are ISO 8601; money may be a string or a number and is held as `Decimal` yuan.
Times are held as the company's wall-clock time: one without an offset is read as such, one
with an offset is converted (mktpolicy.clock), so any two times compare.
A boolean is `true` or `false`: JSON's literals, not "yes", "N", 1 or "true" (pydantic would take
those; a CSV cell, which has no types, holds the word true or false), so an export's "N/A" or
"n" is an error, not a guess.
"""

import functools
import hashlib
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, NamedTuple, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    Strict,
    WithJsonSchema,
    model_validator,
)

from mktpolicy.clock import company_time, company_zone, today
from mktpolicy.deferred import DeferredModel
from mktpolicy.errors import EventError
from mktpolicy.expr.library import month_end


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


class KnownOn:
    """Marks a field whose value exists only from a later day than the event's date: the day
    in field `field` (without one, the field's own day: the date of an act, an approval). A
    verdict whose rule reads the field is dated no earlier than that day (docs/readings.md,
    "Time: readings").

    `business_amount: Annotated[Money | None, KnownOn("ends_on")]`: a probation's business is
    known when the probation ends.
    """

    __slots__ = ("field",)

    def __init__(self, field: str | None = None) -> None:
        self.field = field

    def __repr__(self) -> str:
        return f"KnownOn({self.field!r})"


def known_on_field(model: type[BaseModel], name: str) -> str | None:
    """The field whose day a field's value is known on, if the field is marked `KnownOn`."""
    info = model.model_fields.get(name)
    if info is None:
        return None
    for marker in info.metadata:
        if isinstance(marker, KnownOn):
            return marker.field or name
    return None


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


MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$"
"""What a month field takes: `2024-03`, or a date in the month."""
TIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|z|[+-][0-9]{2}:?[0-9]{2})?$"
)
"""What a time field takes: ISO 8601, with or without an offset (RFC 3339's `date-time`, which
JSON Schema's format names, requires one, so a format-checking validator would reject local
times)."""

LocalTime = Annotated[
    datetime,
    AfterValidator(company_time),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": TIME_PATTERN,
            "description": "ISO 8601; without an offset: company time (Asia/Shanghai unless "
            "configured); with one: converted to company time",
        }
    ),
]
"""A time, held as the company's wall-clock time (an offset, if given, is converted first)."""

Month = Annotated[
    date,
    BeforeValidator(_parse_month),
    MonthTag(),
    WithJsonSchema({"type": "string", "pattern": MONTH_PATTERN}),
]
"""A calendar month, written `2024-03`, held as date(2024, 3, 1)."""

EmployeeId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^\S(.*\S)?$")]


class FieldValueError(EventError, ValueError):
    """A value that cannot be true given the event's other fields; names the field (the
    reader reports it as `field 'last_day': ...`, like any other bad field). A ValueError too,
    so that pydantic collects it as a validation error of the event."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class InOrder(NamedTuple):
    """`later` cannot be before `earlier` (with `strict`, nor on the same day). A month
    field counts from its first day."""

    earlier: str
    later: str
    strict: bool = False


class Event(DeferredModel):
    """Something that happened, as an HR system records it."""

    # Built on first use (mktpolicy.deferred), so that a process reading six types of event
    # builds six validators, not ~75.

    date_field: ClassVar[str]
    """The field holding the event's date: the day parameters are looked up on."""
    actor: ClassVar[str | None] = None
    """Whose act the event records: None for the employee's own (a report handed in), else the
    role that performs it (a process step of 004, a result the assessor publishes)."""
    in_order: ClassVar[tuple[InOrder, ...]] = ()
    """Pairs of date fields whose order is fixed by what they mean (a resignation's last day
    is not before its submission): another order is bad input, not a breach."""
    ended_months: ClassVar[tuple[str, ...]] = ()
    """Month fields of a month's result: the month must have ended by today (the company's
    day), and the event exists as a fact from the month's last day (`known_on`)."""

    id: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    """The exporting system's id for the event; when absent, a hash of its content stands in."""
    employee_id: EmployeeId
    """Who the event is about: the subject of any verdict it leads to."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Make every boolean field strict (see the module's docstring), in every event model,
        including those added later."""
        loosened = [
            info
            for info in cls.model_fields.values()
            if is_bool(info.annotation) and not any(isinstance(m, Strict) for m in info.metadata)
        ]
        for info in loosened:
            info.metadata.append(Strict())
        if loosened and cls.__pydantic_complete__:  # a subclass not deferring its build
            cls.model_rebuild(force=True)
        super().__pydantic_init_subclass__(**kwargs)

    @model_validator(mode="after")
    def _dates_can_be_true(self) -> Self:
        cls = type(self)
        for pair in cls.in_order:
            first, then = getattr(self, pair.earlier), getattr(self, pair.later)
            if first is None or then is None:
                continue
            if then < first or (pair.strict and then == first):
                relation = "on or before" if pair.strict else "before"
                raise FieldValueError(
                    pair.later,
                    f"{_shown(then, pair.later, cls)} is {relation} {pair.earlier} "
                    f"{_shown(first, pair.earlier, cls)}: a date that cannot be true",
                )
        if cls.ended_months:
            now = today()
            for name in cls.ended_months:
                month: date = getattr(self, name)
                if (month.year, month.month) >= (now.year, now.month):
                    raise FieldValueError(
                        name,
                        f"{month:%Y-%m} has not ended (today is {now.isoformat()} in "
                        f"{company_zone().key}): its result cannot exist yet",
                    )
        return self

    @property
    def ref(self) -> str:
        """The id a verdict cites: the given id, else a stable hash of the content."""
        if self.id is not None:
            return self.id
        digest = hashlib.sha256(self.model_dump_json().encode()).hexdigest()
        return f"sha256:{digest[:16]}"

    @property
    def known_on(self) -> date:
        """The day the event exists as a fact: its date, or for a month's result (its date is
        one of `ended_months`) the month's last day: it exists once the month is over."""
        value = getattr(self, self.date_field)
        if isinstance(value, datetime):
            return value.date()
        if self.date_field in self.ended_months:
            return month_end(value)
        return value  # type: ignore[no-any-return]

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


def _shown(value: date, field: str, model: type[Event]) -> str:
    """A month field as `2024-03`, any other date as ISO 8601."""
    return f"{value:%Y-%m}" if _is_month(model, field) else value.isoformat()


@functools.cache
def _is_month(model: type[BaseModel], field: str) -> bool:
    info = model.model_fields.get(field)
    return info is not None and any(isinstance(m, MonthTag) for m in info.metadata)

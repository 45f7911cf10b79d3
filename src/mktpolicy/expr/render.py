"""How values read in verdict messages: `50` and `12.50` yuan, ISO dates, `2024-04-12 12:00`,
`1 month`, true/false.

`renderer_for(type)` picks the formatting once, when a template is compiled; `render_value`
formats any value by its Python type (for callers that have no static type).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import cast

from mktpolicy.expr.periods import Period
from mktpolicy.expr.types import Type

Renderer = Callable[[object], str]


def decimal_text(value: object) -> str:
    """`50`, `12.50`, `0.125`: no exponent; trailing zeros dropped, but never fewer than two
    decimals when the value is not whole (money reads as yuan and fen)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return str(number)
    if number == 0:
        return "0"
    text = format(number, "f")
    if "." not in text:
        return text
    whole, fraction = text.split(".")
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction.ljust(2, '0')}" if fraction else whole


def _bool_text(value: object) -> str:
    return "true" if value else "false"


def _iso(value: object) -> str:
    if type(value) is date:
        return date_text(value)
    if isinstance(value, datetime):
        return datetime_text(value)
    return value.isoformat() if isinstance(value, date) else str(value)


def datetime_text(value: datetime) -> str:
    """`2024-04-12 12:00`, as people write a time (seconds only when there are some): the ISO
    `T` is for machines, and a message is read by the employee and the HR officer."""
    if value.second or value.microsecond:
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value.strftime("%Y-%m-%d %H:%M")


@functools.lru_cache(maxsize=4096)
def date_text(value: date) -> str:
    """`2024-03-01`, remembered: verdicts of a batch show the same few hundred days again and
    again, and formatting one costs more than looking it up."""
    return value.isoformat()


def _period_text(value: object) -> str:
    return value.describe() if isinstance(value, Period) else str(value)


def _none_text(_value: object) -> str:
    return "none"


def render_value(value: object) -> str:
    """Any runtime value as a message shows it (None reads `none`, lists `a, b`)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return _bool_text(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, Period):
        return value.describe()
    if isinstance(value, date):
        return _iso(value)
    if isinstance(value, tuple):
        return ", ".join(render_value(item) for item in value)
    return str(value)


def renderer_for(kind: Type) -> Renderer:
    """The formatting for values of `kind`, chosen once rather than per value."""
    base = _base_renderer(kind)
    if not kind.nullable or kind.kind == "null":
        return base
    return lambda value: "none" if value is None else base(value)


def _base_renderer(kind: Type) -> Renderer:
    if kind.kind == "bool":
        return _bool_text
    if kind.kind in ("number", "money"):
        return decimal_text
    if kind.kind in ("date", "datetime"):
        return _iso
    if kind.kind == "period":
        return _period_text
    if kind.kind == "null":
        return _none_text
    if kind.kind == "list" and kind.item is not None:
        item = renderer_for(kind.item)
        return lambda value: ", ".join(item(v) for v in cast("Iterable[object]", value))
    return str

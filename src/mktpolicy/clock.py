"""Time where the company is: the evaluation date, and how event times are read.

One stated policy (docs/readings.md, "Time: readings"): every event time is held as the
company's local wall-clock time, without an offset. A time written without an offset is read
as company time; a time written with one is converted to company time, then held the same
way. So two times always compare (never "can't compare offset-naive and offset-aware"), a
time's day is the company's day, and `12:00+00:00` is after `19:00` in Shanghai.

The company's zone is Asia/Shanghai (the regulations are a Chinese company's) unless the
environment variable MKTPOLICY_TIME_ZONE names another IANA zone, or a caller fixes one for
a block with `company_zone_set(...)` (e.g. `check --time-zone`).

A deadline that has not passed is `pending`, never a breach, so every evaluation has a date:
the one the caller fixes (`policy.at(day)`, `check --as-of`), else today in the company's zone.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mktpolicy.errors import TimeZoneError

DEFAULT_ZONE = "Asia/Shanghai"
ZONE_VARIABLE = "MKTPOLICY_TIME_ZONE"
COMPANY_ZONE = ZoneInfo(DEFAULT_ZONE)
"""The default company zone (kept for callers that name it)."""

_CHOSEN: contextvars.ContextVar[ZoneInfo | None] = contextvars.ContextVar(
    "mktpolicy_company_zone", default=None
)


@functools.cache
def zone_named(name: str) -> ZoneInfo:
    """The IANA zone `name`, or TimeZoneError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeZoneError(
            f"unknown time zone {name!r} (use an IANA name such as {DEFAULT_ZONE})"
        ) from None


def company_zone() -> ZoneInfo:
    """The zone event times are read in: a block's choice, else $MKTPOLICY_TIME_ZONE, else
    Asia/Shanghai."""
    chosen = _CHOSEN.get()
    if chosen is not None:
        return chosen
    return zone_named(os.environ.get(ZONE_VARIABLE) or DEFAULT_ZONE)


@contextlib.contextmanager
def company_zone_set(zone: str | ZoneInfo) -> Iterator[ZoneInfo]:
    """Read event times in `zone` within the block (this context only)."""
    found = zone if isinstance(zone, ZoneInfo) else zone_named(zone)
    token = _CHOSEN.set(found)
    try:
        yield found
    finally:
        _CHOSEN.reset(token)


def company_time(value: datetime) -> datetime:
    """`value` as the company's wall-clock time, without an offset (see the module's policy)."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=None)
    return value.astimezone(company_zone()).replace(tzinfo=None)


def today() -> date:
    """Today's date in the company's time zone."""
    return datetime.now(company_zone()).date()

"""Calendar periods: `one month`, `one week`, with python-dateutil's month arithmetic.

31 January plus one month is the last day of February (relativedelta clips to the month's end),
and 31 March minus one month is 28 or 29 February.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from dateutil.relativedelta import relativedelta

_ISO = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")

D = TypeVar("D", date, datetime)


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A calendar period of whole years, months, weeks and days (ISO 8601 `P1M`, `P7D`)."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Period:
        """`Period.parse("P1M") == Period(months=1)`; raises ValueError on anything else."""
        match = _ISO.match(text.strip())
        if not match or text.strip() == "P":
            raise ValueError(f"{text!r} is not an ISO 8601 period such as 'P1M', 'P7D' or 'P1Y'")
        y, m, w, d = (int(g) if g else 0 for g in match.groups())
        return cls(years=y, months=m, weeks=w, days=d)

    def __str__(self) -> str:
        text = "P"
        for amount, unit in ((self.years, "Y"), (self.months, "M"), (self.weeks, "W")):
            if amount:
                text += f"{amount}{unit}"
        if self.days or text == "P":
            text += f"{self.days}D"
        return text

    def describe(self) -> str:
        """`1 month`, `2 months and 3 days`: how the period reads in a message."""
        parts = []
        for amount, unit in (
            (self.years, "year"),
            (self.months, "month"),
            (self.weeks, "week"),
            (self.days, "day"),
        ):
            if amount:
                parts.append(f"{amount} {unit}{'s' if amount != 1 else ''}")
        return " and ".join(parts) or "0 days"

    def as_relativedelta(self) -> relativedelta:
        return relativedelta(years=self.years, months=self.months, weeks=self.weeks, days=self.days)

    def __add__(self, other: Period) -> Period:
        return Period(
            self.years + other.years,
            self.months + other.months,
            self.weeks + other.weeks,
            self.days + other.days,
        )

    def scaled(self, factor: int) -> Period:
        return Period(
            self.years * factor, self.months * factor, self.weeks * factor, self.days * factor
        )


def _shift(when: D, months: int, days: int) -> D:
    """What relativedelta does, without building one (5x faster on the engine's hot path):
    move by whole months clipping the day to the month's end, then by days."""
    if months:
        index = when.year * 12 + when.month - 1 + months
        year, month = divmod(index, 12)
        month += 1
        if not 1 <= year <= 9999:
            raise OverflowError(f"date out of range: {when.isoformat()} moved by {months} months")
        day = when.day
        if day > 28:  # every month has 28 days: only later days may need clipping
            day = min(day, monthrange(year, month)[1])
        when = when.replace(year=year, month=month, day=day)
    if days:
        when = when + timedelta(days=days)
    return when


def add_period(when: D, period: Period) -> D:
    """`when` moved forward by `period`, month ends clipped as relativedelta does.

    A property test checks this equals `when + period.as_relativedelta()` on every date.
    """
    return _shift(when, period.years * 12 + period.months, period.weeks * 7 + period.days)


def subtract_period(when: D, period: Period) -> D:
    """`when` moved back by `period`, month ends clipped as relativedelta does."""
    return _shift(when, -(period.years * 12 + period.months), -(period.weeks * 7 + period.days))


def shifter(period: Period, sign: int) -> Callable[[D], D]:
    """`add_period` (sign 1) or `subtract_period` (sign -1) by a period known when rules
    compile, with its months and days worked out once (the engine's hot path)."""
    months = sign * (period.years * 12 + period.months)
    days = sign * (period.weeks * 7 + period.days)
    if not days:
        return lambda when: _shift(when, months, 0)
    return lambda when: _shift(when, months, days)

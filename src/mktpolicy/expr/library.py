"""What the built-in functions compute, apart from their type rules (which are in functions.py).

Plain Python over runtime values: dates, datetimes, Decimals and Periods.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mktpolicy.expr.periods import Period, add_period, subtract_period


def latest_start(end: date, period: Period) -> date:
    """The latest day `d` with `d + period <= end`.

    Month ends clip, so this can be later than `end - period`: for a last day of 29 February
    2024 and one month, it is 31 January.
    """
    day = subtract_period(end, period)
    while add_period(day + timedelta(days=1), period) <= end:
        day += timedelta(days=1)
    while add_period(day, period) > end:
        day -= timedelta(days=1)
    return day


def period_maker(unit: str) -> Callable[[int], Period]:
    """`months(n)` and its siblings."""
    makers: dict[str, Callable[[int], Period]] = {
        "years": lambda n: Period(years=n),
        "months": lambda n: Period(months=n),
        "weeks": lambda n: Period(weeks=n),
        "days": lambda n: Period(days=n),
    }
    return makers[unit]


def identity(value: Any) -> Any:
    return value


def date_of(value: date) -> date:
    """The day of a datetime (a date is its own day)."""
    return value.date() if isinstance(value, datetime) else value


def days_between_dates(a: date, b: date) -> int:
    return (b - a).days


def days_between_datetimes(a: datetime, b: datetime) -> int:
    """Whole days from a to b, a partial day not counted (rounded toward zero)."""
    return int((b - a) / timedelta(days=1))


def days_between(a: date, b: date) -> int:
    """b - a in days, for two dates or two datetimes."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        return days_between_datetimes(a, b)
    return days_between_dates(a, b)


def month_start(d: date) -> date:
    return d.replace(day=1)


def month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def year_month(d: date) -> str:
    """`2024-03`: how monthly records name their month."""
    return f"{d.year:04d}-{d.month:02d}"


def words(value: str | tuple[str, ...]) -> str:
    """`freight discount` for `freight_discount`: a choice or a role as a message reads it (a list
    reads `quotation, drawing confirmation`)."""
    if isinstance(value, tuple):
        return ", ".join(words(item) for item in value)
    return value.replace("_", " ")


def weekday(d: date) -> int:
    """1 = Monday … 7 = Sunday."""
    return d.isoweekday()


def round_half_up(value: Any, places: int) -> Decimal:
    """Decimal rounding half up (2.345 → 2.35), whatever the context's rounding says."""
    return Decimal(value).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def rounder(places: int) -> Callable[[Decimal, int], Decimal]:
    """round() with its places known when compiling: the quantum is computed once."""
    quantum = Decimal(1).scaleb(-places)
    return lambda value, _places: value.quantize(quantum, rounding=ROUND_HALF_UP)


def coalesce(value: Any, default: Any) -> Any:
    return default if value is None else value

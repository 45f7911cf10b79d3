"""Calendar periods: our month arithmetic is relativedelta's, on every date."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from mktpolicy.expr.periods import Period, add_period, shifter, subtract_period

PERIODS = st.builds(
    Period, st.integers(0, 3), st.integers(0, 40), st.integers(0, 8), st.integers(0, 400)
)
DATES = st.dates(min_value=date(1800, 1, 1), max_value=date(2400, 12, 31))


@given(DATES, PERIODS)
def test_add_and_subtract_agree_with_relativedelta_on_dates(when, period):
    delta = relativedelta(
        years=period.years, months=period.months, weeks=period.weeks, days=period.days
    )
    assert add_period(when, period) == when + delta
    assert subtract_period(when, period) == when - delta


@given(DATES, PERIODS)
def test_compiled_shifts_agree_with_relativedelta(when, period):
    """`shifter` is what conditions with a constant period run: the same month arithmetic."""
    delta = period.as_relativedelta()
    assert shifter(period, 1)(when) == when + delta
    assert shifter(period, -1)(when) == when - delta


@given(st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2400, 12, 31)), PERIODS)
def test_add_and_subtract_agree_with_relativedelta_on_datetimes(when, period):
    delta = period.as_relativedelta()
    assert add_period(when, period) == when + delta
    assert subtract_period(when, period) == when - delta


@pytest.mark.parametrize(
    ("when", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
    ],
)
def test_month_ends_clip(when, months, expected):
    period = Period(months=abs(months))
    got = add_period(when, period) if months > 0 else subtract_period(when, period)
    assert got == expected


def test_iso_periods_parse_and_print():
    assert Period.parse("P1M") == Period(months=1)
    assert str(Period.parse("P1Y2M3W4D")) == "P1Y2M3W4D"
    assert Period(months=2).describe() == "2 months"
    with pytest.raises(ValueError, match="ISO 8601"):
        Period.parse("1 month")

"""Chinese working days (public holidays and adjusted working weekends), behind one adapter.

Backed by chinesecalendar, which carries the State Council's official arrangements year by
year (2004–2026 in 1.11.0). A year without official data is a CalendarError, never a guess:
python-holidays can compute later years' holidays but not the adjusted working weekends, so
it would silently misjudge a working Saturday. Verdicts from rules that use working days
record `CALENDAR_VERSION`.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import metadata

import chinese_calendar

from mktpolicy.errors import CalendarError

CALENDAR_VERSION = f"chinesecalendar {metadata.version('chinesecalendar')}"
_MAX_SEARCH_DAYS = 40
"""Longer than any run of holidays and weekends (the Spring Festival week plus weekends)."""


def is_working_day(day: date) -> bool:
    """True on working days, adjusted working weekends included; CalendarError without data."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarError(
            f"no official working-day data for {day.isoformat()} ({CALENDAR_VERSION}: {exc}); "
            "update chinesecalendar once the year's arrangements are published"
        ) from None


def previous_working_day(day: date) -> date:
    """The last working day strictly before `day`."""
    return _step(day, -1)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    return _step(day, 1)


def _step(day: date, direction: int) -> date:
    current = day
    for _ in range(_MAX_SEARCH_DAYS):
        current += timedelta(days=direction)
        if is_working_day(current):
            return current
    raise CalendarError(f"no working day within {_MAX_SEARCH_DAYS} days of {day.isoformat()}")

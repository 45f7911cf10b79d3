"""Chinese working days (public holidays and adjusted working weekends), behind one adapter.

The bundled data is chinesecalendar's: the State Council's official arrangements year by year
(2004–2026 in 1.11.0). A company can add the years the package does not have yet from its own
calendar file (`mktpolicy.calendar_file`), read the official notice itself. A day in a year
nobody has data for is a CalendarError, never a guess: python-holidays computes later years'
holidays but not the adjusted working weekends, so it would silently misjudge a working
Saturday. The rule that asked is then `undetermined` (see the backends), not failed.

Which calendar answers is per policy: `Policy` makes its calendar the active one (a context
variable) around each evaluation, so two policies with different calendars share a process
and its threads safely.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import metadata

import chinese_calendar

from mktpolicy.errors import CalendarError

CALENDAR_VERSION = f"chinesecalendar {metadata.version('chinesecalendar')}"
_MAX_SEARCH_DAYS = 40
"""Longer than any run of holidays and weekends (the Spring Festival week plus weekends)."""


@dataclass(frozen=True, slots=True)
class YearArrangement:
    """One year's official arrangements: its holidays, its adjusted working days, and where
    they were published."""

    year: int
    holidays: frozenset[date]
    working_days: frozenset[date]
    """Weekend days worked to make up for a holiday (调休上班)."""
    source: str
    """The notice the days were read from (e.g. 国务院办公厅关于2027年部分节假日安排的通知)."""


@dataclass(frozen=True, slots=True)
class Calendar:
    """Working days: years supplied by a calendar file first, then the bundled package's data.

    >>> Calendar().is_working_day(date(2024, 10, 12))  # a Saturday worked for National Day
    True
    """

    years: Mapping[int, YearArrangement] = field(default_factory=dict)
    file_label: str | None = None
    """`calendar.yaml sha256:1a2b…` when the years came from a file."""

    @property
    def label(self) -> str:
        """Which data answers: the package's version, and the file's hash if one was given."""
        if self.file_label is None:
            return CALENDAR_VERSION
        return f"{self.file_label} ({_years_text(self.years)}); {CALENDAR_VERSION}"

    def is_working_day(self, day: date) -> bool:
        """True on working days, adjusted working weekends included; CalendarError without data."""
        supplied = self.years.get(day.year)
        if supplied is not None:
            if day in supplied.working_days:
                return True
            return day.weekday() < 5 and day not in supplied.holidays
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            raise missing_year(day, f"whether {day.isoformat()} is a working day") from None

    def covers(self, year: int) -> bool:
        """True if some data (the file's or the package's) has `year`."""
        if year in self.years:
            return True
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            return False
        return True

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before `day`."""
        return self._step(day, -1, f"the last working day before {day.isoformat()}")

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self._step(day, 1, f"the first working day after {day.isoformat()}")

    def _step(self, day: date, direction: int, what: str) -> date:
        current = day
        for _ in range(_MAX_SEARCH_DAYS):
            current += timedelta(days=direction)
            try:
                working = self.is_working_day(current)
            except CalendarError as exc:
                raise missing_year(current, what) from exc
            if working:
                return current
        raise CalendarError(f"no working day within {_MAX_SEARCH_DAYS} days of {day.isoformat()}")


def missing_year(day: date, what: str) -> CalendarError:
    """The error for a question about `day` in a year nobody has data for."""
    return CalendarError(
        f"{what} is not known: no official working-day data for {day.year} "
        f"({CALENDAR_VERSION} does not have that year)",
        day=day,
        what=what,
        hint=(
            f"supply the State Council's {day.year} arrangements in a calendar file "
            "(mktpolicy check --calendar FILE, or load(calendar=FILE); see docs/calendar.md), "
            "or update chinesecalendar once it has them"
        ),
    )


def _years_text(years: Mapping[int, YearArrangement]) -> str:
    return ", ".join(str(y) for y in sorted(years))


OFFICIAL = Calendar()
"""The bundled data alone."""

ACTIVE: contextvars.ContextVar[Calendar] = contextvars.ContextVar(
    "mktpolicy_calendar", default=OFFICIAL
)
"""The calendar of the evaluation running in this context (set by `Policy`, see `using`)."""


def active() -> Calendar:
    """The calendar the evaluation running in this context uses."""
    return ACTIVE.get()


@contextlib.contextmanager
def using(calendar: Calendar) -> Iterator[Calendar]:
    """Make `calendar` answer working-day questions within the block (this context only)."""
    token = ACTIVE.set(calendar)
    try:
        yield calendar
    finally:
        ACTIVE.reset(token)


def is_working_day(day: date) -> bool:
    """True on working days, by the active calendar; CalendarError without data."""
    return ACTIVE.get().is_working_day(day)


def previous_working_day(day: date) -> date:
    """The last working day strictly before `day`, by the active calendar."""
    return ACTIVE.get().previous_working_day(day)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`, by the active calendar."""
    return ACTIVE.get().next_working_day(day)

"""A company's calendar file: the official working-day arrangements for years the bundled data
does not have yet, checked on load like a rule file (every problem at file:line:col).

```yaml
format: 1
years:
  - year: 2027
    source: "国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕…号)"
    holidays:                       # each festival: dates, or ranges "first..last"
      new_years_day: ["2027-01-01"]
      spring_festival: ["2027-02-06..2027-02-13"]
      qingming: [...]
      labour_day: [...]
      dragon_boat: [...]
      mid_autumn: [...]
      national_day: [...]
    working_days: ["2027-02-14"]    # weekend days worked (调休上班)
```

Checked: dates are real and in their year, ranges run forwards, no day is both a holiday and a
working day, a working day is a weekend day (a weekday is one already), each year names all
seven statutory festivals, no year twice, and a year the bundled data also has agrees with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from mktpolicy.calendar import CALENDAR_VERSION, OFFICIAL, Calendar, YearArrangement
from mktpolicy.diagnostics import Diagnostic
from mktpolicy.errors import SpecError
from mktpolicy.source import SourceDocument, parse_yaml
from mktpolicy.source.yaml_loader import read_text
from mktpolicy.spec.from_source import validate_source
from mktpolicy.spec.models import SpecModel

DAYS = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(\.\.[0-9]{4}-[0-9]{2}-[0-9]{2})?$"
Days = Annotated[str, Field(pattern=DAYS)]
"""`2027-02-06`, or a range `2027-02-06..2027-02-13` (both ends included)."""
FestivalDays = Annotated[list[Days], Field(min_length=1)]


class HolidaysSpec(SpecModel):
    """The seven statutory festivals (全体公民放假的节日): a year is complete with all of them."""

    new_years_day: FestivalDays
    spring_festival: FestivalDays
    qingming: FestivalDays
    labour_day: FestivalDays
    dragon_boat: FestivalDays
    mid_autumn: FestivalDays
    """May share its days with national_day, as in years the two fall together."""
    national_day: FestivalDays


class YearSpec(SpecModel):
    year: Annotated[int, Field(ge=2000, le=2100)]
    source: Annotated[str, Field(min_length=1)]
    """The notice the days were read from: its title and number, so anyone can check them."""
    holidays: HolidaysSpec
    working_days: list[Days] = Field(default_factory=list)


class CalendarFileSpec(SpecModel):
    format: Literal[1] = 1
    years: Annotated[list[YearSpec], Field(min_length=1)]


def load_calendar(path: str | Path) -> Calendar:
    """Read and check a calendar file; SpecError (with file:line:col) if anything is wrong."""
    file = Path(path)
    text = read_text(file, str(path))
    return calendar_from_text(text, str(path))


def calendar_from_text(text: str, file: str = "<calendar>") -> Calendar:
    """A calendar from calendar-file text; its label carries the text's hash."""
    source = parse_yaml(text, file)
    spec = validate_source(
        source, CalendarFileSpec, "a calendar file must be a mapping with 'years'"
    )
    problems: list[Diagnostic] = []
    years: dict[int, YearArrangement] = {}
    first: dict[int, int] = {}
    for index, year in enumerate(spec.years):
        at = ("years", index)
        if year.year in first:
            problems.append(
                Diagnostic(
                    "calendar_year_twice",
                    f"year {year.year} is given twice (first at years[{first[year.year]}])",
                    source.span((*at, "year")),
                )
            )
            continue
        first[year.year] = index
        arrangement = _arrangement(year, at, source, problems)
        if arrangement is not None:
            years[year.year] = arrangement
    if problems:
        raise SpecError(problems)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Calendar(years, f"{Path(file).name} sha256:{digest}")


def _arrangement(
    spec: YearSpec, at: tuple[str | int, ...], source: SourceDocument, problems: list[Diagnostic]
) -> YearArrangement | None:
    before = len(problems)
    holidays: dict[date, tuple[str | int, ...]] = {}
    for festival in HolidaysSpec.model_fields:
        for i, text in enumerate(getattr(spec.holidays, festival)):
            path = (*at, "holidays", festival, i)
            for day in _days(text, spec.year, path, source, problems):
                holidays.setdefault(day, path)
    working: dict[date, tuple[str | int, ...]] = {}
    for i, text in enumerate(spec.working_days):
        path = (*at, "working_days", i)
        for day in _days(text, spec.year, path, source, problems):
            working.setdefault(day, path)
            if day in holidays:
                problems.append(
                    Diagnostic(
                        "calendar_day_both",
                        f"{day.isoformat()} is both a holiday and a working day",
                        source.span(path),
                        notes=(f"the holiday is at {source.span(holidays[day])}",),
                    )
                )
            elif day.weekday() < 5:
                problems.append(
                    Diagnostic(
                        "calendar_weekday_working",
                        f"{day.isoformat()} is a {day:%A}: a weekday is a working day already; "
                        "working_days lists the weekend days worked",
                        source.span(path),
                    )
                )
    if len(problems) > before:
        return None
    arrangement = YearArrangement(spec.year, frozenset(holidays), frozenset(working), spec.source)
    problems.extend(_disagreements(arrangement, (*at, "year"), source))
    return arrangement


def _days(
    text: str,
    year: int,
    path: tuple[str | int, ...],
    source: SourceDocument,
    problems: list[Diagnostic],
) -> Iterator[date]:
    first_text, _, last_text = text.partition("..")
    try:
        first = date.fromisoformat(first_text)
        last = date.fromisoformat(last_text) if last_text else first
    except ValueError as exc:
        problems.append(
            Diagnostic("calendar_bad_date", f"{text!r} is not a date: {exc}", source.span(path))
        )
        return
    if last < first:
        problems.append(
            Diagnostic("calendar_bad_range", f"{text!r} ends before it starts", source.span(path))
        )
        return
    if first.year != year or last.year != year:
        problems.append(
            Diagnostic(
                "calendar_wrong_year",
                f"{text!r} is not in {year} (a year lists its own days; a festival that "
                "spans the new year belongs to each year for its own days)",
                source.span(path),
            )
        )
        return
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _disagreements(
    year: YearArrangement, path: tuple[str | int, ...], source: SourceDocument
) -> list[Diagnostic]:
    """Where the bundled data also has the year, the file must say the same of every day."""
    if not OFFICIAL.covers(year.year):
        return []
    mine = Calendar({year.year: year})
    day = date(year.year, 1, 1)
    differing = []
    while day.year == year.year:
        if mine.is_working_day(day) != OFFICIAL.is_working_day(day):
            differing.append(day.isoformat())
        day += timedelta(days=1)
    if not differing:
        return []
    shown = ", ".join(differing[:5]) + (", …" if len(differing) > 5 else "")
    return [
        Diagnostic(
            "calendar_disagrees",
            f"{year.year} disagrees with {CALENDAR_VERSION} on {len(differing)} day(s): {shown}",
            source.span(path),
            hint="the bundled data is the maintained one: drop the year, or correct it",
        )
    ]

"""One synthetic employee: a seeded random stream, an id, and the days they are at work."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(slots=True)
class Person:
    """An employee being generated. Every draw goes through `rnd`, seeded per employee, so an
    employee's events do not depend on how many others are generated."""

    id: str
    index: int
    rnd: random.Random
    year: int
    employees: int
    active_until: date
    """The last day at work: 31 December, or the day they left."""

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    def chance(self, p: float) -> bool:
        return self.rnd.random() < p

    def day(self) -> date:
        """A day at work this year."""
        span = (self.active_until - self.first_day).days
        return self.first_day + timedelta(days=self.rnd.randint(0, span))

    def at(self, day: date, earliest: int = 8, latest: int = 18) -> datetime:
        """A time on `day` between the hours given, on the quarter hour."""
        minutes = self.rnd.randrange(earliest * 60, latest * 60, 15)
        return datetime.combine(day, time(minutes // 60, minutes % 60))

    def customer(self) -> str:
        return f"C{self.rnd.randint(1, 2000):04d}"

    def colleague(self) -> str:
        """Another employee's id (a population of one has an outsider as colleague)."""
        if self.employees < 2:
            return "E-OUTSIDE"
        # One random() whatever the population's size (randrange's use of the generator depends
        # on the range), so the rest of this employee's draws do not depend on how many others.
        other = int(self.rnd.random() * (self.employees - 1))
        return employee_id(other + (other >= self.index))


def employee_id(index: int) -> str:
    return f"E{index + 1:05d}"


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, the day of the month kept where it exists (else the last)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day

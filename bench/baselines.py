"""What a user would otherwise write for the four core families, to measure mktpolicy against.

`by_hand_python` is plain Python over validated events (the practical limit); `ByHandDurable`
is durable_rules used directly, the way its documentation shows, with dates as ordinals.
Both count verdicts the way the bundled rulebook does, so the comparison is like for like.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from mktpolicy.events import (
    ClientMeal,
    CustomerPromise,
    Departure,
    Event,
    MonthlyResult,
    Resignation,
)

ONE_MONTH = relativedelta(months=1)
SERIOUS = {"freight_discount", "free_shipping", "monthly_settlement"}


def by_hand_python(events: Iterable[Event]) -> int:
    """The four families in plain Python; returns the number of verdicts."""
    verdicts = 0
    misses: dict[str, set[date]] = defaultdict(set)
    resignations: dict[str, list[Resignation]] = defaultdict(list)
    departures: list[Departure] = []
    for event in events:
        if isinstance(event, Resignation):
            resignations[event.employee_id].append(event)
            verdicts += not event.in_writing
            verdicts += event.submitted_on + ONE_MONTH > event.last_day
        elif isinstance(event, Departure):
            departures.append(event)
            verdicts += (not event.accounts_settled) + (not event.handover_done)
            verdicts += not event.supervisor_signed
        elif isinstance(event, CustomerPromise):
            if not event.authorised:
                fine = Decimal(50) if event.promise in SERIOUS else Decimal(10)
                verdicts += fine > 0
        elif isinstance(event, MonthlyResult):
            if event.actual < event.target:
                misses[event.employee_id].add(event.month)
        elif isinstance(event, ClientMeal):
            verdicts += event.approved_at is None or event.approved_at >= event.held_at
            verdicts += not event.meal_slip
    for departure in departures:
        reports = resignations.get(departure.employee_id, ())
        if not any(r.submitted_on <= departure.left_on for r in reports):
            verdicts += 1
    for months in misses.values():
        for month in months:
            if month - ONE_MONTH in months:
                continue
            length, current = 1, month
            while current + ONE_MONTH in months:
                length, current = length + 1, current + ONE_MONTH
            verdicts += length >= 3
    return verdicts


class ByHandDurable:
    """durable_rules used directly: one ruleset for the four families, a sid per employee."""

    _names = itertools.count()

    def __init__(self) -> None:
        from durable import engine

        class QuietHost(engine.Host):  # type: ignore[misc]
            def _run(self) -> None:
                return None

        self.engine = engine
        self.count = 0
        self.name = f"byhand{next(self._names)}"
        hit = self._hit
        self.host = QuietHost()
        self.host.register_rulesets({self.name: self._rules(hit)})

    @staticmethod
    def _rules(hit: Any) -> dict[str, Any]:
        def when(kind: str, field: str, value: bool) -> dict[str, Any]:
            return {"all": [{"m": {"$and": [{"t": kind}, {field: value}]}}], "run": hit}

        def month_after(name: str, step: str) -> dict[str, Any]:
            return {"month": {step: {"$l": {name: "month"}, "$r": 1}}}

        return {
            "open": {"all": [{"m": {"t": "open"}}], "run": lambda c: None},
            "notice": when("resignation", "short", True),
            "unwritten": when("resignation", "written", False),
            "settled": when("departure", "settled", False),
            "handover": when("departure", "handover", False),
            "signed": when("departure", "signed", False),
            "fine": when("promise", "authorised", False),
            "meal": when("meal", "late", True),
            "slip": when("meal", "slip", False),
            "three": {
                "all": [
                    {"a": {"t": "miss"}},
                    {"b": {"$and": [{"t": "miss"}, month_after("a", "$add")]}},
                    {"c": {"$and": [{"t": "miss"}, month_after("b", "$add")]}},
                    {"p$not": {"$and": [{"t": "miss"}, month_after("a", "$sub")]}},
                ],
                "run": hit,
            },
        }

    def _hit(self, c: Any) -> None:
        self.count += 1

    def _assert(self, fact: dict[str, Any]) -> None:
        unmatched = (self.engine.MessageNotHandledException, self.engine.MessageObservedException)
        with contextlib.suppress(*unmatched):
            self.host.assert_fact(self.name, fact)

    def evaluate(self, histories: dict[str, list[Event]]) -> int:
        """Every employee's events through durable_rules; returns the number of verdicts."""
        self.count = 0
        for n, events in enumerate(histories.values()):
            sid = f"s{n}"
            self._assert({"sid": sid, "t": "open"})
            misses = [e for e in events if isinstance(e, MonthlyResult) and e.actual < e.target]
            for miss in sorted(misses, key=lambda e: e.month):  # blockers first, as one must
                self._assert(
                    {
                        "sid": sid,
                        "t": "miss",
                        "month": miss.month.year * 12 + miss.month.month,
                        "id": miss.ref,
                    }
                )
            for i, event in enumerate(events):
                fact = _as_fact(event)
                if fact is not None:
                    self._assert({"sid": sid, "i": i, **fact})
            self.host.delete_state(self.name, sid)
        return self.count


def _as_fact(event: Event) -> dict[str, Any] | None:
    if isinstance(event, Resignation):
        return {
            "t": "resignation",
            "written": event.in_writing,
            "short": event.submitted_on + ONE_MONTH > event.last_day,
        }
    if isinstance(event, Departure):
        return {
            "t": "departure",
            "settled": event.accounts_settled,
            "handover": event.handover_done,
            "signed": event.supervisor_signed,
        }
    if isinstance(event, CustomerPromise):
        return {"t": "promise", "authorised": event.authorised}
    if isinstance(event, ClientMeal):
        late = event.approved_at is None or event.approved_at >= event.held_at
        return {"t": "meal", "late": late, "slip": event.meal_slip}
    return None

"""What a user would otherwise write for the four core families, to measure mktpolicy against.

`by_hand_python` is plain Python over validated events (the practical limit): it returns one
record per violation (rule id, employee, date, clause ids, fine as Decimal, event ids), as a
user's own checker would, and `--smoke` checks those records against mktpolicy's verdicts.
`count_by_hand` runs the same checks but only counts (kept for transparency: it is what the
baseline was before). `ByHandDurable` is durable_rules used directly, the way its documentation
shows, with dates as ordinals; it counts firings.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
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

# What a hand-written checker would hard-code: each verdict's rule id and the clauses it cites
# (the same ids the bundled rulebook cites, so the records can be compared with mktpolicy's).
LEAVING = ("000.P1.2.8",)
MEALS = ("000.P2.1.5",)
RUNS = ("000.P3.9.3", "001.SALES.duty1")
PROMISE_FINES: dict[str, tuple[str, tuple[str, ...], Decimal]] = {
    "freight_discount": (
        "fine-unauthorised-discount",
        ("002.S8.2.3", "002.S11.2", "002.S11.2.1"),
        Decimal(50),
    ),
    "free_shipping": (
        "fine-unauthorised-discount",
        ("002.S8.2.3", "002.S11.2", "002.S11.2.1"),
        Decimal(50),
    ),
    "monthly_settlement": (
        "fine-unauthorised-monthly-settlement",
        ("002.S8.2.3", "002.S11.2", "002.S11.2.3"),
        Decimal(50),
    ),
}
ORDINARY_FINE = ("fine-operation-breach", ("002.S8.2.3", "002.S11.1"), Decimal(10))
ORDINARY_FINE_SHARE_UNDECIDED = (
    "fine-operation-breach-share-undecided",
    ("002.S8.2.3", "002.S11.1"),
    Decimal(10),
)
"""An ordinary breach that caused a loss, while the company has set no share of it."""


@dataclass(slots=True)
class Violation:
    """What a hand-written checker would report for each violation."""

    rule: str
    employee: str
    day: date
    clauses: tuple[str, ...]
    fine: Decimal | None
    events: tuple[str, ...]


def by_hand_python(events: Iterable[Event]) -> list[Violation]:
    """The four families in plain Python, the fastest way we know: one record per violation."""
    found: list[Violation] = []
    add = found.append
    misses: dict[str, dict[date, str]] = defaultdict(dict)
    resignations: dict[str, list[Resignation]] = defaultdict(list)
    departures: list[Departure] = []
    for event in events:
        if isinstance(event, CustomerPromise):
            if not event.authorised:
                loss = event.price_difference + event.uncollected_receivable
                ordinary = ORDINARY_FINE_SHARE_UNDECIDED if loss > 0 else ORDINARY_FINE
                rule, clauses, fine = PROMISE_FINES.get(event.promise, ordinary)
                add(
                    Violation(
                        rule, event.employee_id, event.occurred_on, clauses, fine, (event.ref,)
                    )
                )
        elif isinstance(event, MonthlyResult):
            if event.actual < event.target:
                misses[event.employee_id][event.month] = event.ref
        elif isinstance(event, ClientMeal):
            day = event.held_at.date()
            if event.approved_at is None:
                add(
                    Violation(
                        "meal-not-approved", event.employee_id, day, MEALS, None, (event.ref,)
                    )
                )
            elif event.approved_at >= event.held_at:
                add(
                    Violation(
                        "meal-approved-afterwards",
                        event.employee_id,
                        event.approved_at.date(),  # known once approved
                        MEALS,
                        None,
                        (event.ref,),
                    )
                )
            if not event.meal_slip:
                add(
                    Violation(
                        "meal-without-slip", event.employee_id, day, MEALS, None, (event.ref,)
                    )
                )
        elif isinstance(event, Resignation):
            resignations[event.employee_id].append(event)
            who, day, refs = event.employee_id, event.submitted_on, (event.ref,)
            if not event.in_writing:
                add(Violation("resignation-not-in-writing", who, day, LEAVING, None, refs))
        elif isinstance(event, Departure):
            departures.append(event)
            who, day, refs = event.employee_id, event.left_on, (event.ref,)
            if event.kind != "voluntary":
                continue  # only a voluntary departure is judged under 000 (一) 二.8
            if not event.accounts_settled:
                add(Violation("departure-accounts-not-settled", who, day, LEAVING, None, refs))
            if not event.handover_done:
                add(Violation("departure-work-not-handed-over", who, day, LEAVING, None, refs))
            if not event.supervisor_signed:
                add(
                    Violation(
                        "departure-without-supervisor-signature", who, day, LEAVING, None, refs
                    )
                )
    left_on: dict[str, list[date]] = defaultdict(list)
    for departure in departures:
        left_on[departure.employee_id].append(departure.left_on)
    for who, reports in resignations.items():
        for r in reports:  # the day asked for counts only while nobody has left after the report
            if r.submitted_on + ONE_MONTH > r.last_day and not any(
                day >= r.submitted_on for day in left_on[who]
            ):
                add(
                    Violation(
                        "resignation-notice-too-short", who, r.submitted_on, LEAVING, None, (r.ref,)
                    )
                )
    for departure in departures:
        if departure.kind != "voluntary":
            continue
        who, day = departure.employee_id, departure.left_on
        reports = [r for r in resignations.get(who, ()) if r.submitted_on <= day]
        if not reports:
            add(
                Violation(
                    "departure-without-resignation", who, day, LEAVING, None, (departure.ref,)
                )
            )
        elif not any(r.submitted_on + ONE_MONTH <= day for r in reports):
            for r in reports:
                refs = (departure.ref, r.ref)
                add(Violation("departure-before-notice-ends", who, day, LEAVING, None, refs))
    for employee, months in misses.items():
        for month in months:
            if month - ONE_MONTH in months:
                continue
            run = [month]
            while run[-1] + ONE_MONTH in months:
                run.append(run[-1] + ONE_MONTH)
            if len(run) >= 3:
                refs = tuple(sorted(months[m] for m in run[:3]))
                # Dated when the third month's result exists: the month's last day.
                last_day = run[2] + ONE_MONTH - relativedelta(days=1)
                add(Violation("transfer-or-dismissal", employee, last_day, RUNS, None, refs))
    return found


def count_by_hand(events: Iterable[Event]) -> int:
    """The same checks counting verdicts as integers: no record at all (for transparency)."""
    verdicts = 0
    misses: dict[str, set[date]] = defaultdict(set)
    resignations: dict[str, list[Resignation]] = defaultdict(list)
    departures: list[Departure] = []
    for event in events:
        if isinstance(event, Resignation):
            resignations[event.employee_id].append(event)
            verdicts += not event.in_writing
        elif isinstance(event, Departure) and event.kind == "voluntary":
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
    left = {d.employee_id: d.left_on for d in departures}
    for who, reports in resignations.items():
        for r in reports:
            if who not in left or left[who] < r.submitted_on:
                verdicts += r.submitted_on + ONE_MONTH > r.last_day
            else:
                verdicts += r.submitted_on + ONE_MONTH > left[who]
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
        if event.kind != "voluntary":
            return None
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

"""A year of events for a seeded population: who, how many of what, and in which order."""

from __future__ import annotations

import functools
import itertools
import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mktpolicy.events.base import Event
from mktpolicy.events.registry import EVENT_MODELS
from mktpolicy.policy import Policy, load
from mktpolicy.population import specific
from mktpolicy.population.generic import Pool, calibrate
from mktpolicy.population.people import Person, employee_id

log = logging.getLogger("mktpolicy.population")

EVENTS_PER_EMPLOYEE = 100
LEAVING_SHARE = 0.1
COLLECTIONS_SHARE = 0.4
"""Employees who hand in the monthly receivables summary."""

FREQUENCY: dict[str, float] = {
    "customer_visit": 12,
    "phone_call": 8,
    "field_day": 6,
    "client_meal": 6,
    "customer_form": 6,
    "customer_promise": 5,
    "trip_day": 5,
    "training_attendance": 4,
    "customer_meeting": 3,
    "interested_customer": 3,
    "sales_plan": 3,
    "return_visit": 3,
    "shipment": 2,
    "deal_signed": 2,
    "customer_claim": 2,
    "leave_taken": 2,
    "order_check": 2,
    "sales_report": 2,
    "sales_activity": 2,
    "customer_statement": 2,
    "storage_billing": 1.5,
    "customer_deduction": 1.5,
    "beyond_authority_act": 1.5,
    "payment_postponed": 0.5,
    "customer_lost": 0.5,
    "promotion_distribution": 0.5,
    "assessment_result": 0.5,
    "customer_data_taken": 0.3,
    "market_activity": 0.3,
    "department_instruction": 0.3,
    "service_request": 0.3,
    "research_plan": 0.2,
    "promotion_plan": 0.2,
    "authority_decision": 0.2,
    "process_change": 0.1,
    "appeal": 0.1,
    "probation": 0.1,
    "annual_summary": 0.1,
    "side_job": 0.05,
    "personal_investment": 0.05,
}
"""Relative frequency of each kind of event in a salesperson's year; a type not listed (a
model added later) gets DEFAULT_FREQUENCY. Structural types are not drawn from this table."""
DEFAULT_FREQUENCY = 0.5


def type_of(model: type[Event]) -> str:
    return str(model.model_fields["type"].default)


@dataclass(frozen=True)
class Plan:
    """What a generation run draws from: the day-by-day types, their weights, the pools."""

    types: tuple[str, ...]
    cumulative: tuple[float, ...]
    pools: dict[str, Pool]
    models: dict[str, type[Event]]

    @classmethod
    def build(cls, year: int, policy: Policy | None) -> Plan:
        """The plan for `year`, calibrated against `policy` (cached: policies are immutable)."""
        return _plan(year, policy or load(), EVENT_MODELS)

    @classmethod
    def _build(cls, year: int, policy: Policy, event_models: tuple[type[Event], ...]) -> Plan:
        models = {type_of(m): m for m in event_models}
        generic = [
            m
            for name, m in models.items()
            if name not in specific.GENERATORS and name not in specific.STRUCTURAL
        ]
        if generic:
            log.info(
                "population: drawn from their fields (no hand-written generator): %s",
                ", ".join(m.__name__ for m in generic),
            )
        pools = {}
        for model in generic:
            pool = calibrate(model, year, policy)
            if pool is not None:
                pools[type_of(model)] = pool
        drawable = tuple(n for n in models if n in specific.GENERATORS or n in pools)
        weights = [FREQUENCY.get(n, DEFAULT_FREQUENCY) for n in drawable]
        return cls(drawable, tuple(itertools.accumulate(weights)), pools, models)

    def pick(self, rnd: random.Random, count: int) -> list[str]:
        return rnd.choices(self.types, cum_weights=self.cumulative, k=count)


@functools.lru_cache(maxsize=8)
def _plan(year: int, policy: Policy, event_models: tuple[type[Event], ...]) -> Plan:
    return Plan._build(year, policy, event_models)


def iterate(
    employees: int = 1000,
    year: int = 2024,
    seed: int = 0,
    events_per_employee: int | None = None,
    *,
    policy: Policy | None = None,
) -> Iterator[Event]:
    """Events employee by employee, each employee's in date order (see `generate`)."""
    if employees < 0:
        raise ValueError(f"employees must not be negative, got {employees}")
    per_employee = EVENTS_PER_EMPLOYEE if events_per_employee is None else events_per_employee
    plan = Plan.build(year, policy)
    for index in range(employees):
        yield from _employee(plan, index, employees, year, seed, per_employee)


def generate(
    employees: int = 1000,
    year: int = 2024,
    seed: int = 0,
    events_per_employee: int | None = None,
    *,
    policy: Policy | None = None,
) -> list[Event]:
    """A year of events for `employees` synthetic salespeople; the same arguments give the same
    events.

    About `events_per_employee` (default 100) each: a monthly result for every month at work
    (about one in ten has a slump of two to six months below target), for one in ten a
    resignation and departure (some with short notice or missing steps), for four in ten the
    monthly receivables summary, and the rest drawn by frequency from every event type (client
    meals, customer visits, promises, forms, calls, ...), mostly compliant with a small share of
    breaches of each kind. Employee i also gets one event of the i-th type, so every type
    appears once there are as many employees as types. `policy` (default: the bundled
    rulebook) calibrates types without a hand-written generator (see
    `mktpolicy.population.generic`).
    """
    return list(iterate(employees, year, seed, events_per_employee, policy=policy))


def write_jsonl(
    path: str | Path,
    employees: int = 1000,
    year: int = 2024,
    seed: int = 0,
    events_per_employee: int | None = None,
    *,
    policy: Policy | None = None,
) -> int:
    """Write the population as JSON lines (what `mktpolicy check` reads); returns the count."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as stream:
        for event in iterate(employees, year, seed, events_per_employee, policy=policy):
            stream.write(event.model_dump_json(exclude_none=True))
            stream.write("\n")
            count += 1
    return count


def _employee(
    plan: Plan, index: int, employees: int, year: int, seed: int, per_employee: int
) -> list[Event]:
    rnd = random.Random(f"{seed}:{index}")  # noqa: S311 - data, not secrets
    person = Person(employee_id(index), index, rnd, year, employees, date(year, 12, 31))
    drafts: list[tuple[str, dict[str, Any]]] = []
    if person.chance(LEAVING_SHARE):
        month = rnd.randint(3, 12)
        person.active_until = date(year, month, rnd.randint(1, 28))
        resignation, departure = specific.leaving(person)
        if resignation is not None:
            drafts.append(("resignation", resignation))
        drafts.append(("departure", departure))
        person.active_until = departure["left_on"]
    drafts += [("monthly_result", fields) for fields in specific.monthly_results(person)]
    if person.chance(COLLECTIONS_SHARE):
        drafts += [("receivables_summary", f) for f in specific.receivables_summaries(person)]
    events = [_event(plan, person, kind, fields, n) for n, (kind, fields) in enumerate(drafts)]
    at_work = ((person.active_until - person.first_day).days + 1) / 366
    remaining = max(0, round((per_employee - len(events)) * at_work))
    kinds = plan.pick(rnd, remaining)
    if plan.types:
        kinds.append(plan.types[index % len(plan.types)])
    for n, kind in enumerate(kinds, start=len(events)):
        generator = specific.GENERATORS.get(kind)
        if generator is not None:
            events.append(_event(plan, person, kind, generator(person, person.day()), n))
            continue
        drawn = plan.pools[kind].draw(person, _id(person, kind, n))
        if drawn is not None:
            events.append(drawn)
    events.sort(key=_order)
    return events


def _event(plan: Plan, person: Person, kind: str, fields: dict[str, Any], n: int) -> Event:
    return plan.models[kind](id=_id(person, kind, n), employee_id=person.id, **fields)


def _id(person: Person, kind: str, n: int) -> str:
    return f"{person.id}-{kind}-{n:03d}"


def _order(event: Event) -> tuple[date, str]:
    return (event.effective_date, event.id or "")

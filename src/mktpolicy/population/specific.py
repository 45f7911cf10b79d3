"""Hand-written generators for the events the core rules turn on, with realistic shares.

Monthly results, leaving, client meals and the operation acts of 002 are written by hand: their
realism matters most (targets, runs of misses, notice periods, the 50-yuan cases), and it rests
on relations between fields that a field-by-field generator would not find.
Each generator returns the event's fields (without `id`, `employee_id` and `type`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from mktpolicy.population.people import Person, add_months

Fields = dict[str, Any]

SEASON = (1.0, 0.8, 1.0, 1.0, 1.05, 1.1, 0.95, 0.95, 1.05, 1.0, 1.1, 1.2)
"""Target by month relative to the year's average (February has the Spring Festival)."""


def monthly_results(person: Person) -> list[Fields]:
    """A result for each month at work. Most employees beat their target; about one in ten
    has a slump of two to six months below it, and anyone may miss a month now and then."""
    rnd = person.rnd
    base = rnd.choice((30_000, 40_000, 50_000, 60_000, 80_000))
    last = person.active_until.month
    slump: range = range(0)
    if person.chance(0.1):
        length = rnd.choice((2, 2, 3, 3, 3, 4, 5, 6))
        start = rnd.randint(1, max(1, last - length + 1))
        slump = range(start, start + length)
    results = []
    for month in range(1, last + 1):
        target = round(base * SEASON[month - 1] / 1000) * 1000
        ratio = rnd.uniform(0.55, 0.97) if month in slump else max(0.3, rnd.gauss(1.12, 0.1))
        results.append(
            {
                "month": date(person.year, month, 1),
                "target": target,
                "actual": round(target * ratio),
                "attendance": rnd.choice((3, 4, 5, 5, 5)),
                "office_discipline": rnd.choice((3, 4, 5, 5, 5)),
                "team_spirit": rnd.choice((4, 4, 5, 5)),
                "professional_conduct": rnd.choice((3, 4, 5, 5)),
            }
        )
    return results


def leaving(person: Person) -> tuple[Fields | None, Fields]:
    """A resignation (or none) and the departure, with the leaving procedure as it went.

    Most give a written month's notice and leave on the day asked; some give short notice,
    leave early, leave without a report, or leave before accounts, handover or signature.
    """
    rnd = person.rnd
    last_day = person.active_until
    left_on = last_day if person.chance(0.85) else last_day - timedelta(days=rnd.randint(3, 14))
    resignation = None
    if person.chance(0.9):
        if person.chance(0.75):
            submitted = add_months(last_day, -1) - timedelta(days=rnd.randint(0, 15))
        else:
            submitted = last_day - timedelta(days=rnd.randint(7, 27))
        left_on = max(left_on, submitted)
        resignation = {
            "submitted_on": submitted,
            "last_day": last_day,
            "in_writing": person.chance(0.95),
        }
    departure = {
        "left_on": left_on,
        "kind": "voluntary",
        "accounts_settled": person.chance(0.92),
        "handover_done": person.chance(0.92),
        "supervisor_signed": person.chance(0.95),
        "receivables_collected": rnd.choice((None, None, True, True, True, True, False)),
    }
    return resignation, departure


def receivables_summaries(person: Person) -> list[Fields]:
    """Last month's receivables summary, at the start of each month (a few late)."""
    summaries = []
    for month in range(1, person.active_until.month):
        due = date(person.year, month + 1, 1)
        late = person.chance(0.08)
        submitted = due + timedelta(
            days=person.rnd.randint(5, 15) if late else person.rnd.randint(0, 4)
        )
        summaries.append({"month": date(person.year, month, 1), "submitted_on": submitted})
    return summaries


def client_meal(person: Person, day: date) -> Fields:
    """Mostly approved in advance, some approved afterwards, a few never; most with a slip."""
    rnd = person.rnd
    held_at = person.at(day, 11, 20)
    roll = rnd.random()
    if roll < 0.9:
        approved_at = held_at - timedelta(minutes=15 * rnd.randint(4, 4 * 72))
    elif roll < 0.96:
        approved_at = held_at + timedelta(minutes=15 * rnd.randint(1, 4 * 48))
    else:
        approved_at = None
    return {
        "held_at": held_at,
        "approved_at": approved_at,
        "meal_slip": person.chance(0.96),
        "customer_id": person.customer(),
        "amount": rnd.randint(150, 3000),
    }


PROMISES = (
    "free_shipping",
    "freight_discount",
    "freight_discount",
    "monthly_settlement",
    "monthly_settlement",
    "settlement_change",
    "settlement_change",
)


def customer_promise(person: Person, day: date) -> Fields:
    """Promises about freight and settlement; about 7% made without authorisation."""
    rnd = person.rnd
    promise = rnd.choice(PROMISES)
    freight = promise in ("free_shipping", "freight_discount")
    return {
        "occurred_on": day,
        "customer_id": person.customer(),
        "promise": promise,
        "authorised": person.chance(0.93),
        "price_difference": rnd.randint(50, 800) if freight else 0,
        "uncollected_receivable": (
            rnd.choice((0, 0, rnd.randint(500, 20_000))) if promise == "monthly_settlement" else 0
        ),
    }


def customer_deduction(person: Person, day: date) -> Fields:
    has_reason = person.chance(0.94)
    processed = not has_reason or person.chance(0.95)
    return {
        "occurred_on": day,
        "customer_id": person.customer(),
        "amount": person.rnd.randint(100, 5000),
        "has_reason": has_reason,
        "authorised": has_reason or person.chance(0.2),
        "verified": processed,
        "recorded_in_writing": processed or person.chance(0.5),
        "reported_to_leader": processed,
    }


def customer_data_taken(person: Person, day: date) -> Fields:
    """Always a breach: copied contacts (10 yuan) or, one in three, deliberate theft (50)."""
    return {
        "occurred_on": day,
        "customer_id": person.customer(),
        "owner_employee_id": person.colleague(),
        "intentional": person.chance(0.35),
        "loss": person.rnd.choice((0, 0, person.rnd.randint(500, 10_000))),
    }


def customer_visit(person: Person, day: date) -> Fields:
    return {"occurred_on": day, "customer_id": person.customer(), "took_place": person.chance(0.98)}


def payment_postponed(person: Person, day: date) -> Fields:
    """Mostly a real postponement (a breach); sometimes the due date only reconfirmed."""
    due = day + timedelta(days=person.rnd.randint(0, 30))
    later = person.chance(0.85)
    return {
        "occurred_on": day,
        "customer_id": person.customer(),
        "contract_due_on": due,
        "new_due_on": due + timedelta(days=person.rnd.randint(7, 60)) if later else due,
        "loss": person.rnd.choice((0, 0, person.rnd.randint(100, 5000))),
    }


def customer_form(person: Person, day: date) -> Fields:
    form = person.rnd.choice(
        ("new_customer_notice", "pickup_notice", "arrears_consent_notice", "liaison_form")
    )
    return {
        "occurred_on": day,
        "customer_id": person.customer(),
        "form": form,
        "filed": person.chance(0.97),
        ("dispatcher_signed" if form == "pickup_notice" else "signed"): person.chance(0.96),
        "leader_approved": form == "arrears_consent_notice" and person.chance(0.93),
    }


def customer_claim(person: Person, day: date) -> Fields:
    first = person.id if person.chance(0.95) else person.colleague()
    return {
        "occurred_on": day,
        "customer_id": person.customer(),
        "first_contact_by": first,
        "kept_after_allocation": first != person.id and person.chance(0.5),
    }


def interested_customer(person: Person, day: date) -> Fields:
    return {
        "occurred_on": day,
        "customer_id": person.customer(),
        "reported_to_leader": person.chance(0.95),
    }


ACTS = (
    "price exception for a repeat order",
    "return of goods outside the contract",
    "delivery to a third-party address",
    "extra samples beyond the quota",
)


def beyond_authority_act(person: Person, day: date) -> Fields:
    return {
        "occurred_on": day,
        "customer_id": person.customer(),
        "description": person.rnd.choice(ACTS),
        "leader_consulted": person.chance(0.93),
    }


GENERATORS: dict[str, Callable[[Person, date], Fields]] = {
    "client_meal": client_meal,
    "customer_promise": customer_promise,
    "customer_deduction": customer_deduction,
    "customer_data_taken": customer_data_taken,
    "customer_visit": customer_visit,
    "payment_postponed": payment_postponed,
    "customer_form": customer_form,
    "customer_claim": customer_claim,
    "interested_customer": interested_customer,
    "beyond_authority_act": beyond_authority_act,
}
"""Generators of one event on a given day, by event `type`."""

STRUCTURAL = ("monthly_result", "resignation", "departure", "receivables_summary")
"""Types generated as a person's history (each month, or once when leaving), not per day."""

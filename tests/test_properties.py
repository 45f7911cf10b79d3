"""A session agrees with a batch; and EVENTS, the stream the durable differential test uses.

The audit properties (order, determinism, citations, fines, monotonicity) are in test_audit.py.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import mktpolicy

POLICY = mktpolicy.load()
EMPLOYEES = st.sampled_from(["A", "B", "C", "D"])
DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31))
MONEY = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)


@st.composite
def resignations(draw: st.DrawFn) -> dict[str, Any]:
    submitted = draw(DAYS)
    return {
        "type": "resignation",
        "employee_id": draw(EMPLOYEES),
        "submitted_on": submitted.isoformat(),
        "last_day": (submitted + timedelta(days=draw(st.integers(0, 70)))).isoformat(),
        "in_writing": draw(st.booleans()),
    }


@st.composite
def departures(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "type": "departure",
        "employee_id": draw(EMPLOYEES),
        "left_on": draw(DAYS).isoformat(),
        "kind": draw(st.sampled_from(["voluntary", "voluntary", "dismissal", None])),
        "accounts_settled": draw(st.booleans()),
        "handover_done": draw(st.booleans()),
        "supervisor_signed": draw(st.booleans()),
    }


@st.composite
def months(draw: st.DrawFn) -> dict[str, Any]:
    score = st.integers(0, 5)
    return {
        "type": "monthly_result",
        "employee_id": draw(EMPLOYEES),
        "month": f"2024-{draw(st.integers(1, 12)):02d}",
        "target": "1000",
        "actual": str(draw(st.sampled_from([0, 999, 1000, 1001, 5000]))),
        "attendance": draw(score),
        "office_discipline": draw(score),
        "team_spirit": draw(score),
        "professional_conduct": draw(score),
    }


@st.composite
def promises(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "type": "customer_promise",
        "employee_id": draw(EMPLOYEES),
        "occurred_on": draw(DAYS).isoformat(),
        "customer_id": "C1",
        "promise": draw(
            st.sampled_from(
                ["free_shipping", "freight_discount", "monthly_settlement", "settlement_change"]
            )
        ),
        "authorised": draw(st.booleans()),
        "price_difference": str(draw(MONEY)),
    }


@st.composite
def meals(draw: st.DrawFn) -> dict[str, Any]:
    held = datetime(2024, 5, 10, 12) + timedelta(hours=draw(st.integers(0, 2000)))
    approved = draw(st.none() | st.integers(-48, 48).map(lambda h: held + timedelta(hours=h)))
    return {
        "type": "client_meal",
        "employee_id": draw(EMPLOYEES),
        "held_at": held.isoformat(),
        "meal_slip": draw(st.booleans()),
        "approved_at": approved.isoformat() if approved else None,
    }


EVENTS = st.lists(
    st.one_of(resignations(), departures(), months(), promises(), meals()), max_size=25
).map(lambda evs: [dict(e, id=f"ev{i}") for i, e in enumerate(evs)])


def as_json(verdicts: list[mktpolicy.Verdict]) -> list[str]:
    return [v.model_dump_json() for v in verdicts]


@given(EVENTS)
def test_a_session_fed_one_event_at_a_time_agrees_with_the_batch(events):
    session = POLICY.session()
    for event in events:
        session.add(event)
    assert as_json(session.verdicts()) == as_json(POLICY.evaluate(events))

"""Across the end of the calendar's data, both backends give the same verdicts, undetermined
ones included, and a condition that needs missing data is never read as false."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mktpolicy
from mktpolicy.spec.models import Outcome

from .conftest import BACKENDS
from .test_time_calendar import MADE_UP_2027

pytestmark = pytest.mark.skipif("durable" not in BACKENDS, reason="needs durable_rules")

AS_OF = date(2027, 6, 1)


@st.composite
def field_days(draw: st.DrawFn) -> list[dict[str, object]]:
    events = []
    for n in range(draw(st.integers(1, 6))):
        day = draw(st.dates(min_value=date(2026, 12, 1), max_value=date(2027, 1, 31)))
        event: dict[str, object] = {
            "type": "field_day",
            "id": f"f{n}",
            "employee_id": draw(st.sampled_from(["E1", "E2"])),
            "day": day.isoformat(),
            "signed_in_at_office": draw(st.booleans()),
        }
        if draw(st.booleans()):
            offset = draw(st.integers(-10, 3))
            event["notified_on"] = (day + timedelta(days=offset)).isoformat()
        events.append(event)
    return events


@pytest.fixture(scope="module")
def policies() -> tuple[mktpolicy.Policy, mktpolicy.Policy]:
    return (
        mktpolicy.load().with_parameters({"conduct.field_notice_working_day": True}).at(AS_OF),
        mktpolicy.load(backend="durable")
        .with_parameters({"conduct.field_notice_working_day": True})
        .at(AS_OF),
    )


@settings(max_examples=60, deadline=None)
@given(events=field_days())
def test_both_backends_agree_past_the_calendar_data(policies, events) -> None:
    native, durable = policies
    found = native.evaluate(events)
    assert found == durable.evaluate(events)
    days = {str(e["id"]): str(e["day"]) for e in events}
    for verdict in found:
        if verdict.outcome is Outcome.UNDETERMINED:
            assert verdict.missing is not None
            assert "2027" in verdict.missing
        if verdict.rule == "field-day-notice-late" and verdict.outcome is not Outcome.UNDETERMINED:
            # judged only where the data could say so: the search for the working day before
            # the field day starts the day before it, which must be in 2026
            assert days[verdict.events[0]] <= "2027-01-01"


@settings(max_examples=40, deadline=None)
@given(events=field_days())
def test_an_undetermined_rule_is_never_silently_passed(policies, events) -> None:
    """Every late-notice candidate (a notice, no sign-in) is judged or undetermined: the
    verdicts with a supplied calendar are a subset of those left open or judged without."""
    native, _ = policies
    supplied = native.with_calendar(MADE_UP_2027)
    without = {(v.events, v.rule) for v in native.evaluate(events)}
    with_data = {(v.events, v.rule) for v in supplied.evaluate(events)}
    assert with_data <= without

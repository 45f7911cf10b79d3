"""Dates that cannot be true are bad input: a named field, with file:line, like any EventError."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mktpolicy
from mktpolicy import clock, strategies
from mktpolicy.events import EVENT_MODELS
from mktpolicy.events.reader import read_events, to_event

from .test_time_schemas import MONTHLY

ORDERED = [model for model in EVENT_MODELS if model.in_order]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            {
                "type": "resignation",
                "employee_id": "E1",
                "submitted_on": "2024-03-20",
                "last_day": "2024-03-01",
            },
            "field 'last_day': 2024-03-01 is before submitted_on 2024-03-20",
        ),
        (
            {
                "type": "leave_taken",
                "employee_id": "E1",
                "kind": "sick",
                "starts_on": "2024-05-10",
                "ends_on": "2024-05-01",
            },
            "field 'ends_on': 2024-05-01 is before starts_on 2024-05-10",
        ),
        (
            {
                "type": "probation",
                "employee_id": "E1",
                "starts_on": "2024-05-10",
                "ends_on": "2024-05-10",
            },
            "field 'ends_on': 2024-05-10 is on or before starts_on 2024-05-10",
        ),
        (
            {
                "type": "monthly_report",
                "employee_id": "E1",
                "kind": "shipments_and_stock",
                "month": "2024-05",
                "submitted_on": "2024-04-30",
            },
            "field 'submitted_on': 2024-04-30 is before month 2024-05",
        ),
    ],
)
def test_an_impossible_date_names_its_field_and_line(tmp_path: Path, record, message) -> None:
    path = tmp_path / "events.jsonl"
    good = {"type": "trip_day", "employee_id": "E1", "day": "2024-05-02", "contacts": 1}
    path.write_text(json.dumps(good) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(mktpolicy.EventError) as caught:
        read_events(path)
    assert str(caught.value).startswith(f"{path}:2: {message}")
    assert caught.value.line == 2


def test_a_month_result_for_a_month_not_yet_ended_is_bad_input() -> None:
    this_month = clock.today().replace(day=1)
    record = {**MONTHLY, "month": f"{this_month:%Y-%m}"}
    with pytest.raises(mktpolicy.EventError, match=r"field 'month': \d{4}-\d{2} has not ended"):
        to_event(record)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    to_event({**record, "month": f"{last_month:%Y-%m}"})


@pytest.mark.parametrize("model", ORDERED, ids=lambda m: m.__name__)
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_every_ordered_pair_is_checked_on_every_model(model, data) -> None:
    event = data.draw(strategies.events(model))  # strategies draw only possible dates
    for pair in model.in_order:
        record = json.loads(event.model_dump_json())
        first = getattr(event, pair.earlier)
        if first is None:
            continue
        record[pair.later] = (first - timedelta(days=40)).isoformat()
        with pytest.raises(mktpolicy.EventError, match=f"field '{pair.later}': "):
            to_event(record)

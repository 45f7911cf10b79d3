"""Working days come from the official calendar; a year without data is an error, not a guess."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mktpolicy
from mktpolicy import calendar

DAYS = st.dates(min_value=date(2004, 2, 15), max_value=date(2026, 11, 30))


def test_holidays_and_adjusted_working_weekends():
    assert not calendar.is_working_day(date(2024, 10, 1))  # National Day
    assert calendar.is_working_day(date(2024, 10, 12))  # a Saturday worked to make up for it
    assert calendar.previous_working_day(date(2024, 10, 8)) == date(2024, 9, 30)
    assert calendar.next_working_day(date(2024, 9, 30)) == date(2024, 10, 8)


@given(DAYS)
def test_previous_working_day_is_the_nearest_one_before(day):
    before = calendar.previous_working_day(day)
    assert before < day
    assert calendar.is_working_day(before)
    between = before + timedelta(days=1)
    while between < day:
        assert not calendar.is_working_day(between)
        between += timedelta(days=1)


def test_a_year_without_official_data_is_a_calendar_error():
    with pytest.raises(mktpolicy.CalendarError, match="no official working-day data for 2027"):
        calendar.is_working_day(date(2027, 1, 4))


def test_a_verdict_on_a_year_without_data_is_undetermined_not_an_error():
    event = {
        "type": "field_day",
        "employee_id": "E1",
        "day": "2027-03-01",
        "signed_in_at_office": False,
        "notified_on": "2027-02-26",
    }
    [verdict] = (
        mktpolicy.load()
        .with_parameters({"conduct.field_notice_working_day": True})
        .evaluate([event])
    )
    assert verdict.outcome == "undetermined"
    assert verdict.missing is not None
    assert "2027" in verdict.missing


def test_verdicts_record_the_calendar_version_when_they_use_it():
    policy = mktpolicy.load().with_parameters({"conduct.field_notice_working_day": True})
    [late] = policy.evaluate(
        [
            {
                "type": "field_day",
                "employee_id": "E1",
                "day": "2024-10-08",
                "signed_in_at_office": False,
                "notified_on": "2024-10-07",
            }
        ]
    )
    assert late.calendar is not None
    assert late.calendar.startswith("chinesecalendar ")
    [meal] = policy.evaluate(
        [
            {
                "type": "client_meal",
                "employee_id": "E1",
                "held_at": "2024-05-10T12:00:00",
                "meal_slip": True,
            }
        ]
    )
    assert meal.calendar is None

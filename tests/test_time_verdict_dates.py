"""A verdict is dated the day the last fact it needs exists (docs/readings.md, "Time:
readings"): a month's result at the month's end, a late act on its day, a probation's business
at the probation's end, a missed deadline the day after it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import mktpolicy

from .conftest import BACKENDS
from .test_duty_outcomes import REPORT, _rulebook


def result(ident: str, month: str, actual: int) -> dict[str, object]:
    return {
        "type": "monthly_result",
        "id": ident,
        "employee_id": "E1",
        "month": month,
        "target": 1000,
        "actual": actual,
        "attendance": 5,
        "office_discipline": 5,
        "team_spirit": 5,
        "professional_conduct": 5,
    }


@pytest.fixture(params=BACKENDS)
def policy(request: pytest.FixtureRequest) -> mktpolicy.Policy:
    return mktpolicy.load(backend=request.param).at(date(2024, 12, 31))


def dates(policy: mktpolicy.Policy, events: list[dict[str, object]]) -> dict[str, date]:
    return {v.rule: v.date for v in policy.evaluate(events)}


def test_a_run_of_months_is_dated_at_the_end_of_its_last_month(policy) -> None:
    months = [result("m2", "2024-02", 100), result("m3", "2024-03", 100)]
    months.append(result("m4", "2024-04", 100))
    assert dates(policy, months)["transfer-or-dismissal"] == date(2024, 4, 30)


def test_a_probation_result_is_dated_when_the_probation_ends(policy) -> None:
    probation = {
        "type": "probation",
        "id": "p1",
        "employee_id": "E2",
        "starts_on": "2024-01-01",
        "ends_on": "2024-04-30",
        "business_amount": 10,
    }
    found = dates(policy, [probation])
    assert found["probation-target-missed"] == date(2024, 4, 30)
    assert found["probation-length-not-standard"] == date(2024, 1, 1)  # known at the start


def test_a_late_act_is_dated_on_the_day_it_happened(policy) -> None:
    summary = {
        "type": "receivables_summary",
        "id": "s1",
        "employee_id": "S1",
        "month": "2024-04",
        "submitted_on": "2024-05-06",
    }
    assert dates(policy, [summary])["fine-operation-breach"] == date(2024, 5, 6)
    meal = {
        "type": "client_meal",
        "id": "c1",
        "employee_id": "E3",
        "held_at": "2024-05-10T19:00:00",
        "approved_at": "2024-05-13T09:00:00",
        "meal_slip": True,
    }
    assert dates(policy, [meal])["meal-approved-afterwards"] == date(2024, 5, 13)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_missed_deadline_is_dated_the_day_after_it(tmp_path: Path, backend: str) -> None:
    small = mktpolicy.load(_rulebook(tmp_path), backend=backend)
    event = {**REPORT, "due_on": "2024-03-15"}
    (pending,) = small.at(date(2024, 3, 15)).evaluate([event])
    assert pending.date == date(2024, 3, 15)
    (missed,) = small.at(date(2024, 4, 1)).evaluate([event])
    assert missed.date == date(2024, 3, 16)


def test_an_undetermined_verdict_is_dated_like_a_judged_one() -> None:
    event = {
        "type": "field_day",
        "id": "f1",
        "employee_id": "E1",
        "day": "2027-01-04",
        "signed_in_at_office": False,
        "notified_on": "2027-01-06",
    }
    (open_,) = (
        mktpolicy.load()
        .with_parameters({"conduct.field_notice_working_day": True})
        .at(date(2027, 3, 1))
        .evaluate([event])
    )
    assert open_.outcome == "undetermined"
    assert open_.date == date(2027, 1, 6)  # the notice, the last fact the rule reads

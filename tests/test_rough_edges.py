"""Rough edges an HR officer met (issue 21): the summary's compensation and plurals, the example's
path, one rule for booleans in JSON and CSV, and Session.facts that cannot miss by a typo."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import mktpolicy
from mktpolicy.cli.inputs import read_inputs
from mktpolicy.cli.reporters import Summary
from mktpolicy.policy import bundled_rules

from .test_html_report import check

RESIGNATION = {
    "type": "resignation",
    "employee_id": "E1",
    "submitted_on": "2024-01-02",
    "last_day": "2024-03-01",
}
MONTH = {
    "type": "monthly_result",
    "employee_id": "S1",
    "month": "2024-03",
    "target": "100",
    "actual": "80",
    "attendance": 5,
    "office_discipline": 5,
    "team_spirit": 5,
    "professional_conduct": 5,
}


def test_the_summary_totals_compensation_and_counts_in_the_singular():
    status, out, _ = check("--example")
    assert status == 1
    last = out.strip().splitlines()[-1]
    assert last == (
        "14 events, 7 verdicts, 7 violations, 0 warnings, fines 60 yuan, compensation 300 yuan"
    )
    one = Summary(events=1, verdicts=1, violations=1, warnings=1, fines=Decimal(0))
    assert one.line().startswith("1 event, 1 verdict, 1 violation, 1 warning, ")


def test_the_streamed_summary_totals_compensation_too():
    _, out, _ = check("--example", "--stream")
    assert out.strip().endswith("fines 60 yuan, compensation 300 yuan")


def test_json_and_sarif_total_compensation_too():
    _, out, _ = check("--example", "--format", "json")
    assert json.loads(out)["summary"]["compensation"] == "300"
    _, out, _ = check("--example", "--format", "sarif")
    assert json.loads(out)["runs"][0]["properties"]["compensation"] == "300"


def test_the_example_is_shown_from_the_package_not_from_site_packages():
    _, out, _ = check("--example")
    assert "events: hr-1001 (mktpolicy/examples/events.jsonl:1)" in out
    assert "site-packages" not in out


@pytest.mark.parametrize("value", ["yes", "N", "no", "y", 1, 0, "1", "on", "true", "False"])
def test_json_takes_only_true_and_false_as_booleans(tmp_path: Path, value: object):
    events = tmp_path / "e.jsonl"
    events.write_text(json.dumps(RESIGNATION | {"in_writing": value}) + "\n")
    status, _, err = check(str(events))
    assert status == 2
    assert f"{events}:1: field 'in_writing': write true or false (got {value!r})" in err


@pytest.mark.parametrize("value", ["yes", "N", "no", "1", "0", "on"])
def test_csv_refuses_the_same_words(tmp_path: Path, value: str):
    events = tmp_path / "e.csv"
    events.write_text(
        "type,employee_id,submitted_on,last_day,in_writing\n"
        f"resignation,E1,2024-01-02,2024-03-01,{value}\n"
    )
    status, _, err = check(str(events))
    assert status == 2
    assert f"{events}:2: field 'in_writing': write true or false (got {value!r})" in err


def test_true_and_false_read_the_same_in_json_and_csv(tmp_path: Path):
    jsonl = tmp_path / "e.jsonl"
    jsonl.write_text(json.dumps(RESIGNATION | {"in_writing": False}) + "\n")
    csv = tmp_path / "e.csv"
    csv.write_text(
        "type,employee_id,submitted_on,last_day,in_writing\n"
        "resignation,E1,2024-01-02,2024-03-01,FALSE\n"
    )
    (from_json,) = read_inputs([jsonl]).events
    (from_csv,) = read_inputs([csv]).events
    assert from_json == from_csv
    assert from_json.in_writing is False  # type: ignore[attr-defined]


def test_the_python_api_takes_booleans_only():
    policy = mktpolicy.load()
    with pytest.raises(mktpolicy.EventError, match="field 'in_writing': write true or false"):
        policy.evaluate([RESIGNATION | {"in_writing": "no"}])
    assert policy.evaluate([RESIGNATION | {"in_writing": True}]) == []


def test_session_facts_by_name_and_by_class():
    policy = mktpolicy.load()
    session = policy.session()
    session.add(MONTH)
    monthly_score = policy.fact_type("MonthlyScore")
    by_class = session.facts(monthly_score)
    assert len(by_class) == 1
    assert isinstance(by_class[0], monthly_score)
    assert session.facts("MonthlyScore") == by_class


def test_a_mistyped_fact_type_is_an_error_naming_the_nearest():
    session = mktpolicy.load().session()
    session.add(MONTH)
    with pytest.raises(mktpolicy.FactTypeError, match="did you mean 'MonthlyScore'"):
        session.facts("MonthlyScores")
    with pytest.raises(LookupError, match="'MonthlyResult' is an event type"):
        session.facts("MonthlyResult")


def test_a_class_of_another_loaded_policy_is_refused():
    session = mktpolicy.load().session()
    other = mktpolicy.load(bundled_rules()).fact_type("MonthlyScore")  # compiled again
    with pytest.raises(mktpolicy.FactTypeError, match="another loaded policy"):
        session.facts(other)

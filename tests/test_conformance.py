"""The scenario suite: the bundled rulebook's own cases (rules/tests/), on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest

import mktpolicy
from mktpolicy.cli.policy_tests import bundled_cases
from mktpolicy.conformance import LoadedCase, load_cases, run_case

from .conftest import BACKENDS

CASES: list[LoadedCase] = [
    case for path in sorted(bundled_cases().glob("*.cases")) for case in load_cases(path)
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: LoadedCase, backend: str):
    problems = run_case(mktpolicy.load(backend=backend), case.case)
    assert not problems, "\n".join(problems)


def test_every_family_has_cases():
    files = {Path(c.file).stem for c in CASES}
    assert {"leaving", "discipline", "performance", "meals"} <= files


def test_a_case_fails_when_a_verdict_or_fact_differs():
    from mktpolicy.conformance import Case

    month = {
        "type": "monthly_result",
        "employee_id": "E1",
        "month": "2024-01",
        "target": 1000,
        "actual": 900,
        "attendance": 5,
        "office_discipline": 4,
        "team_spirit": 3,
        "professional_conduct": 2,
    }
    wrong = Case.model_validate(
        {
            "note": "deliberately wrong",
            "events": [month],
            "expect": [{"rule": "transfer-or-dismissal", "subject": "E1"}],
            "expect_facts": [{"fact": "MonthlyScore", "subject": "E1", "fields": {"total": 99}}],
        }
    )
    problems = run_case(mktpolicy.load(), wrong)
    assert any("expected transfer-or-dismissal" in p for p in problems)
    assert any("expected fact" in p for p in problems)

"""The durable_rules backend: same verdicts as native, and its known hazards contained."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import mktpolicy

pytest.importorskip("durable")

from mktpolicy.backends.durable import DurableBackend

from .test_cli import run
from .test_properties import EVENTS

NATIVE = mktpolicy.load()
DURABLE = mktpolicy.load(backend="durable")
EXAMPLE = Path(__file__).parent.parent / "src" / "mktpolicy" / "examples" / "events.jsonl"


def as_json(verdicts: list[mktpolicy.Verdict]) -> list[str]:
    return [v.model_dump_json() for v in verdicts]


def population(employees: int) -> list[dict[str, Any]]:
    """A deterministic mix: three missed months for every third employee, breaches, meals."""
    events: list[dict[str, Any]] = []
    for n in range(employees):
        who = f"E{n:05d}"
        for month in range(1, 5):
            actual = 100 if n % 3 == 0 and month < 4 else 2000
            events.append(
                {
                    "type": "monthly_result",
                    "id": f"{who}-m{month}",
                    "employee_id": who,
                    "month": f"2024-{month:02d}",
                    "target": 1000,
                    "actual": actual,
                    "attendance": 5,
                    "office_discipline": 5,
                    "team_spirit": 5,
                    "professional_conduct": 5,
                }
            )
        events.append(
            {
                "type": "customer_promise",
                "id": f"{who}-p",
                "employee_id": who,
                "occurred_on": "2024-04-02",
                "customer_id": "C",
                "promise": ["freight_discount", "settlement_change"][n % 2],
                "authorised": n % 5 == 0,
                "price_difference": 30,
            }
        )
    return events


@settings(max_examples=500)
@given(EVENTS)
def test_random_streams_get_identical_verdicts_on_both_backends(events):
    assert as_json(DURABLE.evaluate(events)) == as_json(NATIVE.evaluate(events))


def test_more_than_1024_employees_in_one_batch_agree_with_native():
    events = population(5000)
    durable = DURABLE.evaluate(events)
    assert as_json(durable) == as_json(NATIVE.evaluate(events))
    assert sum(v.rule == "transfer-or-dismissal" for v in durable) == 1667


@pytest.mark.slow
def test_twenty_thousand_sessions_do_not_exhaust_durable_states():
    """durable_rules allows 1,024 live states; each run deletes its own."""
    event = {
        "type": "client_meal",
        "employee_id": "E1",
        "held_at": "2024-05-10T12:00",
        "meal_slip": False,
    }
    for n in range(20_000):
        session = DURABLE.session()
        assert len(session.add(dict(event, id=f"m{n}"))) == 2


def test_two_policies_with_different_parameters_run_side_by_side():
    reform = DURABLE.with_parameters({"fines.operation_breach": 20})
    breach = {
        "type": "customer_promise",
        "id": "p",
        "employee_id": "S",
        "occurred_on": "2024-04-02",
        "customer_id": "C",
        "promise": "settlement_change",
        "authorised": False,
    }
    for _ in range(3):
        assert reform.evaluate([breach])[0].fine == 20
        assert DURABLE.evaluate([breach])[0].fine == 10
    assert reform.backend == "durable"


def test_no_polling_threads_are_started():
    before = threading.active_count()
    policies = [
        mktpolicy.load(backend="durable").with_parameters({"fines.operation_breach": n})
        for n in range(11, 16)
    ]
    for policy in policies:
        policy.evaluate([json.loads(line) for line in EXAMPLE.read_text().splitlines()])
    assert threading.active_count() == before


def test_one_policy_from_eight_threads_gives_serial_results():
    events = population(300)
    expected = as_json(DURABLE.evaluate(events))
    results: list[list[str]] = []
    threads = [
        threading.Thread(target=lambda: results.append(as_json(DURABLE.evaluate(events))))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8


def test_facts_that_match_no_rule_are_not_errors():
    departure = {
        "type": "departure",
        "id": "d",
        "employee_id": "E",
        "left_on": "2024-03-01",
        "accounts_settled": True,
        "handover_done": True,
        "supervisor_signed": True,
    }
    resignation = {
        "type": "resignation",
        "id": "r",
        "employee_id": "E",
        "submitted_on": "2024-01-02",
        "last_day": "2024-03-01",
    }
    assert DURABLE.evaluate([departure, resignation]) == []


def test_an_exception_in_an_action_is_raised_not_swallowed():
    class Failing(DurableBackend):
        def _action(self, rule_index):  # type: ignore[no-untyped-def]
            def fail(c):  # type: ignore[no-untyped-def]
                self._local.errors.append(RuntimeError("boom"))

            return fail

    backend = Failing(NATIVE.program)
    event = mktpolicy.events.ClientMeal(
        employee_id="E",
        held_at="2024-05-10T12:00",  # type: ignore[arg-type]
        meal_slip=False,
    )
    with pytest.raises(mktpolicy.BackendError, match="boom"):
        backend.run("E", [event])


def test_a_condition_durable_cannot_express_is_refused_clearly(tmp_path: Path):
    import shutil

    root = tmp_path / "rules"
    shutil.copytree(mktpolicy.policy.bundled_rules(), root)
    (root / "mixed.yaml").write_text(
        "rules:\n"
        "  - id: mixed-terms\n"
        "    title: a term mixing two facts\n"
        "    cites: ['000.P1.2.8']\n"
        "    when:\n"
        "      - {fact: Departure, as: d}\n"
        "      - fact: Resignation\n"
        "        as: r\n"
        "        where: 'days_between(r.submitted_on, d.left_on) < 30'\n"
        "    then: {verdict: {outcome: warning, message: x}}\n"
    )
    with pytest.raises(mktpolicy.BackendError, match="mixed-terms"):
        mktpolicy.load(root, backend="durable")
    assert mktpolicy.load(root).evaluate([]) == []


def test_check_command_runs_on_the_durable_backend():
    native = run("check", "--example", "--format", "json")
    durable = run("check", "--example", "--format", "json", "--backend", "durable")
    assert durable.returncode == native.returncode == 1
    assert json.loads(durable.stdout) == json.loads(native.stdout)

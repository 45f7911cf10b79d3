"""The fidelity review of 002's fine schedule and 000 (七)(八)'s documents rules (issues 16, 23):
bearers, another party's acts, and the share of a loss the text leaves to the company."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import mktpolicy
from mktpolicy.cli.main import cli
from mktpolicy.events.base import field_actor
from mktpolicy.events.models.documents import Shipment, TransferSlip
from mktpolicy.events.models.operations import (
    CustomerDeduction,
    CustomerForm,
    CustomerPromise,
    CustomerStatement,
    ReturnVisit,
    StorageBilling,
)
from mktpolicy.ir.passes.check_bearers import check_bearers
from mktpolicy.spec.models import Outcome

from .conftest import BACKENDS

MY_FILES = ("discipline.yaml", "documents.yaml")


def test_every_rule_of_these_files_states_its_bearer_and_examines_its_act() -> None:
    program = mktpolicy.load().program
    mine = {rule.id for rule in program.rules if rule.file.endswith(MY_FILES)}
    assert len(mine) > 60
    assert [p for p in check_bearers(program) if p.rule in mine] == []


@pytest.mark.parametrize(
    ("model", "field", "role"),
    [
        (CustomerForm, "signed", "head_of_department_concerned"),
        (CustomerForm, "dispatcher_signed", "dispatcher"),
        (CustomerForm, "leader_approved", "department_leader"),
        (CustomerForm, "filed", None),
        (CustomerDeduction, "authorised", "department_leader"),
        (CustomerPromise, "authorised", "department_leader"),
        (ReturnVisit, "satisfaction_survey", "customer"),
        (ReturnVisit, "survey_requested", None),
        (CustomerStatement, "customer_confirmed", "customer"),
        (CustomerStatement, "confirmation_requested", None),
        (StorageBilling, "fee_collected", "customer"),
        (StorageBilling, "fee_billed", None),
        (TransferSlip, "head_approved", "marketing_head"),
        (TransferSlip, "salesperson_signed", "salesperson"),
        (TransferSlip, "submitted_for_approval", None),
        (Shipment, "salesperson_signed", "salesperson"),
    ],
)
def test_fields_record_whose_act_they_are(model: type, field: str, role: str | None) -> None:
    assert field_actor(model, field) == role


@pytest.fixture(params=BACKENDS)
def policy(request: pytest.FixtureRequest) -> mktpolicy.Policy:
    return mktpolicy.load(backend=request.param)


POSTPONED = {
    "type": "payment_postponed",
    "id": "q1",
    "employee_id": "S1",
    "occurred_on": "2024-04-05",
    "customer_id": "C9",
    "contract_due_on": "2024-04-30",
    "new_due_on": "2024-05-31",
    "loss": 200,
}


def test_the_share_of_a_loss_is_to_be_decided_until_the_company_sets_it(
    policy: mktpolicy.Policy,
) -> None:
    (verdict,) = policy.evaluate([POSTPONED])
    assert verdict.rule == "fine-operation-breach-share-undecided"
    assert verdict.fine == 10
    assert verdict.compensation is None
    assert "loss of 200 yuan" in verdict.message
    assert "the share is to be decided" in verdict.message
    (set_share,) = policy.with_parameters({"fines.loss_share": Decimal("0.3")}).evaluate(
        [POSTPONED]
    )
    assert set_share.rule == "fine-operation-breach"
    assert set_share.compensation is not None
    assert set_share.compensation.amount == 60
    assert "to be decided" not in set_share.message


def test_the_default_share_is_unset() -> None:
    parameter = mktpolicy.load().program.parameters["fines.loss_share"]
    assert parameter.at(date(2024, 1, 1)) == 0


def test_a_false_visit_report_is_absenteeism_and_nothing_else(policy: mktpolicy.Policy) -> None:
    visit = {
        "type": "customer_visit",
        "id": "v1",
        "employee_id": "S1",
        "occurred_on": "2024-04-06",
        "customer_id": "C9",
        "took_place": False,
    }
    (verdict,) = policy.evaluate([visit])
    assert verdict.rule == "false-visit-as-absenteeism"
    assert verdict.fine is None
    assert verdict.consequence is not None
    assert verdict.consequence.id == "treated_as_absenteeism"


UNSIGNED_STUB = {
    "type": "customer_form",
    "id": "f1",
    "employee_id": "S1",
    "occurred_on": "2024-04-02",
    "customer_id": "C1",
    "form": "liaison_form",
    "filed": True,
    "signed": False,
}
"""A liaison form the handler filled in and handed over, its stub left unsigned by the head."""


def test_an_unsigned_stub_is_never_the_handlers_verdict(policy: mktpolicy.Policy) -> None:
    form = UNSIGNED_STUB
    verdicts = policy.evaluate([form])
    assert [(v.outcome, v.subject, v.concerns, v.fine) for v in verdicts] == [
        (Outcome.FINDING, "head_of_department_concerned", "S1", None)
    ]


def test_arrears_are_not_owed_before_the_promised_date(policy: mktpolicy.Policy) -> None:
    form = {
        "type": "customer_form",
        "id": "a1",
        "employee_id": "S1",
        "occurred_on": "2024-04-02",
        "customer_id": "C1",
        "form": "arrears_consent_notice",
        "filed": True,
        "leader_approved": True,
        "arrears_promised_on": "2024-04-30",
        "collection_pursued": False,
    }
    (before,) = policy.at(date(2024, 4, 30)).evaluate([form])
    assert (before.outcome, before.fine) == (Outcome.PENDING, None)
    (after,) = policy.at(date(2024, 5, 1)).evaluate([form])
    assert (after.outcome, after.fine) == (Outcome.VIOLATION, 10)


def test_the_english_of_002_s9_2_asks_the_customer() -> None:
    clause = mktpolicy.load().program.clauses["002.S9.2"]
    assert "ask the customer to confirm" in clause.text_en


def test_sarif_reports_findings_and_pending_verdicts(tmp_path: Path) -> None:
    """Before, any rule with a `finding` outcome made `check --format sarif` fail (KeyError)."""
    from mktpolicy.cli.reporters.sarif import LEVELS

    assert set(LEVELS) == set(Outcome)
    events = tmp_path / "events.jsonl"
    form = UNSIGNED_STUB
    events.write_text(json.dumps(form) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(events), "--format", "sarif"])
    assert result.exception is None, result.output
    (run,) = json.loads(result.stdout)["runs"]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("liaison-form-stub-not-signed", "warning")
    ]

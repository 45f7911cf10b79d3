"""Document 000's assessment, leaving, conduct, performance and conflicts rules: whose duty each
verdict is (docs/readings.md, "000 assessment, leaving and conduct: readings from the fidelity
review")."""

from __future__ import annotations

from pathlib import Path

import mktpolicy
from mktpolicy.cli.reporters.sarif import LEVELS
from mktpolicy.events.reader import to_event
from mktpolicy.ir.passes.check_bearers import check_bearers
from mktpolicy.spec.models import Outcome

FILES = {"leaving.yaml", "conduct.yaml", "assessment.yaml", "performance.yaml", "conflicts.yaml"}


def test_every_verdict_rule_of_these_files_states_a_bearer_whose_act_it_examines() -> None:
    program = mktpolicy.load().program
    files = {rule.id: Path(rule.file).name for rule in program.rules}
    assert set(files.values()) >= FILES
    problems = [(p.rule, p.problem) for p in check_bearers(program) if files[p.rule] in FILES]
    assert problems == []


def test_every_outcome_has_a_sarif_level() -> None:
    """A rulebook with a finding or a lapsed right crashed the SARIF reporter (KeyError)."""
    assert set(LEVELS) == set(Outcome)


def test_the_old_name_of_the_lineal_relative_field_is_still_read() -> None:
    fields = {
        "type": "personal_investment",
        "employee_id": "E1",
        "reported_on": "2024-02-01",
        "investee": "Customer Co",
        "manages_partner_or_competitor": False,
        "investee_is_customer_or_competitor": True,
        "advantage_through_position": False,
    }
    old = to_event({**fields, "through_relative_or_friend": True})
    new = to_event({**fields, "through_lineal_relative_or_friend": True})
    assert old == new


def test_the_day_before_is_the_calendar_day_unless_a_company_chooses_working_days() -> None:
    """前一天 (000.P2.1.3): a Sunday notice for Monday is in time by default; read as the previous
    working day it is late. The calendar reading needs no official calendar data (2031)."""
    policy = mktpolicy.load()
    sunday_for_monday = {
        "type": "field_day",
        "employee_id": "E1",
        "day": "2024-10-14",
        "signed_in_at_office": False,
        "notified_on": "2024-10-13",
    }
    assert policy.evaluate([sunday_for_monday]) == []
    working = policy.with_parameters({"conduct.field_notice_working_day": True})
    assert [v.rule for v in working.evaluate([sunday_for_monday])] == ["field-day-notice-late"]
    beyond_the_calendar = {**sunday_for_monday, "day": "2031-01-06", "notified_on": "2031-01-06"}
    (late,) = policy.evaluate([beyond_the_calendar])
    assert "by the end of 2031-01-05" in (late.explanation.would_comply or "")

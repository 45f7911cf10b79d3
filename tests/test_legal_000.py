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

"""The whole bundled rulebook: every verdict rule states whose duty it judges, and files its
verdict on a party whose act it examines (docs/readings.md, "Who owes the duty")."""

from __future__ import annotations

import mktpolicy
from mktpolicy.ir.model import VerdictAction
from mktpolicy.ir.passes.check_bearers import check_bearers
from mktpolicy.spec.models import Outcome


def test_no_rule_files_a_verdict_on_someone_whose_act_it_does_not_examine() -> None:
    program = mktpolicy.load().program
    assert [(p.rule, p.problem) for p in check_bearers(program)] == []


def test_findings_and_lapsed_rights_carry_no_fine() -> None:
    for rule in mktpolicy.load().program.rules:
        action = rule.action
        if isinstance(action, VerdictAction) and action.outcome in (
            Outcome.FINDING,
            Outcome.LAPSED,
        ):
            assert action.fine is None, rule.id
            assert action.compensation is None, rule.id
            assert (action.bearer is None) == (action.outcome is Outcome.LAPSED), rule.id

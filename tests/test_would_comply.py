"""Every rule that finds fault says what would have complied, and it renders (issue 21).

The people who act on a verdict are HR officers and the employee; a violation without the way
to have avoided it leaves them to read the clause and guess.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

import mktpolicy
from mktpolicy.cli.policy_tests import bundled_cases
from mktpolicy.conformance import evaluate_case, load_cases
from mktpolicy.ir.model import VerdictAction
from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.model import Verdict

FAULTS = frozenset({Outcome.VIOLATION, Outcome.WARNING, Outcome.FINDING})


def fault_rules() -> dict[str, VerdictAction]:
    program = mktpolicy.load().program
    return {
        rule.id: rule.action
        for rule in program.rules
        if isinstance(rule.action, VerdictAction) and rule.action.outcome in FAULTS
    }


@cache
def bundled_verdicts() -> tuple[Verdict, ...]:
    """The verdicts of every bundled case, as `mktpolicy test` produces them."""
    policy = mktpolicy.load()
    return tuple(
        verdict
        for path in sorted(bundled_cases().glob("*.cases"))
        for loaded in load_cases(path)
        for verdict in evaluate_case(policy, loaded.case).verdicts
    )


def test_every_violation_warning_and_finding_rule_says_what_would_have_complied() -> None:
    rules = fault_rules()
    assert len(rules) > 100  # the whole rulebook, not an empty selection
    assert [rule for rule, action in rules.items() if action.would_comply is None] == []


def test_would_comply_renders_for_every_fault_verdict_of_the_bundled_cases() -> None:
    rules = fault_rules()
    faults = [v for v in bundled_verdicts() if v.rule in rules and v.outcome in FAULTS]
    assert len({v.rule for v in faults}) > 100
    for verdict in faults:
        text = verdict.explanation.would_comply
        assert text, f"{verdict.rule} for {verdict.subject}: no would_comply"
        assert "{" not in text, text
        assert "}" not in text, text
        # A hole that read an absent field shows `none`: the text would then say nothing.
        assert not re.search(r"\bnone\b", text), f"{verdict.rule}: {text}"


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("training-late", "Arrive by 2024-03-08 16:00, when the training starts."),
        (
            "fine-unauthorised-discount",
            "Agree to no freight discount for customer C9 on one's own authority (擅自).",
        ),
        (
            "transfer-or-dismissal",
            "Meet the work assessment target in at least one month of 2024-01 to 2024-03.",
        ),
    ],
)
def test_would_comply_says_it_concretely(rule: str, text: str) -> None:
    assert text in {v.explanation.would_comply for v in bundled_verdicts() if v.rule == rule}

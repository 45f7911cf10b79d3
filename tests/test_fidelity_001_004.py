"""The 001 and 004 rules after the fidelity review: every verdict filed on whoever owes the duty
(docs/readings.md, "001 and 004")."""

from __future__ import annotations

import shutil
from pathlib import Path

import mktpolicy
from mktpolicy.ir.passes.check_bearers import check_bearers
from mktpolicy.ir.passes.fold import constant_conditions
from mktpolicy.ir.passes.rule_spans import RuleSpans
from mktpolicy.policy import bundled_rules

FILES = {"authority.yaml", "approvals.yaml", "duties.yaml", "reports.yaml", "procedures.yaml"}


def test_every_rule_of_001_and_004_files_on_whoever_owes_the_duty() -> None:
    program = mktpolicy.load().program
    problems = [
        (p.rule, p.problem)
        for p in check_bearers(program)
        if Path(program.rule(p.rule).file).name in FILES
    ]
    assert problems == []


def test_no_004_step_is_an_employees_violation() -> None:
    program = mktpolicy.load().program
    for rule in program.rules:
        if Path(rule.file).name == "procedures.yaml" and hasattr(rule.action, "outcome"):
            assert rule.action.outcome == "finding", rule.id


def test_a_power_forbids_nobody_anything() -> None:
    decisions = [
        "equipment_price",
        "hire_salesperson",
        "commission_rate",
        "staff_reward",
        "salesperson_assessment",
    ]
    events = [
        {
            "type": "authority_decision",
            "employee_id": "M1",
            "decided_on": "2024-03-01",
            "decision": decision,
            "decided_by": role,
        }
        for decision in decisions
        for role in ("salesperson", "marketing_manager", "marketing_head", "marketing_director")
    ]
    assert mktpolicy.load().evaluate(events) == []


def _lint(root: Path) -> list[str]:
    from mktpolicy.spec.from_source import load_directory

    loaded = load_directory(root)
    program = mktpolicy.load(root).program
    return [d.message for d in constant_conditions(program, RuleSpans(loaded))]


def test_lint_keeps_rules_a_yes_no_reading_turns_off(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules(), root, ignore=shutil.ignore_patterns("tests"))
    assert _lint(root) == []  # too-few-customer-contacts waits on sales.contacts_judged_monthly
    reports = root / "reports.yaml"
    text = reports.read_text(encoding="utf-8")
    dead = text.replace(
        "params.sales.contacts_judged_monthly\n", "params.sales.min_customer_contacts < 0\n"
    )
    assert dead != text
    reports.write_text(dead, encoding="utf-8")
    assert any("too-few-customer-contacts" in m for m in _lint(root))

"""Linting from Python: mktpolicy.ir.analyses.lint, Policy.lint, and whatif.reform_warnings
(what a reform made dead)."""

from __future__ import annotations

import doctest
from decimal import Decimal
from pathlib import Path

import mktpolicy
import mktpolicy.ir.analyses
from mktpolicy import whatif
from mktpolicy.diagnostics import Diagnostic
from mktpolicy.ir.analyses import lint

from .small_rulebook import compiled
from .test_golden_bad_rules import shared_rules

DEAD = """\
rules:
  - id: never-true
    title: A condition that is always false
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r, where: "r.in_writing and 1 > 2"}
    then:
      verdict: {outcome: violation, message: "never"}
"""

SHADOWING = {
    "id": "every-unwritten-resignation",
    "title": "Replaces resignation-not-in-writing for every resignation",
    "cites": ["000.P1.2.8"],
    "overrides": ["resignation-not-in-writing"],
    "when": [{"fact": "Resignation", "as": "report"}],
    "then": {"verdict": {"outcome": "warning", "message": "noted"}},
}


def test_the_module_example_runs():
    assert doctest.testmod(mktpolicy.ir.analyses).failed == 0


def test_lint_gives_the_compilers_warnings_and_the_analyses_sorted(tmp_path: Path):
    program, files = compiled(tmp_path, DEAD)
    found = lint(program, files)
    codes = {d.code for d in found}
    assert {"unused_parameter", "constant_condition"} <= codes
    assert found == sorted(found, key=Diagnostic.sort_key)
    dead = [d for d in found if d.code == "constant_condition"]
    assert [str(d.span) for d in dead] == ["rules/small.yaml:6:44"]


def test_a_policy_lints_its_own_rules(tmp_path: Path):
    root = shared_rules(tmp_path / "rules")
    (root / "small.yaml").write_text(DEAD, encoding="utf-8")
    policy = mktpolicy.load(root)
    dead = [d for d in policy.lint() if d.code == "constant_condition"]
    # the policy kept its rule files, so the warning points at the condition, as the CLI's does
    assert [(d.span.line, d.span.column) for d in dead if d.span] == [(6, 44)]
    assert str(dead[0].span).endswith("small.yaml:6:44")


def test_a_parameter_value_can_make_a_rule_dead():
    policy = mktpolicy.load()
    assert policy.lint() == []
    shared = policy.with_parameters({"fines.loss_share": Decimal("0.3")})
    assert [d.message for d in shared.lint()] == [
        "this condition is always false: rule 'fine-operation-breach-share-undecided' can "
        "never fire"
    ]


def test_reform_warnings_are_the_ones_the_reform_brings():
    policy = mktpolicy.load()
    harsher = whatif.policy_with(policy, {"fines.operation_breach": 20})
    assert whatif.reform_warnings(policy, harsher) == []
    shared = whatif.policy_with(policy, {"fines.loss_share": "0.3"})
    assert [d.code for d in whatif.reform_warnings(policy, shared)] == ["constant_condition"]
    shadowed = whatif.policy_with(policy, add=[SHADOWING])
    found = whatif.reform_warnings(policy, shadowed)
    assert [d.code for d in found] == ["shadowed_rule"]
    assert "rule 'resignation-not-in-writing' can never fire" in found[0].message
    # a warning the base policy already has is not the reform's
    assert whatif.reform_warnings(shadowed, whatif.policy_with(shadowed, {})) == []

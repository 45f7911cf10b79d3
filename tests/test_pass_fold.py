"""ir/passes/fold.py alone: conditions false whatever the facts (`constant_condition`)."""

from __future__ import annotations

from pathlib import Path

from mktpolicy.ir.passes.fold import can_fire, constant_conditions, fold
from mktpolicy.ir.passes.rule_spans import RuleSpans

from .small_rulebook import compiled

RULES = """\
parameters:
  - id: test.limit
    type: int
    title: A constant limit
    cites: ["000.P1.2.8"]
    values: {2000-01-01: 5}
  - id: test.changing_limit
    type: int
    title: A limit that changes on a date
    cites: ["000.P1.2.8"]
    values: {2000-01-01: 5, 2025-01-01: -1}
  - id: test.switch
    type: bool
    title: A reading a company turns on
    cites: ["000.P1.2.8"]
    values: {2000-01-01: false}
rules:
  - id: and-false
    title: One side of an and is always false
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r, where: "r.in_writing and 1 > 2"}
    then:
      verdict: {outcome: violation, message: "x"}
  - id: or-undecided
    title: One side of an or is always false, the other depends on the fact
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r, where: "r.in_writing or 1 > 2"}
    then:
      verdict: {outcome: violation, message: "x"}
  - id: parameter-false
    title: A constant parameter makes the rule's condition false
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r}
    if: "params.test.limit < 0"
    then:
      verdict: {outcome: violation, message: "x"}
  - id: parameter-changes
    title: A parameter with a history is not a constant
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r}
    if: "params.test.changing_limit < 0"
    then:
      verdict: {outcome: violation, message: "x"}
  - id: switched-off
    title: A yes/no reading turns the rule off by default
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r, where: "params.test.switch"}
    then:
      verdict: {outcome: violation, message: "x"}
"""


def _conditions(tmp_path: Path) -> dict[str, object]:
    program, _ = compiled(tmp_path, RULES)
    found: dict[str, object] = {}
    for rule in program.rules:
        node = rule.condition if rule.condition is not None else rule.anchor.condition
        assert node is not None
        found[rule.id] = fold(node, program)
    return found


def test_and_folds_false_when_one_side_is_false_and_or_does_not(tmp_path: Path):
    folded = _conditions(tmp_path)
    assert folded["and-false"] is False
    assert folded["or-undecided"] is None


def test_a_constant_parameter_folds_a_dated_history_and_a_switch_do_not(tmp_path: Path):
    folded = _conditions(tmp_path)
    assert folded["parameter-false"] is False
    assert folded["parameter-changes"] is None
    assert folded["switched-off"] is None


def test_constant_conditions_warns_at_the_condition_of_each_dead_rule(tmp_path: Path):
    program, files = compiled(tmp_path, RULES)
    found = constant_conditions(program, RuleSpans(files))
    assert [(d.code, str(d.span)) for d in found] == [
        ("constant_condition", "rules/small.yaml:22:44"),  # and-false's `where` text
        ("constant_condition", "rules/small.yaml:37:10"),  # parameter-false's `if` text
    ]
    assert [d.severity.value for d in found] == ["warning", "warning"]
    assert "rule 'and-false' can never fire" in found[0].message
    assert {r.id for r in program.rules if not can_fire(r, program)} == {
        "and-false",
        "parameter-false",
    }


def test_without_the_files_a_warning_points_at_its_rule(tmp_path: Path):
    program, _ = compiled(tmp_path, RULES)
    found = constant_conditions(program)
    assert [d.span for d in found] == [
        program.rule("and-false").span,
        program.rule("parameter-false").span,
    ]

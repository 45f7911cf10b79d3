"""ir/passes/shadowing.py alone: rules an override always replaces (`shadowed_rule`)."""

from __future__ import annotations

from pathlib import Path

from mktpolicy.ir.passes.rule_spans import RuleSpans
from mktpolicy.ir.passes.shadowing import shadowed_rules, shadowings

from .small_rulebook import compiled

RULES = """\
rules:
  - id: late-notice
    title: The target every exception below names
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r, where: "not r.in_writing"}
    then:
      verdict: {outcome: violation, message: "late"}
  - id: other-target
    title: A target only conditional exceptions name
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r}
    then:
      verdict: {outcome: violation, message: "other"}
  - id: unconditional
    title: Replaces late-notice for every resignation
    cites: ["000.P1.2.8"]
    overrides: [late-notice]
    when:
      - {fact: Resignation, as: r}
    then:
      verdict: {outcome: warning, message: "always"}
  - id: same-condition
    title: Replaces late-notice under its own condition, so always
    cites: ["000.P1.2.8"]
    overrides: [late-notice]
    when:
      - {fact: Resignation, as: r, where: "not r.in_writing"}
    if: "1 < 2"
    then:
      verdict: {outcome: warning, message: "same"}
  - id: some-resignations
    title: Replaces other-target for resignations in writing only
    cites: ["000.P1.2.8"]
    overrides: [other-target]
    when:
      - {fact: Resignation, as: r, where: "r.in_writing"}
    then:
      verdict: {outcome: warning, message: "some"}
  - id: unless-another
    title: Replaces other-target unless the employee has also left
    cites: ["000.P1.2.8"]
    overrides: [other-target]
    when:
      - {fact: Resignation, as: r}
    unless:
      - {fact: Departure, as: d}
    then:
      verdict: {outcome: warning, message: "unless"}
  - id: with-a-second-fact
    title: Replaces other-target only when a second fact matches too
    cites: ["000.P1.2.8"]
    overrides: [other-target]
    when:
      - {fact: Resignation, as: r}
      - {fact: Departure, as: d}
    then:
      verdict: {outcome: warning, message: "second"}
"""


def test_an_unconditional_override_and_one_under_the_same_condition_shadow(tmp_path: Path):
    program, _ = compiled(tmp_path, RULES)
    pairs = [(s.target.id, s.exception.id, s.index) for s in shadowings(program)]
    assert pairs == [("late-notice", "unconditional", 0), ("late-notice", "same-condition", 0)]


def test_a_condition_a_negation_or_a_second_fact_does_not_shadow(tmp_path: Path):
    program, _ = compiled(tmp_path, RULES)
    assert "other-target" not in {s.target.id for s in shadowings(program)}


def test_shadowed_rules_warns_at_the_target_with_the_override_in_a_note(tmp_path: Path):
    program, files = compiled(tmp_path, RULES)
    found = shadowed_rules(program, RuleSpans(files))
    assert [(d.code, str(d.span)) for d in found] == [
        ("shadowed_rule", "rules/small.yaml:2:9"),
        ("shadowed_rule", "rules/small.yaml:2:9"),
    ]
    assert found[0].message == (
        "rule 'late-notice' can never fire: 'unconditional' overrides it and applies to every "
        "Resignation it matches"
    )
    assert found[0].notes == ("the override is at rules/small.yaml:19:17",)


def test_without_the_files_a_warning_points_at_the_rules(tmp_path: Path):
    program, _ = compiled(tmp_path, RULES)
    found = shadowed_rules(program)
    target, exception = program.rule("late-notice"), program.rule("unconditional")
    assert found[0].span == target.span
    assert found[0].notes == (f"the override is at {exception.span}",)

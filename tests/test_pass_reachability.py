"""ir/passes/reachability.py alone: which fact types can exist, and rules that can never match
(`unreachable_rule`)."""

from __future__ import annotations

from pathlib import Path

from mktpolicy.cli.reporters.junit import applicable_rules
from mktpolicy.ir.passes.reachability import (
    event_types,
    reachable_fact_types,
    reachable_rules,
    unreachable_rules,
)
from mktpolicy.ir.passes.rule_spans import RuleSpans

from .small_rulebook import compiled

RULES = """\
facts:
  - {name: NoticeGiven, title: A resignation was handed in, date: day,
     fields: {employee_id: text, day: date}}
  - {name: NoticeFiled, title: The notice was filed, date: day,
     fields: {employee_id: text, day: date}}
  - {name: Orphan, title: Derived only by a rule that never fires, date: day,
     fields: {employee_id: text, day: date}}
  - {name: Ghost, title: Derived by no rule, date: day,
     fields: {employee_id: text, day: date}}
rules:
  - id: notice-given
    title: A resignation gives notice
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r}
    then:
      derive: {fact: NoticeGiven, fields: {day: r.submitted_on}}
  - id: notice-filed
    title: Notice given is filed
    cites: ["000.P1.2.8"]
    when:
      - {fact: NoticeGiven, as: given}
    then:
      derive: {fact: NoticeFiled, fields: {day: given.day}}
  - id: filed-notice-checked
    title: The end of the chain
    cites: ["000.P1.2.8"]
    when:
      - {fact: NoticeFiled, as: f}
    then:
      verdict: {outcome: warning, message: "filed"}
  - id: orphan-maker
    title: Derives an Orphan, but its condition is always false
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r, where: "1 > 2"}
    then:
      derive: {fact: Orphan, fields: {day: r.submitted_on}}
  - id: orphan-checked
    title: Matches an Orphan
    cites: ["000.P1.2.8"]
    when:
      - {fact: Orphan, as: o}
    then:
      verdict: {outcome: warning, message: "orphan"}
  - id: ghost-checked
    title: Matches a Ghost
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r}
      - {fact: Ghost, as: g}
    then:
      verdict: {outcome: warning, message: "ghost"}
"""


def test_a_derived_fact_chain_is_reachable_from_its_event(tmp_path: Path):
    program, _ = compiled(tmp_path, RULES)
    reachable = reachable_fact_types(program, {"Resignation"})
    assert {"Resignation", "NoticeGiven", "NoticeFiled", "Orphan"} <= reachable
    assert "Ghost" not in reachable
    assert "Departure" not in reachable
    assert "Ghost" not in event_types(program)
    assert "Resignation" in event_types(program)


def test_only_the_rules_given_derive(tmp_path: Path):
    program, _ = compiled(tmp_path, RULES)
    chain = [program.rule("notice-given")]  # notice-filed left out: the chain stops
    assert reachable_fact_types(program, {"Resignation"}, chain) == {"Resignation", "NoticeGiven"}


def test_reachable_rules_are_those_every_pattern_of_which_can_match(tmp_path: Path):
    program, _ = compiled(tmp_path, RULES)
    ids = [rule.id for rule in reachable_rules(program, {"Resignation"})]
    assert ids == [
        "notice-given",
        "notice-filed",
        "filed-notice-checked",
        "orphan-maker",
        "orphan-checked",
    ]
    assert reachable_rules(program, {"Departure"}) == []
    # the JUnit reporter's test cases for an employee with resignations: the verdict rules
    assert applicable_rules(program, {"Resignation"}) == ["filed-notice-checked", "orphan-checked"]


def test_unreachable_rules_through_a_dead_rule_and_a_fact_nobody_derives(tmp_path: Path):
    program, files = compiled(tmp_path, RULES)
    found = unreachable_rules(program, RuleSpans(files))
    assert [(d.code, str(d.span)) for d in found] == [
        ("unreachable_rule", "rules/small.yaml:43:16"),  # orphan-checked's `fact: Orphan`
        ("unreachable_rule", "rules/small.yaml:51:16"),  # ghost-checked's `fact: Ghost`
    ]
    assert "rule 'orphan-checked' can never fire: no event is a Orphan" in found[0].message
    assert "filed-notice-checked" not in " ".join(d.message for d in found)


def test_without_the_files_a_warning_points_at_the_pattern(tmp_path: Path):
    program, _ = compiled(tmp_path, RULES)
    found = unreachable_rules(program)
    assert [d.span for d in found] == [
        program.rule("orphan-checked").patterns[0].span,
        program.rule("ghost-checked").patterns[1].span,
    ]

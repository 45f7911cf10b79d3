"""One quoting style for text literals: `"…"` in the expression, the expression in YAML `'…'`.

A literal in single quotes still loads (the condition language reads both), but lint warns at
its place, so the rule files keep one style (docs/rules.md, "Text literals").
"""

from __future__ import annotations

from pathlib import Path

import mktpolicy
from mktpolicy.ir import compile_rules
from mktpolicy.spec import load_directory

from .test_field_defaults import slip, write

RULE = (
    slip(kind="{one_of: [late_meal, early_leave], default: KIND}")
    + """
rules:
  - id: meal-slip
    title: Derives a slip
    cites: ["000.P2.1.5"]
    when:
      - {fact: ClientMeal, as: meal}
    then:
      derive:
        fact: Slip
        fields: {day: date_of(meal.held_at)}
  - id: slip-noted
    title: Notes a slip
    cites: ["000.P2.1.5"]
    when:
      - {fact: Slip, as: slip, where: WHERE}
    then:
      verdict: {outcome: info, message: MESSAGE}
"""
)


def quote_warnings(
    tmp_path: Path,
    where: str = """'slip.kind == "late_meal"'""",
    message: str = '"the slip\'s kind: {slip.kind}"',
    kind: str = """'"late_meal"'""",
) -> list[str]:
    text = RULE.replace("WHERE", where).replace("MESSAGE", message).replace("KIND", kind)
    program = compile_rules(load_directory(write(tmp_path, text), "rules"))
    return [str(w) for w in program.warnings if w.code == "literal_quotes"]


def test_double_quoted_literals_in_single_quoted_yaml_are_the_style(tmp_path: Path):
    assert quote_warnings(tmp_path) == []


def test_a_single_quoted_literal_in_a_condition_is_a_warning_at_its_place(tmp_path: Path):
    found = quote_warnings(tmp_path, where='"slip.kind in [\'late_meal\', \\"early_leave\\"]"')
    assert found == [
        "rules/slips.yaml:24:54: literal_quotes: text literal 'late_meal' is in single "
        'quotes\n  hint: write "late_meal", and the whole expression in YAML single quotes '
        "or a '>-' block (docs/rules.md)"
    ]


def test_in_a_message_only_the_holes_are_expressions(tmp_path: Path):
    message = "\"it's {slip.kind == 'late_meal'} ('so')\""
    (found,) = quote_warnings(tmp_path, message=message)
    assert found.startswith("rules/slips.yaml:26:61: literal_quotes: text literal ")


def test_a_default_with_a_single_quoted_literal_is_a_warning_where_declared(tmp_path: Path):
    (found,) = quote_warnings(tmp_path, kind="\"'late_meal'\"")
    assert found.startswith("rules/slips.yaml:8:58: literal_quotes: ")


def test_the_bundled_rulebook_keeps_the_style():
    program = mktpolicy.load().program
    assert [w for w in program.warnings if w.code == "literal_quotes"] == []

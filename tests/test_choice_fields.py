"""Text fields with `one_of:` values: a misspelt category literal is a load error at its place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mktpolicy
from mktpolicy import RuleError
from mktpolicy.ir import compile_rules
from mktpolicy.policy import bundled_rules
from mktpolicy.spec import load_directory

from .test_golden_bad_rules import shared_rules

FACT = """\
facts:
  - name: Slip
    title: A slip of some kind
    date: day
    fields:
      employee_id: text
      day: date
      kind: {one_of: [late_meal, early_leave]}
      why: {one_of: [none_given, other], optional: true}
"""


def rule(derive_kind: str, where: str = "true", why: str = "null") -> str:
    return f"""\
rules:
  - id: meal-slip
    title: Derives a slip
    cites: ["000.P2.1.5"]
    when:
      - {{fact: ClientMeal, as: meal, where: "{where}"}}
    then:
      derive:
        fact: Slip
        fields: {{day: date_of(meal.held_at), kind: '{derive_kind}', why: '{why}'}}
  - id: slip-noted
    title: Notes a slip
    cites: ["000.P2.1.5"]
    when:
      - {{fact: Slip, as: slip, where: 'slip.kind == "late_meal"'}}
    then:
      verdict: {{outcome: info, message: "slip"}}
"""


def compile_text(tmp_path: Path, text: str) -> mktpolicy.ir.Program:
    root = shared_rules(tmp_path / "rules")
    (root / "slips.yaml").write_text(text, encoding="utf-8")
    return compile_rules(load_directory(root, "rules"))


def messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(RuleError) as caught:
        compile_text(tmp_path, text)
    return [str(d) for d in caught.value.diagnostics]


def test_values_from_the_list_compile(tmp_path: Path):
    program = compile_text(tmp_path, FACT + rule('"late_meal"', why='"other"'))
    kind = program.fact_types["Slip"].record.fields["kind"]
    assert kind.choices == {"late_meal", "early_leave"}
    assert program.fact_types["Slip"].record.fields["why"].nullable


def test_a_misspelt_literal_derived_into_the_field_is_an_error_at_its_place(tmp_path: Path):
    (found,) = messages(tmp_path, FACT + rule('"late_mael"'))
    assert found.startswith("rules/slips.yaml:19:53: type_error: 'late_mael' is not one of")
    assert "did you mean 'late_meal'?" in found


def test_a_misspelt_literal_compared_with_the_field_is_an_error(tmp_path: Path):
    text = FACT + rule('"late_meal"').replace('slip.kind == "late_meal"', 'slip.kind == "late"')
    (found,) = messages(tmp_path, text)
    assert found.startswith("rules/slips.yaml:24:53: type_error: ")
    assert "'late' is not one of 'early_leave', 'late_meal'" in found


def test_text_that_may_be_anything_cannot_be_stored_in_the_field(tmp_path: Path):
    (found,) = messages(tmp_path, FACT + rule("meal.employee_id"))
    assert "expected one of 'early_leave', 'late_meal', got text that may be anything" in found


def test_null_only_where_the_field_is_optional(tmp_path: Path):
    assert compile_text(tmp_path, FACT + rule('"early_leave"', why="null"))
    (found,) = messages(tmp_path / "b", FACT + rule("null"))
    assert "expected text (one of 'early_leave', 'late_meal'), got null" in found


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("{one_of: []}", "List should have at least 1 item"),
        ("{one_of: [a, b, a]}", "listed more than once: 'a'"),
        ("{one_of: [a], extra: 1}", "extra"),
    ],
)
def test_a_bad_list_of_values_is_a_spec_error(tmp_path: Path, kind: str, message: str):
    text = FACT.replace("{one_of: [late_meal, early_leave]}", kind) + rule('"a"')
    found = messages(tmp_path, text)
    assert any(message in m and m.startswith("rules/slips.yaml:8:") for m in found), found


def test_the_bundled_breach_categories_catch_the_issue_s_typo(tmp_path: Path):
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules(), root, ignore=shutil.ignore_patterns("tests"))
    discipline = root / "discipline.yaml"
    text = discipline.read_text(encoding="utf-8")
    assert text.count("""act: '"deduction_without_reason"'""") == 1
    discipline.write_text(
        text.replace(
            """act: '"deduction_without_reason"'""", """act: '"deduction_without_reasn"'"""
        ),
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as caught:
        mktpolicy.load(root)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "type_error"
    assert diagnostic.span is not None
    assert diagnostic.span.file.endswith("discipline.yaml")
    assert diagnostic.hint == "did you mean 'deduction_without_reason'?"

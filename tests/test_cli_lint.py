"""`mktpolicy lint` through its real entry point: the analyses of ir/analyses.py, --format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mktpolicy.policy import bundled_rules

from .test_cli import run

EXTRA = """\
facts:
  - name: GhostFact
    title: A fact no rule derives
    date: day
    fields: {employee_id: text, day: date}
rules:
  - id: never-true
    title: A condition that is always false
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: r, where: "r.in_writing and 1 > 2"}
    then:
      verdict: {outcome: violation, message: "never"}
  - id: ghost-rule
    title: Matches a fact nothing derives
    cites: ["000.P1.2.8"]
    when:
      - {fact: GhostFact, as: g}
    then:
      verdict: {outcome: warning, message: "ghost"}
  - id: always-exception
    title: Replaces every ordinary breach fine
    cites: ["002.S11.1"]
    overrides: [fine-operation-breach]
    when:
      - {fact: OperationBreach, as: breach}
    then:
      verdict: {outcome: violation, message: "always"}
  - id: sometimes-exception
    title: Replaces the ordinary fine for one customer only (fine)
    cites: ["002.S11.1"]
    overrides: [fine-operation-breach]
    when:
      - {fact: OperationBreach, as: breach, where: 'breach.customer_id == "C1"'}
    then:
      verdict: {outcome: violation, message: "sometimes"}
"""


@pytest.fixture
def rulebook(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules(), root, ignore=shutil.ignore_patterns("tests"))
    (root / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    return root


def test_lint_finds_rules_that_can_never_fire(rulebook: Path):
    result = run("lint", str(rulebook))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    extra = rulebook / "extra.yaml"
    assert (
        f"{extra}:11:44: warning: constant_condition: this condition is always false: "
        "rule 'never-true' can never fire"
    ) in out
    assert f"{extra}:18:16: warning: unreachable_rule: rule 'ghost-rule' can never fire" in out
    assert "warning: shadowed_rule: rule 'fine-operation-breach' can never fire" in out
    assert f"note: the override is at {extra}:24:17" in out
    assert "sometimes-exception" not in out
    assert f"{extra}:2:11: warning: never_derived" in out
    assert out.strip().splitlines()[-1].endswith("4 warning(s)")


def test_lint_json(rulebook: Path):
    result = run("lint", str(rulebook), "--format", "json")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["ok"] is True
    assert document["errors"] == 0
    codes = sorted(d["code"] for d in document["diagnostics"])
    assert codes == [
        "constant_condition",
        "never_derived",
        "shadowed_rule",
        "unreachable_rule",
    ]
    constant = next(d for d in document["diagnostics"] if d["code"] == "constant_condition")
    assert (constant["line"], constant["column"], constant["severity"]) == (11, 44, "warning")
    assert constant["file"] == str(rulebook / "extra.yaml")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_lint_errors_exit_2_with_file_line_col(rulebook: Path, fmt: str):
    bad = rulebook / "extra.yaml"
    bad.write_text(
        EXTRA.replace("overrides: [fine-operation-breach]", "overrides: [no-such-rule]", 1),
        encoding="utf-8",
    )
    result = run("lint", str(rulebook), "--format", fmt)
    assert result.returncode == 2
    if fmt == "json":
        document = json.loads(result.stdout)
        assert document["ok"] is False
        error = document["diagnostics"][0]
        assert (error["code"], error["line"], error["column"]) == ("override_error", 24, 17)
    else:
        assert f"{bad}:24:17: override_error:" in result.stderr
        assert result.stdout == ""


def test_bundled_rulebook_lints_clean_in_json():
    result = run("lint", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["diagnostics"] == []

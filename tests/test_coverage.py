"""The coverage report: generated docs in sync; every normative clause encoded or explained."""

from __future__ import annotations

from pathlib import Path

import mktpolicy
from mktpolicy.cli.policy_tests import bundled_cases
from mktpolicy.coverage import clause_coverage, render_markdown, totals

from .test_cli import run

ROOT = Path(__file__).parent.parent
CASES = sorted(bundled_cases().glob("*.cases"))


def test_docs_coverage_is_in_sync():
    expected = render_markdown(clause_coverage(mktpolicy.load(), CASES))
    committed = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert committed == expected, "run: mktpolicy clauses --format markdown > docs/coverage.md"


def test_docs_rulebook_is_in_sync():
    from mktpolicy.rulebook_doc import render_rulebook

    committed = (ROOT / "docs" / "rulebook.md").read_text(encoding="utf-8")
    assert committed == render_rulebook(mktpolicy.load().program), (
        "run: mktpolicy clauses --format rulebook > docs/rulebook.md"
    )


def test_every_normative_clause_is_encoded_or_explained():
    """A normative clause with no rule must say why it cannot be checked (not_checkable)."""
    coverage = clause_coverage(mktpolicy.load())
    assert totals(coverage).get("open", 0) == 0, [
        e.clause.id for e in coverage if e.status == "open"
    ]


def test_every_encoded_clause_is_exercised_by_a_case():
    coverage = clause_coverage(mktpolicy.load(), CASES)
    unexercised = [e.clause.id for e in coverage if e.status == "encoded" and not e.cases]
    assert not unexercised


def test_clauses_command_prints_totals_first():
    result = run("clauses")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith(f"{len(mktpolicy.load().clauses)} clauses")

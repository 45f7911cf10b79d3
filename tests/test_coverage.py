"""The coverage report: generated docs in sync, and open clauses only ever decrease."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mktpolicy
from mktpolicy.coverage import clause_coverage, render_markdown, totals

ROOT = Path(__file__).parent.parent
CASES = sorted((ROOT / "tests" / "conformance").glob("*.yaml"))
OPEN_CLAUSES_AT_MOST = 9
"""Normative, checkable clauses not yet encoded. Lower it as rules land; never raise it."""


def test_docs_coverage_is_in_sync():
    expected = render_markdown(clause_coverage(mktpolicy.load(), CASES))
    committed = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert committed == expected, (
        "run: mktpolicy clauses --cases tests/conformance --format markdown > docs/coverage.md"
    )


def test_open_clauses_only_decrease():
    count = totals(clause_coverage(mktpolicy.load()))
    assert count.get("open", 0) <= OPEN_CLAUSES_AT_MOST


def test_every_encoded_clause_is_exercised_by_a_case():
    coverage = clause_coverage(mktpolicy.load(), CASES)
    unexercised = [e.clause.id for e in coverage if e.status == "encoded" and not e.cases]
    assert not unexercised


def test_clauses_command_prints_totals_first():
    result = subprocess.run(
        [sys.executable, "-m", "mktpolicy", "clauses"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith("112 clauses")

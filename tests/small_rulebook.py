"""A small rulebook in a temporary directory, for the tests of one compiler or lint pass: the
bundled clauses, parameters and consequences, and the rule file a test writes."""

from __future__ import annotations

from pathlib import Path

from mktpolicy.ir import Program, compile_rules
from mktpolicy.spec import load_directory
from mktpolicy.spec.from_source import LoadedFile

from .test_golden_bad_rules import shared_rules


def compiled(tmp_path: Path, rules_yaml: str) -> tuple[Program, list[LoadedFile]]:
    """The program compiled from the shared files and `rules_yaml` (as rules/small.yaml), and
    the loaded files (for spans)."""
    root = shared_rules(tmp_path / "rules")
    (root / "small.yaml").write_text(rules_yaml, encoding="utf-8")
    files = load_directory(root, "rules")
    return compile_rules(files), files

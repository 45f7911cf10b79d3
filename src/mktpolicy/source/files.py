"""Which files make a rulebook (kept apart from the YAML reader: listing them needs no parser)."""

from __future__ import annotations

from pathlib import Path


def rule_files(root: Path) -> list[Path]:
    """The YAML files of a rulebook directory, in a stable order."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())

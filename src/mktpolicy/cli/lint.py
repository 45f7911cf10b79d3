"""`mktpolicy lint [RULES_DIR]`: load and compile a rulebook; report every problem.

Errors (the rulebook does not load) exit 2; warnings (unused parameters, rules that can never
fire, rules always overridden) are printed and exit 0, as ruff and `opa check` do without
`--strict`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from mktpolicy.cli.common import EXIT_BAD_INPUT, EXIT_CLEAN
from mktpolicy.diagnostics import Diagnostic
from mktpolicy.errors import RuleError
from mktpolicy.ir import analyses
from mktpolicy.ir.from_spec import compile_rules
from mktpolicy.ir.model import Program
from mktpolicy.policy import bundled_rules
from mktpolicy.spec.from_source import load_directory

LINT_HELP = """\b
Exit status:
  0  the rulebook loads (warnings may be printed)
  2  the rulebook has errors"""


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """One diagnostic as a JSON object (file, line, column from 1; no span gives nulls)."""
    span = diagnostic.span
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "file": span.file if span else None,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "end_line": (span.end_line or None) if span else None,
        "end_column": (span.end_column or None) if span else None,
        "hint": diagnostic.hint,
        "notes": list(diagnostic.notes),
    }


def warning_text(diagnostic: Diagnostic) -> str:
    """`file:line:col: warning: code: message`, then its notes and hint."""
    where = f"{diagnostic.span}: " if diagnostic.span else ""
    lines = [f"{where}warning: {diagnostic.code}: {diagnostic.message}"]
    lines.extend(f"  note: {note}" for note in diagnostic.notes)
    if diagnostic.hint:
        lines.append(f"  hint: {diagnostic.hint}")
    return "\n".join(lines)


def _document(
    root: Path, diagnostics: Sequence[Diagnostic], program: Program | None
) -> dict[str, Any]:
    errors = sum(d.severity.value == "error" for d in diagnostics)
    return {
        "rulebook": str(root),
        "ok": program is not None,
        "errors": errors,
        "warnings": len(diagnostics) - errors,
        "rules": len(program.rules) if program else None,
        "clauses": len(program.clauses) if program else None,
        "parameters": len(program.parameters) if program else None,
        "diagnostics": [diagnostic_json(d) for d in diagnostics],
    }


@click.command(epilog=LINT_HELP)
@click.argument("rules_dir", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def lint(rules_dir: Path | None, fmt: str) -> None:
    """Check a rulebook (default: the bundled one): every problem at file:line:col."""
    root = rules_dir or bundled_rules()
    try:
        files = load_directory(root)
        program = compile_rules(files)
    except RuleError as exc:
        if fmt == "json":
            click.echo(json.dumps(_document(root, exc.diagnostics, None), ensure_ascii=False))
        else:
            click.echo(str(exc), err=True)
            click.echo(f"{len(exc.diagnostics)} error(s)", err=True)
        sys.exit(EXIT_BAD_INPUT)
    warnings = analyses.lint(program, files)
    if fmt == "json":
        click.echo(json.dumps(_document(root, warnings, program), ensure_ascii=False, indent=2))
        sys.exit(EXIT_CLEAN)
    for diagnostic in warnings:
        click.echo(warning_text(diagnostic))
    click.echo(
        f"ok: {len(program.rules)} rules, {len(program.clauses)} clauses, "
        f"{len(program.parameters)} parameters, {len(warnings)} warning(s)"
    )
    sys.exit(EXIT_CLEAN)

"""`mktpolicy lint [RULES_DIR]`: load and compile a rulebook; report every problem."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mktpolicy.cli.common import EXIT_BAD_INPUT, EXIT_CLEAN
from mktpolicy.diagnostics import render
from mktpolicy.errors import RuleError
from mktpolicy.ir.from_spec import compile_rules
from mktpolicy.policy import bundled_rules
from mktpolicy.spec.from_source import load_directory


@click.command()
@click.argument("rules_dir", required=False, type=click.Path(exists=True, path_type=Path))
def lint(rules_dir: Path | None) -> None:
    """Check a rulebook (default: the bundled one): errors exit 2, warnings are printed."""
    root = rules_dir or bundled_rules()
    try:
        program = compile_rules(load_directory(root))
    except RuleError as exc:
        click.echo(str(exc), err=True)
        click.echo(f"{len(exc.diagnostics)} error(s)", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if program.warnings:
        click.echo(render(list(program.warnings), limit=50))
    click.echo(
        f"ok: {len(program.rules)} rules, {len(program.clauses)} clauses, "
        f"{len(program.parameters)} parameters, {len(program.warnings)} warning(s)"
    )
    sys.exit(EXIT_CLEAN)

"""`mktpolicy clauses`: every clause, the rules that encode it, the cases that exercise it."""

from __future__ import annotations

from pathlib import Path

import click

from mktpolicy.cli.common import load_policy, rules_option
from mktpolicy.cli.policy_tests import bundled_cases, case_files
from mktpolicy.coverage import clause_coverage, render_markdown, render_text
from mktpolicy.readings import render_readings
from mktpolicy.rulebook_doc import render_rulebook


@click.command()
@rules_option
@click.option(
    "--cases",
    "case_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directories of policy test cases whose verdicts count as exercising a clause "
    "(default: the bundled rulebook's cases).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "rulebook", "readings"]),
    default="text",
    show_default=True,
    help="text; markdown (docs/coverage.md); rulebook (docs/rulebook.md: clauses beside rules); "
    "readings (each reading chosen where the text is open, and the parameters that set it).",
)
def clauses(rules: Path | None, case_dirs: tuple[Path, ...], fmt: str) -> None:
    """Coverage of the regulations: encoded, not checkable (why), descriptive, out of scope."""
    policy = load_policy(rules)
    if fmt == "rulebook":
        click.echo(render_rulebook(policy.program), nl=False)
        return
    if fmt == "readings":
        click.echo(render_readings(policy.program), nl=False)
        return
    # Without --cases, the bundled rulebook's own cases count.
    files = case_files(list(case_dirs) or [bundled_cases()])
    coverage = clause_coverage(policy, files)
    click.echo(render_markdown(coverage) if fmt == "markdown" else render_text(coverage), nl=False)
    if fmt == "text":
        click.echo()

"""`mktpolicy audit verify FILE`: check an audit log written by `check --audit-log`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from mktpolicy.audit import verify_log
from mktpolicy.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CLEAN,
    EXIT_VIOLATION,
    calendar_option,
    load_policy,
    rules_option,
)
from mktpolicy.cli.reform import apply_reform, reform_option
from mktpolicy.errors import AuditError


@click.group()
def audit() -> None:
    """Audit logs written by `mktpolicy check --audit-log`."""


@audit.command(
    epilog="""\b
Exit status:
  0  every line whole and chained, every re-evaluated verdict agrees
  1  tampering (a broken chain, a wrong input hash) or a verdict that disagrees
  2  the log cannot be read, or none of it was written under this policy"""
)
@click.argument("log", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@rules_option
@reform_option
@calendar_option
@click.option(
    "--sample",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="How many employees (of each run) to re-evaluate.",
)
@click.option("--all", "every", is_flag=True, help="Re-evaluate every employee.")
@click.option("--seed", type=int, default=0, show_default=True, help="Which sample.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def verify(
    log: Path,
    rules: Path | None,
    reform: Path | None,
    calendar: Path | None,
    sample: int,
    every: bool,
    seed: int,
    fmt: str,
) -> None:
    """Check LOG: every line whole and hash-chained, every input hash right, and a sample of
    employees re-evaluated under the policy (the bundled one, or --rules/--reform) to confirm
    the verdicts the log records. Torn lines (a crash mid-write) are reported, not counted."""
    policy = apply_reform(load_policy(rules, calendar=calendar), reform, rules)
    try:
        report = verify_log(log, policy, sample=None if every else sample, seed=seed)
    except AuditError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if fmt == "json":
        click.echo(json.dumps({**asdict(report), "ok": report.ok}, indent=2))
    else:
        click.echo("\n".join(report.lines_of_text()))
    if not report.ok:
        sys.exit(EXIT_VIOLATION)
    if report.events and not report.checked and report.other_policies:
        click.echo(
            f"error: no event of the log was written under this policy ({policy.version}); "
            "give the --rules and --reform it was checked with",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_CLEAN)

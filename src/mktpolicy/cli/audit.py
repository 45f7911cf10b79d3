"""`mktpolicy audit verify FILE`: check an audit log written by `check --audit-log`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click

from mktpolicy.audit import verify_log
from mktpolicy.audit.records import KEY_FILE_ENV, load_key
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

F = TypeVar("F", bound=Callable[..., Any])
EXIT_INCOMPLETE = 3
"""Intact, but a run has no `end` line or the last line is torn: killed, or cut."""


@click.group()
def audit() -> None:
    """Audit logs written by `mktpolicy check --audit-log`."""


def key_file_option(name: str, help_text: str) -> Callable[[F], F]:
    """`--key-file` here, `--audit-key-file` on check: a file holding the HMAC key, passed to
    the command as `key_file: Path | None`."""

    def decorate(function: F) -> F:
        return click.option(
            name,
            "key_file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            envvar=KEY_FILE_ENV,
            default=None,
            help=f"{help_text} (or set {KEY_FILE_ENV}).",
        )(function)

    return decorate


def audit_key_or_exit(key_file: Path | None) -> bytes | None:
    """The key in `key_file` (None without one), or exit 2 saying why it cannot be used."""
    try:
        return None if key_file is None else load_key(key_file)
    except AuditError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)


@audit.command(
    epilog="""\b
Exit status:
  0  every line whole, chained and signed (given --key-file), every --head in the log,
     every run finished with counts that match, every re-evaluated verdict agrees
  1  tampering (an altered, inserted, removed or unsigned line, a wrong count, a --head
     not in the log) or a verdict that disagrees
  2  the log cannot be read or verified: not an audit log, or events under a policy
     other than the one given (pass the --rules/--reform they were checked with)
  3  intact but incomplete: a run has no end line, or the last line is torn (a run
     killed mid-write, or a log cut short)"""
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
    "--head",
    "heads",
    multiple=True,
    help="A chain head printed by `check --audit-log` and kept elsewhere: it must be the "
    "digest of a line of the log (repeatable).",
)
@key_file_option("--key-file", "Check every line's HMAC-SHA256 signature with the key in FILE")
@click.option(
    "--ignore-policy",
    "ignored",
    multiple=True,
    metavar="VERSION",
    help="Accept events under this policy version without re-evaluating them (repeatable); "
    "other unknown policies are an error.",
)
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
    heads: tuple[str, ...],
    key_file: Path | None,
    ignored: tuple[str, ...],
    fmt: str,
) -> None:
    """Check LOG: every line whole, hash-chained and (with --key-file) signed; each run's
    lines in place and its end line's counts right; every input hash right; and a sample of
    employees re-evaluated under the policy (the bundled one, or --rules/--reform) to confirm
    the verdicts the log records. Only a last line that is not JSON counts as torn."""
    policy = apply_reform(load_policy(rules, calendar=calendar), reform)
    key = audit_key_or_exit(key_file)
    try:
        report = verify_log(
            log,
            policy,
            sample=None if every else sample,
            seed=seed,
            key=key,
            heads=heads,
            ignore_policies=ignored,
        )
    except AuditError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if fmt == "json":
        click.echo(
            json.dumps({**asdict(report), "ok": report.ok, "complete": report.complete}, indent=2)
        )
    else:
        click.echo("\n".join(report.lines_of_text()))
    if not report.ok:
        sys.exit(EXIT_VIOLATION)
    if report.other_policies:
        click.echo(
            f"error: events written under another policy than this one ({policy.version}) "
            "cannot be verified; give the --rules and --reform they were checked with",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)
    if not report.complete:
        sys.exit(EXIT_INCOMPLETE)
    sys.exit(EXIT_CLEAN)

"""What the subcommands share: exit codes, the --rules option, loading with clear errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from mktpolicy.cli.inputs import InputError, Inputs, read_inputs
from mktpolicy.errors import BackendError, PolicyError, RuleError
from mktpolicy.policy import Policy, load
from mktpolicy.verdicts.model import Verdict

EXIT_CLEAN = 0
EXIT_VIOLATION = 1
EXIT_BAD_INPUT = 2

F = TypeVar("F", bound=Callable[..., Any])


def rules_option(function: F) -> F:
    return click.option(
        "--rules",
        type=click.Path(exists=True, path_type=Path),
        default=None,
        help="A rulebook directory (default: the bundled rulebook).",
    )(function)


def load_policy(rules: Path | None, backend: str = "native") -> Policy:
    """Load the rulebook or exit 2 with its diagnostics (file:line:col)."""
    try:
        return load(rules, backend=backend)
    except RuleError as exc:
        click.echo(str(exc), err=True)
        click.echo(f"error: the rulebook has {len(exc.diagnostics)} problem(s)", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except BackendError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)


EXIT_CODES_HELP = """\b
Exit status:
  0  nothing fails (see --fail-on)
  1  policy violations found (warnings too, with --fail-on warning)
  2  bad input or bad rules: nothing was checked"""


def event_paths(events: tuple[str, ...], example: bool) -> list[Path | None]:
    """The files to read (`None` for stdin), or a usage error (exit 2) when there are none."""
    if example:
        return [example_events()]
    if not events:
        raise click.UsageError("give one or more event files, '-' for stdin, or --example")
    return [None if e == "-" else Path(e) for e in events]


def example_events() -> Path:
    """The example events shipped with the package."""
    return Path(str(resources.files("mktpolicy") / "examples" / "events.jsonl"))


def read_or_exit(paths: list[Path | None]) -> Inputs:
    """Every event of every file, or exit 2 naming each bad file and line."""
    try:
        return read_inputs(paths)
    except InputError as exc:
        for problem in str(exc).splitlines():
            click.echo(f"error: {problem}", err=True)
        click.echo("error: nothing was checked", err=True)
        sys.exit(EXIT_BAD_INPUT)


def evaluate_or_exit(policy: Policy, inputs: Inputs) -> list[Verdict]:
    """The verdicts, or exit 2 when the batch is inconsistent (two events, one id) or a rule
    cannot be evaluated on it; nothing is reported then."""
    try:
        return policy.evaluate(inputs.events)
    except PolicyError as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo("error: nothing was checked", err=True)
        sys.exit(EXIT_BAD_INPUT)

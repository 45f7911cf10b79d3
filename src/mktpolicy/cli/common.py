"""What the subcommands share: exit codes, the --rules option, loading with clear errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from mktpolicy.errors import BackendError, RuleError
from mktpolicy.policy import Policy, load

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

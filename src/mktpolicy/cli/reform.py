"""`--reform FILE`: evaluate under a reformed policy (parameters and rules changed).

A command adds `@reform_option` and passes its policy through `apply_reform`; a bad reform file
exits 2 with its diagnostics at file:line:col, as a bad rulebook does.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from mktpolicy.cli.common import EXIT_BAD_INPUT
from mktpolicy.errors import BackendError, ParameterError, RuleError
from mktpolicy.policy import Policy

F = TypeVar("F", bound=Callable[..., Any])


def reform_option(function: F) -> F:
    """The `--reform FILE` option, passed to the command as `reform: Path | None`."""
    return click.option(
        "--reform",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="A reform file (changed parameters and rules, see docs/whatif.md): evaluate under "
        "the reformed policy.",
    )(function)


def apply_reform(policy: Policy, reform: Path | None) -> Policy:
    """`policy` with the reform applied (unchanged without one), or exit 2 saying why."""
    if reform is None:
        return policy
    from mktpolicy.whatif.reform import load_reform  # what-if's machinery, only for a reform

    try:
        return load_reform(reform).apply(policy)
    except RuleError as exc:
        click.echo(str(exc), err=True)
        click.echo(f"error: the reform has {len(exc.diagnostics)} problem(s)", err=True)
    except (ParameterError, BackendError) as exc:
        click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_BAD_INPUT)

"""What the subcommands share: exit codes, the --rules option, loading with clear errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from mktpolicy.audit import AuditLog
from mktpolicy.cli.inputs import InputError, Inputs, read_inputs
from mktpolicy.cli.main import long_lived
from mktpolicy.errors import BackendError, PolicyError, RuleError
from mktpolicy.events.base import Event
from mktpolicy.policy import Policy, load
from mktpolicy.spec.kinds import Outcome
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


def _failing(_ctx: click.Context, param: click.Parameter, value: str) -> frozenset[Outcome]:
    from mktpolicy.cli.reporters import failing_outcomes

    try:
        return failing_outcomes(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param=param) from None


def fail_on_option(function: F) -> F:
    return click.option(
        "--fail-on",
        default="violation",
        callback=_failing,
        show_default=True,
        help="What makes the check exit 1: violation, warning (and violations), never, or "
        "outcomes named one by one, comma-separated (e.g. violation,finding,undetermined).",
    )(function)


def as_of_option(function: F) -> F:
    return click.option(
        "--as-of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        callback=lambda _ctx, _param, value: value.date() if value is not None else None,
        help="The evaluation date: a deadline after it is pending, not a breach "
        "(default: today in Asia/Shanghai).",
    )(function)


def calendar_option(function: F) -> F:
    return click.option(
        "--calendar",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="A calendar file with the official working-day arrangements of years the bundled "
        "data does not have yet (docs/calendar.md); without it, a rule that needs such a day "
        "is undetermined.",
    )(function)


def load_policy(
    rules: Path | None, backend: str = "native", calendar: Path | None = None
) -> Policy:
    """Load the rulebook (and calendar file) or exit 2 with its diagnostics (file:line:col)."""
    what = "the rulebook"
    try:
        with long_lived():
            policy = load(rules, backend=backend)
            what = "the calendar file"
            return policy if calendar is None else policy.with_calendar(calendar)
    except RuleError as exc:
        click.echo(str(exc), err=True)
        click.echo(f"error: {what} has {len(exc.diagnostics)} problem(s)", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except BackendError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)


EXIT_CODES_HELP = """\b
Exit status:
  0  nothing fails (see --fail-on; findings, lapsed rights, pending deadlines and
     undetermined verdicts are reported but do not fail unless named there)
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


def read_or_exit(paths: list[Path | None], *, keep_going: bool = False) -> Inputs:
    """Every event of every file, or exit 2 naming each bad file and line.

    With `keep_going`, each bad record is named on stderr and skipped; the caller reports the
    rest as incomplete.
    """
    try:
        inputs = read_inputs(paths, keep_going=keep_going)
    except InputError as exc:
        exit_bad_input(exc)
    echo_skipped(inputs.skipped)
    return inputs


def exit_bad_input(exc: Exception, *, each_line: bool = True) -> NoReturn:
    """Name every problem (each line of the message, or the message whole) and exit 2:
    nothing was checked."""
    for problem in str(exc).splitlines() if each_line else [str(exc)]:
        click.echo(f"error: {problem}", err=True)
    click.echo("error: nothing was checked", err=True)
    sys.exit(EXIT_BAD_INPUT)


def echo_skipped(skipped: Sequence[str]) -> None:
    """Name the records --keep-going skipped."""
    for problem in skipped:
        click.echo(f"error: {problem} (skipped)", err=True)
    if skipped:
        click.echo(f"error: {len(skipped)} bad records skipped; the rest is checked", err=True)


Employees = Iterable[tuple[str, list[Event], list[Verdict]]]


def evaluate_or_exit(
    policy: Policy,
    employees: Callable[[], Employees],
    *,
    audit_log: Path | None = None,
    audit_key: bytes | None = None,
    skipped: int = 0,
    collect: bool = True,
) -> list[Verdict]:
    """The verdicts of `employees()` (e.g. `policy.evaluate_employees(events)`), sorted; or
    exit 2 when the batch is inconsistent (two events, one id) or a rule cannot be evaluated
    on it, and nothing is reported.

    With `audit_log`, each employee's events and verdicts are appended to it as they are
    reached (signed with `audit_key` if given), and the run's chain head is printed to stderr
    when it ends; a run that fails leaves its lines and no `end` line. Without `collect`, the
    verdicts are not kept (the caller has them another way) and [] is returned.
    """
    log: AuditLog | None = None
    verdicts: list[Verdict] = []
    try:
        results = employees()
        if audit_log is not None:
            log = AuditLog(
                audit_log,
                policy.version,
                tool=f"mktpolicy {tool_version()}",
                key=audit_key,
                as_of=policy.as_of,
            )
        for _, events, found in results:
            if log is not None:
                log.record(events, found)
            if collect:
                verdicts.extend(found)
        if log is not None:
            log.close(skipped=skipped)
            click.echo(
                f"audit log {audit_log}: run {log.run} ended, chain head {log.head} "
                "(keep it elsewhere: `mktpolicy audit verify --head` checks it)",
                err=True,
            )
    except PolicyError as exc:
        if log is not None:
            log.abandon()
        exit_bad_input(exc, each_line=False)
    verdicts.sort(key=Verdict.sort_key)
    return verdicts


def tool_version() -> str:
    """The installed mktpolicy version (SARIF's driver version, JUnit's properties)."""
    try:
        return metadata.version("mktpolicy")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"

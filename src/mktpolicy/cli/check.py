"""`mktpolicy check EVENTS...`: evaluate events and report verdicts; exit 1 on a violation."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from mktpolicy.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CLEAN,
    EXIT_CODES_HELP,
    EXIT_VIOLATION,
    as_of_option,
    calendar_option,
    evaluate_or_exit,
    event_paths,
    example_events,
    fail_on_option,
    load_policy,
    read_or_exit,
    rules_option,
)
from mktpolicy.cli.engine import check_on_dask, engine_options
from mktpolicy.cli.reform import apply_reform, reform_option
from mktpolicy.cli.reporters import FORMATS, CheckReport, Summary, reporter_for
from mktpolicy.cli.streaming import check_streamed
from mktpolicy.clock import ZONE_VARIABLE, today, zone_named
from mktpolicy.errors import TimeZoneError
from mktpolicy.spec.models import Outcome

__all__ = ["check", "example_events"]


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("events", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--example", is_flag=True, help="Check the example events shipped with mktpolicy.")
@rules_option
@reform_option
@click.option(
    "--backend", type=click.Choice(["native", "durable"]), default="native", show_default=True
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people; json for scripts; sarif for code scanning; junit for test dashboards.",
)
@fail_on_option
@as_of_option
@calendar_option
@click.option(
    "--time-zone",
    default=None,
    metavar="ZONE",
    help="The IANA zone event times without an offset are read in, and times with one are "
    "converted to (default: $MKTPOLICY_TIME_ZONE, else Asia/Shanghai); set for this process "
    "and the local Dask workers it starts.",
)
@click.option(
    "--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."
)
@click.option(
    "--keep-going",
    is_flag=True,
    help="Name every bad record, skip it and check the rest (exit 2: the check is incomplete).",
)
@click.option(
    "--stream",
    is_flag=True,
    help="For inputs too large to hold: spill them to temporary files ($TMPDIR) by employee "
    "and evaluate one employee at a time (the same report, in memory that does not grow "
    "with the input).",
)
@click.option(
    "--audit-log",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Append one JSON line per evaluated event (see `mktpolicy audit verify`).",
)
@engine_options
def check(
    events: tuple[str, ...],
    example: bool,
    rules: Path | None,
    reform: Path | None,
    backend: str,
    fmt: str,
    fail_on: frozenset[Outcome],
    as_of: date | None,
    calendar: Path | None,
    time_zone: str | None,
    color: bool | None,
    keep_going: bool,
    stream: bool,
    audit_log: Path | None,
    engine: str,
    workers: int,
    scheduler: str | None,
) -> None:
    """Evaluate EVENTS and print verdicts with the clauses they cite, grouped by employee.

    EVENTS are files of JSON lines, a JSON array, or CSV (a .csv file: the header row names the
    fields, an empty cell is an absent field, booleans are true/false); `-` reads JSON lines
    from stdin. Every file is read and validated before anything is evaluated; a bad record
    stops the check (exit 2) unless --keep-going skips it and reports the rest as incomplete.
    """
    if time_zone is not None:
        try:
            zone_named(time_zone)
        except TimeZoneError as exc:
            raise click.BadParameter(str(exc), param_hint="--time-zone") from None
        os.environ[ZONE_VARIABLE] = time_zone  # read when events are validated, here or on workers
    paths = event_paths(events, example)
    policy = apply_reform(load_policy(rules, backend, calendar), reform, rules)
    policy = policy.at(as_of or today())  # one evaluation date for the whole run
    use_color = sys.stdout.isatty() if color is None else color
    if engine == "dask":
        if stream or keep_going or audit_log is not None:
            raise click.UsageError(
                "--engine dask takes none of --stream, --keep-going, --audit-log"
            )
        verdicts, inputs, count = check_on_dask(policy, paths, workers, scheduler)
        run = CheckReport(verdicts, Summary.of(count, verdicts), policy, inputs, fail_on)
        _report(run, fmt, use_color)
    elif stream:
        with check_streamed(policy, paths, keep_going, audit_log) as streamed:
            run = CheckReport(
                streamed.verdicts,
                streamed.summary,
                policy,
                streamed.inputs,
                fail_on,
                streamed.outcomes,
            )
            _report(run, fmt, use_color)
    else:
        inputs = read_or_exit(paths, keep_going=keep_going)
        verdicts = evaluate_or_exit(
            policy,
            lambda: policy.evaluate_employees(inputs.events),
            audit_log=audit_log,
            skipped=len(inputs.skipped),
        )
        summary = Summary.of(inputs.count, verdicts, len(inputs.skipped))
        run = CheckReport(verdicts, summary, policy, inputs, fail_on)
        _report(run, fmt, use_color)
    if not run.summary.complete:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_VIOLATION if run.failed else EXIT_CLEAN)


def _report(run: CheckReport, fmt: str, color: bool) -> None:
    """Write the report as it is made; machine formats own stdout, so the summary goes to
    stderr too (it still reaches the CI log)."""
    for chunk in reporter_for(fmt, color=color).chunks(run):
        click.echo(chunk, nl=False)
    click.echo()
    if fmt != "text":
        click.echo(run.summary.line(), err=True)

"""`mktpolicy check EVENTS...`: evaluate events and report verdicts; exit 1 on a violation."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from mktpolicy.cli.audit import audit_key_or_exit, key_file_option
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
from mktpolicy.cli.report_out import report_writer
from mktpolicy.cli.reporters import (
    FORMATS,
    LANGS,
    CheckReport,
    Summary,
    reporter_for,
)
from mktpolicy.cli.streaming import check_streamed
from mktpolicy.clock import ZONE_VARIABLE, today, zone_named
from mktpolicy.errors import TimeZoneError
from mktpolicy.spec.kinds import Outcome

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
    help="text for people; html: one page for people, with a chart and filters; json for "
    "scripts; sarif for code scanning; junit for test dashboards.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    help="The language of the clause text people read (text, html, junit, sarif); "
    "default: zh for text and junit, both for html. json always carries both.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the report to FILE instead of stdout: all of it, or (exit 2) none of it; the "
    "summary still goes to stderr.",
)
@click.option(
    "--max-results",
    type=click.IntRange(min=0),
    default=25_000,
    show_default=True,
    help="SARIF: at most this many results in the run (GitHub rejects more); errors are kept "
    "first, then warnings, then notes, and a notification counts what was left out. 0: no limit.",
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
@key_file_option("--audit-key-file", "Sign every --audit-log line with the HMAC key in FILE")
@engine_options
def check(
    events: tuple[str, ...],
    example: bool,
    rules: Path | None,
    reform: Path | None,
    backend: str,
    fmt: str,
    lang: str | None,
    output: Path | None,
    fail_on: frozenset[Outcome],
    as_of: date | None,
    max_results: int,
    calendar: Path | None,
    time_zone: str | None,
    color: bool | None,
    keep_going: bool,
    stream: bool,
    audit_log: Path | None,
    key_file: Path | None,
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
    policy = apply_reform(load_policy(rules, backend, calendar), reform)
    policy = policy.at(as_of or today())  # one evaluation date for the whole run
    use_color = (output is None and sys.stdout.isatty()) if color is None else color
    write = Writer(fmt, use_color, lang, output, max_results)
    audit_key = None if audit_log is None else audit_key_or_exit(key_file)
    if engine == "dask":
        if stream or keep_going or audit_log is not None:
            raise click.UsageError(
                "--engine dask takes none of --stream, --keep-going, --audit-log"
            )
        verdicts, inputs, count = check_on_dask(policy, paths, workers, scheduler)
        run = CheckReport(verdicts, Summary.of(count, verdicts), policy, inputs, fail_on)
        write(run)
    elif stream:
        with check_streamed(policy, paths, keep_going, audit_log, audit_key) as streamed:
            run = CheckReport(
                streamed.verdicts,
                streamed.summary,
                policy,
                streamed.inputs,
                fail_on,
                streamed.outcomes,
            )
            write(run)
    else:
        inputs = read_or_exit(paths, keep_going=keep_going)
        verdicts = evaluate_or_exit(
            policy,
            lambda: policy.evaluate_employees(inputs.events),
            audit_log=audit_log,
            audit_key=audit_key,
            skipped=len(inputs.skipped),
        )
        summary = Summary.of(inputs.count, verdicts, len(inputs.skipped))
        run = CheckReport(verdicts, summary, policy, inputs, fail_on)
        write(run)
    if not run.summary.complete:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_VIOLATION if run.failed else EXIT_CLEAN)


@dataclass(frozen=True, slots=True)
class Writer:
    """Writes the report as it is made, to stdout or to `--output` (a file is replaced only by
    a whole report). Machine formats own stdout and a file owns the report, so the summary
    then goes to stderr too (it still reaches the CI log)."""

    fmt: str
    color: bool
    lang: str | None
    output: Path | None
    max_results: int

    def __call__(self, run: CheckReport) -> None:
        reporter = reporter_for(
            self.fmt, color=self.color, lang=self.lang, max_results=self.max_results
        )
        with report_writer(self.output) as write:  # all of it, or exit 2 saying so
            for chunk in reporter.chunks(run):
                write(chunk)
            write("\n")
        if self.fmt != "text" or self.output is not None:
            click.echo(run.summary.line(), err=True)
        if self.fmt == "sarif" and 0 < self.max_results < run.summary.verdicts:
            left = run.summary.verdicts - self.max_results
            click.echo(
                f"warning: {left} results left out of the SARIF run "
                f"(--max-results {self.max_results}); its toolExecutionNotifications count them "
                "by rule",
                err=True,
            )

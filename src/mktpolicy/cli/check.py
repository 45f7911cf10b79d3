"""`mktpolicy check EVENTS...`: evaluate events and report verdicts; exit 1 on a violation."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mktpolicy.cli.common import (
    EXIT_CLEAN,
    EXIT_CODES_HELP,
    EXIT_VIOLATION,
    evaluate_or_exit,
    event_paths,
    example_events,
    load_policy,
    read_or_exit,
    rules_option,
)
from mktpolicy.cli.engine import check_on_dask, engine_options
from mktpolicy.cli.reform import apply_reform, reform_option
from mktpolicy.cli.reporters import FAIL_ON, FORMATS, CheckReport, Summary, reporter_for

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
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON)),
    default="violation",
    show_default=True,
    help="The least outcome that makes the check exit 1 (never: report only).",
)
@click.option(
    "--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."
)
@engine_options
def check(
    events: tuple[str, ...],
    example: bool,
    rules: Path | None,
    reform: Path | None,
    backend: str,
    fmt: str,
    fail_on: str,
    color: bool | None,
    engine: str,
    workers: int,
    scheduler: str | None,
) -> None:
    """Evaluate EVENTS and print verdicts with the clauses they cite, grouped by employee.

    EVENTS are files of JSON lines, a JSON array, or CSV (a .csv file: the header row names the
    fields, an empty cell is an absent field, booleans are true/false); `-` reads JSON lines
    from stdin. Every file is read and validated before anything is evaluated.
    """
    paths = event_paths(events, example)
    policy = apply_reform(load_policy(rules, backend), reform, rules)
    if engine == "dask":
        verdicts, inputs, count = check_on_dask(policy, paths, workers, scheduler)
    else:
        inputs = read_or_exit(paths)
        verdicts = evaluate_or_exit(policy, inputs)
        count = len(inputs.events)
    summary = Summary.of(count, verdicts)
    run = CheckReport(verdicts, summary, policy, inputs, FAIL_ON[fail_on])
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(reporter_for(fmt, color=use_color).report(run))
    if fmt != "text":
        # Machine formats own stdout; the summary still reaches the CI log.
        click.echo(summary.line(), err=True)
    sys.exit(EXIT_VIOLATION if run.failed else EXIT_CLEAN)

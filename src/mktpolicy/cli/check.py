"""`mktpolicy check EVENTS...`: evaluate events and report verdicts; exit 1 on a violation."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click

from mktpolicy.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CLEAN,
    EXIT_VIOLATION,
    load_policy,
    rules_option,
)
from mktpolicy.cli.reporters import JsonReporter, Reporter, Summary, TextReporter
from mktpolicy.errors import EventError
from mktpolicy.events.base import Event
from mktpolicy.events.reader import iter_jsonl, read_events


def example_events() -> Path:
    """The example events shipped with the package."""
    return Path(str(resources.files("mktpolicy") / "examples" / "events.jsonl"))


@click.command()
@click.argument("events", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--example", is_flag=True, help="Check the example events shipped with mktpolicy.")
@rules_option
@click.option(
    "--backend", type=click.Choice(["native", "durable"]), default="native", show_default=True
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."
)
def check(
    events: tuple[str, ...],
    example: bool,
    rules: Path | None,
    backend: str,
    fmt: str,
    color: bool | None,
) -> None:
    """Evaluate EVENTS (JSON lines; `-` for stdin) and print verdicts with their clauses.

    Exit status: 0 no violation, 1 violations found, 2 bad input or bad rules.
    """
    paths = [example_events()] if example else [Path(e) if e != "-" else None for e in events]
    if not paths:
        raise click.UsageError("give one or more event files, '-' for stdin, or --example")
    policy = load_policy(rules, backend)
    loaded: list[Event] = []
    problems: list[str] = []
    for path in paths:
        try:
            if path is None:
                loaded.extend(event for _, event in iter_jsonl(sys.stdin, "<stdin>"))
            else:
                loaded.extend(read_events(path))
        except EventError as exc:
            problems.append(str(exc))
        except OSError as exc:
            problems.append(f"{path}: cannot read: {exc.strerror or exc}")
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        click.echo("error: nothing was checked", err=True)
        sys.exit(EXIT_BAD_INPUT)
    try:
        verdicts = policy.evaluate(loaded)
    except EventError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    summary = Summary.of(len(loaded), verdicts)
    use_color = sys.stdout.isatty() if color is None else color
    reporter: Reporter = JsonReporter() if fmt == "json" else TextReporter(use_color)
    click.echo(reporter.report(verdicts, summary, policy.fingerprint))
    sys.exit(EXIT_VIOLATION if summary.violations else EXIT_CLEAN)

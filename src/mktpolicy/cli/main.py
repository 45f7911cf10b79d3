"""The `mktpolicy` command group."""

from __future__ import annotations

import click

from mktpolicy.cli.audit import audit
from mktpolicy.cli.check import check
from mktpolicy.cli.clauses import clauses
from mktpolicy.cli.event_types import events
from mktpolicy.cli.explain import explain
from mktpolicy.cli.lint import lint
from mktpolicy.cli.policy_tests import run_tests
from mktpolicy.cli.schemas import schemas


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mktpolicy")
def cli() -> None:
    """The marketing department's regulations as executable, cited policy.

    \b
    Exit status of check, lint and test:
      0  clean
      1  policy violations (check) or failing cases (test)
      2  bad input, bad rules or bad case files: nothing was checked
    """


cli.add_command(audit)
cli.add_command(check)
cli.add_command(clauses)
cli.add_command(events)
cli.add_command(explain)
cli.add_command(lint)
cli.add_command(schemas)
cli.add_command(run_tests)


def main() -> None:
    """Entry point of the `mktpolicy` script."""
    cli()

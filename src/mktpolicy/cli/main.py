"""The `mktpolicy` command group."""

from __future__ import annotations

import click

from mktpolicy.cli.check import check
from mktpolicy.cli.clauses import clauses
from mktpolicy.cli.lint import lint
from mktpolicy.cli.schemas import schemas


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mktpolicy")
def cli() -> None:
    """The marketing department's regulations as executable, cited policy."""


cli.add_command(check)
cli.add_command(clauses)
cli.add_command(lint)
cli.add_command(schemas)


def main() -> None:
    """Entry point of the `mktpolicy` script."""
    cli()

"""`mktpolicy schemas --output DIR`: write the JSON Schemas of rule files, events and verdicts."""

from __future__ import annotations

from pathlib import Path

import click

from mktpolicy.schemas import write_schemas


@click.command()
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
)
def schemas(output: Path) -> None:
    """Write the JSON Schemas generated from the models (editors validate rule files with them)."""
    for path in write_schemas(output):
        click.echo(f"wrote {path}")

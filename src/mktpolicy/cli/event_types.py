"""`mktpolicy events [TYPE...]`: every event type, its fields, the clauses that read it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from mktpolicy.cli.common import load_policy, rules_option
from mktpolicy.diagnostics import did_you_mean
from mktpolicy.events_doc import describe_events, render_markdown, render_text


@click.command()
@click.argument("types", nargs=-1)
@rules_option
@click.option("--json", "as_json", is_flag=True, help="One JSON document: a list of types.")
@click.option("--markdown", is_flag=True, help="The page docs/events.md is.")
def events(types: tuple[str, ...], rules: Path | None, as_json: bool, markdown: bool) -> None:
    """Each event type (or each TYPE named): its fields with their type, whether required and
    what they mean; the rules and clauses that read it; an example line."""
    if as_json and markdown:
        raise click.UsageError("choose one of --json and --markdown")
    docs = describe_events(load_policy(rules).program)
    if types:
        known = {doc.type: doc for doc in docs} | {doc.model: doc for doc in docs}
        for name in types:
            if name not in known:
                hint = did_you_mean(name, [doc.type for doc in docs])
                raise click.BadParameter(
                    f"unknown event type {name!r}" + (f"; {hint}" if hint else ""),
                    param_hint="TYPE",
                )
        docs = [known[name] for name in dict.fromkeys(types)]
    if as_json:
        text = json.dumps([doc.to_json() for doc in docs], ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_markdown(docs) if markdown else render_text(docs)
    click.echo(text, nl=False)

"""`mktpolicy explain EVENTS --rule ID | --employee ID`: why each matching verdict holds.

For every verdict of that rule or employee: the chain of rule firings behind it, first to last
(the rule, its title, the facts it matched with the file and line of each event, the fact it
derived), then the clauses it cites in Chinese and English, and what would have complied.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click

from mktpolicy.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CLEAN,
    as_of_option,
    evaluate_or_exit,
    event_paths,
    load_policy,
    read_or_exit,
    rules_option,
)
from mktpolicy.cli.inputs import Inputs, Origin
from mktpolicy.cli.reporters import LANGS, consequence_title, in_languages
from mktpolicy.clock import today
from mktpolicy.diagnostics import did_you_mean
from mktpolicy.display import printable
from mktpolicy.expr.library import words
from mktpolicy.verdicts.model import Step, Verdict

EXPLAIN_HELP = """\b
Exit status:
  0  explained (also when no verdict matches)
  2  bad input, bad rules or an unknown rule or employee"""


def _located(step: Step, inputs: Inputs) -> Iterator[tuple[str, Origin | None]]:
    """Each fact the step matched, with where it was read if it is an event (by its id: two
    records can read alike)."""
    refs = step.events or (None,) * len(step.matched)  # a step without ids: no locations
    for description, ref in zip(step.matched, refs, strict=True):
        yield description, None if ref is None else inputs.by_ref.get(ref)


def _sourced(step: Step, inputs: Inputs) -> Iterator[str]:
    """Each fact the step matched, as `explain` prints it: an event with its file and line, a
    derived fact with the step (numbered from 1) that derived it."""
    parents = step.derived_by or (None,) * len(step.matched)
    for (fact, origin), parent in zip(_located(step, inputs), parents, strict=True):
        if origin is not None:
            yield f"{fact} ({origin})"
        elif parent is not None:
            yield f"{fact} (derived in step {parent + 1})"
        else:
            yield fact


def explain_text(verdict: Verdict, inputs: Inputs, lang: str = "both") -> str:
    """A verdict, the chain behind it and the clauses it cites (in `lang`), for a person."""
    if verdict.role is None:
        who = f"employee {printable(verdict.subject)}"
    else:
        person = "" if verdict.owed_by_role else f" ({printable(verdict.subject)})"
        concerns = printable(verdict.concerns or "")
        who = f"the {words(verdict.role)}{person}, concerning employee {concerns}"
    lines = [
        f"{verdict.rule}: {verdict.outcome.value} for {who} on {verdict.date.isoformat()}",
        f"  {verdict.title}",
        f"  {printable(verdict.message)}",
        "",
        "  why (rule firings, first to last):",
    ]
    for number, step in enumerate(verdict.explanation.steps, start=1):
        lines.append(f"    {number}. {step.rule}: {step.title}")
        lines.extend(f"         matched {printable(fact)}" for fact in _sourced(step, inputs))
        if step.derived:
            lines.append(f"         derived {printable(step.derived)}")
    if verdict.fine is not None or verdict.compensation is not None:
        penalty = []
        if verdict.fine is not None:
            penalty.append(f"fine {verdict.fine} yuan")
        if verdict.compensation is not None:
            owed = verdict.compensation
            penalty.append(f"compensation {owed.amount} yuan ({owed.basis})")
        lines += ["", f"  penalty: {'; '.join(penalty)}"]
    if verdict.consequence is not None:
        c = verdict.consequence
        lines += ["", f"  consequence: {consequence_title(c, lang)}"]
    lines += ["", "  cites:"]
    for citation in verdict.citations:
        also = f"; also {', '.join(citation.also_at)}" if citation.also_at else ""
        lines.append(f"    {citation.clause}  {citation.title} ({citation.location}{also})")
        lines.extend(
            f"      {text}" for text in in_languages(citation.text_zh, citation.text_en, lang)
        )
    if verdict.explanation.would_comply:
        lines += ["", f"  would comply: {printable(verdict.explanation.would_comply)}"]
    return "\n".join(lines)


def explain_json(verdict: Verdict, inputs: Inputs) -> dict[str, Any]:
    """The verdict's stable JSON, with the file and line of every event its chain matched:
    `event_locations` by event id (as `Step.events` cites them), and `locations` by the text
    of `Step.matched` (kept for readers written before the ids; two records can read alike)."""
    document: dict[str, Any] = json.loads(verdict.model_dump_json())
    document["locations"] = {
        description: {"file": origin.display, "line": origin.line}
        for step in verdict.explanation.steps
        for description, origin in _located(step, inputs)
        if origin is not None
    }
    document["event_locations"] = {
        ref: {"file": origin.display, "line": origin.line}
        for ref, origin in inputs.located(verdict).items()
    }
    return document


def _unknown(kind: str, value: str, known: set[str]) -> None:
    hint = did_you_mean(value, known)
    click.echo(f"error: unknown {kind} {value!r}" + (f" ({hint})" if hint else ""), err=True)
    sys.exit(EXIT_BAD_INPUT)


@click.command(epilog=EXPLAIN_HELP)
@click.argument("events", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--example", is_flag=True, help="Explain verdicts on the bundled example events.")
@click.option("--rule", "rule_id", default=None, help="Explain the verdicts of this rule.")
@click.option("--employee", default=None, help="Explain the verdicts about this employee.")
@rules_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@as_of_option
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="both",
    show_default=True,
    help="The language of the clause text (json carries both).",
)
def explain(
    events: tuple[str, ...],
    example: bool,
    rule_id: str | None,
    employee: str | None,
    rules: Path | None,
    fmt: str,
    as_of: date | None,
    lang: str,
) -> None:
    """Show the chain of firings and the cited clauses behind verdicts on EVENTS.

    Give --rule, --employee or both; EVENTS are read as by `mktpolicy check`.
    """
    if rule_id is None and employee is None:
        raise click.UsageError("give --rule ID, --employee ID or both")
    paths = event_paths(events, example)
    policy = load_policy(rules).at(as_of or today())
    if rule_id is not None and rule_id not in {r.id for r in policy.rules}:
        _unknown("rule", rule_id, {r.id for r in policy.rules})
    inputs = read_or_exit(paths)
    if employee is not None and employee not in {e.employee_id for e in inputs.events}:
        _unknown("employee", employee, {e.employee_id for e in inputs.events})
    verdicts = [
        v
        for v in evaluate_or_exit(policy, lambda: policy.evaluate_employees(inputs.events))
        if (rule_id is None or v.rule == rule_id)
        and (employee is None or employee in (v.subject, v.concerns))
    ]
    if fmt == "json":
        document = {
            "policy": policy.version,
            "verdicts": [explain_json(v, inputs) for v in verdicts],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif verdicts:
        click.echo("\n\n".join(explain_text(v, inputs, lang) for v in verdicts))
    else:
        who = " and ".join(
            x for x in (rule_id and f"rule {rule_id}", employee and f"employee {employee}") if x
        )
        click.echo(f"no verdict for {who}")
    sys.exit(EXIT_CLEAN)

"""Verdicts for people: grouped by employee, the cited clause's text under each. Colour only
when asked (the command asks on a terminal)."""

from __future__ import annotations

from collections.abc import Iterator

import click

from mktpolicy.cli.reporters import CheckReport, consequence_title, in_languages
from mktpolicy.display import printable
from mktpolicy.expr.library import words
from mktpolicy.verdicts.model import Verdict

COLOURS = {"violation": "red", "warning": "yellow"}


def _heading(verdict: Verdict) -> str:
    """`employee E1`, or `role key account manager` for a duty of a role with no person
    recorded (the role in words, as messages name it)."""
    if verdict.owed_by_role:
        return f"role {words(verdict.subject)}"
    return f"employee {printable(verdict.subject)}"


class TextReporter:
    def __init__(self, color: bool, lang: str | None = None) -> None:
        self.color = color
        self.lang = lang
        """`--lang`; None: the clause text in Chinese, the consequence in both languages."""

    def _style(self, text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if self.color else text  # type: ignore[arg-type]

    def report(self, run: CheckReport) -> str:
        return "".join(self.chunks(run))

    def chunks(self, run: CheckReport) -> Iterator[str]:
        """The report an employee at a time, so a large one is never held whole."""
        subject = None
        for verdict in run.verdicts:
            head = ""
            if verdict.subject != subject:
                head = "\n" if subject is not None else ""
                subject = verdict.subject
                head += self._style(_heading(verdict), bold=True) + "\n"
            yield head + "\n".join(self._verdict(verdict, run)) + "\n"
        if subject is not None:
            yield "\n"
        yield self._style(run.summary.line(), bold=True)

    def _verdict(self, verdict: Verdict, run: CheckReport) -> list[str]:
        colour = COLOURS.get(verdict.outcome.value, "cyan")
        lines = [
            f"  {verdict.date.isoformat()}  {self._style(verdict.outcome.value, fg=colour)}  "
            f"{verdict.rule}",
            f"    {printable(verdict.message)}",
        ]
        if verdict.role is not None:
            owed = "" if verdict.owed_by_role else f" as {words(verdict.role)}"
            concerns = printable(verdict.concerns or "")
            lines.append(f"    owed by {printable(verdict.subject)}{owed}; concerns {concerns}")
        penalty = []
        if verdict.fine is not None:
            penalty.append(f"fine {verdict.fine} yuan")
        if verdict.compensation is not None:
            penalty.append(
                f"compensation {verdict.compensation.amount} yuan ({verdict.compensation.basis})"
            )
        if penalty:
            lines.append("    " + "; ".join(penalty))
        if verdict.consequence is not None:
            said = consequence_title(verdict.consequence, self.lang or "both")
            lines.append(f"    consequence: {said}")
        if verdict.explanation.would_comply:
            lines.append(f"    would comply: {printable(verdict.explanation.would_comply)}")
        for citation in verdict.citations:
            also = f" (also {', '.join(citation.also_at)})" if citation.also_at else ""
            lines.append(
                self._style(f"    cites {citation.clause}  {citation.location}{also}", dim=True)
            )
            for text in in_languages(citation.text_zh, citation.text_en, self.lang or "zh"):
                lines.append(self._style(f"      {text}", dim=True))
        if verdict.events:
            shown = []
            for ref in verdict.events:
                origin = run.inputs.by_ref.get(ref)
                shown.append(f"{printable(ref)} ({origin})" if origin else printable(ref))
            lines.append(self._style(f"    events: {', '.join(shown)}", dim=True))
        return lines

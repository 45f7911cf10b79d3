"""Verdicts to text (for people) and JSON (for machines), behind one protocol."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

import click

from mktpolicy.spec.models import Outcome
from mktpolicy.verdicts.model import Verdict


@dataclass(frozen=True, slots=True)
class Summary:
    events: int
    verdicts: int
    violations: int
    warnings: int
    fines: Decimal

    @classmethod
    def of(cls, events: int, verdicts: Sequence[Verdict]) -> Summary:
        return cls(
            events=events,
            verdicts=len(verdicts),
            violations=sum(v.outcome is Outcome.VIOLATION for v in verdicts),
            warnings=sum(v.outcome is Outcome.WARNING for v in verdicts),
            fines=sum((v.fine or Decimal(0) for v in verdicts), Decimal(0)),
        )

    def line(self) -> str:
        return (
            f"{self.events} events, {self.verdicts} verdicts, {self.violations} violations, "
            f"fines {self.fines} yuan"
        )


class Reporter(Protocol):
    def report(self, verdicts: Sequence[Verdict], summary: Summary, policy: str) -> str: ...


class TextReporter:
    """Grouped by employee; the cited clause's text under each verdict. Colour on terminals."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def _style(self, text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if self.color else text  # type: ignore[arg-type]

    def report(self, verdicts: Sequence[Verdict], summary: Summary, policy: str) -> str:
        lines: list[str] = []
        subject = None
        for verdict in verdicts:
            if verdict.subject != subject:
                subject = verdict.subject
                if lines:
                    lines.append("")
                lines.append(self._style(f"employee {subject}", bold=True))
            colour = {"violation": "red", "warning": "yellow"}.get(verdict.outcome.value, "cyan")
            lines.append(
                f"  {verdict.date.isoformat()}  {self._style(verdict.outcome.value, fg=colour)}  "
                f"{verdict.rule}"
            )
            lines.append(f"    {verdict.message}")
            penalty = []
            if verdict.fine is not None:
                penalty.append(f"fine {verdict.fine} yuan")
            if verdict.compensation is not None:
                penalty.append(
                    f"compensation {verdict.compensation.amount} yuan "
                    f"({verdict.compensation.basis})"
                )
            if penalty:
                lines.append("    " + "; ".join(penalty))
            if verdict.consequence is not None:
                c = verdict.consequence
                lines.append(f"    consequence: {c.title_en} ({c.title_zh})")
            if verdict.explanation.would_comply:
                lines.append(f"    would comply: {verdict.explanation.would_comply}")
            for citation in verdict.citations:
                also = f" (also {', '.join(citation.also_at)})" if citation.also_at else ""
                lines.append(
                    self._style(f"    cites {citation.clause}  {citation.location}{also}", dim=True)
                )
                lines.append(self._style(f"      {citation.text_zh}", dim=True))
            if verdict.events:
                lines.append(self._style(f"    events: {', '.join(verdict.events)}", dim=True))
        if lines:
            lines.append("")
        lines.append(self._style(summary.line(), bold=True))
        return "\n".join(lines)


class JsonReporter:
    """One JSON document: policy version, summary and the verdicts' stable JSON."""

    def report(self, verdicts: Sequence[Verdict], summary: Summary, policy: str) -> str:
        document = {
            "policy": policy,
            "summary": {
                "events": summary.events,
                "verdicts": summary.verdicts,
                "violations": summary.violations,
                "warnings": summary.warnings,
                "fines": str(summary.fines),
            },
            "verdicts": [json.loads(v.model_dump_json()) for v in verdicts],
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

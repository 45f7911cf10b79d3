"""Verdicts to text (people), JSON (machines), SARIF (code scanning) and JUnit XML (CI test
dashboards), behind one protocol: a reporter turns one `CheckReport` into one document."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from mktpolicy.cli.common import tool_version
from mktpolicy.cli.inputs import Inputs
from mktpolicy.policy import Policy
from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.model import Verdict

FORMATS = ("text", "json", "junit", "sarif")

FAIL_ON = {
    "violation": frozenset({Outcome.VIOLATION}),
    "warning": frozenset({Outcome.VIOLATION, Outcome.WARNING}),
    "never": frozenset[Outcome](),
}
"""`--fail-on`: the outcomes that make `check` exit 1 (and that JUnit reports as failures)."""


@dataclass(frozen=True, slots=True)
class Summary:
    events: int
    verdicts: int
    violations: int
    warnings: int
    fines: Decimal
    skipped: int = 0
    """Bad records left out under --keep-going: the check is then incomplete."""

    @classmethod
    def of(cls, events: int, verdicts: Sequence[Verdict], skipped: int = 0) -> Summary:
        return cls(
            events=events,
            verdicts=len(verdicts),
            violations=sum(v.outcome is Outcome.VIOLATION for v in verdicts),
            warnings=sum(v.outcome is Outcome.WARNING for v in verdicts),
            fines=sum((v.fine or Decimal(0) for v in verdicts), Decimal(0)),
            skipped=skipped,
        )

    @property
    def complete(self) -> bool:
        """False when bad records were skipped: the verdicts are of the rest only."""
        return self.skipped == 0

    def line(self) -> str:
        text = (
            f"{self.events} events, {self.verdicts} verdicts, {self.violations} violations, "
            f"{self.warnings} warnings, fines {self.fines} yuan"
        )
        if self.skipped:
            text += f"; INCOMPLETE: {self.skipped} bad records skipped"
        return text


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Everything a reporter may show: the verdicts, where their events were read, the policy
    they were reached under, and which outcomes fail the run."""

    verdicts: Collection[Verdict]
    """In report order; reporters read them once (a streamed check reads them from disk)."""
    summary: Summary
    policy: Policy
    inputs: Inputs
    failing: frozenset[Outcome] = FAIL_ON["violation"]
    outcomes: frozenset[Outcome] | None = None
    """The outcomes among the verdicts, when known without reading them."""

    def fails(self, verdict: Verdict) -> bool:
        return verdict.outcome in self.failing

    @property
    def failed(self) -> bool:
        if self.outcomes is not None:
            return bool(self.outcomes & self.failing)
        return any(self.fails(v) for v in self.verdicts)


class Reporter(Protocol):
    def report(self, run: CheckReport) -> str: ...

    def chunks(self, run: CheckReport) -> Iterator[str]:
        """The same text in pieces, for writing as it is made (`report` joins them)."""
        ...


def reporter_for(fmt: str, *, color: bool) -> Reporter:
    """The reporter of a `--format` choice."""
    from mktpolicy.cli.reporters.jsondoc import JsonReporter
    from mktpolicy.cli.reporters.junit import JunitReporter
    from mktpolicy.cli.reporters.sarif import SarifReporter
    from mktpolicy.cli.reporters.text import TextReporter

    if fmt == "json":
        return JsonReporter()
    if fmt == "junit":
        return JunitReporter()
    if fmt == "sarif":
        return SarifReporter()
    return TextReporter(color)


__all__ = [
    "FAIL_ON",
    "FORMATS",
    "CheckReport",
    "Reporter",
    "Summary",
    "reporter_for",
    "tool_version",
]

"""The run a reporter reports on (`CheckReport`, its `Summary`), the `Reporter` protocol, and
the choice of reporter from `--format`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from mktpolicy.cli.inputs import Inputs
from mktpolicy.policy import Policy
from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.model import ConsequenceRef, Verdict

FORMATS = ("text", "json", "junit", "sarif", "html")

LANGS = ("zh", "en", "both")
"""`--lang`: the language(s) of the clause text (and consequence titles) people read."""

FAIL_ON = {
    "violation": frozenset({Outcome.VIOLATION}),
    "warning": frozenset({Outcome.VIOLATION, Outcome.WARNING}),
    "never": frozenset[Outcome](),
}
"""`--fail-on` presets: the outcomes that make `check` exit 1 (and that JUnit reports as
failures). Outcomes can also be named one by one: `--fail-on violation,finding,undetermined`."""


def failing_outcomes(text: str) -> frozenset[Outcome]:
    """The outcomes a `--fail-on` value names: presets and outcome names, comma-separated."""
    found: set[Outcome] = set()
    for word in (w.strip() for w in text.split(",")):
        if word in FAIL_ON:
            found |= FAIL_ON[word]
        elif word in Outcome.__members__.values():
            found.add(Outcome(word))
        else:
            choices = ", ".join([*FAIL_ON, *(o.value for o in Outcome if o.value not in FAIL_ON)])
            raise ValueError(f"{word!r} is not one of: {choices}")
    return frozenset(found)


OTHER_OUTCOMES = (Outcome.FINDING, Outcome.LAPSED, Outcome.PENDING, Outcome.UNDETERMINED)
"""Outcomes besides violations and warnings that the summary counts."""

OUTCOME_PLURALS = {
    Outcome.FINDING: "findings",
    Outcome.LAPSED: "lapsed",
    Outcome.PENDING: "pending",
    Outcome.UNDETERMINED: "undetermined",
}


@dataclass(frozen=True, slots=True)
class Summary:
    events: int
    verdicts: int
    violations: int
    warnings: int
    fines: Decimal
    skipped: int = 0
    """Bad records left out under --keep-going: the check is then incomplete."""
    others: tuple[int, ...] = (0, 0, 0, 0)
    """How many verdicts of each of OTHER_OUTCOMES, in that order."""
    compensation: Decimal = Decimal(0)
    """Compensation owed besides the fines, in yuan."""

    @classmethod
    def of(cls, events: int, verdicts: Sequence[Verdict], skipped: int = 0) -> Summary:
        return cls.counted(
            events,
            Counter(v.outcome for v in verdicts),
            fines=sum((v.fine or Decimal(0) for v in verdicts), Decimal(0)),
            compensation=sum(
                (v.compensation.amount for v in verdicts if v.compensation is not None),
                Decimal(0),
            ),
            skipped=skipped,
        )

    @classmethod
    def counted(
        cls,
        events: int,
        outcomes: Counter[Outcome],
        *,
        fines: Decimal,
        compensation: Decimal,
        skipped: int = 0,
    ) -> Summary:
        """The summary of verdicts counted as they went by (a streamed check holds none)."""
        return cls(
            events=events,
            verdicts=sum(outcomes.values()),
            violations=outcomes[Outcome.VIOLATION],
            warnings=outcomes[Outcome.WARNING],
            fines=fines,
            skipped=skipped,
            others=tuple(outcomes[o] for o in OTHER_OUTCOMES),
            compensation=compensation,
        )

    def counts(self) -> dict[str, int]:
        """The other outcomes' counts by plural name: `{"findings": 2, "lapsed": 0, …}`."""
        return {OUTCOME_PLURALS[o]: n for o, n in zip(OTHER_OUTCOMES, self.others, strict=True)}

    @property
    def complete(self) -> bool:
        """False when bad records were skipped: the verdicts are of the rest only."""
        return self.skipped == 0

    def line(self) -> str:
        counts = [
            plural(self.events, "event"),
            plural(self.verdicts, "verdict"),
            plural(self.violations, "violation"),
            plural(self.warnings, "warning"),
        ]
        for outcome, count in zip(OTHER_OUTCOMES, self.others, strict=True):
            if count:
                counts.append(
                    plural(count, "finding")
                    if outcome is Outcome.FINDING
                    else f"{count} {outcome.value}"
                )
        text = (
            f"{', '.join(counts)}, fines {self.fines} yuan, compensation {self.compensation} yuan"
        )
        if self.skipped:
            text += f"; INCOMPLETE: {plural(self.skipped, 'bad record')} skipped"
        return text


def plural(count: int, noun: str) -> str:
    """`1 verdict`, `2 verdicts`: every noun the reports count takes an s."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def in_languages(zh: str, en: str, lang: str) -> list[str]:
    """The text in the chosen language(s) of `--lang`, Chinese first."""
    return [text for code, text in (("zh", zh), ("en", en)) if lang in (code, "both")]


def consequence_title(consequence: ConsequenceRef, lang: str) -> str:
    """`treated as absenteeism (按旷工处理)` for both languages, else the one asked for."""
    titles = in_languages(consequence.title_zh, consequence.title_en, lang)
    return titles[0] if len(titles) == 1 else f"{titles[1]} ({titles[0]})"


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


def reporter_for(
    fmt: str, *, color: bool, lang: str | None = None, max_results: int | None = None
) -> Reporter:
    """The reporter of a `--format` choice; `lang` None is the format's own default (text and
    JUnit as before `--lang`: the clause in Chinese, the regulations' own words; HTML: both);
    `max_results` is SARIF's limit (see `--max-results`). Only the chosen format's module is
    imported: JUnit's XML escaping alone imports urllib.request, http and email."""
    if fmt == "json":
        from mktpolicy.cli.reporters.jsondoc import JsonReporter

        return JsonReporter()
    if fmt == "junit":
        from mktpolicy.cli.reporters.junit import JunitReporter

        return JunitReporter(lang)
    if fmt == "sarif":
        from mktpolicy.cli.reporters.sarif import SarifReporter

        if max_results is None:
            return SarifReporter(lang=lang)
        return SarifReporter(max_results, lang=lang)
    if fmt == "html":
        from mktpolicy.cli.reporters.html import HtmlReporter

        return HtmlReporter(lang or "both")
    from mktpolicy.cli.reporters.text import TextReporter

    return TextReporter(color, lang)

"""Policy test cases as data: given these events, expect these verdicts (and no others).

The same case files run on every backend, in the manner of OPA's implementation-neutral test
cases; the bundled rulebook's own cases ship in `mktpolicy/rules/tests/`, and `mktpolicy test`
runs them (or a rule repository's):

```yaml
cases:
  - note: exactly one calendar month ahead is in time
    events:
      - {type: resignation, employee_id: E1, submitted_on: 2024-02-29, last_day: 2024-03-31}
    expect: []
  - note: a day late
    events: [...]
    parameters: {resignation.notice_period: P2M}     # optional overrides
    expect:
      - {rule: resignation-notice-too-short, subject: E1, cites: ["000.P1.2.8"]}
```
A case may fix the evaluation date (`as_of: 2024-06-30`; default today). Each expected verdict
names its rule and subject and may pin `outcome`, `role`, `concerns`, `date`, `fine`,
`compensation`, `consequence`, `cites` (all must be cited), `events` and `would_comply`.
The verdicts produced must match the expected list one to one. `expect_facts` lists derived
facts (such as a MonthlyScore) the case must produce, with the values of some of their fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mktpolicy.errors import EventError, ParameterError, SpecError
from mktpolicy.events.reader import to_event
from mktpolicy.policy import Policy
from mktpolicy.source import load_yaml_file
from mktpolicy.spec.from_source import validation_diagnostics
from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.model import Verdict


class ExpectedVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    subject: str
    outcome: Outcome | None = None
    role: str | None = None
    concerns: str | None = None
    date: dt.date | None = None
    fine: Decimal | None = None
    compensation: Decimal | None = None
    consequence: str | None = None
    cites: list[str] = Field(default_factory=list)
    events: list[str] | None = None
    would_comply: str | None = None

    def mismatches(self, verdict: Verdict) -> list[str]:
        """What differs between this expectation and `verdict` (empty when it matches)."""
        problems = []
        if self.outcome is not None and verdict.outcome != self.outcome:
            problems.append(f"outcome {verdict.outcome.value} != {self.outcome.value}")
        if self.role is not None and verdict.role != self.role:
            problems.append(f"role {verdict.role} != {self.role}")
        if self.concerns is not None and verdict.concerns != self.concerns:
            problems.append(f"concerns {verdict.concerns} != {self.concerns}")
        if self.date is not None and verdict.date != self.date:
            problems.append(f"date {verdict.date} != {self.date}")
        if self.fine is not None and verdict.fine != self.fine:
            problems.append(f"fine {verdict.fine} != {self.fine}")
        if self.compensation is not None:
            got = verdict.compensation.amount if verdict.compensation else None
            if got != self.compensation:
                problems.append(f"compensation {got} != {self.compensation}")
        if self.consequence is not None:
            got_c = verdict.consequence.id if verdict.consequence else None
            if got_c != self.consequence:
                problems.append(f"consequence {got_c} != {self.consequence}")
        missing = [c for c in self.cites if c not in verdict.clauses]
        if missing:
            problems.append(f"does not cite {', '.join(missing)} (cites {verdict.clauses})")
        if self.events is not None and sorted(self.events) != sorted(verdict.events):
            problems.append(f"events {list(verdict.events)} != {self.events}")
        if self.would_comply is not None and verdict.explanation.would_comply != self.would_comply:
            problems.append(
                f"would_comply {verdict.explanation.would_comply!r} != {self.would_comply!r}"
            )
        return problems


class ExpectedFact(BaseModel):
    """A derived fact the case must produce, e.g. a MonthlyScore with its values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    subject: str
    fields: dict[str, Any] = Field(default_factory=dict)

    def matches(self, fact: object) -> bool:
        if type(fact).__name__ != self.fact or getattr(fact, "employee_id", None) != self.subject:
            return False
        return all(_same(getattr(fact, name, None), want) for name, want in self.fields.items())


def _same(got: object, want: object) -> bool:
    """Numbers compare by value (72 == 72.0), everything else by its text."""
    try:
        return Decimal(str(got)) == Decimal(str(want))
    except ArithmeticError:
        return str(got) == str(want)


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    note: str
    events: list[dict[str, Any]]
    parameters: dict[str, Any] = Field(default_factory=dict)
    as_of: dt.date | None = None
    """The evaluation date (default: today): deadlines after it are pending."""
    expect: list[ExpectedVerdict]
    expect_facts: list[ExpectedFact] = Field(default_factory=list)


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cases: list[Case] = Field(min_length=1)


def case_stem(file: str) -> str:
    """`leaving` for `leaving.yaml`, `leaving.yml` and the bundled `leaving.cases`."""
    name = Path(file).name
    for suffix in (".yaml", ".yml", ".cases"):
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return Path(file).stem


@dataclass(frozen=True, slots=True)
class LoadedCase:
    file: str
    index: int
    case: Case
    line: int = 0
    """The line the case starts on in its file (0 when not read from a file)."""
    event_lines: tuple[int, ...] = ()
    """The line of each of the case's events."""

    @property
    def name(self) -> str:
        return f"{case_stem(self.file)}: {self.case.note}"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def load_cases(path: Path) -> list[LoadedCase]:
    """The cases of one file, read with the same safe loader as rule files."""
    source = load_yaml_file(path)
    try:
        parsed = CaseFile.model_validate(source.data)
    except ValidationError as exc:
        raise SpecError(list(validation_diagnostics(exc, source))) from None

    def line(*at: str | int) -> int:
        span = source.span(("cases", *at))
        return span.line if span else 0

    return [
        LoadedCase(
            str(path),
            i,
            case,
            line=line(i),
            event_lines=tuple(line(i, "events", j) for j in range(len(case.events))),
        )
        for i, case in enumerate(parsed.cases)
    ]


def case_errors(policy: Policy, loaded: LoadedCase) -> list[str]:
    """What makes a case unrunnable (an invalid event, an unknown parameter), at file:line;
    empty when it can run. A failing expectation is not an error: `run_case` reports it."""
    problems = []
    for index, event in enumerate(loaded.case.events):
        line = loaded.event_lines[index] if index < len(loaded.event_lines) else loaded.line
        try:
            to_event(event, line=line or None, source=loaded.file)
        except EventError as exc:
            problems.append(str(exc))
    if loaded.case.parameters:
        try:
            policy.with_parameters(loaded.case.parameters)
        except ParameterError as exc:
            problems.append(f"{loaded.where}: {exc}")
    return problems


@dataclass(frozen=True, slots=True)
class CaseRun:
    """The outcome of one case: its problems (none when it passes) and the verdicts produced."""

    problems: list[str]
    verdicts: list[Verdict]

    @property
    def passed(self) -> bool:
        return not self.problems


def run_case(policy: Policy, case: Case) -> list[str]:
    """The problems found running `case` on `policy` (empty when it passes)."""
    return evaluate_case(policy, case).problems


def evaluate_case(policy: Policy, case: Case) -> CaseRun:
    """Run `case` on `policy`: the verdicts, and every way they differ from the expected."""
    if case.parameters:
        policy = policy.with_parameters(case.parameters)
    if case.as_of is not None:
        policy = policy.at(case.as_of)
    verdicts = policy.evaluate(case.events)
    unmatched = list(verdicts)
    problems: list[str] = []
    for expected in case.expect:
        candidates = [
            v for v in unmatched if v.rule == expected.rule and v.subject == expected.subject
        ]
        if not candidates:
            problems.append(f"expected {expected.rule} for {expected.subject}: no such verdict")
            continue
        scored = [(expected.mismatches(v), v) for v in candidates]
        scored.sort(key=lambda pair: len(pair[0]))
        mismatch, verdict = scored[0]
        unmatched.remove(verdict)
        if mismatch:
            problems.append(f"{expected.rule} for {expected.subject}: " + "; ".join(mismatch))
    if case.expect_facts:
        session = policy.session()
        session.add(*case.events)
        derived = session.facts()
        for expected_fact in case.expect_facts:
            if not any(expected_fact.matches(f) for f in derived):
                found = [f for f in derived if type(f).__name__ == expected_fact.fact]
                problems.append(f"expected fact {expected_fact.model_dump()}: found {found}")
    for verdict in unmatched:
        problems.append(
            f"unexpected verdict {verdict.rule} for {verdict.subject} on {verdict.date}: "
            f"{verdict.message}"
        )
    return CaseRun(problems, verdicts)

"""JUnit XML, the test-report format CI dashboards read (Jenkins, GitLab, Azure, GitHub actions
that publish test results). It is checked against the Jenkins xunit plugin's junit-10.xsd.

For `check`: one <testsuite> per employee, and in it one <testcase> per rule that could apply
to that employee's events (a rule whose every matched fact type is an event type the employee
has, or a fact some applicable rule derives). A verdict whose outcome fails the run (see
`--fail-on`) is a <failure>, one per test case: a rule that failed twice is two cases, named
by the rule and the date. Other verdicts are written to the rule's first case's <system-out>.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from xml.sax.saxutils import escape, quoteattr

from mktpolicy.cli.reporters import CheckReport, consequence_title, in_languages, tool_version
from mktpolicy.ir.model import Program, VerdictAction
from mktpolicy.ir.passes.reachability import reachable_rules
from mktpolicy.verdicts.model import Verdict

SPOOL_BYTES = 1 << 20

# XML 1.0 cannot carry most control characters, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Failure:
    message: str
    type: str
    text: str


@dataclass(slots=True)
class JunitCase:
    name: str
    classname: str
    failures: list[Failure] = field(default_factory=list)
    output: list[str] = field(default_factory=list)


@dataclass(slots=True)
class JunitSuite:
    name: str
    cases: list[JunitCase] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)

    @property
    def failures(self) -> int:
        return sum(1 for case in self.cases if case.failures)


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", value))


def junit_xml(name: str, suites: Sequence[JunitSuite]) -> str:
    """The document: <testsuites> around every suite; counts are of test cases."""
    tests = sum(len(s.cases) for s in suites)
    failures = sum(s.failures for s in suites)
    lines = [_opening(name, tests, failures)]
    for suite in suites:
        lines.extend(suite_lines(suite))
    lines.append("</testsuites>")
    return "\n".join(lines)


def _opening(name: str, tests: int, failures: int) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name={_attr(name)} tests="{tests}" failures="{failures}" errors="0" '
        'time="0">'
    )


def suite_lines(suite: JunitSuite) -> list[str]:
    """One <testsuite> element, a line each, indented as inside <testsuites>."""
    lines = [
        f'  <testsuite name={_attr(suite.name)} tests="{len(suite.cases)}" '
        f'failures="{suite.failures}" errors="0" skipped="0" time="0">'
    ]
    if suite.properties:
        lines.append("    <properties>")
        lines.extend(
            f"      <property name={_attr(k)} value={_attr(v)}/>"
            for k, v in suite.properties.items()
        )
        lines.append("    </properties>")
    for case in suite.cases:
        opening = f"    <testcase name={_attr(case.name)} classname={_attr(case.classname)}"
        if not case.failures and not case.output:
            lines.append(opening + ' time="0"/>')
            continue
        lines.append(opening + ' time="0">')
        lines.extend(
            f"      <failure message={_attr(f.message)} type={_attr(f.type)}>"
            f"{_text(f.text)}</failure>"
            for f in case.failures
        )
        if case.output:
            lines.append(f"      <system-out>{_text(chr(10).join(case.output))}</system-out>")
        lines.append("    </testcase>")
    lines.append("  </testsuite>")
    return lines


def applicable_rules(program: Program, event_types: Iterable[str]) -> list[str]:
    """Verdict rules that could fire on events of these types (through derived facts too)."""
    return sorted(
        rule.id
        for rule in reachable_rules(program, event_types)
        if isinstance(rule.action, VerdictAction)
    )


def verdict_details(verdict: Verdict, run: CheckReport, lang: str | None = None) -> str:
    """The lines a CI log shows under a failed test case: with `lang` (`--lang`), the
    consequence and clause text in it; else the consequence in English, the clause in Chinese."""
    lines = [f"{verdict.date.isoformat()} {verdict.outcome.value}: {verdict.message}"]
    if verdict.fine is not None:
        lines.append(f"fine: {verdict.fine} yuan")
    if verdict.compensation is not None:
        lines.append(f"compensation: {verdict.compensation.amount} yuan")
    if verdict.consequence is not None:
        lines.append(f"consequence: {consequence_title(verdict.consequence, lang or 'en')}")
    for ref in verdict.events:
        origin = run.inputs.by_ref.get(ref)
        lines.append(f"event: {ref}" + (f" ({origin})" if origin else ""))
    for citation in verdict.citations:
        texts = in_languages(citation.text_zh, citation.text_en, lang or "zh")
        lines.append(f"cites {citation.clause} {citation.location}: {texts[0]}")
        lines.extend(f"  {text}" for text in texts[1:])
    return "\n".join(lines)


class JunitReporter:
    def __init__(self, lang: str | None = None) -> None:
        self.lang = lang

    def report(self, run: CheckReport) -> str:
        return "".join(self.chunks(run))

    def chunks(self, run: CheckReport) -> Iterator[str]:
        """The document, a suite per employee; the totals on <testsuites> are known only at
        the end, so the suites wait in a temporary file (on disk past SPOOL_BYTES)."""
        tests = failures = 0
        with tempfile.SpooledTemporaryFile(SPOOL_BYTES, "w+", encoding="utf-8") as body:
            for suite in self._suites(run):
                tests += len(suite.cases)
                failures += suite.failures
                body.write("\n".join(suite_lines(suite)) + "\n")
            body.seek(0)
            yield _opening("mktpolicy check", tests, failures) + "\n"
            while piece := body.read(SPOOL_BYTES):
                yield piece
        yield "</testsuites>"

    def _suites(self, run: CheckReport) -> Iterator[JunitSuite]:
        """Every employee's suite, in order: a case per applicable rule, failed or not."""
        program = run.policy.program
        types = run.inputs.employee_types()
        properties = {"policy": run.policy.version, "mktpolicy": tool_version()}
        applicable: dict[frozenset[str], list[str]] = {}  # employees share a few type sets
        groups = _by_subject(run, self.lang)
        group = next(groups, None)
        employees = iter(sorted(types))
        employee = next(employees, None)
        while employee is not None or group is not None:
            # Both in subject order; a role that owes a duty (a finding's subject) has verdicts
            # and no events of its own, an employee may have events and no verdict.
            if group is not None and (employee is None or group[0] < employee):
                subject, verdicts, kinds = group[0], group[1], None
                group = next(groups, None)
            else:
                assert employee is not None
                subject, verdicts, kinds = employee, [], types[employee]
                if group is not None and group[0] == employee:
                    verdicts = group[1]
                    group = next(groups, None)
                employee = next(employees, None)
            names = {v.rule for v, _ in verdicts}
            if kinds is not None:
                if kinds not in applicable:
                    applicable[kinds] = applicable_rules(program, kinds)
                names |= set(applicable[kinds])
            kind = "role" if kinds is None and verdicts[0][0].owed_by_role else "employee"
            yield JunitSuite(f"{kind} {subject}", _cases(subject, names, verdicts, run), properties)


def _cases(
    subject: str, names: set[str], verdicts: list[tuple[Verdict, str]], run: CheckReport
) -> list[JunitCase]:
    """A case per applicable rule that nothing failed, and a case per failing verdict: one
    failure per case, so `failures=` counts the failing verdicts (the summary's violations)
    and a dashboard that shows one failure per case hides none."""
    failing: dict[str, list[tuple[Verdict, str]]] = {}
    output: dict[str, list[str]] = {}
    for verdict, details in verdicts:
        if run.fails(verdict):
            failing.setdefault(verdict.rule, []).append((verdict, details))
        else:
            output.setdefault(verdict.rule, []).append(details)
    cases: list[JunitCase] = []
    for name in sorted(names):
        found = failing.get(name, [])
        if not found:
            cases.append(JunitCase(name, subject, output=output.get(name, [])))
            continue
        dates = Counter(v.date for v, _ in found)
        seen: Counter[dt.date] = Counter()
        for i, (verdict, details) in enumerate(found):
            label = name
            if len(found) > 1:
                seen[verdict.date] += 1
                label = f"{name} {verdict.date.isoformat()}"
                if dates[verdict.date] > 1:
                    label += f" #{seen[verdict.date]}"
            failure = Failure(verdict.message, verdict.outcome.value, details)
            case = JunitCase(label, subject, failures=[failure])
            if i == 0:
                case.output = output.get(name, [])
            cases.append(case)
    return cases


def _by_subject(
    run: CheckReport, lang: str | None
) -> Iterator[tuple[str, list[tuple[Verdict, str]]]]:
    """The verdicts an employee at a time (they come in employee order), each with its details."""
    # Details now: a streamed check knows the origins of the current verdict only, and groupby
    # reads the next verdict only when asked for it.
    for subject, verdicts in groupby(run.verdicts, key=attrgetter("subject")):
        yield subject, [(verdict, verdict_details(verdict, run, lang)) for verdict in verdicts]

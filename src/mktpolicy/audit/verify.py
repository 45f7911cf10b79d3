"""Checking an audit log: every line whole, chained, signed (given the key) and where its run
says it is, every input hash right, and a sample of employees re-evaluated to confirm the
verdicts the log says were reached. What this proves, and what it cannot, is in
docs/security.md ("Audit trail")."""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mktpolicy.audit.records import (
    FORMAT,
    digest_of,
    event_digest,
    event_fields,
    load_json_line,
    mac,
)
from mktpolicy.errors import AuditError, PolicyError
from mktpolicy.events.reader import to_event
from mktpolicy.policy import Policy


@dataclass
class AuditReport:
    """What `verify_log` found.

    `ok`: no tampering and no verdict that disagrees. `complete`: every run has its `end` line
    and no line is torn (what a crash leaves, or what removing an `end` line looks like).
    `other_policies`: events under a policy other than the one given, not re-evaluated.
    """

    lines: int = 0
    events: int = 0
    runs: int = 0
    finished_runs: int = 0
    torn: list[int] = field(default_factory=list)
    """The last line, when it is not JSON (a crash mid-write): not counted."""
    sealed: list[int] = field(default_factory=list)
    """Torn lines a later run sealed off (its `start` line records their length and digest)."""
    broken_chain: list[int] = field(default_factory=list)
    """Lines whose `prev` is not the line before: lines removed, reordered or inserted."""
    bad_input_hash: list[int] = field(default_factory=list)
    tampered: list[str] = field(default_factory=list)
    """Every other sign of tampering, each naming its line."""
    unfinished_runs: list[str] = field(default_factory=list)
    """Runs without an `end` line: killed, or their `end` line removed."""
    incomplete: list[str] = field(default_factory=list)
    """Employees whose lines stop at the end of an unfinished run (it was killed mid-write)."""
    checked: int = 0
    """Employees re-evaluated."""
    mismatches: list[str] = field(default_factory=list)
    other_policies: dict[str, int] = field(default_factory=dict)
    ignored_policies: dict[str, int] = field(default_factory=dict)
    """Events under policy versions the caller chose to accept without re-evaluation."""
    head: str = ""
    """The digest of the last intact line: compare it with the head printed by the run."""
    signed: bool = False
    """Signatures were checked with a key (see `tampered` for lines that failed)."""

    @property
    def ok(self) -> bool:
        return not (self.broken_chain or self.bad_input_hash or self.tampered or self.mismatches)

    @property
    def complete(self) -> bool:
        return not (self.torn or self.unfinished_runs)

    def lines_of_text(self) -> list[str]:
        """The report as people read it."""
        out = [
            f"{self.lines} lines: {self.events} events in {self.runs} runs "
            f"({self.finished_runs} finished)",
            f"{self.checked} employees re-evaluated, {len(self.mismatches)} disagree",
        ]
        if self.signed:
            unsigned = sum("signed" in t for t in self.tampered)
            out.append(
                f"{unsigned} lines not signed with the key given"
                if unsigned
                else "every line signed with the key given"
            )
        if self.torn:
            out.append(f"last line torn (a crash mid-write), not counted: {_numbers(self.torn)}")
        if self.sealed:
            out.append(
                f"{len(self.sealed)} torn lines sealed by a later run: {_numbers(self.sealed)}"
            )
        out.extend(f"run {run} has no end line: incomplete" for run in self.unfinished_runs)
        if self.incomplete:
            out.append(f"{len(self.incomplete)} employees cut off by an interrupted run")
        for ident, count in sorted(self.other_policies.items()):
            out.append(f"{count} events under policy {ident}, not the one given: not verified")
        for ident, count in sorted(self.ignored_policies.items()):
            out.append(f"{count} events under policy {ident}: ignored as asked, not re-evaluated")
        if self.broken_chain:
            out.append(f"chain broken at lines {_numbers(self.broken_chain)}")
        if self.bad_input_hash:
            out.append(f"input hash wrong at lines {_numbers(self.bad_input_hash)}")
        out.extend(f"tampered: {t}" for t in self.tampered[:20])
        if len(self.tampered) > 20:
            out.append(f"tampered: and {len(self.tampered) - 20} more")
        out.extend(f"disagrees: {m}" for m in self.mismatches)
        out.append(f"head {self.head}")
        if not self.ok:
            out.append("FAILED")
        elif self.other_policies:
            out.append("NOT VERIFIED: give the --rules and --reform it was checked with")
        elif not self.complete:
            out.append("INCOMPLETE")
        else:
            out.append("ok")
        return out


def _numbers(numbers: list[int], most: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    return shown + (f" and {len(numbers) - most} more" if len(numbers) > most else "")


_STR, _INT = str, int
_FIELDS: dict[str, dict[str, type]] = {
    "start": {"run": _STR, "policy": _STR, "tool": _STR, "at": _STR},
    "event": {
        "run": _STR,
        "policy": _STR,
        "seq": _INT,
        "employee": _STR,
        "index": _INT,
        "of": _INT,
        "employee_verdicts": _INT,
        "input_sha256": _STR,
        "event": dict,
        "verdicts": list,
    },
    "end": {
        "run": _STR,
        "policy": _STR,
        "events": _INT,
        "employees": _INT,
        "verdicts": _INT,
        "verdict_entries": _INT,
        "skipped": _INT,
    },
}
_VERDICT_FIELDS = {"rule": _STR, "outcome": _STR, "clauses": list, "sha256": _STR}


def _malformed(line: Mapping[str, Any]) -> str:
    """What is wrong with the shape of a line whose digest is right ("" if nothing)."""
    if line.get("v") != FORMAT:
        return f"format version {line.get('v')!r}, this mktpolicy reads {FORMAT}"
    if type(line.get("prev")) is not str:
        return "no `prev`"
    kind = line.get("kind")
    if kind not in _FIELDS:
        return f"unknown kind {kind!r}"
    for name, kind_type in _FIELDS[str(kind)].items():
        if type(line.get(name)) is not kind_type:  # bool is not an int here
            return f"{kind} line without a valid `{name}`"
    if kind == "event":
        for verdict in line["verdicts"]:
            if not isinstance(verdict, dict) or any(
                type(verdict.get(n)) is not t for n, t in _VERDICT_FIELDS.items()
            ):
                return "a verdict entry without rule, outcome, clauses and sha256"
    return ""


@dataclass
class _Run:
    """The lines of one run so far, as verify walks the file."""

    ident: str
    policy: str
    line: int
    as_of: date | None = None
    """The evaluation date the run judged deadlines on (its `start` line's `as_of`)."""
    events: int = 0
    entries: int = 0
    verdicts: int = 0
    employees: list[tuple[str, list[tuple[int, dict[str, Any]]]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def group_open(self) -> bool:
        """The last employee's lines stop short of its `of`."""
        if not self.employees:
            return False
        lines = self.employees[-1][1]
        return len(lines) < int(lines[0][1]["of"])


class _Walker:
    """One pass over the lines: integrity, chain, signatures and run structure."""

    def __init__(self, report: AuditReport, key: bytes | None) -> None:
        self.report = report
        self.key = key
        self.prev = ""
        self.run: _Run | None = None
        self.groups: list[tuple[_Run, str, list[tuple[int, dict[str, Any]]]]] = []
        self.heads: set[str] = set()
        self.sealed_next: dict[str, Any] | None = None
        """The length and digest of the line before, when it was not JSON."""
        self.sealed_line = 0

    def tamper(self, number: int, what: str) -> None:
        self.report.tampered.append(f"line {number}: {what}")

    def walk(self, raw_lines: list[bytes]) -> None:
        last = len(raw_lines)
        for number, raw in enumerate(raw_lines, start=1):
            self.report.lines += 1
            try:
                line = load_json_line(raw)
            except ValueError:
                self.not_json(number, raw, number == last)
                continue
            self.intact(number, line)
        self.unsealed()
        self.finish_run(last + 1)

    def unsealed(self) -> None:
        if self.sealed_next is not None:
            self.tamper(self.sealed_line, "not an audit line, and no later run sealed it")
            self.sealed_next = None

    def not_json(self, number: int, raw: bytes, is_last: bool) -> None:
        """Only a torn last line, or one the next run's `start` sealed, may be anything."""
        self.unsealed()
        if is_last:
            self.report.torn.append(number)
            return
        self.sealed_next = {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
        self.sealed_line = number

    def intact(self, number: int, line: Any) -> None:
        sealed, self.sealed_next = self.sealed_next, None
        if sealed is not None:
            if (
                isinstance(line, dict)
                and line.get("kind") == "start"
                and (line.get("sealed") == sealed)
            ):
                self.report.sealed.append(self.sealed_line)
            else:
                self.tamper(self.sealed_line, "not an audit line, and no later run sealed it")
        if not isinstance(line, dict) or type(line.get("sha256")) is not str:
            self.tamper(number, "not an audit line")
            return
        try:
            digest_ok = line["sha256"] == digest_of(line)
        except (ValueError, RecursionError):
            digest_ok = False
        if not digest_ok:
            self.tamper(number, "altered: its sha256 does not match its content")
        elif self.key is not None and not (
            isinstance(line.get("mac"), str)
            and hmac.compare_digest(line["mac"], mac(self.key, line["sha256"]))
        ):
            what = "signed with another key, or altered" if "mac" in line else "not signed"
            self.tamper(number, what)
        if line.get("prev") != self.prev:
            self.report.broken_chain.append(number)
        self.prev = str(line["sha256"])
        if digest_ok:
            self.heads.add(self.prev)
            self.report.head = self.prev
        problem = _malformed(line)
        if problem:
            if digest_ok:
                self.tamper(number, problem)
            return
        if line.get("sealed") is not None and sealed is None:
            self.tamper(number, "declares a sealed torn line that is not there")
        {"start": self.start, "event": self.event, "end": self.end}[line["kind"]](number, line)

    def start(self, number: int, line: dict[str, Any]) -> None:
        self.finish_run(number)
        self.report.runs += 1
        as_of = line.get("as_of")
        try:
            day = date.fromisoformat(as_of) if isinstance(as_of, str) else None
        except ValueError:
            day = None
            self.tamper(number, f"its evaluation date {as_of!r} is not a date")
        self.run = _Run(line["run"], line["policy"], number, day)

    def event(self, number: int, line: dict[str, Any]) -> None:
        run = self.in_run(number, line)
        if run is None:
            return
        self.report.events += 1
        if event_digest(line["event"]) != line["input_sha256"]:
            self.report.bad_input_hash.append(number)
        employee, index = line["employee"], line["index"]
        if line["event"].get("employee_id") != employee:
            self.tamper(number, f"logged under employee {employee!r}, the event is another's")
        if line["seq"] != run.events:
            self.tamper(number, f"event {line['seq']} of its run where {run.events} belongs")
        run.events += 1
        run.entries += len(line["verdicts"])
        if run.employees and run.employees[-1][0] == employee and run.group_open():
            lines = run.employees[-1][1]
            first = lines[0][1]
            if index != len(lines) or line["of"] != first["of"]:
                self.tamper(number, f"employee {employee!r}: line {index} out of place")
            if line["employee_verdicts"] != first["employee_verdicts"]:
                self.tamper(number, f"employee {employee!r}: another count of verdicts")
            lines.append((number, line))
            return
        if run.group_open():
            self.tamper(number, f"employee {run.employees[-1][0]!r} cut short mid-run")
        if employee in run.seen:
            self.tamper(number, f"employee {employee!r} a second time in one run")
        if index != 0 or line["of"] <= 0:
            self.tamper(number, f"employee {employee!r}: starts at line {index} of {line['of']}")
        run.seen.add(employee)
        run.verdicts += line["employee_verdicts"]
        lines = [(number, line)]
        run.employees.append((employee, lines))
        self.groups.append((run, employee, lines))

    def end(self, number: int, line: dict[str, Any]) -> None:
        run = self.in_run(number, line)
        if run is None:
            return
        if run.group_open():
            self.tamper(number, f"employee {run.employees[-1][0]!r} cut short before the end")
        counted = {
            "events": run.events,
            "employees": len(run.employees),
            "verdict_entries": run.entries,
            "verdicts": run.verdicts,
        }
        for name, count in counted.items():
            if line[name] != count:
                self.tamper(number, f"the end line says {name} {line[name]}, the run has {count}")
        self.report.finished_runs += 1
        self.run = None

    def in_run(self, number: int, line: dict[str, Any]) -> _Run | None:
        run = self.run
        if run is None or line["run"] != run.ident:
            self.tamper(number, f"{line['kind']} line outside its run's start and end")
            return None
        if line["policy"] != run.policy:
            self.tamper(number, f"policy {line['policy']}, its run's is {run.policy}")
        return run

    def finish_run(self, number: int) -> None:
        """A new `start` or the end of the file: an open run had no `end` line."""
        run, self.run = self.run, None
        if run is None:
            return
        self.report.unfinished_runs.append(f"{run.ident} (line {run.line})")
        if run.group_open():
            employee = run.employees[-1][0]
            self.report.incomplete.append(f"{employee} (run {run.ident})")


def verify_log(
    path: str | Path,
    policy: Policy,
    *,
    sample: int | None = 100,
    seed: int = 0,
    key: bytes | None = None,
    heads: Collection[str] = (),
    ignore_policies: Collection[str] = (),
) -> AuditReport:
    """Verify the log at `path`; re-evaluate `sample` employees (None: every one) with `policy`.

    With `key`, every line must carry its signature. Each of `heads` (a chain head printed by
    a run) must be the digest of a line of the log. Events under a policy in `ignore_policies`
    are checked for integrity but not re-evaluated; any other policy is `other_policies`.
    Raises AuditError when the file cannot be read or holds no audit line at all.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise AuditError(f"{path}: cannot read the audit log: {exc.strerror}") from None
    report = AuditReport(signed=key is not None)
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    walker = _Walker(report, key)
    walker.walk(raw_lines)
    if not (report.runs or report.events or report.finished_runs):
        raise AuditError(f"{path}: no intact audit line (is this an audit log?)")
    for head in heads:
        if head not in walker.heads:
            report.tampered.append(f"head {head} is not the digest of any line of the log")
    complete = []
    for run, employee, lines in walker.groups:
        if len(lines) != lines[0][1]["of"]:
            continue  # cut off (incomplete) or tampered: both reported already
        if run.policy == policy.version:
            complete.append((run, employee, lines))
            continue
        counts = report.ignored_policies if run.policy in ignore_policies else report.other_policies
        counts[run.policy] = counts.get(run.policy, 0) + len(lines)
    chosen = complete if sample is None else _sample(complete, sample, seed)
    for done, employee, lines in chosen:
        report.checked += 1
        mismatch = _recheck(lines, policy.at(done.as_of) if done.as_of is not None else policy)
        if mismatch:
            report.mismatches.append(f"{employee} (run {done.ident}): {mismatch}")
    return report


Group = tuple["_Run", str, list[tuple[int, dict[str, Any]]]]


def _sample(groups: list[Group], size: int, seed: int) -> list[Group]:
    if size >= len(groups):
        return groups
    # Reproducible on purpose: an auditor names the seed; tampering is caught by the hashes.
    ordered = sorted(groups, key=lambda group: (group[0].ident, group[1]))
    return random.Random(seed).sample(ordered, size)  # noqa: S311


def _recheck(lines: list[tuple[int, dict[str, Any]]], policy: Policy) -> str:
    """ "" when re-evaluating the employee's logged events gives the logged verdicts."""
    try:
        events = [to_event(line["event"], line=number) for number, line in lines]
        [(_, history, verdicts)] = list(policy.evaluate_employees(events))
    except PolicyError as exc:
        return f"cannot re-evaluate: {exc}"
    except ValueError:
        return "cannot re-evaluate: its events are not one employee's"
    first = lines[0][1]
    if history[0].employee_id != first["employee"]:
        return f"logged as {first['employee']!r}, its events are {history[0].employee_id!r}'s"
    expected = event_fields(first["run"], first["policy"], first["seq"], history, verdicts)
    if len(expected) != len(lines):
        return "its logged events are not the events it was evaluated on"
    if first["employee_verdicts"] != len(verdicts):
        logged = first["employee_verdicts"]
        return f"{logged} verdicts logged, a re-evaluation reaches {len(verdicts)}"
    for (number, logged), fields in zip(lines, expected, strict=True):
        if _verdict_digests(logged) != _verdict_digests(fields):
            return f"line {number}: the log's verdicts differ from a re-evaluation"
    return ""


def _verdict_digests(line: Mapping[str, Any]) -> list[str]:
    return sorted(str(v["sha256"]) for v in line["verdicts"])

"""Checking an audit log: every line whole and chained, every input hash right, and a sample
of employees re-evaluated to confirm the verdicts the log says were reached."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mktpolicy.audit.records import event_digest, event_fields, parse_line
from mktpolicy.errors import AuditError, PolicyError
from mktpolicy.events.reader import to_event
from mktpolicy.policy import Policy


@dataclass
class AuditReport:
    """What `verify_log` found. `ok` is False on tampering or a verdict that does not agree;
    torn lines and interrupted runs are what a crash leaves, reported but not failures."""

    lines: int = 0
    events: int = 0
    runs: int = 0
    finished_runs: int = 0
    torn: list[int] = field(default_factory=list)
    """Line numbers that are not whole audit lines (a crash mid-write), not counted."""
    broken_chain: list[int] = field(default_factory=list)
    """Lines whose `prev` is not the line before: lines removed, reordered or inserted."""
    bad_input_hash: list[int] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    """Employees of a run whose lines are not all there (the run was killed)."""
    checked: int = 0
    """Employees re-evaluated."""
    mismatches: list[str] = field(default_factory=list)
    other_policies: dict[str, int] = field(default_factory=dict)
    """Events written under another policy version than the one given: not re-evaluated."""

    @property
    def ok(self) -> bool:
        return not (self.broken_chain or self.bad_input_hash or self.mismatches)

    def lines_of_text(self) -> list[str]:
        """The report as people read it."""
        out = [
            f"{self.lines} lines: {self.events} events in {self.runs} runs "
            f"({self.finished_runs} finished)",
            f"{self.checked} employees re-evaluated, {len(self.mismatches)} disagree",
        ]
        if self.torn:
            out.append(f"{len(self.torn)} torn lines, not counted: {_numbers(self.torn)}")
        if self.incomplete:
            out.append(f"{len(self.incomplete)} employees cut off by an interrupted run")
        for ident, count in sorted(self.other_policies.items()):
            out.append(f"{count} events under policy {ident}: not re-evaluated")
        if self.broken_chain:
            out.append(f"chain broken at lines {_numbers(self.broken_chain)}")
        if self.bad_input_hash:
            out.append(f"input hash wrong at lines {_numbers(self.bad_input_hash)}")
        out.extend(f"disagrees: {m}" for m in self.mismatches)
        out.append("ok" if self.ok else "FAILED")
        return out


def _numbers(numbers: list[int], most: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    return shown + (f" and {len(numbers) - most} more" if len(numbers) > most else "")


def verify_log(
    path: str | Path, policy: Policy, *, sample: int | None = 100, seed: int = 0
) -> AuditReport:
    """Verify the log at `path`; re-evaluate `sample` employees (None: every one) with `policy`.

    Raises AuditError when the file cannot be read or holds no audit line at all.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise AuditError(f"{path}: cannot read the audit log: {exc.strerror}") from None
    report = AuditReport()
    groups: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    prev = ""
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    for number, raw in enumerate(raw_lines, start=1):
        report.lines += 1
        line = parse_line(raw)
        if line is None:
            report.torn.append(number)
            continue
        if line.get("prev") != prev:
            report.broken_chain.append(number)
        prev = str(line["sha256"])
        kind = line.get("kind")
        if kind == "start":
            report.runs += 1
        elif kind == "end":
            report.finished_runs += 1
        elif kind == "event":
            report.events += 1
            if event_digest(line["event"]) != line.get("input_sha256"):
                report.bad_input_hash.append(number)
            groups[(str(line["run"]), str(line["employee"]))].append((number, line))
    if report.lines and report.lines == len(report.torn):
        raise AuditError(f"{path}: no intact audit line (is this an audit log?)")
    complete = []
    for (run, employee), lines in groups.items():
        if [line["index"] for _, line in lines] != list(range(lines[0][1]["of"])):
            report.incomplete.append(f"{employee} (run {run})")
        elif lines[0][1]["policy"] != policy.version:
            ident = str(lines[0][1]["policy"])
            report.other_policies[ident] = report.other_policies.get(ident, 0) + len(lines)
        else:
            complete.append((run, employee))
    chosen = complete if sample is None else _sample(complete, sample, seed)
    for key in chosen:
        report.checked += 1
        mismatch = _recheck(groups[key], policy)
        if mismatch:
            report.mismatches.append(f"{key[1]} (run {key[0]}): {mismatch}")
    return report


def _sample(keys: list[tuple[str, str]], size: int, seed: int) -> list[tuple[str, str]]:
    if size >= len(keys):
        return keys
    # Reproducible on purpose: an auditor names the seed; tampering is caught by the hashes.
    return random.Random(seed).sample(sorted(keys), size)  # noqa: S311


def _recheck(lines: list[tuple[int, dict[str, Any]]], policy: Policy) -> str:
    """ "" when re-evaluating the employee's logged events gives the logged verdicts."""
    try:
        events = [to_event(line["event"], line=number) for number, line in lines]
        subject = events[0].employee_id
        verdicts = policy.verdicts_of(policy.run(subject, events))
    except PolicyError as exc:
        return f"cannot re-evaluate: {exc}"
    first = lines[0][1]
    expected = event_fields(first["run"], first["policy"], first["seq"], events, verdicts)
    for (number, logged), fields in zip(lines, expected, strict=True):
        if _verdict_digests(logged) != _verdict_digests(fields):
            return f"line {number}: the log's verdicts differ from a re-evaluation"
    return ""


def _verdict_digests(line: Mapping[str, Any]) -> list[str]:
    return sorted(str(v["sha256"]) for v in line["verdicts"])

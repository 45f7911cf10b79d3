"""`audit verify` against an attacker: every tamper of issue 18 is caught, each in its own test.

Logs are written in-process (AuditLog, as `check --audit-log` does) and verified with
`verify_log` or the real command through click's runner; `rewrite` edits parsed lines and
recomputes every digest and `prev`, as an attacker with the file (but not the key) can.
"""

from __future__ import annotations

import functools
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mktpolicy
from mktpolicy.audit import AuditLog, event_digest, verify_log
from mktpolicy.audit.records import seal
from mktpolicy.cli.main import cli
from mktpolicy.population import generate

POLICY = mktpolicy.load()
EVENTS = generate(employees=8, seed=5)
KEY = b"0123456789abcdef-a-test-key"

Line = dict[str, Any]


def write_log(path: Path, *, key: bytes | None = None, events: list[Any] = EVENTS) -> str:
    """One finished run over `events`; its chain head."""
    with AuditLog(path, POLICY.version, key=key) as log:
        for _, history, verdicts in POLICY.evaluate_employees(events):
            log.record(history, verdicts)
    return log.head


def lines_of(path: Path) -> list[Line]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def rewrite(path: Path, change: Callable[[list[Line]], list[Line]], key: bytes | None = None):
    """Apply `change` to the parsed lines and re-seal every one, chain and all."""
    prev, out = "", []
    for line in change(lines_of(path)):
        fields = {k: v for k, v in line.items() if k not in ("sha256", "prev", "v", "mac")}
        text, prev = seal(fields, prev, key)
        out.append(text)
    path.write_text("\n".join(out) + "\n")
    return prev


def verify(path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["audit", "verify", str(path), "--all", *args])


def employee_with_verdicts(lines: list[Line]) -> str:
    return next(str(line["employee"]) for line in lines if line.get("verdicts"))


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "audit.jsonl"
    write_log(path)
    return path


def test_an_untouched_log_verifies(log: Path):
    result = verify(log)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "ok"


def test_relabelling_an_employees_lines_with_another_policy_is_tampering(log: Path):
    """The issue: drop an employee's verdicts, relabel their lines 0000…, recompute the chain."""
    who = employee_with_verdicts(lines_of(log))

    def relabel(lines: list[Line]) -> list[Line]:
        for line in lines:
            if line.get("employee") == who:
                line["verdicts"] = []
                line["policy"] = "0000000000000000"
        return lines

    rewrite(log, relabel)
    report = verify_log(log, POLICY, sample=None)
    assert not report.ok
    assert any("policy 0000000000000000, its run's is" in t for t in report.tampered)
    assert verify(log).exit_code == 1


def test_a_whole_run_under_an_unknown_policy_is_an_error_unless_named(log: Path):
    def relabel(lines: list[Line]) -> list[Line]:
        for line in lines:
            line["policy"] = "0000000000000000"
        return lines

    rewrite(log, relabel)
    result = verify(log)
    assert result.exit_code == 2, result.output
    assert "under policy 0000000000000000, not the one given: not verified" in result.output
    assert verify(log, "--ignore-policy", "0000000000000000").exit_code == 0


def test_deleting_a_line_of_a_finished_run_is_tampering(log: Path):
    """The issue: drop one of an employee's lines; it passed as "cut off by an interrupted run"."""
    lines = lines_of(log)
    who = next(
        str(line["employee"]) for line in lines if line.get("of", 0) > 1 and line.get("verdicts")
    )
    target = next(i for i, line in enumerate(lines) if line.get("employee") == who)
    rewrite(log, lambda lines: lines[:target] + lines[target + 1 :])
    report = verify_log(log, POLICY, sample=None)
    assert not report.ok
    assert report.broken_chain == []
    assert any(f"where {target - 1} belongs" in t for t in report.tampered)
    assert any("the end line says events" in t for t in report.tampered)
    assert verify(log).exit_code == 1


def test_deleting_a_whole_employee_of_a_finished_run_is_tampering(log: Path):
    who = employee_with_verdicts(lines_of(log))
    rewrite(log, lambda lines: [line for line in lines if line.get("employee") != who])
    report = verify_log(log, POLICY, sample=None)
    assert any("the end line says employees" in t for t in report.tampered)


@pytest.mark.parametrize("kind", ["event", "end"])
def test_an_edited_last_line_is_tampering_not_a_torn_line(log: Path, kind: str):
    """A well-formed line with a wrong hash was reported as "torn, not counted … ok"."""
    text = log.read_text().splitlines()
    lines = [line for line in text if f'"kind":"{kind}"' in line]
    edited = lines[-1].replace('"run":"', '"run":"f', 1)
    if kind == "event":
        text = text[:-1]  # and the end line deleted, as in the issue
    text[-1] = edited
    log.write_text("\n".join(text) + "\n")
    report = verify_log(log, POLICY, sample=None)
    assert report.torn == []
    assert f"line {len(text)}: altered: its sha256 does not match its content" in report.tampered
    assert verify(log).exit_code == 1


def test_a_run_without_its_end_line_is_incomplete_with_its_own_exit_code(log: Path):
    text = log.read_text().splitlines()
    log.write_text("\n".join(text[:-1]) + "\n")
    report = verify_log(log, POLICY, sample=None)
    assert report.ok
    assert not report.complete
    assert len(report.unfinished_runs) == 1
    result = verify(log)
    assert result.exit_code == 3, result.output
    assert "has no end line: incomplete" in result.output
    assert result.output.splitlines()[-1] == "INCOMPLETE"


@pytest.mark.parametrize("field", ["events", "employees", "verdict_entries", "verdicts"])
def test_a_wrong_count_in_the_end_line_is_tampering(log: Path, field: str):
    def edit(lines: list[Line]) -> list[Line]:
        lines[-1][field] += 1
        return lines

    rewrite(log, edit)
    report = verify_log(log, POLICY, sample=None)
    assert not report.ok
    assert any(f"the end line says {field}" in t for t in report.tampered)


def test_a_garbage_line_in_the_middle_is_tampering(log: Path):
    text = log.read_text().splitlines()
    text.insert(5, "garbage, not JSON")
    log.write_text("\n".join(text) + "\n")
    report = verify_log(log, POLICY, sample=None)
    assert "line 6: not an audit line, and no later run sealed it" in report.tampered
    assert verify(log).exit_code == 1


def test_a_line_with_a_right_hash_and_no_event_is_a_clean_failure(log: Path):
    """It raised KeyError: 'event'."""

    def drop(lines: list[Line]) -> list[Line]:
        del next(line for line in lines if line["kind"] == "event")["event"]
        return lines

    rewrite(log, drop)
    report = verify_log(log, POLICY, sample=None)
    assert "line 2: event line without a valid `event`" in report.tampered
    result = verify(log)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_event_logged_under_another_employee_is_tampering(log: Path):
    def move(lines: list[Line]) -> list[Line]:
        lines[1]["event"]["employee_id"] = "someone else"
        lines[1]["input_sha256"] = event_digest(lines[1]["event"])
        return lines

    rewrite(log, move)
    report = verify_log(log, POLICY, sample=0)
    assert any("line 2: logged under employee" in t for t in report.tampered)


def test_a_tail_of_deep_brackets_is_torn_then_sealed_by_the_next_run(log: Path):
    """100,000 `[` raised RecursionError in verify and in every later `check --audit-log`."""
    with log.open("a") as stream:
        stream.write("[" * 100_000)
    report = verify_log(log, POLICY, sample=None)
    assert report.ok
    assert report.torn == [report.lines]
    assert verify(log).exit_code == 3

    write_log(log)  # what `check --audit-log` does next: seals the tail and appends
    again = verify_log(log, POLICY, sample=None)
    assert again.ok
    assert again.complete
    assert again.sealed == report.torn
    assert again.finished_runs == 2
    assert verify(log).exit_code == 0


def test_a_sealed_line_that_was_changed_afterwards_is_tampering(log: Path):
    with log.open("a") as stream:
        stream.write('{"kind":"event", torn')
    write_log(log)
    text = log.read_text().splitlines()
    torn = next(i for i, line in enumerate(text) if line.endswith("torn"))
    text[torn] = '{"kind":"event", TORN'
    log.write_text("\n".join(text) + "\n")
    report = verify_log(log, POLICY, sample=None)
    assert f"line {torn + 1}: not an audit line, and no later run sealed it" in report.tampered


def test_the_chain_head_catches_a_rewritten_log(tmp_path: Path):
    log = tmp_path / "audit.jsonl"
    head = write_log(log)
    assert lines_of(log)[-1]["sha256"] == head
    assert verify(log, "--head", head).exit_code == 0

    who = employee_with_verdicts(lines_of(log))
    rewrite(log, lambda ls: [{**x, "verdicts": []} if x.get("employee") == who else x for x in ls])
    report = verify_log(log, POLICY, sample=0, heads=[head])  # no re-evaluation at all
    assert report.broken_chain == []
    assert f"head {head} is not the digest of any line of the log" in report.tampered
    assert verify(log, "--head", head, "--sample", "0").exit_code == 1


def test_an_old_head_still_verifies_after_later_runs(tmp_path: Path):
    log = tmp_path / "audit.jsonl"
    first = write_log(log)
    second = write_log(log)
    assert verify(log, "--head", first, "--head", second).exit_code == 0


def test_a_signed_log_verifies_with_its_key_and_a_rewrite_without_it_fails(tmp_path: Path):
    log = tmp_path / "audit.jsonl"
    key_file = tmp_path / "audit.key"
    key_file.write_bytes(KEY + b"\n")
    write_log(log, key=KEY)
    assert all("mac" in line for line in lines_of(log))
    assert verify(log, "--key-file", str(key_file)).exit_code == 0

    who = employee_with_verdicts(lines_of(log))
    rewrite(log, lambda ls: [{**x, "verdicts": []} if x.get("employee") == who else x for x in ls])
    report = verify_log(log, POLICY, sample=0, key=KEY)
    assert report.broken_chain == []
    assert sum(t.endswith(": not signed") for t in report.tampered) == len(lines_of(log))
    assert "line 1: not signed" in report.tampered

    rewrite(log, lambda lines: lines, key=b"another key, not the one we hold")
    forged = verify_log(log, POLICY, sample=0, key=KEY)
    assert "line 1: signed with another key, or altered" in forged.tampered
    result = verify(log, "--key-file", str(key_file))
    assert result.exit_code == 1
    assert f"{len(lines_of(log))} lines not signed with the key given" in result.output


def test_an_unsigned_log_fails_when_a_key_is_expected(log: Path, tmp_path: Path):
    key_file = tmp_path / "audit.key"
    key_file.write_bytes(KEY)
    assert verify(log, "--key-file", str(key_file)).exit_code == 1


def test_a_key_too_short_is_refused(log: Path, tmp_path: Path):
    key_file = tmp_path / "audit.key"
    key_file.write_bytes(b"short")
    result = verify(log, "--key-file", str(key_file))
    assert result.exit_code == 2
    assert "at least 16 bytes" in result.output


def test_check_prints_the_head_and_signs_with_the_key_file(tmp_path: Path):
    events = tmp_path / "events.jsonl"
    events.write_text("".join(e.model_dump_json() + "\n" for e in EVENTS))
    log = tmp_path / "audit.jsonl"
    key_file = tmp_path / "audit.key"
    key_file.write_bytes(KEY)
    result = CliRunner().invoke(
        cli,
        ["check", str(events), "--audit-log", str(log), "--audit-key-file", str(key_file)],
    )
    assert result.exit_code == 1, result.output
    head = lines_of(log)[-1]["sha256"]
    assert f"chain head {head}" in result.stderr
    verified = verify(log, "--head", head, "--key-file", str(key_file))
    assert verified.exit_code == 0, verified.output
    assert "every line signed with the key given" in verified.output


@functools.cache
def pristine() -> bytes:
    """Two small runs (not a fixture: hypothesis would print all of it with each example)."""
    with tempfile.TemporaryDirectory() as folder:
        return _two_small_runs(Path(folder) / "audit.jsonl")


def _two_small_runs(path: Path) -> bytes:
    small = [e for e in EVENTS if e.employee_id in {"E00001", "E00002"}][:40]
    write_log(path, events=small)
    write_log(path, events=small)
    return path.read_bytes()


@settings(max_examples=200, deadline=None)
@given(position=st.floats(0, 1, exclude_max=True), byte=st.integers(0, 255))
def test_no_single_byte_change_verifies_clean(position: float, byte: int):
    """Any one byte changed anywhere is tampering or an incomplete log: never exit 0, and
    never an exception other than AuditError."""
    original = pristine()
    at = int(position * len(original))
    assume(original[at] != byte)
    changed = original[:at] + bytes([byte]) + original[at + 1 :]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audit.jsonl"
        path.write_bytes(changed)
        try:
            report = verify_log(path, POLICY, sample=0)
        except mktpolicy.AuditError:
            return
    assert not (report.ok and report.complete), at

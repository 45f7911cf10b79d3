"""The audit trail: `check --audit-log` and `mktpolicy audit verify`, through the real command.

Given a check that appends one line per evaluated event, the log verifies; an edited line breaks
the chain; a torn tail (a crash mid-write) is reported and never counted; a process killed
mid-run leaves every finished line intact.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

import mktpolicy
from mktpolicy.audit import AuditLog, verify_log
from mktpolicy.population import generate

from .test_cli import EXE, run


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "events.jsonl"
    path.write_text("".join(e.model_dump_json() + "\n" for e in generate(employees=40, seed=5)))
    return path


def lines_of(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_check_writes_one_line_per_event_and_the_log_verifies(population: Path, tmp_path: Path):
    log = tmp_path / "audit.jsonl"
    result = run("check", str(population), "--audit-log", str(log), "--format", "json")
    assert result.returncode == 1, result.stderr
    lines = lines_of(log)
    events = population.read_text().count("\n")
    assert [line["kind"] for line in lines] == ["start"] + ["event"] * events + ["end"]
    verdicts = json.loads(result.stdout)["verdicts"]
    logged = sum(len(line["verdicts"]) for line in lines if line["kind"] == "event")
    assert logged >= len(verdicts) > 0  # a verdict resting on two events is on both lines
    assert lines[-1]["events"] == events
    assert {line["policy"] for line in lines} == {mktpolicy.load().version}

    verified = run("audit", "verify", str(log), "--all", "--format", "json")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    report = json.loads(verified.stdout)
    assert report["ok"]
    assert report["checked"] == 40
    assert report["events"] == events
    assert report["torn"] == []


def test_a_second_run_appends_and_chains_on(population: Path, tmp_path: Path):
    log = tmp_path / "audit.jsonl"
    for _ in range(2):
        run("check", str(population), "--audit-log", str(log))
    report = verify_log(log, mktpolicy.load(), sample=None)
    assert report.ok
    assert report.runs == report.finished_runs == 2
    assert report.checked == 80


def test_an_edited_verdict_breaks_the_chain(population: Path, tmp_path: Path):
    log = tmp_path / "audit.jsonl"
    run("check", str(population), "--audit-log", str(log))
    text = log.read_text().splitlines()
    index = next(i for i, line in enumerate(text) if '"fine":"10' in line)
    text[index] = text[index].replace('"fine":"10', '"fine":"1', 1)
    log.write_text("\n".join(text) + "\n")
    result = run("audit", "verify", str(log))
    assert result.returncode == 1
    assert f"line {index + 1}: altered" in result.stdout


def test_a_forged_verdict_with_recomputed_hashes_fails_re_evaluation(
    population: Path, tmp_path: Path
):
    """Rewriting a line and every hash after it defeats the chain, not the re-evaluation."""
    from mktpolicy.audit.records import seal

    log = tmp_path / "audit.jsonl"
    run("check", str(population), "--audit-log", str(log))
    lines = lines_of(log)
    target = next(i for i, line in enumerate(lines) if line.get("verdicts"))
    lines[target]["verdicts"] = []  # drop the verdicts of one event
    prev, out = "", []
    for line in lines:
        fields = {k: v for k, v in line.items() if k not in ("sha256", "prev", "v")}
        text, prev = seal(fields, prev)
        out.append(text)
    log.write_text("\n".join(out) + "\n")
    report = verify_log(log, mktpolicy.load(), sample=None)
    assert not report.ok
    assert report.broken_chain == []
    assert len(report.mismatches) == 1


def test_a_torn_tail_is_reported_not_counted_and_sealed_by_the_next_run(
    population: Path, tmp_path: Path
):
    log = tmp_path / "audit.jsonl"
    run("check", str(population), "--audit-log", str(log))
    data = log.read_bytes()
    cut = data.rindex(b'"kind":"event"')  # inside the last event line: the run was killed
    log.write_bytes(data[:cut])
    report = verify_log(log, mktpolicy.load(), sample=None)
    assert report.ok
    assert report.finished_runs == 0
    assert report.torn == [report.lines]
    assert len(report.incomplete) == 1
    assert report.checked == 39  # the employee cut off is not re-evaluated

    run("check", str(population), "--audit-log", str(log))
    again = verify_log(log, mktpolicy.load(), sample=None)
    assert again.ok
    assert again.torn == []
    assert again.sealed == report.torn  # the next run sealed it: recorded in its start line
    assert again.finished_runs == 1
    assert again.checked == 39 + 40


def test_a_process_killed_mid_run_leaves_every_finished_line_intact(tmp_path: Path):
    events = tmp_path / "big.jsonl"
    events.write_text("".join(e.model_dump_json() + "\n" for e in generate(400, seed=6)))
    log = tmp_path / "audit.jsonl"
    process = subprocess.Popen(
        [*EXE, "check", str(events), "--audit-log", str(log)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while (not log.exists() or log.stat().st_size < 200_000) and time.monotonic() < deadline:
        assert process.poll() is None, "the check ended before it could be killed"
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    report = verify_log(log, mktpolicy.load(), sample=None)
    assert report.ok
    assert report.runs == 1
    assert report.finished_runs == 0
    assert 0 < report.events < events.read_text().count("\n")
    assert report.torn in ([], [report.lines])  # at most the last line, and never counted
    assert report.checked > 0
    assert not report.mismatches
    result = run("audit", "verify", str(log))
    assert result.returncode == 3  # intact, but the run has no end line
    assert "1 runs (0 finished)" in result.stdout


def test_verify_under_another_policy_exits_2(population: Path, tmp_path: Path):
    log = tmp_path / "audit.jsonl"
    run("check", str(population), "--audit-log", str(log))
    reform = tmp_path / "reform.yaml"
    reform.write_text("title: dearer\nparameters:\n  fines.operation_breach: 20\n")
    result = run("audit", "verify", str(log), "--reform", str(reform))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not the one given: not verified" in result.stdout
    assert "--rules and --reform" in result.stderr
    same = run("check", str(population), "--audit-log", str(log), "--reform", str(reform))
    assert same.returncode == 1
    # The first run's policy is unknown to this verify unless the user names it.
    assert run("audit", "verify", str(log), "--reform", str(reform)).returncode == 2
    base = mktpolicy.load().version
    accepted = run("audit", "verify", str(log), "--reform", str(reform), "--ignore-policy", base)
    assert accepted.returncode == 0, accepted.stdout


def test_one_writer_at_a_time(tmp_path: Path):
    log = tmp_path / "audit.jsonl"
    policy = mktpolicy.load()
    with AuditLog(log, policy.version), pytest.raises(mktpolicy.AuditError, match="another"):
        AuditLog(log, policy.version)


def test_verify_rejects_what_is_not_an_audit_log(tmp_path: Path):
    other = tmp_path / "events.jsonl"
    other.write_text('{"type": "resignation"}\n')
    result = run("audit", "verify", str(other))
    assert result.returncode == 2
    assert "no intact audit line" in result.stderr


def test_policy_version_changes_with_parameters_not_with_backend():
    policy = mktpolicy.load()
    assert policy.with_parameters({"fines.operation_breach": 20}).version != policy.version
    assert policy.with_parameters({}).version == policy.version

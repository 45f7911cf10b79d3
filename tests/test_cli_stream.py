"""`check --stream`: the same report as a batch check, from events spilled by employee.

Given a population spread over several files (one employee's events in more than one), the
streamed check reports exactly what the batch check reports, in every format; a bad record or
two different events with one id stop it before anything is evaluated, as in a batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mktpolicy
from mktpolicy.audit import verify_log
from mktpolicy.cli import sorted_spill
from mktpolicy.cli.reporters import FAIL_ON, CheckReport, junit
from mktpolicy.cli.reporters.jsondoc import JsonReporter
from mktpolicy.cli.streaming import SpilledCheck, check_streamed
from mktpolicy.population import generate

from .test_cli import run


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A population in three files, dealt round-robin: every employee is in all three, and
    one event is delivered twice (an identical repeat, dropped as a re-delivery)."""
    root = tmp_path_factory.mktemp("stream")
    events = list(generate(employees=30, seed=11))
    lines = [e.model_dump_json() for e in events]
    lines.append(lines[5])
    paths = [root / f"part{i}.jsonl" for i in range(3)]
    for i, path in enumerate(paths):
        path.write_text("".join(line + "\n" for line in lines[i::3]))
    return paths


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_streamed_check_reports_exactly_what_the_batch_check_reports(files: list[Path], fmt):
    names = [str(p) for p in files]
    batch = run("check", *names, "--format", fmt)
    streamed = run("check", *names, "--format", fmt, "--stream")
    assert batch.returncode == streamed.returncode == 1, streamed.stderr
    assert streamed.stdout == batch.stdout
    assert streamed.stderr == batch.stderr


@pytest.mark.parametrize("buckets", [1, 7, 64])
def test_any_number_of_buckets_gives_the_batch_verdicts(files: list[Path], buckets: int):
    policy = mktpolicy.load()
    batch = policy.evaluate(
        line for path in files for line in path.read_text().splitlines() if line
    )
    spilled = SpilledCheck(policy, keep_going=False, buckets=buckets)
    try:
        spilled.spill(list(files))
        verdicts = [v for _, _, found in spilled.employees() for v in found]
        assert spilled.verdicts is not None
        read_back = list(spilled.verdicts)  # merged from the buckets' files, in report order
        assert len(spilled.verdicts) == len(batch)
    finally:
        spilled.close()
    assert read_back == batch
    verdicts.sort(key=mktpolicy.Verdict.sort_key)
    assert verdicts == batch
    assert spilled.inputs is not None
    assert spilled.inputs.count == sum(len(p.read_text().splitlines()) for p in files)


def test_two_different_events_with_one_id_stop_the_streamed_check(tmp_path: Path):
    first = tmp_path / "a.jsonl"
    second = tmp_path / "b.jsonl"
    first.write_text(
        '{"type": "resignation", "id": "x", "employee_id": "E1", '
        '"submitted_on": "2024-01-02", "last_day": "2024-03-01"}\n'
    )
    second.write_text(
        '{"type": "resignation", "id": "x", "employee_id": "E2", '
        '"submitted_on": "2024-01-02", "last_day": "2024-03-01"}\n'
    )
    result = run("check", str(first), str(second), "--stream")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "two different events have id 'x'" in result.stderr
    assert f"{first}:1 for E1" in result.stderr
    assert f"{second}:1 for E2" in result.stderr


def test_a_bad_record_stops_the_streamed_check_unless_keep_going(tmp_path: Path):
    path = tmp_path / "events.jsonl"
    path.write_text(
        '{"type": "resignation", "id": "r1", "employee_id": "E1", '
        '"submitted_on": "2024-02-21", "last_day": "2024-03-20"}\nnot json\n'
    )
    stopped = run("check", str(path), "--stream")
    assert stopped.returncode == 2
    assert stopped.stdout == ""
    assert "events.jsonl:2: not valid JSON" in stopped.stderr
    kept = run("check", str(path), "--stream", "--keep-going", "--format", "json")
    assert kept.returncode == 2
    document = json.loads(kept.stdout)
    assert document["summary"]["complete"] is False
    assert [v["rule"] for v in document["verdicts"]] == ["resignation-notice-too-short"]


def test_a_streamed_check_writes_an_audit_log_that_verifies(files: list[Path], tmp_path: Path):
    log = tmp_path / "audit.jsonl"
    result = run("check", *map(str, files), "--stream", "--audit-log", str(log))
    assert result.returncode == 1
    report = verify_log(log, mktpolicy.load(), sample=None)
    assert report.ok
    assert report.checked == 30
    assert report.finished_runs == 1


def test_the_json_report_written_in_pieces_is_what_json_dumps_writes(files: list[Path]):
    """The JSON reporter writes a verdict at a time; the text is still the canonical dump."""
    out = run("check", *map(str, files), "--format", "json").stdout
    document = json.loads(out)
    assert document["verdicts"]
    assert json.dumps(document, ensure_ascii=False, indent=2) + "\n" == out


@pytest.fixture
def streamed_report(files: list[Path]) -> Iterator[CheckReport]:
    """The report of `check --stream` on the files, made in this process."""
    policy = mktpolicy.load()
    with check_streamed(policy, list(files), keep_going=False, audit_log=None) as streamed:
        yield CheckReport(
            streamed.verdicts,
            streamed.summary,
            policy,
            streamed.inputs,
            FAIL_ON["violation"],
            streamed.outcomes,
        )


def test_json_locations_spilled_to_disk_read_back_as_the_batch_writes_them(
    files: list[Path], streamed_report: CheckReport, monkeypatch: pytest.MonkeyPatch
):
    """Past a few cited events the locations go to sorted runs on disk; merged, they are
    the batch report's `locations`, byte for byte."""
    monkeypatch.setattr(sorted_spill, "PAIRS_IN_MEMORY", 3)
    batch = run("check", *map(str, files), "--format", "json").stdout
    streamed = JsonReporter().report(streamed_report)
    assert len(json.loads(streamed)["locations"]) > 3 * 3
    assert streamed + "\n" == batch


def test_the_sarif_log_written_a_result_at_a_time_is_what_json_dumps_writes(files: list[Path]):
    out = run("check", *map(str, files), "--format", "sarif", "--stream").stdout
    log = json.loads(out)
    assert log["runs"][0]["results"]
    assert json.dumps(log, ensure_ascii=False, indent=2) + "\n" == out


def test_the_junit_document_written_through_a_spool_is_the_one_built_whole(
    streamed_report: CheckReport, monkeypatch: pytest.MonkeyPatch
):
    """The suites wait on disk (a tiny spool) until the totals are known; the document is the
    one `junit_xml` builds from every suite at once, and its totals add up."""
    monkeypatch.setattr(junit, "SPOOL_BYTES", 512)
    reporter = junit.JunitReporter()
    written = reporter.report(streamed_report)
    suites = list(reporter._suites(streamed_report))
    assert written == junit.junit_xml("mktpolicy check", suites)
    root = ElementTree.fromstring(written.encode())
    # a suite per employee (30), and one per role that owes a finding about them
    employees = [suite for suite in root if suite.get("name", "").startswith("employee ")]
    roles = {suite.get("name") for suite in root} - {suite.get("name") for suite in employees}
    assert len(employees) == 30
    assert all(name.startswith("role ") for name in roles)
    assert int(root.get("tests", "")) == sum(int(s.get("tests", "")) for s in root)
    assert int(root.get("failures", "")) == sum(int(s.get("failures", "")) for s in root) > 0


@given(
    pairs=st.lists(st.tuples(st.text(max_size=4), st.integers()), max_size=40),
    limit=st.integers(min_value=1, max_value=8),
)
def test_sorted_spill_gives_the_first_value_of_each_key_in_key_order(
    pairs: list[tuple[str, int]], limit: int
):
    first: dict[str, int] = {}
    for key, value in pairs:
        first.setdefault(key, value)
    spill = sorted_spill.SortedSpill(limit)
    try:
        for key, value in pairs:
            spill.add(key, value)
        expected = [(key, first[key]) for key in sorted(first)]
        assert list(spill) == expected
        assert list(spill) == expected  # read again: the runs are read from the start
    finally:
        spill.close()


def test_sorted_spill_needs_room_for_one_pair():
    with pytest.raises(ValueError, match="at least 1"):
        sorted_spill.SortedSpill(0)

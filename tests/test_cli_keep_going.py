"""`check --keep-going`: every bad record named, the rest checked, the result marked incomplete.

Without it, one bad record means nothing is checked (exit 2); with it, still exit 2, because a
check that skipped records is not a complete one, but the report of the rest is there.
"""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli import run
from .test_cli_check import validate_sarif

LATE = (
    '{"type": "resignation", "id": "r1", "employee_id": "E1", '
    '"submitted_on": "2024-02-21", "last_day": "2024-03-20"}'
)
BAD_LINES = [
    LATE,
    '{"type": "resignation", "id": "r2", "employee_id": "E2", "submitted_on": "2024-02-30"}',
    "not json",
    '{"type": "no_such_event", "employee_id": "E3"}',
    '{"type": "promotion_distribution", "id": "x1", "employee_id": "E4", "amount": "-5"}',
]


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_without_keep_going_one_bad_record_stops_the_check(tmp_path: Path):
    result = run("check", str(write(tmp_path, BAD_LINES)))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "events.jsonl:2: field 'submitted_on'" in result.stderr
    assert "nothing was checked" in result.stderr


def test_keep_going_names_every_bad_line_and_checks_the_rest(tmp_path: Path):
    result = run("check", str(write(tmp_path, BAD_LINES)), "--keep-going")
    assert result.returncode == 2, result.stderr
    for line in (2, 3, 4, 5):
        assert f"events.jsonl:{line}:" in result.stderr
    assert "4 bad records skipped" in result.stderr
    assert "resignation-notice-too-short" in result.stdout  # line 1 was checked
    assert result.stdout.strip().endswith("INCOMPLETE: 4 bad records skipped")


def test_keep_going_json_and_sarif_say_the_check_is_incomplete(tmp_path: Path):
    path = str(write(tmp_path, BAD_LINES))
    document = json.loads(run("check", path, "--keep-going", "--format", "json").stdout)
    assert document["summary"]["complete"] is False
    assert len(document["summary"]["skipped"]) == 4
    assert [v["rule"] for v in document["verdicts"]] == ["resignation-notice-too-short"]

    sarif = json.loads(run("check", path, "--keep-going", "--format", "sarif").stdout)
    validate_sarif(sarif)
    (invocation,) = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert len(invocation["toolExecutionNotifications"]) == 4


def test_keep_going_on_clean_input_is_an_ordinary_check(tmp_path: Path):
    result = run("check", str(write(tmp_path, [LATE])), "--keep-going", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["summary"]["complete"] is True


def test_keep_going_skips_a_csv_row_with_the_wrong_number_of_cells(tmp_path: Path):
    path = tmp_path / "events.csv"
    path.write_text(
        "type,id,employee_id,submitted_on,last_day\n"
        "resignation,r1,E1,2024-02-21,2024-03-20\n"
        "resignation,r2,E2,2024-02-21\n"
    )
    result = run("check", str(path), "--keep-going")
    assert result.returncode == 2
    assert "events.csv:3: the row has 4 cells; the header has 5" in result.stderr
    assert "resignation-notice-too-short" in result.stdout

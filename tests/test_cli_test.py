"""`mktpolicy test` through its real entry point: bundled cases, failures, bad files, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xmlschema

from .test_cli import run

SCHEMAS = Path(__file__).parent / "schemas"

PASSING = """\
cases:
  - note: a day late
    events:
      - {type: resignation, id: r1, employee_id: E1, submitted_on: 2024-02-21, last_day: 2024-03-20}
    expect:
      - {rule: resignation-notice-too-short, subject: E1, cites: ["000.P1.2.8"]}
"""

FAILING = """\
cases:
  - note: in time
    events:
      - {type: resignation, id: r1, employee_id: E1, submitted_on: 2024-01-02, last_day: 2024-03-01}
    expect: []
  - note: wrongly expects nothing of a late report
    events:
      - {type: resignation, id: r1, employee_id: E1, submitted_on: 2024-02-21, last_day: 2024-03-20}
    expect: []
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_cases_pass_with_clause_coverage():
    result = run("test")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1].endswith(", 0 failed")
    assert any(line.startswith("PASS ") and "leaving.cases:" in line for line in lines)
    assert "clause coverage:" in result.stdout
    coverage = next(line for line in lines if line.strip().startswith("000.P1.2.8"))
    assert int(coverage.split()[1]) > 5


def test_a_failing_case_exits_1_and_says_why(tmp_path: Path):
    path = write(tmp_path, "leaving.yaml", FAILING)
    result = run("test", str(path))
    assert result.returncode == 1
    assert f"PASS {path}:2: in time" in result.stdout
    assert f"FAIL {path}:6: wrongly expects nothing of a late report" in result.stdout
    assert "unexpected verdict resignation-notice-too-short for E1" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "2 cases: 1 passed, 1 failed"


def test_coverage_lists_clauses_no_case_reaches(tmp_path: Path):
    result = run("test", str(write(tmp_path, "one.yaml", PASSING)), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["summary"] == {"cases": 1, "passed": 1, "failed": 0}
    counts = {c["clause"]: c["cases"] for c in document["coverage"]["clauses"]}
    assert counts["000.P1.2.8"] == 1
    assert "002.S11.1" in document["coverage"]["uncovered"]
    text = run("test", str(tmp_path / "one.yaml")).stdout
    # one case of a partial run: the clauses it exercises, and a count of the rest (issue 21)
    assert "  000.P1.2.8                1 case   " in text
    assert "clauses have no case among these (--format json lists them)" in text
    assert "002.S11.1" not in text


def test_junit_output_is_valid(tmp_path: Path):
    write(tmp_path, "a.yaml", FAILING)
    write(tmp_path, "b.yaml", PASSING)
    result = run("test", str(tmp_path), "--format", "junit")
    assert result.returncode == 1
    schema = xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))
    schema.validate(result.stdout)
    document = schema.to_dict(result.stdout)
    assert document["@tests"] == "3"
    assert document["@failures"] == "1"
    assert len(document["testsuite"]) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases:\n  - note: x\n    events: []\n    expct: []\n", ":4:5: unknown_field"),
        (
            "cases:\n  - note: x\n    events:\n      - {type: holiday, employee_id: E1}\n"
            "    expect: []\n",
            ":4: unknown event type 'holiday'",
        ),
        (
            "cases:\n  - note: x\n    parameters: {no.such: 1}\n    events: []\n    expect: []\n",
            ":2: unknown parameter 'no.such'",
        ),
        ("cases: [\n", "yaml_syntax"),
    ],
)
def test_a_bad_case_file_exits_2_and_runs_nothing(tmp_path: Path, text: str, message: str):
    good = write(tmp_path, "good.yaml", PASSING)
    bad = write(tmp_path, "bad.yaml", text)
    result = run("test", str(good), str(bad))
    assert result.returncode == 2
    assert message in result.stderr
    assert str(bad) in result.stderr
    assert "no case was run" in result.stderr
    assert result.stdout == ""


def test_a_directory_without_cases_exits_2(tmp_path: Path):
    result = run("test", str(tmp_path))
    assert result.returncode == 2
    assert "no case files" in result.stderr

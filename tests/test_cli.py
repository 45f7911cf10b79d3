"""The `mktpolicy` command: in process through click's runner, and as CI runs it (a process).

`run` calls the command group in this process (a process start and the imports cost ≈1 s each
time, and the CLI tests make a few hundred calls); `run_process` starts `python -m mktpolicy`
for the few tests that are about the real entry point: exit codes, pipes, the terminal.
"""

from __future__ import annotations

import json
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner

from mktpolicy.cli.main import cli

EXE = [sys.executable, "-m", "mktpolicy"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command's exit code, stdout and stderr, as a process would give them."""
    result = CliRunner().invoke(cli, list(args), input=stdin, prog_name="python -m mktpolicy")
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # What the interpreter would print: tests that promise "no traceback" must still see one.
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess([*EXE, *args], result.exit_code, result.stdout, stderr)


def run_process(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m mktpolicy ARGS` in its own process: for the entry point itself."""
    return subprocess.run(
        [*EXE, *args], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_example_prints_cited_verdicts_and_exits_1():
    result = run_process("check", "--example")
    assert result.returncode == 1, result.stderr
    assert "employee S-105" in result.stdout
    assert "transfer-or-dismissal" in result.stdout
    assert "cites 000.P3.9.3" in result.stdout
    assert "连续三个月" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not a terminal
    assert result.stdout.strip().splitlines()[-1].startswith("14 events, ")


def test_check_json_is_machine_readable():
    result = run("check", "--example", "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["summary"]["events"] == 14
    assert document["summary"]["violations"] == len(document["verdicts"])
    rules = {v["rule"] for v in document["verdicts"]}
    assert {"fine-unauthorised-discount", "transfer-or-dismissal"} <= rules
    assert "fine-operation-breach" in rules


def test_clean_events_exit_0(tmp_path: Path):
    events = tmp_path / "ok.jsonl"
    events.write_text(
        json.dumps(
            {
                "type": "resignation",
                "employee_id": "E1",
                "submitted_on": "2024-01-02",
                "last_day": "2024-03-01",
            }
        )
        + "\n"
    )
    result = run("check", str(events))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 event, 0 verdicts, 0 violations" in result.stdout


def test_stdin_is_read_with_a_dash():
    line = json.dumps(
        {
            "type": "client_meal",
            "employee_id": "E1",
            "held_at": "2024-05-10T12:00:00",
            "meal_slip": False,
            "approved_at": "2024-05-09T12:00:00",
        }
    )
    result = run_process("check", "-", stdin=line + "\n")
    assert result.returncode == 1
    assert "meal-without-slip" in result.stdout


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"type": "holiday", "employee_id": "E1"}', "unknown event type 'holiday'"),
        (
            '{"type": "resignation", "employee_id": "E1", "submitted_on": "2024-13-01", '
            '"last_day": "2024-03-01"}',
            "field 'submitted_on'",
        ),
    ],
)
def test_bad_event_line_exits_2_with_its_line_number(tmp_path: Path, line: str, message: str):
    events = tmp_path / "bad.jsonl"
    good = json.dumps(
        {
            "type": "resignation",
            "employee_id": "E1",
            "submitted_on": "2024-02-21",
            "last_day": "2024-03-20",
        }
    )
    events.write_text(good + "\n\n" + line + "\n")
    result = run("check", str(events))
    assert result.returncode == 2
    assert f"{events}:3: " in result.stderr
    assert message in result.stderr
    assert "nothing was checked" in result.stderr
    assert result.stdout == ""


def test_unreadable_file_exits_2(tmp_path: Path):
    result = run("check", str(tmp_path / "missing.jsonl"))
    assert result.returncode == 2


def test_bad_rules_exit_2_with_file_line_col(tmp_path: Path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text("rules:\n  - id: x\n    title: t\n    cites: []\n    whne: []\n")
    result = run_process("check", "--example", "--rules", str(rules))
    assert result.returncode == 2
    assert f"{rules / 'r.yaml'}:5:5: unknown_field" in result.stderr
    assert "Traceback" not in result.stderr


def test_lint_bundled_rulebook_is_clean():
    result = run("lint")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("ok: ")


def test_schemas_command_writes_files(tmp_path: Path):
    result = run("schemas", "--output", str(tmp_path))
    assert result.returncode == 0
    assert (tmp_path / "event.schema.json").exists()

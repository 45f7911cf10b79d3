"""`check` on a file mixing 2026 and 2027 events: checked whole, the same in a batch, with
--stream and on Dask, on both backends; `--calendar FILE` decides the 2027 working days; an
undetermined verdict alone exits 0 unless --fail-on names it; `audit verify --calendar`."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mktpolicy.cli.main import cli

from .test_time_calendar import MADE_UP_2027, MIXED, field_day

# One xdist worker runs this module's tests (pytest -n 2 --dist loadgroup): its cluster starts once.
pytestmark = pytest.mark.xdist_group("dask-time-cli")


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A local cluster for the module (as tests/test_distributed.py): its address."""
    distributed = pytest.importorskip("distributed")
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with (
        distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: never a clash with another cluster
            silence_logs=logging.CRITICAL,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client.scheduler.address


def on_dask(request: pytest.FixtureRequest, how: list[str]) -> list[str]:
    if how != ["dask"]:
        return how
    return ["--engine", "dask", "--scheduler", request.getfixturevalue("dask_scheduler")]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in MIXED), encoding="utf-8")
    return path


WORKING_DAY_NOTICE = Path(__file__).parent / "calendars" / "working-day-notice.yaml"
"""The field-day notice judged against the previous working day (000.P2.1.3's other reading)."""


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["check", "--as-of", "2027-03-01", "--reform", str(WORKING_DAY_NOTICE), *args]
    )
    return result.exit_code, result.output


def outcomes(output: str) -> dict[str, str]:
    report = json.loads(output.split("\n4 events")[0])
    return {v["events"][0]: v["outcome"] for v in report["verdicts"]}


def test_a_mixed_file_is_checked_whole(mixed: Path) -> None:
    code, output = check(str(mixed))
    assert code == 1, output  # the 2026 and 2027 violations
    assert "nothing was checked" not in output
    assert "4 events, 4 verdicts, 3 violations, 0 warnings, 1 undetermined" in output
    assert "undetermined  field-day-notice-late" in output
    assert "the last working day before 2027-01-04 is not known" in output


@pytest.mark.parametrize(
    "how",
    [
        ["--backend", "durable"],
        ["--stream"],
        ["--keep-going"],
        ["dask"],
    ],
    ids=["durable", "stream", "keep-going", "dask"],
)
def test_every_way_of_checking_reports_alike(
    mixed: Path, how: list[str], request: pytest.FixtureRequest
) -> None:
    batch = check(str(mixed), "--format", "json")
    other = check(str(mixed), "--format", "json", *on_dask(request, how))
    assert other == batch
    assert outcomes(batch[1]) == {
        "f1": "undetermined",
        "f2": "violation",
        "r1": "violation",
        "f3": "violation",
    }


@pytest.mark.parametrize("how", [[], ["--stream"], ["dask"]], ids=["batch", "stream", "dask"])
def test_a_calendar_file_decides_the_2027_days(
    mixed: Path, how: list[str], request: pytest.FixtureRequest
) -> None:
    supplied = ["--calendar", str(MADE_UP_2027)]
    code, output = check(str(mixed), "--format", "json", *supplied, *on_dask(request, how))
    assert code == 1
    assert "undetermined" not in outcomes(output).values()
    assert "f1" not in outcomes(output)  # in time by the supplied days
    assert "made-up-2027.yaml sha256:" in output


def test_undetermined_alone_is_neither_clean_nor_a_violation_by_default(tmp_path: Path) -> None:
    path = tmp_path / "open.jsonl"
    path.write_text(json.dumps(field_day("f", "E1", "2027-01-04", "2026-12-31")) + "\n")
    assert check(str(path))[0] == 0
    assert check(str(path), "--fail-on", "violation,undetermined")[0] == 1


def test_a_bad_calendar_file_exits_2_at_file_line_col(mixed: Path, tmp_path: Path) -> None:
    bad = tmp_path / "cal.yaml"
    text = MADE_UP_2027.read_text(encoding="utf-8")
    bad.write_text(text.replace('"2027-10-09"', '"2027-10-04"'), encoding="utf-8")
    code, output = check(str(mixed), "--calendar", str(bad))
    assert code == 2
    assert f"{bad}:15:" in output
    assert "calendar_day_both: 2027-10-04 is both a holiday and a working day" in output
    assert "error: the calendar file has 1 problem(s)" in output


def test_audit_verify_re_evaluates_with_the_calendar_file(mixed: Path, tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    supplied = ["--calendar", str(MADE_UP_2027)]
    assert check(str(mixed), "--audit-log", str(log), *supplied)[0] == 1
    runner = CliRunner()
    reform = ["--reform", str(WORKING_DAY_NOTICE)]
    verified = runner.invoke(cli, ["audit", "verify", str(log), *supplied, *reform])
    assert verified.exit_code == 0, verified.output
    without = runner.invoke(cli, ["audit", "verify", str(log), *reform])
    assert without.exit_code == 2  # written under another policy version: the calendar's
    assert "cannot be verified" in without.output


def test_every_outcome_has_a_sarif_level() -> None:
    from mktpolicy.cli.reporters.sarif import LEVELS
    from mktpolicy.spec.models import Outcome

    assert set(LEVELS) == set(Outcome)


def test_sarif_of_a_mixed_file_is_valid_and_marks_undetermined_open(mixed: Path) -> None:
    from .test_cli_check import validate_sarif

    code, output = check(str(mixed), "--format", "sarif")
    assert code == 1, output  # crashed with KeyError: Outcome.UNDETERMINED before
    document = json.loads(output.split("\n4 events")[0])
    validate_sarif(document)
    results = document["runs"][0]["results"]
    [open_] = [r for r in results if r.get("kind") == "open"]
    assert (open_["ruleId"], open_["level"]) == ("field-day-notice-late", "none")

"""SARIF and JUnit as their real consumers read them: Microsoft's SARIF validator (GitHub, Azure
DevOps and best-practice rules), GitHub's limits, unique fingerprints, and junitparser's counts.

The validator runs where `SARIF_MULTITOOL` names its binary (`.ci/run` installs it from npm's
`@microsoft/sarif-multitool`); without the variable those tests skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
from collections import Counter
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

import junitparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mktpolicy
from mktpolicy import population
from mktpolicy.cli.inputs import read_inputs
from mktpolicy.cli.reporters import FAIL_ON, CheckReport, Summary
from mktpolicy.cli.reporters.junit import JunitReporter
from mktpolicy.cli.reporters.sarif import (
    INFORMATION_URI,
    MAX_RESULTS,
    SarifReporter,
    fingerprint,
    level,
)
from mktpolicy.spec.models import Outcome
from mktpolicy.verdicts.model import Verdict

from .test_cli import run
from .test_cli_check import validate_sarif

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "src" / "mktpolicy" / "examples" / "events.jsonl"
POLICY = mktpolicy.load()

AZURE = {
    "TF_BUILD": "True",
    "SYSTEM_DEFINITIONID": "17",
    "BUILD_DEFINITIONNAME": "compliance",
    "SYSTEM_PHASEID": "3b2a1c9e-7d4f-4e21-9a0b-5c6d7e8f9a01",
    "SYSTEM_PHASENAME": "mktpolicy",
    "SYSTEM_COLLECTIONURI": "https://dev.azure.com/contoso/",
    "SYSTEM_TEAMPROJECT": "marketing",
    "BUILD_SOURCEBRANCH": "refs/heads/main",
    "BUILD_BUILDID": "4711",
}


def checked(path: Path, fail_on: str = "violation") -> CheckReport:
    """What `mktpolicy check PATH` reports, built in process."""
    inputs = read_inputs([path])
    verdicts = [v for *_, found in POLICY.evaluate_employees(inputs.events) for v in found]
    verdicts.sort(key=Verdict.sort_key)  # report order, as `check` writes it
    return CheckReport(
        verdicts, Summary.of(inputs.count, verdicts), POLICY, inputs, FAIL_ON[fail_on]
    )


def with_verdicts(base: CheckReport, verdicts: list[Verdict]) -> CheckReport:
    return CheckReport(verdicts, Summary.of(len(verdicts), verdicts), base.policy, base.inputs)


def sarif(report: CheckReport, **options: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SarifReporter(**options).report(report))
    return document


def population_file(tmp_path: Path, employees: int, seed: int) -> Path:
    path = tmp_path / f"population-{employees}-{seed}.jsonl"
    population.write_jsonl(path, employees=employees, seed=seed)
    return path


# -- what GitHub and Azure DevOps require -------------------------------------------------------


def test_every_rule_has_a_pascal_case_name_and_the_driver_says_where_it_comes_from():
    (run_,) = sarif(checked(EXAMPLE), environ={})["runs"]
    driver = run_["tool"]["driver"]
    assert driver["fullName"].startswith("mktpolicy ")
    assert driver["informationUri"] == INFORMATION_URI
    names = {rule["id"]: rule["name"] for rule in driver["rules"]}
    assert names["resignation-notice-too-short"] == "ResignationNoticeTooShort"
    assert all(name.isalnum() and name[0].isupper() for name in names.values())
    assert run_["automationDetails"] == {"id": "mktpolicy/"}
    assert all(a["roles"] == ["analysisTarget"] for a in run_["artifacts"])


def test_in_an_azure_pipelines_job_the_run_carries_the_pipeline_azure_devops_files_it_under():
    (run_,) = sarif(checked(EXAMPLE), environ=AZURE)["runs"]
    details = run_["automationDetails"]
    assert details["id"] == (
        "azuredevops/pipeline/build/contoso/marketing/17/"
        "3b2a1c9e-7d4f-4e21-9a0b-5c6d7e8f9a01/refs/heads/main/4711"
    )
    assert details["properties"]["azuredevops/pipeline/build/buildDefinitionId"] == "17"
    assert details["properties"]["azuredevops/pipeline/build/phaseName"] == "mktpolicy"
    # a job that lacks one of the variables gets the plain category, not a half pipeline
    partial = {k: v for k, v in AZURE.items() if k != "SYSTEM_PHASEID"}
    assert sarif(checked(EXAMPLE), environ=partial)["runs"][0]["automationDetails"] == {
        "id": "mktpolicy/"
    }


def test_the_homepage_in_pyproject_is_the_tools_information_uri():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Homepage"] == INFORMATION_URI


# -- fingerprints ------------------------------------------------------------------------------


@settings(max_examples=12, deadline=None)
@given(employees=st.integers(min_value=1, max_value=40), seed=st.integers(0, 10_000))
def test_two_results_share_a_fingerprint_only_if_their_verdicts_are_the_same(
    employees: int, seed: int
):
    verdicts = POLICY.evaluate(population.generate(employees=employees, seed=seed))
    prints = Counter(fingerprint(v) for v in verdicts)
    distinct = {v.model_dump_json(exclude={"explanation"}) for v in verdicts}
    assert len(prints) == len(distinct) == len(verdicts)


def test_verdicts_that_differ_only_in_message_clauses_or_fine_are_different_alerts():
    (verdict, *_) = POLICY.evaluate(population.generate(employees=20, seed=0))
    others = [
        verdict.model_copy(update={"message": verdict.message + " (again)"}),
        verdict.model_copy(update={"citations": verdict.citations[:0]}),
        verdict.model_copy(update={"fine": (verdict.fine or Decimal(0)) + 10}),
        verdict.model_copy(update={"outcome": Outcome.WARNING}),
    ]
    assert len({fingerprint(v) for v in [verdict, *others]}) == 5
    assert fingerprint(verdict.model_copy()) == fingerprint(verdict)


def test_the_generated_population_that_once_shared_fingerprints_no_longer_does(tmp_path: Path):
    report = checked(population_file(tmp_path, 20, 0))
    results = sarif(report)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["mktpolicyVerdict/v2"] for r in results]
    assert len(prints) == len(set(prints)) == report.summary.verdicts


# -- outcomes this version does not know -------------------------------------------------------


class Future(StrEnum):
    """Outcomes a later version may have, unknown to these reporters."""

    NOVEL = "novel"
    OTHER = "other"


def test_an_outcome_the_reporters_do_not_know_is_a_note_and_no_junit_failure():
    assert {o.value for o in Outcome} & {f.value for f in Future} == set()
    base = checked(EXAMPLE)
    (verdict, *_) = list(base.verdicts)
    novel = Verdict.model_construct(**dict(verdict, outcome=Future.NOVEL))
    assert level(cast(Outcome, Future.OTHER)) == "note"
    report = with_verdicts(base, [novel])
    (result,) = sarif(report)["runs"][0]["results"]
    assert result["level"] == "note"
    xml = junitparser.JUnitXml.fromstring(JunitReporter().report(report))
    assert xml.failures == 0


# -- GitHub's limits ---------------------------------------------------------------------------


def many(base: CheckReport, count: int) -> list[Verdict]:
    """`count` verdicts, cheaply: the example's, for ever more employees; every 1,000th a note."""
    verdicts = list(base.verdicts)
    made = []
    for i in range(count):
        verdict = verdicts[i % len(verdicts)]
        update: dict[str, Any] = {"subject": f"E{i:06}"}
        if i % 1000 == 999:
            update["outcome"] = Outcome.INFO
        made.append(verdict.model_copy(update=update))
    return made


def test_a_run_over_githubs_limit_keeps_the_errors_and_counts_what_it_left_out():
    base = checked(EXAMPLE)
    verdicts = many(base, MAX_RESULTS + 30)  # 25,005 errors and 25 notes
    (run_,) = sarif(with_verdicts(base, verdicts))["runs"]
    results = run_["results"]
    assert len(results) == MAX_RESULTS
    assert all(r["level"] == "error" for r in results)
    (notice,) = run_["invocations"][0]["toolExecutionNotifications"]
    assert notice["level"] == "warning"
    assert notice["properties"]["omitted"] == 30
    by_rule = notice["properties"]["omittedByRule"]
    assert sum(item["count"] for item in by_rule) == 30
    assert Counter(item["level"] for item in by_rule for _ in range(item["count"])) == {
        "note": 25,
        "error": 5,
    }
    assert "30 results left out (5 error, 25 note)" in notice["message"]["text"]


def test_a_run_at_githubs_limit_is_whole_and_zero_means_no_limit():
    base = checked(EXAMPLE)
    verdicts = many(base, MAX_RESULTS)
    (run_,) = sarif(with_verdicts(base, verdicts))["runs"]
    assert len(run_["results"]) == MAX_RESULTS
    assert "toolExecutionNotifications" not in run_["invocations"][0]
    over = with_verdicts(base, verdicts + verdicts[:3])
    assert len(sarif(over, max_results=0)["runs"][0]["results"]) == MAX_RESULTS + 3


def test_check_max_results_caps_the_run_and_says_so_on_stderr():
    result = run("check", str(EXAMPLE), "--format", "sarif", "--max-results", "3")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    validate_sarif(document)
    assert len(document["runs"][0]["results"]) == 3
    assert "4 results left out of the SARIF run (--max-results 3)" in result.stderr
    streamed = run("check", str(EXAMPLE), "--format", "sarif", "--max-results", "3", "--stream")
    assert streamed.stdout == result.stdout


# -- Microsoft's validator ---------------------------------------------------------------------

MULTITOOL = os.environ.get("SARIF_MULTITOOL")
needs_multitool = pytest.mark.skipif(
    not MULTITOOL, reason="SARIF_MULTITOOL (the Sarif.Multitool binary) is not set"
)


def validator_findings(tmp_path: Path, document: dict[str, Any], kinds: str) -> list[str]:
    """The errors and warnings `Sarif.Multitool validate --rule-kind KINDS` reports."""
    log = tmp_path / "log.sarif"
    out = tmp_path / "validation.sarif"
    log.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    command = [cast(str, MULTITOOL), "validate", "--rule-kind", kinds]
    command += [
        "--level",
        "Error;Warning",
        "--log",
        "ForceOverwrite",
        "--max-file-size-in-kb",
        "1000000",
    ]
    command += ["-o", str(out), str(log)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    findings = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0].get("results", [])
    return [
        f"{r['ruleId']} {r.get('level', 'warning')}: {json.dumps(r['message'])}"
        for r in findings
        if r.get("level", "warning") in ("error", "warning")
    ]


@needs_multitool
def test_the_validator_finds_nothing_for_github_on_the_example(tmp_path: Path):
    document = sarif(checked(EXAMPLE), environ={})
    assert validator_findings(tmp_path, document, "Ghas;Sarif") == []


@needs_multitool
def test_the_validator_finds_nothing_for_github_and_azure_devops_in_a_pipeline(tmp_path: Path):
    document = sarif(checked(EXAMPLE), environ=AZURE)
    assert validator_findings(tmp_path, document, "Ghas;GHAzDO;Sarif") == []


@needs_multitool
def test_the_validator_finds_nothing_on_a_generated_population(tmp_path: Path):
    report = checked(population_file(tmp_path, 60, 7), fail_on="warning")
    assert report.summary.verdicts > 300
    document = sarif(report, environ=AZURE)
    assert validator_findings(tmp_path, document, "Ghas;GHAzDO;Sarif") == []


@needs_multitool
def test_the_validator_finds_nothing_on_a_capped_run_and_its_notification(tmp_path: Path):
    # capped at 50 rather than 25,000: the validator takes minutes over a 25,000-result log
    base = checked(EXAMPLE)
    document = sarif(with_verdicts(base, many(base, 80)), environ=AZURE, max_results=50)
    assert document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert validator_findings(tmp_path, document, "Ghas;GHAzDO;Sarif") == []


# -- JUnit -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fail_on", ["violation", "warning"])
def test_junit_counts_one_failure_per_case_and_as_many_as_the_summary(tmp_path: Path, fail_on: str):
    report = checked(population_file(tmp_path, 40, 3), fail_on)
    xml = junitparser.JUnitXml.fromstring(JunitReporter().report(report))
    cases = [case for suite in xml for case in suite]
    failed = [case for case in cases if not case.is_passed]
    assert all(len(case.result) == 1 for case in failed)
    expected = report.summary.violations + (report.summary.warnings if fail_on == "warning" else 0)
    assert xml.failures == len(failed) == expected
    assert sum(suite.failures for suite in xml) == expected
    assert xml.tests == len(cases) == sum(suite.tests for suite in xml)
    names = Counter((case.classname, case.name) for case in cases)
    assert max(names.values()) == 1


# -- the what-if figure ------------------------------------------------------------------------


def test_the_fines_figure_names_the_reform_and_its_legend_covers_no_bar():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mktpolicy import whatif

    events = population.generate(employees=30, seed=2)
    reformed = whatif.policy_with(POLICY, {"fines.operation_breach": 20})
    comparison = whatif.compare(POLICY, reformed, events, labels=("today", "a 20-yuan fine"))
    ax = whatif.plot_fines_by_month(comparison)
    try:
        assert "a 20-yuan fine" in ax.get_title(loc="left")
        ax.figure.canvas.draw()
        legend = ax.get_legend().get_window_extent()
        bars = [bar.get_window_extent() for bars in ax.containers for bar in bars]
        assert bars
        assert not [bar for bar in bars if bar.overlaps(legend)]
    finally:
        plt.close(ax.figure)
    named = whatif.plot_fines_by_month(comparison, title="Reform X")
    try:
        assert named.get_title(loc="left") == "Fines by month: Reform X"
    finally:
        plt.close(named.figure)

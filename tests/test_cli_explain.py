"""`mktpolicy explain` through its real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli import run

PROMISE = {
    "type": "customer_promise",
    "id": "p1",
    "employee_id": "S1",
    "occurred_on": "2024-04-02",
    "customer_id": "C9",
    "promise": "freight_discount",
    "authorised": False,
    "price_difference": "300",
}


def test_explain_a_rule_shows_the_chain_and_both_texts(tmp_path: Path):
    events = tmp_path / "ops.jsonl"
    events.write_text(json.dumps(PROMISE) + "\n", encoding="utf-8")
    result = run("explain", str(events), "--rule", "fine-unauthorised-discount")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("fine-unauthorised-discount: violation for employee S1 on 2024-04-02")
    assert "1. unauthorised-promise-to-customer:" in out
    assert f"matched CustomerPromise p1 ({events}:1)" in out
    assert "derived OperationBreach(" in out
    assert "2. fine-unauthorised-discount:" in out
    assert "matched OperationBreach(" in out
    assert ") (derived in step 1)" in out  # step 2 matched what step 1 derived
    assert "擅自答应客户降低运价或免费托运" in out  # the clause in Chinese
    assert "002.S11.2.1" in out
    assert "penalty: fine 50 yuan; compensation 300 yuan" in out


def test_explain_an_employee_as_json():
    result = run("explain", "--example", "--employee", "S-105", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    verdicts = document["verdicts"]
    assert verdicts
    assert {v["subject"] for v in verdicts} == {"S-105"}
    chain = next(v for v in verdicts if v["rule"] == "transfer-or-dismissal")
    steps = chain["explanation"]["steps"]
    assert len(steps) > 1
    assert steps[-1]["rule"] == "transfer-or-dismissal"
    assert all(loc["line"] >= 1 for loc in chain["locations"].values())
    assert chain["citations"][0]["text_en"]


def test_explain_without_a_matching_verdict_says_so():
    result = run("explain", "--example", "--employee", "E-021")
    assert result.returncode == 0
    assert result.stdout.strip() == "no verdict for employee E-021"


def test_explain_unknown_rule_or_employee_exits_2():
    rule = run("explain", "--example", "--rule", "resignation-notice-too-shrt")
    assert rule.returncode == 2
    assert "unknown rule 'resignation-notice-too-shrt'" in rule.stderr
    assert "did you mean 'resignation-notice-too-short'" in rule.stderr
    employee = run("explain", "--example", "--employee", "nobody")
    assert employee.returncode == 2
    assert "unknown employee 'nobody'" in employee.stderr


def test_explain_needs_a_rule_or_an_employee_and_good_input(tmp_path: Path):
    assert run("explain", "--example").returncode == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    result = run("explain", str(bad), "--employee", "E1")
    assert result.returncode == 2
    assert f"{bad}:1: not valid JSON" in result.stderr
    assert result.stdout == ""

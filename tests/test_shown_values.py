"""Values from the input are shown bounded and on one line, in errors and in reports.

Before: a 50 MB unknown field was echoed whole to stderr and into SARIF; a line break in an id
was printed raw in the text report (a forged report line); an integer of 5,000 digits raised
ValueError (int to text) instead of EventError.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mktpolicy
from mktpolicy.display import printable, shown

from .cli_in_process import invoke


def promise(**fields: object) -> dict[str, object]:
    event: dict[str, object] = {
        "type": "customer_promise",
        "id": "ops-1",
        "employee_id": "S-1",
        "occurred_on": "2024-04-02",
        "customer_id": "C-88",
        "promise": "freight_discount",
        "authorised": False,
        "price_difference": "300.00",
    }
    event.update(fields)
    return event


def huge_int() -> int:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return int("9" * 5_000)
    finally:
        sys.set_int_max_str_digits(limit)


@pytest.mark.parametrize("field", ["id", "employee_id", "price_difference", "authorised"])
def test_a_5000_digit_integer_is_an_event_error(native: mktpolicy.Policy, field: str) -> None:
    with pytest.raises(mktpolicy.EventError, match="an integer of about 5,0"):
        native.evaluate([promise(**{field: huge_int()})])


def test_a_huge_unknown_field_is_cut_in_the_error_and_in_sarif(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(promise(junk="A" * 5_000_000)) + "\n")
    result = invoke("check", str(path), "--keep-going", "--format", "sarif")
    assert result.returncode == 2
    assert "(5,000,000 characters)" in result.stderr
    assert len(result.stderr) < 1_000
    assert "A" * 1_000 not in result.stdout
    assert "(5,000,000 characters)" in result.stdout


def test_a_line_break_in_an_id_is_escaped_in_the_text_report(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    forged = "ops-1\n  2024-04-02  violation  forged-rule"
    events = [promise(id=forged, employee_id="S-1\r2"), promise(id="ops-2", employee_id="S-1\r2")]
    path.write_text("".join(json.dumps(e) + "\n" for e in events))
    result = invoke("check", str(path))
    assert result.returncode == 1, result.stderr
    assert "forged-rule" in result.stdout
    assert not any(
        line.lstrip().startswith("2024-04-02  violation  forged")
        for line in result.stdout.splitlines()
    )
    assert "ops-1\\n  2024-04-02" in result.stdout
    assert "employee S-1\\r2\n" in result.stdout
    explained = invoke("explain", str(path), "--employee", "S-1\r2")
    assert "\r" not in explained.stdout
    assert "S-1\\r2" in explained.stdout


@given(st.text(st.characters(blacklist_categories=())))
def test_printable_leaves_no_line_break_and_keeps_printable_text(text: str) -> None:
    out = printable(text)
    assert out.isprintable()
    assert out == text or not text.isprintable()


@given(st.one_of(st.text(), st.integers(), st.binary(), st.lists(st.text())))
def test_shown_is_bounded(value: object) -> None:
    assert len(shown(value)) < 120

"""The spill format of `check --stream` round-trips any string, and the streamed check with it.

Before: an id holding a line break crashed `--stream` (ValueError while reading the id spill
back), and an employee id holding a TAB shifted the fields, so a duplicate id went unseen.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mktpolicy.cli import spill_rows

from .cli_in_process import invoke as run

ANY_TEXT = st.text(st.characters(blacklist_categories=()))  # surrogates and controls too
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT,
    lambda inner: st.lists(inner) | st.dictionaries(ANY_TEXT, inner),
    max_leaves=10,
)


@given(st.lists(ANY_TEXT, max_size=6), JSON_VALUES)
def test_a_row_gives_back_its_fields_and_payload(fields: list[str], value: object) -> None:
    payload = json.dumps(value)
    row = spill_rows.encode(fields, payload)
    assert row.endswith("\n")
    assert row.count("\n") == 1
    assert "\r" not in row
    assert spill_rows.decode(row, len(fields)) == (fields, payload)


@given(st.lists(st.lists(ANY_TEXT, max_size=4), max_size=5), st.data())
def test_rows_written_to_a_file_are_read_back_one_by_one(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("rows") / "spill"
    payloads = [json.dumps(data.draw(JSON_VALUES), ensure_ascii=False) for _ in rows]
    payloads = [p.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for p in payloads]
    with spill_rows.open_rows(path, "w") as stream:
        for fields, payload in zip(rows, payloads, strict=True):
            stream.write(spill_rows.encode(fields, payload))
    with spill_rows.open_rows(path, "r") as stream:
        read = list(stream)
    assert len(read) == len(rows)
    back = [spill_rows.decode(row, len(f)) for row, f in zip(read, rows, strict=True)]
    assert back == list(zip(rows, payloads, strict=True))


def test_a_payload_with_a_line_break_is_refused() -> None:
    with pytest.raises(ValueError, match="one line"):
        spill_rows.encode([], '"a\rb"'.replace("\\r", "\r"))


def resignation(employee: str, ident: str) -> dict[str, str]:
    return {
        "type": "resignation",
        "id": ident,
        "employee_id": employee,
        "submitted_on": "2024-03-05",
        "last_day": "2024-03-06",
    }


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_ids_with_line_breaks_and_tabs_stream_as_they_check(tmp_path: Path, suffix: str) -> None:
    events = [
        resignation("E1", "a\nb"),
        resignation("E1", "c\rd"),
        resignation("E\t2", "e\r\nf"),
        resignation("E3", "g\th"),
    ]
    path = tmp_path / f"events{suffix}"
    if suffix == ".csv":
        with path.open("w", newline="") as stream:
            writer = csv.DictWriter(stream, list(events[0]))
            writer.writeheader()
            writer.writerows(events)
    else:
        path.write_text("".join(json.dumps(e) + "\n" for e in events))
    batch = run("check", str(path), "--format", "json")
    streamed = run("check", str(path), "--format", "json", "--stream")
    assert batch.returncode == 1, batch.stderr
    assert (streamed.returncode, streamed.stdout) == (1, batch.stdout), streamed.stderr
    assert json.loads(streamed.stdout)["summary"]["events"] == 4


def test_a_duplicate_id_is_found_when_an_employee_id_holds_a_tab(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    events = [resignation("E\t1", "x"), resignation("E2", "x")]
    path.write_text("".join(json.dumps(e) + "\n" for e in events))
    for mode in ([], ["--stream"]):
        result = run("check", str(path), *mode)
        assert result.returncode == 2, (mode, result.stdout)
        assert "two different events have id 'x'" in result.stderr

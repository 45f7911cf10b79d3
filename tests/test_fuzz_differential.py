"""Differential fuzzing, bounded for CI: the event readers, the --stream spill and the audit-line
parser, each against a second way of getting the same answer.

* JSON lines, a JSON array and CSV holding the same records read the same events, or all
  refuse them; any text given to a reader raises EventError or nothing.
* A streamed check (events spilled to disk by employee and id) gives the batch verdicts, or the
  batch's error, whatever the ids hold (tabs, line breaks, quotes, non-ASCII).
* A sealed audit line parses back to what was sealed; a line with any byte changed is refused
  unless it still says exactly the same thing; arbitrary bytes never raise.

The budget is the hypothesis profile's (tests/conftest.py: `ci`, 100 examples, the default; the
costly properties take a quarter of it). The nightly profile runs 5,000 per property:

    HYPOTHESIS_PROFILE=nightly pytest tests/test_fuzz_differential.py tests/test_fuzz.py

(docs/security.md, "Fuzzing"). fuzz/atheris_harness.py runs coverage-guided fuzzing for longer.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import mktpolicy
from mktpolicy.audit.records import parse_line, seal
from mktpolicy.cli.inputs import (
    InputError,
    read_csv,
    read_inputs,
    read_json_array,
    read_json_lines,
)
from mktpolicy.cli.streaming import SpilledCheck
from mktpolicy.events.base import Event
from mktpolicy.strategies import employee_histories

COSTLY = settings(
    max_examples=max(10, settings.default.max_examples // 10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)

HOSTILE_TEXT = st.text(
    st.sampled_from([*"aZ09-_ \t\r\n\"',;[]{}\\:", "\u2028", "\x85", "é", "中", "\x00"]),
    min_size=1,
    max_size=12,
)
Reader = Callable[[str, str], Iterator[tuple[int, Event]]]


def _records(events: list[Event]) -> list[dict[str, Any]]:
    """Events as records, absent fields left out (CSV cannot tell absent from null)."""
    return [{k: v for k, v in e.model_dump(mode="json").items() if v is not None} for e in events]


def _as_json_lines(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _as_json_array(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1)


def _as_csv(records: list[dict[str, Any]]) -> str | None:
    """One CSV file per record type would be a spreadsheet's way; one header over all, with
    empty cells, is as valid. None when a record holds a list (CSV has no lists)."""
    if any(isinstance(v, list | dict) for r in records for v in r.values()):
        return None
    names = sorted({k for r in records for k in r})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for r in records:
        writer.writerow([_cell(r.get(n)) for n in names])
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _read(reader: Reader, text: str) -> list[Event] | str:
    """The events read, or 'refused' (the first bad record raises EventError)."""
    try:
        return [event for _, event in reader(text, "fuzz")]
    except mktpolicy.EventError:
        return "refused"


def _hostile(events: list[Event], data: st.DataObject) -> list[Event]:
    """Some ids and employee ids replaced with text that is hard on line-based formats."""
    changed = []
    for event in events:
        update: dict[str, str] = {}
        # Framed by letters, so most pass validation (an employee id has no line break and
        # no space at either end) and reach the spill.
        if data.draw(st.booleans()):
            update["id"] = f"h{data.draw(HOSTILE_TEXT)}h"
        if data.draw(st.integers(0, 3)) == 0:
            update["employee_id"] = f"E{data.draw(HOSTILE_TEXT)}E"
        changed.append(event.model_copy(update=update))
    return changed


@COSTLY
@given(employee_histories(max_size=6), st.data())
def test_json_lines_json_array_and_csv_read_the_same(events: list[Event], data) -> None:
    records = _records(_hostile(events, data))
    lines = _read(read_json_lines, _as_json_lines(records))
    assert _read(read_json_array, _as_json_array(records)) == lines
    table = _as_csv(records)
    if table is not None:
        assert _read(read_csv, table) == lines


READERS = {"json lines": read_json_lines, "json array": read_json_array, "csv": read_csv}
TOKENS = [*'{}[]",:\\ \t\r\n0123456789.-+eEtrufalsn', '"type"', '"employee_id"', "\ufeff", "é"]
TEXTISH = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@pytest.mark.parametrize("name", sorted(READERS))
@given(text=TEXTISH)
def test_any_text_to_a_reader_raises_only_event_errors(name: str, text: str) -> None:
    with contextlib.suppress(mktpolicy.EventError):
        list(READERS[name](text, "fuzz"))


def _batch(policy: mktpolicy.Policy, path: Path) -> list[mktpolicy.Verdict] | str:
    """What `check` without --stream finds: the file read as the CLI reads it, then evaluated
    (str.splitlines would also split at U+0085 and U+2028, which JSON leaves as they are)."""
    try:
        return policy.evaluate(read_inputs([path]).events)
    except InputError:
        return "EventError"
    except mktpolicy.PolicyError as exc:
        return type(exc).__name__


def _streamed(policy: mktpolicy.Policy, path: Path, buckets: int) -> list[mktpolicy.Verdict] | str:
    spilled = SpilledCheck(policy, keep_going=False, buckets=buckets)
    try:
        spilled.spill([path])
        for _ in spilled.employees():
            pass
        assert spilled.verdicts is not None
        return list(spilled.verdicts)
    except InputError:
        return "EventError"  # the CLI reads line by line: a bad record, as the batch says
    except mktpolicy.PolicyError as exc:
        return type(exc).__name__
    finally:
        spilled.close()


@COSTLY
@given(employee_histories(max_size=8), st.data(), st.integers(1, 5))
def test_a_streamed_spill_gives_the_batch_verdicts(
    native: mktpolicy.Policy, tmp_path: Path, events: list[Event], data, buckets: int
) -> None:
    events = _hostile(events, data)
    if data.draw(st.booleans()) and len(events) > 1:  # one id, two different events
        events[-1] = events[-1].model_copy(update={"id": events[0].id or "x"})
    path = tmp_path / "events.jsonl"
    path.write_text(_as_json_lines(_records(events)), encoding="utf-8")
    assert _streamed(native, path, buckets) == _batch(native, path)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=12,
)  # no floats: `1e5` and `1E5` are one number written two ways


FIELDS = st.dictionaries(
    st.text(max_size=8).filter(lambda k: k not in ("v", "prev", "sha256")),  # seal writes these
    JSONISH,
    max_size=5,
)


@given(FIELDS, st.text(max_size=64))
def test_a_sealed_audit_line_parses_back(fields: dict[str, Any], prev: str) -> None:
    text, digest = seal(fields, prev)
    line = parse_line(text.encode())
    assert line is not None
    assert line["sha256"] == digest
    assert {k: line[k] for k in fields} == fields


@given(FIELDS, st.data())
def test_an_audit_line_with_a_byte_changed_is_refused(fields: dict[str, Any], data) -> None:
    raw = bytearray(seal(fields, "")[0].encode())
    at = data.draw(st.integers(0, len(raw) - 1))
    byte = data.draw(st.integers(0, 255))
    assume(raw[at] != byte)
    original = parse_line(bytes(raw))
    raw[at] = byte
    changed = parse_line(bytes(raw))
    assert changed is None or changed == original  # accepted only if it says the same


@given(st.binary(max_size=200))
def test_any_bytes_to_the_audit_line_parser_never_raise(raw: bytes) -> None:
    line = parse_line(raw)
    assert line is None or isinstance(line, dict)

"""Event files for the commands: JSON lines, a JSON array or CSV, each event with its line.

Every event keeps where it came from (`Origin`: the file as a URI and the line), so SARIF can
point at the line of an export and `explain` can say which record a verdict rests on. All files
are read and validated before anything is evaluated: one bad record and nothing is checked.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mktpolicy.errors import EventError
from mktpolicy.events.base import Event
from mktpolicy.events.reader import to_event
from mktpolicy.events.registry import BY_TYPE
from mktpolicy.verdicts.from_firings import describe_fact
from mktpolicy.verdicts.model import Verdict

STDIN_URI = "stdin"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an event was read: `uri` as SARIF wants it, `display` as people read it."""

    uri: str
    display: str
    line: int

    def __str__(self) -> str:
        return f"{self.display}:{self.line}"


@dataclass(frozen=True, slots=True)
class Inputs:
    """Every event read, in order, and the origin of each, by its ref (`hr-1001`) and by its
    description in explanations (`Resignation hr-1001`); a repeated event keeps its first."""

    events: tuple[Event, ...]
    by_ref: Mapping[str, Origin]
    by_description: Mapping[str, Origin]
    artifacts: tuple[str, ...]
    skipped: tuple[str, ...] = ()
    """With --keep-going: every record that was not read (file:line: why), in order."""

    def origins(self, verdict: Verdict) -> list[Origin]:
        """The origins of a verdict's events, the event its chain starts from first."""
        found: list[Origin] = []
        for step in verdict.explanation.steps:
            for description in step.matched:
                origin = self.by_description.get(description)
                if origin is not None and origin not in found:
                    found.append(origin)
        for ref in verdict.events:
            origin = self.by_ref.get(ref)
            if origin is not None and origin not in found:
                found.append(origin)
        return found


class InputError(Exception):
    """A file that cannot be read as events; the message names the file and the line."""


def artifact_uri(path: Path) -> str:
    """A relative URI for a file under the working directory (what code scanning expects),
    else an absolute file URI."""
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path.resolve().as_uri()
    return quote(relative.as_posix())


def read_inputs(paths: list[Path | None], *, keep_going: bool = False) -> Inputs:
    """Read every file (`None` is stdin); raise InputError listing every bad file.

    With `keep_going`, every bad record is listed in `Inputs.skipped` and the rest are read; a
    file that cannot be parsed past a point (a broken JSON array) is skipped from there.
    """
    events: list[Event] = []
    by_ref: dict[str, Origin] = {}
    by_description: dict[str, Origin] = {}
    artifacts: list[str] = []
    problems: list[str] = []
    for path in paths:
        uri = STDIN_URI if path is None else artifact_uri(path)
        display = "<stdin>" if path is None else str(path)
        found: list[tuple[int, Event]] = []
        try:
            for line, event in _read(path, display):
                if isinstance(event, EventError):
                    problems.append(str(event))
                    if not keep_going:
                        break
                else:
                    found.append((line, event))
        except EventError as exc:
            problems.append(str(exc) + (" (the rest of the file is not read)" * keep_going))
        except UnicodeDecodeError:
            problems.append(f"{display}: not UTF-8 text")
            continue
        except OSError as exc:
            problems.append(f"{display}: cannot read: {exc.strerror or exc}")
            continue
        artifacts.append(uri)
        for line, event in found:
            events.append(event)
            origin = Origin(uri, display, line)
            by_ref.setdefault(event.ref, origin)
            by_description.setdefault(describe_fact(event), origin)
    if problems and not keep_going:
        raise InputError("\n".join(problems))
    return Inputs(tuple(events), by_ref, by_description, tuple(artifacts), tuple(problems))


def _read(path: Path | None, display: str) -> Iterator[tuple[int, Event | EventError]]:
    """Each record's line and its event, or the EventError that says why it is not one."""
    if path is None:
        # Bytes, decoded here: the locale's encoding is no business of an export's.
        text = sys.stdin.buffer.read().decode("utf-8-sig")
    else:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            text = stream.read()
    if path is not None and path.suffix.lower() == ".csv":
        return _each(_csv_records(text, display), display)
    if text.lstrip().startswith("["):
        return _each(_json_array_records(text, display), display)
    return _each(_json_lines_records(text, display), display)


def _each(
    records: Iterator[tuple[int, Any]], source: str
) -> Iterator[tuple[int, Event | EventError]]:
    for line, record in records:
        if isinstance(record, _BadRow):
            yield line, record.error
            continue
        try:
            yield line, to_event(record, line=line, source=source)
        except EventError as exc:
            yield line, exc


def _strict(results: Iterator[tuple[int, Event | EventError]]) -> Iterator[tuple[int, Event]]:
    for line, result in results:
        if isinstance(result, EventError):
            raise result
        yield line, result


def read_json_lines(text: str, source: str) -> Iterator[tuple[int, Event]]:
    """(line, event) for each non-blank line."""
    return _strict(_each(_json_lines_records(text, source), source))


def _json_lines_records(text: str, source: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        if line.strip():
            yield number, line


def read_json_array(text: str, source: str) -> Iterator[tuple[int, Event]]:
    """(line, event) for each element of a JSON array: the line its `{` stands on."""
    return _strict(_each(_json_array_records(text, source), source))


def _json_array_records(text: str, source: str) -> Iterator[tuple[int, Any]]:
    decoder = json.JSONDecoder()
    index = _skip_space(text, 0)
    if text[index : index + 1] != "[":
        raise EventError("a JSON array of events must start with '['", line=1, source=source)
    index = _skip_space(text, index + 1)
    if text[index : index + 1] == "]":
        _expect_end(text, index + 1, source)
        return
    while True:
        line = text.count("\n", 0, index) + 1
        try:
            item, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise EventError(f"not valid JSON: {exc.msg}", line=exc.lineno, source=source) from None
        yield line, item
        index = _skip_space(text, index)
        mark = text[index : index + 1]
        if mark == "]":
            _expect_end(text, index + 1, source)
            return
        if mark != ",":
            where = text.count("\n", 0, index) + 1
            raise EventError("not valid JSON: expected ',' or ']'", line=where, source=source)
        index = _skip_space(text, index + 1)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _expect_end(text: str, index: int, source: str) -> None:
    rest = _skip_space(text, index)
    if rest < len(text):
        line = text.count("\n", 0, rest) + 1
        raise EventError("not valid JSON: text after the array", line=line, source=source)


def read_csv(text: str, source: str) -> Iterator[tuple[int, Event]]:
    """(line, event) for each data row. The header names the fields; an empty cell is an absent
    field; a boolean field is written `true` or `false`. The line is the row's first line in
    the file (the spreadsheet's row number when no cell holds a line break)."""
    return _strict(_each(_csv_records(text, source), source))


class _BadRow:
    """A row that is no record: to_event's conversion raises its error, so it is skipped alone."""

    def __init__(self, error: EventError) -> None:
        self.error = error


def _csv_records(text: str, source: str) -> Iterator[tuple[int, Any]]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise EventError(f"not valid CSV: {exc}", line=reader.line_num, source=source) from None
    if header is None:
        return
    names = [name.strip() for name in header]
    blank = [i + 1 for i, name in enumerate(names) if not name]
    if blank:
        message = f"the header has an empty column name (column {blank[0]})"
        raise EventError(message, line=1, source=source)
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise EventError(f"the header repeats column {repeated[0]!r}", line=1, source=source)
    previous = reader.line_num
    while True:
        start = previous + 1
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise EventError(f"not valid CSV: {exc}", line=start, source=source) from None
        if row is None:
            return
        previous = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            message = f"the row has {len(row)} cells; the header has {len(names)}"
            yield start, _BadRow(EventError(message, line=start, source=source))
            continue
        try:
            yield start, _record(dict(zip(names, row, strict=True)), line=start, source=source)
        except EventError as exc:
            yield start, _BadRow(exc)


def _record(cells: dict[str, str], *, line: int, source: str) -> dict[str, Any]:
    """Cells to a field mapping: empty cells dropped, booleans of the event's type converted."""
    record: dict[str, Any] = {name: value for name, value in cells.items() if value != ""}
    model = BY_TYPE.get(str(record.get("type", "")))
    if model is None:
        return record  # validation names the missing or unknown type
    for name, value in list(record.items()):
        info = model.model_fields.get(name)
        if info is None or not _is_bool(info.annotation):
            continue
        word = value.strip().lower()
        if word not in ("true", "false"):
            raise EventError(
                f"field {name!r}: write true or false (got {value!r})", line=line, source=source
            )
        record[name] = word == "true"
    return record


def _is_bool(annotation: object) -> bool:
    if annotation is bool:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return bool in typing.get_args(annotation)
    return False

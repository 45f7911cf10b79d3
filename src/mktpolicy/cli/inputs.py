"""Event files for the commands: JSON lines, a JSON array or CSV, each event with its line.

Every event keeps where it came from (`Origin`: the file as a URI and the line), so SARIF can
point at the line of an export and `explain` can say which record a verdict rests on. All files
are read and validated before anything is evaluated: one bad record and nothing is checked.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import sys
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mktpolicy.display import shown
from mktpolicy.errors import EventError
from mktpolicy.events.base import Event, is_bool
from mktpolicy.events.reader import TOO_DEEP, to_event
from mktpolicy.events.registry import model_for_type
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
    """Every event read, in order, and the origin of each by its ref (`hr-1001`), the id
    verdicts and their explanations cite; a repeated event keeps its first."""

    events: tuple[Event, ...]
    by_ref: Mapping[str, Origin]
    artifacts: tuple[str, ...]
    skipped: tuple[str, ...] = ()
    """With --keep-going: every record that was not read (file:line: why), in order."""
    streamed: tuple[int, Mapping[str, frozenset[str]]] | None = None
    """With --stream: how many events were read and each employee's event types, as the
    events themselves are not kept (only the origins of those that verdicts cite)."""

    @property
    def count(self) -> int:
        """How many events were read."""
        return len(self.events) if self.streamed is None else self.streamed[0]

    def employee_types(self) -> Mapping[str, frozenset[str]]:
        """The names of the event types each employee has events of."""
        if self.streamed is not None:
            return self.streamed[1]
        found: dict[str, set[str]] = {}
        for event in self.events:
            found.setdefault(event.employee_id, set()).add(type(event).__name__)
        return {subject: frozenset(names) for subject, names in found.items()}

    def located(self, verdict: Verdict) -> dict[str, Origin]:
        """Each event a verdict rests on, by ref, with where it was read; the event its chain
        starts from first."""
        found: dict[str, Origin] = {}
        refs = [r for step in verdict.explanation.steps for r in step.events if r is not None]
        for ref in (*refs, *verdict.events):
            origin = self.by_ref.get(ref)
            if origin is not None:
                found.setdefault(ref, origin)
        return found

    def origins(self, verdict: Verdict) -> list[Origin]:
        """The origins of a verdict's events, the event its chain starts from first."""
        return list(dict.fromkeys(self.located(verdict).values()))


class InputError(EventError):
    """Files that cannot be read as events: one line per problem, each naming file and line."""


def artifact_uri(path: Path) -> str:
    """A relative URI for a file under the working directory (what code scanning expects),
    else an absolute file URI."""
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path.resolve().as_uri()
    return quote(relative.as_posix())


def display_path(path: Path) -> str:
    """The path as people read it: as given, except a file shipped with mktpolicy (the example
    events), which is shown from the package (`mktpolicy/examples/events.jsonl`), not from
    wherever site-packages is."""
    package = Path(str(resources.files("mktpolicy")))
    try:
        inside = path.resolve().relative_to(package.resolve())
    except ValueError:
        return str(path)
    return f"mktpolicy/{inside.as_posix()}"


def read_inputs(paths: list[Path | None], *, keep_going: bool = False) -> Inputs:
    """Read every file (`None` is stdin); raise InputError listing every bad file.

    With `keep_going`, every bad record is listed in `Inputs.skipped` and the rest are read; a
    file that cannot be parsed past a point (a broken JSON array) is skipped from there.
    """
    reading = Reading(keep_going)
    events: list[Event] = []
    by_ref: dict[str, Origin] = {}
    for origin, event in reading.records(paths):
        events.append(event)
        by_ref.setdefault(event.ref, origin)
    return reading.inputs(tuple(events), by_ref)


class Reading:
    """Records of several files in order, and what was wrong with them (`problems`)."""

    def __init__(self, keep_going: bool) -> None:
        self.keep_going = keep_going
        self.problems: list[str] = []
        self.artifacts: list[str] = []

    def records(self, paths: list[Path | None]) -> Iterator[tuple[Origin, Event]]:
        """(origin, event) for each good record; the bad ones go to `problems`."""
        for path in paths:
            uri = STDIN_URI if path is None else artifact_uri(path)
            display = "<stdin>" if path is None else display_path(path)
            try:
                for line, event in _read(path, display):
                    if not isinstance(event, EventError):
                        yield Origin(uri, display, line), event
                        continue
                    self.problems.append(str(event))
                    if not self.keep_going:
                        break
            except EventError as exc:
                rest = " (the rest of the file is not read)" if self.keep_going else ""
                self.problems.append(f"{exc}{rest}")
            except UnicodeDecodeError:
                self.problems.append(f"{display}: not UTF-8 text")
            except OSError as exc:
                self.problems.append(f"{display}: cannot read: {exc.strerror or exc}")
                continue
            self.artifacts.append(uri)

    def inputs(
        self,
        events: tuple[Event, ...],
        by_ref: Mapping[str, Origin],
        streamed: tuple[int, Mapping[str, frozenset[str]]] | None = None,
    ) -> Inputs:
        """The Inputs read, or InputError when something was wrong and not skipped."""
        if self.problems and not self.keep_going:
            raise InputError("\n".join(self.problems))
        artifacts = tuple(self.artifacts)
        skipped = tuple(self.problems)
        return Inputs(events, by_ref, artifacts, skipped, streamed)


def _read(path: Path | None, display: str) -> Iterator[tuple[int, Event | EventError]]:
    """Each record's line and its event, or the EventError that says why it is not one.

    JSON lines and CSV are read a line at a time (a file is never held whole); a JSON array is
    read whole, as it cannot be parsed otherwise.
    """
    with _open_text(path) as stream:
        if path is not None and path.suffix.lower() == ".csv":
            yield from _each(_csv_records(stream, display), display)
            return
        consumed: list[str] = []
        for line in stream:
            consumed.append(line)
            if line.strip():
                break
        if "".join(consumed).lstrip().startswith("["):
            text = "".join(consumed) + stream.read()
            yield from _each(_json_array_records(text, display), display)
            return
        yield from _each(_json_lines_records(itertools.chain(consumed, stream), display), display)


@contextlib.contextmanager
def _open_text(path: Path | None) -> Iterator[typing.TextIO]:
    # Bytes decoded here, BOM dropped: the locale's encoding is no business of an export's.
    if path is not None:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            yield stream
        return
    stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
    try:
        yield stream
    finally:
        stream.detach()  # leave stdin open


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
    return _strict(_each(_json_lines_records(io.StringIO(text, newline=None), source), source))


def _json_lines_records(lines: Iterable[str], source: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(lines, start=1):
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
        except RecursionError:  # the C decoder recurses once per level of nesting
            raise EventError(TOO_DEEP, line=line, source=source) from None
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
    rows = io.StringIO(text.removeprefix("\ufeff"), newline="")
    return _strict(_each(_csv_records(rows, source), source))


class _BadRow:
    """A row that is no record: to_event's conversion raises its error, so it is skipped alone."""

    def __init__(self, error: EventError) -> None:
        self.error = error


def _csv_records(rows: Iterable[str], source: str) -> Iterator[tuple[int, Any]]:
    reader = csv.reader(rows, strict=True)
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
    model = model_for_type(str(record.get("type", "")))
    if model is None:
        return record  # validation names the missing or unknown type
    for name, value in list(record.items()):
        info = model.model_fields.get(name)
        if info is None or not is_bool(info.annotation):
            continue
        word = value.strip().lower()
        if word not in ("true", "false"):
            message = f"field {name!r}: write true or false (got {shown(value)})"
            raise EventError(message, line=line, source=source)
        record[name] = word == "true"
    return record

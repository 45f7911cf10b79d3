"""Event files as records bucketed by employee: what is shuffled between Dask workers.

A record keeps the event's JSON text and where it was read (file index, line), so the worker
that evaluates it validates it with the same `to_event` as a single process, and a bad event
names its file and line. Reading only parses the JSON to find the employee and the id (validation
happens once, after the shuffle); a line whose employee cannot be found is validated on the
spot, so its EventError is the one a single process raises.
"""

from __future__ import annotations

import glob
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic_core import from_json

from mktpolicy.distributed import collector
from mktpolicy.errors import EventError
from mktpolicy.events.base import Event
from mktpolicy.events.reader import to_event

IdRecord = tuple[str, str, str | None, int, int]
"""What the id check needs of an event with an id: the id, the employee, the type tag, and
where it was read (file index, line)."""

# Buckets travel between workers in columns (lists of str and int), not one tuple a record:
# unpickling them makes a handful of objects the cyclic collector tracks, not one per record,
# so a transfer (outside any task, with the collector running) does not set off collections
# that re-scan the worker's heap. With 2 workers, tuples cost more CPU than the evaluation.


@dataclass(frozen=True, slots=True)
class Piece:
    """One file's records for one partition: its index, and the line and JSON text of each."""

    file: int
    lines: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IdPiece:
    """One file's ids for one id check: each record's id, employee, type tag and line."""

    file: int
    ids: list[str] = field(default_factory=list)
    employees: list[str] = field(default_factory=list)
    tags: list[str | None] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def records(self) -> Iterator[IdRecord]:
        """(id, employee, type tag, file index, line) for each record."""
        for ident, employee, tag, line in zip(
            self.ids, self.employees, self.tags, self.lines, strict=True
        ):
            yield ident, employee, tag, self.file, line


@dataclass(frozen=True, slots=True)
class Buckets:
    """One file's records split by a hash of the employee (`by_employee[k]` goes to partition
    k) and its ids split by a hash of the id (`by_id[k]` goes to id check k): the shuffle, done
    while reading."""

    by_employee: tuple[Piece, ...]
    by_id: tuple[IdPiece, ...]


def bucket(key: str, parts: int) -> int:
    """The partition of an employee or id: a hash that is the same in every process (Python's
    own `hash` of a str is salted per process)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % parts


Reader = Callable[[Path, str], Iterable[tuple[int, str | Event]]]
"""Reads one file (opened by its path, named by its display name in errors): (line, the JSON
text of an event, or an event already validated) for each record."""


@dataclass(frozen=True, slots=True)
class Source:
    """One input file: `path` is what workers open, `display` what errors and reports say."""

    path: str
    display: str


def expand(events: str | Path | Sequence[str | Path]) -> tuple[Source, ...]:
    """The files behind a path, a glob (`events/*.jsonl`) or a list of them, in order.

    A glob that matches nothing, or a file that does not exist, is an EventError: a
    distributed run over no input is almost always a mistake in a path.
    """
    items = [events] if isinstance(events, str | Path) else list(events)
    found: list[Source] = []
    for item in items:
        text = str(item)
        if glob.has_magic(text):
            matches = sorted(glob.glob(text))
            if not matches:
                raise EventError(f"no event files match {text!r}")
            found.extend(Source(str(Path(m).resolve()), m) for m in matches)
        elif Path(text).is_file():
            found.append(Source(str(Path(text).resolve()), text))
        else:
            raise EventError(f"{text}: no such event file")
    return tuple(found)


def json_lines(path: Path, display: str) -> Iterator[tuple[int, str | Event]]:
    """(line, text) for each non-blank line of a JSON-lines file (the default reader)."""
    with path.open(encoding="utf-8-sig", newline=None) as stream:
        for number, text in enumerate(stream, start=1):
            if text.strip():
                yield number, text.strip()


def read(task: tuple[int, Source], reader: Reader, parts: int, *, ids: bool = True) -> Buckets:
    """The records of one file, put in the bucket of their partition (one Dask task a file);
    with `ids`, the ids too, for the check that two employees' events do not share one."""
    index, source = task
    pieces = tuple(Piece(index) for _ in range(parts))
    by_id = tuple(IdPiece(index) for _ in range(parts))
    with collector.paused():
        for line, item in reader(Path(source.path), source.display):
            employee, ident, tag, text = _row(item, line, source.display)
            piece = pieces[bucket(employee, parts)]
            piece.lines.append(line)
            piece.texts.append(text)
            if ident is not None and ids:
                found = by_id[bucket(ident, parts)]
                found.ids.append(ident)
                found.employees.append(employee)
                found.tags.append(tag)
                found.lines.append(line)
    return Buckets(pieces, by_id)


def _row(item: str | Event, line: int, display: str) -> tuple[str, str | None, str | None, str]:
    """(employee, id, type tag, JSON text) of a record."""
    if isinstance(item, Event):
        text = item.model_dump_json()
        tag = str(type(item).model_fields["type"].default)
        return (item.employee_id, item.id, tag, text)
    try:
        # pydantic's parser, as validation's: it refuses what validation refuses (a lone
        # surrogate "\\ud800", nesting past its limit) where json.loads would pass it on or
        # recurse out of stack.
        data = from_json(item)
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("employee_id"), str):
        # Not an object with an employee: validation says what is wrong, as it would alone.
        event = to_event(item, line=line, source=display)
        return (*_row(event, line, display)[:3], item)
    ident = data.get("id")
    kind = data.get("type")
    employee: str = data["employee_id"]
    return (
        employee,
        ident if isinstance(ident, str) else None,
        kind if isinstance(kind, str) else None,
        item,
    )

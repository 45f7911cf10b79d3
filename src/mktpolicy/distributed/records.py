"""Event files as rows keyed by employee: what is shuffled between Dask workers.

A row keeps the event's JSON text and where it was read (file index, line), so the worker that
evaluates it validates it with the same `to_event` as a single process, and a bad event names
its file and line. Reading only parses the JSON to find the employee and the id (validation
happens once, after the shuffle); a line whose employee cannot be found is validated on the
spot, so its EventError is the one a single process raises.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic_core import from_json

from mktpolicy.errors import EventError
from mktpolicy.events.base import Event
from mktpolicy.events.reader import to_event

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("employee", "id", "type", "file", "line", "text")
"""A record: the employee (the shuffle key), the event's id and type tag (for the id check),
the index of the file it was read from, its line there, and its JSON text."""

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


def empty() -> pd.DataFrame:
    """A frame of no records, with the columns and dtypes every partition has."""
    import pandas as pd

    return pd.DataFrame(
        {
            name: pd.Series([], dtype="int64" if name in ("file", "line") else object)
            for name in COLUMNS
        }
    )


def read(task: tuple[int, Source], reader: Reader) -> pd.DataFrame:
    """The records of one file (one Dask partition)."""
    import pandas as pd

    index, source = task
    rows = [
        _row(item, index, line, source.display)
        for line, item in reader(Path(source.path), source.display)
    ]
    if not rows:
        return empty()
    return pd.DataFrame.from_records(rows, columns=list(COLUMNS)).astype(
        {"file": "int64", "line": "int64"}
    )


def _row(
    item: str | Event, index: int, line: int, display: str
) -> tuple[str, str | None, str | None, int, int, str]:
    if isinstance(item, Event):
        text = item.model_dump_json()
        tag = str(type(item).model_fields["type"].default)
        return (item.employee_id, item.id, tag, index, line, text)
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
        return (*_row(event, index, line, display)[:5], item)
    ident = data.get("id")
    kind = data.get("type")
    employee: str = data["employee_id"]
    return (
        employee,
        ident if isinstance(ident, str) else None,
        kind if isinstance(kind, str) else None,
        index,
        line,
        item,
    )

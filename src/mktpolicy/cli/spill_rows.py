"""One row of a spill file: fields that may hold any string, then a JSON payload.

Each field is written as a JSON string with ASCII escapes, so a field never holds the tab that
separates fields, a line break that ends the row, or a character UTF-8 cannot write (a lone
surrogate); the payload is one line of JSON text (JSON escapes the line breaks in its strings).
A row read back gives exactly what was written:

>>> row = encode(["E\\t1", "a\\nb"], '{"n": 1}')
>>> row
'"E\\\\t1"\\t"a\\\\nb"\\t{"n": 1}\\n'
>>> decode(row, 2)
(['E\\t1', 'a\\nb'], '{"n": 1}')

Spill files are opened with `newline="\\n"` (see `open_rows`): a stray carriage return in a
payload is then data, not the end of a row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Literal

_field = json.JSONEncoder(ensure_ascii=True).encode
_read_field = json.JSONDecoder().decode


def encode(fields: Sequence[str], payload: str = "") -> str:
    """The row of `fields` and `payload` (which must hold no line break), newline included."""
    if "\n" in payload or "\r" in payload:
        raise ValueError("a spill payload is one line of JSON text")
    return "\t".join([*(_field(f) for f in fields), payload]) + "\n"


def decode(row: str, count: int) -> tuple[list[str], str]:
    """The `count` fields and the payload of a row written by `encode`."""
    parts = row.removesuffix("\n").split("\t", count)
    if len(parts) != count + 1:
        raise ValueError(f"a spill row of {count} fields has {len(parts) - 1}")
    return [_field_of(part) for part in parts[:count]], parts[count]


def _field_of(part: str) -> str:
    # Without a backslash, the JSON string is its text between the quotes (the common case:
    # three times faster than decoding it).
    if "\\" in part:
        return str(_read_field(part))
    return part[1:-1]


def open_rows(path: Path, mode: Literal["r", "w"], buffering: int = -1) -> IO[str]:
    """A spill file, as text whose rows end at "\\n" and nowhere else."""
    return path.open(mode, encoding="utf-8", newline="\n", buffering=buffering)

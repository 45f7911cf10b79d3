"""Key/value pairs read back sorted by key, held in memory only up to a limit: past it, sorted
runs go to temporary files and are merged when read. For the parts of a report that come
after every verdict and grow with them (the JSON report's `locations`)."""

from __future__ import annotations

import heapq
import json
import tempfile
from collections.abc import Iterator
from typing import IO, Any

PAIRS_IN_MEMORY = 20_000


class SortedSpill:
    """The first value given for each key, iterated in key order (as `sorted(dict)` would).

    >>> pairs = SortedSpill(limit=2)
    >>> for key, value in [("b", 1), ("a", 2), ("b", 3), ("c", 4)]:
    ...     pairs.add(key, value)
    >>> list(pairs)
    [('a', 2), ('b', 1), ('c', 4)]
    >>> pairs.close()
    """

    def __init__(self, limit: int | None = None) -> None:
        limit = PAIRS_IN_MEMORY if limit is None else limit
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        self.limit = limit
        self._pending: dict[str, Any] = {}
        self._runs: list[IO[str]] = []

    def __contains__(self, key: str) -> bool:
        """Whether `key` was given since the last spill (a cheap filter, not the whole truth)."""
        return key in self._pending

    def add(self, key: str, value: Any) -> None:
        """Keep `value` for `key` unless a value was given for it first; `value` is JSON."""
        self._pending.setdefault(key, value)
        if len(self._pending) >= self.limit:
            self._spill()

    def _spill(self) -> None:
        # Open until close(): read back when the pairs are iterated.
        run = tempfile.TemporaryFile(  # noqa: SIM115
            "w+", encoding="utf-8", prefix="mktpolicy-sorted-"
        )
        for key in sorted(self._pending):
            run.write(json.dumps([key, self._pending[key]], ensure_ascii=False) + "\n")
        run.seek(0)
        self._runs.append(run)
        self._pending = {}

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """Every key once, in order, with its first value."""
        for run in self._runs:
            run.seek(0)
        memory = ((key, self._pending[key]) for key in sorted(self._pending))
        # heapq.merge is stable: on equal keys the earlier run, so the first value, comes first.
        merged = heapq.merge(*(_read(run) for run in self._runs), memory, key=lambda p: p[0])
        last: str | None = None
        for key, value in merged:
            if key != last:
                yield key, value
                last = key

    def close(self) -> None:
        for run in self._runs:
            run.close()
        self._runs = []
        self._pending = {}


def _read(run: IO[str]) -> Iterator[tuple[str, Any]]:
    for line in run:
        key, value = json.loads(line)
        yield key, value

"""The verdicts of a streamed check, kept on disk: each bucket's sorted verdicts in a file, merged
in report order when iterated, so a report of a year of verdicts is written, not held."""

from __future__ import annotations

import datetime as dt
import heapq
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO

from mktpolicy.cli.inputs import Origin
from mktpolicy.events.base import Event
from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.model import Verdict


class VerdictSpill:
    """Writes each bucket's verdicts, sorted, with where their events were read; counts them."""

    def __init__(self, root: Path, files: Sequence[tuple[str, str]]) -> None:
        self.root = root
        self.files = files  # (uri, display) by file index
        self.paths: list[Path] = []
        self.by_outcome: Counter[Outcome] = Counter()
        self.fines = Decimal(0)
        self.compensation = Decimal(0)
        self._index = {file: i for i, file in enumerate(files)}
        self._pending: list[tuple[tuple[str, dt.date, str, tuple[str, ...]], str]] = []

    def add(self, verdicts: list[Verdict], history: list[tuple[Event, Origin]]) -> None:
        """One employee's verdicts, with their events and where each was read."""
        where = {event.ref: origin for event, origin in history}
        for verdict in verdicts:
            # Every event its explanation's steps cite is among `events`.
            refs = {r: self._at(where[r]) for r in verdict.events if r in where}
            origins = json.dumps(refs, ensure_ascii=False)
            self._pending.append((verdict.sort_key(), f"{origins}\t{verdict.model_dump_json()}\n"))
            self._count(verdict)

    def flush(self) -> None:
        """Write the verdicts added since the last flush to a file of their own, sorted."""
        path = self.root / f"v{len(self.paths)}"
        self.paths.append(path)
        self._pending.sort(key=lambda pair: pair[0])  # stable: ties keep the order given
        with path.open("w", encoding="utf-8") as stream:
            stream.writelines(line for _, line in self._pending)
        self._pending = []

    def _at(self, origin: Origin) -> tuple[int, int]:
        return self._index[(origin.uri, origin.display)], origin.line

    def _count(self, verdict: Verdict) -> None:
        self.by_outcome[verdict.outcome] += 1
        self.fines += verdict.fine or Decimal(0)
        if verdict.compensation is not None:
            self.compensation += verdict.compensation.amount


_Spilled = tuple[Verdict, dict[str, list[int]]]
"""A verdict read back, with where its events were read, by ref."""


class SpilledVerdicts:
    """All verdicts in report order, read back on each iteration. While a verdict is being
    yielded, `by_ref` holds where its events were read (the reporters look them up there
    while they write it), and nothing else: memory stays flat."""

    def __init__(self, spill: VerdictSpill) -> None:
        self.spill = spill
        self.by_ref: dict[str, Origin] = {}

    def __len__(self) -> int:
        return sum(self.spill.by_outcome.values())

    def __contains__(self, item: object) -> bool:
        return any(verdict == item for verdict in self)

    def __iter__(self) -> Iterator[Verdict]:
        streams = [path.open(encoding="utf-8") for path in self.spill.paths]
        try:
            merged = heapq.merge(*(self._read(s) for s in streams), key=lambda pair: pair[0])
            for _, (verdict, refs) in merged:
                self.by_ref.clear()
                for ref, place in refs.items():
                    self.by_ref[ref] = self._origin(place)
                yield verdict
        finally:
            for stream in streams:
                stream.close()

    def _origin(self, place: list[int]) -> Origin:
        uri, display = self.spill.files[place[0]]
        return Origin(uri, display, place[1])

    @staticmethod
    def _read(
        stream: IO[str],
    ) -> Iterator[tuple[tuple[object, ...], _Spilled]]:
        for line in stream:
            origins, text = line.split("\t", 1)
            verdict = Verdict.model_validate_json(text)
            yield verdict.sort_key(), (verdict, json.loads(origins))

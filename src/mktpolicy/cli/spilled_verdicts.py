"""The verdicts of a streamed check, kept on disk: each bucket's sorted verdicts in a file, merged
in report order when iterated, so a report of a year of verdicts is written, not held."""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO

from mktpolicy.cli.inputs import Origin
from mktpolicy.events.base import Event
from mktpolicy.spec.models import Outcome
from mktpolicy.verdicts.from_firings import describe_fact
from mktpolicy.verdicts.model import Verdict


class VerdictSpill:
    """Writes a bucket's verdicts, each with where its events were read; counts as it goes."""

    def __init__(self, root: Path, files: Sequence[tuple[str, str]]) -> None:
        self.root = root
        self.files = files  # (uri, display) by file index
        self.paths: list[Path] = []
        self.count = 0
        self.violations = 0
        self.warnings = 0
        self.fines = Decimal(0)
        self.outcomes: set[Outcome] = set()

    def write(self, verdicts: list[Verdict], history: dict[int, tuple[Event, Origin]]) -> None:
        """One bucket's verdicts (any order), with `history` by id(event): event and origin."""
        verdicts.sort(key=Verdict.sort_key)
        where = {event.ref: origin for event, origin in history.values()}
        described = {describe_fact(event): origin for event, origin in history.values()}
        index = {file: i for i, file in enumerate(self.files)}
        path = self.root / f"v{len(self.paths)}"
        self.paths.append(path)
        with path.open("w", encoding="utf-8") as stream:
            for verdict in verdicts:
                refs = {r: _at(where[r], index) for r in verdict.events if r in where}
                matched = {d for step in verdict.explanation.steps for d in step.matched}
                descriptions = {d: _at(described[d], index) for d in matched if d in described}
                origins = json.dumps([refs, descriptions], ensure_ascii=False)
                stream.write(f"{origins}\t{verdict.model_dump_json()}\n")
                self._count(verdict)

    def _count(self, verdict: Verdict) -> None:
        self.count += 1
        self.outcomes.add(verdict.outcome)
        self.violations += verdict.outcome is Outcome.VIOLATION
        self.warnings += verdict.outcome is Outcome.WARNING
        self.fines += verdict.fine or Decimal(0)


def _at(origin: Origin, index: dict[tuple[str, str], int]) -> tuple[int, int]:
    return index[(origin.uri, origin.display)], origin.line


_Spilled = tuple[Verdict, dict[str, list[int]], dict[str, list[int]]]
"""A verdict read back, with where its events (by ref) and matched facts were read."""


class SpilledVerdicts:
    """All verdicts in report order, read back on each iteration. While a verdict is being
    yielded, `by_ref` and `by_description` hold where its events were read (the reporters
    look them up there while they write it), and nothing else: memory stays flat."""

    def __init__(self, spill: VerdictSpill) -> None:
        self.spill = spill
        self.by_ref: dict[str, Origin] = {}
        self.by_description: dict[str, Origin] = {}

    def __len__(self) -> int:
        return self.spill.count

    def __contains__(self, item: object) -> bool:
        return any(verdict == item for verdict in self)

    def __iter__(self) -> Iterator[Verdict]:
        streams = [path.open(encoding="utf-8") for path in self.spill.paths]
        try:
            merged = heapq.merge(*(self._read(s) for s in streams), key=lambda pair: pair[0])
            for _, (verdict, refs, descriptions) in merged:
                self.by_ref.clear()
                self.by_description.clear()
                for ref, place in refs.items():
                    self.by_ref[ref] = self._origin(place)
                for description, place in descriptions.items():
                    self.by_description[description] = self._origin(place)
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
    ) -> Iterator[
        tuple[tuple[object, ...], tuple[Verdict, dict[str, list[int]], dict[str, list[int]]]]
    ]:
        for line in stream:
            origins, text = line.split("\t", 1)
            verdict = Verdict.model_validate_json(text)
            refs, descriptions = json.loads(origins)
            yield verdict.sort_key(), (verdict, refs, descriptions)

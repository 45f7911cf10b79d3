"""What a Dask worker does with one partition of records: validate, evaluate, report.

After the shuffle every employee's records are in one partition, so `Policy.evaluate` on the
partition is the single-process evaluation of those employees: the same validation, the same
ledger (an identical re-delivery dropped, two different events with one id rejected), the same
fixpoint. Records are put back in read order (file, then line) first, so "the first" of two
events means what it means in one process.

The one check a partition cannot make is an id shared by two employees, whose events sit in
different partitions: `conflicts` finds those among the ids bucketed by id while reading, and
`raise_conflicts` raises the DuplicateEventError a single process would.

Evaluation runs with the cyclic collector paused (`collector.paused`): its scans of the
worker's long-lived heap cost a third of a worker's CPU and free nothing a task leaves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mktpolicy.display import printable, shown
from mktpolicy.distributed import collector
from mktpolicy.errors import DuplicateEventError
from mktpolicy.events.base import Event
from mktpolicy.events.reader import to_event
from mktpolicy.events.registry import model_for_type
from mktpolicy.policy import Policy
from mktpolicy.verdicts.model import Verdict

if TYPE_CHECKING:
    import pandas as pd

    from mktpolicy.distributed.records import IdPiece, IdRecord, Piece, Source
    from mktpolicy.distributed.shipping import Shipped

Place = tuple[int, int]
"""(file index, line): where a record was read; ordered as a single process reads."""


def events_of(pieces: Sequence[Piece], sources: Sequence[Source]) -> list[tuple[Place, Event]]:
    """The partition's events (its piece from every file) in read order, each validated as a
    single process does."""
    found = []
    for piece in sorted(pieces, key=lambda p: p.file):
        index, display = piece.file, sources[piece.file].display
        for line, text in sorted(zip(piece.lines, piece.texts, strict=True), key=_first):
            found.append(((index, line), to_event(text, line=line, source=display)))
    return found


def _first(pair: tuple[int, str]) -> int:
    return pair[0]


def verdict_frame(
    pieces: Sequence[Piece],
    policy: Shipped,
    sources: Sequence[Source],
    gate: object = None,
) -> pd.DataFrame:
    """The partition's verdicts as `mktpolicy.whatif.frame` rows. `gate` is the id check: a
    dependency only, so that no partition is evaluated before it has passed."""
    from mktpolicy.whatif.frames import frame

    with collector.paused():
        events = [event for _, event in events_of(pieces, sources)]
        return frame(policy.policy().evaluate(events))


@dataclass
class PartitionReport:
    """What the CLI needs from a partition: its verdicts, how many events it read, where the
    events its verdicts rest on were read, and the names of each employee's event types (what a
    JUnit report lists applicable rules from; names, not events, as they cost nothing to send)."""

    verdicts: list[Verdict] = field(default_factory=list)
    events: int = 0
    by_ref: dict[str, Place] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    clashes: list[IdRecord] = field(default_factory=list)
    """The records of ids in this task's id bucket that more than one employee's events carry
    (see `conflicts`): the client raises for the first in read order."""


def report(
    parts: Sequence[tuple[Piece, IdPiece]], policy: Shipped, sources: Sequence[Source]
) -> PartitionReport:
    """The partition's verdicts with what the reporters need to show them, and the clashes in
    its id bucket (each part is a file's records for the partition and ids for the bucket)."""
    with collector.paused():
        result = _report([records for records, _ in parts], policy.policy(), sources)
        result.clashes = conflicts([ids for _, ids in parts])
        return result


def _report(pieces: Sequence[Piece], policy: Policy, sources: Sequence[Source]) -> PartitionReport:
    placed = events_of(pieces, sources)
    verdicts = policy.evaluate([event for _, event in placed])
    refs = {ref for v in verdicts for ref in v.events}  # every ref their explanations cite too
    result = PartitionReport(verdicts=verdicts, events=len(placed))
    for where, event in placed:
        if (ref := event.ref) in refs:
            result.by_ref.setdefault(ref, where)
        result.types.setdefault(event.employee_id, set()).add(type(event).__name__)
    return result


def conflicts(pieces: Sequence[IdPiece]) -> list[IdRecord]:
    """Among the ids of one id bucket (from every file): the records of ids that more than one
    employee's events carry."""
    first: dict[str, str] = {}
    shared: set[str] = set()
    for piece in pieces:
        for ident, employee in zip(piece.ids, piece.employees, strict=True):
            if first.setdefault(ident, employee) != employee:
                shared.add(ident)
    if not shared:
        return []
    return [r for piece in pieces for r in piece.records() if r[0] in shared]


def raise_conflicts(parts: Sequence[Sequence[IdRecord]]) -> None:
    """DuplicateEventError for the id whose clash comes first in read order: the record where
    a second employee's event carries an id already seen, as a single process meets it."""
    rows = sorted((row for part in parts for row in part), key=lambda r: r[3:])
    first: dict[str, IdRecord] = {}
    for row in rows:
        ident, employee, tag, *_ = row
        seen = first.setdefault(ident, row)
        if seen[1] != employee:
            raise DuplicateEventError(
                f"two different events have id {shown(ident)}: "
                f"{_model_name(seen[2])} for {printable(seen[1])} and "
                f"{_model_name(tag)} for {printable(employee)}"
            )


def _model_name(tag: object) -> str:
    model = model_for_type(str(tag))
    return model.__name__ if model is not None else str(tag)

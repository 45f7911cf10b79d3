"""What a Dask worker does with one partition of records: validate, evaluate, report.

After the shuffle every employee's records are in one partition, so `Policy.evaluate` on the
partition is the single-process evaluation of those employees: the same validation, the same
ledger (an identical re-delivery dropped, two different events with one id rejected), the same
fixpoint. Records are put back in read order (file, then line) first, so "the first" of two
events means what it means in one process.

The one check a partition cannot make is an id shared by two employees, whose events sit in
different partitions: `conflicts` finds those after a shuffle by id, and `raise_conflicts`
raises the DuplicateEventError a single process would.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mktpolicy.display import printable, shown
from mktpolicy.distributed import collector
from mktpolicy.errors import DuplicateEventError
from mktpolicy.events.base import Event
from mktpolicy.events.reader import to_event
from mktpolicy.events.registry import BY_TYPE
from mktpolicy.policy import Policy
from mktpolicy.verdicts.from_firings import describe_fact
from mktpolicy.verdicts.model import Verdict

if TYPE_CHECKING:
    import pandas as pd

    from mktpolicy.distributed.records import Source

Place = tuple[int, int]
"""(file index, line): where a record was read; ordered as a single process reads."""


def events_of(records: pd.DataFrame, sources: Sequence[Source]) -> list[tuple[Place, Event]]:
    """The partition's events in read order, each validated as a single process does."""
    ordered = records.sort_values(["file", "line"], kind="stable")
    found = []
    columns = (ordered["file"].tolist(), ordered["line"].tolist(), ordered["text"].tolist())
    for index, line, text in zip(*columns, strict=True):
        where = (int(index), int(line))
        found.append((where, to_event(str(text), line=where[1], source=sources[where[0]].display)))
    return found


def verdict_frame(
    records: pd.DataFrame, policy: Policy, sources: Sequence[Source], gate: object = None
) -> pd.DataFrame:
    """The partition's verdicts as `mktpolicy.whatif.frame` rows. `gate` is the id check: a
    dependency only, so that no partition is evaluated before it has passed."""
    from mktpolicy.whatif.frames import frame

    with collector.paused():
        events = [event for _, event in events_of(records, sources)]
        return frame(policy.evaluate(events))


@dataclass
class PartitionReport:
    """What the CLI needs from a partition: its verdicts, how many events it read, where the
    events its verdicts rest on were read, and one event per employee and type (what a JUnit
    report lists applicable rules from)."""

    verdicts: list[Verdict] = field(default_factory=list)
    events: int = 0
    by_ref: dict[str, Place] = field(default_factory=dict)
    by_description: dict[str, Place] = field(default_factory=dict)
    samples: list[tuple[Place, Event]] = field(default_factory=list)


def report(
    records: pd.DataFrame, policy: Policy, sources: Sequence[Source], gate: object = None
) -> PartitionReport:
    """The partition's verdicts with what the reporters need to show them (see `verdict_frame`
    for `gate`). The cyclic collector is paused meanwhile: see `collector`."""
    with collector.paused():
        return _report(records, policy, sources)


def _report(records: pd.DataFrame, policy: Policy, sources: Sequence[Source]) -> PartitionReport:
    placed = events_of(records, sources)
    verdicts = policy.evaluate([event for _, event in placed])
    refs = {ref for v in verdicts for ref in v.events}
    descriptions = {d for v in verdicts for step in v.explanation.steps for d in step.matched}
    result = PartitionReport(verdicts=verdicts, events=len(placed))
    kinds: set[tuple[str, type[Event]]] = set()
    for where, event in placed:
        if event.ref in refs:
            result.by_ref.setdefault(event.ref, where)
        description = describe_fact(event)
        if description in descriptions:
            result.by_description.setdefault(description, where)
        if (event.employee_id, type(event)) not in kinds:
            kinds.add((event.employee_id, type(event)))
            result.samples.append((where, event))
    return result


def conflicts(ids: pd.DataFrame) -> pd.DataFrame:
    """After a shuffle by id: the records of ids that more than one employee's events carry."""
    known = ids.dropna(subset=["id"])
    employees = known.groupby("id")["employee"].transform("nunique")
    return known[employees > 1]


def raise_conflicts(parts: Sequence[pd.DataFrame]) -> None:
    """DuplicateEventError for the id whose clash comes first in read order: the record where
    a second employee's event carries an id already seen, as a single process meets it."""
    rows: list[dict[Hashable, Any]] = [row for part in parts for row in part.to_dict("records")]
    rows.sort(key=lambda r: (int(r["file"]), int(r["line"])))
    first: dict[str, dict[Hashable, Any]] = {}
    for row in rows:
        seen = first.setdefault(str(row["id"]), row)
        if seen["employee"] != row["employee"]:
            raise DuplicateEventError(
                f"two different events have id {shown(row['id'])}: "
                f"{_model_name(seen['type'])} for {printable(seen['employee'])} and "
                f"{_model_name(row['type'])} for {printable(row['employee'])}"
            )


def _model_name(tag: object) -> str:
    model = BY_TYPE.get(str(tag))
    return model.__name__ if model is not None else str(tag)

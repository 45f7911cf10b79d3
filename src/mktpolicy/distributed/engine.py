"""The Dask graph: read files in parallel, bucketed by employee; evaluate each partition.

```
files ─read (one task per file)─▶ bucket k of every file: records by employee, ids by id
      ─▶ evaluate partition k, and find the ids in id bucket k that two employees carry
      ─▶ the client: DuplicateEventError for the first clash in read order, else the verdicts
```

Every fact a rule matches belongs to one employee, so once all of an employee's records are in
one partition, evaluating partitions separately is the single-process evaluation, split.
Reading puts each record straight into its partition's bucket (a hash of the employee), so
the records cross between workers once, in pickled columns, with no DataFrame and no shuffle
stage of their own; the ids are bucketed in the same pass for the check no partition can make
(an id carried by two employees' events), and checked by the task that evaluates (for
`verdicts_dask`) or by tasks of their own that every partition waits for (`evaluate_dask`,
whose partitions are frames).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mktpolicy.distributed import collector, partition
from mktpolicy.distributed.records import (
    Buckets,
    IdPiece,
    Piece,
    Reader,
    Source,
    expand,
    json_lines,
    read,
)
from mktpolicy.distributed.shipping import ship
from mktpolicy.policy import Policy, load
from mktpolicy.verdicts.model import Verdict
from mktpolicy.whatif.errors import MissingExtraError

if TYPE_CHECKING:
    import dask.dataframe as dd
    from dask.delayed import Delayed
    from distributed import Client

INSTALL_HINT = "pip install 'mktpolicy[dask]'"

PolicySource = Policy | str | Path | None
"""A compiled policy, a rulebook directory to load, or None for the bundled rulebook."""

EventFiles = str | Path | Sequence[str | Path]
"""A JSON-lines file, a glob (`events/*.jsonl`), or a list of either."""


def require_dask() -> None:
    """MissingExtraError (an ImportError too) when Dask is not installed, saying what to do."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError(
            f"the Dask engine needs dask[dataframe,distributed], which is not installed: "
            f"{INSTALL_HINT}"
        ) from exc


@dataclass(frozen=True)
class _Graph:
    reads: list[Delayed]
    """One task a file: its records and ids in the bucket of their partition (`Buckets`)."""
    count: int
    policy: Delayed
    sources: tuple[Source, ...]
    check_ids: bool

    def records(self, k: int) -> list[Delayed]:
        """Partition k's records, a piece from every file."""
        return [_pick(_records)(r, k) for r in self.reads]

    def both(self, k: int) -> list[Delayed]:
        """Partition k's records, and the ids of id bucket k, a pair from every file: one
        transfer for both, as `verdicts_dask` checks ids where it evaluates."""
        return [_pick(_both)(r, k) for r in self.reads]

    def gate(self) -> Delayed | None:
        """A task that raises DuplicateEventError, or returns, once every id bucket is checked:
        for `evaluate_dask`, whose partitions are frames with no room for clashes."""
        if not self.check_ids:
            return None
        import dask

        parts = [[_pick(_ids)(r, k) for r in self.reads] for k in range(self.count)]
        clashes = [_pick(partition.conflicts)(part) for part in parts]
        return dask.delayed(partition.raise_conflicts)(clashes)


@dataclass(frozen=True)
class _Options:
    npartitions: int | None
    reader: Reader
    check_ids: bool


def _pick(function: Callable[..., Any]) -> Any:
    import dask

    return dask.delayed(function, pure=True)


def _records(buckets: Buckets, k: int) -> Piece:
    return buckets.by_employee[k]


def _ids(buckets: Buckets, k: int) -> IdPiece:
    return buckets.by_id[k]


def _both(buckets: Buckets, k: int) -> tuple[Piece, IdPiece]:
    return buckets.by_employee[k], buckets.by_id[k]


def _graph(policy: PolicySource, events: EventFiles, options: _Options) -> _Graph:
    require_dask()
    import dask

    compiled = policy if isinstance(policy, Policy) else load(policy)
    sources = expand(events)
    count = options.npartitions or len(sources)
    reads = [
        dask.delayed(read)((index, source), options.reader, count, ids=options.check_ids)
        for index, source in enumerate(sources)
    ]
    return _Graph(reads, count, ship(compiled), sources, options.check_ids)


def evaluate_dask(
    policy: PolicySource,
    events: EventFiles,
    *,
    npartitions: int | None = None,
    reader: Reader = json_lines,
    check_ids: bool = True,
) -> dd.DataFrame:
    """The verdicts on `events` as a Dask DataFrame with the columns of `mktpolicy.whatif.frame`.

    Lazy, like any Dask collection: reading, validation and evaluation happen on `.compute()`
    (on the default `distributed.Client`, if one exists), and a bad event raises EventError,
    naming its file and line, then. `npartitions` (default: one per file) is how many
    partitions employees are bucketed into. `check_ids=False` skips the one check that needs
    the ids of every partition: an id carried by two employees' events (DuplicateEventError).

    >>> frame = evaluate_dask(None, "events/*.jsonl")   # doctest: +SKIP
    >>> frame.groupby("rule").fine.sum().compute()      # doctest: +SKIP
    """
    graph = _graph(policy, events, _Options(npartitions, reader, check_ids))
    import dask
    import dask.dataframe as dd

    from mktpolicy.whatif.frames import frame

    gate = graph.gate()
    parts = [
        dask.delayed(partition.verdict_frame)(graph.records(k), graph.policy, graph.sources, gate)
        for k in range(graph.count)
    ]
    # Not converted to Arrow strings: the frame keeps `whatif.frame`'s dtypes, as in one process.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_delayed(parts, meta=frame([]), verify_meta=False)


@dataclass(frozen=True)
class DistributedRun:
    """Verdicts gathered from the workers, sorted as `Policy.evaluate` sorts them, with how many
    events were read, where (`sources`, and `(file index, line)` by the event ref verdicts and
    their explanations cite) the events the verdicts rest on were read, and the names of each
    employee's event types."""

    verdicts: list[Verdict]
    events: int
    sources: tuple[Source, ...]
    by_ref: dict[str, partition.Place]
    employee_types: dict[str, frozenset[str]]


def verdicts_dask(
    policy: PolicySource,
    events: EventFiles,
    *,
    client: Client | None = None,
    npartitions: int | None = None,
    reader: Reader = json_lines,
    check_ids: bool = True,
) -> DistributedRun:
    """Evaluate on Dask and bring the verdicts back as `Verdict` objects (for reports that need
    citations and explanations, which a DataFrame row does not hold); see `evaluate_dask`."""
    graph = _graph(policy, events, _Options(npartitions, reader, check_ids))
    import dask

    tasks = [
        dask.delayed(partition.report)(graph.both(k), graph.policy, graph.sources)
        for k in range(graph.count)
    ]
    reports: Sequence[partition.PartitionReport]
    # Paused while the reports are unpickled here (three quarters of the client's time in it).
    with collector.paused():
        if client is not None:
            reports = client.gather(client.compute(tasks))
        else:
            reports = dask.compute(*tasks)
        return _merge(reports, graph.sources)


def _merge(
    reports: Sequence[partition.PartitionReport], sources: tuple[Source, ...]
) -> DistributedRun:
    partition.raise_conflicts([r.clashes for r in reports])
    verdicts = sorted((v for r in reports for v in r.verdicts), key=Verdict.sort_key)
    by_ref: dict[str, partition.Place] = {}
    for r in reports:
        for key, place in r.by_ref.items():
            by_ref[key] = min(place, by_ref.get(key, place))
    types: dict[str, set[str]] = {}
    for r in reports:
        for employee, names in r.types.items():
            types.setdefault(employee, set()).update(names)
    return DistributedRun(
        verdicts=verdicts,
        events=sum(r.events for r in reports),
        sources=sources,
        by_ref=by_ref,
        employee_types={employee: frozenset(names) for employee, names in types.items()},
    )

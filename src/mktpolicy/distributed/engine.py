"""The Dask graph: read files in parallel, shuffle by employee, evaluate each partition.

```
files ─read (one task per file)─▶ records ─shuffle by employee─▶ partitions ─evaluate─▶ verdicts
                                     └─ids─shuffle by id─▶ clashes ─▶ gate (raises, or lets run)
```

Every fact a rule matches belongs to one employee, so once all of an employee's records are in
one partition, evaluating partitions separately is the single-process evaluation, split.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mktpolicy.distributed import partition
from mktpolicy.distributed.records import Reader, Source, empty, expand, json_lines, read
from mktpolicy.distributed.shipping import ship
from mktpolicy.events.base import Event
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
    by_employee: dd.DataFrame
    policy: Delayed
    gate: Delayed | None
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class _Options:
    npartitions: int | None
    reader: Reader
    check_ids: bool
    shuffle_method: str | None


def _graph(policy: PolicySource, events: EventFiles, options: _Options) -> _Graph:
    require_dask()
    import dask
    import dask.dataframe as dd

    compiled = policy if isinstance(policy, Policy) else load(policy)
    sources = expand(events)
    records = dd.from_map(
        functools.partial(read, reader=options.reader),
        list(enumerate(sources)),
        meta=empty(),
        enforce_metadata=False,
    )
    count = options.npartitions or records.npartitions
    method = options.shuffle_method
    by_employee = records.shuffle("employee", npartitions=count, method=method)
    gate = None
    if options.check_ids:
        ids = records[["employee", "id", "type", "file", "line"]].dropna(subset=["id"])
        clashes = ids.shuffle("id", npartitions=count, method=method).map_partitions(
            partition.conflicts, meta=ids._meta
        )
        # Unoptimised, so its reading tasks keep the names the evaluation's have: one read.
        parts = clashes.to_delayed(optimize_graph=False)
        gate = dask.delayed(partition.raise_conflicts)(parts)
    return _Graph(by_employee, ship(compiled), gate, sources)


def evaluate_dask(
    policy: PolicySource,
    events: EventFiles,
    *,
    npartitions: int | None = None,
    reader: Reader = json_lines,
    check_ids: bool = True,
    shuffle_method: str | None = None,
) -> dd.DataFrame:
    """The verdicts on `events` as a Dask DataFrame with the columns of `mktpolicy.whatif.frame`.

    Lazy, like any Dask collection: reading, validation and evaluation happen on `.compute()`
    (on the default `distributed.Client`, if one exists), and a bad event raises EventError,
    naming its file and line, then. `npartitions` (default: one per file) is how many
    partitions employees are shuffled into. `check_ids=False` skips the one check that needs
    a second shuffle: an id carried by two employees' events (DuplicateEventError).

    >>> frame = evaluate_dask(None, "events/*.jsonl")   # doctest: +SKIP
    >>> frame.groupby("rule").fine.sum().compute()      # doctest: +SKIP
    """
    graph = _graph(policy, events, _Options(npartitions, reader, check_ids, shuffle_method))
    from mktpolicy.whatif.frames import frame

    return graph.by_employee.map_partitions(
        partition.verdict_frame, graph.policy, graph.sources, graph.gate, meta=frame([])
    )


@dataclass(frozen=True)
class DistributedRun:
    """Verdicts gathered from the workers, sorted as `Policy.evaluate` sorts them, with how many
    events were read and where (`sources`, and `(file index, line)` by event ref and by the
    description explanations use) the events the verdicts rest on were read."""

    verdicts: list[Verdict]
    events: int
    sources: tuple[Source, ...]
    by_ref: dict[str, partition.Place]
    by_description: dict[str, partition.Place]
    samples: list[Event]
    """One event per employee and event type, in read order."""


def verdicts_dask(
    policy: PolicySource,
    events: EventFiles,
    *,
    client: Client | None = None,
    npartitions: int | None = None,
    reader: Reader = json_lines,
    check_ids: bool = True,
    shuffle_method: str | None = None,
) -> DistributedRun:
    """Evaluate on Dask and bring the verdicts back as `Verdict` objects (for reports that need
    citations and explanations, which a DataFrame row does not hold); see `evaluate_dask`."""
    graph = _graph(policy, events, _Options(npartitions, reader, check_ids, shuffle_method))
    import dask

    tasks = [
        dask.delayed(partition.report)(part, graph.policy, graph.sources, graph.gate)
        for part in graph.by_employee.to_delayed(optimize_graph=False)
    ]
    reports: Sequence[partition.PartitionReport]
    reports = client.gather(client.compute(tasks)) if client is not None else dask.compute(*tasks)
    return _merge(reports, graph.sources)


def _merge(
    reports: Sequence[partition.PartitionReport], sources: tuple[Source, ...]
) -> DistributedRun:
    verdicts = sorted((v for r in reports for v in r.verdicts), key=Verdict.sort_key)
    by_ref: dict[str, partition.Place] = {}
    by_description: dict[str, partition.Place] = {}
    for r in reports:
        for key, place in r.by_ref.items():
            by_ref[key] = min(place, by_ref.get(key, place))
        for key, place in r.by_description.items():
            by_description[key] = min(place, by_description.get(key, place))
    samples = sorted((s for r in reports for s in r.samples), key=lambda s: s[0])
    return DistributedRun(
        verdicts=verdicts,
        events=sum(r.events for r in reports),
        sources=sources,
        by_ref=by_ref,
        by_description=by_description,
        samples=[event for _, event in samples],
    )

"""Batch evaluation on Dask, for event histories that outgrow one process.

`pip install 'mktpolicy[dask]'`; see docs/distributed.md.

>>> from mktpolicy.distributed import evaluate_dask     # doctest: +SKIP
>>> evaluate_dask(None, "events/*.jsonl").compute()    # doctest: +SKIP

Events are read from files in parallel (one task per file), bucketed by employee so each
employee's whole history lands in one partition, and each partition is evaluated with the
policy shipped to the workers: the verdicts are exactly those of `Policy.evaluate`.
"""

from mktpolicy.distributed.engine import (
    INSTALL_HINT,
    DistributedRun,
    EventFiles,
    PolicySource,
    evaluate_dask,
    require_dask,
    verdicts_dask,
)
from mktpolicy.distributed.records import Reader, Source, expand, json_lines

__all__ = [
    "INSTALL_HINT",
    "DistributedRun",
    "EventFiles",
    "PolicySource",
    "Reader",
    "Source",
    "evaluate_dask",
    "expand",
    "json_lines",
    "require_dask",
    "verdicts_dask",
]

"""The local Dask cluster `check --engine dask` starts, on no port fixed in advance.

`dashboard_address=None` does not do what it says in distributed 2026.8: the scheduler's HTTP
server still binds 8787, and when that port is taken it warns ("Port 8787 is already in use")
and, under `-W error`, fails to start. ":0" lets the system pick a free port, and
`dashboard=False` keeps the dashboard itself off.
"""

from __future__ import annotations

import logging
from typing import Any


def local_cluster(workers: int, *, processes: bool = True) -> Any:
    """A LocalCluster of `workers` single-threaded workers that binds only free ports.

    >>> with local_cluster(1, processes=False) as cluster:  # doctest: +SKIP
    ...     ...
    """
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=":0",
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.CRITICAL,
    )

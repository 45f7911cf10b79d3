"""The cyclic garbage collector, paused while a Dask task reads or evaluates.

A worker's heap is long-lived (Dask's state, pandas, the shipped policy) and a task allocates
hundreds of thousands of tracked objects (events, facts, verdicts), so the collector's
generation thresholds trip again and again and each full collection re-scans the whole heap:
about 2.5 of a worker's 7 CPU seconds on 100k events. A task's objects die by reference count
when it returns, so pausing the collector for the task's length and restoring it afterwards
(as `docs/performance.md` advises batch jobs to do) loses nothing but the scans.

The pause is counted, so that tasks running on several threads of one worker (or Dask's
threaded scheduler in the calling process) re-enable the collector only when the last one
ends, and only if it was enabled before the first began.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block (nested and concurrent blocks share one pause)."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()

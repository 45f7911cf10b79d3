"""`--engine dask` with port 8787 taken, and hostile records read by Dask workers.

Before: a LocalCluster made with `dashboard_address=None` still bound 8787, so with the port
taken it warned (an error under `filterwarnings = error`: the whole of test_distributed.py
failed); a record nested 100,000 deep or an id holding an escaped lone surrogate raised
RecursionError / UnicodeEncodeError instead of the EventError a single process gives.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

import mktpolicy
from mktpolicy.cli.engine import read_file
from mktpolicy.distributed import verdicts_dask
from mktpolicy.distributed.cluster import local_cluster
from mktpolicy.errors import EventError

from .cli_in_process import invoke

DASHBOARD_PORT = 8787

# One xdist worker runs this module's tests (pytest -n 2 --dist loadgroup): its cluster starts once.
pytestmark = pytest.mark.xdist_group("dask-robust")


@pytest.fixture(scope="module")
def port_taken() -> Iterator[None]:
    """Port 8787 held by someone else for the whole module (as a running cluster would)."""
    holder = socket.socket()
    try:
        holder.bind(("0.0.0.0", DASHBOARD_PORT))
        holder.listen(1)
    except OSError:  # taken already: the condition under test holds anyway
        pass
    try:
        yield
    finally:
        holder.close()


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_the_check_runs_with_port_8787_taken(port_taken: None, tmp_path: Path) -> None:
    event = {
        "type": "resignation",
        "id": "r1",
        "employee_id": "E1",
        "submitted_on": "2024-03-05",
        "last_day": "2024-03-06",
    }
    path = write(tmp_path / "events.jsonl", [json.dumps(event)])
    result = invoke("check", "--engine", "dask", "--workers", "1", str(path))
    assert result.returncode == 1, result.stderr
    assert "resignation-notice-too-short" in result.stdout
    assert "8787" not in result.stderr


HOSTILE = {
    "deep": '{"type": "resignation", "employee_id": "E1", "x": '
    + "[" * 100_000
    + "]" * 100_000
    + "}",
    "surrogate": '{"type": "resignation", "id": "s1", "employee_id": "E\\ud800", '
    '"submitted_on": "2024-03-05", "last_day": "2024-03-06"}',
}


@pytest.fixture(scope="module")
def client(port_taken: None) -> Iterator[Any]:
    import distributed

    with local_cluster(1, processes=False) as cluster, distributed.Client(cluster) as dask_client:
        yield dask_client


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_records_fail_on_dask_as_in_one_process(client: Any, tmp_path: Path, name: str):
    good = '{"type": "resignation", "employee_id": "E2", "submitted_on": "2024-03-05", '
    good += '"last_day": "2024-03-06"}'
    path = write(tmp_path / f"{name}.jsonl", [good, HOSTILE[name]])
    single = invoke("check", str(path))
    assert single.returncode == 2, single.stderr
    assert f"{path}:2: not valid JSON" in single.stderr
    with pytest.raises(EventError) as caught:
        verdicts_dask(mktpolicy.load(), [path], client=client, reader=read_file)
    assert f"error: {caught.value}\n" in single.stderr


def test_the_collector_is_paused_for_a_block_and_restored_after() -> None:
    import gc

    from mktpolicy.distributed import collector

    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():  # nested (or another thread's task): one pause
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()  # an application's own choice is left alone
    finally:
        gc.enable()


def test_a_partition_is_evaluated_with_the_collector_paused(tmp_path: Path) -> None:
    import gc

    from mktpolicy.distributed import partition
    from mktpolicy.distributed.records import Source, json_lines, read

    class Recording:
        """A shipped policy that evaluates with the bundled policy, noting whether the
        collector was running."""

        def __init__(self) -> None:
            self.inner = mktpolicy.load()
            self.collecting: list[bool] = []

        def policy(self) -> Recording:
            return self

        def evaluate(self, events: list[Any]) -> list[Any]:
            self.collecting.append(gc.isenabled())
            return self.inner.evaluate(events)

    event = '{"type": "resignation", "id": "r1", "employee_id": "E1", '
    event += '"submitted_on": "2024-03-05", "last_day": "2024-03-06"}'
    path = write(tmp_path / "events.jsonl", [event])
    sources = [Source(str(path), str(path))]
    buckets = read((0, sources[0]), json_lines, 1)
    recording = Recording()
    parts = list(zip(buckets.by_employee, buckets.by_id, strict=True))
    found = partition.report(parts, recording, sources)  # type: ignore[arg-type]
    assert [v.rule for v in found.verdicts] == ["resignation-notice-too-short"]
    assert found.types == {"E1": {"Resignation"}}
    assert recording.collecting == [False]
    assert gc.isenabled()


def test_a_shipped_policy_is_unpickled_once_per_process() -> None:
    """Each task gets the shipped bytes (a copy per transfer); all share one Policy."""
    import pickle

    from mktpolicy.distributed.shipping import ship

    shipped = ship(mktpolicy.load()).compute(scheduler="sync")
    copies = [pickle.loads(pickle.dumps(shipped)) for _ in range(3)]
    first = copies[0].policy()
    assert isinstance(first, mktpolicy.Policy)
    assert all(copy.policy() is first for copy in copies)

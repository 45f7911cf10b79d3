"""Events/s of the Dask engine with 1 and 2 workers, beside the single process, on files.

    python bench/dask_scaling.py --employees 1000 --files 8    # about 100,000 events

Writes the seeded population as JSON lines spread over `--files` files (every employee split
across them), then times, from the files to the verdicts in this process: the single-process
engine (`read_inputs` + `Policy.evaluate`, what `mktpolicy check` does) and `verdicts_dask` on a
local cluster of 1 and 2 worker processes (1 thread each; cluster start-up timed apart).
After one warm-up run (workers import mktpolicy and pandas on first use), each time is the
best of `--repeat` runs (the machine is shared: the best is the least disturbed); CPU seconds
are the mean, summed over the workers and this process (client and scheduler). CPU efficiency
is the single process's CPU seconds over the cluster's: 1.0 would mean Dask costs nothing extra.
"""

from __future__ import annotations

import argparse
import logging
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import mktpolicy
from mktpolicy import population
from mktpolicy.cli.inputs import read_inputs
from mktpolicy.distributed import verdicts_dask
from mktpolicy.distributed.shipping import forget

if TYPE_CHECKING:
    from distributed import Client


def best(repeat: int, run: Callable[[], int]) -> tuple[float, int]:
    times = []
    result = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def cpu_seconds(client: Client) -> tuple[float, float]:
    """CPU time used so far by the workers, and by this process (the scheduler and client)."""
    return sum(client.run(time.process_time).values()), time.process_time()


def worker_memory(client: Client) -> str:
    sizes = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return ", ".join(f"{kib / 1024:.0f} MB" for kib in sizes.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    policy = mktpolicy.load()
    lines = [e.model_dump_json(exclude_none=True) for e in population.iterate(args.employees)]
    with tempfile.TemporaryDirectory() as directory:
        paths = []
        for k in range(args.files):
            path = Path(directory) / f"events-{k}.jsonl"
            path.write_text("".join(line + "\n" for line in lines[k :: args.files]), "utf-8")
            paths.append(path)
        print(f"{len(lines):,} events in {args.files} files, {args.employees:,} employees")

        def single() -> int:
            return len(policy.evaluate(read_inputs(list(paths)).events))

        cpu = time.process_time()
        seconds, verdicts = best(args.repeat, single)
        cpu = (time.process_time() - cpu) / args.repeat
        print(
            f"single process: {seconds:.1f} s, {len(lines) / seconds:,.0f} events/s, "
            f"{verdicts:,} verdicts; {cpu:.1f} CPU s a run"
        )
        for workers in args.workers:
            start = time.perf_counter()
            with (
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    dashboard_address=None,
                    silence_logs=logging.CRITICAL,
                ) as cluster,
                Client(cluster) as client,
            ):
                started = time.perf_counter() - start

                def distributed(client: Client = client) -> int:
                    client.run(forget)  # each run unpickles the policy, as a fresh check does
                    return len(verdicts_dask(policy, paths, client=client).verdicts)

                distributed()  # warm up: workers import mktpolicy and pandas on first use
                before = cpu_seconds(client)
                seconds, found = best(args.repeat, distributed)
                after = cpu_seconds(client)
                on_workers, here = (
                    (a - b) / args.repeat for a, b in zip(after, before, strict=True)
                )
                assert found == verdicts, (found, verdicts)
                print(
                    f"dask, {workers} worker(s): {seconds:.1f} s, "
                    f"{len(lines) / seconds:,.0f} events/s; {on_workers + here:.1f} CPU s a run "
                    f"({on_workers:.1f} on workers, {here:.1f} scheduler and client), CPU "
                    f"efficiency {cpu / (on_workers + here):.2f} (cluster start {started:.1f} s; "
                    f"peak worker memory {worker_memory(client)})"
                )


if __name__ == "__main__":
    main()

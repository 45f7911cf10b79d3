"""Peak memory of `mktpolicy check` on a file, streamed (`--stream`) and in one batch.

    python bench/memory.py                     # 100,000 and 200,000 events
    python bench/memory.py --events 1000000    # and the halves below it
    python bench/memory.py --smoke

Each check runs in its own process (peak RSS is a process's high-water mark), on JSON lines of
the four core families written to a temporary file, the report (--format, text by default)
to /dev/null.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from workload import four_family_lines


def peak_rss(args: list[str]) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit status) of one command."""
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        process = subprocess.Popen(args, stdout=sink, stderr=sink)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    return usage.ru_maxrss / 1024, seconds, os.waitstatus_to_exitcode(status)


def measure(events: int, folder: Path, fmt: str) -> list[tuple[str, int, float, float]]:
    path = folder / f"events-{events}.jsonl"
    with path.open("w") as stream:
        for line in four_family_lines(events, seed=4):
            stream.write(line + "\n")
    rows = []
    for mode in ("--stream", None):
        command = [sys.executable, "-m", "mktpolicy", "check", str(path), "--format", fmt]
        command += ["--fail-on", "never"] + ([mode] if mode else [])
        mb, seconds, status = peak_rss(command)
        if status != 0:
            raise SystemExit(f"{' '.join(command)} exited {status}")
        rows.append((mode or "batch", events, mb, seconds))
    path.unlink()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--format", default="text", choices=["text", "json", "sarif", "junit"])
    args = parser.parse_args()
    top = 2_000 if args.smoke else args.events
    sizes = [top // 4, top // 2, top]
    print(f"{'mode':10} {'events':>10} {'peak RSS MB':>12} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            for mode, events, mb, seconds in measure(size, Path(folder), args.format):
                print(f"{mode:10} {events:>10,} {mb:12.0f} {seconds:8.1f}", flush=True)


if __name__ == "__main__":
    main()

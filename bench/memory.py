"""Peak memory of `mktpolicy check` on a file, streamed (`--stream`) and in one batch.

    python bench/memory.py                     # 50,000, 100,000 and 200,000 events
    python bench/memory.py --events 1000000    # and a half and a quarter of it
    python bench/memory.py --format all --no-batch   # every report format, streamed only
    python bench/memory.py --smoke

Each check runs in its own process (peak RSS is a process's high-water mark), on JSON lines of
the four core families written to a temporary file, the report (--format, text by default)
to /dev/null. The last line of each mode says how much its peak grew between the smallest and
the largest file: flat is a few MB, whatever the size.

A child's peak RSS starts at its parent's size when it is forked (Linux keeps the high-water
mark across exec), so the files are written by another process and this one stays small: its
own peak is printed last, a floor under every row.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_events(path: Path, events: int) -> None:
    """The workload file, written by a child process so that this one never holds it."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from workload import four_family_lines\n"
        "with open(sys.argv[2], 'w') as f:\n"
        "    f.writelines(line + '\\n' for line in four_family_lines(int(sys.argv[3]), seed=4))"
    )
    here = str(Path(__file__).parent)
    subprocess.run([sys.executable, "-c", code, here, str(path), str(events)], check=True)


def own_peak() -> float:
    """This process's peak RSS in MB: VmHWM where Linux gives it (ru_maxrss would include what
    a parent had when this process was forked), else ru_maxrss (macOS counts it in bytes)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def peak_rss(args: list[str]) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit status) of one command."""
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        process = subprocess.Popen(args, stdout=sink, stderr=sink)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    return usage.ru_maxrss / 1024, seconds, os.waitstatus_to_exitcode(status)


FORMATS = ("text", "json", "sarif", "junit")


def measure(
    events: int, folder: Path, formats: list[str], batch: bool
) -> list[tuple[str, str, int, float, float]]:
    """(mode, format, events, peak MB, seconds) of each check on one generated file."""
    path = folder / f"events-{events}.jsonl"
    write_events(path, events)
    rows = []
    for fmt in formats:
        for mode in ("--stream", None) if batch else ("--stream",):
            command = [sys.executable, "-m", "mktpolicy", "check", str(path), "--format", fmt]
            command += ["--fail-on", "never"] + ([mode] if mode else [])
            mb, seconds, status = peak_rss(command)
            if status != 0:
                raise SystemExit(f"{' '.join(command)} exited {status}")
            row = ((mode or "--batch").lstrip("-"), fmt, events, mb, seconds)
            print(f"{row[0]:8} {fmt:6} {events:>10,} {mb:12.0f} {seconds:8.1f}", flush=True)
            rows.append(row)
    path.unlink()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--format", default="text", choices=[*FORMATS, "all"])
    parser.add_argument("--no-batch", action="store_true", help="measure --stream only")
    args = parser.parse_args()
    top = 2_000 if args.smoke else args.events
    sizes = [top // 4, top // 2, top]
    formats = list(FORMATS) if args.format == "all" else [args.format]
    print(f"{'mode':8} {'format':6} {'events':>10} {'peak RSS MB':>12} {'seconds':>8}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            rows += measure(size, Path(folder), formats, batch=not args.no_batch)
    for mode, fmt in dict.fromkeys((row[0], row[1]) for row in rows):
        peaks = [row[3] for row in rows if row[:2] == (mode, fmt)]
        growth = (peaks[-1] - peaks[0]) / (sizes[-1] - sizes[0]) * 2**20
        print(
            f"{mode} {fmt}: {peaks[-1] - peaks[0]:+.0f} MB from {sizes[0]:,} to "
            f"{sizes[-1]:,} events ({growth:.0f} bytes per event)"
        )

    print(f"this process's own peak (a floor under every row): {own_peak():.0f} MB")


if __name__ == "__main__":
    main()

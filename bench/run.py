"""The benchmark suite: one command, one process, a table of events per second and ratios.

    python bench/run.py                 # 1,000 employees, 100,000 events (a few minutes;
                                        # the streaming memory rows go up to 1,000,000)
    python bench/run.py --million       # the throughput rows on 1,000,000 events
    python bench/run.py --smoke         # tiny N: what CI runs so the bench never breaks
    python bench/run.py --startup       # only the start-up rows (whole processes; ~1 minute)

Every row includes validation of the JSON lines (end to end), except the validation-only floor.
The hand-written records are checked against mktpolicy's verdicts on every run.
The machine is noisy: compare rows of one run, not figures across runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from baselines import ByHandDurable, Violation, by_hand_python, count_by_hand
from workload import four_family_lines, group

import mktpolicy
from mktpolicy.events.registry import event_adapter


def timed(function: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of `repeat` runs (after a collection), and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def validate(lines: list[str]) -> list[mktpolicy.Event]:
    adapter = event_adapter()
    return [adapter.validate_json(line) for line in lines]


def throughput(lines: list[str], with_durable: bool) -> list[tuple[str, float, int]]:
    """(name, seconds, verdicts) for each way of checking the same events."""
    native = mktpolicy.load()
    event_adapter()  # built on first use (≈ 50 ms, every event model): start-up, not a row's
    by_hand_seconds, records = timed(lambda: by_hand_python(validate(lines)))
    native_seconds, verdicts = timed(lambda: native.evaluate(validate(lines)))
    agree(records, verdicts)
    rows = [
        ("pydantic validation alone (floor)", *timed(lambda: len(validate(lines)))),
        ("hand-written Python, counting only", *timed(lambda: count_by_hand(validate(lines)))),
        ("hand-written Python (practical limit)", by_hand_seconds, len(records)),
        ("mktpolicy native", native_seconds, len(verdicts)),
    ]
    if with_durable:
        durable = mktpolicy.load(backend="durable")
        by_hand = ByHandDurable()
        rows.append(
            ("mktpolicy durable backend", *timed(lambda: len(durable.evaluate(validate(lines)))))
        )
        rows.append(
            ("durable_rules by hand", *timed(lambda: by_hand.evaluate(group(validate(lines)))))
        )
    return [(name, seconds, result) for name, seconds, result in rows]


def agree(records: list[Violation], verdicts: list[mktpolicy.Verdict]) -> None:
    """The hand-written records say what mktpolicy's verdicts say, so the rows do the same
    work (mktpolicy's verdicts carry more: clause texts, messages, explanations)."""
    ours = sorted((r.rule, r.employee, r.day, r.clauses, r.fine, r.events) for r in records)
    theirs = sorted((v.rule, v.subject, v.date, v.clauses, v.fine, v.events) for v in verdicts)
    if ours != theirs:
        raise SystemExit("the hand-written baseline and mktpolicy disagree on the workload")


def population_throughput(events: int) -> tuple[int, float, int]:
    """The full rulebook on the seeded population (every event type), end to end."""
    from mktpolicy.population import generate

    lines = [e.model_dump_json() for e in generate(employees=max(1, events // 100), seed=0)]
    native = mktpolicy.load()
    seconds, verdicts = timed(lambda: len(native.evaluate(validate(lines))), 2)
    return len(lines), seconds, verdicts


def latency(samples: int) -> tuple[float, float]:
    """p50 and p99 of evaluate([one event]) on the bundled policy, in microseconds."""
    policy = mktpolicy.load()
    event = event_adapter().validate_json(four_family_lines(1, seed=3)[0])
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        policy.evaluate([event])
        times.append((time.perf_counter() - start) * 1e6)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def load_time() -> float:
    """Seconds to load and compile the bundled rulebook (uncached)."""
    from mktpolicy.ir import compile_rules
    from mktpolicy.policy import Policy, bundled_rules
    from mktpolicy.spec import load_directory

    seconds, _ = timed(lambda: Policy(compile_rules(load_directory(bundled_rules()))), repeat=3)
    return seconds


def cpu_timed(function: Callable[[], Any], repeat: int) -> float:
    """Best CPU time of `repeat` runs of `function` in this process."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def cached_load_time() -> tuple[float, float]:
    """Wall and CPU seconds to load the bundled rulebook from the compiled cache (a warm one)."""
    from mktpolicy.policy import Policy, _compile_directory, bundled_rules

    with tempfile.TemporaryDirectory() as directory:
        previous = os.environ.get("MKTPOLICY_CACHE_DIR")
        os.environ["MKTPOLICY_CACHE_DIR"] = directory
        try:
            _compile_directory(bundled_rules(), "mktpolicy/rules")  # fills it

            def load() -> Policy:
                return Policy(_compile_directory(bundled_rules(), "mktpolicy/rules"))

            seconds, _ = timed(load, repeat=5)
            cpu = cpu_timed(load, repeat=5)
        finally:
            if previous is None:
                del os.environ["MKTPOLICY_CACHE_DIR"]
            else:
                os.environ["MKTPOLICY_CACHE_DIR"] = previous
    return seconds, cpu


def process_seconds(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall and CPU (user + system) seconds of `runs` whole processes, after one untimed
    run that warms caches. CPU time says more than wall time on a shared machine."""
    walls, cpus = [], []
    for index in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if index:
            walls.append(wall)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def startup(runs: int) -> None:
    """What a pre-commit hook or a CI step pays on every call: whole processes, medians.

    The children keep bytecode caches (as an installed package has them) and a compiled-rulebook
    cache of their own, warmed by the untimed first run; "no cache" turns the latter off.
    """
    python = [sys.executable]
    with tempfile.TemporaryDirectory() as directory:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["MKTPOLICY_CACHE_DIR"] = directory
        off = {**env, "MKTPOLICY_CACHE": "off"}
        example = [*python, "-m", "mktpolicy", "check", "--example"]
        rows = [
            ("python -c pass (the interpreter alone)", [*python, "-c", "pass"], env, None),
            ("import mktpolicy", [*python, "-c", "import mktpolicy"], env, 0.15),
            (
                "import mktpolicy; mktpolicy.load()",
                [*python, "-c", "import mktpolicy; mktpolicy.load()"],
                env,
                None,
            ),
            ("mktpolicy check --example", example, env, 0.3),
            ("mktpolicy check --example, no cache", example, off, None),
        ]
        print(f"\nstart-up, whole processes (median of {runs}):{'wall':>23} {'CPU':>8}")
        for name, command, environment, target in rows:
            wall, cpu = process_seconds(command, environment, runs)
            goal = f"   (target < {target:.2f} s)" if target else ""
            print(f"  {name:46} {wall:6.3f} s {cpu:6.3f} s{goal}")
    from mktpolicy.ir import compile_rules
    from mktpolicy.policy import Policy, bundled_rules
    from mktpolicy.spec import load_directory

    compile_cpu = cpu_timed(lambda: Policy(compile_rules(load_directory(bundled_rules()))), 5)
    cached_wall, cached_cpu = cached_load_time()
    print(
        f"  in process, load and compile the bundled rulebook: {load_time() * 1000:.0f} ms "
        f"(CPU {compile_cpu * 1000:.0f} ms); from the compiled cache {cached_wall * 1000:.0f} ms "
        f"(CPU {cached_cpu * 1000:.0f} ms)   (target < 100 ms)"
    )


def scaling_with_events(sizes: list[int]) -> list[tuple[int, float]]:
    policy = mktpolicy.load()
    out = []
    for size in sizes:
        events = validate(four_family_lines(size, seed=1))
        seconds, _ = timed(lambda events=events: policy.evaluate(events))
        out.append((size, size / seconds))
    return out


def scaling_with_rules(events: int, factors: list[int]) -> list[tuple[int, int, float]]:
    from rulebook_copies import policy_with_copies

    lines = four_family_lines(events, seed=2)
    validated = validate(lines)
    out = []
    for factor in factors:
        policy = policy_with_copies(factor)
        seconds, _ = timed(lambda policy=policy: policy.evaluate(validated))
        out.append((factor, len(policy.rules), events / seconds))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument(
        "--million", action="store_true", help="only the throughput rows, on 1,000,000 events"
    )
    parser.add_argument("--no-durable", action="store_true")
    parser.add_argument("--startup", action="store_true", help="only the start-up rows")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.startup:
        startup(runs=7)
        return
    events = 2_000 if args.smoke else 1_000_000 if args.million else args.events
    with_durable = not args.no_durable
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, mktpolicy {mktpolicy.load().fingerprint}"
    )
    lines = four_family_lines(events, seed=0)
    print(f"\nworkload: the four core families, {len(lines):,} events (JSON lines, end to end)\n")
    rows = throughput(lines, with_durable)
    limit = next(s for name, s, _ in rows if name.startswith("hand-written Python ("))
    print(f"{'':40} {'events/s':>12} {'ratio':>7} {'verdicts':>9}")
    for name, seconds, verdicts in rows:
        print(f"{name:40} {len(lines) / seconds:12,.0f} {limit / seconds:7.2f} {verdicts:>9}")
    del lines
    count, seconds, verdicts = population_throughput(events)
    print(
        f"\nfull rulebook ({len(mktpolicy.load().rules)} rules) on the seeded population, every "
        f"event type, {count:,} events:\n{'mktpolicy native':40} {count / seconds:12,.0f} "
        f"{limit / seconds * count / events:7.2f} {verdicts:>9}"
    )
    if not args.million:
        details(args.smoke)
        startup(runs=3 if args.smoke else 7)
        streaming_memory(args.smoke)
    print(f"\nthe whole bench took {time.perf_counter() - started:.0f} s")


def details(smoke: bool) -> None:
    """Latency, load time and how cost grows: these do not depend on --events."""
    p50, p99 = latency(200 if smoke else 5_000)
    print(f"\nsingle-event evaluate on the bundled policy: p50 {p50:.0f} µs, p99 {p99:.0f} µs")
    print(f"load and compile the bundled rulebook: {load_time() * 1000:.0f} ms")
    sizes = [500, 1_000, 2_000] if smoke else [25_000, 50_000, 100_000]
    print("\nnative evaluate vs number of events (should be flat):")
    for size, rate in scaling_with_events(sizes):
        print(f"  {size:>9,} events: {rate:10,.0f} events/s")
    print("\nnative evaluate vs number of rules (copies of the rulebook):")
    for factor, count, rate in scaling_with_rules(1_000 if smoke else 20_000, [1, 4, 16]):
        print(f"  x{factor:<3} {count:>5} rules: {rate:10,.0f} events/s")


def streaming_memory(smoke: bool) -> None:
    """Peak RSS of `check --stream` on files up to 1M events, measured by bench/memory.py in
    a process of its own: a child forked from this one would start at this one's size."""
    print("\npeak memory of `check --stream` on a file (each check in its own process):")
    size = ["--smoke"] if smoke else ["--events", "1000000"]
    command = [sys.executable, str(Path(__file__).parent / "memory.py"), *size, "--no-batch"]
    found = subprocess.run(command, capture_output=True, text=True, check=True)
    print("  " + found.stdout.rstrip().replace("\n", "\n  "))


if __name__ == "__main__":
    main()

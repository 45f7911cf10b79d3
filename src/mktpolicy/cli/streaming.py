"""`check --stream`: files too large to hold, evaluated in memory that does not grow with them.

Verdicts depend on an employee's whole history, and exports are rarely sorted by employee. So
the events are read once, validated, and spilled to temporary files by a hash of the employee
(every event of one employee lands in one bucket); event ids are spilled a second time by a
hash of the id, so two different events with one id are found, as in a batch, before anything
is evaluated. Then one bucket at a time is read back as text, grouped by employee, and each
employee's events are validated again and evaluated. What stays in memory: one bucket's text,
one employee's events, the bucket's verdicts as JSON until they are sorted and spilled, and a
set of event types per employee (JUnit's test cases need them).
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from mktpolicy.cli import spill_rows
from mktpolicy.cli.common import echo_skipped, evaluate_or_exit, exit_bad_input
from mktpolicy.cli.inputs import InputError, Inputs, Origin, Reading
from mktpolicy.cli.reporters import Summary
from mktpolicy.cli.spilled_verdicts import SpilledVerdicts, VerdictSpill
from mktpolicy.display import printable, shown
from mktpolicy.errors import DuplicateEventError, PolicyError, StorageError
from mktpolicy.events.base import Event
from mktpolicy.events.registry import event_adapter
from mktpolicy.policy import Policy
from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.model import Verdict

BUCKET_BYTES = 4 << 20
"""About this much spilled JSON per bucket: the memory a bucket takes, read back, is some
tens of MB of event objects."""
MOST_BUCKETS = 256
SPILL_BUFFER = 8 << 10


def bucket_count(paths: list[Path | None]) -> int:
    """Buckets for these inputs: enough that each holds about BUCKET_BYTES (stdin: the most)."""
    if any(path is None for path in paths):
        return MOST_BUCKETS
    size = sum(path.stat().st_size for path in paths if path is not None and path.exists())
    return max(1, min(MOST_BUCKETS, size // BUCKET_BYTES + 1))


class SpilledCheck:
    """Read and spill every file (`spill`), then evaluate bucket by bucket (`employees`)."""

    def __init__(self, policy: Policy, *, keep_going: bool, buckets: int) -> None:
        self.policy = policy
        self.reading = Reading(keep_going)
        self.buckets = buckets
        self.count = 0
        self._dir = tempfile.TemporaryDirectory(prefix="mktpolicy-stream-")
        self._origins: list[tuple[str, str]] = []  # (uri, display) by file index
        self._types: dict[str, frozenset[str]] = {}
        self._type_sets: dict[frozenset[str], frozenset[str]] = {}  # employees share a few
        self.inputs: Inputs | None = None
        self.verdicts: SpilledVerdicts | None = None

    def close(self) -> None:
        self._dir.cleanup()

    def spill(self, paths: list[Path | None]) -> None:
        """Validate every record and write it to its employee's bucket; check ids across all."""
        root = Path(self._dir.name)
        events: list[IO[str]] = []
        ids: list[IO[str]] = []
        try:
            for i in range(self.buckets):
                events.append(_open(root / f"e{i}"))
                ids.append(_open(root / f"i{i}"))
            self._spill(paths, events, ids)
            for stream in (*events, *ids):
                stream.close()  # the last of the buffer is written here: it may not fit
        except OSError as exc:  # reading the inputs has errors of its own: this is the spill
            raise _unspilled(exc, root) from None
        finally:
            for stream in (*events, *ids):
                with contextlib.suppress(OSError):  # a full disk fails the flush again
                    stream.close()
        self.reading.inputs((), {})  # raises InputError: nothing is evaluated
        self._check_ids(root)

    def _spill(self, paths: list[Path | None], events: list[IO[str]], ids: list[IO[str]]) -> None:
        files: dict[tuple[str, str], int] = {}
        for origin, event in self.reading.records(paths):
            key = (origin.uri, origin.display)
            index = files.setdefault(key, len(files))
            if index == len(self._origins):
                self._origins.append(key)
            self.count += 1
            self._note_type(event)
            text = event.model_dump_json()
            place = [str(index), str(origin.line)]
            events[_bucket(event.employee_id, self.buckets)].write(
                spill_rows.encode([event.employee_id, *place], text)
            )
            if event.id is not None:
                digest = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
                ids[_bucket(event.id, self.buckets)].write(
                    spill_rows.encode([digest, *place, event.employee_id, event.id])
                )

    def _note_type(self, event: Event) -> None:
        # One shared frozenset per combination: a dict entry per employee, not a set each.
        name = type(event).__name__
        known = self._types.get(event.employee_id, frozenset())
        if name not in known:
            names = known | {name}
            self._types[event.employee_id] = self._type_sets.setdefault(names, names)

    def _check_ids(self, root: Path) -> None:
        for bucket in range(self.buckets):
            seen: dict[str, tuple[str, str, str]] = {}
            with spill_rows.open_rows(root / f"i{bucket}", "r") as stream:
                for row in stream:
                    (digest, index, line, employee, ident), _ = spill_rows.decode(row, 5)
                    first = seen.setdefault(ident, (digest, employee, f"{index}:{line}"))
                    if first[0] != digest:
                        raise DuplicateEventError(
                            f"two different events have id {shown(ident)}: at "
                            f"{self._where(first[2])} for {printable(first[1])} and at "
                            f"{self._where(f'{index}:{line}')} for {printable(employee)}"
                        )

    def _where(self, place: str) -> str:
        index, line = place.split(":")
        return f"{self._origins[int(index)][1]}:{line}"

    def employees(self) -> Iterator[tuple[str, list[Event], list[Verdict]]]:
        """Every employee evaluated, bucket by bucket. Each bucket's verdicts are spilled too;
        once all are done, `inputs` and `verdicts` (read back in report order) are set.

        A bucket is held as its spilled lines, grouped by employee; only one employee's
        events are objects at a time (they are ten times the size of their JSON)."""
        root = Path(self._dir.name)
        try:
            yield from self._employees(root)
        except OSError as exc:  # the consumer's own errors are raised where it is, not here
            raise _unspilled(exc, root) from None

    def _employees(self, root: Path) -> Iterator[tuple[str, list[Event], list[Verdict]]]:
        spill = VerdictSpill(root, self._origins)
        for bucket in range(self.buckets):
            rows: dict[str, list[str]] = {}
            with spill_rows.open_rows(root / f"e{bucket}", "r") as stream:
                for row in stream:
                    employee = row.split("\t", 1)[0]  # the employee's field, still encoded
                    rows.setdefault(employee, []).append(row)
            for employee_rows in rows.values():
                yield from self._evaluate(employee_rows, spill)
            rows.clear()
            spill.flush()
        self.verdicts = SpilledVerdicts(spill)
        self.inputs = self.reading.inputs((), self.verdicts.by_ref, (self.count, self._types))

    def _evaluate(
        self, rows: list[str], spill: VerdictSpill
    ) -> Iterator[tuple[str, list[Event], list[Verdict]]]:
        adapter = event_adapter()
        events: list[Event] = []
        origins: dict[int, Origin] = {}
        for row in rows:
            (_, index, line), text = spill_rows.decode(row, 3)
            event = adapter.validate_json(text)
            uri, display = self._origins[int(index)]
            origins[id(event)] = Origin(uri, display, int(line))
            events.append(event)
        for subject, history, verdicts in self.policy.evaluate_employees(events):
            if verdicts:
                spill.add(verdicts, [(e, origins[id(e)]) for e in history])
            yield subject, history, verdicts


def _unspilled(exc: OSError, root: Path) -> StorageError:
    reason = exc.strerror or str(exc)
    return StorageError(
        f"cannot spill the events to {root} ({reason}): set TMPDIR to a disk with room"
    )


def _bucket(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode()) % buckets


def _open(path: Path) -> IO[str]:
    # Two files per bucket are open at once: their buffers are memory that grows with buckets.
    return spill_rows.open_rows(path, "w", buffering=SPILL_BUFFER)


@dataclass(frozen=True)
class StreamedRun:
    """What `check --stream` reports: its inputs, the verdicts (on disk until read), their
    summary, and which outcomes occur among them."""

    inputs: Inputs
    verdicts: SpilledVerdicts
    summary: Summary
    outcomes: frozenset[Outcome]


@contextlib.contextmanager
def check_streamed(
    policy: Policy,
    paths: list[Path | None],
    keep_going: bool,
    audit_log: Path | None,
    audit_key: bytes | None = None,
) -> Iterator[StreamedRun]:
    """`check --stream`, or exit 2 as `check` does; the spill lasts until the report is out."""
    try:
        spilled = SpilledCheck(policy, keep_going=keep_going, buckets=bucket_count(paths))
    except OSError as exc:
        exit_bad_input(_unspilled(exc, Path(tempfile.gettempdir())))
    try:
        try:
            spilled.spill(paths)
        except InputError as exc:
            exit_bad_input(exc)
        except PolicyError as exc:  # two events, one id: found before anything is evaluated
            exit_bad_input(exc, each_line=False)
        echo_skipped(spilled.reading.problems)
        skipped = len(spilled.reading.problems)
        evaluate_or_exit(
            policy,
            spilled.employees,
            audit_log=audit_log,
            audit_key=audit_key,
            skipped=skipped,
            collect=False,
        )
        if spilled.inputs is None or spilled.verdicts is None:  # pragma: no cover
            raise RuntimeError("the streamed check did not finish")
        spill = spilled.verdicts.spill
        summary = Summary.counted(
            spilled.count,
            spill.by_outcome,
            fines=spill.fines,
            compensation=spill.compensation,
            skipped=skipped,
        )
        yield StreamedRun(spilled.inputs, spilled.verdicts, summary, frozenset(spill.by_outcome))
    finally:
        spilled.close()

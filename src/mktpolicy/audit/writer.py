"""Appending to an audit log so that a crash never leaves a torn line that counts.

Each employee's lines go out in one `os.write` on a descriptor opened with O_APPEND, under an
exclusive `flock` (one writer at a time keeps the hash chain whole). A process killed during a
write can leave a torn last line; the next writer ends it with a newline first, so the torn
text stays a line of its own that `verify` reports and never counts. The file is fsynced when
the run ends (`close`): a process crash loses nothing written, a power cut what came after the
last fsync.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from mktpolicy.audit.records import event_fields, parse_line, seal
from mktpolicy.errors import AuditError
from mktpolicy.events.base import Event
from mktpolicy.verdicts.model import Verdict

_TAIL_BLOCK = 1 << 16


class AuditLog:
    """An open audit log for one run of a policy: `start`, `record` each employee, `close`.

    >>> with AuditLog("audit.jsonl", policy.version) as log:     # doctest: +SKIP
    ...     for subject, events, verdicts in policy.evaluate_employees(batch):
    ...         log.record(events, verdicts)
    """

    def __init__(self, path: str | Path, policy_version: str, *, tool: str = "") -> None:
        self.path = Path(path)
        self.run = uuid.uuid4().hex
        self.policy = policy_version
        self.events = 0
        self.employees = 0
        self.verdicts = 0
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise AuditError(f"{self.path}: cannot open the audit log: {exc.strerror}") from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._fd)
            raise AuditError(f"{self.path}: another process is writing this audit log") from None
        self._prev, torn_tail = _tail(self.path)
        if torn_tail:
            self._write(b"\n")
        self._emit(
            [
                {
                    "kind": "start",
                    "run": self.run,
                    "policy": policy_version,
                    "tool": tool,
                    "at": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            ]
        )

    def record(self, events: Sequence[Event], verdicts: Sequence[Verdict]) -> None:
        """Append one line per event of one employee (all of them, or none if killed first)."""
        self._emit(event_fields(self.run, self.policy, self.events, events, verdicts))
        self.events += len(events)
        self.employees += 1
        self.verdicts += len(verdicts)

    def close(self, *, skipped: int = 0) -> None:
        """Append the run's `end` line, fsync and close."""
        if self._fd < 0:
            return
        self._emit(
            [
                {
                    "kind": "end",
                    "run": self.run,
                    "policy": self.policy,
                    "events": self.events,
                    "employees": self.employees,
                    "verdicts": self.verdicts,
                    "skipped": skipped,
                }
            ]
        )
        os.fsync(self._fd)
        self._release()

    def abandon(self) -> None:
        """Close without an `end` line: the run did not finish, and verify will say so."""
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.fsync(self._fd)
            self._release()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abandon()

    def _emit(self, lines: list[dict[str, Any]]) -> None:
        chunks = []
        for fields in lines:
            text, self._prev = seal(fields, self._prev)
            chunks.append(text)
        self._write(("\n".join(chunks) + "\n").encode())

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as exc:
            raise AuditError(f"{self.path}: cannot write the audit log: {exc.strerror}") from None

    def _release(self) -> None:
        fd, self._fd = self._fd, -1
        os.close(fd)  # closing drops the flock too


def _tail(path: Path) -> tuple[str, bool]:
    """The digest of the last intact line ("" if none), and whether the file ends mid-line."""
    with path.open("rb") as stream:
        end = stream.seek(0, os.SEEK_END)
        if end == 0:
            return "", False
        stream.seek(end - 1)
        torn = stream.read(1) != b"\n"
        position, carry = end, b""
        while position > 0:
            start = max(0, position - _TAIL_BLOCK)
            stream.seek(start)
            block = stream.read(position - start) + carry
            lines = block.split(b"\n")
            carry = lines[0] if start > 0 else b""
            for raw in reversed(lines if start == 0 else lines[1:]):
                line = parse_line(raw)
                if line is not None:
                    return str(line["sha256"]), torn
            position = start
        return "", torn

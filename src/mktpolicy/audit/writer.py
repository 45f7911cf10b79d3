"""Appending to an audit log so that a crash never leaves a torn line that counts.

Each employee's lines go out in one `os.write` on a descriptor opened with O_APPEND, under an
exclusive `flock` (one writer at a time keeps the hash chain whole). A process killed during a
write can leave a torn last line; the next writer ends it with a newline first, so the torn
text stays a line of its own, and its `start` line records that line's length and digest
(`sealed`): `verify` accepts a line that is not JSON only there or at the very end, and never
counts it. When the run ends its chain head (the `end` line's digest) is in `head`, for the
user to keep elsewhere; with a key every line is signed (see records). The file is fsynced when
the run ends (`close`): a process crash loses nothing written, a power cut what came after the
last fsync.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from mktpolicy.audit.records import event_fields, key_id, parse_line, seal
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

    def __init__(
        self,
        path: str | Path,
        policy_version: str,
        *,
        tool: str = "",
        key: bytes | None = None,
        as_of: date | None = None,
    ) -> None:
        self.path = Path(path)
        self.run = uuid.uuid4().hex
        self.policy = policy_version
        self.events = 0
        self.employees = 0
        self.verdicts = 0
        self.verdict_entries = 0
        self.head = ""
        """The digest of the last line written: after `close`, the run's chain head."""
        self._key = key
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
        start: dict[str, Any] = {
            "kind": "start",
            "run": self.run,
            "policy": policy_version,
            "tool": tool,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        if as_of is not None:  # deadlines were judged on it: verify re-evaluates on it too
            start["as_of"] = as_of.isoformat()
        if torn_tail is not None:
            self._write(b"\n")
            start["sealed"] = torn_tail
        if key is not None:
            start["key"] = key_id(key)
        self._emit([start])

    def record(self, events: Sequence[Event], verdicts: Sequence[Verdict]) -> None:
        """Append one line per event of one employee (all of them, or none if killed first)."""
        lines = event_fields(self.run, self.policy, self.events, events, verdicts)
        self._emit(lines)
        self.verdict_entries += sum(len(line["verdicts"]) for line in lines)
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
                    "verdict_entries": self.verdict_entries,
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
            text, self._prev = seal(fields, self._prev, self._key)
            chunks.append(text)
        self._write(("\n".join(chunks) + "\n").encode())
        self.head = self._prev

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


def _tail(path: Path) -> tuple[str, dict[str, Any] | None]:
    """The digest of the last intact line ("" if none), and if the file ends mid-line, the
    length and digest of that torn last line (what the next `start` line records)."""
    with path.open("rb") as stream:
        end = stream.seek(0, os.SEEK_END)
        if end == 0:
            return "", None
        stream.seek(end - 1)
        torn = None if stream.read(1) == b"\n" else _torn_line(stream, end)
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


def _torn_line(stream: BinaryIO, end: int) -> dict[str, Any]:
    """The length and digest of the bytes after the file's last newline (read in blocks:
    a torn tail can be any size)."""
    position = end
    while position > 0:
        start = max(0, position - _TAIL_BLOCK)
        stream.seek(start)
        newline = stream.read(position - start).rfind(b"\n")
        if newline >= 0:
            position = start + newline + 1
            break
        position = start
    digest = hashlib.sha256()
    stream.seek(position)
    for block in iter(lambda: stream.read(_TAIL_BLOCK), b""):
        digest.update(block)
    return {"bytes": end - position, "sha256": digest.hexdigest()}

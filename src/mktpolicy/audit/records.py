"""The lines of an audit log: canonical JSON, their digests, and how each kind is built.

Kinds: `start` (a run began), `event` (one evaluated event and the verdicts citing it), `end`
(the run finished, with its counts). Every line carries `sha256`, the digest of the line without
that key (and without `mac`), and `prev`, the digest of the intact line before it in the file
("" for the first). With a key, `mac` is the HMAC-SHA256 of `sha256`: since each digest covers
`prev`, a line's `mac` vouches for every line before it too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mktpolicy.errors import AuditError
from mktpolicy.events.base import Event
from mktpolicy.verdicts.model import Verdict

FORMAT = 2
"""The version of the line format, written on every line as `v` (2: `mac`, `sealed`, the `end`
line's `verdict_entries` and the event lines' `employee_verdicts`)."""
MIN_KEY_BYTES = 16
KEY_FILE_ENV = "MKTPOLICY_AUDIT_KEY_FILE"
"""The environment variable naming the key file, for `check --audit-log` and `audit verify`."""


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 as is: equal values give equal text (and digests)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def event_digest(event: Event | Mapping[str, Any]) -> str:
    """The digest of an event's canonical JSON (its `input_sha256`)."""
    data = event.model_dump(mode="json") if isinstance(event, Event) else event
    return _sha256(canonical_json(data))


def verdict_digest(verdict: Verdict) -> str:
    """The digest of a verdict's stable JSON, everything it says included."""
    return _sha256(canonical_json(verdict.model_dump(mode="json")))


def seal(fields: dict[str, Any], prev: str, key: bytes | None = None) -> tuple[str, str]:
    """The finished line (without its newline) and its digest; signed when given a key."""
    body = {**fields, "v": FORMAT, "prev": prev}
    digest = _sha256(canonical_json(body))
    signature = {"mac": mac(key, digest)} if key is not None else {}
    return canonical_json({**body, "sha256": digest, **signature}), digest


def mac(key: bytes, digest: str) -> str:
    """The HMAC-SHA256 of a line's digest under `key`."""
    return hmac.new(key, digest.encode(), hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """Which key signed a log (a digest of it, which tells nothing of the key itself)."""
    return _sha256("mktpolicy audit key\n" + key.hex())[:16]


def load_key(path: str | Path) -> bytes:
    """The signing key in a file (surrounding whitespace ignored); AuditError if unusable."""
    try:
        key = Path(path).read_bytes().strip()
    except OSError as exc:
        raise AuditError(f"{path}: cannot read the audit key: {exc.strerror}") from None
    if len(key) < MIN_KEY_BYTES:
        raise AuditError(
            f"{path}: an audit key needs at least {MIN_KEY_BYTES} bytes (e.g. "
            "`head -c 32 /dev/urandom | base64 > audit.key`)"
        )
    return key


def digest_of(line: Mapping[str, Any]) -> str:
    """What a parsed line's `sha256` must be."""
    return _sha256(canonical_json({k: v for k, v in line.items() if k not in ("sha256", "mac")}))


def load_json_line(raw: bytes) -> Any:
    """The JSON value of a raw line; ValueError for anything that is not JSON (a torn write,
    garbage, or nesting too deep to parse, which raises RecursionError in `json`)."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ValueError("not JSON") from None


def parse_line(raw: bytes) -> dict[str, Any] | None:
    """A whole, unaltered audit line; None for a torn or edited one."""
    try:
        line = load_json_line(raw)
        intact = isinstance(line, dict) and line.get("sha256") == digest_of(line)
    except (ValueError, RecursionError):
        return None
    return line if intact else None


def event_fields(
    run: str, policy: str, index: int, events: Sequence[Event], verdicts: Sequence[Verdict]
) -> list[dict[str, Any]]:
    """One `event` line's fields for each of an employee's events, in the order given."""
    digests = [(v, verdict_digest(v)) for v in verdicts]
    refs = [event.ref for event in events]
    known = set(refs)
    # A verdict resting on none of these events (none should) still goes on the first line.
    uncited = {id(v) for v in verdicts if not known.intersection(v.events)}
    lines = []
    for position, (event, ref) in enumerate(zip(events, refs, strict=True)):
        data = event.model_dump(mode="json")
        lines.append(
            {
                "kind": "event",
                "run": run,
                "policy": policy,
                "seq": index + position,
                "employee": event.employee_id,
                "index": position,
                "of": len(events),
                "employee_verdicts": len(verdicts),
                "ref": ref,
                "input_sha256": _sha256(canonical_json(data)),
                "event": data,
                "verdicts": [
                    {
                        "rule": v.rule,
                        "outcome": v.outcome.value,
                        "clauses": list(v.clauses),
                        "fine": None if v.fine is None else str(v.fine),
                        "sha256": digest,
                    }
                    for v, digest in digests
                    if ref in v.events or (position == 0 and id(v) in uncited)
                ],
            }
        )
    return lines

"""The lines of an audit log: canonical JSON, their digests, and how each kind is built.

Kinds: `start` (a run began), `event` (one evaluated event and the verdicts citing it), `end`
(the run finished, with its counts). Every line carries `sha256`, the digest of the line without
that key, and `prev`, the digest of the intact line before it in the file ("" for the first).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from mktpolicy.events.base import Event
from mktpolicy.verdicts.model import Verdict

FORMAT = 1
"""The version of the line format, written on every line as `v`."""


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


def seal(fields: dict[str, Any], prev: str) -> tuple[str, str]:
    """The finished line (without its newline) and its digest."""
    body = {**fields, "v": FORMAT, "prev": prev}
    digest = _sha256(canonical_json(body))
    return canonical_json({**body, "sha256": digest}), digest


def digest_of(line: Mapping[str, Any]) -> str:
    """What a parsed line's `sha256` must be."""
    return _sha256(canonical_json({k: v for k, v in line.items() if k != "sha256"}))


def parse_line(raw: bytes) -> dict[str, Any] | None:
    """A whole, unaltered audit line; None for a torn or edited one."""
    try:
        line = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(line, dict) or line.get("sha256") != digest_of(line):
        return None
    return line


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

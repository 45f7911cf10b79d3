"""An append-only audit trail of checks: one JSON line per evaluated event, and its verification.

A line holds the event, the hash of its canonical JSON, the policy version and the verdicts that
cite it, chained to the line before by hash. A process killed mid-run leaves every line it
finished intact; a torn last line is sealed off by the next writer and never counted.
"""

from mktpolicy.audit.records import canonical_json, event_digest, verdict_digest
from mktpolicy.audit.verify import AuditReport, verify_log
from mktpolicy.audit.writer import AuditLog

__all__ = [
    "AuditLog",
    "AuditReport",
    "canonical_json",
    "event_digest",
    "verdict_digest",
    "verify_log",
]

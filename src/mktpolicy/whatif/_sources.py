"""Which rule files a policy was compiled from, by fingerprint, so a reform can recompile them.

A `Policy` holds only its compiled program. Changing rules means recompiling the rule files, so
reforms remember the files behind every policy they build (and the bundled rulebook's are found
on demand); a policy loaded from elsewhere needs `rules=` once.
"""

from __future__ import annotations

import threading
from pathlib import Path

from mktpolicy.diagnostics import Diagnostic
from mktpolicy.ir.from_spec import compile_rules
from mktpolicy.policy import Policy, bundled_rules, load
from mktpolicy.spec.from_source import LoadedFile, load_directory
from mktpolicy.whatif.errors import ReformError

Files = tuple[LoadedFile, ...]

_LOCK = threading.Lock()
_FILES: dict[str, Files] = {}
_SAME_FILES: dict[str, str] = {}
"""A fingerprint given to a policy whose parameters alone changed → the one its files have."""


def remember(fingerprint: str, files: Files) -> None:
    """Record the files a program with `fingerprint` was compiled from."""
    with _LOCK:
        _FILES[fingerprint] = files


def remember_same_files(fingerprint: str, base: str) -> None:
    """`fingerprint` names a program compiled from the same files as `base`."""
    with _LOCK:
        if fingerprint != base:
            _SAME_FILES[fingerprint] = base


def _known(fingerprint: str) -> Files | None:
    with _LOCK:
        seen: set[str] = set()
        while fingerprint in _SAME_FILES and fingerprint not in seen:
            seen.add(fingerprint)
            fingerprint = _SAME_FILES[fingerprint]
        return _FILES.get(fingerprint)


def _bundled(fingerprint: str) -> Files | None:
    if fingerprint != load().fingerprint:
        return None
    files = tuple(load_directory(bundled_rules(), "mktpolicy/rules"))
    remember(fingerprint, files)
    return files


def rule_files(policy: Policy, rules: str | Path | None = None) -> Files:
    """The rule files `policy` was compiled from; `rules` names their directory if not known."""
    known = _known(policy.fingerprint) or _bundled(policy.fingerprint)
    if known is not None:
        return known
    if rules is None:
        raise ReformError(
            [
                Diagnostic(
                    "unknown_rulebook",
                    f"the rule files of policy {policy.fingerprint} are not known, so its rules "
                    "cannot be changed",
                    hint="pass rules='path/' (the directory the policy was loaded from)",
                )
            ]
        )
    files = tuple(load_directory(Path(rules)))
    fingerprint = compile_rules(files).fingerprint
    if fingerprint != policy.fingerprint:
        raise ReformError(
            [
                Diagnostic(
                    "rulebook_mismatch",
                    f"policy {policy.fingerprint} was not compiled from the rules under {rules} "
                    f"(they compile to {fingerprint})",
                )
            ]
        )
    remember(fingerprint, files)
    return files

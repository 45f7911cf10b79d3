"""Coverage-guided fuzzing of the rule loader, the expression parser, the event readers (JSON
lines, JSON arrays, CSV), the --stream spill rows and the audit-line parser.

    pip install atheris
    python fuzz/atheris_harness.py -atheris_runs=200000          # every target
    python fuzz/atheris_harness.py expr -max_total_time=600       # one target for 10 minutes

A crash is any exception that is not one of mktpolicy's own errors (for the spill rows: a row
that does not read back as written). CI runs the bounded hypothesis equivalents in
tests/test_fuzz.py and tests/test_fuzz_differential.py instead (see docs/security.md).
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    import mktpolicy
    from mktpolicy import expr
    from mktpolicy.audit.records import parse_line
    from mktpolicy.cli import spill_rows
    from mktpolicy.cli.inputs import read_csv, read_json_array, read_json_lines
    from mktpolicy.events import Resignation
    from mktpolicy.events.reader import to_event
    from mktpolicy.events.record_types import record_type
    from mktpolicy.ir import compile_rules
    from mktpolicy.spec import load_text

SCOPE = expr.Scope({"r": record_type(Resignation)}, {"fines.base": expr.types.MONEY})


def rules(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    with contextlib.suppress(mktpolicy.RuleError):
        compile_rules([load_text(text, "fuzz.yaml")])


def expression(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    with contextlib.suppress(expr.ExprSyntaxError, expr.ExprTypeError):
        expr.check(expr.parse(text), SCOPE)


def event(data: bytes) -> None:
    with contextlib.suppress(mktpolicy.EventError):
        to_event(data)


def readers(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    for reader in (read_json_lines, read_json_array, read_csv):
        with contextlib.suppress(mktpolicy.EventError):
            list(reader(text, "fuzz"))


def spill(data: bytes) -> None:
    # Any string, lone surrogates included: 2 bytes per UTF-16 code unit, NUL between fields.
    fields = data[: len(data) // 2 * 2].decode("utf-16-le", "surrogatepass").split("\x00")
    row = spill_rows.encode(fields)
    if spill_rows.decode(row, len(fields)) != (fields, ""):
        raise AssertionError(f"spill row {row!r} does not read back as {fields!r}")


def audit_line(data: bytes) -> None:
    line = parse_line(data)
    if line is not None and not isinstance(line, dict):
        raise AssertionError(f"parse_line gave {type(line).__name__}")


TARGETS = {
    "rules": rules,
    "expr": expression,
    "event": event,
    "readers": readers,
    "spill": spill,
    "audit": audit_line,
}


def everything(data: bytes) -> None:
    if not data:
        return
    target = list(TARGETS.values())[data[0] % len(TARGETS)]
    target(data[1:])


if __name__ == "__main__":
    chosen = TARGETS.get(sys.argv[1]) if len(sys.argv) > 1 else None
    if chosen is not None:
        del sys.argv[1]
    atheris.Setup(sys.argv, chosen or everything)
    atheris.Fuzz()

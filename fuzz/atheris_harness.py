"""Coverage-guided fuzzing of the rule loader, the expression parser and the event reader.

    pip install atheris
    python fuzz/atheris_harness.py -atheris_runs=200000          # all three targets
    python fuzz/atheris_harness.py expr -max_total_time=600       # one target for 10 minutes

A crash is any exception that is not one of mktpolicy's own errors. CI runs the bounded
hypothesis equivalents in tests/test_fuzz.py instead.
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    import mktpolicy
    from mktpolicy import expr
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


TARGETS = {"rules": rules, "expr": expression, "event": event}


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

"""Stage 3: the IR (typed, resolved rules) and the compiler that builds it from specs."""

import importlib as _importlib
import typing as _typing

from mktpolicy.ir.model import (
    Clause,
    Consequence,
    DeriveAction,
    Document,
    FactType,
    Location,
    Parameter,
    Pattern,
    Program,
    Rule,
    VerdictAction,
)

if _typing.TYPE_CHECKING:
    from mktpolicy.ir.analyses import lint
    from mktpolicy.ir.from_spec import PASSES, compile_rules

__all__ = [
    "PASSES",
    "Clause",
    "Consequence",
    "DeriveAction",
    "Document",
    "FactType",
    "Location",
    "Parameter",
    "Pattern",
    "Program",
    "Rule",
    "VerdictAction",
    "compile_rules",
    "lint",
]

if not _typing.TYPE_CHECKING:  # the compiler and the analyses are imported when used: a cached
    # Program needs only the IR's classes

    _LAZY = {
        "PASSES": "mktpolicy.ir.from_spec",
        "compile_rules": "mktpolicy.ir.from_spec",
        "lint": "mktpolicy.ir.analyses",
    }

    def __getattr__(name: str) -> object:
        if name not in _LAZY:
            raise AttributeError(f"module 'mktpolicy.ir' has no attribute {name!r}")
        return getattr(_importlib.import_module(_LAZY[name]), name)

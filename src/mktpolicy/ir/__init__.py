"""Stage 3: the IR (typed, resolved rules) and the compiler that builds it from specs."""

from mktpolicy.ir.from_spec import PASSES, compile_rules
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
]

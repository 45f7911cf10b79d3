"""Consequences the regulations name (treated as leaving without procedure, transfer, ...)."""

from __future__ import annotations

from mktpolicy.ir.context import CompileContext
from mktpolicy.ir.model import Consequence


def resolve_consequences(ctx: CompileContext) -> None:
    """Index consequences by id; their citations are checked by resolve_clauses."""
    for ident, spec in ctx.consequence_specs.items():
        ctx.consequences[ident] = Consequence(
            ident, spec.title_en, spec.title_zh, tuple(spec.cites)
        )

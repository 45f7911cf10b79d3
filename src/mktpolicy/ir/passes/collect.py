"""Gather every section of every file; a duplicate id is an error naming both places."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from mktpolicy.ir.context import CompileContext
from mktpolicy.spec.models import RuleSpec, SpecModel

S = TypeVar("S", bound=SpecModel)


def _index(
    ctx: CompileContext, kind: str, items: Iterable[S], key: str, table: dict[str, S]
) -> None:
    for item in items:
        ident = getattr(item, key)
        if ident in table:
            ctx.error(
                "duplicate_id",
                f"{kind} {ident!r} is defined twice",
                ctx.span(item, key),
                notes=(f"first defined at {ctx.span(table[ident], key)}",),
            )
            continue
        table[ident] = item


def collect(ctx: CompileContext) -> None:
    """Index documents, clauses, parameters, consequences, facts and rules by id."""
    rules: dict[str, RuleSpec] = {}
    for loaded in ctx.files:
        spec = loaded.spec
        _index(ctx, "document", spec.documents, "id", ctx.document_specs)
        _index(ctx, "clause", spec.clauses, "id", ctx.clause_specs)
        _index(ctx, "parameter", spec.parameters, "id", ctx.parameter_specs)
        _index(ctx, "consequence", spec.consequences, "id", ctx.consequence_specs)
        _index(ctx, "fact type", spec.facts, "name", ctx.fact_specs)
        _index(ctx, "rule", spec.rules, "id", rules)
    ctx.rule_specs = list(rules.values())

"""Gather every section of every file; a duplicate id is an error naming both places."""

from __future__ import annotations

from mktpolicy.ir.context import CompileContext
from mktpolicy.spec.models import SpecModel


def collect(ctx: CompileContext) -> None:
    """Index documents, clauses, parameters, consequences, facts and rules by id."""
    seen_rules: dict[str, SpecModel] = {}
    for loaded in ctx.files:
        spec = loaded.spec
        for kind, items, table, key in (
            ("document", spec.documents, ctx.document_specs, "id"),
            ("clause", spec.clauses, ctx.clause_specs, "id"),
            ("parameter", spec.parameters, ctx.parameter_specs, "id"),
            ("consequence", spec.consequences, ctx.consequence_specs, "id"),
            ("fact type", spec.facts, ctx.fact_specs, "name"),
            ("rule", spec.rules, seen_rules, "id"),
        ):
            for item in items:
                ident = getattr(item, key)
                if ident in table:
                    first = table[ident]  # type: ignore[index]
                    ctx.error(
                        "duplicate_id",
                        f"{kind} {ident!r} is defined twice",
                        ctx.span(item, key),
                        notes=(f"first defined at {ctx.span(first, key)}",),
                    )
                    continue
                table[ident] = item  # type: ignore[index]
    ctx.rule_specs = [r for r in seen_rules.values()]  # type: ignore[misc]

"""Build the clause registry and check that every citation names a clause that exists."""

from __future__ import annotations

import re

from mktpolicy.diagnostics import did_you_mean
from mktpolicy.ir.context import CompileContext
from mktpolicy.ir.model import Clause, Document, Location
from mktpolicy.spec.models import SpecModel

_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_FOLDED_SPACE = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


def join_cjk(text: str) -> str:
    """Chinese text folded over several YAML lines, without the spaces folding put in."""
    return _FOLDED_SPACE.sub("", text)


def resolve_clauses(ctx: CompileContext) -> None:
    """Documents and clauses become IR; `cites` everywhere must resolve."""
    for ident, doc in ctx.document_specs.items():
        ctx.documents[ident] = Document(doc.id, doc.file, doc.title_zh, doc.title_en)
    for ident, spec in ctx.clause_specs.items():
        for index, location in enumerate(spec.locations):
            if ctx.documents and location.document not in ctx.documents:
                ctx.error(
                    "unknown_document",
                    f"clause {ident!r} cites document {location.document!r}, which is not listed",
                    ctx.span(spec, "locations", index, "document"),
                )
        ctx.clauses[ident] = Clause(
            id=spec.id,
            kind=spec.kind,
            title=spec.title,
            text_zh=join_cjk(spec.text_zh),
            text_en=spec.text_en,
            source_text=spec.source_text,
            locations=tuple(
                Location(loc.document, loc.part, loc.section, loc.item, loc.line)
                for loc in spec.locations
            ),
            inventory=tuple(spec.inventory),
            not_checkable=spec.not_checkable,
            out_of_scope=spec.out_of_scope,
            note=spec.note,
            span=ctx.span(spec),
        )
    citing: list[tuple[SpecModel, list[str]]] = [
        *((p, p.cites) for p in ctx.parameter_specs.values()),
        *((c, c.cites) for c in ctx.consequence_specs.values()),
        *((r, r.cites) for r in ctx.rule_specs),
    ]
    for node, cites in citing:
        for index, clause_id in enumerate(cites):
            if clause_id not in ctx.clauses:
                ctx.error(
                    "cite_error",
                    f"unknown clause {clause_id!r}",
                    ctx.span(node, "cites", index),
                    hint=did_you_mean(clause_id, set(ctx.clauses)),
                )
            elif ctx.clauses[clause_id].out_of_scope:
                ctx.error(
                    "cite_error",
                    f"clause {clause_id!r} is out of scope: {ctx.clauses[clause_id].out_of_scope}",
                    ctx.span(node, "cites", index),
                )

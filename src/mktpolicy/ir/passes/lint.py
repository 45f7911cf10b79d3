"""Warnings that do not stop a rulebook from loading (`mktpolicy lint` shows them)."""

from __future__ import annotations

from mktpolicy.ir.context import CompileContext


def lint(ctx: CompileContext) -> None:
    """Unused parameters and derived facts that nothing derives or nothing reads."""
    used = set().union(*(rule.params_used for rule in ctx.rules)) if ctx.rules else set()
    for ident, spec in ctx.parameter_specs.items():
        if ident not in used:
            ctx.warn("unused_parameter", f"parameter {ident!r} is used by no rule", ctx.span(spec, "id"))
    derived = {r.action.fact_type for r in ctx.rules if hasattr(r.action, "fact_type")}
    matched = {p.fact_type for r in ctx.rules for p in (*r.patterns, *r.negations)}
    for name, spec in ctx.fact_specs.items():
        if name not in derived:
            ctx.warn("never_derived", f"fact type {name!r} is derived by no rule", ctx.span(spec, "name"))
        elif name not in matched:
            ctx.warn("never_matched", f"fact type {name!r} is matched by no rule", ctx.span(spec, "name"))

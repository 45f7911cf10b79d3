"""Warnings that do not stop a rulebook from loading (`mktpolicy lint` shows them)."""

from __future__ import annotations

from mktpolicy.ir.context import CompileContext
from mktpolicy.ir.model import DeriveAction


def lint(ctx: CompileContext) -> None:
    """Unused parameters, and derived-fact types no rule derives. (A fact no rule matches is
    fine: derived facts such as MonthlyScore are outputs, read through Session.facts.)"""
    used: set[str] = set().union(*(rule.params_used for rule in ctx.rules))
    for ident, spec in ctx.parameter_specs.items():
        if ident not in used:
            ctx.warn(
                "unused_parameter", f"parameter {ident!r} is used by no rule", ctx.span(spec, "id")
            )
    derived = {r.action.fact_type for r in ctx.rules if isinstance(r.action, DeriveAction)}
    for name, fact in ctx.fact_specs.items():
        if name not in derived:
            ctx.warn(
                "never_derived", f"fact type {name!r} is derived by no rule", ctx.span(fact, "name")
            )

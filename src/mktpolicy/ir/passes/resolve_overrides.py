"""Exceptions, Catala style: `overrides: [rule]` replaces that rule for the same matched fact."""

from __future__ import annotations

from dataclasses import replace

from mktpolicy.diagnostics import did_you_mean
from mktpolicy.ir.context import CompileContext


def resolve_overrides(ctx: CompileContext) -> None:
    """Targets must exist, be other rules, and match the same kind of anchor fact."""
    by_id = {rule.id: rule for rule in ctx.rules}
    known = {spec.id for spec in ctx.rule_specs}
    overridden_by: dict[str, list[str]] = {}
    specs = {spec.id: spec for spec in ctx.rule_specs}
    for rule in ctx.rules:
        spec = specs[rule.id]
        for index, target_id in enumerate(rule.overrides):
            span = ctx.span(spec, "overrides", index)
            if target_id == rule.id:
                ctx.error("override_error", f"rule {rule.id!r} overrides itself", span)
                continue
            target = by_id.get(target_id)
            if target is None:
                if target_id not in known:
                    ctx.error(
                        "override_error",
                        f"rule {rule.id!r} overrides {target_id!r}, which does not exist",
                        span,
                        hint=did_you_mean(target_id, known),
                    )
                continue
            if target.anchor.fact_type != rule.anchor.fact_type:
                ctx.error(
                    "override_error",
                    f"rule {rule.id!r} (first matching {rule.anchor.fact_type}) cannot override "
                    f"{target_id!r} (first matching {target.anchor.fact_type}): an exception "
                    "replaces a rule for the same matched fact",
                    span,
                )
                continue
            overridden_by.setdefault(target_id, []).append(rule.id)
    ctx.rules = [
        replace(rule, overridden_by=tuple(sorted(overridden_by.get(rule.id, ()))))
        for rule in ctx.rules
    ]

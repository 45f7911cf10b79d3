"""Compiled rules grouped by stratum, each stratum's activations indexed by fact class."""

from __future__ import annotations

from dataclasses import dataclass

from mktpolicy.backends.native.activation import Activate, activation
from mktpolicy.backends.native.from_ir import CompiledRule, compile_rule
from mktpolicy.ir.model import DeriveAction, Program


@dataclass(frozen=True, slots=True)
class Stratum:
    """The rules of one stratum, and for each fact class the activations it triggers."""

    rules: tuple[CompiledRule, ...]
    dispatch: dict[type, tuple[tuple[Activate, CompiledRule], ...]]
    """A class → (activation, rule) for every pattern of that class, in rule order."""


def compile_rules(program: Program) -> list[CompiledRule]:
    """Every rule of `program` compiled to closures, in rule order."""
    indexes = {rule.id: i for i, rule in enumerate(program.rules)}
    return [compile_rule(program, rule, i, indexes) for i, rule in enumerate(program.rules)]


def compile_program(
    program: Program,
    only: set[str] | None = None,
    compiled: list[CompiledRule] | None = None,
) -> tuple[Stratum, ...]:
    """Every enabled rule (or those in `only`) grouped by stratum, indexed by class.

    `compiled` (from compile_rules) lets several groupings share one compilation.
    """
    if compiled is None:
        compiled = compile_rules(program)
    strata = []
    for ids in program.strata:
        wanted = set(ids) if only is None else set(ids) & only
        members = tuple(c for c in compiled if c.rule.id in wanted)
        dispatch: dict[type, list[tuple[Activate, CompiledRule]]] = {}
        for crule in members:
            for position, cls in enumerate(crule.classes):
                dispatch.setdefault(cls, []).append((activation(crule, position), crule))
        strata.append(Stratum(members, {k: tuple(v) for k, v in dispatch.items()}))
    return tuple(strata)


def rules_for_evaluate(program: Program) -> set[str]:
    """Every rule except those deriving a type that no rule matches or negates: such facts
    are for sessions and tools (the monthly score), never behind a verdict, and a rule that
    feeds nothing cannot be part of a derivation loop, so skipping it keeps the bound's
    guarantee."""
    matched = {
        pattern.fact_type for rule in program.rules for pattern in (*rule.patterns, *rule.negations)
    }
    return {
        rule.id
        for rule in program.rules
        if not isinstance(rule.action, DeriveAction)
        or rule.action.fact_type in matched
        or rule.overrides
    }

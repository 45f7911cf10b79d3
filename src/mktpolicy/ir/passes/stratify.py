"""Order rules into strata so negation and overrides see finished facts; reject cycles.

A rule that matches a derived type runs no earlier than the rules deriving it; a rule that
negates a type (`unless`) or is overridden runs strictly later than the rules it waits for.
A cycle through such a strict edge has no meaning (and no fixpoint) and is a compile error.
"""

from __future__ import annotations

from dataclasses import replace

from mktpolicy.ir.context import CompileContext
from mktpolicy.ir.model import DeriveAction, Rule


def stratify(ctx: CompileContext) -> None:
    """Assign `Rule.stratum`; report cycles through negation or overrides with the rules."""
    rules = {rule.id: rule for rule in ctx.rules}
    producers: dict[str, list[str]] = {}
    for rule in ctx.rules:
        if isinstance(rule.action, DeriveAction):
            producers.setdefault(rule.action.fact_type, []).append(rule.id)
    # edges[a] = [(b, strict)]: b must run after a (strictly after when strict).
    edges: dict[str, list[tuple[str, bool]]] = {rid: [] for rid in rules}
    for rule in ctx.rules:
        for pattern in rule.patterns:
            for producer in producers.get(pattern.fact_type, ()):
                edges[producer].append((rule.id, False))
        for pattern in rule.negations:
            for producer in producers.get(pattern.fact_type, ()):
                edges[producer].append((rule.id, True))
        for overrider in rule.overridden_by:
            edges[overrider].append((rule.id, True))
    components = _strongly_connected(list(rules), edges)
    component_of = {rid: i for i, comp in enumerate(components) for rid in comp}
    for comp in components:
        members = set(comp)
        for rid in comp:
            for target, strict in edges[rid]:
                if strict and target in members:
                    names = ", ".join(sorted(members))
                    ctx.error(
                        "cycle_error",
                        f"rules depend on each other through 'unless' or 'overrides': {names}",
                        rules[target].span,
                        hint="a rule cannot wait for facts that its own conclusions produce",
                    )
                    return
    # Tarjan yields components in reverse topological order.
    level = dict.fromkeys(range(len(components)), 0)
    for index in reversed(range(len(components))):
        for rid in components[index]:
            for target, strict in edges[rid]:
                j = component_of[target]
                if j != index:
                    level[j] = max(level[j], level[index] + (1 if strict else 0))
    ctx.rules = [replace(r, stratum=level[component_of[r.id]]) for r in ctx.rules]
    depth = max(level.values(), default=0)
    ctx.strata = tuple(tuple(r.id for r in ctx.rules if r.stratum == s) for s in range(depth + 1))


def _strongly_connected(
    nodes: list[str], edges: dict[str, list[tuple[str, bool]]]
) -> list[list[str]]:
    """Tarjan's algorithm, iterative (rulebooks may be large)."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index_of:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child][0]
                if target not in index_of:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index_of[target])
                continue
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


def rules_in_order(rules: list[Rule]) -> list[Rule]:
    """Rules by stratum, then as declared: the firing order backends follow."""
    return sorted(rules, key=lambda r: r.stratum)

"""Equality probes: a join or `unless` pattern looked up by value instead of scanned.

`unless: {fact: MissedTarget, as: before, where: "before.month == miss.month - months(1)"}`
tests every MissedTarget of the employee for every miss; with a probe the engine computes
`miss.month - months(1)` once and looks the candidates up in an index of MissedTarget by
`month` (WorkingMemory.lookup). The probe only narrows the candidates: the pattern's whole test
still runs on each, so the result is the same. Python's `==` and hashing agree on the values
conditions compare (numbers, dates, text, booleans, null), which is what makes this sound.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mktpolicy import expr
from mktpolicy.expr.typed import walk

Test = Callable[[Sequence[object]], object]

_SCALARS = frozenset({"bool", "int", "number", "money", "date", "datetime", "text"})
"""Kinds whose values hash the way they compare (lists and periods are left to scanning)."""


@dataclass(frozen=True, slots=True)
class Probe:
    """Candidates for a pattern are the facts whose `field` equals `value(bound)`."""

    field: str
    value: Test
    needs: frozenset[int]
    """The slots `value` reads (a parameter reads the anchor's, slot 0)."""


def equality_probe(
    condition: expr.TypedNode | None,
    binding: str,
    slots: Mapping[str, int],
    params: Mapping[str, Callable[[Sequence[object]], object]],
) -> Probe | None:
    """The first conjunct `binding.field == <expression of other bindings>`, as a probe."""
    if condition is None:
        return None
    for part in _conjuncts(condition):
        if part.op != "cmp" or part.value != "==":
            continue
        left, right = part.args
        for mine, other in ((left, right), (right, left)):
            if (
                mine.op == "field"
                and mine.value[0] == binding
                and mine.type.kind in _SCALARS
                and other.type.kind in _SCALARS
            ):
                nodes = walk(other)
                used = {n.value[0] for n in nodes if n.op == "field"}
                if binding in used or not used <= slots.keys():
                    continue
                needs = {slots[b] for b in used}
                if any(n.op == "param" for n in nodes):
                    needs.add(0)
                value = expr.compile_expr(other, slots=slots, params=params)
                return Probe(mine.value[1], value, frozenset(needs))
    return None


def _conjuncts(node: expr.TypedNode) -> list[expr.TypedNode]:
    if node.op == "and":
        return [part for arg in node.args for part in _conjuncts(arg)]
    return [node]

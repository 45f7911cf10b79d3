"""Activations for rules that ask the working-day calendar: matched three-valued.

A combination of facts whose conjuncts are all true fires as usual; one a conjunct needed
missing data for (and none is false) is recorded as an undetermined firing, with the error.
An `unless` pattern that cannot be judged for some fact (and no fact surely blocks) leaves the
firing undetermined too. Such rules are few, so this path keeps no probes or fast cases.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mktpolicy.backends.base import Firing
from mktpolicy.backends.native.from_ir import CompiledRule, Judged
from mktpolicy.backends.native.memory import WorkingMemory
from mktpolicy.backends.undetermined import Judgement, judge
from mktpolicy.errors import CalendarError

Activate = Callable[[object, int, WorkingMemory], None]
Finish = Callable[[Sequence[object], int, WorkingMemory], None]


def guarded_activation(crule: CompiledRule, position: int, finish: Finish) -> Activate:
    """The activation of `crule` (which has `judged` tests) with a fact at `position`."""
    judged = crule.judged
    assert judged is not None
    arity = crule.arity
    classes = crule.classes
    negated = tuple(cls for cls, _ in crule.negations)
    size = arity + len(negated)
    undetermined = undetermined_finish(crule)

    def join(
        j: int,
        seq: int,
        bound: list[object],
        seqs: list[int],
        memory: WorkingMemory,
        missing: CalendarError | None,
    ) -> None:
        if j == arity:
            verdict = judge(judged.condition, bound)
            if verdict is False:
                return
            blocked = _blocked(judged, negated, arity, bound, memory)
            if blocked is True:
                return
            missing = missing or _error(verdict) or _error(blocked)
            if missing is None:
                finish(bound, seqs[0], memory)
            else:
                undetermined(bound, seqs[0], memory, missing)
            return
        if j == position:
            candidates: Sequence[int] = (seq,)
        else:
            limit = seq if j < position else seq + 1
            candidates = [c for c in memory.by_class.get(classes[j], ()) if c < limit]
        for candidate in candidates:
            bound[j] = memory.facts[candidate]
            seqs[j] = candidate
            verdict = judge(judged.patterns[j], bound)
            if verdict is not False:
                join(j + 1, seq, bound, seqs, memory, missing or _error(verdict))

    def activate(fact: object, seq: int, memory: WorkingMemory) -> None:
        bound: list[object] = [None] * size
        bound[position] = fact
        join(0, seq, bound, [0] * arity, memory, None)

    return activate


def _error(judgement: Judgement) -> CalendarError | None:
    return judgement if isinstance(judgement, CalendarError) else None


def _blocked(
    judged: Judged,
    negated: tuple[type, ...],
    slot: int,
    bound: list[object],
    memory: WorkingMemory,
) -> Judgement:
    """True if some fact surely matches an `unless` pattern; else the first error that left
    one open; else False."""
    missing: CalendarError | None = None
    for cls, tests in zip(negated, judged.negations, strict=True):
        for candidate in memory.by_class.get(cls, ()):
            bound[slot] = memory.facts[candidate]
            verdict = judge(tests, bound)
            if verdict is True:
                return True
            missing = missing or _error(verdict)
        slot += 1
    return False if missing is None else missing


def undetermined_finish(
    crule: CompiledRule,
) -> Callable[[Sequence[object], int, WorkingMemory, CalendarError], None]:
    """Record an undetermined firing. It replaces the rules it overrides, as a firing would:
    what they would say is not known either until the data is there."""
    rule, arity, index = crule.rule, crule.arity, crule.index

    def record(
        bound: Sequence[object], anchor: int, memory: WorkingMemory, missing: CalendarError
    ) -> None:
        if crule.overridden and (index, anchor) in memory.blocked:
            return
        for target in crule.overrides:
            memory.blocked.add((target, anchor))
        memory.firings.append(Firing(rule, tuple(bound[:arity]), missing))

    return record

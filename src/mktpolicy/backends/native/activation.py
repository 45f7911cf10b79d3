"""Activations: for each (rule, pattern position), one closure built when the policy compiles.

The agenda calls `activate(fact, seq, memory)` for every fact a pattern's class matches, so the
choices that depend only on the rule (its arity, whether it has a test, negations, overrides,
what it derives) are made here once instead of on every fact.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from mktpolicy.backends.base import Firing
from mktpolicy.backends.native.from_ir import CompiledRule
from mktpolicy.backends.native.guarded import guarded_activation
from mktpolicy.backends.native.memory import WorkingMemory
from mktpolicy.backends.native.probes import Probe, Test
from mktpolicy.errors import CalendarError, RunawayDerivationError

Activate = Callable[[object, int, WorkingMemory], None]
Finish = Callable[[Sequence[object], int, WorkingMemory], None]
"""Called with the bound facts (patterns first) and the anchor's sequence number."""


def activation(crule: CompiledRule, position: int) -> Activate:
    """The closure that tries `crule` with `fact` at `position`."""
    finish = _finish(crule)
    if crule.judged is not None:
        return guarded_activation(crule, position, finish)
    if crule.arity == 1:
        return _single(crule, finish)
    return _joined(crule, position, finish)


def _both(first: Test | None, second: Test | None) -> Test | None:
    if first is None:
        return second
    if second is None:
        return first
    return lambda bound: first(bound) and second(bound)


def _single(crule: CompiledRule, finish: Finish) -> Activate:
    """One pattern: the fact alone is the whole match."""
    check = _both(crule.tests[0], crule.condition)
    negations = crule.negations
    if negations:
        blanks = [None] * len(negations)
        probes = _negation_probes(crule)

        def negated(fact: object, seq: int, memory: WorkingMemory) -> None:
            bound = [fact, *blanks]
            if (check is None or check(bound)) and not _blocked_by(
                negations, probes, 1, bound, memory
            ):
                finish(bound, seq, memory)

        return negated
    if check is None:
        return lambda fact, seq, memory: finish((fact,), seq, memory)

    def single(fact: object, seq: int, memory: WorkingMemory) -> None:
        bound = (fact,)
        if check(bound):
            finish(bound, seq, memory)

    return single


def _joined(crule: CompiledRule, position: int, finish: Finish) -> Activate:
    """Several patterns: the visited fact at `position`, the others from earlier facts (and,
    after `position`, the visited fact itself), so each combination fires exactly once."""
    arity = crule.arity
    tests = crule.tests
    classes = crule.classes
    negations = crule.negations
    condition = crule.condition
    size = arity + len(negations)
    negation_probes = _negation_probes(crule)
    # A pattern's probe is usable if what it reads is bound before that pattern is joined.
    probes = tuple(
        probe if probe is not None and probe.needs <= {*range(j), position} else None
        for j, probe in enumerate(crule.probes or (None,) * arity)
    )

    def join(j: int, seq: int, bound: list[object], seqs: list[int], memory: WorkingMemory) -> None:
        if j == arity:
            if condition is not None and not condition(bound):
                return
            if negations and _blocked_by(negations, negation_probes, arity, bound, memory):
                return
            finish(bound, seqs[0], memory)
            return
        test = tests[j]
        if j == position:
            if test is None or test(bound):
                join(j + 1, seq, bound, seqs, memory)
            return
        limit = seq if j < position else seq + 1
        facts = memory.facts
        probe = probes[j]
        if probe is None:
            candidates: Sequence[int] = memory.by_class.get(classes[j], ())
        else:
            candidates = memory.lookup(classes[j], probe.field, probe.value(bound))
        for candidate in candidates:
            if candidate >= limit:
                break
            bound[j] = facts[candidate]
            seqs[j] = candidate
            if test is None or test(bound):
                join(j + 1, seq, bound, seqs, memory)

    def activate(fact: object, seq: int, memory: WorkingMemory) -> None:
        bound: list[object] = [None] * size
        seqs = [0] * arity
        bound[position] = fact
        seqs[position] = seq
        join(0, seq, bound, seqs, memory)

    return activate


def _negation_probes(crule: CompiledRule) -> tuple[Probe | None, ...]:
    """Each `unless` pattern's probe, if what it reads is bound when that pattern is tried."""
    found = crule.negation_probes or (None,) * len(crule.negations)
    return tuple(
        probe if probe is not None and probe.needs <= set(range(crule.arity + i)) else None
        for i, probe in enumerate(found)
    )


def _blocked_by(
    negations: tuple[tuple[type, Test | None], ...],
    probes: tuple[Probe | None, ...],
    slot: int,
    bound: list[object],
    memory: WorkingMemory,
) -> bool:
    """True if some fact matches one of the `unless` patterns (bound from `slot` on)."""
    facts = memory.facts
    for (cls, test), probe in zip(negations, probes, strict=True):
        if probe is None:
            candidates: Sequence[int] = memory.by_class.get(cls, ())
        else:
            candidates = memory.lookup(cls, probe.field, probe.value(bound))
        for candidate in candidates:
            bound[slot] = facts[candidate]
            if test is None or test(bound):
                return True
        slot += 1
    return False


def _finish(crule: CompiledRule) -> Finish:
    """What a complete match does: exceptions first, then a verdict firing or a derived fact."""
    rule = crule.rule
    arity = crule.arity
    index = crule.index
    overrides = crule.overrides
    overridden = crule.overridden
    derive_class = crule.derive_class
    computes = _derive_order(crule)

    def fire(bound: Sequence[object], anchor: int, memory: WorkingMemory) -> None:
        if overridden and (index, anchor) in memory.blocked:
            return
        for target in overrides:
            memory.blocked.add((target, anchor))
        facts = bound if type(bound) is tuple else tuple(bound[:arity])
        firing = Firing(rule, facts)
        if derive_class is None:
            memory.firings.append(firing)
            return
        try:
            derived = derive_class(*[memory.subject if c is None else c(bound) for c in computes])
        except CalendarError as missing:
            memory.firings.append(Firing(rule, facts, missing))
            return
        memory.add_derived(derived, firing)
        if len(memory.derived) > memory.max_derived:
            raise runaway(memory)

    if overridden or overrides or derive_class is not None:
        return fire

    def verdict(bound: Sequence[object], anchor: int, memory: WorkingMemory) -> None:
        memory.firings.append(Firing(rule, bound if type(bound) is tuple else tuple(bound[:arity])))

    return verdict


def _derive_order(crule: CompiledRule) -> tuple[Test | None, ...]:
    """The derived fact's constructor arguments in field order: None stands for the employee
    (a derived fact belongs to the subject of the rule that derived it)."""
    if crule.derive_class is None:
        return ()
    given = dict(crule.derive_fields)
    return tuple(
        None if f.name == "employee_id" else given[f.name]
        for f in dataclasses.fields(crule.derive_class)
    )


def runaway(memory: WorkingMemory) -> RunawayDerivationError:
    """The error for an employee whose forward chaining derived too many facts."""
    top = sorted(memory.derived_by_rule.items(), key=lambda item: -item[1])[:5]
    rules = ", ".join(f"{rule} ({count:,} facts)" for rule, count in top)
    return RunawayDerivationError(
        f"forward chaining for employee {memory.subject!r} derived more than "
        f"{memory.max_derived:,} facts; a derivation loop? rules deriving the most: {rules}"
    )

"""Forward chaining, stratum by stratum, until nothing new fires.

Within a stratum every fact is visited once in sequence order; a rule fires on a combination of
facts when its last-arriving fact is visited (positions before the visited one take only earlier
facts), so each combination fires exactly once and derived facts are matched as they appear.
Negations and overridden rules live in later strata, so they see finished facts. The result is a
function of the set of events, not of their order: verdicts are sorted before they are reported.
"""

from __future__ import annotations

from collections.abc import Sequence

from mktpolicy.backends.base import MAX_DERIVED_FACTS, Firing, RunResult
from mktpolicy.backends.native.from_ir import CompiledRule, Stratum, compile_program
from mktpolicy.backends.native.memory import WorkingMemory
from mktpolicy.errors import EvaluationError, PolicyError, RunawayDerivationError
from mktpolicy.events.base import Event
from mktpolicy.ir.model import Program


class NativeBackend:
    """The default backend: compiled closures and a per-employee agenda."""

    name = "native"

    def __init__(self, program: Program, *, max_derived: int = MAX_DERIVED_FACTS) -> None:
        self.program = program
        self.strata: tuple[Stratum, ...] = compile_program(program)
        self.max_derived = max_derived

    def run(self, subject: str, events: Sequence[Event]) -> RunResult:
        """Evaluate one employee's events; the Policy is shared, so all state is local here."""
        memory = WorkingMemory.of(subject, events)
        facts = memory.facts
        for stratum in self.strata:
            dispatch = stratum.dispatch
            seq = 0
            while seq < len(facts):
                fact = facts[seq]
                entries = dispatch.get(type(fact))
                if entries is not None:
                    for crule, position in entries:
                        try:
                            _activate(crule, fact, seq, position, memory)
                        except PolicyError:
                            raise
                        except Exception as exc:  # a rule's arithmetic failed on real data
                            raise EvaluationError(
                                f"rule {crule.rule.id!r} failed for employee {subject!r} on "
                                f"{_describe(fact)}: {type(exc).__name__}: {exc}"
                            ) from exc
                        if len(memory.derived) > self.max_derived:
                            raise _runaway(memory, self.max_derived)
                seq += 1
        return RunResult(subject, memory.firings, list(memory.derived), memory.derivations)


def _activate(
    crule: CompiledRule, fact: object, seq: int, position: int, memory: WorkingMemory
) -> None:
    arity = crule.arity
    if arity == 1:
        test = crule.tests[0]
        bound: list[object] = [fact, *([None] * len(crule.negations))]
        if test is None or test(bound):
            _complete(crule, bound, (seq,), memory)
        return
    bound = [None] * (arity + len(crule.negations))
    seqs = [0] * arity
    bound[position] = fact
    seqs[position] = seq
    _join(crule, 0, position, seq, bound, seqs, memory)


def _join(
    crule: CompiledRule,
    j: int,
    position: int,
    seq: int,
    bound: list[object],
    seqs: list[int],
    memory: WorkingMemory,
) -> None:
    if j == crule.arity:
        _complete(crule, bound, tuple(seqs), memory)
        return
    test = crule.tests[j]
    if j == position:
        if test is None or test(bound):
            _join(crule, j + 1, position, seq, bound, seqs, memory)
        return
    limit = seq if j < position else seq + 1
    facts = memory.facts
    for candidate in memory.by_class.get(crule.classes[j], ()):
        if candidate >= limit:
            break
        bound[j] = facts[candidate]
        seqs[j] = candidate
        if test is None or test(bound):
            _join(crule, j + 1, position, seq, bound, seqs, memory)


def _complete(
    crule: CompiledRule, bound: list[object], seqs: tuple[int, ...], memory: WorkingMemory
) -> None:
    if crule.condition is not None and not crule.condition(bound):
        return
    if crule.negations:
        slot = crule.arity
        facts = memory.facts
        for cls, test in crule.negations:
            for candidate in memory.by_class.get(cls, ()):
                bound[slot] = facts[candidate]
                if test is None or test(bound):
                    return
            slot += 1
    anchor = seqs[0]
    if crule.overridden and (crule.index, anchor) in memory.blocked:
        return
    for target in crule.overrides:
        memory.blocked.add((target, anchor))
    firing = Firing(crule.rule, tuple(bound[: crule.arity]))
    if crule.derive_class is None:
        memory.firings.append(firing)
        return
    values = {name: compute(bound) for name, compute in crule.derive_fields}
    fact = crule.derive_class(employee_id=memory.subject, **values)
    memory.add_derived(fact, firing)


def _describe(fact: object) -> str:
    if isinstance(fact, Event):
        return f"{type(fact).__name__} {fact.ref}"
    return repr(fact)


def _runaway(memory: WorkingMemory, bound: int) -> RunawayDerivationError:
    top = sorted(memory.derived_by_rule.items(), key=lambda item: -item[1])[:5]
    rules = ", ".join(f"{rule} ({count:,} facts)" for rule, count in top)
    return RunawayDerivationError(
        f"forward chaining for employee {memory.subject!r} derived more than {bound:,} facts; "
        f"a derivation loop? rules deriving the most: {rules}"
    )

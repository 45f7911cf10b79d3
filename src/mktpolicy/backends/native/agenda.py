"""Forward chaining, stratum by stratum, until nothing new fires.

Within a stratum every fact is visited once, class by class, and only facts of a class some rule
of the stratum matches: a stratum costs what its rules can match, not the size of memory. A rule
fires on a combination of facts when the combination's last-arriving fact (by sequence number)
is visited, and the other positions take only earlier facts, so each combination fires exactly
once whatever order the facts are visited in; facts derived along the way are visited too.
Negations and overridden rules live in later strata, so they see finished facts. The result is a
function of the set of events, not of their order: verdicts are sorted before they are reported.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from mktpolicy.backends.base import MAX_DERIVED_FACTS, RunResult
from mktpolicy.backends.native.from_ir import CompiledRule
from mktpolicy.backends.native.memory import WorkingMemory
from mktpolicy.backends.native.strata import (
    Stratum,
    compile_program,
    compile_rules,
    rules_for_evaluate,
)
from mktpolicy.errors import EvaluationError, PolicyError
from mktpolicy.events.base import Event
from mktpolicy.ir.model import Program


class NativeBackend:
    """The default backend: compiled closures and a per-employee agenda."""

    name = "native"

    def __init__(self, program: Program, *, max_derived: int = MAX_DERIVED_FACTS) -> None:
        self.program = program
        compiled = compile_rules(program)  # once: both groupings share the closures
        self.strata: tuple[Stratum, ...] = compile_program(program, compiled=compiled)
        self.verdict_strata = compile_program(
            program, rules_for_evaluate(program), compiled=compiled
        )
        """Without the rules whose facts nothing matches (the monthly score is derived for
        sessions and tools): what `Policy.evaluate` runs."""
        self.max_derived = max_derived

    def run(
        self, subject: str, events: Sequence[Event], *, verdicts_only: bool = False
    ) -> RunResult:
        """Evaluate one employee's events; the Policy is shared, so all state is local here."""
        memory = WorkingMemory.of(subject, events, self.max_derived)
        for stratum in self.verdict_strata if verdicts_only else self.strata:
            _run_stratum(stratum, memory)
        return RunResult(subject, memory.firings, list(memory.derived), memory.derivations)


def _run_stratum(stratum: Stratum, memory: WorkingMemory) -> None:
    """Visit every fact of the classes the stratum matches, including facts it derives (a
    list's iterator sees items appended while it runs)."""
    dispatch = stratum.dispatch
    facts = memory.facts
    by_class = memory.by_class
    visited: dict[type, int] = {}
    progress = True
    while progress:
        progress = False
        for cls, seqs in list(by_class.items()):
            entries = dispatch.get(cls)
            if entries is None:
                continue
            start = visited.get(cls, 0)
            if start == len(seqs):
                continue
            progress = True
            pending = seqs if start == 0 else itertools.islice(seqs, start, None)
            activate, crule = entries[0]
            seq = -1
            try:
                if len(entries) == 1:
                    for seq in pending:
                        activate(facts[seq], seq, memory)
                else:
                    for seq in pending:
                        fact = facts[seq]
                        for activate, crule in entries:  # noqa: B007 (the except names it)
                            activate(fact, seq, memory)
            except PolicyError:
                raise
            except Exception as exc:  # a rule's arithmetic failed on real data
                raise _failed(crule, memory, facts[seq], exc) from exc
            visited[cls] = len(seqs)


def _failed(crule: CompiledRule, memory: WorkingMemory, fact: object, exc: Exception) -> Exception:
    return EvaluationError(
        f"rule {crule.rule.id!r} failed for employee {memory.subject!r} on "
        f"{_describe(fact)}: {type(exc).__name__}: {exc}"
    )


def _describe(fact: object) -> str:
    if isinstance(fact, Event):
        return f"{type(fact).__name__} {fact.ref}"
    return repr(fact)

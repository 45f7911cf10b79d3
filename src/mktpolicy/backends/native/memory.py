"""One employee's working memory: facts in arrival order, by class, and derived-fact dedup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mktpolicy.backends.base import MAX_DERIVED_FACTS, Firing
from mktpolicy.events.base import Event


@dataclass(slots=True)
class WorkingMemory:
    """Facts get a sequence number (their index in `facts`); lists by class keep that order."""

    subject: str
    facts: list[object] = field(default_factory=list)
    by_class: dict[type, list[int]] = field(default_factory=dict)
    derived: dict[object, object] = field(default_factory=dict)
    """Each derived fact by value (to the instance first stored)."""
    derivations: dict[int, Firing] = field(default_factory=dict)
    firings: list[Firing] = field(default_factory=list)
    blocked: set[tuple[int, int]] = field(default_factory=set)
    """(rule index, anchor sequence number) pairs that an exception replaced."""
    derived_by_rule: dict[str, int] = field(default_factory=dict)
    max_derived: int = MAX_DERIVED_FACTS
    """Past this many derived facts the native agenda stops (RunawayDerivationError)."""
    indexes: dict[tuple[type, str], _Index] = field(default_factory=dict)
    """Facts of a class by the value of one field, built when a probe first asks."""

    @classmethod
    def of(
        cls, subject: str, events: Sequence[object], max_derived: int = MAX_DERIVED_FACTS
    ) -> WorkingMemory:
        memory = cls(subject, list(events), max_derived=max_derived)
        by_class = memory.by_class
        for seq, event in enumerate(memory.facts):
            seqs = by_class.get(type(event))
            if seqs is None:
                by_class[type(event)] = [seq]
            else:
                seqs.append(seq)
        return memory

    def lookup(self, cls: type, name: str, value: object) -> Sequence[int]:
        """The sequence numbers, in order, of the facts of `cls` whose `name` equals `value`;
        the index catches up with facts that arrived since it was last asked."""
        seqs = self.by_class.get(cls)
        if seqs is None:
            return ()
        index = self.indexes.get((cls, name))
        if index is None:
            index = self.indexes[(cls, name)] = _Index()
        if index.done < len(seqs):
            table, facts = index.table, self.facts
            for seq in seqs[index.done :]:
                key = getattr(facts[seq], name)
                found = table.get(key)
                if found is None:
                    table[key] = [seq]
                else:
                    found.append(seq)
            index.done = len(seqs)
        return index.table.get(value, ())

    def add_derived(self, fact: object, firing: Firing) -> bool:
        """Add a derived fact unless an equal one exists; True if it is new.

        When several firings derive the same fact (two records of one month, say), the one
        kept as its provenance is the smallest by `_firing_key`, not the first to arrive, so
        explanations and the events a verdict cites do not depend on the order of events.
        """
        stored = self.derived.get(fact)
        if stored is not None:
            current = self.derivations[id(stored)]
            if _firing_key(firing) < _firing_key(current):
                self.derivations[id(stored)] = firing
            return False
        self.derived[fact] = fact
        seq = len(self.facts)
        self.facts.append(fact)
        self.by_class.setdefault(type(fact), []).append(seq)
        self.derivations[id(fact)] = firing
        rule_id = firing.rule.id
        self.derived_by_rule[rule_id] = self.derived_by_rule.get(rule_id, 0) + 1
        return True


@dataclass(slots=True)
class _Index:
    table: dict[object, list[int]] = field(default_factory=dict)
    done: int = 0
    """How many facts of the class the table holds (facts only ever arrive)."""


def _firing_key(firing: Firing) -> tuple[str, tuple[str, ...]]:
    """An arrival-independent order on firings: the rule, then what it matched."""
    return firing.rule.id, tuple(
        fact.ref if isinstance(fact, Event) else repr(fact) for fact in firing.facts
    )

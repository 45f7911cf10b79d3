"""One employee's working memory: facts in arrival order, by class, and derived-fact dedup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mktpolicy.backends.base import Firing


@dataclass(slots=True)
class WorkingMemory:
    """Facts get a sequence number (their index in `facts`); lists by class keep that order."""

    subject: str
    facts: list[object] = field(default_factory=list)
    by_class: dict[type, list[int]] = field(default_factory=dict)
    derived: set[object] = field(default_factory=set)
    derivations: dict[int, Firing] = field(default_factory=dict)
    firings: list[Firing] = field(default_factory=list)
    blocked: set[tuple[int, int]] = field(default_factory=set)
    """(rule index, anchor sequence number) pairs that an exception replaced."""
    derived_by_rule: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, subject: str, events: Sequence[object]) -> WorkingMemory:
        memory = cls(subject, list(events))
        by_class = memory.by_class
        for seq, event in enumerate(memory.facts):
            by_class.setdefault(type(event), []).append(seq)
        return memory

    def add_derived(self, fact: object, firing: Firing) -> bool:
        """Add a derived fact unless an equal one exists; True if it is new."""
        if fact in self.derived:
            return False
        self.derived.add(fact)
        seq = len(self.facts)
        self.facts.append(fact)
        self.by_class.setdefault(type(fact), []).append(seq)
        self.derivations[id(fact)] = firing
        rule_id = firing.rule.id
        self.derived_by_rule[rule_id] = self.derived_by_rule.get(rule_id, 0) + 1
        return True

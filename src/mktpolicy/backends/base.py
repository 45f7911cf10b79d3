"""What every backend gives back: rule firings over one employee's facts.

Verdicts are built from firings by `mktpolicy.verdicts.from_firings`, the same way for every
backend, so backends agree on verdicts exactly when they agree on firings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from mktpolicy.errors import CalendarError
from mktpolicy.events.base import Event
from mktpolicy.ir.model import Program, Rule

MAX_DERIVED_FACTS = 100_000
"""Forward chaining stops with RunawayDerivationError past this many derived facts per employee."""


@dataclass(frozen=True, slots=True)
class Firing:
    """A rule fired on these facts (one per pattern, in pattern order)."""

    rule: Rule
    facts: tuple[object, ...]
    missing: CalendarError | None = field(default=None, compare=False)
    """Set when the rule's conditions (or what it derives) needed data nobody has: the rule is
    `undetermined` for these facts, neither fired nor not fired."""


@dataclass(slots=True)
class RunResult:
    """One employee's evaluation: verdict firings, derived facts and how each was derived."""

    subject: str
    firings: list[Firing] = field(default_factory=list)
    derived: list[object] = field(default_factory=list)
    derivations: dict[int, Firing] = field(default_factory=dict)
    """id(derived fact) → the firing that first derived it."""


class Backend(Protocol):
    """Runs a Program over one employee's events."""

    program: Program

    def run(
        self, subject: str, events: Sequence[Event], *, verdicts_only: bool = False
    ) -> RunResult:
        """One employee's run. With `verdicts_only` a backend may skip rules whose facts no
        verdict can rest on (derived facts are then incomplete; the verdicts are the same)."""
        ...

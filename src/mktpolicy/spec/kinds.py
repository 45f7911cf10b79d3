"""The enumerations rule files share with the IR and verdicts: no pydantic, cheap to import.

A compiled rulebook read from the cache names them, and should not need the spec models.
"""

from __future__ import annotations

from enum import StrEnum


class ClauseKind(StrEnum):
    OBLIGATION = "obligation"
    PROHIBITION = "prohibition"
    PERMISSION = "permission"
    DEADLINE = "deadline"
    THRESHOLD = "threshold"
    PENALTY = "penalty"
    CONSEQUENCE = "consequence"
    DESCRIPTIVE = "descriptive"


class ParameterType(StrEnum):
    MONEY = "money"
    NUMBER = "number"
    INT = "int"
    PERIOD = "period"
    BOOL = "bool"
    TEXT = "text"
    DATE = "date"


class Outcome(StrEnum):
    """What a verdict says, after the kinds of sentence in the regulations (docs/readings.md)."""

    VIOLATION = "violation"
    """The bearer broke an obligation or a prohibition."""
    WARNING = "warning"
    """A work standard (001) not met: noted, not misconduct."""
    INFO = "info"
    FINDING = "finding"
    """A step the company or a department owes was not taken: a finding about the process,
    filed against the role (or the person recorded in it), never the employee it concerns."""
    LAPSED = "lapsed"
    """A right was not used in time or in the form required: inadmissible, nobody's fault."""
    PENDING = "pending"
    """A deadline not yet passed on the evaluation date: nothing is owed yet."""
    UNDETERMINED = "undetermined"
    """The rule needs data nobody has (a working day past the calendar's data)."""

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
    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

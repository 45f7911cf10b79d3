"""One exception tree for everything mktpolicy raises on purpose.

PolicyError
├── RuleError                 a rule file or rulebook is wrong (carries Diagnostics)
│   ├── SourceError           unreadable, unsafe or malformed YAML
│   ├── SpecError             valid YAML, wrong shape (unknown field, missing key, bad value)
│   ├── ExpressionError       a condition does not parse or does not type-check
│   └── CompileError          unknown clause, unknown parameter, bad override, cycle, ...
├── EventError                an event is wrong (names the field and the value)
│   └── DuplicateEventError   two different events share one id
├── EvaluationError           a rule failed while running (names the rule and the event)
│   └── RunawayDerivationError  a derivation loop or fact explosion hit the documented bound
├── ParameterError            an unknown parameter, or no value in force on a date
│   └── TimeZoneError         an unknown company time zone (MKTPOLICY_TIME_ZONE, --time-zone)
├── BackendError              a backend failed (e.g. durable_rules reported an exception)
└── AuditError                an audit log cannot be read or verified (names the line)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from mktpolicy.diagnostics import Diagnostic, render


class PolicyError(Exception):
    """The root of every error mktpolicy raises on purpose."""


class RuleError(PolicyError):
    """A rule file or rulebook is wrong; `diagnostics` says where and why."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(
            sorted(diagnostics, key=Diagnostic.sort_key)
        )
        super().__init__(render(self.diagnostics))


class SourceError(RuleError):
    """Unreadable, unsafe or malformed YAML."""


class SpecError(RuleError):
    """Well-formed YAML of the wrong shape."""


class ExpressionError(RuleError):
    """A condition or template that does not parse or does not type-check."""


class CompileError(RuleError):
    """The rules do not fit together: unknown clause or parameter, bad override, cycle."""


class EventError(PolicyError):
    """An event that is not valid; the message names the field and the value."""

    def __init__(self, message: str, *, line: int | None = None, source: str | None = None):
        self.line = line
        self.source = source
        where = f"{source or '<events>'}:{line}: " if line is not None else ""
        super().__init__(f"{where}{message}")


class DuplicateEventError(EventError):
    """Two different events carry the same id."""


class EvaluationError(PolicyError):
    """A rule failed at run time (e.g. division by zero); names the rule and the facts."""


class RunawayDerivationError(EvaluationError):
    """Forward chaining derived more facts than the documented bound allows."""


class CalendarError(EvaluationError):
    """A working-day question for a date the calendar has no official data for.

    `day` is the date nobody has data for, `what` the question asked (e.g. "the last working
    day before 2027-01-04") and `hint` how to supply the data. The backends catch it: the rule
    that asked is `undetermined` for those facts, every other verdict is still judged.
    """

    def __init__(
        self,
        message: str,
        *,
        day: date | None = None,
        what: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.day = day
        self.what = what
        self.hint = hint
        super().__init__(f"{message}; {hint}" if hint else message)
        self.missing = message
        """What is missing, without the hint."""


class ParameterError(PolicyError):
    """An unknown parameter, a bad override, or no value in force on a date."""


class TimeZoneError(ParameterError):
    """An unknown time zone name for the company's zone."""


class BackendError(PolicyError):
    """A backend failed, or is not available."""


class AuditError(PolicyError):
    """An audit log that cannot be written, read or verified; the message names the line."""

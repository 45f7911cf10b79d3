"""One exception tree for everything mktpolicy raises on purpose.

Every exception class in the package is here, under its parent; those defined elsewhere name
their module. tests/test_error_tree.py checks this drawing against the classes themselves.

PolicyError
├── RuleError                   a rule file or rulebook is wrong (carries Diagnostics)
│   ├── SourceError             unreadable, unsafe or malformed YAML
│   ├── SpecError               valid YAML, wrong shape (unknown field, missing key, bad value)
│   ├── ExpressionError         a condition does not parse or does not type-check
│   └── CompileError            unknown clause, unknown parameter, bad override, cycle, ...
│       └── ReformError         (whatif.errors) a reform that does not fit the policy
├── ExprError                   (expr.errors) one expression alone, with offsets into its text
│   ├── ExprSyntaxError         (expr.errors) it does not parse
│   └── ExprTypeError           (expr.errors) its types do not fit
├── EventError                  an event is wrong (names the field and the value, file:line)
│   ├── DuplicateEventError     two different events share one id
│   ├── FieldValueError         (events.base) a date that cannot be true beside another field
│   └── InputError              (cli.inputs) event files with bad records, each one named
├── EvaluationError             a rule failed while running (names the rule and the event)
│   ├── RunawayDerivationError  a derivation loop or fact explosion hit the documented bound
│   └── CalendarError           no official working-day data for a date
├── ParameterError              an unknown parameter, or no value in force on a date (names
│   │                           the rule and the employee when met during evaluation)
│   └── TimeZoneError           an unknown company time zone (MKTPOLICY_TIME_ZONE, --time-zone)
├── FactTypeError               a derived-fact type the policy does not have (says the nearest)
├── BackendError                a backend failed or is not available
├── AuditError                  an audit log cannot be written, read or verified (names the line)
├── StorageError                a file mktpolicy writes (a spill, a report) cannot be written
├── MissingExtraError           (whatif.errors) an optional package is missing (an ImportError too)
├── UnsupportedFieldError       (population.generic) a field type the generator cannot draw
├── InvalidCandidatesError      (population.generic) no drawn candidate passed validation
└── _FailedError                (ir.passes.check_types) private: an expression failed, its
                                diagnostic recorded (never leaves the pass)
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


class FactTypeError(PolicyError, LookupError):
    """A derived-fact type asked for by a name or class the policy does not have."""


class TimeZoneError(ParameterError):
    """An unknown time zone name for the company's zone."""


class BackendError(PolicyError):
    """A backend failed, or is not available."""


class AuditError(PolicyError):
    """An audit log that cannot be written, read or verified; the message names the line."""


class StorageError(PolicyError):
    """A file mktpolicy writes (a spill, a report) cannot be written: a full disk, say."""

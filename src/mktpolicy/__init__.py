"""mktpolicy: the marketing department's regulations as executable, cited policy.

>>> import mktpolicy
>>> policy = mktpolicy.load()
>>> verdicts = policy.evaluate([{"type": "client_meal", "employee_id": "E7",
...     "held_at": "2024-05-10T12:00", "meal_slip": True}])
>>> verdicts[0].rule, verdicts[0].clauses
('meal-not-approved', ('000.P2.1.5',))
"""

import importlib as _importlib
import typing as _typing

from mktpolicy.errors import (
    AuditError,
    BackendError,
    CalendarError,
    CompileError,
    DuplicateEventError,
    EvaluationError,
    EventError,
    ExpressionError,
    FactTypeError,
    ParameterError,
    PolicyError,
    RuleError,
    RunawayDerivationError,
    SourceError,
    SpecError,
)

if _typing.TYPE_CHECKING:
    from mktpolicy.events import Event
    from mktpolicy.policy import Policy, load
    from mktpolicy.session import Session
    from mktpolicy.spec.kinds import Outcome
    from mktpolicy.verdicts import (
        Citation,
        Compensation,
        ConsequenceRef,
        Explanation,
        Step,
        Verdict,
    )

# Imported on first use, so that `import mktpolicy` does not build ~90 pydantic models: a script
# that only catches a PolicyError, or a CLI command that needs a few of them, pays for no more.
_LAZY = {
    "Citation": "mktpolicy.verdicts",
    "Compensation": "mktpolicy.verdicts",
    "ConsequenceRef": "mktpolicy.verdicts",
    "Event": "mktpolicy.events",
    "Explanation": "mktpolicy.verdicts",
    "Outcome": "mktpolicy.spec.kinds",
    "Policy": "mktpolicy.policy",
    "Session": "mktpolicy.session",
    "Step": "mktpolicy.verdicts",
    "Verdict": "mktpolicy.verdicts",
    "load": "mktpolicy.policy",
}

if not _typing.TYPE_CHECKING:  # mypy sees the imports above, and no catch-all attribute

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'mktpolicy' has no attribute {name!r}")
        value = getattr(_importlib.import_module(module), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "AuditError",
    "BackendError",
    "CalendarError",
    "Citation",
    "Compensation",
    "CompileError",
    "ConsequenceRef",
    "DuplicateEventError",
    "EvaluationError",
    "Event",
    "EventError",
    "Explanation",
    "ExpressionError",
    "FactTypeError",
    "Outcome",
    "ParameterError",
    "Policy",
    "PolicyError",
    "RuleError",
    "RunawayDerivationError",
    "Session",
    "SourceError",
    "SpecError",
    "Step",
    "Verdict",
    "load",
]

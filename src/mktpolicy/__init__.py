"""mktpolicy: the marketing department's regulations as executable, cited policy.

>>> import mktpolicy
>>> policy = mktpolicy.load()
>>> verdicts = policy.evaluate([{"type": "client_meal", "employee_id": "E7",
...     "held_at": "2024-05-10T12:00", "meal_slip": True}])
>>> verdicts[0].rule, verdicts[0].clauses
('meal-not-approved', ('000.P2.1.5',))
"""

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
from mktpolicy.events import Event
from mktpolicy.policy import Policy, Session, load
from mktpolicy.verdicts import (
    Citation,
    Compensation,
    ConsequenceRef,
    Explanation,
    Step,
    Verdict,
)

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

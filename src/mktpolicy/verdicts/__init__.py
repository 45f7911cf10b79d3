"""Stage 5: verdicts with citations and explanations, built from rule firings."""

from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.from_firings import VerdictBuilder
from mktpolicy.verdicts.model import (
    Citation,
    Compensation,
    ConsequenceRef,
    Explanation,
    Step,
    Verdict,
)
from mktpolicy.verdicts.steps import describe_fact

__all__ = [
    "Citation",
    "Compensation",
    "ConsequenceRef",
    "Explanation",
    "Outcome",
    "Step",
    "Verdict",
    "VerdictBuilder",
    "describe_fact",
]

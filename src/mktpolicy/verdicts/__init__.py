"""Stage 5: verdicts with citations and explanations, built from rule firings."""

from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.from_firings import VerdictBuilder, describe_fact
from mktpolicy.verdicts.model import (
    Citation,
    Compensation,
    ConsequenceRef,
    Explanation,
    Step,
    Verdict,
)

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

"""Stage 2: pydantic models of the rule files as written, with paths back to the source."""

from mktpolicy.spec.from_source import LoadedFile, load_directory, load_file, load_text
from mktpolicy.spec.models import (
    ClauseSpec,
    ConsequenceSpec,
    DocumentSpec,
    FactSpec,
    Outcome,
    ParameterSpec,
    RuleFileSpec,
    RuleSpec,
)

__all__ = [
    "ClauseSpec",
    "ConsequenceSpec",
    "DocumentSpec",
    "FactSpec",
    "LoadedFile",
    "Outcome",
    "ParameterSpec",
    "RuleFileSpec",
    "RuleSpec",
    "load_directory",
    "load_file",
    "load_text",
]

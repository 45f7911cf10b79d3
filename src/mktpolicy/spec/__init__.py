"""Stage 2: pydantic models of the rule files as written, with paths back to the source."""

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
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

# Imported on first use: a compiled rulebook from the cache needs only spec.kinds, not the
# models (≈90 ms of pydantic class building) nor the YAML reader.
_FROM_SOURCE = frozenset({"LoadedFile", "load_directory", "load_file", "load_text"})

if not _typing.TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        if name not in __all__:
            raise AttributeError(f"module 'mktpolicy.spec' has no attribute {name!r}")
        module = "mktpolicy.spec.from_source" if name in _FROM_SOURCE else "mktpolicy.spec.models"
        return getattr(_importlib.import_module(module), name)

"""Stage 1: files → plain values with spans, read safely."""

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
    from mktpolicy.source.yaml_loader import (
        MAX_ALIASES,
        MAX_DEPTH,
        MAX_FILE_BYTES,
        MAX_NODES,
        SourceDocument,
        load_yaml_file,
        parse_yaml,
    )

__all__ = [
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "SourceDocument",
    "load_yaml_file",
    "parse_yaml",
]

if not _typing.TYPE_CHECKING:  # PyYAML is imported when a file is read, not with the package

    def __getattr__(name: str) -> object:
        if name not in __all__:
            raise AttributeError(f"module 'mktpolicy.source' has no attribute {name!r}")
        return getattr(_importlib.import_module("mktpolicy.source.yaml_loader"), name)

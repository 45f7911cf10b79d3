"""Stage 1: files → plain values with spans, read safely."""

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

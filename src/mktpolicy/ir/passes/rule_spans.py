"""Where a part of a compiled rule is written, for the analyses' warnings.

A compiled `Rule` keeps the span of the whole rule and of each pattern; the rule files it came
from (`LoadedFile`s) give the span of any part, down to a sub-expression of a condition. The
analyses take a `RuleSpans`: with the files, warnings point at the part; without them (a policy
in a notebook, a cached program), at the rule or pattern.
"""

from __future__ import annotations

from collections.abc import Iterable

from mktpolicy.diagnostics import Span
from mktpolicy.expr.typed import TypedNode
from mktpolicy.ir.model import Rule
from mktpolicy.spec.from_source import LoadedFile
from mktpolicy.spec.models import RuleSpec


class RuleSpans:
    """The spans of rule parts, from the rule files when given."""

    def __init__(self, files: Iterable[LoadedFile] = ()) -> None:
        self._specs: dict[tuple[str, str], tuple[RuleSpec, LoadedFile]] = {}
        for loaded in files:
            for spec in loaded.spec.rules:
                self._specs.setdefault((spec.id, spec.source_file), (spec, loaded))

    def span(self, rule: Rule, *path: str | int, fallback: Span | None = None) -> Span | None:
        """The span of `path` inside the rule's spec, else `fallback` or the rule's own."""
        found = self._specs.get((rule.id, rule.file))
        if found is not None:
            spec, loaded = found
            span = loaded.source.span((*spec.source_path, *path))
            if span is not None:
                return span
        return fallback or rule.span

    def text_span(self, rule: Rule, path: tuple[str | int, ...], node: TypedNode) -> Span | None:
        """The span of `node`, a sub-expression of the expression text at `path`."""
        found = self._specs.get((rule.id, rule.file))
        if found is not None:
            spec, loaded = found
            full = (*spec.source_path, *path)
            span = loaded.source.text_span(full, node.offset, node.length)
            if span is not None:
                return span
        return rule.span

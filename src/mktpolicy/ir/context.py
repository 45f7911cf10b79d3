"""The state the compiler passes share: inputs, what they have resolved, and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field

from mktpolicy.diagnostics import Diagnostic, Severity, Span
from mktpolicy.ir.model import Clause, Consequence, Document, FactType, Parameter, Rule
from mktpolicy.spec.from_source import LoadedFile
from mktpolicy.spec.models import (
    ClauseSpec,
    ConsequenceSpec,
    DocumentSpec,
    FactSpec,
    ParameterSpec,
    RuleSpec,
    SpecModel,
)


@dataclass
class CompileContext:
    files: list[LoadedFile]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # collected specs, by id, first definition wins (duplicates are diagnosed)
    document_specs: dict[str, DocumentSpec] = field(default_factory=dict)
    clause_specs: dict[str, ClauseSpec] = field(default_factory=dict)
    parameter_specs: dict[str, ParameterSpec] = field(default_factory=dict)
    consequence_specs: dict[str, ConsequenceSpec] = field(default_factory=dict)
    fact_specs: dict[str, FactSpec] = field(default_factory=dict)
    rule_specs: list[RuleSpec] = field(default_factory=list)
    # resolved
    documents: dict[str, Document] = field(default_factory=dict)
    clauses: dict[str, Clause] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    consequences: dict[str, Consequence] = field(default_factory=dict)
    fact_types: dict[str, FactType] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    strata: tuple[tuple[str, ...], ...] = ()

    _by_file: dict[str, LoadedFile] = field(default_factory=dict, repr=False)

    def _source(self, node: SpecModel) -> LoadedFile | None:
        found = self._by_file.get(node.source_file)
        if found is None:  # first call, or files added since: index them (first file wins)
            self._by_file.clear()
            for loaded in reversed(self.files):
                self._by_file[loaded.source.file] = loaded
            found = self._by_file.get(node.source_file)
        return found

    def span(self, node: SpecModel, *path: str | int, key: bool = False) -> Span | None:
        """Where `node` (or its child at `path`) stands in its file."""
        loaded = self._source(node)
        if loaded is None:
            return None
        return loaded.source.span((*node.source_path, *path), key=key)

    def text_span(
        self, node: SpecModel, path: tuple[str | int, ...], offset: int, length: int
    ) -> Span | None:
        """Where character `offset` of the text at `node`'s child `path` stands."""
        loaded = self._source(node)
        if loaded is None:
            return None
        return loaded.source.text_span((*node.source_path, *path), offset, length)

    def error(
        self,
        code: str,
        message: str,
        span: Span | None,
        hint: str | None = None,
        notes: tuple[str, ...] = (),
    ) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint=hint, notes=notes))

    def warn(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(
            Diagnostic(code, message, span, hint=hint, severity=Severity.WARNING)
        )

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

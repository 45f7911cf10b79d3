"""The IR: rules with their patterns, conditions and actions typed and resolved.

Backends compile a `Program`; nothing here refers back to YAML except through `Span`s.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mktpolicy.diagnostics import Span
from mktpolicy.errors import ParameterError
from mktpolicy.expr.template import TypedTemplate
from mktpolicy.expr.typed import TypedNode, walk
from mktpolicy.expr.types import RecordType, Type, read_only
from mktpolicy.ir.sources import RuleSources
from mktpolicy.spec.kinds import ClauseKind, Outcome, ParameterType

_NUMERALS = "一二三四五六七八九十"
_PART_LABELS = {f"P{n}": f"({c})" for n, c in enumerate("一二三四五六七八九十", start=1)}


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    file: str
    title_zh: str
    title_en: str


@dataclass(frozen=True, slots=True)
class Location:
    document: str
    part: str | None
    section: str | None
    item: str | None
    line: int

    @property
    def label(self) -> str:
        """How a person finds it: `000 (一) 二.8`, `002 第十一节 二.1`."""
        part = _PART_LABELS.get(self.part or "", self.part)
        section, item = self.section or "", self.item or ""
        # 二.8 and 二(三).15 read as numbered items; 第十一节 一 as a section and its item.
        joiner = "." if section[-1:] in _NUMERALS + ")" else " "
        where = joiner.join(x for x in (section, item) if x)
        return " ".join(x for x in (self.document, part, where) if x)


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of the regulations, with every place its text stands."""

    id: str
    kind: ClauseKind
    title: str
    text_zh: str
    text_en: str
    source_text: str
    locations: tuple[Location, ...]
    inventory: tuple[str, ...]
    not_checkable: str | None
    out_of_scope: str | None
    note: str | None
    span: Span | None

    @property
    def location(self) -> Location:
        return self.locations[0]

    @property
    def normative(self) -> bool:
        return self.kind is not ClauseKind.DESCRIPTIVE and self.out_of_scope is None


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named value with a history: `values` are (from date, value), sorted by date."""

    id: str
    type: ParameterType
    expr_type: Type
    title: str
    cites: tuple[str, ...]
    unit: str | None
    note: str | None
    values: tuple[tuple[date, Any], ...]
    span: Span | None

    def at(self, when: date) -> Any:
        """The value in force on `when`; a ParameterError before the first dated value."""
        starts = [start for start, _ in self.values]
        index = bisect.bisect_right(starts, when) - 1
        if index < 0:
            raise ParameterError(
                f"parameter {self.id!r} has no value on {when.isoformat()} "
                f"(its first value starts {starts[0].isoformat()})"
            )
        return self.values[index][1]

    @property
    def constant(self) -> bool:
        return len(self.values) == 1


@dataclass(frozen=True, slots=True)
class Consequence:
    id: str
    title_en: str
    title_zh: str
    cites: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FactType:
    """An event model or a derived-fact type, as rules see it."""

    name: str
    title: str
    record: RecordType
    derived: bool
    span: Span | None = None
    python_type: type | None = None

    @property
    def date_field(self) -> str:
        return self.record.date_field


@dataclass(frozen=True, slots=True)
class Pattern:
    """Match one fact of `fact_type`, bound to `binding`, if `condition` holds."""

    binding: str
    fact_type: str
    condition: TypedNode | None
    source: str | None
    span: Span | None


@dataclass(frozen=True, slots=True)
class Bearer:
    """Who owes a duty that is not the employee's own: a role, and where its person is recorded."""

    role: str
    person: TypedNode | None = None


@dataclass(frozen=True, slots=True)
class VerdictAction:
    outcome: Outcome
    consequence: Consequence | None
    fine: TypedNode | None
    compensation: TypedNode | None
    compensation_basis: str | None
    message: TypedTemplate
    would_comply: TypedTemplate | None
    bearer: Bearer | None = None
    """None: the employee the matched facts concern owes the duty."""
    due: TypedNode | None = None
    """The last day the duty can still be done: up to it the verdict is pending."""
    bearer_stated: bool = False
    """The rule names its bearer (even `employee`) rather than taking the default."""


@dataclass(frozen=True, slots=True)
class DeriveAction:
    fact_type: str
    fields: tuple[tuple[str, TypedNode], ...]


Action = VerdictAction | DeriveAction


@dataclass(frozen=True, slots=True)
class Rule:
    """A resolved, type-checked rule."""

    id: str
    title: str
    cites: tuple[str, ...]
    description: str | None
    reading: str | None
    patterns: tuple[Pattern, ...]
    negations: tuple[Pattern, ...]
    condition: TypedNode | None
    action: Action
    overrides: tuple[str, ...]
    span: Span | None
    file: str
    stratum: int = 0
    overridden_by: tuple[str, ...] = ()
    params_used: frozenset[str] = frozenset()
    condition_source: str | None = None
    """The rule's `if` as written (for documentation)."""

    def expressions(self) -> list[TypedNode]:
        """Every typed expression of the rule: conditions, derived fields, penalties, messages."""
        found: list[TypedNode] = [
            p.condition for p in (*self.patterns, *self.negations) if p.condition is not None
        ]
        if self.condition is not None:
            found.append(self.condition)
        if isinstance(self.action, DeriveAction):
            found.extend(node for _, node in self.action.fields)
        else:
            action = self.action
            person = action.bearer.person if action.bearer is not None else None
            found.extend(
                n for n in (action.fine, action.compensation, action.due, person) if n is not None
            )
            for template in (self.action.message, self.action.would_comply):
                if template is not None:
                    found.extend(template.parts_typed())
        return found

    def calls(self) -> set[str]:
        """The functions the rule's expressions call."""
        return {n.value for root in self.expressions() for n in walk(root) if n.op == "call"}

    @property
    def anchor(self) -> Pattern:
        """The first pattern: its fact's date dates the rule, and overrides compare it."""
        return self.patterns[0]


@dataclass(frozen=True, slots=True)
class Program:
    """A whole compiled rulebook: the input of every backend."""

    documents: Mapping[str, Document]
    clauses: Mapping[str, Clause]
    parameters: Mapping[str, Parameter]
    consequences: Mapping[str, Consequence]
    fact_types: Mapping[str, FactType]
    rules: tuple[Rule, ...]
    strata: tuple[tuple[str, ...], ...]
    fingerprint: str = ""
    """A hash of the rule files' content (the rules half of `Policy.fingerprint`)."""
    warnings: tuple[Any, ...] = field(default=())
    sources: RuleSources | None = field(default=None, compare=False, repr=False)
    """The rule files it was compiled from (None for a program built by hand)."""

    def __post_init__(self) -> None:
        # Read-only views: the bundled policy is cached per process and shared, so a caller
        # writing `policy.parameters[k] = ...` would change every later `load()`.
        for name in ("documents", "clauses", "parameters", "consequences", "fact_types"):
            object.__setattr__(self, name, read_only(getattr(self, name)))

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

"""Pydantic models of the rule files, exactly as written (nothing resolved yet).

A rule file is a mapping with any of the sections `documents`, `clauses`, `parameters`,
`consequences`, `facts` and `rules`. Every model forbids unknown keys; every node remembers its
path in the file (see `from_source`), so later stages can point at `file:line:col`.
"""

from __future__ import annotations

import keyword
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

from mktpolicy.spec.kinds import ClauseKind as ClauseKind  # re-exported: spec's vocabulary
from mktpolicy.spec.kinds import Outcome as Outcome
from mktpolicy.spec.kinds import ParameterType as ParameterType

RULE_ID = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
CLAUSE_ID = r"^[0-9]{3}\.[A-Za-z0-9().-]+(?:\.[A-Za-z0-9().-]+)*$"
PARAM_ID = r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$"
NAME = r"^[A-Z][A-Za-z0-9]*$"
BINDING = r"^[a-z][a-z0-9_]*$"
IDENT = r"^[a-z][a-z0-9_]*$"
TYPE_NAME = re.compile(r"^(bool|int|number|money|date|datetime|period|text)(\?)?$")


def _type_name(value: str) -> str:
    if not TYPE_NAME.match(value):
        raise ValueError(
            f"unknown type {value!r} (use bool, int, number, money, date, datetime, period or "
            "text; add '?' for optional; or {one_of: [...]} for text that takes one of a few "
            "values)"
        )
    return value


TypeName = Annotated[str, AfterValidator(_type_name)]
"""A field's type as written: `money`, `date?` (checked here, so an error points at it)."""


class SpecModel(BaseModel):
    """Base of all spec models: strict keys, immutable, and a path back into the source."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    _path: tuple[str | int, ...] = PrivateAttr(default=())
    _file: str = PrivateAttr(default="")

    # Read from pydantic's private dict directly: `self._path` goes through BaseModel.__getattr__
    # (≈10 µs), and the compiler asks for thousands of spans.
    @property
    def source_path(self) -> tuple[str | int, ...]:
        """Where this node stands in its file, as keys and indexes from the root."""
        private = self.__pydantic_private__
        return private["_path"] if private else ()

    @property
    def source_file(self) -> str:
        """The file this node was read from."""
        private = self.__pydantic_private__
        return private["_file"] if private else ""


# --- documents and clauses -------------------------------------------------------------------


class DocumentSpec(SpecModel):
    """One source document of the regulations."""

    id: Annotated[str, Field(pattern=r"^[0-9]{3}$")]
    file: str
    title_zh: str
    title_en: str


class LocationSpec(SpecModel):
    """Where a clause's text stands: document, part of `000`, section, item, and the line."""

    document: Annotated[str, Field(pattern=r"^[0-9]{3}$")]
    part: str | None = None
    section: str | None = None
    item: str | None = None
    line: Annotated[int, Field(ge=1)]


class ClauseSpec(SpecModel):
    """A clause of the regulations: its text, translation, kind and every place it stands."""

    id: Annotated[str, Field(pattern=CLAUSE_ID)]
    kind: ClauseKind
    title: Annotated[str, Field(min_length=1)]
    text_zh: Annotated[str, Field(min_length=1)]
    text_en: Annotated[str, Field(min_length=1)]
    source_text: Annotated[str, Field(min_length=1)]
    locations: Annotated[list[LocationSpec], Field(min_length=1)]
    inventory: list[str] = Field(default_factory=list)
    not_checkable: str | None = None
    out_of_scope: str | None = None
    note: str | None = None


# --- parameters and consequences -------------------------------------------------------------


ParameterValue = bool | int | Decimal | str | date


class ParameterSpec(SpecModel):
    """A named amount, period or threshold with dated values (OpenFisca style)."""

    id: Annotated[str, Field(pattern=PARAM_ID)]
    type: ParameterType
    title: Annotated[str, Field(min_length=1)]
    cites: list[Annotated[str, Field(pattern=CLAUSE_ID)]] = Field(default_factory=list)
    unit: str | None = None
    note: str | None = None
    values: Annotated[dict[date, ParameterValue], Field(min_length=1)]


class ConsequenceSpec(SpecModel):
    """What the regulations say follows (e.g. treated as leaving without procedure)."""

    id: Annotated[str, Field(pattern=IDENT)]
    title_en: str
    title_zh: str
    cites: list[Annotated[str, Field(pattern=CLAUSE_ID)]] = Field(default_factory=list)


# --- derived facts -----------------------------------------------------------------------------


class ChoiceFieldSpec(SpecModel):
    """A text field that holds one of a fixed set of values: `act: {one_of: [a, b]}`.

    A text literal compared with such a field, or derived into it, must be one of the values:
    a misspelt category is a load error at its place, not a rule that silently never matches.
    """

    one_of: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
    optional: bool = False
    """Whether the field may also be null."""
    default: str | None = None
    """An expression for the field when a `derive` leaves it out (see `FieldSpec`)."""

    @field_validator("one_of")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        twice = sorted({v for v in value if value.count(v) > 1})
        if twice:
            raise ValueError(f"listed more than once: {', '.join(map(repr, twice))}")
        return value


class FieldSpec(SpecModel):
    """A field with a default: `loss: {type: money, default: "0"}`.

    The default is an expression, as a `derive` writes each field, read without bindings (a
    literal, a parameter or a function of them): a `derive` that leaves the field out gets it, so
    rules need not each repeat the same `loss: "0"`. A field with no default must be set.
    """

    type: TypeName
    default: str


def _field_kind(value: Any) -> str:
    """Which model a field's declaration is: a type name, `{one_of: ...}` or `{type: ...}`."""
    if isinstance(value, FieldSpec) or (isinstance(value, dict) and "type" in value):
        return "typed"
    return "choice" if isinstance(value, dict | ChoiceFieldSpec) else "name"


FieldDeclaration = Annotated[
    Annotated[TypeName, Tag("name")]
    | Annotated[ChoiceFieldSpec, Tag("choice")]
    | Annotated[FieldSpec, Tag("typed")],
    Discriminator(_field_kind),
]


class FactSpec(SpecModel):
    """A type of fact that rules derive (a breach, a missed target, a run of misses)."""

    name: Annotated[str, Field(pattern=NAME)]
    title: str
    date: Annotated[str, Field(pattern=IDENT)]
    fields: Annotated[dict[str, FieldDeclaration], Field(min_length=1)]
    """Field name → type name (`money`, `date?`), `{one_of: [...]}` for a text category, or
    `{type: money, default: "0"}` for a field a `derive` may leave out."""

    @field_validator("fields")
    @classmethod
    def _field_names(
        cls, value: dict[str, str | ChoiceFieldSpec | FieldSpec]
    ) -> dict[str, str | ChoiceFieldSpec | FieldSpec]:
        for name in value:
            if not re.match(IDENT, name):
                raise ValueError(f"field name {name!r} must be lower_snake_case")
            if keyword.iskeyword(name):  # derived facts are dataclasses: fields are attributes
                raise ValueError(f"field name {name!r} is a reserved word: choose another name")
        return value

    @model_validator(mode="after")
    def _date_is_a_field(self) -> FactSpec:
        if self.date not in self.fields:
            raise ValueError(f"date field {self.date!r} is not one of the fields")
        if "employee_id" not in self.fields:
            raise ValueError("every fact type needs an 'employee_id' field (its subject)")
        subject = self.fields["employee_id"]
        if not isinstance(subject, str) and subject.default is not None:
            raise ValueError("'employee_id' is always the rule's subject: it takes no default")
        return self


# --- rules -------------------------------------------------------------------------------------


class PatternSpec(SpecModel):
    """`{fact: MissedTarget, as: miss, where: "miss.month >= ..."}`."""

    fact: Annotated[str, Field(pattern=NAME)]
    as_: Annotated[str, Field(alias="as", pattern=BINDING)]
    where: str | None = None


class BearerSpec(SpecModel):
    """Who owes the duty when it is not the employee the events concern.

    `{role: administration}`, or `{role: assessor, person: "result.assessor_id"}`: the person's
    id when the event records one, else the role.
    """

    role: Annotated[str, Field(pattern=IDENT)]
    person: str | None = None


class VerdictSpec(SpecModel):
    """What a rule concludes: outcome, penalty, consequence, message and the compliant way."""

    outcome: Outcome
    bearer: Literal["employee"] | BearerSpec = "employee"
    """Who owes the duty: the employee the matched facts concern, or a role (a process step)."""
    due: str | None = None
    """A date expression: up to and including that day the verdict is `pending`, not yet owed."""
    consequence: Annotated[str, Field(pattern=IDENT)] | None = None
    fine: str | None = None
    compensation: str | None = None
    compensation_basis: str | None = None
    message: Annotated[str, Field(min_length=1)]
    would_comply: str | None = None

    @model_validator(mode="after")
    def _outcome_fits_bearer(self) -> VerdictSpec:
        if self.outcome in (Outcome.PENDING, Outcome.UNDETERMINED):
            raise ValueError(
                f"outcome {self.outcome.value!r} is decided at evaluation, not written in a rule "
                "(use 'due' for a deadline)"
            )
        if self.outcome is Outcome.FINDING and self.bearer == "employee":
            raise ValueError(
                "a 'finding' is about a step the company or a department owes: give its 'bearer' "
                "role (e.g. bearer: {role: administration})"
            )
        if self.outcome is Outcome.LAPSED and self.bearer != "employee":
            raise ValueError("a 'lapsed' right is the employee's own: drop 'bearer'")
        if self.outcome in (Outcome.FINDING, Outcome.LAPSED) and (
            self.fine is not None or self.compensation is not None
        ):
            raise ValueError(f"a '{self.outcome.value}' verdict carries no fine or compensation")
        return self


class DeriveSpec(SpecModel):
    """A fact the rule asserts: its type and an expression for each field."""

    fact: Annotated[str, Field(pattern=NAME)]
    fields: dict[str, str]


class ActionSpec(SpecModel):
    verdict: VerdictSpec | None = None
    derive: DeriveSpec | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ActionSpec:
        if (self.verdict is None) == (self.derive is None):
            raise ValueError("'then' takes exactly one of 'verdict' or 'derive'")
        return self


class RuleSpec(SpecModel):
    """A rule: patterns to match, conditions, and a verdict or a derived fact."""

    id: Annotated[str, Field(pattern=RULE_ID)]
    title: Annotated[str, Field(min_length=1)]
    cites: Annotated[list[Annotated[str, Field(pattern=CLAUSE_ID)]], Field(min_length=1)]
    description: str | None = None
    reading: str | None = None
    when: Annotated[list[PatternSpec], Field(min_length=1)]
    unless: list[PatternSpec] = Field(default_factory=list)
    if_: Annotated[str | None, Field(alias="if")] = None
    then: ActionSpec
    overrides: list[Annotated[str, Field(pattern=RULE_ID)]] = Field(default_factory=list)
    enabled: bool = True
    """A disabled rule is read and validated but not compiled: it never fires."""


# --- a whole file ------------------------------------------------------------------------------


class RuleFileSpec(SpecModel):
    """One YAML file of the rulebook; any of its sections may be absent."""

    format: Literal[1] = 1
    documents: list[DocumentSpec] = Field(default_factory=list)
    clauses: list[ClauseSpec] = Field(default_factory=list)
    parameters: list[ParameterSpec] = Field(default_factory=list)
    consequences: list[ConsequenceSpec] = Field(default_factory=list)
    facts: list[FactSpec] = Field(default_factory=list)
    rules: list[RuleSpec] = Field(default_factory=list)


def assign_paths(node: Any, file: str, path: tuple[str | int, ...] = ()) -> None:
    """Record on every spec model its file and its path in the file (for spans later)."""
    if isinstance(node, SpecModel):
        node._file = file
        node._path = path
        for name, info in type(node).model_fields.items():
            key = info.alias or name
            assign_paths(getattr(node, name), file, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            assign_paths(item, file, (*path, index))
    elif isinstance(node, dict):
        for key, item in node.items():
            assign_paths(item, file, (*path, key))

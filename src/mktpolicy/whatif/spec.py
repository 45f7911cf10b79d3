"""The reform file format: pydantic models of it as written, checked before any policy is.

Shape errors are reported as the rule files' are (`validation_diagnostics`, at file:line:col),
with did-you-mean hints taken from the reform's own keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError

from mktpolicy.diagnostics import Diagnostic, did_you_mean
from mktpolicy.errors import SpecError
from mktpolicy.identity import as_date
from mktpolicy.source import SourceDocument
from mktpolicy.spec.from_source import validate_source, validation_diagnostics
from mktpolicy.spec.models import PARAM_ID, RULE_ID, RuleSpec, SpecModel

_SCALARS = (bool, int, Decimal, str, date)


class RuleChangesSpec(SpecModel):
    """`rules:` of a reform file: rules to add, to replace (by id) and to disable."""

    add: list[RuleSpec] = Field(default_factory=list)
    replace: list[RuleSpec] = Field(default_factory=list)
    disable: list[Annotated[str, Field(pattern=RULE_ID)]] = Field(default_factory=list)


class ReformSpec(SpecModel):
    """A reform file as written."""

    format: Literal[1] = 1
    title: str | None = None
    description: str | None = None
    parameters: dict[Annotated[str, Field(pattern=PARAM_ID)], Any] = Field(default_factory=dict)
    """id → a value (replacing the whole history) or {date: value} (the new history)."""
    rules: RuleChangesSpec = Field(default_factory=RuleChangesSpec)


def validated(source: SourceDocument) -> ReformSpec:
    """The reform spec of a parsed file; SpecError with every shape problem otherwise."""
    spec = validate_source(
        source,
        ReformSpec,
        "a reform file is a mapping with 'parameters' and/or 'rules'",
        _shape_diagnostics,
    )
    problems = list(_parameter_shapes(spec, source))
    if problems:
        raise SpecError(problems)
    return spec


def _shape_diagnostics(exc: ValidationError, source: SourceDocument) -> list[Diagnostic]:
    """The rule files' diagnostics, with did-you-mean hints from the reform's own keys."""
    own: dict[tuple[Any, ...], list[str]] = {
        (): [info.alias or name for name, info in ReformSpec.model_fields.items()],
        ("rules",): list(RuleChangesSpec.model_fields),
    }
    result = []
    for error, diagnostic in zip(
        exc.errors(include_url=False), validation_diagnostics(exc, source), strict=True
    ):
        parent = tuple(error["loc"][:-1])
        if diagnostic.code == "unknown_field" and parent in own:
            hint = did_you_mean(str(error["loc"][-1]), own[parent])
            diagnostic = replace(diagnostic, hint=hint)
        result.append(diagnostic)
    return result


def _parameter_shapes(spec: ReformSpec, source: SourceDocument) -> Iterable[Diagnostic]:
    """A value, or a non-empty mapping of ISO dates to values: checked before any policy is."""
    for ident, value in spec.parameters.items():
        path: tuple[str | int, ...] = ("parameters", ident)
        if isinstance(value, Mapping):
            if not value:
                yield Diagnostic(
                    "invalid_value", f"parameter {ident!r}: no dated values", source.span(path)
                )
            for start, item in value.items():
                try:
                    as_date(start)
                except ValueError:
                    yield Diagnostic(
                        "invalid_value",
                        f"parameter {ident!r}: {start!r} is not a date (write 2024-07-01)",
                        source.span((*path, start), key=True),
                    )
                if not isinstance(item, _SCALARS):
                    yield Diagnostic(
                        "invalid_value",
                        f"parameter {ident!r} on {start}: expected a value, got "
                        f"{type(item).__name__}",
                        source.span((*path, start)),
                    )
        elif not isinstance(value, _SCALARS):
            yield Diagnostic(
                "invalid_value",
                f"parameter {ident!r}: expected a value or a mapping of dates to values, got "
                f"{'nothing' if value is None else type(value).__name__}",
                source.span(path),
            )

"""Fact types: the event models, plus the derived-fact types the rule files declare."""

from __future__ import annotations

from mktpolicy.events.record_types import record_type
from mktpolicy.events.registry import EVENT_MODELS
from mktpolicy.expr.types import BY_NAME, RecordType, Type, optional, text_enum
from mktpolicy.ir.cache import derived_fact_class
from mktpolicy.ir.context import CompileContext
from mktpolicy.ir.model import FactType
from mktpolicy.spec.models import ChoiceFieldSpec, FieldSpec


def field_type(name: str | ChoiceFieldSpec | FieldSpec) -> Type:
    """`money` → MONEY, `date?` → optional DATE, `{one_of: [a, b]}` → text that is a or b."""
    if isinstance(name, FieldSpec):
        return field_type(name.type)
    if isinstance(name, ChoiceFieldSpec):
        choices = text_enum(tuple(name.one_of))
        return optional(choices) if name.optional else choices
    if name.endswith("?"):
        return optional(BY_NAME[name[:-1]])
    return BY_NAME[name]


def resolve_types(ctx: CompileContext) -> None:
    """Every name a pattern may match, with its record type and its Python class."""
    for model in EVENT_MODELS:
        ctx.fact_types[model.__name__] = FactType(
            name=model.__name__,
            title=(model.__doc__ or model.__name__).strip().splitlines()[0],
            record=record_type(model),
            derived=False,
            python_type=model,
        )
    for name, spec in ctx.fact_specs.items():
        if name in ctx.fact_types:
            ctx.error(
                "duplicate_id",
                f"fact type {name!r} has the name of an event type",
                ctx.span(spec, "name"),
            )
            continue
        fields = {field: field_type(t) for field, t in spec.fields.items()}
        cls = derived_fact_class(name, list(spec.fields))
        ctx.fact_types[name] = FactType(
            name=name,
            title=spec.title,
            record=RecordType(name, fields, spec.date),
            derived=True,
            span=ctx.span(spec),
            python_type=cls,
        )

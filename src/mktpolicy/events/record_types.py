"""What the condition language sees of an event model: its fields and their types."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from mktpolicy.events.base import Event, MoneyTag
from mktpolicy.expr.types import (
    BOOL,
    DATE,
    DATETIME,
    INT,
    MONEY,
    NUMBER,
    TEXT,
    RecordType,
    Type,
    list_of,
    optional,
    text_enum,
)


def field_type(annotation: Any, metadata: Sequence[Any] = ()) -> Type:
    """The condition-language type of one pydantic field annotation."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = get_args(annotation)
        return field_type(base, [*metadata, *extra])
    if origin in (typing.Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return optional(field_type(members[0], metadata))
        raise TypeError(f"unsupported union {annotation!r}")
    if origin is tuple:
        args = get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return list_of(field_type(args[0], metadata))
        raise TypeError(f"unsupported tuple {annotation!r}")
    if origin is Literal:
        return text_enum(tuple(str(a) for a in get_args(annotation)))
    result = _SIMPLE.get(annotation)
    if result is None:
        raise TypeError(f"unsupported field type {annotation!r}")
    if result.kind == "number" and any(isinstance(m, MoneyTag) for m in metadata):
        return MONEY
    return result


_SIMPLE: dict[Any, Type] = {
    bool: BOOL,
    int: INT,
    Decimal: NUMBER,
    date: DATE,
    datetime: DATETIME,
    str: TEXT,
}


def record_type(model: type[Event]) -> RecordType:
    """The record type of an event model (the `type` and `id` fields are not for rules)."""
    fields: dict[str, Type] = {}
    descriptions: dict[str, str] = {}
    for name, info in model.model_fields.items():
        if name == "type":
            continue
        fields[name] = field_type(info.annotation, info.metadata)
        if info.description:
            descriptions[name] = info.description
    # `ref` is the event's id, or a hash of its content when it has none (Event.ref).
    fields["ref"] = TEXT
    descriptions["ref"] = "the event's id, or a stable hash of its content"
    return RecordType(model.__name__, fields, model.date_field, descriptions)

"""Every event type an export may carry: its fields (type, required or not, what the model says
of each), the rules and clauses that read it, and an example line that validates.

`mktpolicy events` prints it (text or JSON); docs/events.md is generated from it and a test
keeps it in sync, so the people who write exports need neither error messages nor JSON Schema
files to learn what to send.
"""

from __future__ import annotations

import json
import typing
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any, Literal, get_args, get_origin

from pydantic.fields import FieldInfo

from mktpolicy.events.base import Event, MonthTag
from mktpolicy.events.reader import to_event
from mktpolicy.events.record_types import field_type
from mktpolicy.events.registry import EVENT_MODELS
from mktpolicy.ir.model import DeriveAction, Program

_GIVEN = ("type", "id", "employee_id")
"""Fields every example line starts with."""


@dataclass(frozen=True, slots=True)
class FieldDoc:
    name: str
    type: str
    """As the condition language and error messages name it: `date`, `money`, `bool or null`."""
    required: bool
    default: Any
    description: str


@dataclass(frozen=True, slots=True)
class EventDoc:
    type: str
    model: str
    title: str
    description: str
    date_field: str
    fields: tuple[FieldDoc, ...]
    rules: tuple[str, ...]
    """Rules that match the type, directly or through facts derived from it."""
    clauses: tuple[str, ...]
    """The clauses those rules cite."""
    example: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def describe_events(program: Program) -> list[EventDoc]:
    """Every event type, by its `type`, with the rules of `program` that read it."""
    return sorted((_describe(model, program) for model in EVENT_MODELS), key=lambda d: d.type)


def _describe(model: type[Event], program: Program) -> EventDoc:
    name = model.__name__
    rules = _readers(program, name)
    clauses = sorted({c for rule in program.rules if rule.id in rules for c in rule.cites})
    doc = (model.__doc__ or name).strip()
    return EventDoc(
        type=model.model_fields["type"].default,
        model=name,
        title=doc.splitlines()[0],
        description=doc,
        date_field=model.date_field,
        fields=tuple(
            _field(field, info) for field, info in model.model_fields.items() if field != "type"
        ),
        rules=tuple(sorted(rules)),
        clauses=tuple(clauses),
        example=example_event(model),
    )


def _field(name: str, info: FieldInfo) -> FieldDoc:
    required = info.is_required()
    default = None if required else info.get_default(call_default_factory=True)
    return FieldDoc(
        name=name,
        type=str(field_type(info.annotation, info.metadata)),
        required=required,
        default=default if isinstance(default, bool | int | str | float) else None,
        description=" ".join((info.description or "").split()),
    )


def _readers(program: Program, fact_type: str) -> set[str]:
    """The rules that read `fact_type`, or a fact derived (at any remove) from it."""
    read = {fact_type}
    readers: set[str] = set()
    changed = True
    while changed:
        changed = False
        for rule in program.rules:
            types = {p.fact_type for p in (*rule.patterns, *rule.negations)}
            if rule.id in readers or not types & read:
                continue
            readers.add(rule.id)
            changed = True
            if isinstance(rule.action, DeriveAction):
                read.add(rule.action.fact_type)
    return readers


def example_event(model: type[Event]) -> dict[str, Any]:
    """A small record of the type that validates: the required fields, plainly filled; each
    date a week after the one before it (ends after starts, reports after what they report)."""
    kind = model.model_fields["type"].default
    record: dict[str, Any] = {"type": kind, "id": f"{kind}-1", "employee_id": "E-017"}
    for name, info in model.model_fields.items():
        if name not in _GIVEN and info.is_required():
            record[name] = _example(name, info.annotation, list(info.metadata), len(record))
    to_event(record)  # an example that does not validate is a bug here: say so loudly
    return record


def _example(name: str, annotation: Any, metadata: list[Any], position: int) -> Any:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = get_args(annotation)
        return _example(name, base, [*metadata, *extra], position)
    if origin is Literal:
        return get_args(annotation)[0]
    if origin is tuple:
        (item, *_) = get_args(annotation)
        return [get_args(item)[0]] if get_origin(item) is Literal else []
    if origin is not None:  # a union: its first member that is not None
        member = next(a for a in get_args(annotation) if a is not type(None))
        return _example(name, member, metadata, position)
    kind = str(field_type(annotation, metadata))
    if kind == "date" and any(isinstance(m, MonthTag) for m in metadata):
        return "2024-03"
    day = date(2024, 3, 4) + timedelta(weeks=position)
    return {
        "bool": True,
        "int": 2024 if name == "year" else _least(metadata, 1),
        "number": str(_least(metadata, 1)),
        "money": "100.00",
        "date": day.isoformat(),
        "datetime": f"{day.isoformat()}T09:30:00",
    }.get(kind, "C-88" if name == "customer_id" else f"{name.replace('_', '-')}-1")


def _least(metadata: list[Any], wanted: int) -> int:
    """`wanted`, or the least whole number the field's bounds allow if that is more."""
    for item in metadata:
        for bound in getattr(item, "metadata", [item]):
            low = getattr(bound, "ge", None)
            above = getattr(bound, "gt", None)
            if low is not None:
                wanted = max(wanted, int(low))
            if above is not None:
                wanted = max(wanted, int(above) + 1)
    return wanted


def render_text(docs: list[EventDoc]) -> str:
    """For a terminal: a block per type."""
    blocks = []
    for doc in docs:
        width = max(len(f.name) for f in doc.fields)
        kinds = max(len(f.type) for f in doc.fields if len(f.type) <= 24)
        lines = [f"{doc.type} ({doc.model}): {doc.title}", f"  dated by: {doc.date_field}"]
        for f in doc.fields:
            need = "required" if f.required else _optional(f)
            text = f"  {f.name:<{width}}  {f.type:<{kinds}}  {need}"
            lines.append(f"{text}  {f.description}".rstrip())
        lines.append(f"  read by: {', '.join(doc.rules) or '(no rule)'}")
        lines.append(f"  clauses: {', '.join(doc.clauses) or '-'}")
        lines.append(f"  example: {json.dumps(doc.example, ensure_ascii=False)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _optional(field: FieldDoc) -> str:
    if field.default is None:
        return "optional"
    return f"optional, default {json.dumps(field.default)}"


def render_markdown(docs: list[EventDoc]) -> str:
    """docs/events.md: a section per type, its fields as a table."""
    lines = [
        "# Event types",
        "",
        "Generated by `mktpolicy events --markdown > docs/events.md`; a test keeps it in sync.",
        "Each type an export may carry: its fields, the rules and clauses that read it (directly",
        "or through facts derived from it), and an example line. Every event also has `id` (the",
        "exporting system's, optional) and `employee_id`; dates are `YYYY-MM-DD`, datetimes",
        "`YYYY-MM-DDTHH:MM:SS` in the company's local time, money a string or number of yuan,",
        "booleans JSON `true` / `false` (in CSV, the words `true` / `false`).",
        "",
        "| type | what it records | rules |",
        "| --- | --- | --- |",
    ]
    lines += [f"| [`{d.type}`](#{d.type}) | {d.title} | {len(d.rules)} |" for d in docs]
    for doc in docs:
        lines += ["", f"## {doc.type}", "", f"`{doc.model}`: {doc.description}", ""]
        lines += [f"Dated by `{doc.date_field}`.", "", "| field | type | | description |"]
        lines.append("| --- | --- | --- | --- |")
        for f in doc.fields:
            need = "required" if f.required else _optional(f)
            lines.append(f"| `{f.name}` | {f.type} | {need} | {_cell(f.description)} |")
        rules = ", ".join(f"`{r}`" for r in doc.rules) or "none yet"
        lines += ["", f"Read by: {rules}.", ""]
        lines.append(f"Clauses: {', '.join(f'`{c}`' for c in doc.clauses) or 'none'}.")
        example = json.dumps(doc.example, ensure_ascii=False)
        skip = "<!-- doc-test: skip one event line; tests/test_events_command.py validates it -->"
        lines += ["", skip, "```json", example, "```"]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")

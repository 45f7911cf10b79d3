"""Events from pydantic models, dicts, JSON text and JSON-lines files, validated once.

A bad event is an EventError naming the field and the value (and the line, for files).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from mktpolicy.display import shown
from mktpolicy.errors import EventError
from mktpolicy.events.base import Event, FieldValueError
from mktpolicy.events.registry import EVENT_TYPES, event_adapter, model_for_type

EventInput = Event | Mapping[str, Any] | str | bytes

TOO_DEEP = "not valid JSON: nested too deep"


_TYPE_TEXT = re.compile(r'"type"\s*:\s*"([a-z_]+)"')
_TYPE_BYTES = re.compile(_TYPE_TEXT.pattern.encode())


def to_event(item: EventInput, *, line: int | None = None, source: str | None = None) -> Event:
    """One event from a model, a dict or a JSON object; EventError says what is wrong.

    The model is found by the `type` the item appears to have: the validator for every type
    builds all ~75 models, which a short run would pay for at start-up. A model's `type` field
    takes its own tag only, so an event it accepts is the one the validator for every type
    would give. Anything else (no `type`, an unknown or a wrong guess, a bad field) goes to the
    validator for every type, whose errors name the problem.
    """
    if isinstance(item, Event):
        return item
    if isinstance(item, str | bytes):
        data: Any = item
        json_text = True
    elif isinstance(item, Mapping):
        data, json_text = dict(item), False
    else:
        raise EventError(
            f"an event must be an Event, a dict or JSON text, not {type(item).__name__}",
            line=line,
            source=source,
        )
    model = _guessed_model(item)
    if model is not None:
        validator = model.__pydantic_validator__  # built on first use (mktpolicy.deferred)
        try:
            found: Event
            found = validator.validate_json(data) if json_text else validator.validate_python(data)
            return found
        except ValidationError:
            pass  # the validator for every type says what is wrong
    adapter = event_adapter()
    try:
        event = adapter.validate_json(data) if json_text else adapter.validate_python(data)
    except ValidationError as exc:
        raise EventError(describe_validation(exc, item), line=line, source=source) from None
    return event  # type: ignore[no-any-return]


def _guessed_model(item: object) -> type[Event] | None:
    """The model of the `type` an item seems to have: the first `"type": "…"` of JSON text."""
    if isinstance(item, str):
        found = _TYPE_TEXT.search(item)
        return model_for_type(found[1]) if found else None
    if isinstance(item, bytes):
        found_bytes = _TYPE_BYTES.search(item)
        return model_for_type(found_bytes[1].decode()) if found_bytes else None
    tag = item.get("type") if isinstance(item, Mapping) else None
    return model_for_type(tag) if isinstance(tag, str) else None


def describe_validation(exc: ValidationError, item: object) -> str:
    """`field 'target': Input should be greater than 0 (got '-5')`, first error first."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = [p if isinstance(p, str) else shown(p) for p in first["loc"]]
    if first["type"] == "union_tag_invalid" or (first["type"] == "union_tag_not_found"):
        got = _type_of(item)
        known = ", ".join(EVENT_TYPES)
        if got is None:
            return f"missing field 'type' (one of: {known})"
        return f"unknown event type {shown(got)} (known types: {known})"
    if first["type"] == "json_invalid":
        return f"not valid JSON: {first['msg']}"
    if loc and loc[0] in EVENT_TYPES:
        loc = loc[1:]
    problem = (first.get("ctx") or {}).get("error")
    if isinstance(problem, FieldValueError):  # a cross-field check: it names its field
        message = f"field {shown(problem.field)}: {problem}"
    else:
        field = ".".join(loc) or "(event)"
        message = f"field {shown(field)}: {first['msg']}"
        if first["type"] == "bool_type":  # the words CSV asks for too (see events.base)
            message = f"field {shown(field)}: write true or false"
        if first["type"] != "missing":
            message += f" (got {shown(first.get('input'))})"
    if len(errors) > 1:
        message += f"; and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''}"
    return message


def _type_of(item: object) -> str | None:
    if isinstance(item, Mapping):
        value = item.get("type")
        return None if value is None else str(value)
    if isinstance(item, str | bytes):
        try:
            data = json.loads(item)
        except (ValueError, RecursionError):
            return None
        if isinstance(data, dict):
            value = data.get("type")
            return None if value is None else str(value)
    return None


def to_events(items: Iterable[EventInput]) -> list[Event]:
    """Events from any mix of inputs; the first bad one raises EventError with its position."""
    result = []
    for index, item in enumerate(items, start=1):
        try:
            result.append(to_event(item))
        except EventError as exc:
            raise EventError(f"event #{index}: {exc}") from None
    return result


def iter_jsonl(stream: IO[str], source: str) -> Iterator[tuple[int, Event]]:
    """(line number, event) for each non-blank line; a bad line raises EventError."""
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        yield number, to_event(text, line=number, source=source)


def read_events(path: str | Path) -> list[Event]:
    """Every event of a JSON-lines file (or a JSON array), all validated before any is used.

    A file that cannot be read is an EventError too, so one `except PolicyError` covers input.
    """
    path = Path(path)
    try:
        return _read_events(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise EventError(f"cannot read {path}: {reason}", source=str(path)) from None


def _read_events(path: Path) -> list[Event]:
    with path.open(encoding="utf-8") as stream:
        head = stream.read(1)
        while head and head.isspace():
            head = stream.read(1)
        stream.seek(0)
        if head == "[":
            try:
                data = json.load(stream)
            except ValueError as exc:
                raise EventError(f"not valid JSON: {exc}", source=str(path)) from None
            except RecursionError:
                raise EventError(TOO_DEEP, source=str(path)) from None
            return [to_event(item, line=i, source=str(path)) for i, item in enumerate(data, 1)]
        return [event for _, event in iter_jsonl(stream, str(path))]

"""Message templates: text with `{expression}` holes (`{{` and `}}` for literal braces).

`Handed in {days_between(r.submitted_on, r.last_day)} days ahead` renders each hole's value the
way messages show values (render.py). Offsets in errors count from the template's start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mktpolicy.errors import CalendarError
from mktpolicy.expr.check import Scope, check
from mktpolicy.expr.errors import ExprSyntaxError
from mktpolicy.expr.functions import WORKING_DAY_FUNCTIONS
from mktpolicy.expr.nodes import Node
from mktpolicy.expr.parser import parse_slice
from mktpolicy.expr.render import renderer_for
from mktpolicy.expr.to_closure import compile_expr
from mktpolicy.expr.typed import TypedNode, walk


@dataclass(frozen=True, slots=True)
class Hole:
    """One `{expression}`; `offset`/`length` span the expression's text inside the braces."""

    node: Node
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class Template:
    parts: tuple[str | Hole, ...]

    def holes(self) -> list[Hole]:
        return [p for p in self.parts if isinstance(p, Hole)]


@dataclass(frozen=True, slots=True)
class TypedTemplate:
    parts: tuple[str | TypedNode, ...]

    def parts_typed(self) -> list[TypedNode]:
        return [p for p in self.parts if isinstance(p, TypedNode)]


_BRACE = re.compile(r"[{}]")


def parse_template(text: str) -> Template:
    """Split `text` into literal text and parsed `{expression}` holes."""
    parts: list[str | Hole] = []
    buffer: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if text.startswith("{{", pos) or text.startswith("}}", pos):
            buffer.append(char)
            pos += 2
        elif char == "}":
            raise ExprSyntaxError("unmatched '}'", pos, 1, hint="write '}}' for a brace")
        elif char == "{":
            end = _hole_end(text, pos)
            if not text[pos + 1 : end].strip():
                raise ExprSyntaxError("empty '{}' in message", pos, end + 1 - pos)
            if buffer:
                parts.append("".join(buffer))
                buffer = []
            node = parse_slice(text, pos + 1, end)
            parts.append(Hole(node, pos + 1, end - pos - 1))
            pos = end + 1
        else:
            # Literal text up to the next brace, in one step (messages are mostly text).
            found = _BRACE.search(text, pos)
            stop = len(text) if found is None else found.start()
            buffer.append(text[pos:stop])
            pos = stop
    if buffer:
        parts.append("".join(buffer))
    return Template(tuple(parts))


def _hole_end(text: str, start: int) -> int:
    """The `}` closing the hole opened at `start`; braces inside strings do not count."""
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char in "\"'":
            pos = _string_end(text, pos)
        elif char == "}":
            return pos
        elif char == "{":
            break
        pos += 1
    parse_slice(
        text, start + 1, min(pos, len(text))
    )  # reports an unterminated string or a bad expression
    raise ExprSyntaxError(
        "unclosed '{' in message", start, 1, hint="close it with '}', or write '{{' for a brace"
    )


def _string_end(text: str, start: int) -> int:
    """The closing quote of the string opened at `start`, or the end of the text."""
    pos = start + 1
    while pos < len(text) and text[pos] != text[start]:
        pos += 2 if text[pos] == "\\" else 1
    return min(pos, len(text))


def check_template(template: Template, scope: Scope) -> TypedTemplate:
    """Type-check every hole (any type renders); offsets already count from the start."""
    parts: list[str | TypedNode] = [
        part if isinstance(part, str) else check(part.node, scope) for part in template.parts
    ]
    return TypedTemplate(tuple(parts))


def compile_template(
    template: TypedTemplate,
    *,
    slots: Mapping[str, int],
    params: Mapping[str, Callable[[Sequence[object]], object]],
) -> Callable[[Sequence[object]], str]:
    """A closure rendering the message for `bound`; each hole's formatting is chosen here."""
    pieces: list[str] = []
    holes: list[Callable[[Sequence[object]], object]] = []
    shows: list[Callable[[object], str]] = []
    for part in template.parts:
        if isinstance(part, str):
            pieces.append(part.replace("{", "{{").replace("}", "}}"))
        else:
            pieces.append("{}")
            value = compile_expr(part, slots=slots, params=params)
            show = renderer_for(part.type)
            if any(n.op == "call" and n.value in WORKING_DAY_FUNCTIONS for n in walk(part)):
                value, show = _unknown_tolerant(value, show)
            holes.append(value)
            shows.append(show)
    form = "".join(pieces)
    if not holes:
        fixed = form.format()
        return lambda _bound: fixed
    if len(holes) == 1:
        (value,), (show,) = holes, shows
        return lambda bound: form.format(show(value(bound)))
    pairs = tuple(zip(shows, holes, strict=True))
    return lambda bound: form.format(*[show(value(bound)) for show, value in pairs])


@dataclass(frozen=True, slots=True)
class _Unknown:
    """A hole's value that needed data nobody has."""

    error: CalendarError


def _unknown_tolerant(
    value: Callable[[Sequence[object]], object], show: Callable[[object], str]
) -> tuple[Callable[[Sequence[object]], object], Callable[[object], str]]:
    """A hole that asks the working-day calendar renders, past the calendar's data, as what it
    asked ("the last working day before 2027-01-04 (not known yet: …)") instead of failing:
    a message or a compliant way is still worth reading without the date."""

    def tolerant(bound: Sequence[object]) -> object:
        try:
            return value(bound)
        except CalendarError as exc:
            return _Unknown(exc)

    def shown(found: object) -> str:
        if isinstance(found, _Unknown):
            error = found.error
            what = error.what or "a working day"
            year = f" for {error.day.year}" if error.day is not None else ""
            return f"{what} (not known yet: no official working-day data{year})"
        return show(found)

    return tolerant, shown

"""Message templates: text with `{expression}` holes (`{{` and `}}` for braces)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mktpolicy.expr.check import Scope, check
from mktpolicy.expr.errors import ExprSyntaxError, ExprTypeError
from mktpolicy.expr.nodes import Node
from mktpolicy.expr.parser import parse
from mktpolicy.expr.to_closure import Closure, compile_expr, render_value
from mktpolicy.expr.typed import TypedNode


@dataclass(frozen=True, slots=True)
class Template:
    parts: tuple[str | tuple[Node, int], ...]  # text, or (expression, offset of its text)


@dataclass(frozen=True, slots=True)
class TypedTemplate:
    parts: tuple[str | TypedNode, ...]

    def parts_typed(self) -> list[TypedNode]:
        return [p for p in self.parts if isinstance(p, TypedNode)]


def parse_template(text: str) -> Template:
    """Split `text` into literal text and parsed `{expression}` parts."""
    parts: list[str | tuple[Node, int]] = []
    buffer: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "{" and text.startswith("{{", pos):
            buffer.append("{")
            pos += 2
        elif char == "}" and text.startswith("}}", pos):
            buffer.append("}")
            pos += 2
        elif char == "}":
            raise ExprSyntaxError("unmatched '}' (write '}}' for a brace)", pos)
        elif char == "{":
            end = text.find("}", pos)
            if end < 0:
                raise ExprSyntaxError("unclosed '{' in message", pos, len(text) - pos)
            if buffer:
                parts.append("".join(buffer))
                buffer = []
            inner = text[pos + 1 : end]
            if not inner.strip():
                raise ExprSyntaxError("empty '{}' in message", pos, 2)
            try:
                node = parse(inner)
            except ExprSyntaxError as exc:
                raise ExprSyntaxError(
                    exc.message, pos + 1 + exc.offset, exc.length, exc.hint
                ) from None
            parts.append((node, pos + 1))
            pos = end + 1
        else:
            buffer.append(char)
            pos += 1
    if buffer:
        parts.append("".join(buffer))
    return Template(tuple(parts))


def check_template(template: Template, scope: Scope) -> TypedTemplate:
    """Type-check every hole; offsets in errors count from the template's start."""
    parts: list[str | TypedNode] = []
    for part in template.parts:
        if isinstance(part, str):
            parts.append(part)
            continue
        node, base = part
        try:
            parts.append(check(node, scope))
        except ExprTypeError as exc:
            raise ExprTypeError(exc.message, base + exc.offset, exc.length, exc.hint) from None
    return TypedTemplate(tuple(parts))


def compile_template(
    template: TypedTemplate, *, slots: Mapping[str, int], params: Mapping[str, Closure]
) -> Callable[[Sequence[object]], str]:
    """A closure rendering the message for `bound`."""
    pieces: list[str | Closure] = [
        p if isinstance(p, str) else compile_expr(p, slots=slots, params=params)
        for p in template.parts
    ]

    def render(bound: Sequence[object]) -> str:
        return "".join(p if isinstance(p, str) else render_value(p(bound)) for p in pieces)

    return render

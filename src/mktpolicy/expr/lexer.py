"""Tokens of the condition language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mktpolicy.expr.errors import ExprSyntaxError

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>\d+(?:\.\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|[<>+\-*/()\[\],.])"
    r"|(?P<string>[\"'])"
)
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # number, string, name, keyword, op, end
    text: str
    offset: int
    value: object = None

    @property
    def length(self) -> int:
        return max(len(self.text), 1)


def tokenize(text: str) -> list[Token]:
    """All tokens of `text`, ending with an `end` token."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ExprSyntaxError(f"unexpected character {text[pos]!r}", pos)
        kind = match.lastgroup
        if kind == "space":
            pos = match.end()
        elif kind == "string":
            token, pos = _string(text, pos)
            tokens.append(token)
        else:
            word = match.group()
            if kind == "name" and word in KEYWORDS:
                kind = "keyword"
            if kind == "name" and word.startswith("_"):
                raise ExprSyntaxError(
                    f"names starting with '_' are not allowed ({word!r})", pos, len(word)
                )
            tokens.append(Token(str(kind), word, pos))
            pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def _string(text: str, start: int) -> tuple[Token, int]:
    quote = text[start]
    pos = start + 1
    chars: list[str] = []
    while pos < len(text):
        char = text[pos]
        if char == quote:
            return Token("string", text[start : pos + 1], start, "".join(chars)), pos + 1
        if char == "\\":
            if pos + 1 >= len(text) or text[pos + 1] not in _ESCAPES:
                raise ExprSyntaxError("unknown escape in string", pos, 2)
            chars.append(_ESCAPES[text[pos + 1]])
            pos += 2
            continue
        chars.append(char)
        pos += 1
    raise ExprSyntaxError("unterminated string", start, len(text) - start)

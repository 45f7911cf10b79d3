"""Tokens of the condition language.

The lexer reads a slice of a text (a whole condition, or one `{...}` hole of a message template),
so every token's offset counts from the start of the whole text and errors point at the right
column without any shifting afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mktpolicy.expr.errors import ExprSyntaxError

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
MAX_NUMBER_DIGITS = 60
"""Longer numbers are refused: no rule needs them, and int() refuses very long digit strings."""

_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|[<>+\-*/()\[\],.])"
    r"|(?P<string>[\"'])"
)
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}
_PYTHONISMS = {
    "=": "compare with '=='",
    "!": "write 'not' to negate, or '!=' to compare",
    "&": "write 'and'",
    "|": "write 'or'",
    "%": "there is no remainder operator",
    "{": "braces are only for message templates",
    "}": "braces are only for message templates",
}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # number, string, name, keyword, op, end
    text: str
    offset: int
    value: object = None

    @property
    def length(self) -> int:
        return max(len(self.text), 1)

    def is_op(self, text: str) -> bool:
        """Whether this is the punctuation or keyword `text` (not a string that reads so)."""
        return self.text == text and self.kind in ("op", "keyword")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of `text[start:end]`, ending with an `end` token at `end`."""
    stop = len(text) if end is None else min(end, len(text))
    tokens: list[Token] = []
    pos = start
    while pos < stop:
        match = _TOKEN.match(text, pos, stop)
        if match is None:
            char = text[pos]
            raise ExprSyntaxError(
                f"unexpected character {char!r}", pos, 1, hint=_PYTHONISMS.get(char)
            )
        kind = match.lastgroup
        if kind == "space":
            pos = match.end()
            continue
        if kind == "string":
            token, pos = _string(text, pos, stop)
            tokens.append(token)
            continue
        word = match.group()
        if kind == "name" and word in KEYWORDS:
            kind = "keyword"
        elif kind == "name" and word.startswith("_"):
            raise ExprSyntaxError(
                f"names starting with '_' are not allowed ({word!r})", pos, len(word)
            )
        elif kind == "number" and len(word) > MAX_NUMBER_DIGITS:
            raise ExprSyntaxError("this number is too long", pos, len(word))
        tokens.append(Token(str(kind), word, pos))
        pos = match.end()
    tokens.append(Token("end", "", stop))
    return tokens


def _string(text: str, start: int, stop: int) -> tuple[Token, int]:
    """A quoted string from `start`; escapes are \\\\ \\" \\' \\n and \\t."""
    quote = text[start]
    pos = start + 1
    chars: list[str] = []
    while pos < stop:
        char = text[pos]
        if char == quote:
            return Token("string", text[start : pos + 1], start, "".join(chars)), pos + 1
        if char == "\\":
            if pos + 1 >= stop or text[pos + 1] not in _ESCAPES:
                raise ExprSyntaxError(
                    "unknown escape in string",
                    pos,
                    2,
                    hint="the escapes are \\\\, \\\", \\', \\n and \\t",
                )
            chars.append(_ESCAPES[text[pos + 1]])
            pos += 2
            continue
        chars.append(char)
        pos += 1
    raise ExprSyntaxError("unterminated string", start, stop - start, hint=f"close it with {quote}")

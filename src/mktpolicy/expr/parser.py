"""A Pratt parser: text → untyped syntax tree, with precise offsets in every error.

Precedence, lowest first: `or`, `and`, `not`, comparisons (`== != < <= > >= in`, `not in`, which
do not chain), `+ -`, `* /`, unary `-`, then calls, field access and parentheses.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import NoReturn

from mktpolicy.expr.errors import ExprSyntaxError
from mktpolicy.expr.lexer import Token, tokenize
from mktpolicy.expr.nodes import Binary, Call, ListLiteral, Literal, Name, Node, Unary

COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "in", "not in"})
_OR, _AND, _NOT, _CMP, _SUM, _PRODUCT, _NEGATE = 1, 2, 3, 4, 5, 6, 7
_INFIX = {"or": _OR, "and": _AND, "+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT}
MAX_DEPTH = 100
"""Deeper trees are refused: the checker and the closures recurse once per level."""


def parse(text: str) -> Node:
    """Parse one expression; ExprSyntaxError points at the offending token."""
    return parse_slice(text, 0, len(text))


def parse_slice(text: str, start: int, end: int) -> Node:
    """Parse `text[start:end]` with offsets counted from the start of `text` (template holes)."""
    parser = _Parser(tokenize(text, start, end))
    node, _depth = parser.expression(0)
    token = parser.peek()
    if token.kind != "end":
        raise ExprSyntaxError(_trailing(token, node), token.offset, token.length)
    return node


def _show(token: Token) -> str:
    return "end of text" if token.kind == "end" else repr(token.text)


def _trailing(token: Token, node: Node) -> str:
    if token.is_op("(") and isinstance(node, Name):
        return f"{'.'.join(node.parts)} is not a function; only functions can be called"
    if token.is_op("."):
        return "only a binding or 'params' has fields"
    return f"unexpected {_show(token)} after the expression"


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.nesting = 0

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.peek()
        self.pos += 1
        return token

    def expect(self, text: str) -> Token:
        token = self.peek()
        if not token.is_op(text):
            raise ExprSyntaxError(
                f"expected {text!r}, found {_show(token)}", token.offset, token.length
            )
        return self.take()

    def infix(self) -> tuple[str, int, int] | None:
        """The infix operator at the cursor: (operator, binding power, tokens it spans)."""
        token = self.peek()
        if token.kind == "keyword":
            if token.text in ("and", "or"):
                return token.text, _INFIX[token.text], 1
            if token.text == "in":
                return "in", _CMP, 1
            if token.text == "not" and self.peek(1).is_op("in"):
                return "not in", _CMP, 2
            return None
        if token.kind == "op":
            if token.text in COMPARISONS:
                return token.text, _CMP, 1
            if token.text in _INFIX:
                return token.text, _INFIX[token.text], 1
        return None

    def expression(self, min_power: int) -> tuple[Node, int]:
        """An expression whose operators bind tighter than `min_power`, and its tree depth."""
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            self.too_deep(self.peek())
        left, depth = self.prefix()
        while True:
            found = self.infix()
            if found is None or found[1] <= min_power:
                break
            op, power, width = found
            first = self.peek()
            last = self.peek(width - 1)
            self.pos += width
            right, right_depth = self.expression(power)
            if op in COMPARISONS:
                after = self.infix()
                if after is not None and after[0] in COMPARISONS:
                    bad = self.peek()
                    raise ExprSyntaxError(
                        "comparisons do not chain; join them with 'and'",
                        bad.offset,
                        bad.length,
                        hint="write `a < b and b < c` for `a < b < c`",
                    )
            depth = max(depth, right_depth) + 1
            if depth > MAX_DEPTH:
                self.too_deep(first)
            end = right.offset + right.length
            left = Binary(
                left.offset,
                end - left.offset,
                op,
                left,
                right,
                first.offset,
                last.offset + last.length - first.offset,
            )
        self.nesting -= 1
        return left, depth

    def too_deep(self, token: Token) -> NoReturn:
        raise ExprSyntaxError(
            f"expression nested too deeply (more than {MAX_DEPTH} levels)",
            token.offset,
            token.length,
            hint="split it into derived facts",
        )

    def prefix(self) -> tuple[Node, int]:
        token = self.take()
        if token.kind == "number":
            value: int | Decimal = Decimal(token.text) if "." in token.text else int(token.text)
            return Literal(token.offset, token.length, value), 1
        if token.kind == "string":
            text = token.value if isinstance(token.value, str) else ""
            return Literal(token.offset, token.length, text), 1
        if token.kind == "keyword":
            if token.text in ("true", "false"):
                return Literal(token.offset, token.length, token.text == "true"), 1
            if token.text == "null":
                return Literal(token.offset, token.length, None), 1
            if token.text == "not":
                return self.unary(token, "not", _NOT)
        if token.kind == "op":
            if token.text == "-":
                return self.unary(token, "-", _NEGATE)
            if token.text == "(":
                inner, depth = self.expression(0)
                close = self.expect(")")
                length = close.offset + 1 - token.offset
                return dataclasses.replace(inner, offset=token.offset, length=length), depth
            if token.text == "[":
                return self.list_literal(token)
        if token.kind == "name":
            if self.peek().is_op("("):
                return self.call(token)
            return self.name(token), 1
        raise ExprSyntaxError(f"unexpected {_show(token)}", token.offset, token.length)

    def unary(self, token: Token, op: str, power: int) -> tuple[Node, int]:
        operand, depth = self.expression(power)
        length = operand.offset + operand.length - token.offset
        return Unary(token.offset, length, op, operand), depth + 1

    def items(self, close: str) -> tuple[list[Node], Token, int]:
        """Comma-separated expressions up to `close` (list items, call arguments)."""
        items: list[Node] = []
        depth = 0
        while not self.peek().is_op(close):
            item, item_depth = self.expression(0)
            items.append(item)
            depth = max(depth, item_depth)
            if self.peek().is_op(","):
                self.take()
            elif not self.peek().is_op(close):
                bad = self.peek()
                raise ExprSyntaxError(
                    f"expected ',' or {close!r}, found {_show(bad)}", bad.offset, bad.length
                )
        return items, self.take(), depth + 1

    def list_literal(self, open_token: Token) -> tuple[Node, int]:
        items, close, depth = self.items("]")
        length = close.offset + 1 - open_token.offset
        return ListLiteral(open_token.offset, length, tuple(items)), depth

    def call(self, name: Token) -> tuple[Node, int]:
        self.take()  # (
        args, close, depth = self.items(")")
        return Call(name.offset, close.offset + 1 - name.offset, name.text, tuple(args)), depth

    def name(self, first: Token) -> Node:
        parts = [first.text]
        offsets = [first.offset]
        while self.peek().is_op("."):
            self.take()
            part = self.take()
            if part.kind != "name":
                raise ExprSyntaxError(
                    f"expected a field name after '.', found {_show(part)}",
                    part.offset,
                    part.length,
                )
            parts.append(part.text)
            offsets.append(part.offset)
        end = offsets[-1] + len(parts[-1])
        return Name(first.offset, end - first.offset, tuple(parts), tuple(offsets))

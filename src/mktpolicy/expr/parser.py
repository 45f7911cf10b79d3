"""A Pratt parser: text → untyped syntax tree, with precise offsets in every error."""

from __future__ import annotations

from decimal import Decimal

from mktpolicy.expr.errors import ExprSyntaxError
from mktpolicy.expr.lexer import Token, tokenize
from mktpolicy.expr.nodes import Binary, Call, ListLiteral, Literal, Name, Node, Unary

COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "in", "not in"})
_BINDING_POWER = {"or": 1, "and": 2, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6}
MAX_DEPTH = 100


def parse(text: str) -> Node:
    """Parse one expression; ExprSyntaxError points at the offending token."""
    parser = _Parser(text)
    node = parser.expression(0)
    token = parser.peek()
    if token.kind != "end":
        raise ExprSyntaxError(
            f"unexpected {_show(token)} after the expression", token.offset, token.length
        )
    return node


def _show(token: Token) -> str:
    return "end of text" if token.kind == "end" else repr(token.text)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.peek()
        self.pos += 1
        return token

    def expect(self, text: str) -> Token:
        token = self.peek()
        if token.text != text or token.kind not in ("op", "keyword"):
            raise ExprSyntaxError(
                f"expected {text!r}, found {_show(token)}", token.offset, token.length
            )
        return self.take()

    def infix(self) -> tuple[str, int, int] | None:
        """The infix operator at the cursor: (operator, binding power, tokens it spans)."""
        token = self.peek()
        if token.kind == "keyword" and token.text in ("and", "or"):
            return token.text, _BINDING_POWER[token.text], 1
        if token.kind == "keyword" and token.text == "in":
            return "in", _BINDING_POWER["cmp"], 1
        if token.kind == "keyword" and token.text == "not" and self.peek(1).text == "in":
            return "not in", _BINDING_POWER["cmp"], 2
        if token.kind == "op" and token.text in COMPARISONS:
            return token.text, _BINDING_POWER["cmp"], 1
        if token.kind == "op" and token.text in ("+", "-", "*", "/"):
            return token.text, _BINDING_POWER[token.text], 1
        return None

    def expression(self, min_power: int) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            token = self.peek()
            raise ExprSyntaxError("expression nested too deeply", token.offset)
        left = self.prefix()
        while True:
            found = self.infix()
            if found is None:
                break
            op, power, width = found
            if power <= min_power:
                break
            op_token = self.peek()
            self.pos += width
            right = self.expression(power)
            if op in COMPARISONS:
                after = self.infix()
                if after is not None and after[0] in COMPARISONS:
                    bad = self.peek()
                    raise ExprSyntaxError(
                        "comparisons do not chain; join them with 'and'",
                        bad.offset,
                        bad.length,
                    )
            end = right.offset + right.length
            left = Binary(left.offset, end - left.offset, op, left, right, op_token.offset)
        self.depth -= 1
        return left

    def prefix(self) -> Node:
        token = self.take()
        if token.kind == "number":
            value: object = Decimal(token.text) if "." in token.text else int(token.text)
            return Literal(token.offset, token.length, value)
        if token.kind == "string":
            return Literal(token.offset, token.length, token.value)
        if token.kind == "keyword":
            if token.text in ("true", "false"):
                return Literal(token.offset, token.length, token.text == "true")
            if token.text == "null":
                return Literal(token.offset, token.length, None)
            if token.text == "not":
                operand = self.expression(3)
                return Unary(
                    token.offset, operand.offset + operand.length - token.offset, "not", operand
                )
        if token.kind == "op":
            if token.text == "-":
                operand = self.expression(7)
                return Unary(
                    token.offset, operand.offset + operand.length - token.offset, "-", operand
                )
            if token.text == "(":
                inner = self.expression(0)
                close = self.expect(")")
                return _rewrap(inner, token.offset, close.offset + 1 - token.offset)
            if token.text == "[":
                return self.list_literal(token)
        if token.kind == "name":
            if self.peek().text == "(" and self.peek().kind == "op":
                return self.call(token)
            return self.name(token)
        raise ExprSyntaxError(f"unexpected {_show(token)}", token.offset, token.length)

    def items(self, close: str) -> tuple[list[Node], Token]:
        """Comma-separated expressions up to `close` (list items, call arguments)."""
        items: list[Node] = []
        while not (self.peek().text == close and self.peek().kind == "op"):
            items.append(self.expression(0))
            if self.peek().text == ",":
                self.take()
            elif self.peek().text != close:
                bad = self.peek()
                raise ExprSyntaxError(
                    f"expected ',' or {close!r}, found {_show(bad)}", bad.offset, bad.length
                )
        return items, self.take()

    def list_literal(self, open_token: Token) -> Node:
        items, close = self.items("]")
        return ListLiteral(open_token.offset, close.offset + 1 - open_token.offset, tuple(items))

    def call(self, name: Token) -> Node:
        self.take()  # (
        args, close = self.items(")")
        return Call(name.offset, close.offset + 1 - name.offset, name.text, tuple(args))

    def name(self, first: Token) -> Node:
        parts = [first.text]
        offsets = [first.offset]
        while self.peek().text == "." and self.peek().kind == "op":
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


def _rewrap(node: Node, offset: int, length: int) -> Node:
    """A parenthesised node keeps its content but spans its parentheses."""
    import dataclasses

    return dataclasses.replace(node, offset=offset, length=length)

"""Parsing: precedence, spans, and every syntax error pointing at its token."""

from __future__ import annotations

import contextlib
import string
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mktpolicy import expr
from mktpolicy.expr.nodes import Binary, Call, ListLiteral, Literal, Name, Node, Unary
from mktpolicy.expr.parser import MAX_DEPTH

from .support import at, outcome, syntax_error


def shape(node: Node) -> str:
    """The tree fully parenthesised, to read precedence off."""
    if isinstance(node, Binary):
        return f"({shape(node.left)} {node.op} {shape(node.right)})"
    if isinstance(node, Unary):
        return f"({node.op} {shape(node.operand)})"
    if isinstance(node, Name):
        return ".".join(node.parts)
    if isinstance(node, Call):
        return f"{node.name}({', '.join(shape(a) for a in node.args)})"
    if isinstance(node, ListLiteral):
        return f"[{', '.join(shape(i) for i in node.items)}]"
    assert isinstance(node, Literal)
    return repr(node.value)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a.x or b.y and c.z", "(a.x or (b.y and c.z))"),
        ("a.x and b.y or c.z", "((a.x and b.y) or c.z)"),
        ("not a.x and b.y", "((not a.x) and b.y)"),
        ("not a.x == 1", "(not (a.x == 1))"),
        ("a.x == 1 + 2 * 3", "(a.x == (1 + (2 * 3)))"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("8 / 4 / 2", "((8 / 4) / 2)"),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("-a.x * 2", "((- a.x) * 2)"),
        ("2 * -3", "(2 * (- 3))"),
        ("- -3", "(- (- 3))"),
        ("not not a.x", "(not (not a.x))"),
        ("a.x in [1, 2] or b.y not in c.z", "((a.x in [1, 2]) or (b.y not in c.z))"),
        ("a.x + 1 < b.y - 1", "((a.x + 1) < (b.y - 1))"),
        ("f(a.x, g(1)) >= 2", "(f(a.x, g(1)) >= 2)"),
        ("f()", "f()"),
        ("[1, 2,]", "[1, 2]"),
        ("params.fines.operation_breach * 2", "(params.fines.operation_breach * 2)"),
        (
            "resignation.submitted_on > resignation.last_day - params.resignation.notice_period",
            "(resignation.submitted_on > "
            "(resignation.last_day - params.resignation.notice_period))",
        ),
        (
            "meal.approved_at == null or meal.approved_at >= meal.held_at",
            "((meal.approved_at == None) or (meal.approved_at >= meal.held_at))",
        ),
    ],
)
def test_precedence(text: str, tree: str) -> None:
    assert shape(expr.parse(text)) == tree


def literal_value(text: str) -> object:
    node = expr.parse(text)
    assert isinstance(node, Literal)
    return node.value


def test_literals() -> None:
    assert expr.parse("3") == Literal(0, 1, 3)
    assert expr.parse("0.50") == Literal(0, 4, Decimal("0.50"))
    assert type(literal_value("80")) is int
    assert expr.parse("true") == Literal(0, 4, True)
    assert expr.parse("false") == Literal(0, 5, False)
    assert expr.parse("null") == Literal(0, 4, None)
    assert expr.parse(r'"a\"b\\c\nd"') == Literal(0, 12, 'a"b\\c\nd')
    assert literal_value(r"'it\'s'") == "it's"
    assert literal_value("'say \"hi\"'") == 'say "hi"'


def test_spans_cover_the_source() -> None:
    text = "  (meal.cost + 1) * 2  "
    node = expr.parse(text)
    assert (node.offset, node.length) == (2, len("(meal.cost + 1) * 2"))
    assert isinstance(node, Binary)
    assert (node.left.offset, node.left.length) == (2, len("(meal.cost + 1)"))
    assert node.op_span == (at(text, "*"), 1)
    name = expr.parse("breach . act")
    assert isinstance(name, Name)
    assert name.parts == ("breach", "act")
    assert name.offsets == (0, 9)


def test_not_in_spans_both_words() -> None:
    text = "breach.act not   in [1]"
    node = expr.parse(text)
    assert isinstance(node, Binary)
    assert node.op == "not in"
    assert node.op_span == (at(text, "not"), len("not   in"))


@pytest.mark.parametrize(
    ("text", "fragment", "words"),
    [
        ('meal.note == "abc', '"abc', "unterminated string"),
        ("meal.note == 'abc", "'abc", "unterminated string"),
        ("meal.guests > ", None, "unexpected end of text"),
        ("", None, "unexpected end of text"),
        ("a.x < b.y < c.z", "< c", "do not chain"),
        ("a.x == b.y != c.z", "!=", "do not chain"),
        ("a.x in b.y in c.z", "in c", "do not chain"),
        ("a.x < b.y not in c.z", "not in", "do not chain"),
        ("meal.__class__", "__class__", "starting with '_'"),
        ("_secret", "_secret", "starting with '_'"),
        ("__import__('os')", "__import__", "starting with '_'"),
        ("meal.guests 3", "3", "after the expression"),
        ("meal.guests $ 3", "$", "unexpected character"),
        ("meal.guests = 3", "=", "unexpected character '='"),
        ("meal.", None, "expected a field name"),
        ("meal.in", "in", "expected a field name"),
        ("min(1, 2", None, "expected ',' or ')'"),
        ("[1 2]", "2", "expected ',' or ']'"),
        ("(1 + 2", None, "expected ')'"),
        ("1 +* 2", "*", "unexpected '*'"),
        ("meal.guests(1)", "(", "is not a function"),
        ("(meal).guests", ".", "only a binding or 'params' has fields"),
        ("months(1).days", ".", "only a binding or 'params' has fields"),
        (r'"a\q"', "\\q", "unknown escape"),
        ("meal.guests not 2", "not", "after the expression"),
        ("1" * 61, "1", "too long"),
        ("a.x and", None, "unexpected end of text"),
        (")", ")", "unexpected ')'"),
        ("a.x ,", ",", "after the expression"),
    ],
)
def test_syntax_errors_point_at_the_token(text: str, fragment: str | None, words: str) -> None:
    error = syntax_error(text)
    assert words in error.message
    assert error.offset == (len(text) if fragment is None else at(text, fragment))
    assert error.length >= 1


def test_python_spellings_get_hints() -> None:
    assert syntax_error("a.x = 1").hint == "compare with '=='"
    assert syntax_error("a.x && b.y").hint == "write 'and'"
    assert syntax_error("!a.x").hint == "write 'not' to negate, or '!=' to compare"
    assert syntax_error("a.x < b.y < c.z").hint == "write `a < b and b < c` for `a < b < c`"


def test_dunder_error_spans_the_name() -> None:
    error = syntax_error("meal.__class__")
    assert (error.offset, error.length) == (5, len("__class__"))


@pytest.mark.parametrize(
    "text",
    [
        "(" * 500 + "1" + ")" * 500,
        "1" + " + 1" * 150,
        "not " * 150 + "true",
        "-" * 150 + "1",
        "f(" * 150 + ")" * 150,
        "[" * 150 + "]" * 150,
        "a.x and " * 150 + "a.x",
    ],
)
def test_deep_nesting_is_a_syntax_error_not_a_crash(text: str) -> None:
    assert "nested too deeply" in syntax_error(text).message


def test_nesting_within_the_limit_parses() -> None:
    depth = MAX_DEPTH - 2
    assert expr.parse("(" * depth + "1" + ")" * depth) == Literal(0, 2 * depth + 1, 1)
    assert expr.parse("1" + " + 1" * (MAX_DEPTH - 1)) is not None


@given(st.text(max_size=60))
def test_parse_raises_only_syntax_errors(text: str) -> None:
    with contextlib.suppress(expr.ExprSyntaxError):
        expr.parse(text)


TOKENS = [
    "a.x", "b.y", "params.p", "1", "2.5", '"s"', "'t'", "true", "null", "(", ")", "[", "]", ",",
    ".", "+", "-", "*", "/", "==", "!=", "<", ">=", "and", "or", "not", "in", "f", "_x", '"',
    "\\", "=",
]  # fmt: skip


@given(st.lists(st.sampled_from(TOKENS), max_size=25))
def test_token_soup_raises_only_syntax_errors_with_offsets_inside(tokens: list[str]) -> None:
    text = " ".join(tokens)
    result = outcome(expr.parse, text)
    if isinstance(result, expr.ExprSyntaxError):
        assert 0 <= result.offset <= len(text)
        assert result.length >= 1
    else:
        assert result.offset >= 0
        assert result.offset + result.length <= len(text)


@given(st.text(alphabet=string.printable, max_size=40))
def test_errors_carry_message_offset_length_hint(text: str) -> None:
    error = outcome(expr.parse, text)
    if isinstance(error, expr.ExprSyntaxError):
        assert error.message
        assert str(error) == error.message
        assert isinstance(error.offset, int)
        assert isinstance(error.length, int)
        assert error.hint is None or isinstance(error.hint, str)

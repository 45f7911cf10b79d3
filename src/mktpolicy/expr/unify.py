"""How types meet: numeric literals adopting their context, comparisons, arithmetic, `expect`.

A number written in the text is "untyped numeric": `r.amount > 5` compares money with money, and
the 5 becomes Decimal("5") when compiled. Money mixes only with money and plain factors, so a
date compared with money or money added to a score is an error when the rule file loads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NoReturn

from mktpolicy.diagnostics import did_you_mean
from mktpolicy.expr.errors import ExprTypeError
from mktpolicy.expr.typed import TypedNode
from mktpolicy.expr.types import NUMBER, PERIOD, Type, non_null

NUMERIC = frozenset({"int", "number", "money"})
DATES = frozenset({"date", "datetime"})
UNORDERED = frozenset({"text", "bool", "period", "list", "null"})
LIMIT = Decimal(10) ** 60
"""Folded constants stay below this: no regulation needs more, and huge ints do not print."""

Span = tuple[int, int]
_VERBS = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}


def fail(message: str, span: Span, hint: str | None = None) -> NoReturn:
    raise ExprTypeError(message, span[0], span[1], hint)


def span_of(node: TypedNode) -> Span:
    return node.offset, node.length


def path_text(node: TypedNode) -> str | None:
    """How a field or parameter is written (`meal.approved_at`), for messages."""
    if node.op == "field":
        return ".".join(node.value)
    if node.op == "param":
        return f"params.{node.value}"
    return None


def need_non_null(node: TypedNode) -> None:
    """Nullable values must be narrowed (`x != null and ...`) before they are computed with."""
    if not node.type.nullable:
        return
    if node.type.kind == "null":
        fail("null has no value to compute with", span_of(node))
    name = path_text(node)
    if name is None:
        fail("this value may be null here; use coalesce() to give a default", span_of(node))
    fail(
        f"{name} may be null here; check `{name} != null and ...` first",
        span_of(node),
        hint=f"or use coalesce({name}, ...) to give a default",
    )


def join_numeric(a: TypedNode, b: TypedNode) -> str | None:
    """The numeric kind two operands share, literals adopting the other side; None if none."""
    ka, kb = a.type.kind, b.type.kind
    if a.numeric_literal and b.numeric_literal:
        return "int" if ka == kb == "int" else "number"
    if a.numeric_literal or b.numeric_literal:
        literal, other = (ka, kb) if a.numeric_literal else (kb, ka)
        if other == "int":
            return "int" if literal == "int" else "number"
        return other
    if ka == kb:
        return ka
    if {ka, kb} == {"int", "number"}:
        return "number"
    return None


def retype(node: TypedNode, kind: str) -> TypedNode:
    """`node` as a value of numeric `kind`: a literal takes the type (and a Decimal value for
    number and money); an int expression is converted to Decimal where a number is needed."""
    if node.type.kind == kind:
        return node
    if node.numeric_literal and node.op == "lit":
        value = node.value
        if kind != "int":
            value = Decimal(value)
        return TypedNode("lit", Type(kind), node.offset, node.length, value, numeric_literal=True)
    if node.type.kind == "int" and kind in ("number", "money"):
        converted = Type(kind, nullable=node.type.nullable)
        return TypedNode("convert", converted, node.offset, node.length, kind, (node,))
    return node


def adopt(node: TypedNode, kind: str) -> TypedNode:
    """A numeric literal typed as `kind`; any other node unchanged (Python mixes int and
    Decimal correctly in arithmetic and comparisons, so only literals need a new value)."""
    return retype(node, kind) if node.numeric_literal else node


def compatible(a: Type, b: Type) -> bool:
    """Whether values of `a` and `b` may be compared with == (lists item by item)."""
    if a.kind == b.kind:
        if a.kind == "list" and a.item is not None and b.item is not None:
            return compatible(a.item, b.item)
        return True
    return {a.kind, b.kind} == {"int", "number"}


def unify_comparison(
    left: TypedNode, right: TypedNode, op_span: Span
) -> tuple[TypedNode, TypedNode]:
    """Both sides of a comparison, literals typed like the other side; else ExprTypeError."""
    lk, rk = left.type.kind, right.type.kind
    if lk in NUMERIC and rk in NUMERIC:
        kind = join_numeric(left, right)
        if kind is None:
            raise _cannot_compare(left, right, op_span)
        return adopt(left, kind), adopt(right, kind)
    if compatible(left.type, right.type):
        return left, right
    raise _cannot_compare(left, right, op_span)


def _cannot_compare(left: TypedNode, right: TypedNode, op_span: Span) -> ExprTypeError:
    kinds = {left.type.kind, right.type.kind}
    hint = None
    if kinds == DATES:
        hint = "use date_of() to take the day of a datetime, then compare dates"
    elif "money" in kinds and kinds <= NUMERIC:
        hint = "money compares only with money (or a number written in the rule)"
    fail(
        f"cannot compare {non_null(left.type).describe()} with {non_null(right.type).describe()}",
        op_span,
        hint,
    )


def check_choice(text: TypedNode, literal: TypedNode) -> None:
    """A string literal compared with a text enumeration must be one of its values."""
    choices = text.type.choices
    if choices is None or literal.op != "lit" or not isinstance(literal.value, str):
        return
    if literal.value not in choices:
        allowed = ", ".join(repr(c) for c in sorted(choices))
        fail(
            f"{literal.value!r} is not one of {allowed}",
            span_of(literal),
            did_you_mean(literal.value, choices),
        )


def arithmetic(
    op: str, left: TypedNode, right: TypedNode, op_span: Span
) -> tuple[Type, str, TypedNode, TypedNode]:
    """The result type of `left op right`, its mode (int, number, date+, date-, date+r or
    period+), and the operands with literals typed for it; ExprTypeError if they do not fit."""
    lk, rk = left.type.kind, right.type.kind
    if op in ("+", "-") and lk in DATES and rk == "period":
        return non_null(left.type), "date" + op, left, right
    if op == "+" and lk == "period" and rk in DATES:
        return non_null(right.type), "date+r", left, right
    if op == "+" and lk == rk == "period":
        return PERIOD, "period+", left, right
    if lk in NUMERIC and rk in NUMERIC:
        return _numeric(op, left, right, op_span)
    hint = None
    if op == "-" and lk in DATES and rk in DATES:
        fail("dates do not subtract; use days_between(a, b)", op_span, "it gives b - a in days")
    if lk in DATES and rk in NUMERIC:
        hint = "add a period such as days(3), weeks(1), months(1) or years(1)"
    fail(_cannot(op, left.type, right.type), op_span, hint)


def _cannot(op: str, a: Type, b: Type) -> str:
    x, y = non_null(a).describe(), non_null(b).describe()
    if op == "-":
        return f"cannot subtract {y} from {x}"
    if op in ("*", "/"):
        return f"cannot {_VERBS[op]} {x} by {y}"
    return f"cannot add {x} and {y}"


def _numeric(
    op: str, left: TypedNode, right: TypedNode, op_span: Span
) -> tuple[Type, str, TypedNode, TypedNode]:
    money_left = left.type.kind == "money" and not left.numeric_literal
    money_right = right.type.kind == "money" and not right.numeric_literal
    if op == "*" and money_left and money_right:
        fail("cannot multiply money by money", op_span)
    if op == "/" and money_right and not money_left:
        fail(_cannot(op, left.type, right.type), op_span, "only money divides by money")
    if (op == "*" and (money_left or money_right)) or (op == "/" and money_left):
        # A price times a factor, or money shared out: the factor stays a plain number.
        result = NUMBER if op == "/" and money_right else Type("money")
        factor_left = left if money_left else adopt(left, "number")
        factor_right = right if money_right else adopt(right, "number")
        return result, "number", factor_left, factor_right
    kind = join_numeric(left, right)
    if kind is None:
        fail(_cannot(op, left.type, right.type), op_span)
    left, right = adopt(left, kind), adopt(right, kind)
    mode = "int" if left.type.kind == right.type.kind == "int" else "number"
    result = NUMBER if op == "/" and kind == "int" else Type(kind)
    return result, mode, left, right


def fold_numeric(op: str, a: object, b: object, span: Span) -> int | Decimal:
    """`a op b` for two literal numbers, computed while checking (`80 * 2`, `1 / 3`)."""
    if not isinstance(a, int | Decimal) or not isinstance(b, int | Decimal):
        fail("expected numbers", span)
    try:
        if op == "/":
            value: int | Decimal = Decimal(a) / Decimal(b)
        elif op == "+":
            value = a + b
        elif op == "-":
            value = a - b
        else:
            value = a * b
    except ArithmeticError:
        fail("division by zero", span)
    if abs(Decimal(value)) >= LIMIT:
        fail("this number is too large", span)
    return value


def conform(node: TypedNode, expect: Type) -> TypedNode:
    """`node` as a value of type `expect` (numeric literals adopt it), or ExprTypeError."""
    kind = node.type.kind
    if kind == "null":
        if expect.nullable:
            return node
        fail(f"expected {expect.describe()}, got null", span_of(node))
    if expect.kind in NUMERIC and kind in NUMERIC:
        if node.numeric_literal and (expect.kind != "int" or kind == "int"):
            return retype(node, expect.kind)
        if kind == expect.kind or (kind == "int" and expect.kind == "number"):
            _nullable_fits(node, expect)
            return retype(node, expect.kind)
    elif compatible(node.type, expect):
        _nullable_fits(node, expect)
        if expect.choices is not None:
            check_choice(TypedNode("lit", expect, *span_of(node)), node)
            _choices_fit(node, expect.choices)
        return node
    hint = "write a whole number" if expect.kind == "int" and node.numeric_literal else None
    fail(f"expected {expect.describe()}, got {node.type.describe()}", span_of(node), hint)


def _choices_fit(node: TypedNode, choices: frozenset[str]) -> None:
    """Text stored where only `choices` are allowed must be known to be one of them."""
    if node.op == "lit" or node.type.kind != "text":
        return  # a literal is checked by check_choice
    allowed = ", ".join(repr(c) for c in sorted(choices))
    if node.type.choices is None:
        fail(
            f"expected one of {allowed}, got text that may be anything",
            span_of(node),
            "store a literal, or a field that is itself one of these values",
        )
    extra = sorted(node.type.choices - choices)
    if extra:
        fail(
            f"this may be {', '.join(map(repr, extra))}, which is not one of {allowed}",
            span_of(node),
            "add the values to the field's one_of",
        )


def _nullable_fits(node: TypedNode, expect: Type) -> None:
    if node.type.nullable and not expect.nullable:
        need_non_null(node)

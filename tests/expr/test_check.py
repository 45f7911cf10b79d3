"""Type checking: the brief's examples, numbers and money, comparisons, dates, choices, lists."""

from __future__ import annotations

import pytest

from mktpolicy import expr
from mktpolicy.expr.types import (
    BOOL,
    DATE,
    DATETIME,
    INT,
    MONEY,
    NUMBER,
    PERIOD,
    TEXT,
    Type,
    list_of,
    optional,
)

from .support import at, type_error, typed

# --- the brief's examples ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "resignation.submitted_on > resignation.last_day - params.resignation.notice_period",
            BOOL,
        ),
        ("not meal.meal_slip", BOOL),
        ("meal.approved_at == null or meal.approved_at >= meal.held_at", BOOL),
        ("result.actual < result.target", BOOL),
        ("result.actual / result.target * 80", NUMBER),
        ('breach.act in ["freight_discount", "free_shipping"]', BOOL),
        ("miss.month == run.end + months(1)", BOOL),
        ("round(score.total, 2) >= 60 and score.passed", BOOL),
        ("days_between(a.start, a.end) <= 7", BOOL),
    ],
)
def test_the_briefs_examples_check(text: str, kind: Type) -> None:
    assert typed(text).type == kind
    if kind == BOOL:
        assert typed(text, expect=BOOL).type == BOOL


# --- numbers and money ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("result.attendance + 1", INT),
        ("result.attendance * result.attendance", INT),
        ("result.attendance / 2", NUMBER),
        ("result.attendance + 0.5", NUMBER),
        ("result.attendance + result.score", NUMBER),
        ("result.score * 2", NUMBER),
        ("result.actual + result.target", MONEY),
        ("result.actual - 5", MONEY),
        ("5 + result.actual", MONEY),
        ("result.actual * 3", MONEY),
        ("3 * result.actual", MONEY),
        ("result.actual * result.score", MONEY),
        ("result.actual * result.attendance", MONEY),
        ("result.actual / result.attendance", MONEY),
        ("result.actual / 4", MONEY),
        ("result.actual / result.target", NUMBER),
        ("-result.actual", MONEY),
        ("params.fines.operation_breach * 2", MONEY),
        ("abs(result.actual - result.target)", MONEY),
        ("round(result.actual / 3, 2)", MONEY),
        ("round(result.attendance, 0)", NUMBER),
        ("min(result.actual, 100)", MONEY),
        ("max(result.attendance, result.score)", NUMBER),
        ("max(result.attendance, 7)", INT),
    ],
)
def test_numeric_types(text: str, kind: Type) -> None:
    assert typed(text).type == kind


def test_literal_arithmetic_is_folded_while_checking() -> None:
    node = typed("80 * 2 + 1")
    assert (node.op, node.value, node.type, node.numeric_literal) == ("lit", 161, INT, True)
    node = typed("1 / 4")
    assert (node.op, str(node.value), node.type) == ("lit", "0.25", NUMBER)
    assert typed("-(2 - 5)").value == 3
    node = typed("result.actual > 2 * 50")
    assert node.args[1].type == MONEY


@pytest.mark.parametrize(
    ("text", "operator", "message"),
    [
        ("result.actual + result.score", "+", "cannot add money and number"),
        ("result.actual + result.attendance", "+", "cannot add money and int"),
        ("result.actual - result.score", "-", "cannot subtract number from money"),
        ("result.actual * result.target", "*", "cannot multiply money by money"),
        ("result.score / result.actual", "/", "cannot divide number by money"),
        ("2 / result.actual", "/", "cannot divide int by money"),
        ("result.month + 1", "+", "cannot add date and int"),
        ("result.month * 2", "*", "cannot multiply date by int"),
        ("resignation.employee_id + 1", "+", "cannot add text and int"),
        ("months(1) - months(1)", "-", "cannot subtract period from period"),
        ("result.month - resignation.last_day", "-", "dates do not subtract; use days_between"),
        ("1 / 0", "/", "division by zero"),
        ("1 / (2 - 2)", "/", "division by zero"),
    ],
)
def test_arithmetic_errors_point_at_the_operator(text: str, operator: str, message: str) -> None:
    error = type_error(text)
    assert message in error.message
    assert error.offset == at(text, f" {operator} ") + 1


def test_adding_a_number_to_a_date_hints_at_periods() -> None:
    assert "days(3)" in (type_error("result.month + 1").hint or "")


def test_negating_text_is_an_error_at_the_operand() -> None:
    text = "-resignation.employee_id"
    error = type_error(text)
    assert error.message == "cannot negate text"
    assert error.offset == 1


# --- comparisons ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "result.attendance < result.score",
        "result.score >= 0.5",
        "result.actual > 5",
        "5 < result.actual",
        "result.actual == result.target",
        "result.attendance == 2.5",
        "resignation.submitted_on <= resignation.last_day",
        "meal.held_at > meal.held_at",
        "date_of(meal.held_at) == resignation.last_day",
        'resignation.employee_id == "E1"',
        "resignation.in_writing == true",
        "months(1) == params.resignation.notice_period",
        "result.tags == result.tags",
        "[1, 2] == [1, 2.5]",
    ],
)
def test_comparable(text: str) -> None:
    assert typed(text).type == BOOL


@pytest.mark.parametrize(
    ("text", "operator", "message"),
    [
        ("result.month > params.fines.serious_breach", ">", "cannot compare date with money"),
        ("result.month == result.actual", "==", "cannot compare date with money"),
        ("result.actual < result.score", "<", "cannot compare money with number"),
        ("result.actual == result.attendance", "==", "cannot compare money with int"),
        ("meal.held_at < resignation.last_day", "<", "cannot compare datetime with date"),
        ('result.attendance == "3"', "==", "cannot compare int with text"),
        ("meal.meal_slip == 1", "==", "cannot compare bool with int"),
        ("result.tags == [1]", "==", "cannot compare list of text with list of int"),
        ('resignation.employee_id < "E2"', "<", "text values are not ordered"),
        ("meal.meal_slip < true", "<", "bool values are not ordered"),
        ("months(1) < months(2)", "<", "period values are not ordered"),
    ],
)
def test_incomparable(text: str, operator: str, message: str) -> None:
    error = type_error(text)
    assert message in error.message
    assert error.offset == at(text, f" {operator} ") + 1
    assert error.length == len(operator)


def test_date_and_datetime_hint_date_of() -> None:
    assert "date_of()" in (type_error("meal.held_at < resignation.last_day").hint or "")


# --- dates and periods ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("resignation.last_day - months(1)", DATE),
        ("resignation.last_day + params.resignation.notice_period", DATE),
        ("months(1) + resignation.last_day", DATE),
        ("meal.held_at + days(2)", DATETIME),
        ("meal.held_at - weeks(1)", DATETIME),
        ("months(1) + days(3)", PERIOD),
        ("years(1) + params.resignation.notice_period", PERIOD),
        ('date("2024-01-31") + months(1)', DATE),
    ],
)
def test_date_arithmetic(text: str, kind: Type) -> None:
    assert typed(text).type == kind


# --- text and choices ----------------------------------------------------------------------


def test_choice_literals_must_be_allowed_values() -> None:
    assert typed('breach.act == "free_shipping"').type == BOOL
    text = 'breach.act == "free_shiping"'
    error = type_error(text)
    assert error.message.startswith("'free_shiping' is not one of 'free_shipping', ")
    assert error.hint == "did you mean 'free_shipping'?"
    assert (error.offset, error.length) == (at(text, '"'), len('"free_shiping"'))


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ('breach.act != "nope"', '"nope"'),
        ('"nope" == breach.act', '"nope"'),
        ('breach.act in ["free_shipping", "nope"]', '"nope"'),
        ('breach.act not in ["nope"]', '"nope"'),
        ('"nope" in breach.acts', '"nope"'),
        ('result.grade == "D"', '"D"'),
        ('coalesce(result.grade, "D") == "A"', '"D"'),
    ],
)
def test_choice_errors_point_at_the_literal(text: str, bad: str) -> None:
    error = type_error(text)
    assert "is not one of" in error.message
    assert error.offset == at(text, bad)


def test_text_without_choices_takes_any_literal() -> None:
    assert typed('"anything" in result.tags').type == BOOL
    assert typed('resignation.employee_id in ["E1", "E2"]').type == BOOL


# --- bool ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "operand", "word"),
    [
        ("meal.guests and meal.meal_slip", "meal.guests", "'and' needs true/false, got int"),
        ("meal.meal_slip or 1", "1", "'or' needs true/false, got int"),
        ("not meal.cost", "meal.cost", "'not' needs true/false, got money"),
    ],
)
def test_connectives_need_bools(text: str, operand: str, word: str) -> None:
    error = type_error(text)
    assert error.message == word
    assert (error.offset, error.length) == (at(text, operand), len(operand))


def test_conditions_must_be_bool() -> None:
    error = type_error("result.attendance + 1", expect=BOOL)
    assert error.message == "expected bool, got int"
    assert (error.offset, error.length) == (0, len("result.attendance + 1"))
    assert "expected bool, got null" in type_error("null", expect=BOOL).message


# --- expect --------------------------------------------------------------------------------


def test_a_numeric_literal_takes_the_expected_type() -> None:
    node = typed("50", expect=MONEY)
    assert node.type == MONEY
    assert str(node.value) == "50"
    assert typed("12.5", expect=MONEY).type == MONEY
    assert typed("7", expect=INT).type == INT
    assert typed("7", expect=NUMBER).type == NUMBER
    assert typed("params.fines.operation_breach * 2", expect=MONEY).type == MONEY


def test_an_int_where_a_number_is_expected_is_converted() -> None:
    node = typed("result.attendance * 2", expect=NUMBER)
    assert (node.op, node.type, node.value) == ("convert", NUMBER, "number")


@pytest.mark.parametrize(
    ("text", "expect", "message"),
    [
        ("result.score", MONEY, "expected money, got number"),
        ("result.attendance", MONEY, "expected money, got int"),
        ("0.5", INT, "expected int, got number"),
        ("result.score", INT, "expected int, got number"),
        ("result.month", DATETIME, "expected datetime, got date"),
        ('"x"', MONEY, "expected money, got text"),
    ],
)
def test_expect_mismatches(text: str, expect: Type, message: str) -> None:
    assert type_error(text, expect=expect).message == message


def test_expect_nullable() -> None:
    assert typed("null", expect=optional(MONEY)).type.kind == "null"
    assert typed("result.loss", expect=optional(MONEY)).type == optional(MONEY)
    assert "may be null" in type_error("result.loss", expect=MONEY).message


# --- lists ---------------------------------------------------------------------------------


def test_list_literals() -> None:
    assert typed("[1, 2]").type == list_of(INT)
    assert typed("[1, 2.5]").type == list_of(NUMBER)
    assert typed("[result.actual, 5]").type == list_of(MONEY)
    assert typed("[result.attendance, result.score]").type == list_of(NUMBER)
    assert typed('["a", resignation.employee_id]').type == list_of(TEXT)
    assert typed("result.attendance in []").type == BOOL
    text = '[1, "a"]'
    error = type_error(text)
    assert error.message == "list items differ: int and text"
    assert error.offset == at(text, '"a"')
    assert type_error("[]").message == "an empty list has no type here"
    assert type_error("[result.loss]").message == "a list item may not be null"
    assert type_error("[result.actual, result.score]").message.startswith("list items differ")


def test_membership_needs_a_list() -> None:
    text = "breach.act in breach.act"
    error = type_error(text)
    assert (
        error.message
        == "'in' needs a list on its right, got text (one of "
        + ", ".join(
            repr(a)
            for a in sorted(
                ["freight_discount", "free_shipping", "late_report", "monthly_settlement"]
            )
        )
        + ")"
    )
    assert error.offset == at(text, "breach.act", 1)
    assert "cannot compare int with text" in type_error("1 in result.tags").message
    assert typed("result.grade in ['A', 'B']").type == BOOL


def test_checking_returns_a_typed_tree_with_offsets() -> None:
    text = "meal.guests > 2 and meal.meal_slip"
    node = typed(text)
    assert node.op == "and"
    left, right = node.args
    assert (left.op, left.value, left.offset, left.length) == (
        "cmp",
        ">",
        0,
        len("meal.guests > 2"),
    )
    assert (right.op, right.value, right.offset) == (
        "field",
        ("meal", "meal_slip"),
        at(text, "meal.meal_slip"),
    )
    assert isinstance(expr.TypedNode, type)

"""The condition language: parsing, type rules, null narrowing, closures, templates."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mktpolicy import expr
from mktpolicy.expr.periods import Period
from mktpolicy.expr.types import (
    BOOL,
    DATE,
    DATETIME,
    INT,
    MONEY,
    NUMBER,
    PERIOD,
    TEXT,
    RecordType,
    optional,
    text_enum,
)

REPORT = RecordType(
    "Report",
    {
        "submitted_on": DATE,
        "last_day": DATE,
        "amount": MONEY,
        "score": NUMBER,
        "count": INT,
        "approved_at": optional(DATETIME),
        "held_at": DATETIME,
        "kind": text_enum({"a", "b"}),
        "name": TEXT,
        "ok": BOOL,
        "loss": optional(MONEY),
    },
    "submitted_on",
)
SCOPE = expr.Scope({"r": REPORT}, {"fines.base": MONEY, "notice": PERIOD, "weight": NUMBER})


@dataclass
class Obj:
    submitted_on: date = date(2024, 1, 31)
    last_day: date = date(2024, 2, 29)
    amount: Decimal = Decimal("12.50")
    score: Decimal = Decimal("0.5")
    count: int = 3
    approved_at: datetime | None = None
    held_at: datetime = datetime(2024, 5, 10, 12)
    kind: str = "a"
    name: str = "x"
    ok: bool = True
    loss: Decimal | None = None


PARAMS = {
    "fines.base": lambda b: Decimal(10),
    "notice": lambda b: Period(months=1),
    "weight": lambda b: Decimal(80),
}


def run(text: str, obj: Obj | None = None, expect=None):
    typed = expr.check(expr.parse(text), SCOPE, expect=expect)
    return expr.compile_expr(typed, slots={"r": 0}, params=PARAMS)([obj or Obj()])


def type_error(text: str) -> expr.ExprTypeError:
    with pytest.raises(expr.ExprTypeError) as caught:
        expr.check(expr.parse(text), SCOPE)
    return caught.value


def syntax_error(text: str) -> expr.ExprSyntaxError:
    with pytest.raises(expr.ExprSyntaxError) as caught:
        expr.parse(text)
    return caught.value


# --- parsing -------------------------------------------------------------------------------


def test_precedence_of_arithmetic_and_logic():
    assert run("1 + 2 * 3 == 7")
    assert run("(1 + 2) * 3 == 9")
    assert run("not false and true or false")
    assert run("-r.count + 4 == 1")


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ('r.name == "abc', 10, "unterminated string"),
        ("r.count > ", 10, "unexpected end of text"),
        ("r.count < 1 < 2", 12, "do not chain"),
        ("r.__class__", 2, "starting with '_'"),
        ("r.count 3", 8, "after the expression"),
        ("r.count $ 3", 8, "unexpected character"),
        ("r.", 2, "expected a field name"),
        ("min(1, 2", 8, "expected ',' or ')'"),
    ],
)
def test_syntax_errors_point_at_the_token(text, offset, words):
    error = syntax_error(text)
    assert error.offset == offset
    assert words in error.message


@given(st.text(max_size=40))
def test_parse_raises_only_syntax_errors(text):
    with contextlib.suppress(expr.ExprSyntaxError):
        expr.parse(text)


def test_deep_nesting_is_a_syntax_error_not_a_crash():
    assert "nested too deeply" in syntax_error("(" * 500 + "1" + ")" * 500).message


# --- types -----------------------------------------------------------------------------------


def test_a_date_compared_with_money_is_a_type_error():
    error = type_error("r.submitted_on > params.fines.base")
    assert error.message == "cannot compare date with money"
    assert error.offset == 15


def test_money_and_numbers():
    assert expr.check(expr.parse("r.amount * params.weight"), SCOPE).type == MONEY
    assert expr.check(expr.parse("r.amount / r.amount"), SCOPE).type == NUMBER
    assert expr.check(expr.parse("r.amount + 5"), SCOPE).type == MONEY
    assert "cannot add money and number" in type_error("r.amount + r.score").message
    assert "money by money" in type_error("r.amount * r.amount").message
    assert "cannot compare money with number" in type_error("r.amount > r.score").message


def test_dates_and_periods():
    assert expr.check(expr.parse("r.last_day - months(1)"), SCOPE).type == DATE
    assert expr.check(expr.parse("r.held_at + params.notice"), SCOPE).type == DATETIME
    assert "days_between" in type_error("r.last_day - r.submitted_on").message
    error = type_error("r.held_at > r.submitted_on")
    assert "date_of()" in (error.hint or "")


def test_unknown_names_have_hints():
    assert type_error("r.submited_on").hint == "did you mean 'submitted_on'?"
    assert type_error("x.count").message == "unknown name 'x'"
    assert type_error("params.fines.bas").hint == "did you mean 'fines.base'?"
    assert type_error("mnths(1)").hint == "did you mean 'months'?"
    assert "has no fields" in type_error("r.last_day.year").message
    assert "name one of its fields" in type_error("r == r").message


def test_choice_literals_are_checked():
    assert run('r.kind == "a"')
    error = type_error('r.kind in ["a", "c"]')
    assert "'c' is not one of 'a', 'b'" in error.message
    assert error.offset == 16


def test_null_must_be_narrowed_before_use():
    error = type_error("r.approved_at >= r.held_at")
    assert "may be null" in error.message
    assert run("r.approved_at != null and r.approved_at >= r.held_at") is False
    assert run("r.approved_at == null or r.approved_at >= r.held_at") is True
    assert run("not (r.approved_at == null) and r.approved_at < r.held_at") is False
    assert run("coalesce(r.loss, 0) == 0")


def test_conditions_must_be_bool_and_fines_money():
    with pytest.raises(expr.ExprTypeError, match="expected bool"):
        expr.check(expr.parse("r.count"), SCOPE, expect=BOOL)
    assert run("50", expect=MONEY) == Decimal(50)
    with pytest.raises(expr.ExprTypeError, match="expected money"):
        expr.check(expr.parse("r.score"), SCOPE, expect=MONEY)


# --- values --------------------------------------------------------------------------------


def test_calendar_months_clip_to_the_month_end():
    assert run("r.submitted_on + months(1)") == date(2024, 2, 29)
    assert run('date("2024-03-31") - months(1)') == date(2024, 2, 29)
    assert run("latest_start(r.last_day, months(1))") == date(2024, 1, 31)


def test_money_stays_decimal():
    value = run("r.amount * 3")
    assert value == Decimal("37.50")
    assert isinstance(value, Decimal)
    assert run("r.count / 2") == Decimal("1.5")
    assert run("round(r.amount / 3, 2)") == Decimal("4.17")


def test_short_circuit_does_not_touch_null():
    assert run("r.loss != null and r.loss > 0") is False


def test_functions():
    assert run("days_between(r.submitted_on, r.last_day)") == 29
    assert run("weekday(r.submitted_on)") == 3
    assert run("month_end(r.submitted_on)") == date(2024, 1, 31)
    assert run("year_month(r.last_day)") == "2024-02"
    assert run("max(r.count, 7)") == 7
    assert run("len([1, 2, 3])") == 3


@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6))
def test_integer_arithmetic_agrees_with_python(a, b):
    text = f"({a}) + ({b}) * 2 - ({a})"
    assert run(text) == a + b * 2 - a


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(0, 24))
def test_latest_start_is_the_latest_compliant_day(end, months):
    period = Period(months=months)
    start = expr.latest_start(end, period)
    from datetime import timedelta

    from mktpolicy.expr.periods import add_period

    assert add_period(start, period) <= end
    assert add_period(start + timedelta(days=1), period) > end


# --- templates -----------------------------------------------------------------------------


def test_templates_render_values():
    template = expr.parse_template(
        "Handed in {r.submitted_on}, {params.notice} ahead, fine {params.fines.base} yuan, "
        "{r.amount}, {{literal}}"
    )
    typed = expr.check_template(template, SCOPE)
    render = expr.compile_template(typed, slots={"r": 0}, params=PARAMS)
    assert render([Obj()]) == (
        "Handed in 2024-01-31, 1 month ahead, fine 10 yuan, 12.50, {literal}"
    )
    assert expr.referenced_params(typed) == {"notice", "fines.base"}


def test_template_errors_count_from_the_template_start():
    with pytest.raises(expr.ExprTypeError) as caught:
        expr.check_template(expr.parse_template("ok {r.nope} done"), SCOPE)
    assert caught.value.offset == 6
    with pytest.raises(expr.ExprSyntaxError):
        expr.parse_template("unclosed {r.count")

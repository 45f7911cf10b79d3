"""Closures: values on real objects, Decimal money, calendar months, short-circuits, folding."""

from __future__ import annotations

import ast
import decimal
import operator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

import mktpolicy.expr
from mktpolicy import expr
from mktpolicy.expr.periods import Period
from mktpolicy.expr.types import MONEY, NUMBER

from .support import (
    SCOPE,
    Breach,
    Meal,
    Resignation,
    Result,
    Run,
    Score,
    Span,
    compiled,
    run,
)

# --- the brief's examples ------------------------------------------------------------------


def test_resignation_notice() -> None:
    text = "resignation.submitted_on > resignation.last_day - params.resignation.notice_period"
    assert run(text) is True  # 2024-01-31 is after 2024-02-29 - 1 month (2024-01-29): late
    assert run(text, resignation=Resignation(submitted_on=date(2024, 1, 29))) is False


def test_meal_slip_and_approval() -> None:
    assert run("not meal.meal_slip") is True
    approval = "meal.approved_at == null or meal.approved_at >= meal.held_at"
    assert run(approval) is True
    late = Meal(approved_at=datetime(2024, 5, 10, 13))
    early = Meal(approved_at=datetime(2024, 5, 9))
    assert run(approval, meal=late) is True
    assert run(approval, meal=early) is False


def test_results() -> None:
    assert run("result.actual < result.target") is True
    value = run("result.actual / result.target * 80")
    assert value == Decimal(72)
    assert isinstance(value, Decimal)


def test_membership_in_literal_lists() -> None:
    text = 'breach.act in ["freight_discount", "free_shipping"]'
    assert run(text) is True
    assert run(text, breach=Breach(act="late_report")) is False
    assert run('breach.act not in ["freight_discount", "free_shipping"]') is False
    assert run("breach.acts == breach.acts") is True
    assert run('"late_report" in breach.acts') is True
    assert run("result.attendance in [4, 5.0]") is True
    assert run("result.actual in [900, 1000]") is True


def test_month_arithmetic_clips_to_the_month_end() -> None:
    assert run("miss.month == run.end + months(1)") is True  # 2024-01-31 + 1 month = 02-29
    assert run("run.end + months(1)") == date(2024, 2, 29)
    assert run("run.end + months(1)", run=Run(end=date(2023, 1, 31))) == date(2023, 2, 28)
    assert run('date("2024-03-31") - months(1)') == date(2024, 2, 29)
    assert run("months(1) + run.end") == date(2024, 2, 29)
    assert run("meal.held_at + months(1)") == datetime(2024, 6, 10, 12)
    assert run("run.end + params.resignation.notice_period + days(1)") == date(2024, 3, 1)
    assert run("months(1) + days(3)") == Period(months=1, days=3)


def test_rounding_half_up() -> None:
    assert run("round(score.total, 2) >= 60 and score.passed") is True  # 59.995 → 60.00
    assert run("round(score.total, 2)") == Decimal("60.00")
    assert run("round(2.345, 2)") == Decimal("2.35")
    assert run("round(result.attendance / 3, 1)") == Decimal("1.7")
    assert run("round(result.attendance, 0)") == Decimal(5)
    assert run("round(score.total, 2) >= 60", score=Score(total=Decimal("59.994"))) is False


def test_days_between() -> None:
    assert run("days_between(a.start, a.end) <= 7") is True
    assert run("days_between(a.end, a.start)") == -7
    assert run("days_between(a.opened, a.closed)") == 1  # 47 hours: one whole day
    assert run("days_between(a.closed, a.opened)") == -1


# --- numbers -------------------------------------------------------------------------------


def test_money_stays_decimal() -> None:
    for text, value in [
        ("meal.cost * 3", Decimal("37.50")),
        ("meal.cost / 4", Decimal("3.125")),
        ("meal.cost + 5", Decimal("17.50")),
        ("5 + meal.cost", Decimal("17.50")),
        ("meal.cost - 0.5", Decimal("12.00")),
        ("-meal.cost", Decimal("-12.50")),
        ("params.fines.operation_breach * 2", Decimal(20)),
        ("abs(result.actual - result.target)", Decimal(100)),
        ("min(meal.cost, 100)", Decimal("12.50")),
        ("max(meal.cost, 100)", Decimal(100)),
        ("coalesce(result.loss, 0)", Decimal(0)),
    ]:
        got = run(text)
        assert got == value, text
        assert isinstance(got, Decimal), text


def test_fines_written_as_integers_are_money() -> None:
    value = run("50", expect=MONEY)
    assert value == Decimal(50)
    assert isinstance(value, Decimal)


def test_int_division_gives_a_decimal_never_a_float() -> None:
    value = run("result.attendance / 2")
    assert value == Decimal("2.5")
    assert isinstance(value, Decimal)
    assert run("7 / 2") == Decimal("3.5")
    assert isinstance(run("result.attendance + result.attendance"), int)


def test_ints_where_numbers_are_expected_become_decimals() -> None:
    value = run("result.attendance * 2", expect=NUMBER)
    assert value == Decimal(10)
    assert isinstance(value, Decimal)
    value = run("max(result.attendance, result.score)")
    assert value == Decimal(5)
    assert isinstance(value, Decimal)
    value = run("coalesce(result.bonus, 0.5)", result=Result(bonus=2))
    assert value == Decimal(2)
    assert isinstance(value, Decimal)


def test_division_by_zero_at_run_time_raises_naturally() -> None:
    with pytest.raises(ZeroDivisionError):
        run("result.actual / result.target", result=Result(target=Decimal(0)))
    with pytest.raises(ZeroDivisionError):
        run("10 / result.attendance", result=Result(attendance=0))
    with pytest.raises(decimal.InvalidOperation):
        run("result.attendance / result.attendance", result=Result(attendance=0))


# --- null ----------------------------------------------------------------------------------


def test_short_circuit_never_touches_null() -> None:
    assert run("result.loss != null and result.loss > 1") is False
    assert run("result.loss == null or result.loss > 1") is True
    assert run("not (result.loss == null) and result.loss > 1") is False
    assert run("result.loss != null and result.loss > 1", result=Result(loss=Decimal(2))) is True
    assert run("null == result.loss") is True
    assert run("null != result.loss") is False
    assert run("coalesce(meal.note, 'none') == 'none'") is True


def test_not_of_a_comparison() -> None:
    for text, value in [
        ("not (result.attendance < 3)", True),
        ("not (result.attendance >= 3)", False),
        ("not (result.attendance == 5)", False),
        ("not (result.attendance != 5)", True),
        ("not (result.attendance > 5)", True),
        ("not (result.attendance <= 5)", False),
        ('not (breach.act in ["free_shipping"])', False),
        ('not (breach.act not in ["free_shipping"])', True),
        ("not (result.loss == null)", False),
        ("not (result.loss != null)", True),
        ("not not meal.meal_slip", False),
        ("not (meal.meal_slip and true)", True),
    ]:
        assert run(text) is value, text


# --- folding -------------------------------------------------------------------------------


def test_constants_fold_to_values_needing_no_facts() -> None:
    for text, value in [
        ('date("2024-01-31") + months(1)', date(2024, 2, 29)),
        ("months(1)", Period(months=1)),
        ('weekday(date("2024-01-31"))', 3),
        ("[1, 2.5]", (Decimal(1), Decimal("2.5"))),
        ("true and false or true", True),
        ("len('abc') > 2", True),
    ]:
        node = expr.check(expr.parse(text), SCOPE)
        assert expr.compile_expr(node, slots={}, params={})(()) == value, text


def test_and_or_drop_constants_that_cannot_decide() -> None:
    assert run("true and meal.meal_slip") is False
    assert run("false or meal.meal_slip") is False
    assert run("false and meal.meal_slip") is False
    assert run("true or meal.meal_slip") is True


def test_a_constant_that_fails_fails_when_run_not_when_compiled() -> None:
    node = expr.check(expr.parse('date("9999-12-31") + days(1)'), SCOPE)
    closure = expr.compile_expr(node, slots={}, params={})
    with pytest.raises(OverflowError):
        closure(())


def test_working_day_functions_are_not_folded() -> None:
    node = expr.check(expr.parse('is_working_day(date("2024-10-01"))'), SCOPE)
    closure = expr.compile_expr(node, slots={}, params={})  # compiles without the calendar
    assert closure(()) is False  # National Day


def test_missing_slots_and_parameters_are_key_errors() -> None:
    node = expr.check(expr.parse("meal.guests > params.limit"), SCOPE)
    with pytest.raises(KeyError, match="meal"):
        expr.compile_expr(node, slots={}, params={})
    with pytest.raises(KeyError, match="limit"):
        expr.compile_expr(node, slots={"meal": 0}, params={})


def test_slots_and_parameters_are_read_through_the_bound_sequence() -> None:
    node = expr.check(expr.parse("meal.guests + params.limit"), SCOPE)
    seen: list[object] = []

    def limit(bound: object) -> object:
        seen.append(bound)
        return 10

    closure = expr.compile_expr(node, slots={"meal": 1}, params={"limit": limit})
    bound = [object(), Meal(guests=4)]
    assert closure(bound) == 14
    assert seen == [bound]


# --- functions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("years(2)", Period(years=2)),
        ("weeks(result.attendance)", Period(weeks=5)),
        ("date_of(meal.held_at)", date(2024, 5, 10)),
        ("date_of(resignation.last_day)", date(2024, 2, 29)),
        ("month_start(resignation.last_day)", date(2024, 2, 1)),
        ("month_end(resignation.submitted_on)", date(2024, 1, 31)),
        ("month_end(month_start(resignation.last_day))", date(2024, 2, 29)),
        ("year(meal.held_at)", 2024),
        ("month(resignation.last_day)", 2),
        ("day(resignation.last_day)", 29),
        ("weekday(resignation.submitted_on)", 3),
        ('weekday(date("2024-02-04"))', 7),
        ("year_month(resignation.last_day)", "2024-02"),
        ("min(a.start, a.end)", date(2024, 1, 1)),
        ("max(result.attendance, 7)", 7),
        ("abs(-result.attendance)", 5),
        ("len(result.tags)", 2),
        ("len(resignation.employee_id)", 2),
        ("coalesce(result.grade, 'C')", "B"),
        ("latest_start(resignation.last_day, months(1))", date(2024, 1, 31)),
    ],
)
def test_function_values(text: str, value: object) -> None:
    assert run(text) == value


def test_adding_a_function_is_one_registration(monkeypatch: pytest.MonkeyPatch) -> None:
    from mktpolicy.expr.functions import FUNCTIONS, Function, simple
    from mktpolicy.expr.types import INT

    def quarter(day: date) -> int:
        return (day.month - 1) // 3 + 1

    added = simple("quarter(d)", "1-4", (("date",),), INT, quarter)
    monkeypatch.setitem(FUNCTIONS, "quarter", added)
    assert isinstance(added, Function)
    assert run("quarter(resignation.last_day) == 1") is True
    with pytest.raises(expr.ExprTypeError, match="quarter\\(\\) needs date"):
        expr.check(expr.parse("quarter(1)"), SCOPE)


# --- shapes: every operator, every operand shape, against Python ----------------------------

OPERATORS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}
SHAPES = [  # (text, left, right) for attendance x, guests y and a constant c
    ("result.attendance {op} meal.guests", "x", "y"),  # two fields of two facts
    ("result.attendance {op} result.attendance", "x", "x"),  # a field with itself
    ("result.attendance {op} {c}", "x", "c"),  # field and constant
    ("{c} {op} result.attendance", "c", "x"),  # constant and field
    ("(result.attendance + 0 * meal.guests) {op} {c}", "x", "c"),  # computed and constant
    ("{c} {op} (meal.guests + 0 * result.attendance)", "c", "y"),  # constant and computed
    ("abs(result.attendance) {op} abs(meal.guests)", "|x|", "|y|"),  # computed and computed
    ("abs(result.attendance) {op} meal.guests", "|x|", "y"),  # computed and field
    ("meal.guests {op} abs(result.attendance)", "y", "|x|"),  # field and computed
]


@given(st.integers(-50, 50), st.integers(-50, 50), st.integers(-50, 50))
def test_every_operator_and_shape_agrees_with_python(x: int, y: int, c: int) -> None:
    facts = {"result": Result(attendance=x), "meal": Meal(guests=y)}
    values = {"x": x, "y": y, "c": c, "|x|": abs(x), "|y|": abs(y)}
    for symbol, function in OPERATORS.items():
        for shape, left, right in SHAPES:
            text = shape.format(op=symbol, c=f"({c})")
            assert run(text, **facts) == function(values[left], values[right]), text


@given(st.integers(-50, 50), st.integers(-50, 50).filter(bool))
def test_division_shapes(x: int, y: int) -> None:
    facts = {"result": Result(attendance=x), "meal": Meal(guests=y, cost=Decimal(y))}
    for text, left in [
        ("result.attendance / meal.guests", x),
        (f"result.attendance / ({y})", x),
        (f"({x}) / meal.guests", x),
        ("abs(result.attendance) / meal.guests", abs(x)),
    ]:
        got = run(text, **facts)
        assert got == Decimal(left) / Decimal(y), text
        assert isinstance(got, Decimal), text
    assert run("meal.cost / meal.cost", **facts) == 1


@given(st.lists(st.booleans(), min_size=1, max_size=7), st.booleans())
def test_and_or_chains(values: list[bool], use_and: bool) -> None:
    joiner = " and " if use_and else " or "
    text = joiner.join("meal.meal_slip" if v else "not meal.meal_slip" for v in values)
    expected = all(values) if use_and else any(values)
    assert run(text, meal=Meal(meal_slip=True)) is expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(-30, 30))
def test_month_arithmetic_agrees_with_relativedelta(day: date, n: int) -> None:
    facts = {"run": Run(end=day), "result": Result(attendance=n)}
    assert run("run.end + months(result.attendance)", **facts) == day + relativedelta(months=n)
    assert run("run.end - months(result.attendance)", **facts) == day - relativedelta(months=n)


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False),
    st.decimals(min_value=-(10**3), max_value=10**3, places=3, allow_nan=False),
)
def test_money_times_a_number_is_exact_decimal_arithmetic(cost: Decimal, score: Decimal) -> None:
    facts = {"meal": Meal(cost=cost), "result": Result(score=score)}
    got = run("meal.cost * result.score + meal.cost", **facts)
    assert got == cost * score + cost
    assert isinstance(got, Decimal)


# --- safety --------------------------------------------------------------------------------


def test_the_package_never_evaluates_text() -> None:
    """Rule text is never passed to eval, exec or compile: closures are built from the tree."""
    package = Path(mktpolicy.expr.__file__).parent
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"eval", "exec", "compile", "__import__"}, source.name


def test_compile_expr_has_no_side_channel_to_python_names() -> None:
    with pytest.raises(expr.ExprSyntaxError):
        compiled("__import__('os').system('true')")
    with pytest.raises(expr.ExprTypeError):
        compiled("open('x')")
    assert run("meal.guests") == 3
    assert isinstance(Span(), Span)

"""Type checking, continued: null narrowing, names and parameters, function signatures."""

from __future__ import annotations

import pytest

from mktpolicy.expr.types import (
    BOOL,
    DATE,
    INT,
    MONEY,
    PERIOD,
    TEXT,
    Type,
)

from .support import at, type_error, typed

# --- null and narrowing --------------------------------------------------------------------


def test_a_nullable_value_must_be_checked_first() -> None:
    text = "meal.approved_at >= meal.held_at"
    error = type_error(text)
    assert error.message == (
        "meal.approved_at may be null here; check `meal.approved_at != null and ...` first"
    )
    assert (error.offset, error.length) == (0, len("meal.approved_at"))
    assert error.hint == "or use coalesce(meal.approved_at, ...) to give a default"


@pytest.mark.parametrize(
    ("text", "culprit", "nth"),
    [
        ("result.loss + 1 > 2", "result.loss", 0),
        ("-result.bonus < 0", "result.bonus", 0),
        ("date_of(meal.approved_at) == resignation.last_day", "meal.approved_at", 0),
        ("result.signed and true", "result.signed", 0),
        ("not result.signed", "result.signed", 0),
        ("coalesce(result.loss, result.loss) > 0", "result.loss", 1),
        ("params.cap > 1", "params.cap", 0),
        ("meal.approved_at > meal.held_at and meal.approved_at != null", "meal.approved_at", 0),
        ("(meal.approved_at != null or true) and meal.approved_at > meal.held_at", "meal.a", 1),
        ("meal.approved_at == null and meal.approved_at > meal.held_at", "meal.approved_at", 1),
        ("meal.approved_at != null or meal.approved_at > meal.held_at", "meal.approved_at", 1),
        ("not (meal.approved_at != null) and meal.approved_at > meal.held_at", "meal.app", 1),
        ("meal.note != null and len(meal.note) > 0 or len(meal.note) > 1", "meal.note", 2),
    ],
)
def test_unnarrowed_nulls_are_errors(text: str, culprit: str, nth: int) -> None:
    error = type_error(text)
    assert "may be null" in error.message
    assert error.offset == at(text, culprit, nth)


@pytest.mark.parametrize(
    "text",
    [
        "meal.approved_at != null and meal.approved_at >= meal.held_at",
        "null != meal.approved_at and meal.approved_at >= meal.held_at",
        "meal.approved_at == null or meal.approved_at >= meal.held_at",
        "not (meal.approved_at == null) and meal.approved_at >= meal.held_at",
        "not (meal.approved_at != null) or meal.approved_at >= meal.held_at",
        "not (meal.approved_at == null or result.loss == null) and result.loss > 0",
        "not (meal.approved_at != null and result.loss != null) or result.loss > 0",
        "meal.guests > 1 and result.loss != null and meal.meal_slip and result.loss > 1",
        "(result.loss != null and result.bonus != null) and result.loss > 0 and result.bonus > 0",
        "result.loss != null and (meal.meal_slip or result.loss > 1)",
        "result.signed != null and result.signed",
        "params.cap != null and result.actual > params.cap",
        "coalesce(result.loss, 0) > 0",
        "coalesce(result.bonus, 0.5) > 0",
        "result.loss == null or (result.loss > 0 and result.loss < 10)",
    ],
)
def test_narrowed_nulls_check(text: str) -> None:
    assert typed(text, expect=BOOL).type == BOOL


def test_narrowing_is_by_exact_path() -> None:
    text = "result.loss != null and breach.amount > 0 and result.bonus > 0"
    assert type_error(text).offset == at(text, "result.bonus")


def test_null_comparisons_need_a_nullable_side() -> None:
    text = "meal.guests == null"
    error = type_error(text)
    assert error.message == "meal.guests is never null (int), so this is always false"
    assert error.offset == at(text, "==")
    assert "always true" in type_error("meal.guests != null").message
    assert typed("null == null").type == BOOL


def test_null_cannot_be_computed_with() -> None:
    assert type_error("null + 1").message == "null has no value to compute with"
    assert type_error("null < 1").message == "null has no value to compute with"
    assert type_error("null in [1]").message == "null is never in a list"


# --- names ---------------------------------------------------------------------------------


def test_unknown_field_has_a_hint_and_points_at_the_field() -> None:
    text = "resignation.submited_on > resignation.last_day"
    error = type_error(text)
    assert error.message == "Resignation has no field 'submited_on'"
    assert error.hint == "did you mean 'submitted_on'?"
    assert (error.offset, error.length) == (at(text, "submited_on"), len("submited_on"))


def test_unknown_names() -> None:
    text = "1 < resignaton.last_day"
    error = type_error(text)
    assert error.message == "unknown name 'resignaton'"
    assert error.hint == "did you mean 'resignation'?"
    assert (error.offset, error.length) == (4, len("resignaton"))
    assert type_error("zzz").hint == (
        "names here: resignation, meal, result, breach, miss, run, score, a, params"
    )
    assert type_error("True").hint == "write 'true'"
    assert type_error("None").hint == "write 'null'"
    assert type_error("months").hint == "months is a function: call it, as in months(n)"


def test_a_binding_alone_is_not_a_value() -> None:
    error = type_error("meal == meal")
    assert error.message == "'meal' is a ClientMeal; name one of its fields, e.g. meal.held_at"


def test_fields_have_no_fields() -> None:
    text = "resignation.last_day.year"
    error = type_error(text)
    assert error.message == "resignation.last_day is date, which has no fields"
    assert error.offset == at(text, "year")


def test_parameters_resolve_the_longest_known_id() -> None:
    node = typed("params.fines.operation_breach")
    assert (node.op, node.value, node.type) == ("param", "fines.operation_breach", MONEY)
    assert typed("params.fines").value == "fines"
    text = "params.fines.nope > 1"
    error = type_error(text)
    assert error.message == "params.fines is money, which has no fields"
    assert (error.offset, error.length) == (at(text, "nope"), 4)


def test_unknown_parameter_has_a_hint() -> None:
    text = "params.fines.operation_brech * 2"
    error = type_error("params.resignation.notice")
    assert error.message == "unknown parameter 'resignation.notice'"
    error = type_error(text)
    assert error.hint == "did you mean 'fines.operation_breach'?"
    assert (error.offset, error.length) == (7, len("fines.operation_brech"))
    assert type_error("params").message == "name a parameter: params.<id>"


# --- functions -----------------------------------------------------------------------------


def test_unknown_function_has_a_hint_at_its_name() -> None:
    text = "1 + mnths(1)"
    error = type_error(text)
    assert error.message == "unknown function 'mnths'"
    assert error.hint == "did you mean 'months'?"
    assert (error.offset, error.length) == (4, 5)
    assert (type_error("system(1)").hint or "").startswith("functions: abs, coalesce, date,")


@pytest.mark.parametrize(
    ("text", "fragment", "message"),
    [
        ("months()", "months", "months() takes 1 argument, got 0"),
        ("months(1, 2)", "months", "months() takes 1 argument, got 2"),
        ("days_between(a.start)", "days_between", "days_between() takes 2 arguments, got 1"),
        ("months(0.5)", "0.5", "months() needs int here, got number"),
        ("months(result.score)", "result.score", "months() needs int here, got number"),
        ("year(result.attendance)", "result", "year() needs date or datetime here, got int"),
        ("month_end(meal.held_at)", "meal", "month_end() needs date here, got datetime"),
        ("date(resignation.employee_id)", "resignation", "date() takes a text literal"),
        ('date("2024-02-30")', '"', "'2024-02-30' is not a date"),
        ('date("20240131")', '"', "'20240131' is not a date"),
        ("days_between(a.start, a.closed)", "days_between", "not one of each"),
        ("round(score.total, result.attendance)", "result", "round()'s places must be"),
        ("round(score.total, -1)", "-1", "round()'s places must be"),
        ("round(score.total, 1.5)", "1.5", "round()'s places must be"),
        ("round(score.total, true)", "true", "round()'s places must be"),
        ("round(meal.held_at, 2)", "meal", "round() needs int or number or money here"),
        ("min(result.actual, result.score)", "min", "min() of money and number"),
        ("max(a.start, a.opened)", "max", "max() of date and datetime"),
        ("max(resignation.employee_id, resignation.employee_id)", "resignation", "max() needs"),
        ("len(meal.guests)", "meal", "len() needs list or text here, got int"),
        ('coalesce(result.loss, "x")', "coalesce", "coalesce() of money or null with a default"),
        ("coalesce(result.loss, result.loss)", "result.loss)", "may be null"),
        ("abs(meal.held_at)", "meal", "abs() needs int or number or money here"),
    ],
)
def test_function_errors(text: str, fragment: str, message: str) -> None:
    error = type_error(text)
    assert message in error.message
    assert error.offset == at(text, fragment)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("months(2)", PERIOD),
        ("days(result.attendance)", PERIOD),
        ('date("2024-01-31")', DATE),
        ("date_of(meal.held_at)", DATE),
        ("days_between(a.opened, a.closed)", INT),
        ("month_start(resignation.last_day)", DATE),
        ("weekday(meal.held_at)", INT),
        ("len(result.tags)", INT),
        ("len([1, 2, 3])", INT),
        ("coalesce(meal.note, 'none')", TEXT),
        ("coalesce(result.signed, false)", BOOL),
        ("min(a.start, a.end)", DATE),
        ("latest_start(resignation.last_day, months(1))", DATE),
    ],
)
def test_function_results(text: str, kind: Type) -> None:
    assert typed(text).type == kind

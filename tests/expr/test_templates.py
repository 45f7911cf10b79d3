"""Message templates: holes, brace escapes, value rendering, offsets from the template start."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mktpolicy import expr
from mktpolicy.expr.periods import Period
from mktpolicy.expr.render import decimal_text, render_value
from mktpolicy.expr.template import Hole

from .support import SCOPE, SLOTS, Facts, Meal, Result, accessors, at, outcome


def render(text: str, params: dict[str, object] | None = None, **facts: object) -> str:
    typed = expr.check_template(expr.parse_template(text), SCOPE)
    closure = expr.compile_template(typed, slots=SLOTS, params=accessors(params))
    return closure(Facts(dict(facts)).bound())


def test_the_briefs_template() -> None:
    text = "Handed in {days_between(resignation.submitted_on, resignation.last_day)} days ahead"
    assert render(text) == "Handed in 29 days ahead"


def test_parts_and_offsets() -> None:
    text = "a {meal.guests} b {{c}} {params.limit}"
    template = expr.parse_template(text)
    assert [p if isinstance(p, str) else "<hole>" for p in template.parts] == [
        "a ",
        "<hole>",
        " b {c} ",
        "<hole>",
    ]
    hole = template.parts[1]
    assert isinstance(hole, Hole)
    assert (hole.offset, hole.length) == (at(text, "meal"), len("meal.guests"))
    assert (hole.node.offset, hole.node.length) == (hole.offset, hole.length)


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("fine {params.fines.serious_breach} yuan", "fine 50 yuan"),
        ("{meal.cost}", "12.50"),
        ("{meal.cost * 2}", "25"),
        ("{meal.cost / 4}", "3.125"),
        ("{result.score}", "0.50"),
        ("{-meal.cost}", "-12.50"),
        ("{resignation.last_day}", "2024-02-29"),
        ("{meal.held_at}", "2024-05-10 12:00"),
        ("{params.resignation.notice_period}", "1 month"),
        ("{months(2) + days(1)}", "2 months and 1 day"),
        ("{meal.meal_slip} / {not meal.meal_slip}", "false / true"),
        ("{meal.approved_at}", "none"),
        ("{result.loss}", "none"),
        ("{result.tags}", "north, new"),
        ("{[1.5, 2]}", "1.50, 2"),
        ("{meal.guests} guests", "3 guests"),
        ("{resignation.employee_id}", "E1"),
        ("{{literal}} and }}", "{literal} and }"),
        ("no holes at all", "no holes at all"),
        ("", ""),
        ('{resignation.employee_id == "}"}', "false"),
        ("{resignation.employee_id != '{'}", "true"),
    ],
)
def test_rendering(text: str, rendered: str) -> None:
    assert render(text) == rendered


def test_nullable_values_render_when_present() -> None:
    assert render("{result.loss}", result=Result(loss=Decimal("3.5"))) == "3.50"
    assert render("{meal.approved_at}", meal=Meal(approved_at=datetime(2024, 1, 2, 3, 4))) == (
        "2024-01-02 03:04"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal(50), "50"),
        (Decimal("50.00"), "50"),
        (Decimal("12.5"), "12.50"),
        (Decimal("12.500"), "12.50"),
        (Decimal("0.125"), "0.125"),
        (Decimal("1E+3"), "1000"),
        (Decimal("-0.00"), "0"),
        (Decimal("-7.1"), "-7.10"),
        (Decimal("0.1"), "0.10"),
        (3, "3"),
    ],
)
def test_decimal_text(value: Decimal, text: str) -> None:
    assert decimal_text(value) == text


def test_render_value_by_runtime_type() -> None:
    assert render_value(None) == "none"
    assert render_value(True) == "true"
    assert render_value(Decimal("12.5")) == "12.50"
    assert render_value(date(2024, 1, 2)) == "2024-01-02"
    assert render_value(datetime(2024, 1, 2, 3)) == "2024-01-02 03:00"
    assert render_value(datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02 03:04:05"
    assert render_value(Period(months=1)) == "1 month"
    assert render_value(("a", Decimal(1))) == "a, 1"
    assert render_value(7) == "7"


@pytest.mark.parametrize(
    ("text", "fragment", "words"),
    [
        ("late by {meal.guests +} days", "}", "unexpected end of text"),
        ("late {meal.guests", "{", "unclosed '{'"),
        ("late {meal.guests {x}", "{", "unclosed '{'"),
        ("a } b", "}", "unmatched '}'"),
        ("a {} b", "{", "empty '{}'"),
        ("a {  } b", "{", "empty '{}'"),
        ('a {meal.note == "x} b', '"x', "unterminated string"),
        ("a {meal.__dict__} b", "__dict__", "starting with '_'"),
    ],
)
def test_template_syntax_errors_count_from_the_template_start(
    text: str, fragment: str, words: str
) -> None:
    with pytest.raises(expr.ExprSyntaxError) as caught:
        expr.parse_template(text)
    assert words in caught.value.message
    assert caught.value.offset == at(text, fragment)


def test_template_type_errors_count_from_the_template_start() -> None:
    text = "ok {meal.guests} and {meal.nope} done"
    with pytest.raises(expr.ExprTypeError) as caught:
        expr.check_template(expr.parse_template(text), SCOPE)
    assert (caught.value.offset, caught.value.length) == (at(text, "nope"), 4)
    text = "{meal.approved_at > meal.held_at}"
    with pytest.raises(expr.ExprTypeError, match="may be null"):
        expr.check_template(expr.parse_template(text), SCOPE)


def test_references_of_templates_and_expressions() -> None:
    text = "{params.fines.operation_breach} and {meal.guests + params.limit}"
    template = expr.parse_template(text)
    typed = expr.check_template(template, SCOPE)
    assert expr.referenced_params(typed) == {"fines.operation_breach", "limit"}
    assert expr.referenced_params(template) == {"fines.operation_breach", "limit"}
    assert expr.referenced_fields(typed) == {("meal", "guests")}
    assert expr.referenced_fields(template) == {("meal", "guests")}
    node = expr.parse("meal.guests > params.limit and result.loss == null")
    checked = expr.check(node, SCOPE)
    for source in (node, checked):
        assert expr.referenced_params(source) == {"limit"}
        assert expr.referenced_fields(source) == {("meal", "guests"), ("result", "loss")}


@given(st.text(alphabet="{}ab\"' .+-1", max_size=30))
def test_parse_template_raises_only_syntax_errors(text: str) -> None:
    with contextlib.suppress(expr.ExprSyntaxError):
        expr.parse_template(text)


@given(st.text(max_size=40))
def test_parse_template_on_any_text(text: str) -> None:
    template = outcome(expr.parse_template, text)
    if isinstance(template, expr.ExprSyntaxError):
        assert 0 <= template.offset <= len(text)
    else:
        literal = "".join(p for p in template.parts if isinstance(p, str))
        if not template.holes():
            assert literal == text.replace("{{", "{").replace("}}", "}")

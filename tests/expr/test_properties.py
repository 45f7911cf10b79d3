"""Properties: compiled arithmetic and logic agree with Python; whatever type-checks runs."""

from __future__ import annotations

import contextlib
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from mktpolicy import expr

from .support import SCOPE, SLOTS, Facts, Meal, Result, accessors, run

FIELDS = {"result.attendance": 7, "meal.guests": -4}
FACTS = {"result": Result(attendance=7), "meal": Meal(guests=-4)}


@given(st.integers(-(10**9), 10**9), st.integers(-(10**9), 10**9))
def test_integer_arithmetic_agrees_with_python(a: int, b: int) -> None:
    assert run(f"({a}) + ({b}) * 2 - ({a})") == a + b * 2 - a
    facts = {"result": Result(attendance=a), "meal": Meal(guests=b)}
    assert run("result.attendance + meal.guests * 2 - result.attendance", **facts) == b * 2
    assert run(f"result.attendance * ({b}) - meal.guests", **facts) == a * b - b


def _ints(leaves: st.SearchStrategy[tuple[str, int]]) -> st.SearchStrategy[tuple[str, int]]:
    def combine(
        inner: st.SearchStrategy[tuple[str, int]],
    ) -> st.SearchStrategy[tuple[str, int]]:
        ops = {"+": int.__add__, "-": int.__sub__, "*": int.__mul__}
        pair = st.tuples(inner, st.sampled_from(sorted(ops)), inner)
        return pair.map(lambda t: (f"({t[0][0]} {t[1]} {t[2][0]})", ops[t[1]](t[0][1], t[2][1])))

    return st.recursive(leaves, combine, max_leaves=12)


INT_LEAVES = st.one_of(
    st.integers(-20, 20).map(lambda n: (f"({n})", n)),
    st.sampled_from(sorted(FIELDS.items())),
)
INTS = _ints(INT_LEAVES)
COMPARISONS = {
    "==": int.__eq__,
    "!=": int.__ne__,
    "<": int.__lt__,
    "<=": int.__le__,
    ">": int.__gt__,
    ">=": int.__ge__,
}


def _bools() -> st.SearchStrategy[tuple[str, bool]]:
    leaves = st.tuples(INTS, st.sampled_from(sorted(COMPARISONS)), INTS).map(
        lambda t: (f"{t[0][0]} {t[1]} {t[2][0]}", COMPARISONS[t[1]](t[0][1], t[2][1]))
    )

    def combine(
        inner: st.SearchStrategy[tuple[str, bool]],
    ) -> st.SearchStrategy[tuple[str, bool]]:
        negated = inner.map(lambda t: (f"not ({t[0]})", not t[1]))
        conj = st.tuples(inner, inner).map(
            lambda t: (f"({t[0][0]} and {t[1][0]})", t[0][1] and t[1][1])
        )
        disj = st.tuples(inner, inner).map(
            lambda t: (f"({t[0][0]} or {t[1][0]})", t[0][1] or t[1][1])
        )
        return negated | conj | disj

    return st.recursive(leaves, combine, max_leaves=8)


@given(INTS)
def test_random_integer_expressions_agree_with_python(case: tuple[str, int]) -> None:
    text, value = case
    assert run(text, **FACTS) == value


@given(_bools())
def test_random_conditions_agree_with_python(case: tuple[str, bool]) -> None:
    text, value = case
    assert run(text, **FACTS) is value


@given(INTS, INTS)
def test_division_agrees_with_decimal_division(a: tuple[str, int], b: tuple[str, int]) -> None:
    text = f"{a[0]} / {b[0]}"
    if b[1] == 0:
        with contextlib.suppress(expr.ExprTypeError, ZeroDivisionError, ArithmeticError):
            run(text, **FACTS)
        return
    got = run(text, **FACTS)
    assert got == Decimal(a[1]) / Decimal(b[1])
    assert isinstance(got, Decimal)


ATOMS = [
    "meal.guests", "meal.cost", "meal.approved_at", "meal.held_at", "meal.meal_slip", "meal.note",
    "result.loss", "result.actual", "result.score", "result.attendance", "result.tags",
    "result.grade", "result.bonus", "result.month", "result.signed", "breach.act", "breach.acts",
    "resignation.last_day", "params.limit", "params.fines", "params.cap",
    "params.resignation.notice_period", "1", "0", "2.5", '"A"', '"free_shipping"', "true",
    "null", "[1, 2]", '["A", "B"]',
]  # fmt: skip
BINARY = ["+", "-", "*", "/", "==", "!=", "<", ">=", "and", "or", "in", "not in"]
UNARY = ["not", "-", "months", "days", "date_of", "len", "abs", "month_end", "weekday"]
DUAL = ["coalesce", "round", "min", "max", "days_between"]


def _expressions() -> st.SearchStrategy[str]:
    """Expressions from the grammar (not from the types): many fail to check, many do not."""

    def combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(inner, st.sampled_from(BINARY), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        )
        unary = st.tuples(st.sampled_from(UNARY), inner).map(
            lambda t: f"{t[0]} ({t[1]})" if t[0] in ("not", "-") else f"{t[0]}({t[1]})"
        )
        dual = st.tuples(st.sampled_from(DUAL), inner, inner).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"
        )
        return binary | unary | dual

    return st.recursive(st.sampled_from(ATOMS), combine, max_leaves=10)


FULL = Facts(
    {
        "meal": Meal(note="n", approved_at=Meal().held_at),
        "result": Result(loss=Decimal(1), bonus=2, signed=True, grade="A"),
    }
)


@settings(max_examples=500)
@given(_expressions())
def test_whatever_type_checks_compiles_and_runs(text: str) -> None:
    """The checker is sound: a well-typed expression never fails with TypeError or
    AttributeError at run time, with nulls present or not; only arithmetic can fail."""
    try:
        node = expr.check(expr.parse(text), SCOPE)
    except (expr.ExprSyntaxError, expr.ExprTypeError):
        return
    params = {"cap": Decimal(3)}
    for facts, values in ((Facts(), None), (FULL, params)):
        closure = expr.compile_expr(node, slots=SLOTS, params=accessors(values))
        with contextlib.suppress(ArithmeticError):
            closure(facts.bound())

"""Shared scope, facts and helpers for the condition-language tests.

The record types mirror the regulations' shapes: a resignation, a client meal, a monthly result,
an operation breach, plus small records for the brief's other examples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import pytest

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
    Type,
    list_of,
    optional,
    text_enum,
)

T = TypeVar("T")
ACTS = ("freight_discount", "free_shipping", "monthly_settlement", "late_report")

RECORDS = {
    "resignation": RecordType(
        "Resignation",
        {"submitted_on": DATE, "last_day": DATE, "employee_id": TEXT, "in_writing": BOOL},
        "submitted_on",
    ),
    "meal": RecordType(
        "ClientMeal",
        {
            "held_at": DATETIME,
            "approved_at": optional(DATETIME),
            "meal_slip": BOOL,
            "cost": MONEY,
            "guests": INT,
            "note": optional(TEXT),
        },
        "held_at",
    ),
    "result": RecordType(
        "MonthlyResult",
        {
            "month": DATE,
            "actual": MONEY,
            "target": MONEY,
            "score": NUMBER,
            "attendance": INT,
            "loss": optional(MONEY),
            "bonus": optional(INT),
            "signed": optional(BOOL),
            "tags": list_of(TEXT),
            "grade": optional(text_enum({"A", "B", "C"})),
        },
        "month",
    ),
    "breach": RecordType(
        "OperationBreach",
        {
            "act": text_enum(ACTS),
            "occurred_on": DATE,
            "amount": MONEY,
            "acts": list_of(text_enum(ACTS)),
        },
        "occurred_on",
    ),
    "miss": RecordType("Miss", {"month": DATE}, "month"),
    "run": RecordType("Run", {"end": DATE}, "end"),
    "score": RecordType("Score", {"total": NUMBER, "passed": BOOL}, "total"),
    "a": RecordType(
        "Span", {"start": DATE, "end": DATE, "opened": DATETIME, "closed": DATETIME}, "start"
    ),
}

PARAMS: dict[str, Type] = {
    "resignation.notice_period": PERIOD,
    "fines": MONEY,
    "fines.operation_breach": MONEY,
    "fines.serious_breach": MONEY,
    "assessment.pass_mark": NUMBER,
    "cap": optional(MONEY),
    "limit": INT,
}
SCOPE = expr.Scope(RECORDS, PARAMS)
SLOTS = {name: index for index, name in enumerate(RECORDS)}


@dataclass
class Resignation:
    submitted_on: date = date(2024, 1, 31)
    last_day: date = date(2024, 2, 29)
    employee_id: str = "E1"
    in_writing: bool = True


@dataclass
class Meal:
    held_at: datetime = datetime(2024, 5, 10, 12, 0)
    approved_at: datetime | None = None
    meal_slip: bool = False
    cost: Decimal = Decimal("12.50")
    guests: int = 3
    note: str | None = None


@dataclass
class Result:
    month: date = date(2024, 3, 1)
    actual: Decimal = Decimal("900")
    target: Decimal = Decimal("1000")
    score: Decimal = Decimal("0.5")
    attendance: int = 5
    loss: Decimal | None = None
    bonus: int | None = None
    signed: bool | None = None
    tags: tuple[str, ...] = ("north", "new")
    grade: str | None = "B"


@dataclass
class Breach:
    act: str = "free_shipping"
    occurred_on: date = date(2024, 4, 2)
    amount: Decimal = Decimal("10")
    acts: tuple[str, ...] = ("late_report",)


@dataclass
class Miss:
    month: date = date(2024, 2, 29)


@dataclass
class Run:
    end: date = date(2024, 1, 31)


@dataclass
class Score:
    total: Decimal = Decimal("59.995")
    passed: bool = True


@dataclass
class Span:
    start: date = date(2024, 1, 1)
    end: date = date(2024, 1, 8)
    opened: datetime = datetime(2024, 1, 1, 9)
    closed: datetime = datetime(2024, 1, 3, 8)


FACTORIES: dict[str, Any] = {
    "resignation": Resignation,
    "meal": Meal,
    "result": Result,
    "breach": Breach,
    "miss": Miss,
    "run": Run,
    "score": Score,
    "a": Span,
}
PARAM_VALUES: dict[str, object] = {
    "resignation.notice_period": Period(months=1),
    "fines": Decimal(5),
    "fines.operation_breach": Decimal(10),
    "fines.serious_breach": Decimal(50),
    "assessment.pass_mark": Decimal(60),
    "cap": None,
    "limit": 7,
}


def accessors(values: dict[str, object] | None = None) -> dict[str, Any]:
    chosen = {**PARAM_VALUES, **(values or {})}
    return {ident: (lambda _bound, v=value: v) for ident, value in chosen.items()}


@dataclass
class Facts:
    """One fact per binding, defaults overridable: Facts(meal=Meal(approved_at=...))."""

    overrides: dict[str, object] = field(default_factory=dict)

    def bound(self) -> list[object]:
        return [self.overrides.get(name) or FACTORIES[name]() for name in RECORDS]


def typed(text: str, expect: Type | None = None) -> expr.TypedNode:
    return expr.check(expr.parse(text), SCOPE, expect=expect)


def compiled(text: str, expect: Type | None = None, params: dict[str, object] | None = None) -> Any:
    return expr.compile_expr(typed(text, expect), slots=SLOTS, params=accessors(params))


def run(
    text: str, expect: Type | None = None, params: dict[str, object] | None = None, **facts: object
) -> Any:
    return compiled(text, expect, params)(Facts(dict(facts)).bound())


def type_error(text: str, expect: Type | None = None) -> expr.ExprTypeError:
    node = expr.parse(text)
    with pytest.raises(expr.ExprTypeError) as caught:
        expr.check(node, SCOPE, expect=expect)
    return caught.value


def syntax_error(text: str) -> expr.ExprSyntaxError:
    with pytest.raises(expr.ExprSyntaxError) as caught:
        expr.parse(text)
    return caught.value


def outcome(parse: Callable[[str], T], text: str) -> T | expr.ExprSyntaxError:
    """What parsing `text` gives: the result, or the syntax error it raised."""
    try:
        return parse(text)
    except expr.ExprSyntaxError as error:
        return error


def at(text: str, fragment: str, nth: int = 0) -> int:
    """The offset of the nth occurrence of `fragment` in `text` (how tests name positions)."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(fragment, offset + 1)
    return offset

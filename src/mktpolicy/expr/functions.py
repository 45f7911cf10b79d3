"""The functions conditions may call: a registry of name → (type rule, implementation).

Add a function in one place: its signature check and its implementation together.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mktpolicy.expr.errors import ExprTypeError
from mktpolicy.expr.periods import Period, add_period, subtract_period
from mktpolicy.expr.typed import TypedNode
from mktpolicy.expr.types import BOOL, DATE, INT, PERIOD, TEXT, Type, non_null


@dataclass(frozen=True, slots=True)
class Function:
    """`check(args) -> result type` raises ExprTypeError; `impl(*values)` computes."""

    check: Callable[[Sequence[TypedNode], int], Type]
    impl: Callable[..., Any]
    doc: str


def _arity(args: Sequence[TypedNode], count: int, name: str, offset: int) -> None:
    if len(args) != count:
        raise ExprTypeError(
            f"{name}() takes {count} argument{'s' if count != 1 else ''}, got {len(args)}", offset
        )


def _need(arg: TypedNode, kinds: tuple[str, ...], name: str) -> None:
    ok = arg.type.kind in kinds or (arg.numeric_literal and {"int", "number", "money"} & set(kinds))
    if not ok:
        raise ExprTypeError(
            f"{name}() needs {' or '.join(kinds)}, got {arg.type.describe()}",
            arg.offset,
            arg.length,
        )
    if arg.type.nullable and arg.type.kind != "null":
        raise ExprTypeError(
            f"this {name}() argument may be null here; check it with '!= null' first, "
            "or use coalesce()",
            arg.offset,
            arg.length,
        )


def _period_of(unit: str) -> Function:
    def check(args: Sequence[TypedNode], offset: int) -> Type:
        _arity(args, 1, unit, offset)
        _need(args[0], ("int",), unit)
        if args[0].numeric_literal and args[0].type.kind != "int":
            raise ExprTypeError(f"{unit}() needs a whole number", args[0].offset, args[0].length)
        return PERIOD

    def impl(n: Any) -> Period:
        return Period(**{unit: int(n)})

    return Function(check, impl, f"{unit}(n): a period of n {unit}")


def _dates(
    kinds: tuple[str, ...], result: Type, name: str, impl: Callable[..., Any], doc: str
) -> Function:
    def check(args: Sequence[TypedNode], offset: int) -> Type:
        _arity(args, 1, name, offset)
        _need(args[0], kinds, name)
        return result

    return Function(check, impl, doc)


def _date_literal_check(args: Sequence[TypedNode], offset: int) -> Type:
    _arity(args, 1, "date", offset)
    arg = args[0]
    if arg.op != "lit" or not isinstance(arg.value, str):
        raise ExprTypeError(
            'date() takes a text literal such as "2024-01-31"', arg.offset, arg.length
        )
    try:
        date.fromisoformat(arg.value)
    except ValueError:
        raise ExprTypeError(
            f"{arg.value!r} is not a date (YYYY-MM-DD)", arg.offset, arg.length
        ) from None
    return DATE


def _days_between_check(args: Sequence[TypedNode], offset: int) -> Type:
    _arity(args, 2, "days_between", offset)
    for arg in args:
        _need(arg, ("date", "datetime"), "days_between")
    if args[0].type.kind != args[1].type.kind:
        raise ExprTypeError(
            "days_between() needs two dates or two datetimes, not one of each", offset
        )
    return INT


def _days_between(a: date, b: date) -> int:
    return (b - a).days if not isinstance(a, datetime) else int((b - a) / timedelta(days=1))


def _same_comparable(name: str) -> Callable[[Sequence[TypedNode], int], Type]:
    def check(args: Sequence[TypedNode], offset: int) -> Type:
        _arity(args, 2, name, offset)
        from mktpolicy.expr.check import unify_numeric

        for arg in args:
            _need(arg, ("int", "number", "money", "date", "datetime"), name)
        if all(a.type.kind in ("int", "number", "money") or a.numeric_literal for a in args):
            return unify_numeric(args[0], args[1], offset, name)
        if args[0].type.kind != args[1].type.kind:
            raise ExprTypeError(
                f"{name}() of {args[0].type.describe()} and {args[1].type.describe()}", offset
            )
        return non_null(args[0].type)

    return check


def _abs_check(args: Sequence[TypedNode], offset: int) -> Type:
    _arity(args, 1, "abs", offset)
    _need(args[0], ("int", "number", "money"), "abs")
    return args[0].type


def _round_check(args: Sequence[TypedNode], offset: int) -> Type:
    _arity(args, 2, "round", offset)
    _need(args[0], ("int", "number", "money"), "round")
    if not (args[1].op == "lit" and isinstance(args[1].value, int)):
        raise ExprTypeError(
            "round()'s second argument is a whole-number literal", args[1].offset, args[1].length
        )
    kind = args[0].type.kind
    return Type("number") if kind == "int" or args[0].numeric_literal else args[0].type


def _round(value: Any, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def _len_check(args: Sequence[TypedNode], offset: int) -> Type:
    _arity(args, 1, "len", offset)
    if args[0].type.kind not in ("list", "text"):
        raise ExprTypeError(
            f"len() needs a list or text, got {args[0].type.describe()}",
            args[0].offset,
            args[0].length,
        )
    return INT


def _coalesce_check(args: Sequence[TypedNode], offset: int) -> Type:
    _arity(args, 2, "coalesce", offset)
    first, default = args
    if default.type.nullable:
        raise ExprTypeError("coalesce()'s default may not be null", default.offset, default.length)
    if first.type.kind in ("int", "number", "money") and default.numeric_literal:
        return non_null(first.type)
    if first.type.kind != default.type.kind and first.type.kind != "null":
        raise ExprTypeError(
            f"coalesce() of {first.type.describe()} with a default of {default.type.describe()}",
            offset,
        )
    return non_null(default.type if first.type.kind == "null" else first.type)


def _latest_start_check(args: Sequence[TypedNode], offset: int) -> Type:
    _arity(args, 2, "latest_start", offset)
    _need(args[0], ("date",), "latest_start")
    _need(args[1], ("period",), "latest_start")
    return DATE


def latest_start(end: date, period: Period) -> date:
    """The latest day `d` with `d + period <= end`.

    Month ends clip, so this can be later than `end - period`: for a last day of 29 February
    2024 and one month, it is 31 January.
    """
    day = subtract_period(end, period)
    while add_period(day + timedelta(days=1), period) <= end:
        day += timedelta(days=1)
    while add_period(day, period) > end:
        day -= timedelta(days=1)
    return day


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _date_of(d: Any) -> date:
    return d.date() if isinstance(d, datetime) else d


def _working_day(name: str, result: Type, doc: str) -> Function:
    """Working-day functions call the calendar adapter at run time (imported lazily)."""

    def impl(day: date) -> Any:
        from mktpolicy import calendar

        return getattr(calendar, name)(day)

    return _dates(("date",), result, name, impl, doc)


WORKING_DAY_FUNCTIONS = frozenset({"is_working_day", "previous_working_day", "next_working_day"})
"""Functions whose results depend on the working-day calendar (verdicts record its version)."""

FUNCTIONS: dict[str, Function] = {
    "years": _period_of("years"),
    "months": _period_of("months"),
    "weeks": _period_of("weeks"),
    "days": _period_of("days"),
    "date": Function(_date_literal_check, date.fromisoformat, 'date("2024-01-31"): a date'),
    "date_of": _dates(
        ("datetime", "date"), DATE, "date_of", _date_of, "date_of(t): the day of a datetime"
    ),
    "days_between": Function(
        _days_between_check, _days_between, "days_between(a, b): b - a in days"
    ),
    "month_start": _dates(
        ("date",), DATE, "month_start", lambda d: d.replace(day=1), "first day of d's month"
    ),
    "month_end": _dates(("date",), DATE, "month_end", _month_end, "last day of d's month"),
    "year": _dates(("date", "datetime"), INT, "year", lambda d: d.year, "the year of d"),
    "month": _dates(("date", "datetime"), INT, "month", lambda d: d.month, "the month of d (1-12)"),
    "day": _dates(("date", "datetime"), INT, "day", lambda d: d.day, "the day of the month of d"),
    "year_month": _dates(
        ("date", "datetime"),
        TEXT,
        "year_month",
        lambda d: f"{d.year:04d}-{d.month:02d}",
        "`2024-03`",
    ),
    "weekday": _dates(
        ("date", "datetime"), INT, "weekday", lambda d: d.isoweekday(), "1 = Monday … 7 = Sunday"
    ),
    "min": Function(_same_comparable("min"), min, "min(a, b)"),
    "max": Function(_same_comparable("max"), max, "max(a, b)"),
    "abs": Function(_abs_check, abs, "abs(x)"),
    "round": Function(_round_check, _round, "round(x, places), half up"),
    "len": Function(_len_check, len, "len(list)"),
    "coalesce": Function(
        _coalesce_check, lambda a, b: b if a is None else a, "coalesce(x, default)"
    ),
    "is_working_day": _working_day("is_working_day", BOOL, "a working day in China"),
    "previous_working_day": _working_day(
        "previous_working_day", DATE, "the last working day before d"
    ),
    "next_working_day": _working_day("next_working_day", DATE, "the first working day after d"),
    "latest_start": Function(
        _latest_start_check,
        latest_start,
        "latest_start(end, period): latest d with d + period <= end",
    ),
}

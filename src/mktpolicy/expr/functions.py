"""The functions conditions may call: one registry of name → (type rule, implementation).

Adding a function is one `register(...)` call: its signature check and its implementation sit
together, so the checker and the closure compiler cannot disagree about it. Anything not
registered is an "unknown function" error when the rule file loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import Any, NoReturn

from mktpolicy.diagnostics import did_you_mean
from mktpolicy.expr import library
from mktpolicy.expr.errors import ExprTypeError
from mktpolicy.expr.library import latest_start
from mktpolicy.expr.typed import TypedNode
from mktpolicy.expr.types import BOOL, DATE, INT, NUMBER, PERIOD, TEXT, Type, non_null
from mktpolicy.expr.unify import (
    NUMERIC,
    check_choice,
    compatible,
    fail,
    join_numeric,
    need_non_null,
    retype,
    span_of,
)

__all__ = ["FUNCTIONS", "WORKING_DAY_FUNCTIONS", "Function", "Site", "latest_start", "register"]

Args = tuple[TypedNode, ...]
Typing = tuple[Type, Args]
"""What a signature check returns: the result type and the arguments (literals retyped)."""
Impl = Callable[..., Any]


@dataclass(frozen=True, slots=True)
class Site:
    """Where a call is written; errors about the call as a whole point at the function's name."""

    name: str
    offset: int
    length: int

    def error(self, message: str, hint: str | None = None) -> ExprTypeError:
        return ExprTypeError(message, self.offset, self.length, hint)

    def fail(self, message: str, hint: str | None = None) -> NoReturn:
        raise self.error(message, hint)


@dataclass(frozen=True, slots=True)
class Function:
    """A callable function: `check(args, site)` types a call (or raises ExprTypeError), `impl`
    computes it; `specialise(args)` may pick a faster impl for the argument types at compile
    time. `nullable_args` are the positions that may be null (coalesce's first); `fold` says a
    call with constant arguments may be computed once, when compiled."""

    signature: str
    doc: str
    check: Callable[[Args, Site], Typing]
    impl: Impl
    specialise: Callable[[Args], Impl] | None = None
    nullable_args: frozenset[int] = frozenset()
    fold: bool = True

    def implementation(self, args: Args) -> Impl:
        return self.impl if self.specialise is None else self.specialise(args)


FUNCTIONS: dict[str, Function] = {}


def register(name: str, function: Function) -> Function:
    """Make `name(...)` callable from conditions and templates."""
    if name in FUNCTIONS:
        raise ValueError(f"function {name!r} is already registered")
    FUNCTIONS[name] = function
    return function


def check_call(site: Site, args: Args) -> tuple[Function, Typing]:
    """Type a call of `site.name`; unknown functions get a did-you-mean hint. No argument may be
    null unless the function says so (coalesce)."""
    function = FUNCTIONS.get(site.name)
    if function is None:
        site.fail(
            f"unknown function {site.name!r}",
            did_you_mean(site.name, set(FUNCTIONS)) or f"functions: {', '.join(sorted(FUNCTIONS))}",
        )
    for index, arg in enumerate(args):
        if index not in function.nullable_args:
            need_non_null(arg)
    return function, function.check(args, site)


# --- signature helpers -------------------------------------------------------------------------


def arity(args: Args, count: int, site: Site) -> None:
    if len(args) != count:
        site.fail(f"{site.name}() takes {count} argument{'s' * (count != 1)}, got {len(args)}")


def need(arg: TypedNode, kinds: tuple[str, ...], site: Site) -> None:
    if arg.type.kind not in kinds:
        fail(
            f"{site.name}() needs {' or '.join(kinds)} here, got {arg.type.describe()}",
            span_of(arg),
        )


def simple(
    signature: str,
    doc: str,
    params: tuple[tuple[str, ...], ...],
    result: Type,
    impl: Impl,
    **options: Any,
) -> Function:
    """A function of fixed arity whose arguments are each one of a few kinds."""

    def check(args: Args, site: Site) -> Typing:
        arity(args, len(params), site)
        for arg, kinds in zip(args, params, strict=True):
            need(arg, kinds, site)
        return result, args

    return Function(signature, doc, check, impl, **options)


def by_first_kind(**impls: Impl) -> Callable[[Args], Impl]:
    """Pick the implementation by the first argument's kind, once, at compile time."""
    return lambda args: impls[args[0].type.kind]


# --- type rules of the built-ins ---------------------------------------------------------------


def _date_check(args: Args, site: Site) -> Typing:
    arity(args, 1, site)
    (arg,) = args
    text = arg.value
    if arg.op != "lit" or not isinstance(text, str):
        fail('date() takes a text literal such as "2024-01-31"', span_of(arg))
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        date.fromisoformat(text)
    except ValueError:
        fail(f"{text!r} is not a date", span_of(arg), "write it as YYYY-MM-DD: 2024-01-31")
    return DATE, args


def _days_between_check(args: Args, site: Site) -> Typing:
    arity(args, 2, site)
    for arg in args:
        need(arg, _DATES, site)
    if args[0].type.kind != args[1].type.kind:
        site.fail(
            "days_between() needs two dates or two datetimes, not one of each",
            "use date_of() to take the day of a datetime",
        )
    return INT, args


def _min_max_check(args: Args, site: Site) -> Typing:
    arity(args, 2, site)
    for arg in args:
        need(arg, (*_NUMBERS, *_DATES), site)
    a, b = args
    if a.type.kind in NUMERIC and b.type.kind in NUMERIC:
        kind = join_numeric(a, b)
        if kind is not None:  # both take the kind, so the result is one whichever wins
            return Type(kind), (retype(a, kind), retype(b, kind))
    elif a.type.kind == b.type.kind:
        return non_null(a.type), args
    raise site.error(f"{site.name}() of {a.type.describe()} and {b.type.describe()}")


def _abs_check(args: Args, site: Site) -> Typing:
    arity(args, 1, site)
    need(args[0], _NUMBERS, site)
    return non_null(args[0].type), args


MAX_PLACES = 28


def _round_check(args: Args, site: Site) -> Typing:
    arity(args, 2, site)
    value, places = args
    need(value, _NUMBERS, site)
    if not (places.op == "lit" and type(places.value) is int and 0 <= places.value <= MAX_PLACES):
        fail(f"round()'s places must be a whole number from 0 to {MAX_PLACES}", span_of(places))
    if value.type.kind == "money":
        return non_null(value.type), args
    return NUMBER, (retype(value, "number"), places)


def _len_check(args: Args, site: Site) -> Typing:
    arity(args, 1, site)
    need(args[0], ("list", "text"), site)
    return INT, args


def _words_check(args: Args, site: Site) -> Typing:
    arity(args, 1, site)
    (arg,) = args
    need(arg, ("text", "list"), site)
    if arg.type.kind == "list" and (arg.type.item is None or arg.type.item.kind != "text"):
        fail(f"words() needs text or a list of text, got {arg.type.describe()}", span_of(arg))
    return TEXT, args


def _coalesce_check(args: Args, site: Site) -> Typing:
    arity(args, 2, site)
    first, default = args
    if first.type.kind == "null":
        return non_null(default.type), args
    if first.type.kind in NUMERIC and default.type.kind in NUMERIC:
        kind = join_numeric(first, default)
        if kind is not None:
            return Type(kind), (retype(first, kind), retype(default, kind))
    elif compatible(first.type, default.type):
        check_choice(first, default)
        return non_null(first.type), args
    raise site.error(
        f"coalesce() of {first.type.describe()} with a default of {default.type.describe()}",
        "the default must have the value's type",
    )


def _working_day(name: str, result: Type, doc: str) -> Function:
    """Working-day functions ask the calendar adapter at run time. They are never folded: the
    calendar's data decides, and a date it does not cover must fail when the rule runs."""

    def specialise(_args: Args) -> Impl:
        from mktpolicy import calendar as working_days  # heavy: loaded when first compiled

        found: Impl = getattr(working_days, name)
        return found

    def impl(day: date) -> Any:
        return specialise(())(day)

    return simple(f"{name}(d)", doc, (("date",),), result, impl, specialise=specialise, fold=False)


def _previous_day(day: date, working: bool) -> date:
    """The day before `day`: the previous working day when `working`, else the calendar day
    (a parameter decides which reading of 前一天 a rule uses)."""
    if working:
        from mktpolicy import calendar as working_days  # heavy: loaded when first needed

        found: date = working_days.previous_working_day(day)
        return found
    return day - timedelta(days=1)


WORKING_DAY_FUNCTIONS = frozenset(
    {"is_working_day", "previous_working_day", "next_working_day", "previous_day"}
)
"""Functions whose results depend on the working-day calendar (verdicts record its version)."""

_DATES = ("date", "datetime")
_NUMBERS = ("int", "number", "money")


def _register_builtins() -> None:
    for unit in ("years", "months", "weeks", "days"):
        doc = f"a period of n {unit}"
        register(unit, simple(f"{unit}(n)", doc, (("int",),), PERIOD, library.period_maker(unit)))
    register("date", Function('date("YYYY-MM-DD")', "a date", _date_check, date.fromisoformat))
    date_of = by_first_kind(datetime=datetime.date, date=library.identity)
    register(
        "date_of",
        simple("date_of(t)", "the day of t", (_DATES,), DATE, library.date_of, specialise=date_of),
    )
    days = by_first_kind(date=library.days_between_dates, datetime=library.days_between_datetimes)
    register(
        "days_between",
        Function(
            "days_between(a, b)",
            "b - a in whole days (two dates, or two datetimes)",
            _days_between_check,
            library.days_between,
            specialise=days,
        ),
    )
    dated: tuple[tuple[str, str, Impl], ...] = (
        ("month_start", "the first day of d's month", library.month_start),
        ("month_end", "the last day of d's month", library.month_end),
    )
    for name, doc, impl in dated:
        register(name, simple(f"{name}(d)", doc, (("date",),), DATE, impl))
    parts: tuple[tuple[str, str, Impl], ...] = (
        ("year", "the year of d", attrgetter("year")),
        ("month", "the month of d (1-12)", attrgetter("month")),
        ("day", "the day of the month of d", attrgetter("day")),
        ("weekday", "1 = Monday ... 7 = Sunday", library.weekday),
    )
    for name, doc, impl in parts:
        register(name, simple(f"{name}(d)", doc, (_DATES,), INT, impl))
    register("year_month", simple("year_month(d)", "2024-03", (_DATES,), TEXT, library.year_month))
    register("min", Function("min(a, b)", "the smaller", _min_max_check, min))
    register("max", Function("max(a, b)", "the larger", _min_max_check, max))
    register("abs", Function("abs(x)", "x without its sign", _abs_check, abs))
    rounder = lambda args: library.rounder(int(args[1].value))  # noqa: E731
    register(
        "round",
        Function(
            "round(x, places)",
            "x to `places` decimals, half up",
            _round_check,
            library.round_half_up,
            specialise=rounder,
        ),
    )
    register("len", Function("len(list)", "how many items", _len_check, len))
    register(
        "words",
        Function(
            "words(x)",
            "a choice or role in words: `freight discount` for `freight_discount`",
            _words_check,
            library.words,
        ),
    )
    register(
        "coalesce",
        Function(
            "coalesce(x, default)",
            "x, or default when x is null",
            _coalesce_check,
            library.coalesce,
            nullable_args=frozenset({0}),
        ),
    )
    register("is_working_day", _working_day("is_working_day", BOOL, "a working day in China"))
    register(
        "previous_working_day",
        _working_day("previous_working_day", DATE, "the last working day before d"),
    )
    register(
        "next_working_day",
        _working_day("next_working_day", DATE, "the first working day after d"),
    )
    register(
        "previous_day",
        simple(
            "previous_day(d, working)",
            "the day before d: the previous working day when `working`, else d - 1 day",
            (("date",), ("bool",)),
            DATE,
            _previous_day,
            fold=False,
        ),
    )
    register(
        "latest_start",
        simple(
            "latest_start(end, period)",
            "the latest d with d + period <= end",
            (("date",), ("period",)),
            DATE,
            latest_start,
        ),
    )


_register_builtins()

"""Hypothesis strategies for every event model, valid by construction and biased to boundaries.

    from hypothesis import given, strategies as st
    import mktpolicy.strategies  # registers them (installing mktpolicy does too: an entry point)

    @given(st.from_type(mktpolicy.events.Resignation))
    def test_something(event): ...

Why not `st.from_type` on the pydantic models as they are: hypothesis ignores pydantic's
`max_digits`/`decimal_places` and cross-field validators and builds invalid models. These
strategies read each field's type and bounds, draw values near the edges the rules care about
(month ends, leap days, a day either side of one week / one month / three months, amounts at
the 10, 50, 5,000 and 10,000 yuan thresholds), and keep only what the model validates.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from annotated_types import Ge, Le
from pydantic import ValidationError

from mktpolicy.events.base import Event, MonthTag
from mktpolicy.events.registry import EVENT_MODELS
from mktpolicy.expr.periods import Period, add_period

_REGISTER: Callable[[], None] | None = None


def _hypothesis_setup_hook() -> None:
    """Called by hypothesis through the `hypothesis` entry-point group when it is imported.

    Defined before hypothesis is imported: importing this module first (a script, a notebook)
    imports hypothesis, which runs its entry points, which look this hook up on the module
    while it is still half-built. Then there is nothing to register yet; the module registers
    its strategies itself when it is done (`register()` at the end).
    """
    if _REGISTER is not None:
        _REGISTER()


from hypothesis import strategies as st  # noqa: E402 - after the hook, see its docstring

EMPLOYEES = ("E001", "E002", "E003", "E004", "E005")
CUSTOMERS = ("C01", "C02", "C03")

_EDGE_DAYS = (
    date(2024, 1, 31), date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1),
    date(2024, 3, 31), date(2024, 4, 30), date(2023, 2, 28), date(2024, 12, 31),
    date(2025, 1, 1), date(2024, 9, 30), date(2024, 10, 8), date(2024, 10, 12),
)  # fmt: skip
_EDGE_AMOUNTS = tuple(
    Decimal(x)
    for x in ("0", "0.01", "9.99", "10", "50", "4999.99", "5000", "5000.01", "9999.99", "10000")
)
_OFFSETS = (Period(weeks=1), Period(months=1), Period(months=3), Period(days=0))
"""The periods the rules count with: a second date lands a day either side of one of these."""

DAYS = st.one_of(
    st.sampled_from(_EDGE_DAYS),
    st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 6, 30)),
)
MONEY = st.one_of(
    st.sampled_from(_EDGE_AMOUNTS),
    st.decimals(min_value=0, max_value=200_000, places=2, allow_nan=False, allow_infinity=False),
)


def _datetimes() -> st.SearchStrategy[datetime]:
    hours = st.sampled_from([time(8, 59), time(9), time(11, 59), time(12), time(16), time(18)])
    return st.builds(datetime.combine, DAYS, hours)


def _near(first: date | datetime) -> st.SearchStrategy[Any]:
    """A second date a day either side of one week / month / three months after `first`."""
    return st.builds(
        lambda period, shift: add_period(first, period) + timedelta(days=shift),
        st.sampled_from(_OFFSETS),
        st.sampled_from([-1, 0, 1]),
    )


def _bounds(metadata: list[Any]) -> tuple[Any, Any]:
    low = next((m.ge for m in metadata if isinstance(m, Ge)), None)
    high = next((m.le for m in metadata if isinstance(m, Le)), None)
    return low, high


def _for_annotation(annotation: Any, metadata: list[Any], name: str) -> st.SearchStrategy[Any]:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = get_args(annotation)
        return _for_annotation(base, [*metadata, *extra], name)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        return st.none() | _for_annotation(members[0], metadata, name)
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if origin is tuple:
        item = _for_annotation(get_args(annotation)[0], metadata, name)
        return st.lists(item, max_size=5, unique=True).map(tuple)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low, high = _bounds(metadata)
        return st.integers(0 if low is None else low, 100 if high is None else high)
    if annotation is Decimal:
        low, high = _bounds(metadata)
        if high is not None and high < 10_000:
            return st.decimals(min_value=low or 0, max_value=high, places=1, allow_nan=False)
        return MONEY
    if annotation is date:
        if any(isinstance(m, MonthTag) for m in metadata):
            return DAYS.map(lambda d: d.replace(day=1))
        return DAYS
    if annotation is datetime:
        return _datetimes()
    if annotation is str:
        if name.endswith("employee_id") or name in ("first_contact_by", "handed_over_to"):
            return st.sampled_from(EMPLOYEES)
        if name.endswith("customer_id"):
            return st.sampled_from(CUSTOMERS)
        return st.text("abcdefghij", min_size=1, max_size=8)
    raise TypeError(f"no strategy for {annotation!r} (field {name!r})")


def _put_in_order(model: type[Event], data: dict[str, Any]) -> None:
    """Swap dates whose order the model fixes (`Event.in_order`), so that drawing does not
    reject most of what it draws; a strict pair on one day moves the later one a day on."""
    for pair in model.in_order:
        first, then = data.get(pair.earlier), data.get(pair.later)
        if first is None or then is None:
            continue
        if then < first:
            data[pair.earlier], data[pair.later] = then, first
        elif pair.strict and then == first:
            data[pair.later] = then + timedelta(days=1)


def _model_strategy(model: type[Event]) -> st.SearchStrategy[Event]:
    fields = {
        name: info
        for name, info in model.model_fields.items()
        if name not in ("type", "id", "employee_id")
    }
    date_fields = [n for n, f in fields.items() if f.annotation in (date, datetime)]

    @st.composite
    def build(draw: st.DrawFn) -> Event:
        data: dict[str, Any] = {"employee_id": draw(st.sampled_from(EMPLOYEES))}
        for name, info in fields.items():
            data[name] = draw(_for_annotation(info.annotation, list(info.metadata), name))
        # Relate a second date to the first, where the rules' deadlines are.
        if len(date_fields) >= 2 and draw(st.booleans()):
            data[date_fields[1]] = draw(_near(data[date_fields[0]]))
        _put_in_order(model, data)
        try:
            return model.model_validate(data)
        except ValidationError:
            from hypothesis import reject

            reject()

    return build()


STRATEGIES: dict[type[Event], st.SearchStrategy[Event]] = {
    model: _model_strategy(model) for model in EVENT_MODELS
}
"""One strategy per event model."""


def events(*models: type[Event]) -> st.SearchStrategy[Event]:
    """Any event (of the given models, or of every model)."""
    chosen = models or EVENT_MODELS
    return st.one_of([STRATEGIES[m] for m in chosen])


def employee_histories(*models: type[Event], max_size: int = 40) -> st.SearchStrategy[list[Event]]:
    """Interleaved streams of events for several employees, each with a unique id.

    Monthly results come in runs of consecutive months, so runs of misses are common.
    """
    from mktpolicy.events import MonthlyResult

    def with_ids(items: list[Event]) -> list[Event]:
        return [e.model_copy(update={"id": f"h{i}"}) for i, e in enumerate(items)]

    runs = st.builds(
        lambda who, start, length, actuals: [
            MonthlyResult(
                employee_id=who,
                month=add_period(start, Period(months=i)),
                target=Decimal(1000),
                actual=actuals[i % len(actuals)],
                attendance=5,
                office_discipline=5,
                team_spirit=5,
                professional_conduct=5,
            )
            for i in range(length)
        ],
        st.sampled_from(EMPLOYEES),
        DAYS.map(lambda d: d.replace(day=1)),
        st.integers(1, 6),
        st.lists(st.sampled_from([Decimal(0), Decimal(999), Decimal(1000)]), min_size=1),
    )
    singles = st.lists(events(*models), max_size=max_size)
    return st.builds(
        lambda month_runs, rest, rnd: _shuffled([*(e for r in month_runs for e in r), *rest], rnd),
        st.lists(runs, max_size=3),
        singles,
        st.randoms(use_true_random=False),
    ).map(with_ids)


def _shuffled(items: list[Event], rnd: Any) -> list[Event]:
    rnd.shuffle(items)
    return items


def register() -> None:
    """Make `st.from_type(Model)` use these strategies (idempotent)."""
    for model, strategy in STRATEGIES.items():
        st.register_type_strategy(model, strategy)
    st.register_type_strategy(Event, events())


register()
_REGISTER = register

__all__ = ["STRATEGIES", "employee_histories", "events", "register"]

_: Callable[[], None] = _hypothesis_setup_hook  # keep the hook referenced for linters

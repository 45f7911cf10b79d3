"""Closures every backend needs: a rule's parameters (dated by its anchor fact) and its date."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from mktpolicy.errors import ParameterError
from mktpolicy.ir.model import Program, Rule

Accessor = Callable[[Sequence[object]], object]


def anchor_date(program: Program, rule: Rule) -> Callable[[object], date]:
    """A function giving the date of the rule's first matched fact."""
    field_of = attrgetter(program.fact_types[rule.anchor.fact_type].date_field)

    def day(fact: object) -> date:
        value = field_of(fact)
        return value.date() if isinstance(value, datetime) else value

    return day


def parameter_accessors(program: Program, rule: Rule) -> Mapping[str, Accessor]:
    """For each parameter the rule uses: a constant, or its value on the anchor fact's date."""
    day = anchor_date(program, rule)
    accessors: dict[str, Accessor] = {}
    for ident in rule.params_used:
        parameter = program.parameters[ident]
        if parameter.constant:
            start, value = parameter.values[0]
            accessors[ident] = _constant(value, start, day, parameter.at, rule.id)
        else:
            accessors[ident] = _dated(parameter.at, day, rule.id)
    return accessors


def _constant(
    value: Any, start: date, day: Callable[[object], date], at: Callable[[date], Any], rule: str
) -> Accessor:
    def get(bound: Sequence[object]) -> object:
        when = day(bound[0])
        if when >= start:
            return value
        try:
            return at(when)  # raises: no value before `start`
        except ParameterError as exc:
            raise _in_rule(exc, rule) from None

    return get


def _dated(at: Callable[[date], Any], day: Callable[[object], date], rule: str) -> Accessor:
    def get(bound: Sequence[object]) -> object:
        try:
            return at(day(bound[0]))
        except ParameterError as exc:
            raise _in_rule(exc, rule) from None

    return get


def _in_rule(exc: ParameterError, rule: str) -> ParameterError:
    """The error of a parameter with no value, saying which rule asked for it."""
    return ParameterError(f"rule {rule!r}: {exc}")

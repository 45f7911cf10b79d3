"""Parameters: dated values converted to their declared type (money is Decimal, periods ISO)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from mktpolicy.expr.periods import Period
from mktpolicy.expr.types import BOOL, DATE, INT, MONEY, NUMBER, PERIOD, TEXT, Type
from mktpolicy.ir.context import CompileContext
from mktpolicy.ir.model import Parameter
from mktpolicy.spec.kinds import ParameterType

EXPR_TYPES: dict[ParameterType, Type] = {
    ParameterType.MONEY: MONEY,
    ParameterType.NUMBER: NUMBER,
    ParameterType.INT: INT,
    ParameterType.PERIOD: PERIOD,
    ParameterType.BOOL: BOOL,
    ParameterType.TEXT: TEXT,
    ParameterType.DATE: DATE,
}


def convert_value(kind: ParameterType, value: Any) -> Any:
    """A parameter value as its type holds it; ValueError with a reason otherwise."""
    if kind in (ParameterType.MONEY, ParameterType.NUMBER):
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            raise ValueError(f"expected a number, got {value!r}")
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            raise ValueError(f"expected a number, got {value!r}") from None
        if not number.is_finite():
            raise ValueError(f"expected a finite number, got {value!r}")
        if kind is ParameterType.MONEY and number < 0:
            raise ValueError(f"money cannot be negative, got {value!r}")
        return number
    if kind is ParameterType.INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        return value
    if kind is ParameterType.PERIOD:
        if not isinstance(value, str):
            raise ValueError(f"expected an ISO 8601 period such as 'P1M', got {value!r}")
        return Period.parse(value)
    if kind is ParameterType.BOOL:
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if kind is ParameterType.DATE:
        if isinstance(value, date):
            return value
        return date.fromisoformat(str(value))
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r}")
    return value


def resolve_parameters(ctx: CompileContext) -> None:
    """Every parameter's values checked against its type and sorted by date."""
    for ident, spec in ctx.parameter_specs.items():
        values: list[tuple[date, Any]] = []
        for start, raw in spec.values.items():
            try:
                values.append((start, convert_value(spec.type, raw)))
            except ValueError as exc:
                ctx.error(
                    "parameter_value",
                    f"parameter {ident!r} on {start.isoformat()}: {exc}",
                    ctx.span(spec, "values", start.isoformat()),
                )
        ctx.parameters[ident] = Parameter(
            id=ident,
            type=spec.type,
            expr_type=EXPR_TYPES[spec.type],
            title=spec.title,
            cites=tuple(spec.cites),
            unit=spec.unit,
            note=spec.note,
            values=tuple(sorted(values)),
            span=ctx.span(spec),
        )

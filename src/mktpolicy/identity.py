"""A policy's name: one function of its rule files and parameter values, whichever way a
parameter was changed (`Policy.with_parameters` or a reform file), and the one conversion both
ways share (docs/whatif.md, "One policy, one name")."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from mktpolicy.ir.model import Parameter


def identity(rules: str, parameters: Mapping[str, Parameter], calendar: str | None = None) -> str:
    """A policy's identity: the first 16 hex digits of the SHA-256 of `rules` (the hash of the
    rule files' content, `Program.fingerprint`), then for each parameter in name order
    `\\n{id}=[(start, value), ...]` (ISO dates and values as text), then `\\ncalendar={label}`
    when a calendar file is given (docs/whatif.md, "One policy, one name"). The same text as
    the `version` audit logs recorded before reforms were folded in, so those logs verify."""
    digest = hashlib.sha256(rules.encode())
    for ident in sorted(parameters):
        values = parameters[ident].values
        digest.update(f"\n{ident}={[(str(d), str(v)) for d, v in values]}".encode())
    if calendar is not None:
        digest.update(f"\ncalendar={calendar}".encode())
    return digest.hexdigest()[:16]


def replaced_parameter(
    parameter: Parameter, value: Any, problem: Callable[[object, ValueError], None]
) -> Parameter:
    """`parameter` with its history replaced by `value`: one value (from the first date it
    has), or `{start: value}`. The one conversion `with_parameters` and reform files share, so
    a change made either way is one policy. An entry that cannot be converted goes to
    `problem` (with its start as given, None for a single value) and is left out."""
    from mktpolicy.ir.passes.resolve_parameters import convert_value

    dated = isinstance(value, Mapping)
    history = value if dated else {parameter.values[0][0]: value}
    values = []
    for start, raw in history.items():
        try:
            values.append((as_date(start), convert_value(parameter.type, raw)))
        except ValueError as exc:
            problem(start if dated else None, exc)
    return replace(parameter, values=tuple(sorted(values, key=lambda v: v[0])))


def as_date(value: object) -> date:
    """A history's start: a date, or its ISO text (ValueError otherwise)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))

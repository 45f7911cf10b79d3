"""The chain of firings behind a verdict, as its explanation's steps: what each firing matched
(in words, and each event by id), what it derived, and which step derived what it matched.

Steps are built once per run and shared by the verdicts reached through the same firings.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import cast

from mktpolicy.backends.base import Firing, RunResult
from mktpolicy.events.base import Event
from mktpolicy.expr.render import date_text
from mktpolicy.verdicts.model import Step
from mktpolicy.verdicts.trusted import trusted

Described = dict[int, tuple[tuple[str], tuple[str | None]]]
"""A run's facts by identity: each one's description and, for an event, its id (each in a
tuple of one, as the step of that one fact holds it)."""

_step_model = trusted(Step)


def chain_of(firing: Firing, result: RunResult) -> list[tuple[Firing, object | None]]:
    """The firings that derived this firing's facts (with what each derived), depth first,
    then the firing itself.

    Walked with a stack of its own, not by recursion: a chain is as long as the data makes it
    (up to the derivation bound, 100,000 facts), far past Python's recursion limit."""
    derivations = result.derivations
    order: list[tuple[Firing, object | None]] = []
    seen: set[int] = set()
    stack: list[tuple[Firing, object | None, Iterator[object]]] = [
        (firing, None, iter(firing.facts))
    ]
    while stack:
        current, derived, facts = stack[-1]
        for fact in facts:
            parent = derivations.get(id(fact))
            if parent is not None and id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, fact, iter(parent.facts)))
                break
        else:  # every fact of `current` is explained: it comes after the firings behind it
            stack.pop()
            order.append((current, derived))
    return order


def event_refs(steps: tuple[Step, ...]) -> tuple[str, ...]:
    """Every event the steps matched, by id, sorted (`Verdict.events`)."""
    if len(steps) == 1 and len(events := steps[0].events) == 1:
        # The step's own tuple when it holds an event: one tuple fewer per verdict.
        return () if events[0] is None else cast(tuple[str], events)
    return tuple(sorted({ref for step in steps for ref in step.events if ref is not None}))


def describe_fact(fact: object) -> str:
    """`Resignation r-17` for events, `MissedTarget(month=2024-03-01)` for derived facts."""
    if isinstance(fact, Event):
        return f"{type(fact).__name__} {fact.ref}"
    cls: type = type(fact)
    if dataclasses.is_dataclass(cls):
        shown = []
        for name in _described_fields(cls):
            shown.append(f"{name}={_show(getattr(fact, name))}")
        return f"{cls.__name__}({', '.join(shown)})"
    return repr(fact)


@functools.lru_cache(maxsize=1024)
def _described_fields(cls: type) -> tuple[str, ...]:
    """The fields a derived fact's description shows (the employee is the verdict's)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != "employee_id")


def _show(value: object) -> str:
    if type(value) is date:
        return date_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def steps_of(
    chain: list[tuple[Firing, object | None]], described: Described, steps: dict[int, Step]
) -> tuple[Step, ...]:
    """The explanation's steps: each firing of the chain, its derived facts pointing at the
    step that derived them (`Step.derived_by`: the chain puts that step first)."""
    if len(chain) == 1:
        firing = chain[0][0]
        return (_step(firing, None, described, steps, _NONE * len(firing.facts)),)
    position: dict[int, int] = {}  # the derived facts of the steps so far, by identity
    found = []
    for at, (firing, derived) in enumerate(chain):
        facts = firing.facts
        if not position:
            derived_by: tuple[int | None, ...] = _NONE * len(facts)
        elif len(facts) == 1:
            by = position.get(id(facts[0]))  # never an event's: events are not derived
            derived_by = _NONE if by is None else (by,)
        else:
            derived_by = tuple([position.get(id(f)) for f in facts])
        found.append(_step(firing, derived, described, steps, derived_by))
        if derived is not None:
            position[id(derived)] = at
    return tuple(found)


def _step(
    firing: Firing,
    derived: object | None,
    described: Described,
    steps: dict[int, Step],
    derived_by: tuple[int | None, ...],
) -> Step:
    """The step of one firing, built once per run (verdicts through one run of misses share
    the firings behind it, unless their chains place the steps behind it elsewhere); fact
    descriptions are memoised by identity within the run."""
    facts = firing.facts
    found = steps.get(id(firing))
    if found is not None and found.derived_by == derived_by:
        return found
    matched: tuple[str, ...]
    events: tuple[str | None, ...]
    if len(facts) == 1:  # most firings: the memoised one-fact tuples serve as they are
        fact = facts[0]
        known = described.get(id(fact))
        if known is None:  # inlined `_described`: this is most verdicts' one new fact
            ref = fact.ref if isinstance(fact, Event) else None
            known = described[id(fact)] = (describe_fact(fact),), (ref,)
        matched, events = known
    else:
        each = [described.get(id(f)) or _described(f, described) for f in facts]
        matched = tuple([text for (text,), _ in each])
        events = tuple([ref for _, (ref,) in each])
    derived_text = None
    if derived is not None:
        (derived_text,), _ = described.get(id(derived)) or _described(derived, described)
    step = steps[id(firing)] = _step_model(
        rule=firing.rule.id,
        title=firing.rule.title,
        matched=matched,
        derived=derived_text,
        events=events,
        derived_by=derived_by,
    )
    return step


_NONE: tuple[None] = (None,)


def _described(fact: object, described: Described) -> tuple[tuple[str], tuple[str | None]]:
    """A fact's text for people and, for an event, the id reports find it by (None for a
    derived fact), each as a step of that one fact holds it; memoised in `described`."""
    found = described[id(fact)] = (
        (describe_fact(fact),),
        (fact.ref if isinstance(fact, Event) else None,),
    )
    return found

"""Events of any model, drawn from its fields and calibrated against the rulebook.

For an event model without a hand-written generator (including models added after this was
written) the values are drawn from the fields' types: booleans, literals, bounded numbers,
dates around an anchor (usually in declaration order: starts before ends), ids of the employee
or a colleague. Whether a draw breaks a rule is not guessed from field names: a few hundred
candidates are evaluated alone against the policy and split into compliant and breaking ones,
and events are then drawn mostly from the compliant (`BREAKING_SHARE` from the breaking), moved
by whole months to a day of the year. A model whose fields cannot be drawn, or whose every
candidate fails validation, is skipped with a warning on the `mktpolicy.population` logger.
"""

from __future__ import annotations

import logging
import random
import types
import typing
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from mktpolicy.errors import PolicyError
from mktpolicy.events.base import Event, MonthTag
from mktpolicy.policy import Policy
from mktpolicy.population.people import Person, add_months

log = logging.getLogger("mktpolicy.population")

CANDIDATES = 256
"""Candidates evaluated per model to find compliant and breaking values."""
MIN_COMPLIANT = 32
"""Below this many compliant candidates, breaking ones are repaired (see `_repaired`)."""
REPAIR_ROUNDS = 8
REPAIR_VARIANTS = 6
BREAKING_SHARE = 0.05
"""The share of generated events drawn from the candidates that broke a rule."""
ANCHOR_DAY = 15
SELF = "\x00self"
OTHER = "\x00colleague"


class UnsupportedFieldError(PolicyError, TypeError):
    """A field type the generic generator cannot draw."""


@dataclass(frozen=True, slots=True)
class Template:
    """Drawn field values around the anchor date, with SELF/OTHER standing for employee ids."""

    fields: dict[str, Any]
    day: date
    """The event's own date (its `date_field`), by which the template is moved."""


@dataclass(frozen=True, slots=True)
class Pool:
    """One event model's templates: those that comply with the rulebook, and those that do not."""

    model: type[Event]
    compliant: tuple[Template, ...]
    breaking: tuple[Template, ...]

    def draw(self, person: Person, ident: str) -> Event | None:
        """An event for `person` on a day at work, or None when no move of a template fits."""
        use_breaking = bool(self.breaking) and (not self.compliant or person.chance(BREAKING_SHARE))
        template = person.rnd.choice(self.breaking if use_breaking else self.compliant)
        months = _shifts(template.day, person)
        if not months:
            return None
        shift = person.rnd.choice(months)
        values = {k: _moved(_resolved(v, person), shift) for k, v in template.fields.items()}
        try:
            return self.model(id=ident, employee_id=person.id, **values)
        except ValidationError:
            return None  # a move clamped two dates together (31st → 30th): skip this one


def _shifts(day: date, person: Person) -> list[int]:
    """The moves by whole months that put `day` in a month the person is at work."""
    month = day.year * 12 + day.month - 1
    first = person.year * 12 - month  # to January
    last = person.year * 12 + person.active_until.month - 1 - month  # to the last month at work
    found = list(range(first, last + 1))
    if found and add_months(day, found[-1]) > person.active_until:
        found.pop()  # the last month at work, but after the last day
    return found


def _moved(value: Any, months: int) -> Any:
    if isinstance(value, datetime):
        return datetime.combine(add_months(value.date(), months), value.time())
    if isinstance(value, date):
        return add_months(value, months)
    return value


def _resolved(value: Any, person: Person) -> Any:
    if value == SELF:
        return person.id
    if value == OTHER:
        return person.colleague()
    return value


def calibrate(model: type[Event], year: int, policy: Policy) -> Pool | None:
    """The model's templates, split by whether each breaks a rule alone; None if it cannot be
    generated (logged). When few candidates comply, breaking ones are repaired field by field.

    The templates are a catalogue of plausible events for the year, the same for every seed:
    the population's seed decides which are drawn, for whom and when.
    """
    rnd = random.Random(f"calibrate:{year}:{model.__name__}")  # noqa: S311 - data, not secrets
    anchor = date(year, 6, ANCHOR_DAY)
    try:
        scored = _scored(model, _draws(model, rnd, anchor), policy, limit=CANDIDATES)
    except UnsupportedFieldError as exc:
        log.warning("population: skipping %s: %s", model.__name__, exc)
        return None
    except InvalidCandidatesError as exc:
        log.warning("population: skipping %s: no valid candidate (%s)", model.__name__, exc)
        return None
    except PolicyError as exc:
        log.warning("population: %s not calibrated (%s): drawn uniformly", model.__name__, exc)
        unscored = _scored(model, _draws(model, rnd, anchor), None, limit=CANDIDATES)
        return Pool(model, tuple(s[0] for s in unscored if s is not None), ())
    valid = [s for s in scored if s is not None]
    compliant = [t for t, count in valid if count == 0]
    broken = [(t, count) for t, count in valid if count > 0]
    if len(compliant) < MIN_COMPLIANT:
        wanted = MIN_COMPLIANT - len(compliant)
        compliant += _repaired(model, broken[:wanted], rnd, anchor, policy)
    if not compliant:
        log.info("population: every drawn %s breaks a rule alone", model.__name__)
    return Pool(model, tuple(compliant), tuple(t for t, _ in broken))


class InvalidCandidatesError(PolicyError, ValueError):
    """No candidate passed the model's own validation."""


def _draws(model: type[Event], rnd: random.Random, anchor: date) -> Iterator[dict[str, Any]]:
    for _ in range(CANDIDATES * 4):
        yield draw_fields(model, rnd, anchor)


def _scored(
    model: type[Event],
    candidates: Iterable[dict[str, Any]],
    policy: Policy | None,
    limit: int | None = None,
) -> list[tuple[Template, int] | None]:
    """For each candidate: its template and the verdicts it draws alone (None if invalid);
    at most `limit` valid ones."""
    built: list[tuple[Template, Event] | None] = []
    problem = "none drawn"
    valid_count = 0
    for number, fields in enumerate(candidates):
        if limit is not None and valid_count == limit:
            break
        owner = f"CAL{number:05d}"
        values = {
            k: owner if v == SELF else "CAL-OTHER" if v == OTHER else v for k, v in fields.items()
        }
        try:
            event = model(id=f"{owner}-1", employee_id=owner, **values)
        except ValidationError as exc:
            problem = str(exc).splitlines()[0]
            built.append(None)
            continue
        built.append((Template(fields, event.effective_date), event))
        valid_count += 1
    valid = [item[1] for item in built if item is not None]
    if not valid:
        raise InvalidCandidatesError(problem)
    counts: Counter[str] = Counter()
    if policy is not None:
        for verdict in policy.evaluate(valid):
            counts.update(verdict.events)
    return [None if item is None else (item[0], counts[item[1].ref]) for item in built]


def _repaired(
    model: type[Event],
    broken: list[tuple[Template, int]],
    rnd: random.Random,
    anchor: date,
    policy: Policy,
) -> list[Template]:
    """Greedy repair: change one field at a time, keep a change that draws fewer verdicts."""
    current = list(broken)
    for _ in range(REPAIR_ROUNDS):
        slots = [slot for slot, (_, count) in enumerate(current) if count > 0]
        if not slots:
            break
        variants = [
            (slot, _mutated(model, current[slot][0].fields, rnd, anchor))
            for slot in slots
            for _ in range(REPAIR_VARIANTS)
        ]
        try:
            scored = _scored(model, [fields for _, fields in variants], policy)
        except (InvalidCandidatesError, PolicyError):
            break
        for (slot, _fields), result in zip(variants, scored, strict=True):
            if result is not None and result[1] < current[slot][1]:
                current[slot] = result
    return [template for template, count in current if count == 0]


def _mutated(
    model: type[Event], fields: dict[str, Any], rnd: random.Random, anchor: date
) -> dict[str, Any]:
    """`fields` with one field changed: one option of a set toggled, or the value redrawn."""
    name = rnd.choice(list(fields))
    info = model.model_fields[name]
    value = fields[name]
    options = _set_options(info.annotation)
    if options and isinstance(value, tuple):
        option = rnd.choice(options)
        chosen = set(value) ^ {option}
        changed: Any = tuple(o for o in options if o in chosen)
    else:
        changed = _value(name, info.annotation, list(info.metadata), None, rnd, anchor)
    return {**fields, name: changed}


def _set_options(annotation: Any) -> tuple[Any, ...]:
    """The options of a `tuple[Literal[...], ...]` field (a set of roles, steps, ...)."""
    if get_origin(annotation) is tuple:
        item = get_args(annotation)[0]
        if get_origin(item) is Literal:
            return get_args(item)
    return ()


def draw_fields(model: type[Event], rnd: random.Random, anchor: date) -> dict[str, Any]:
    """One candidate's field values (no id, employee_id or type)."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in ("id", "employee_id", "type"):
            continue
        values[name] = _value(name, info.annotation, list(info.metadata), info, rnd, anchor)
    if rnd.random() < 0.8:  # starts before ends, reports after what they report on
        for kind in (datetime, date):
            names = [n for n, v in values.items() if type(v) is kind]
            for name, value in zip(names, sorted(values[n] for n in names), strict=True):
                values[name] = value
    return values


def _value(
    name: str,
    annotation: Any,
    metadata: list[Any],
    info: FieldInfo | None,
    rnd: random.Random,
    anchor: date,
) -> Any:
    if info is not None and info.default is not PydanticUndefined and rnd.random() < 0.5:
        return info.default
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = get_args(annotation)
        return _value(name, base, [*metadata, *extra], None, rnd, anchor)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) != len(get_args(annotation)) and rnd.random() < 0.3:
            return None
        return _value(name, rnd.choice(members), metadata, None, rnd, anchor)
    if origin is Literal:
        return rnd.choice(get_args(annotation))
    if origin is tuple:
        options = _set_options(annotation)
        if options:
            chosen = [option for option in options if rnd.random() < 0.5]
            if rnd.random() < 0.2:
                rnd.shuffle(chosen)
            return tuple(chosen)
        item = get_args(annotation)[0]
        return tuple(_value(name, item, [], None, rnd, anchor) for _ in range(rnd.randint(0, 2)))
    return _scalar(name, annotation, metadata, rnd, anchor)


def _scalar(name: str, kind: Any, metadata: list[Any], rnd: random.Random, anchor: date) -> Any:
    low, high = _bounds(metadata)
    if kind is bool:
        return rnd.random() < 0.5
    if kind is int:
        if name == "year":
            return anchor.year
        start = int(low) if low is not None else 0
        return rnd.randint(start, start + 50 if high is None else min(int(high), start + 50))
    if kind is Decimal:
        start = int(low) if low is not None else 0
        stop = start + 20_000 if high is None else min(int(high), start + 20_000)
        return Decimal(rnd.randint(start * 100, stop * 100)) / 100
    if kind is datetime:
        day = anchor + timedelta(days=rnd.randint(-45, 45))
        minutes = rnd.randrange(8 * 60, 19 * 60, 15)
        return datetime.combine(day, time(minutes // 60, minutes % 60))
    if kind is date:
        if any(isinstance(m, MonthTag) for m in metadata) or name == "month":
            return add_months(anchor.replace(day=1), rnd.randint(-1, 1))
        return anchor + timedelta(days=rnd.randint(-45, 45))
    if kind is str:
        if "employee" in name or name.endswith("_by"):
            return SELF if rnd.random() < 0.5 else OTHER
        if name == "customer_id":
            return f"C{rnd.randint(1, 2000):04d}"
        return f"{name}-{rnd.randint(1, 50)}"
    raise UnsupportedFieldError(f"cannot draw field {name!r} of type {kind!r}")


def _bounds(metadata: list[Any]) -> tuple[Decimal | None, Decimal | None]:
    """The inclusive bounds the field's constraints (ge, gt, le, lt) put on a number."""
    low: Decimal | None = None
    high: Decimal | None = None
    for item in metadata:
        if isinstance(item, FieldInfo):
            inner_low, inner_high = _bounds(list(item.metadata))
            low = inner_low if inner_low is not None else low
            high = inner_high if inner_high is not None else high
        elif isinstance(item, Ge):
            low = Decimal(str(item.ge))
        elif isinstance(item, Gt):
            low = Decimal(str(item.gt)) + 1
        elif isinstance(item, Le):
            high = Decimal(str(item.le))
        elif isinstance(item, Lt):
            high = Decimal(str(item.lt)) - 1
    return low, high

"""Equality probes narrow join and `unless` candidates; they never change what fires."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

import mktpolicy
from mktpolicy.backends.native import NativeBackend
from mktpolicy.backends.native.memory import WorkingMemory
from mktpolicy.backends.native.strata import Stratum
from mktpolicy.population import generate


@pytest.fixture(scope="module")
def policy() -> mktpolicy.Policy:
    return mktpolicy.load()


def compiled(policy: mktpolicy.Policy, rule_id: str):  # type: ignore[no-untyped-def]
    backend = NativeBackend(policy.program)
    return next(c for s in backend.strata for c in s.rules if c.rule.id == rule_id)


def test_the_run_rules_get_probes_on_the_month(policy):
    start = compiled(policy, "miss-run-start")
    (probe,) = start.negation_probes
    assert probe is not None
    assert probe.field == "month"
    extend = compiled(policy, "miss-run-extend")
    assert extend.probes[0] is None  # `run` has no equality on another binding
    joined = extend.probes[1]
    assert joined is not None
    assert joined.field == "month"
    assert joined.needs == {0}


def test_an_ordering_is_not_a_probe(policy):
    notice = compiled(policy, "departure-before-notice-ends")
    # `departure.kind == "voluntary"` is an equality (a probe); the date orderings are not
    assert [None if p is None else p.field for p in notice.probes] == ["kind", None]


def test_lookup_catches_up_with_facts_that_arrive_later(policy):
    missed = policy.program.fact_types["MissedTarget"].python_type
    assert missed is not None

    def miss(month: int) -> object:
        return missed(employee_id="E1", month=date(2024, month, 1), shortfall=Decimal(1))

    memory = WorkingMemory.of("E1", [])
    memory.facts.append(miss(1))
    memory.by_class[missed] = [0]
    assert list(memory.lookup(missed, "month", date(2024, 1, 1))) == [0]
    assert list(memory.lookup(missed, "month", date(2024, 2, 1))) == []
    memory.facts.append(miss(2))
    memory.by_class[missed].append(1)
    assert list(memory.lookup(missed, "month", date(2024, 2, 1))) == [1]
    assert list(memory.lookup(missed, "month", date(2024, 3, 1))) == []


def test_runs_with_and_without_probes_are_identical(policy):
    with_probes = NativeBackend(policy.program)
    without = NativeBackend(policy.program)
    without.strata = tuple(_unprobed(s) for s in without.strata)
    events = list(generate(employees=60, seed=5))
    by_subject: dict[str, list[mktpolicy.Event]] = {}
    for event in events:
        by_subject.setdefault(event.employee_id, []).append(event)
    runs = 0
    for subject, history in by_subject.items():
        a, b = with_probes.run(subject, history), without.run(subject, history)
        assert [(f.rule.id, f.facts) for f in a.firings] == [
            (f.rule.id, f.facts) for f in b.firings
        ]
        assert a.derived == b.derived
        runs += bool(a.derived)
    assert runs > 10


def _unprobed(stratum: Stratum) -> Stratum:
    from mktpolicy.backends.native.activation import activation

    dispatch = {}
    for cls, entries in stratum.dispatch.items():
        rebuilt = []
        seen: dict[int, int] = {}
        for _, crule in entries:  # a rule with two patterns of one class appears twice
            bare = dataclasses.replace(crule, probes=(), negation_probes=())
            positions = [i for i, c in enumerate(crule.classes) if c is cls]
            nth = seen[crule.index] = seen.get(crule.index, -1) + 1
            rebuilt.append((activation(bare, positions[nth]), bare))
        dispatch[cls] = tuple(rebuilt)
    return Stratum(stratum.rules, dispatch)

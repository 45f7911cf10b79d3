"""The native engine's shortcuts change nothing a caller can see.

Verdicts are built without re-validation (`verdicts/trusted.py`), and `Policy.evaluate` skips
rules whose facts nothing matches; both are checked here against the slow, obvious way on the
seeded population (every event type) and the bundled scenario events.
"""

from __future__ import annotations

import shutil

import pytest

import mktpolicy
from mktpolicy.backends.native.strata import rules_for_evaluate
from mktpolicy.ir.model import DeriveAction
from mktpolicy.policy import bundled_rules
from mktpolicy.population import generate
from mktpolicy.verdicts import Step, Verdict
from mktpolicy.verdicts.trusted import trusted


@pytest.fixture(scope="module")
def policy() -> mktpolicy.Policy:
    return mktpolicy.load()


@pytest.fixture(scope="module")
def events() -> list[mktpolicy.Event]:
    return list(generate(employees=40, seed=11))


def test_verdicts_are_what_validation_would_make(policy, events):
    verdicts = policy.evaluate(events)
    assert len(verdicts) > 50
    assert len({v.rule for v in verdicts}) > 10
    for verdict in verdicts:
        again = Verdict.model_validate(verdict.model_dump())
        assert repr(again) == repr(verdict)  # repr shows types: an enum, not a str; Decimal('10')
        assert again.model_dump_json() == verdict.model_dump_json()
        assert hash(again) == hash(verdict)
        assert again.model_fields_set == verdict.model_fields_set


def test_copying_a_verdict_leaves_the_others_alone(policy, events):
    first, second = policy.evaluate(events)[:2]
    copied = first.model_copy(update={"message": "changed"})
    assert copied.message == "changed"
    assert first.message != "changed"
    assert second.model_fields_set == first.model_fields_set == set(Verdict.model_fields)


def test_evaluate_gives_the_verdicts_of_a_full_run(policy, events):
    by_subject: dict[str, list[mktpolicy.Event]] = {}
    for event in events:
        by_subject.setdefault(event.employee_id, []).append(event)
    full = [v for s, h in by_subject.items() for v in policy.verdicts_of(policy.run(s, h))]
    full.sort(key=Verdict.sort_key)
    assert policy.evaluate(events) == full


def test_evaluate_skips_exactly_the_rules_whose_facts_nothing_matches(policy):
    program = policy.program
    matched = {p.fact_type for r in program.rules for p in (*r.patterns, *r.negations)}
    skipped = {r.id for r in program.rules} - rules_for_evaluate(program)
    assert skipped == {
        r.id
        for r in program.rules
        if isinstance(r.action, DeriveAction) and r.action.fact_type not in matched
    }
    assert "monthly-score" in skipped


def test_sessions_still_derive_the_facts_evaluate_skips(policy, events):
    results = [e for e in events if type(e).__name__ == "MonthlyResult"][:3]
    assert results
    session = policy.session()
    session.add(*results)
    assert len(session.facts("MonthlyScore")) == len({(e.employee_id, e.month) for e in results})


def test_a_trusted_constructor_wants_every_field():
    step = trusted(Step)
    built = step(
        rule="r", title="t", matched=("e1",), derived=None, events=("e1",), derived_by=(None,)
    )
    assert built == Step(rule="r", title="t", matched=("e1",), events=("e1",), derived_by=(None,))
    with pytest.raises(TypeError, match="exactly the fields"):
        step(rule="r", title="t", matched=("e1",))


FAILING = """
rules:
  - id: ratio-of-nothing
    title: divides by the price difference, which may be zero
    cites: ["002.S8.2.3"]
    when:
      - fact: CustomerPromise
        as: promise
        where: "promise.price_difference / promise.price_difference > 1"
    then:
      verdict:
        outcome: violation
        message: "never"
"""


def test_a_rule_that_fails_is_named_with_the_event(tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules(), root)
    (root / "failing.yaml").write_text(FAILING)
    failing = mktpolicy.load(root)
    promise = {
        "type": "customer_promise",
        "id": "p-zero",
        "employee_id": "E1",
        "occurred_on": "2024-03-01",
        "customer_id": "C1",
        "promise": "free_shipping",
        "authorised": True,
        "price_difference": "0",
    }
    with pytest.raises(
        mktpolicy.EvaluationError, match=r"'ratio-of-nothing'.*CustomerPromise p-zero"
    ):
        failing.evaluate([promise])

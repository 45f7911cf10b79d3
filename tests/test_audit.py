"""Audit properties: each stated in its name and docstring, hunted for by hypothesis."""

from __future__ import annotations

import functools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import mktpolicy
from mktpolicy import strategies
from mktpolicy.events import EVENT_MODELS, Resignation
from mktpolicy.lifecycle import EmployeeLife

POLICY = mktpolicy.load()
HISTORIES = strategies.employee_histories()


def as_json(verdicts: list[mktpolicy.Verdict]) -> list[str]:
    return [v.model_dump_json() for v in verdicts]


@settings(max_examples=25)
@given(st.data())
def test_every_registered_strategy_yields_only_valid_events(data):
    """st.from_type works for every event model and only builds events the model accepts."""
    for model in EVENT_MODELS:
        event = data.draw(st.from_type(model))
        assert type(event) is model
        assert model.model_validate(event.model_dump()) == event


@given(HISTORIES)
def test_every_verdict_cites_an_existing_clause_with_text(events):
    """Every verdict cites at least one clause of the registry, with Chinese and English text."""
    for verdict in POLICY.evaluate(events):
        assert verdict.citations
        for citation in verdict.citations:
            clause = POLICY.clauses[citation.clause]
            assert clause.text_zh.strip()
            assert clause.text_en.strip()


@given(HISTORIES)
def test_every_fine_comes_from_the_schedule_and_one_breach_yields_one_fine(events):
    """Fines are 10 or 50 yuan (the parameters), and each breach is fined once.

    One act can break two rules (a statement neither delivered nor confirmed): two breaches,
    two fines. A breach is the OperationBreach fact the fine rests on.
    """
    breaches: list[str] = []
    for verdict in POLICY.evaluate(events):
        if verdict.fine is not None:
            assert verdict.fine in (Decimal(10), Decimal(50))
            [breach] = [s.derived for s in verdict.explanation.steps if s.derived]
            breaches.append(breach)
    assert len(breaches) == len(set(breaches))


@given(HISTORIES, st.randoms(use_true_random=False))
def test_verdicts_do_not_depend_on_the_order_of_events_or_employees(events, rnd):
    """Shuffling the stream (and so the interleaving of employees) changes nothing."""
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert as_json(POLICY.evaluate(shuffled)) == as_json(POLICY.evaluate(events))


@given(HISTORIES, strategies.events())
def test_adding_an_event_never_removes_a_verdict_about_another_employee(events, extra):
    """An event about one employee cannot change the verdicts about anyone else."""
    extra = extra.model_copy(update={"id": "extra", "employee_id": "E-other"})
    before = as_json([v for v in POLICY.evaluate(events) if v.employee != "E-other"])
    after = as_json([v for v in POLICY.evaluate([*events, extra]) if v.employee != "E-other"])
    assert after == before


@given(st.from_type(Resignation), st.integers(1, 400))
def test_moving_a_last_day_later_never_creates_a_notice_violation(report, days):
    """A longer notice never turns a compliant resignation into a violation."""
    from datetime import timedelta

    later = report.model_copy(update={"last_day": report.last_day + timedelta(days=days)})

    def short(event: Resignation) -> bool:
        return any(v.rule == "resignation-notice-too-short" for v in POLICY.evaluate([event]))

    if not short(report):
        assert not short(later)


@functools.cache
def with_fine(fine: int) -> mktpolicy.Policy:
    """One reformed policy per fine, shared by the examples that draw it (a Policy is immutable)."""
    return POLICY.with_parameters({"fines.operation_breach": fine})


@given(HISTORIES, st.integers(10, 200))
def test_raising_a_fine_parameter_never_lowers_a_total(events, fine):
    """Total fines are monotone in the ordinary fine."""

    def total(policy: mktpolicy.Policy) -> Decimal:
        return sum((v.fine or Decimal(0) for v in policy.evaluate(events)), Decimal(0))

    assert total(with_fine(fine)) >= total(POLICY)


def test_two_records_of_one_month_are_cited_the_same_in_any_order():
    """Found by hypothesis: a duplicate month record made the cited events depend on order."""

    def month(ident: str, m: int) -> dict[str, object]:
        return {
            "type": "monthly_result",
            "id": ident,
            "employee_id": "E002",
            "month": f"2024-{m:02d}",
            "target": 1000,
            "actual": 0,
            "attendance": 5,
            "office_discipline": 5,
            "team_spirit": 5,
            "professional_conduct": 5,
        }

    events = [month("h0", 1), month("h1", 1), month("h2", 2), month("h3", 3)]
    forward = as_json(POLICY.evaluate(events))
    assert forward == as_json(POLICY.evaluate([events[1], events[0], *events[2:]]))
    assert POLICY.evaluate(events)[0].events == ("h0", "h2", "h3")


@given(HISTORIES)
def test_evaluating_twice_gives_identical_json(events):
    """Evaluation is deterministic."""
    assert as_json(POLICY.evaluate(events)) == as_json(POLICY.evaluate(events))


TestEmployeeLife = EmployeeLife.TestCase
TestEmployeeLife.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)

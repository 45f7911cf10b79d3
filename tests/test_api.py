"""The library API an HR system uses: load, evaluate, sessions, what-if, errors."""

from __future__ import annotations

import json
import threading
from datetime import date
from decimal import Decimal

import pytest

import mktpolicy
from mktpolicy.events import ClientMeal, MonthlyResult, Resignation

LATE = {
    "type": "resignation",
    "id": "r1",
    "employee_id": "E1",
    "submitted_on": "2024-02-21",
    "last_day": "2024-03-20",
}


def month(employee: str, m: str, actual: int, ident: str | None = None) -> dict[str, object]:
    return {
        "type": "monthly_result",
        "id": ident or f"{employee}-{m}",
        "employee_id": employee,
        "month": m,
        "target": 1000,
        "actual": actual,
        "attendance": 5,
        "office_discipline": 4,
        "team_spirit": 3,
        "professional_conduct": 2,
    }


def test_load_bundled_and_evaluate_dicts_models_and_json(native):
    as_model = Resignation(
        id="r1", employee_id="E1", submitted_on=date(2024, 2, 21), last_day=date(2024, 3, 20)
    )
    for event in (LATE, as_model, json.dumps(LATE)):
        [verdict] = native.evaluate([event])
        assert verdict.rule == "resignation-notice-too-short"
        assert verdict.subject == "E1"
        assert verdict.clauses == ("000.P1.2.8",)
        citation = verdict.citations[0]
        assert "提前一个月" in citation.text_zh
        assert citation.text_en
        assert citation.location.startswith("000")
        assert citation.also_at, "the clause is repeated in other parts of 000"
        assert verdict.consequence is not None
        assert verdict.consequence.id == "leaving_without_procedure"


def test_verdict_json_is_stable_and_round_trips(native):
    first = [v.model_dump_json() for v in native.evaluate([LATE])]
    second = [v.model_dump_json() for v in native.evaluate([LATE])]
    assert first == second
    again = mktpolicy.Verdict.model_validate_json(first[0])
    assert again == native.evaluate([LATE])[0]


def test_fines_are_decimal_yuan(native):
    [verdict] = native.evaluate(
        [
            {
                "type": "customer_promise",
                "id": "p",
                "employee_id": "S",
                "occurred_on": "2024-04-02",
                "customer_id": "C",
                "promise": "freight_discount",
                "authorised": False,
                "price_difference": "12.5",
            }
        ]
    )
    assert verdict.fine == Decimal(50)
    assert isinstance(verdict.fine, Decimal)
    assert verdict.compensation is not None
    assert verdict.compensation.amount == Decimal("12.50")


def test_explanation_shows_the_chain_of_firings(native):
    verdicts = native.evaluate(
        [month("E1", "2024-01", 1), month("E1", "2024-02", 1), month("E1", "2024-03", 1)]
    )
    [verdict] = verdicts
    rules = [step.rule for step in verdict.explanation.steps]
    assert rules[-1] == "transfer-or-dismissal"
    assert "missed-target" in rules
    assert "miss-run-start" in rules
    assert "miss-run-extend" in rules
    assert verdict.events == ("E1-2024-01", "E1-2024-02", "E1-2024-03")
    derived = [s.derived for s in verdict.explanation.steps if s.derived]
    assert any(d.startswith("MissRun(") and "length=3" in d for d in derived)


def test_session_gives_the_same_verdicts_as_a_batch_in_any_order(native):
    events = [
        month("A", "2024-03", 1),
        month("B", "2024-01", 1),
        month("A", "2024-01", 1),
        month("B", "2024-02", 5000),
        month("A", "2024-02", 1),
        LATE,
    ]
    session = native.session()
    new = []
    for event in events:
        new.extend(session.add(event))
    assert session.verdicts() == native.evaluate(events)
    assert sorted(v.rule for v in new) == ["resignation-notice-too-short", "transfer-or-dismissal"]


def test_session_add_returns_only_new_verdicts(native):
    session = native.session()
    assert session.add(month("A", "2024-01", 1)) == []
    assert session.add(month("A", "2024-02", 1)) == []
    [verdict] = session.add(month("A", "2024-03", 1))
    assert verdict.rule == "transfer-or-dismissal"
    assert session.add(month("A", "2024-04", 1)) == []


def test_session_exposes_derived_scores(native):
    session = native.session()
    session.add(month("A", "2024-01", 900))
    [score] = session.facts("MonthlyScore")
    assert score.performance == Decimal(72)  # 900 / 1000 × 80
    assert score.behaviour == 14
    assert score.total == Decimal(86)


def test_with_parameters_returns_a_new_policy_and_leaves_the_old_one(native):
    breach = {
        "type": "customer_promise",
        "id": "p",
        "employee_id": "S",
        "occurred_on": "2024-04-02",
        "customer_id": "C",
        "promise": "settlement_change",
        "authorised": False,
    }
    reform = native.with_parameters({"fines.operation_breach": 20})
    assert reform.evaluate([breach])[0].fine == 20
    assert native.evaluate([breach])[0].fine == 10


def test_dated_parameter_values_apply_from_their_date(native):
    reform = native.with_parameters(
        {"fines.operation_breach": {"2000-01-01": 10, "2024-07-01": 20}}
    )

    def breach(day: str) -> dict[str, object]:
        return {
            "type": "customer_promise",
            "id": day,
            "employee_id": "S",
            "occurred_on": day,
            "customer_id": "C",
            "promise": "settlement_change",
            "authorised": False,
        }

    fines = [v.fine for v in reform.evaluate([breach("2024-06-30"), breach("2024-07-01")])]
    assert fines == [10, 20]


def test_unknown_parameter_and_bad_value_raise_parameter_error(native):
    with pytest.raises(mktpolicy.ParameterError, match="unknown parameter"):
        native.with_parameters({"fines.nope": 1})
    with pytest.raises(mktpolicy.ParameterError, match="money cannot be negative"):
        native.with_parameters({"fines.operation_breach": -5})


def test_bad_event_names_the_field_and_the_value(native):
    bad = dict(LATE, submitted_on="2024-02-30")
    with pytest.raises(mktpolicy.EventError, match=r"field 'submitted_on'.*'2024-02-30'"):
        native.evaluate([bad])
    with pytest.raises(mktpolicy.EventError, match="unknown event type 'holiday'"):
        native.evaluate([{"type": "holiday", "employee_id": "E1"}])
    with pytest.raises(mktpolicy.EventError, match=r"field 'target'"):
        native.evaluate([dict(month("E1", "2024-01", 1), target=-3)])


def test_nothing_is_evaluated_when_one_event_is_bad(native):
    session = native.session()
    with pytest.raises(mktpolicy.EventError):
        session.add(LATE, {"type": "resignation", "employee_id": "E2"})
    assert session.verdicts() == []
    assert session.events() == []


def test_duplicate_ids_conflict_but_identical_repeats_are_dropped(native):
    assert len(native.evaluate([LATE, LATE])) == 1
    with pytest.raises(mktpolicy.DuplicateEventError, match="'r1'"):
        native.evaluate([LATE, dict(LATE, last_day="2024-04-20")])


def test_identical_events_without_id_count_once(native):
    meal = {
        "type": "client_meal",
        "employee_id": "E1",
        "held_at": "2024-05-10T12:00",
        "meal_slip": True,
    }
    [verdict] = native.evaluate([meal, meal])
    assert verdict.events[0].startswith("sha256:")


def test_policy_is_shared_safely_between_threads(native):
    events = [
        month(f"E{i % 7}", f"2024-{m:02d}", 1 if (i + m) % 3 else 2000, f"{i}-{m}")
        for i in range(40)
        for m in range(1, 13)
    ]
    expected = native.evaluate(events)
    results: list[list[mktpolicy.Verdict]] = []

    def work() -> None:
        results.append(native.evaluate(events))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 8


def test_models_are_immutable():
    meal = ClientMeal(employee_id="E1", held_at="2024-05-10T12:00", meal_slip=True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="frozen"):
        meal.meal_slip = False  # type: ignore[misc]
    result = MonthlyResult.model_validate(month("E1", "2024-03-17", 1))
    assert result.month == date(2024, 3, 1)


def test_unknown_backend_is_a_backend_error():
    with pytest.raises(mktpolicy.BackendError, match="unknown backend"):
        mktpolicy.load(backend="prolog")


def test_a_disabled_rule_is_not_compiled(tmp_path):
    import shutil

    root = tmp_path / "rules"
    shutil.copytree(mktpolicy.policy.bundled_rules(), root)
    meals = root / "conduct.yaml"
    text = meals.read_text(encoding="utf-8")
    marker = "  - id: meal-without-slip\n"
    meals.write_text(text.replace(marker, marker + "    enabled: false\n"), encoding="utf-8")
    policy = mktpolicy.load(root)
    assert "meal-without-slip" not in {r.id for r in policy.rules}
    meal = {
        "type": "client_meal",
        "employee_id": "E1",
        "held_at": "2024-05-10T12:00",
        "approved_at": "2024-05-09T12:00",
        "meal_slip": False,
    }
    assert policy.evaluate([meal]) == []
    assert [v.rule for v in mktpolicy.load().evaluate([meal])] == ["meal-without-slip"]

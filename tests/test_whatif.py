"""Reforms change exactly the verdicts they should, on a generated population, and nothing else."""

from __future__ import annotations

import functools
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

import mktpolicy
from mktpolicy import population, whatif
from mktpolicy.events import ClientMeal, Departure, Event, MonthlyResult, Resignation
from mktpolicy.whatif import Comparison, ReformError

EMPLOYEES = 300


@functools.cache
def events() -> tuple[Event, ...]:
    return tuple(population.generate(employees=EMPLOYEES, seed=11))


@functools.cache
def base() -> mktpolicy.Policy:
    return mktpolicy.load()


def keys(
    comparison: Comparison, status: str, rule: str | None = None
) -> set[tuple[str, frozenset[str]]]:
    return {
        (p.verdict.subject, frozenset(p.verdict.events))
        for p in comparison.pairs
        if p.status == status and (rule is None or p.verdict.rule == rule)
    }


def changed_rules(comparison: Comparison) -> set[str]:
    return {p.verdict.rule for p in comparison.changed()}


ORDINARY_FINES = ("fine-operation-breach", "fine-operation-breach-share-undecided")
"""The 10-yuan fine of 002 第十一节 一, with and without a share of the loss set."""


def test_a_twenty_yuan_fine_changes_only_the_ordinary_fines_by_exactly_ten():
    reform = whatif.policy_with(base(), {"fines.operation_breach": 20})
    comparison = whatif.compare(base(), reform, events())
    ordinary = [p for p in comparison.pairs if p.verdict.rule in ORDINARY_FINES]
    assert len(ordinary) > 50
    for pair in comparison.pairs:
        assert pair.base is not None, "nothing gone"
        assert pair.reform is not None, "nothing new"
        if pair.verdict.rule in ORDINARY_FINES:
            assert pair.status == "changed_fine"
            assert pair.reform.fine - pair.base.fine == Decimal(10)
        else:
            assert pair.status == "same"
    totals = comparison.totals
    assert totals.fines_delta == 10 * len(ordinary)
    assert totals.verdicts_base == totals.verdicts_reform
    assert totals.employees_affected == len({p.verdict.subject for p in ordinary})


def miss_runs() -> list[tuple[str, list[str]]]:
    """Every maximal run of consecutive months below target: (employee, event ids in order)."""
    by_employee: dict[str, list[MonthlyResult]] = {}
    for event in events():
        if isinstance(event, MonthlyResult):
            by_employee.setdefault(event.employee_id, []).append(event)
    runs: list[tuple[str, list[str]]] = []
    for employee, results in by_employee.items():
        run: list[str] = []
        previous: date | None = None
        for result in sorted(results, key=lambda r: r.month):
            missed = result.actual < result.target
            follows = previous is not None and result.month == previous + relativedelta(months=1)
            if missed and run and follows:
                run.append(result.id or "")
            else:
                if run:
                    runs.append((employee, run))
                run = [result.id or ""] if missed else []
            previous = result.month
        if run:
            runs.append((employee, run))
    return runs


def test_transfer_after_two_missed_months_instead_of_three():
    reform = whatif.policy_with(base(), {"performance.consecutive_misses": 2})
    comparison = whatif.compare(base(), reform, events())
    runs = miss_runs()
    expected_gone = {(e, frozenset(ids[:3])) for e, ids in runs if len(ids) >= 3}
    expected_new = {(e, frozenset(ids[:2])) for e, ids in runs if len(ids) >= 2}
    assert expected_gone, "the population has runs of three"
    assert len(expected_new) > len(expected_gone), "and more runs of two"
    assert keys(comparison, "gone") == expected_gone
    assert keys(comparison, "new") == expected_new
    assert changed_rules(comparison) == {"transfer-or-dismissal"}
    affected = {e for e, ids in runs if len(ids) >= 2}
    assert comparison.totals.employees_affected == len(affected)
    assert set(comparison.by_employee.index) == affected


def test_two_months_notice():
    reform = whatif.policy_with(base(), {"resignation.notice_period": "P2M"})
    comparison = whatif.compare(base(), reform, events())
    resignations = [e for e in events() if isinstance(e, Resignation)]
    departures = {e.employee_id: e for e in events() if isinstance(e, Departure)}

    def too_short(months: int) -> set[tuple[str, frozenset[str]]]:
        """The last day asked for is judged only while nobody has left after the report."""
        return {
            (r.employee_id, frozenset([r.id or ""]))
            for r in resignations
            if r.submitted_on + relativedelta(months=months) > r.last_day
            and not (
                r.employee_id in departures and departures[r.employee_id].left_on >= r.submitted_on
            )
        }

    def left_early(months: int) -> set[tuple[str, frozenset[str]]]:
        """The actual departure is judged against the report, whatever day it asked for."""
        found = set()
        for r in resignations:
            d = departures.get(r.employee_id)
            end = r.submitted_on + relativedelta(months=months)
            if d and d.kind == "voluntary" and r.submitted_on <= d.left_on < end:
                found.add((r.employee_id, frozenset([r.id or "", d.id or ""])))
        return found

    assert left_early(2) > left_early(1)
    assert keys(comparison, "new", "resignation-notice-too-short") == too_short(2) - too_short(1)
    assert keys(comparison, "gone", "resignation-notice-too-short") == set()
    assert keys(comparison, "new", "departure-before-notice-ends") == left_early(2) - left_early(1)
    assert keys(comparison, "gone", "departure-before-notice-ends") == left_early(1) - left_early(2)
    assert changed_rules(comparison) <= {
        "resignation-notice-too-short",
        "departure-before-notice-ends",
    }


def test_disabling_a_rule_removes_exactly_its_verdicts():
    reform = whatif.policy_with(base(), disable=["meal-without-slip"])
    comparison = whatif.compare(base(), reform, events())
    before = [v for v in comparison.base if v.rule == "meal-without-slip"]
    assert before
    assert {p.base for p in comparison.changed()} == set(before)
    assert all(p.status == "gone" for p in comparison.changed())
    assert "meal-without-slip" not in {r.id for r in reform.rules}


def test_disabling_an_exception_brings_back_the_ordinary_ten_yuan_fine():
    reform = whatif.policy_with(base(), disable=["fine-unauthorised-discount"])
    comparison = whatif.compare(base(), reform, events())
    gone = keys(comparison, "gone")
    assert gone == keys(comparison, "gone", "fine-unauthorised-discount")
    assert gone
    ordinary = set().union(*(keys(comparison, "new", rule) for rule in ORDINARY_FINES))
    assert keys(comparison, "new") == ordinary == gone
    assert all(p.reform.fine == 10 for p in comparison.changed() if p.reform is not None)


def test_a_rule_that_is_overridden_cannot_be_disabled_alone():
    with pytest.raises(ReformError) as caught:
        whatif.policy_with(base(), disable=["fine-operation-breach"])
    message = str(caught.value)
    assert "disabled_dependency" in message
    assert "'fine-unauthorised-discount'" in message
    assert "override" in message


def test_a_rule_others_depend_on_cannot_be_disabled_alone_but_the_chain_can():
    with pytest.raises(ReformError) as caught:
        whatif.policy_with(base(), disable=["missed-target"])
    assert "no rule would derive MissedTarget" in str(caught.value)
    assert "'miss-run-start'" in str(caught.value)
    chain = ["missed-target", "miss-run-start", "miss-run-extend", "transfer-or-dismissal"]
    comparison = whatif.compare(base(), whatif.policy_with(base(), disable=chain), events())
    assert changed_rules(comparison) == {"transfer-or-dismissal"}
    assert {p.status for p in comparison.changed()} == {"gone"}


def test_disabling_one_of_several_rules_deriving_a_fact_is_fine():
    reform = whatif.policy_with(base(), disable=["false-visit-report"])
    comparison = whatif.compare(base(), reform, events())
    assert changed_rules(comparison) == {"false-visit-as-absenteeism"}  # 三 replaces the fine
    visits = {e.id for e in events() if e.type == "customer_visit"}
    assert all(set(p.verdict.events) <= visits for p in comparison.changed())


DOUBLE_FINE = {
    "id": "fine-operation-breach",
    "title": "Twice the ordinary fine",
    "cites": ["002.S11.1"],
    "when": [
        {
            "fact": "OperationBreach",
            "as": "breach",
            "where": "breach.loss == 0 or params.fines.loss_share > 0",
        }
    ],
    "then": {
        "verdict": {
            "outcome": "violation",
            "bearer": "employee",
            "fine": "params.fines.operation_breach * 2",
            "message": "Breach ({breach.act}): {params.fines.operation_breach * 2} yuan.",
        }
    },
}


def test_replacing_a_rule_keeps_its_exceptions():
    reform = whatif.policy_with(base(), replace=[DOUBLE_FINE])
    comparison = whatif.compare(base(), reform, events())
    assert changed_rules(comparison) == {"fine-operation-breach"}
    assert {p.status for p in comparison.changed()} == {"changed_fine"}
    assert all(p.reform and p.reform.fine == 20 for p in comparison.changed())
    replaced = next(r for r in reform.rules if r.id == "fine-operation-breach")
    assert replaced.overridden_by  # the serious cases still replace it


def test_adding_a_rule_adds_exactly_its_verdicts():
    rule = {
        "id": "expensive-client-meal",
        "title": "A client meal over 2,000 yuan",
        "cites": ["000.P2.1.5"],
        "when": [
            {
                "fact": "ClientMeal",
                "as": "meal",
                "where": "meal.amount != null and meal.amount > 2000",
            }
        ],
        "then": {"verdict": {"outcome": "warning", "message": "A {meal.amount} yuan meal."}},
    }
    comparison = whatif.compare(base(), whatif.policy_with(base(), add=[rule]), events())
    expensive = {
        (e.employee_id, frozenset([e.id or ""]))
        for e in events()
        if isinstance(e, ClientMeal) and e.amount is not None and e.amount > 2000
    }
    assert expensive
    assert keys(comparison, "new") == expensive
    assert changed_rules(comparison) == {"expensive-client-meal"}


REFORM = """\
title: The analyst's question
parameters:
  fines.operation_breach: 20
  resignation.notice_period: P2M
  performance.consecutive_misses: 2
rules:
  disable: [meal-without-slip]
"""


def test_a_reform_file_is_the_same_as_policy_with(tmp_path):
    path = tmp_path / "reform.yaml"
    path.write_text(REFORM)
    reform = whatif.load_reform(path)
    assert reform.title == "The analyst's question"
    assert reform.disabled == ("meal-without-slip",)
    assert "fines.operation_breach = 20" in reform.describe()
    from_file = reform.apply(base())
    in_code = whatif.policy_with(
        base(),
        {
            "fines.operation_breach": 20,
            "resignation.notice_period": "P2M",
            "performance.consecutive_misses": 2,
        },
        disable=["meal-without-slip"],
    )
    sample = events()[:3000]
    assert from_file.evaluate(sample) == in_code.evaluate(sample)


def test_the_base_policy_is_untouched_and_the_reform_has_its_own_fingerprint():
    before = base().evaluate(events()[:2000])
    reformed = whatif.parse_reform(REFORM).apply(base())
    assert base().evaluate(events()[:2000]) == before
    assert reformed.fingerprint != base().fingerprint
    assert whatif.policy_with(base(), {"fines.operation_breach": 20}).fingerprint not in (
        base().fingerprint,
        reformed.fingerprint,
    )
    assert base().parameters["fines.operation_breach"].values[0][1] == 10


def test_reforms_chain_and_keep_earlier_parameter_changes():
    first = whatif.policy_with(base(), {"fines.operation_breach": 20})
    second = whatif.policy_with(first, disable=["meal-without-slip"])
    third = whatif.policy_with(second, {"fines.serious_breach": 80})
    assert third.parameters["fines.operation_breach"].values[0][1] == 20
    assert "meal-without-slip" not in {r.id for r in third.rules}
    verdicts = third.evaluate(events()[:3000])
    assert {v.fine for v in verdicts if v.fine is not None} <= {Decimal(20), Decimal(80)}


def test_a_dated_history_changes_fines_from_that_day_only():
    history = {"fines.operation_breach": {"2000-01-01": 10, "2024-07-01": 20}}
    comparison = whatif.compare(base(), whatif.policy_with(base(), history), events())
    for pair in comparison.pairs:
        if pair.verdict.rule in ORDINARY_FINES:
            assert (pair.status == "changed_fine") == (pair.verdict.date >= date(2024, 7, 1))


def test_parameter_reforms_keep_the_backend_unless_told(policy):
    reform = whatif.policy_with(policy, {"fines.operation_breach": 20}, backend="native")
    assert reform.backend == "native"
    kept = whatif.policy_with(policy, {"fines.operation_breach": 20})
    assert kept.backend == policy.backend


def test_verdict_counts_by_rule_are_consistent():
    comparison = whatif.compare(base(), whatif.parse_reform(REFORM).apply(base()), events())
    table = comparison.by_rule
    assert table["verdicts_base"].sum() == comparison.totals.verdicts_base
    assert table["verdicts_reform"].sum() == comparison.totals.verdicts_reform
    counted = Counter(p.status for p in comparison.pairs)
    for status in ("new", "gone", "changed_fine", "same"):
        assert table[status].sum() == counted[status]


def test_the_module_docstring_example_runs():
    import doctest

    result = doctest.testmod(whatif)
    assert result.attempted > 0
    assert result.failed == 0

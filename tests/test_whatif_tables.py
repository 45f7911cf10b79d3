"""Frames, comparisons, rich display and the plot: shapes, totals, and both backends."""

from __future__ import annotations

import functools
from decimal import Decimal

import matplotlib
import pandas as pd
import pytest

import mktpolicy
from mktpolicy import population, whatif
from mktpolicy.events import Event

matplotlib.use("Agg")
import matplotlib.pyplot as plt

QUESTION = {
    "fines.operation_breach": 20,
    "resignation.notice_period": "P2M",
    "performance.consecutive_misses": 2,
}


@functools.cache
def events() -> tuple[Event, ...]:
    return tuple(population.generate(employees=150, seed=5))


@functools.cache
def comparison() -> whatif.Comparison:
    base = mktpolicy.load()
    return whatif.compare(base, whatif.policy_with(base, QUESTION), events())


def test_frame_has_one_row_per_verdict_with_exact_and_float_fines():
    verdicts = mktpolicy.load().evaluate(events())
    table = whatif.frame(verdicts)
    assert list(table.columns) == list(whatif.COLUMNS)
    assert len(table) == len(verdicts)
    assert str(table["date"].dtype).startswith("datetime64")
    assert str(table["month"].dtype) == "period[M]"
    assert table["fine"].dtype == "float64"
    fined = table[table["fine"].notna()]
    assert all(isinstance(x, Decimal) for x in fined["fine_exact"])
    assert sum(fined["fine_exact"]) == sum(v.fine for v in verdicts if v.fine is not None)
    assert table["fine_exact"][table["fine"].isna()].isna().all()
    first = verdicts[0]
    row = table.iloc[0]
    assert (row["employee"], row["rule"], row["message"]) == (
        first.subject,
        first.rule,
        first.message,
    )
    assert row["clauses"] == ", ".join(first.clauses)
    assert row["outcome"] == first.outcome.value


def test_an_empty_frame_keeps_its_columns():
    table = whatif.frame([])
    assert list(table.columns) == list(whatif.COLUMNS)
    assert len(table) == 0


def test_rows_have_a_status_and_deltas():
    c = comparison()
    rows = c.rows
    assert list(rows.columns) == [
        "employee",
        "rule",
        "date",
        "month",
        "status",
        "fine_base",
        "fine_reform",
        "delta",
        "events",
    ]
    assert len(rows) == len(c.pairs)
    assert set(rows["status"].unique()) <= {"new", "gone", "changed_fine", "same"}
    new = rows[rows["status"] == "new"]
    gone = rows[rows["status"] == "gone"]
    assert new["fine_base"].isna().all()
    assert gone["fine_reform"].isna().all()
    assert (rows["delta"].sum()) == float(c.totals.fines_delta)


def test_totals_agree_with_the_verdict_lists():
    c = comparison()
    base = mktpolicy.load().evaluate(events())
    t = c.totals
    assert t.events == len(events())
    assert t.verdicts_base == len(base) == len(c.base)
    assert t.verdicts_reform == len(c.reform)
    assert t.fines_base == sum(v.fine for v in base if v.fine is not None)
    assert t.fines_reform > t.fines_base
    assert t.as_dict()["fines_delta"] == t.fines_reform - t.fines_base
    assert t.employees_affected == len(c.by_employee)


def test_by_employee_lists_those_affected_most_fined_first():
    table = comparison().by_employee
    assert table.index.name == "employee"
    assert list(table.columns) == [
        "verdicts_base",
        "verdicts_reform",
        "new",
        "gone",
        "changed_fine",
        "fines_base",
        "fines_reform",
        "delta",
    ]
    assert (table[["new", "gone", "changed_fine"]].sum(axis=1) > 0).all()
    assert list(table["delta"]) == sorted(table["delta"], reverse=True)
    assert (table["delta"] == table["fines_reform"] - table["fines_base"]).all()


def test_by_rule_puts_the_largest_changes_first():
    table = comparison().by_rule
    assert table.index[0] == "fine-operation-breach"
    assert table.loc["transfer-or-dismissal", "new"] > 0
    assert table.loc["meal-not-approved", "same"] == table.loc["meal-not-approved", "verdicts_base"]


def test_by_month_sums_fines_under_each_policy():
    c = comparison()
    table = c.by_month
    assert list(table.columns) == ["base", "reform", "delta"]
    # 2024's months and the first of 2025: a verdict is dated by its last fact (a missed
    # deadline the day after it), and a few 2024 records carry a 2025 act or deadline
    # (docs/readings.md, "Time: readings").
    assert list(map(str, table.index))[:12] == [f"2024-{m:02}" for m in range(1, 13)]
    assert all(str(month).startswith("2025-") for month in table.index[12:])
    assert str(table.index[0]) == "2024-01"
    assert table["base"].sum() == float(c.totals.fines_base)
    assert table["reform"].sum() == float(c.totals.fines_reform)


def test_rich_display_in_jupyter():
    c = comparison()
    page = c._repr_html_()
    assert "base → reform" in page
    assert "employees_affected" in page
    assert "fine-operation-breach" in page
    assert "events=" not in page
    assert "verdicts" in repr(c)
    table = whatif.VerdictTable(c.reform, title="Under the reform", max_rows=5)
    html = table._repr_html_()
    assert "Under the reform" in html
    assert html.count("<tr") == 6  # header and five rows
    assert f"… and {len(c.reform) - 5:,} more" in html
    assert table[0] == c.reform[0]
    assert len(table[:3]) == 3
    assert repr(table).startswith("<VerdictTable: ")
    assert isinstance(table.frame(), pd.DataFrame)


def test_the_plot_draws_base_and_reform_bars_per_month():
    c = comparison()
    ax = whatif.plot_fines_by_month(c)
    try:
        assert len(ax.containers) == 2
        assert all(len(bars) == len(c.by_month) for bars in ax.containers)  # as by_month
        heights = [bar.get_height() for bar in ax.containers[1]]
        assert sum(heights) == pytest.approx(float(c.totals.fines_reform))
        assert ax.get_xticklabels()[0].get_text() == "2024-01"
    finally:
        plt.close(ax.figure)
    figure, own = plt.subplots()
    try:
        assert whatif.plot_fines_by_month(c, ax=own) is own
    finally:
        plt.close(figure)


def test_compare_works_on_either_backend(policy):
    sample = [e for e in events() if e.employee_id in ("E00001", "E00002", "E00003")]
    native = mktpolicy.load()
    on_native = whatif.compare(native, whatif.policy_with(native, QUESTION), sample)
    on_backend = whatif.compare(policy, whatif.policy_with(policy, QUESTION), sample)
    assert on_backend.totals == on_native.totals
    assert on_backend.rows.equals(on_native.rows)


def test_compare_accepts_dicts_and_json_lines():
    event = {
        "type": "visit_request",
        "id": "v1",
        "employee_id": "E1",
        "requested_on": "2024-03-04",
        "customer_id": "C1",
        "refused": True,
    }
    base = mktpolicy.load()
    c = whatif.compare(base, whatif.policy_with(base, {"fines.operation_breach": 20}), [event])
    assert {p.verdict.rule: p.status for p in c.pairs} == {"fine-operation-breach": "changed_fine"}
    assert c.totals.fines_delta == 10

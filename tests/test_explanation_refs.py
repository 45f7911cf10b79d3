"""Explanations cite what they rest on by id, and reports find each input's line by that id.

`Step.matched` is display text for people (`ClientMeal m1`); two records can read alike. Every
path that turns a verdict into file:line (SARIF, explain, `--stream`, Dask) looks the line up
by the event's id in `Step.events`, so a change in how facts are shown cannot move a location.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

import mktpolicy
from mktpolicy.events.base import Event
from mktpolicy.verdicts import steps as verdict_steps
from mktpolicy.verdicts.model import Step

from .cli_in_process import invoke
from .test_cli_explain import PROMISE

MEAL = {
    "type": "client_meal",
    "employee_id": "E-1",
    "held_at": "2024-03-05T12:00:00",
    "meal_slip": False,
}
"""A meal with a client, never approved, without a meal slip: two verdicts."""
LINES = {"m1": 1, "m2": 3}


@pytest.fixture
def meals(tmp_path: Path) -> Path:
    """Two meals alike but for their ids, on lines 1 and 3."""
    path = tmp_path / "meals.jsonl"
    records = [{**MEAL, "id": "m1"}, {**MEAL, "id": "m2"}]
    path.write_text(f"{json.dumps(records[0])}\n\n{json.dumps(records[1])}\n", encoding="utf-8")
    return path


@pytest.fixture
def alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Events shown by their type alone (`ClientMeal`), in every module that shows facts: the
    two meals then read alike, as records of a less tidy export would."""
    original = verdict_steps.describe_fact

    def type_only(fact: object) -> str:
        return type(fact).__name__ if isinstance(fact, Event) else original(fact)

    for module in list(sys.modules.values()):
        if (
            module.__name__.startswith("mktpolicy")
            and vars(module).get("describe_fact") is original
        ):
            monkeypatch.setattr(module, "describe_fact", type_only)


def sarif_lines(out: str) -> dict[str, set[int]]:
    """Each cited event's id: the lines its results point at first."""
    found: dict[str, set[int]] = {}
    for result in json.loads(out)["runs"][0]["results"]:
        [ref] = result["properties"]["events"]
        where = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        found.setdefault(ref, set()).add(where)
    return found


def test_each_step_cites_its_events_by_id_and_its_derived_facts_by_step() -> None:
    [verdict] = [
        v for v in mktpolicy.load().evaluate([PROMISE]) if v.rule == "fine-unauthorised-discount"
    ]
    derived, last = verdict.explanation.steps
    assert (derived.matched, derived.events, derived.derived_by) == (
        ("CustomerPromise p1",),
        ("p1",),
        (None,),
    )
    assert (derived.derived or "").startswith("OperationBreach(")
    # The fine's step matched the derived fact: it points at the step that derived it.
    assert last.matched == (derived.derived,)
    assert (last.events, last.derived_by) == ((None,), (0,))
    document = json.loads(verdict.model_dump_json())
    assert document["explanation"]["steps"][1]["derived_by"] == [0]
    assert type(verdict).model_validate_json(verdict.model_dump_json()) == verdict


def test_a_step_has_no_ids_or_one_per_matched_fact() -> None:
    assert Step(rule="r", title="t", matched=("a", "b")).events == ()  # a report from before
    with pytest.raises(ValueError, match="events has 1 entries for 2 facts"):
        Step(rule="r", title="t", matched=("a", "b"), events=("x",))
    with pytest.raises(ValueError, match="derived_by has 3 entries"):
        Step(rule="r", title="t", matched=("a", "b"), derived_by=(None, None, 1))


def test_two_meals_that_read_alike_point_at_their_own_lines_in_sarif(
    meals: Path, alike: None
) -> None:
    report = json.loads(invoke("check", str(meals), "--format", "json").stdout)
    shown = {m for v in report["verdicts"] for s in v["explanation"]["steps"] for m in s["matched"]}
    assert shown == {"ClientMeal"}  # the records read alike
    batch = invoke("check", str(meals), "--format", "sarif")
    assert batch.returncode == 1, batch.stderr
    assert sarif_lines(batch.stdout) == {ref: {line} for ref, line in LINES.items()}
    streamed = invoke("check", str(meals), "--format", "sarif", "--stream")
    assert streamed.stdout == batch.stdout


def test_explain_shows_each_meal_at_its_own_line(meals: Path, alike: None) -> None:
    text = invoke("explain", str(meals), "--rule", "meal-not-approved").stdout
    assert [line.strip() for line in text.splitlines() if "matched" in line] == [
        f"matched ClientMeal ({meals}:{line})" for line in LINES.values()
    ]
    out = invoke("explain", str(meals), "--rule", "meal-not-approved", "--format", "json").stdout
    located: list[dict[str, Any]] = [v["locations"] for v in json.loads(out)["verdicts"]]
    assert located == [{"ClientMeal": {"file": str(meals), "line": n}} for n in LINES.values()]
    by_id = [v["event_locations"] for v in json.loads(out)["verdicts"]]  # keyed by what differs
    assert by_id == [{ref: {"file": str(meals), "line": n}} for ref, n in LINES.items()]


def test_dask_finds_the_lines_the_batch_finds(meals: Path, alike: None) -> None:
    pytest.importorskip("distributed")
    from mktpolicy.distributed import verdicts_dask

    run = verdicts_dask(None, [meals])  # dask's local scheduler, in this process
    assert run.verdicts == mktpolicy.load().evaluate(
        [r for r in meals.read_text().splitlines() if r]
    )
    cited = {
        ref: run.by_ref[ref]
        for v in run.verdicts
        for step in v.explanation.steps
        for ref in step.events
        if ref is not None
    }
    assert cited == {ref: (0, line) for ref, line in LINES.items()}


def test_every_reference_of_a_population_points_where_it_should() -> None:
    """On every event type: each step's ids are the verdict's events, and each derived fact
    points at an earlier step that derived that very fact (the steps behind several verdicts
    are shared within a run only where their places in each chain agree)."""
    from mktpolicy.population import generate

    events = list(generate(employees=40, seed=3))
    verdicts = mktpolicy.load().evaluate(events)
    pointed = 0
    for verdict in verdicts:
        steps = verdict.explanation.steps
        for at, step in enumerate(steps):
            assert len(step.events) == len(step.derived_by) == len(step.matched)
            for text, ref, by in zip(step.matched, step.events, step.derived_by, strict=True):
                if ref is not None:
                    assert by is None
                    assert ref in verdict.events
                    assert text.endswith(f" {ref}")
                elif by is not None:
                    assert by < at
                    assert steps[by].derived == text
                    pointed += 1
    assert pointed > 10  # the population derives facts that verdicts rest on


SHARED = """
facts:
  - name: Alpha
    title: a first derived fact
    date: day
    fields: {employee_id: text, day: date}
  - name: Beta
    title: derived from Alpha
    date: day
    fields: {employee_id: text, day: date}
  - name: Gamma
    title: derived from a departure
    date: day
    fields: {employee_id: text, day: date}
rules:
  - id: to-alpha
    title: a resignation gives Alpha
    cites: ["000.P1.2.8"]
    when: [{fact: Resignation, as: r}]
    then: {derive: {fact: Alpha, fields: {day: r.submitted_on}}}
  - id: to-beta
    title: Alpha gives Beta
    cites: ["000.P1.2.8"]
    when: [{fact: Alpha, as: a}]
    then: {derive: {fact: Beta, fields: {day: a.day}}}
  - id: to-gamma
    title: a departure gives Gamma
    cites: ["000.P1.2.8"]
    when: [{fact: Departure, as: d}]
    then: {derive: {fact: Gamma, fields: {day: d.left_on}}}
  - id: on-beta
    title: Beta alone
    cites: ["000.P1.2.8"]
    when: [{fact: Beta, as: b}]
    then: {verdict: {outcome: warning, message: "beta"}}
  - id: on-gamma-and-beta
    title: Gamma, then Beta
    cites: ["000.P1.2.8"]
    when: [{fact: Gamma, as: g}, {fact: Beta, as: b}]
    then: {verdict: {outcome: warning, message: "gamma and beta"}}
"""


def test_a_step_two_chains_place_differently_points_right_in_each(tmp_path: Path) -> None:
    """`to-beta`'s firing is behind both verdicts: its Alpha comes from step 0 in one chain
    and from step 1 in the other (Gamma's step comes first there)."""
    from mktpolicy.policy import bundled_rules

    root = tmp_path / "rules"
    shutil.copytree(bundled_rules(), root)
    (root / "shared.yaml").write_text(SHARED)
    records = [
        {
            "type": "resignation",
            "id": "r1",
            "employee_id": "E1",
            "submitted_on": "2024-01-02",
            "last_day": "2024-03-01",
        },
        {
            "type": "departure",
            "id": "d1",
            "employee_id": "E1",
            "kind": "voluntary",
            "left_on": "2024-03-01",
            "accounts_settled": True,
            "handover_done": True,
            "supervisor_signed": True,
        },
    ]
    verdicts = {v.rule: v for v in mktpolicy.load(root).evaluate(records)}
    alone = verdicts["on-beta"].explanation.steps
    both = verdicts["on-gamma-and-beta"].explanation.steps
    assert [s.rule for s in alone] == ["to-alpha", "to-beta", "on-beta"]
    assert [s.rule for s in both] == ["to-gamma", "to-alpha", "to-beta", "on-gamma-and-beta"]
    assert alone[1].derived_by == (0,)
    assert both[2].derived_by == (1,)
    assert both[3].derived_by == (0, 2)
    assert both[0].events == ("d1",)
    assert both[1].events == ("r1",)

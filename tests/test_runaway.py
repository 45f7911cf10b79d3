"""A derivation loop is stopped at a documented bound, naming the rules involved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mktpolicy
from mktpolicy.backends.native import NativeBackend
from mktpolicy.events import Resignation
from mktpolicy.policy import bundled_rules

COUNTER = """
facts:
  - name: Counter
    title: grows without end
    date: day
    fields: {employee_id: text, day: date, n: int}
rules:
  - id: counter-start
    title: start counting
    cites: ["000.P1.2.8"]
    when:
      - {fact: Resignation, as: report}
    then:
      derive: {fact: Counter, fields: {day: report.submitted_on, n: "0"}}
  - id: counter-step
    title: count one more, for ever
    cites: ["000.P1.2.8"]
    when:
      - {fact: Counter, as: c}
    then:
      derive: {fact: Counter, fields: {day: c.day, n: c.n + 1}}
"""


@pytest.fixture
def looping(tmp_path: Path) -> mktpolicy.Policy:
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules(), root)
    (root / "loop.yaml").write_text(COUNTER)
    return mktpolicy.load(root)


def test_a_derivation_loop_stops_at_the_bound_and_names_the_rule(looping):
    backend = NativeBackend(looping.program, max_derived=1_000)
    event = Resignation(employee_id="E1", submitted_on="2024-01-02", last_day="2024-03-01")  # type: ignore[arg-type]
    with pytest.raises(mktpolicy.RunawayDerivationError, match="counter-step") as caught:
        backend.run("E1", [event])
    assert "1,000" in str(caught.value)


def test_the_default_bound_holds_through_the_public_api(looping):
    with pytest.raises(mktpolicy.RunawayDerivationError, match="more than 100,000 facts"):
        looping.evaluate(
            [
                {
                    "type": "resignation",
                    "employee_id": "E1",
                    "submitted_on": "2024-01-02",
                    "last_day": "2024-03-01",
                }
            ]
        )

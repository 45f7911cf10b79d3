"""A derivation chain far longer than Python's recursion limit still explains its verdict.

The documented bound is 100,000 derived facts; building the chain of firings behind a verdict
must not recurse once per step (it did: RecursionError at about 1,000 steps, on both backends).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mktpolicy
from mktpolicy.policy import bundled_rules
from tests.conftest import BACKENDS

STEPS = 1_500

CHAIN = f"""
facts:
  - name: Counter
    title: counts up to a limit
    date: day
    fields: {{employee_id: text, day: date, n: int}}
rules:
  - id: counter-start
    title: start counting
    cites: ["000.P1.2.8"]
    when:
      - {{fact: Resignation, as: report}}
    then:
      derive: {{fact: Counter, fields: {{day: report.submitted_on, n: "0"}}}}
  - id: counter-step
    title: count one more
    cites: ["000.P1.2.8"]
    when:
      - {{fact: Counter, as: c, where: "c.n < {STEPS}"}}
    then:
      derive: {{fact: Counter, fields: {{day: c.day, n: c.n + 1}}}}
  - id: counter-done
    title: counted to the end
    cites: ["000.P1.2.8"]
    when:
      - {{fact: Counter, as: c, where: "c.n == {STEPS}"}}
    then:
      verdict: {{outcome: warning, message: "counted"}}
"""


@pytest.fixture(scope="module")
def chained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("chain") / "rules"
    shutil.copytree(bundled_rules(), root)
    (root / "chain.yaml").write_text(CHAIN)
    return root


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_chain_of_1500_steps_is_explained_in_order(chained: Path, backend: str) -> None:
    policy = mktpolicy.load(chained, backend=backend)
    resignation = {
        "type": "resignation",
        "employee_id": "E1",
        "submitted_on": "2024-01-02",
        "last_day": "2024-03-01",
    }
    [verdict] = [v for v in policy.evaluate([resignation]) if v.rule == "counter-done"]
    steps = verdict.explanation.steps
    assert [s.rule for s in steps] == (
        ["counter-start"] + ["counter-step"] * STEPS + ["counter-done"]
    )
    # Depth first: each step comes after the step that derived the fact it matched.
    derived = [s.derived for s in steps[:-1]]
    assert derived == [f"Counter(day=2024-01-02, n={n})" for n in range(STEPS + 1)]

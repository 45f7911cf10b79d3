"""The scenario suite: tests/conformance/*.yaml, every case on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest

import mktpolicy
from mktpolicy.conformance import LoadedCase, load_cases, run_case

from .conftest import BACKENDS

CASES: list[LoadedCase] = [
    case
    for path in sorted((Path(__file__).parent / "conformance").glob("*.yaml"))
    for case in load_cases(path)
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: LoadedCase, backend: str):
    problems = run_case(mktpolicy.load(backend=backend), case.case)
    assert not problems, "\n".join(problems)


def test_every_family_has_cases():
    files = {Path(c.file).stem for c in CASES}
    assert {"leaving", "discipline", "performance", "meals"} <= files

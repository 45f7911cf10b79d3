"""`import mktpolicy.strategies` works in a fresh interpreter, before or after hypothesis.

Before: importing it first (a plain script, a notebook) failed with "partially initialized
module 'mktpolicy.strategies' has no attribute '_hypothesis_setup_hook'": importing
hypothesis inside the module ran hypothesis' entry point, which looked the hook up on the
half-built module. Under pytest it only worked because the plugin imported hypothesis first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import mktpolicy

SOURCE = str(Path(mktpolicy.__file__).resolve().parent.parent)

DRAW = """
from hypothesis import find, strategies as st
from mktpolicy.events import Resignation
event = find(st.from_type(Resignation), lambda e: True)
print(type(event).__name__)
"""


@pytest.mark.parametrize(
    "first", ["import mktpolicy.strategies", "import hypothesis\nimport mktpolicy.strategies"]
)
def test_the_strategies_import_in_a_fresh_interpreter(first: str) -> None:
    env = {**os.environ, "PYTHONPATH": SOURCE}
    result = subprocess.run(
        [sys.executable, "-c", first + DRAW],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Resignation"

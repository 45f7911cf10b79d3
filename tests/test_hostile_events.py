"""Hostile event files end in a clean error naming file:line (exit 2), never a traceback.

Before: JSON nested 100,000 deep raised RecursionError from the JSON decoder in `check` (batch,
--stream, --keep-going) and `explain`, and in `read_events`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mktpolicy
from mktpolicy.events.reader import read_events

from .cli_in_process import invoke

DEPTH = 100_000


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("nested")
    bodies = {
        "array": "[" * DEPTH + "]" * DEPTH,
        "in-array": '[{"type": "resignation", "x": ' + "[" * DEPTH + "]" * DEPTH + "}]",
        "in-line": '{"type": "resignation", "x": ' + "[" * DEPTH + "]" * DEPTH + "}",
    }
    paths = {}
    for name, body in bodies.items():
        paths[name] = root / f"{name}.jsonl"
        paths[name].write_text(body + "\n")
    return paths


@pytest.mark.parametrize("shape", ["array", "in-array", "in-line"])
@pytest.mark.parametrize(
    "command",
    [["check"], ["check", "--stream"], ["check", "--keep-going"], ["explain", "--employee", "E1"]],
)
def test_deep_nesting_is_a_bad_record(nested: dict[str, Path], shape: str, command: list[str]):
    path = nested[shape]
    result = invoke(*command, str(path))
    assert result.returncode == 2
    assert f"{path}:1: not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_read_events_refuses_deep_nesting(nested: dict[str, Path]) -> None:
    with pytest.raises(mktpolicy.EventError, match="nested too deep"):
        read_events(nested["in-array"])

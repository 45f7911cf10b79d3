"""`read_events` as docs/whatif.md calls it: a str path, and unreadable files as PolicyErrors."""

from __future__ import annotations

from pathlib import Path

import pytest

from mktpolicy import PolicyError, population
from mktpolicy.errors import EventError
from mktpolicy.events.reader import read_events


def test_read_events_takes_a_str_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    population.write_jsonl("2024.jsonl", employees=3, seed=1)
    assert read_events("2024.jsonl") == population.generate(employees=3, seed=1)


def test_a_missing_file_is_an_event_error_naming_it(tmp_path: Path):
    with pytest.raises(EventError, match=r"cannot read .*absent\.jsonl"):
        read_events(str(tmp_path / "absent.jsonl"))


def test_a_file_that_is_not_utf8_is_a_policy_error(tmp_path: Path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"type": "resignation", "employee_id": "Ä"}\n'.encode("latin-1"))
    with pytest.raises(PolicyError, match="cannot read"):
        read_events(path)

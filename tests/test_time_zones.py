"""One time-zone policy: times are held as company wall-clock time; an offset is converted."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import mktpolicy
from mktpolicy import clock
from mktpolicy.cli.main import cli
from mktpolicy.errors import TimeZoneError
from mktpolicy.events.reader import to_event

JUNE = date(2024, 6, 1)


def meal(ident: str, held_at: str, approved_at: str) -> dict[str, object]:
    return {
        "type": "client_meal",
        "id": ident,
        "employee_id": ident.upper(),
        "held_at": held_at,
        "approved_at": approved_at,
        "meal_slip": True,
    }


MEALS = [
    # 12:00 in Shanghai, approved at 11:00 Shanghai time: in time (raised TypeError before).
    meal("m1", "2024-05-10T12:00:00+08:00", "2024-05-10T11:00:00"),
    # 04:30 UTC is 12:30 in Shanghai; approved at 13:00 Shanghai time: afterwards.
    meal("m2", "2024-05-10T04:30:00Z", "2024-05-10T13:00:00"),
    # Both with offsets, in different zones: 12:00+08:00 is 05:00+01:00.
    meal("m3", "2024-05-10T12:00:00+08:00", "2024-05-10T05:30:00+01:00"),
]


@pytest.mark.parametrize("backend", ["native", "durable"])
def test_mixed_offsets_compare_as_company_time(backend: str) -> None:
    verdicts = mktpolicy.load(backend=backend).at(JUNE).evaluate(MEALS)
    late = {v.subject for v in verdicts if v.rule == "meal-approved-afterwards"}
    assert late == {"M2", "M3"}


def test_a_time_with_an_offset_is_held_as_company_time() -> None:
    event = to_event(meal("m", "2024-05-10T23:30:00Z", "2024-05-10T12:00:00"))
    assert event.held_at == datetime(2024, 5, 11, 7, 30)  # the next day in Shanghai
    assert event.held_at.tzinfo is None
    assert event.effective_date == date(2024, 5, 11)


def test_the_company_zone_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ZONE_VARIABLE, "Europe/Berlin")
    event = to_event(meal("m", "2024-05-10T12:00:00+08:00", "2024-05-10T05:00:00"))
    assert event.held_at == datetime(2024, 5, 10, 6, 0)  # CEST is UTC+2
    with clock.company_zone_set("UTC"):
        event = to_event(meal("m", "2024-05-10T12:00:00+08:00", "2024-05-10T05:00:00"))
        assert event.held_at == datetime(2024, 5, 10, 4, 0)
        assert clock.company_zone().key == "UTC"
    assert clock.company_zone().key == "Europe/Berlin"


def test_an_unknown_zone_is_a_named_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ZONE_VARIABLE, "Mars/Olympus_Mons")
    with pytest.raises(TimeZoneError, match="unknown time zone 'Mars/Olympus_Mons'"):
        clock.today()


def test_check_reads_times_in_the_zone_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(clock.ZONE_VARIABLE, clock.DEFAULT_ZONE)  # restored after the test
    path = tmp_path / "meals.jsonl"
    path.write_text("".join(json.dumps(m) + "\n" for m in MEALS), encoding="utf-8")
    runner = CliRunner()
    shanghai = runner.invoke(cli, ["check", str(path), "--as-of", "2024-06-01"])
    assert shanghai.output.count("meal-approved-afterwards") == 2
    # Read in UTC, m1's naive approval (11:00 UTC) comes after its meal (04:00 UTC).
    utc = runner.invoke(cli, ["check", str(path), "--as-of", "2024-06-01", "--time-zone", "UTC"])
    assert utc.output.count("meal-approved-afterwards") == 3
    bad = runner.invoke(cli, ["check", str(path), "--time-zone", "Nowhere/Land"])
    assert bad.exit_code == 2
    assert "unknown time zone 'Nowhere/Land'" in bad.output

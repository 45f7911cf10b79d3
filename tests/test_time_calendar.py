"""Working days past the bundled data: calendar files, undetermined verdicts, and the
cross-check of the bundled data against python-holidays."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest

import mktpolicy
from mktpolicy import calendar
from mktpolicy.calendar_file import calendar_from_text, load_calendar

CALENDARS = Path(__file__).parent / "calendars"
OFFICIAL_2026 = CALENDARS / "official-2026.yaml"
MADE_UP_2027 = CALENDARS / "made-up-2027.yaml"  # test data, not the official arrangements


def field_day(ident: str, employee: str, day: str, notified_on: str | None) -> dict[str, object]:
    event: dict[str, object] = {
        "type": "field_day",
        "id": ident,
        "employee_id": employee,
        "day": day,
        "signed_in_at_office": False,
    }
    if notified_on is not None:
        event["notified_on"] = notified_on
    return event


MIXED = [
    field_day("f1", "E1", "2027-01-04", "2026-12-31"),  # needs 2027's New Year arrangements
    field_day("f2", "E3", "2027-01-05", None),  # no notice at all: certain without a calendar
    {
        "type": "resignation",
        "id": "r1",
        "employee_id": "E2",
        "submitted_on": "2027-01-10",
        "last_day": "2027-01-20",
    },
    field_day("f3", "E4", "2026-10-09", "2026-10-09"),  # 2026: judged from the bundled data
]


@pytest.mark.parametrize("year", range(2020, 2027))
def test_bundled_data_agrees_with_python_holidays_on_every_day(year):
    other = holidays.China(years=year)
    day = date(year, 1, 1)
    while day.year == year:
        assert calendar.is_working_day(day) == other.is_working_day(day), day
        day += timedelta(days=1)


def test_a_calendar_file_copied_from_the_2026_notice_agrees_with_both_sources():
    supplied = load_calendar(OFFICIAL_2026)
    other = holidays.China(years=2026)
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert supplied.is_working_day(day) == other.is_working_day(day), day
        day += timedelta(days=1)
    assert supplied.label.startswith("official-2026.yaml sha256:")


@pytest.mark.parametrize("backend", ["native", "durable"])
def test_a_mixed_file_is_checked_whole_and_2027_working_days_are_undetermined(backend):
    verdicts = (
        mktpolicy.load(backend=backend)
        .with_parameters({"conduct.field_notice_working_day": True})
        .at(date(2027, 3, 1))
        .evaluate(MIXED)
    )
    by_event = {v.events[0]: v for v in verdicts}
    assert set(by_event) == {"f1", "f2", "r1", "f3"}
    late = by_event["f1"]
    assert late.outcome == "undetermined"
    assert late.rule == "field-day-notice-late"
    assert late.missing is not None
    assert "the last working day before 2027-01-04" in late.missing
    assert "--calendar" in late.missing  # how to supply the data
    assert late.fine is None
    assert late.consequence is None
    # Certain without the calendar: judged, and the compliant way drops the unknown date.
    certain = by_event["f2"]
    assert certain.outcome == "violation"
    assert certain.explanation.would_comply is not None
    assert "not known yet" in certain.explanation.would_comply
    assert by_event["r1"].outcome == "violation"
    assert by_event["f3"].outcome == "violation"
    assert by_event["f3"].calendar == calendar.CALENDAR_VERSION


@pytest.mark.parametrize("backend", ["native", "durable"])
def test_a_supplied_calendar_file_decides_what_was_undetermined(backend):
    policy = (
        mktpolicy.load(backend=backend, calendar=MADE_UP_2027)
        .with_parameters({"conduct.field_notice_working_day": True})
        .at(date(2027, 3, 1))
    )
    verdicts = policy.evaluate(MIXED)
    assert "undetermined" not in {v.outcome for v in verdicts}
    # 2026-12-31 is the last working day before 2027-01-04 by the made-up data: in time.
    assert "f1" not in {e for v in verdicts for e in v.events}
    [certain] = [v for v in verdicts if v.events == ("f2",)]
    assert certain.explanation.would_comply == (
        "Report at the company first, or tell administration by the end of 2027-01-04."
    )
    assert certain.calendar is not None
    assert certain.calendar.startswith("made-up-2027.yaml sha256:")


def test_a_late_notice_in_a_supplied_year_is_judged_late():
    policy = (
        mktpolicy.load(calendar=MADE_UP_2027)
        .with_parameters({"conduct.field_notice_working_day": True})
        .at(date(2027, 3, 1))
    )
    [late] = policy.evaluate([field_day("f", "E1", "2027-02-15", "2027-02-15")])
    # Monday 15 February: the made-up Spring Festival ends on the 12th, Saturday 13th is worked.
    assert late.outcome == "violation"
    assert "2027-02-13" in late.message


def test_a_calendar_is_per_policy_not_per_process():
    plain = (
        mktpolicy.load()
        .with_parameters({"conduct.field_notice_working_day": True})
        .at(date(2027, 3, 1))
    )
    supplied = plain.with_calendar(MADE_UP_2027)
    event = field_day("f", "E1", "2027-01-04", "2026-12-31")
    assert [v.outcome for v in plain.evaluate([event])] == ["undetermined"]
    assert supplied.evaluate([event]) == []
    assert plain.calendar is calendar.OFFICIAL


def test_a_reform_keeps_its_base_policys_calendar():
    from mktpolicy.whatif.reform import parse_reform

    base = mktpolicy.load(calendar=MADE_UP_2027)
    reformed = parse_reform("parameters:\n  fines.operation_breach: 20\n").apply(base)
    assert reformed.calendar is base.calendar
    assert base.with_parameters({"fines.operation_breach": 20}).calendar is base.calendar


GOOD_YEAR = """\
format: 1
years:
  - year: 2099
    source: "TEST DATA"
    holidays:
      new_years_day: ["2099-01-01"]
      spring_festival: ["2099-01-21..2099-01-27"]
      qingming: ["2099-04-04"]
      labour_day: ["2099-05-01"]
      dragon_boat: ["2099-06-01"]
      mid_autumn: ["2099-09-01"]
      national_day: ["2099-10-01..2099-10-07"]
    working_days: ["2099-01-31"]
"""


def test_a_good_calendar_text_loads():
    loaded = calendar_from_text(GOOD_YEAR, "cal.yaml")
    assert loaded.is_working_day(date(2099, 1, 31))  # a Saturday worked
    assert not loaded.is_working_day(date(2099, 1, 22))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('"2099-06-01"', '"2099-02-30"'),
            "cal.yaml:10:21: calendar_bad_date: '2099-02-30' is not a date",
        ),
        (
            ('working_days: ["2099-01-31"]', 'working_days: ["2099-01-24"]'),
            "cal.yaml:13:20: calendar_day_both: 2099-01-24 is both a holiday and a working day",
        ),
        (
            ('working_days: ["2099-01-31"]', 'working_days: ["2099-02-02"]'),
            "cal.yaml:13:20: calendar_weekday_working: 2099-02-02 is a Monday",
        ),
        (
            ('      qingming: ["2099-04-04"]\n', ""),
            "cal.yaml:6:7: missing_field: 'qingming' is required in years.0.holidays",
        ),
        (
            ('"2099-10-01..2099-10-07"', '"2099-10-07..2099-10-01"'),
            "cal.yaml:12:22: calendar_bad_range: '2099-10-07..2099-10-01' ends before it starts",
        ),
        (
            ('"2099-04-04"', '"2098-04-04"'),
            "cal.yaml:8:18: calendar_wrong_year: '2098-04-04' is not in 2099",
        ),
    ],
)
def test_a_bad_calendar_file_is_a_spec_error_at_file_line_col(change, expected):
    old, new = change
    assert old in GOOD_YEAR
    with pytest.raises(mktpolicy.SpecError) as caught:
        calendar_from_text(GOOD_YEAR.replace(old, new), "cal.yaml")
    assert expected in str(caught.value)


def test_a_year_given_twice_is_an_error():
    twice = GOOD_YEAR + GOOD_YEAR.split("years:\n", 1)[1]
    with pytest.raises(mktpolicy.SpecError, match="calendar_year_twice: year 2099 is given twice"):
        calendar_from_text(twice, "cal.yaml")


def test_a_supplied_year_that_contradicts_the_bundled_data_is_an_error():
    text = OFFICIAL_2026.read_text(encoding="utf-8").replace('"2026-10-10"', '"2026-10-11"')
    with pytest.raises(mktpolicy.SpecError, match="calendar_disagrees: 2026 disagrees"):
        calendar_from_text(text, "cal.yaml")


DOCS = Path(__file__).parent.parent / "docs"


def test_the_shipped_template_loads_and_says_it_is_no_data():
    template = load_calendar(DOCS / "calendar-template.yaml")
    [year] = template.years.values()
    assert year.source.startswith("EXAMPLE ONLY")
    assert year.year == 2099  # far from any year real data could be confused with


def test_the_documented_example_is_the_2026_notice_and_loads():
    text = (DOCS / "calendar.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    documented = calendar_from_text(example, "docs/calendar.md")  # agrees with the package
    assert documented.years[2026] == load_calendar(OFFICIAL_2026).years[2026]


def test_a_session_uses_its_policys_calendar():
    event = field_day("f", "E1", "2027-02-15", "2027-02-15")
    plain = (
        mktpolicy.load()
        .with_parameters({"conduct.field_notice_working_day": True})
        .at(date(2027, 3, 1))
    )
    [open_] = plain.session().add(event)
    assert open_.outcome == "undetermined"
    supplied = plain.with_calendar(MADE_UP_2027)
    assert supplied.as_of == date(2027, 3, 1)
    [late] = supplied.session().add(event)
    assert late.outcome == "violation"

"""`Session.add` is all or nothing, and a parameter with no value names the rule and employee.

Before: `add` recorded the events before evaluating them, so after one failing event (a 1999
resignation: the notice period has no value before 2000) every later, valid event of that
employee failed too, for good; and the ParameterError named neither rule nor employee.
"""

from __future__ import annotations

import pytest

import mktpolicy


def resignation(submitted: str, last: str, employee: str = "E1") -> dict[str, str]:
    return {
        "type": "resignation",
        "employee_id": employee,
        "submitted_on": submitted,
        "last_day": last,
    }


TOO_EARLY = resignation("1999-03-01", "1999-03-20")
VALID = resignation("2024-03-01", "2024-03-20")


def test_a_failed_add_leaves_the_session_as_it_was(policy: mktpolicy.Policy) -> None:
    session = policy.session()
    session.add(resignation("2024-01-02", "2024-06-30", employee="E2"))
    before = (session.events(), session.verdicts(), session.facts())
    with pytest.raises(mktpolicy.ParameterError):
        session.add(TOO_EARLY, resignation("2024-01-02", "2024-01-05", employee="E2"))
    assert (session.events(), session.verdicts(), session.facts()) == before


def test_later_valid_events_of_the_employee_still_evaluate(policy: mktpolicy.Policy) -> None:
    session = policy.session()
    with pytest.raises(mktpolicy.ParameterError):
        session.add(TOO_EARLY)
    added = session.add(VALID)
    assert [v.rule for v in added] == ["resignation-notice-too-short"]
    assert added == policy.evaluate([VALID])


def test_the_error_names_the_rule_and_the_employee(policy: mktpolicy.Policy) -> None:
    pattern = "employee E1: rule 'resignation-notice-too-short': parameter 'resignation.notice"
    with pytest.raises(mktpolicy.ParameterError, match=pattern):
        policy.evaluate([TOO_EARLY])
    with pytest.raises(mktpolicy.ParameterError, match=pattern):
        policy.session().add(TOO_EARLY)

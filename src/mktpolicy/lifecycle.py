"""An employee's life as a hypothesis state machine, checked against a plain-Python model.

    from mktpolicy.lifecycle import EmployeeLife
    TestEmployeeLife = EmployeeLife.TestCase          # in an auditor's own test module

Each step adds one event to a Session (hire and probation, monthly results, operation acts,
leave, resignation and departure); after each step the session's verdicts must match a small
reference model that knows nothing of the rule engine: runs of missed months, one fine per
breach, the fine total.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import mktpolicy
from mktpolicy.events import CustomerPromise, LeaveTaken, MonthlyResult, Probation, Resignation
from mktpolicy.expr.periods import Period, add_period, subtract_period

LAST_MONTH = date(2025, 12, 1)
"""Months are closed up to here: a month's result for a month not yet ended is bad input."""

SERIOUS = frozenset({"freight_discount", "free_shipping", "monthly_settlement"})
SUBJECT = "E-life"


class EmployeeLife(RuleBasedStateMachine):
    """One employee through the year; `policy` may be overridden (e.g. the durable backend)."""

    policy: mktpolicy.Policy | None = None

    def __init__(self) -> None:
        super().__init__()
        self.session = (self.policy or mktpolicy.load()).session()
        self.count = 0
        self.month = date(2024, 1, 1)
        self.missed: set[date] = set()
        self.fines: list[Decimal] = []
        self.leave_breaches = 0
        self.resigned = False

    def _add(self, event: mktpolicy.Event) -> None:
        self.count += 1
        self.session.add(event.model_copy(update={"id": f"life-{self.count}"}))

    @precondition(lambda self: self.count == 0)
    @rule()
    def hire(self) -> None:
        """Probation of exactly three months: no verdict."""
        self._add(
            Probation(
                employee_id=SUBJECT,
                starts_on=date(2024, 1, 1),
                ends_on=date(2024, 4, 1),
                business_amount=Decimal(12000),
            )
        )

    @precondition(lambda self: self.month < LAST_MONTH)
    @rule(met=st.booleans(), skip=st.booleans())
    def close_month(self, met: bool, skip: bool) -> None:
        """A month's result; sometimes a month is skipped (a gap breaks a run)."""
        if skip:
            self.month = add_period(self.month, Period(months=1))
        actual = Decimal(1000) if met else Decimal(999)
        self._add(
            MonthlyResult(
                employee_id=SUBJECT,
                month=self.month,
                target=Decimal(1000),
                actual=actual,
                attendance=5,
                office_discipline=5,
                team_spirit=5,
                professional_conduct=5,
            )
        )
        if not met:
            self.missed.add(self.month)
        self.month = add_period(self.month, Period(months=1))

    @rule(
        promise=st.sampled_from(
            ["free_shipping", "freight_discount", "monthly_settlement", "settlement_change"]
        ),
        authorised=st.booleans(),
    )
    def promise_to_customer(self, promise: str, authorised: bool) -> None:
        self._add(
            CustomerPromise(
                employee_id=SUBJECT,
                occurred_on=self.month,
                customer_id="C1",
                promise=promise,
                authorised=authorised,
            )
        )
        if not authorised:
            self.fines.append(Decimal(50) if promise in SERIOUS else Decimal(10))

    @rule(approved_before=st.booleans())
    def take_leave(self, approved_before: bool) -> None:
        start = self.month + timedelta(days=10)
        approved = start - timedelta(days=1) if approved_before else start + timedelta(days=1)
        self._add(
            LeaveTaken(
                employee_id=SUBJECT,
                kind="personal",
                starts_on=start,
                ends_on=start,
                approved_on=approved,
            )
        )
        self.leave_breaches += not approved_before

    @precondition(lambda self: not self.resigned)
    @rule(days_ahead=st.integers(25, 35))
    def resign(self, days_ahead: int) -> None:
        self.resigned = True
        self._add(
            Resignation(
                employee_id=SUBJECT,
                submitted_on=self.month,
                last_day=self.month + timedelta(days=days_ahead),
            )
        )

    def expected_transfers(self) -> int:
        """Maximal runs of at least three consecutive missed months, counted in plain Python."""
        runs = 0
        for month in self.missed:
            if _before(month) in self.missed:
                continue  # not the start of its run
            length, current = 1, month
            while _after(current) in self.missed:
                length, current = length + 1, _after(current)
            runs += length >= 3
        return runs

    @invariant()
    def verdicts_match_the_reference_model(self) -> None:
        verdicts = self.session.verdicts()
        transfers = sum(v.rule == "transfer-or-dismissal" for v in verdicts)
        assert transfers == self.expected_transfers(), (transfers, sorted(self.missed))
        fines = sorted(v.fine for v in verdicts if v.fine is not None)
        assert fines == sorted(self.fines), (fines, self.fines)
        assert sum(fines, Decimal(0)) == sum(self.fines, Decimal(0))
        leave = sum(v.rule == "leave-approved-afterwards" for v in verdicts)
        assert leave == self.leave_breaches


def _before(month: date) -> date:
    return subtract_period(month, Period(months=1))


def _after(month: date) -> date:
    return add_period(month, Period(months=1))

"""Verdicts: what a rule concluded about an employee, and the clauses it rests on.

Verdicts are immutable pydantic models with a stable JSON form (`Verdict.model_dump_json()`), so
HR systems can store them and auditors can diff them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import model_validator

from mktpolicy.deferred import DeferredModel
from mktpolicy.spec.kinds import Outcome


class _Frozen(DeferredModel):
    """Built on first use (mktpolicy.deferred): `check` making text builds no validator, as
    verdicts are made by verdicts.trusted without one."""


class Citation(_Frozen):
    """A clause a verdict rests on, with its text and every place that text stands."""

    clause: str
    """The clause id, e.g. `000.P1.2.8`."""
    title: str
    location: str
    """Where it stands first, e.g. `000 (一) 二.8`."""
    also_at: tuple[str, ...] = ()
    """Every other place the same text stands."""
    text_zh: str
    text_en: str


class Compensation(_Frozen):
    """Compensation owed besides the fine, in yuan, and what it is for."""

    amount: Decimal
    basis: str


class ConsequenceRef(_Frozen):
    """What the regulations say follows, e.g. treated as leaving without procedure."""

    id: str
    title_en: str
    title_zh: str


class Step(_Frozen):
    """One rule firing in the chain behind a verdict."""

    rule: str
    title: str
    matched: tuple[str, ...]
    """What the rule matched, as text for people: an event by its type and id
    (`Resignation hr-1001`), a derived fact by its type and fields."""
    derived: str | None = None
    """The fact the firing derived, if it derived one."""
    events: tuple[str | None, ...] = ()
    """For each fact in `matched`, in its order: the event's id (as `Verdict.events` has it; a
    report finds the event's file and line by it), or null for a derived fact. The text of
    `matched` is for people: two records can read alike, their ids cannot."""
    derived_by: tuple[int | None, ...] = ()
    """For each fact in `matched`, in its order: for a derived fact, the index (from 0) in the
    explanation's steps of the firing that derived it, whose own `events` and `derived_by` say
    what it came from; null for an event, or a fact whose derivation was not recorded."""

    @model_validator(mode="after")
    def _one_each(self) -> Step:
        """`events` and `derived_by` are absent (a report from before they existed) or have
        one entry per matched fact."""
        for name in ("events", "derived_by"):
            given = len(getattr(self, name))
            if given and given != len(self.matched):
                raise ValueError(f"{name} has {given} entries for {len(self.matched)} facts")
        return self


class Explanation(_Frozen):
    """Why the verdict holds: the firings that led to it, first to last, and what would comply."""

    steps: tuple[Step, ...]
    would_comply: str | None = None


class Verdict(_Frozen):
    """A rule's conclusion about one employee, citing the clauses it rests on."""

    rule: str
    title: str
    outcome: Outcome
    subject: str
    """Who owes the duty: the employee, or for a duty of a role (`role`) the person recorded in
    the event for it, else the role's name."""
    role: str | None = None
    """The role that owes the duty (`administration`, `assessor`, …) when it is not the
    employee's own; `subject` is then that role's person, or the role itself."""
    concerns: str | None = None
    """The employee the events concern, when the duty is someone else's (`role` is set)."""
    date: dt.date
    """The date of the fact the rule matched first (e.g. the day a resignation was handed in)."""
    events: tuple[str, ...]
    """Every event the verdict rests on, by id, directly or through derived facts."""
    citations: tuple[Citation, ...]
    fine: Decimal | None = None
    """The fine in yuan, if the rule imposes one."""
    compensation: Compensation | None = None
    consequence: ConsequenceRef | None = None
    message: str
    explanation: Explanation
    calendar: str | None = None
    """The working-day calendar and data version, when the rules behind the verdict used one."""
    due: dt.date | None = None
    """The last day the duty could be done, for rules with a deadline; a `pending` verdict's
    deadline had not passed on the evaluation date."""
    missing: str | None = None
    """For an `undetermined` verdict: the data nobody had (e.g. "the last working day before
    2027-01-04 needs the official working-day arrangements for 2027, …") and how to supply it."""

    @property
    def owed_by_role(self) -> bool:
        """The duty is a role's and no person is recorded for it: `subject` names the role."""
        return self.role is not None and self.subject == self.role

    @property
    def employee(self) -> str:
        """The employee whose records the verdict rests on: `concerns` for a duty of a role,
        else the subject."""
        return self.concerns if self.concerns is not None else self.subject

    @property
    def clauses(self) -> tuple[str, ...]:
        """The ids of the clauses cited."""
        return tuple(c.clause for c in self.citations)

    def sort_key(self) -> tuple[str, dt.date, str, tuple[str, ...]]:
        """The order verdicts are reported in: by employee, date, rule and events."""
        return (self.subject, self.date, self.rule, self.events)

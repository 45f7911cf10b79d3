"""Firings → verdicts: penalties, messages, citations and the chain of firings behind each.

The same builder serves every backend, so backends that fire alike report alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from mktpolicy import calendar as working_days
from mktpolicy import expr
from mktpolicy.backends.accessors import anchor_date, parameter_accessors
from mktpolicy.backends.base import Firing, RunResult
from mktpolicy.errors import CalendarError
from mktpolicy.events.base import Event, known_on_field
from mktpolicy.expr.functions import WORKING_DAY_FUNCTIONS
from mktpolicy.expr.render import date_text
from mktpolicy.ir.model import DeriveAction, Program, Rule, VerdictAction
from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.model import (
    Citation,
    Compensation,
    ConsequenceRef,
    Explanation,
    Step,
    Verdict,
)
from mktpolicy.verdicts.steps import Described, chain_of, event_refs, steps_of
from mktpolicy.verdicts.trusted import trusted

Render = Callable[[Sequence[object]], Any]

_verdict = trusted(Verdict)
_explanation = trusted(Explanation)
_compensation = trusted(Compensation)


@dataclasses.dataclass(frozen=True, slots=True)
class _VerdictRule:
    rule: Rule
    action: VerdictAction
    day: Callable[[object], date]
    fine: Render | None
    compensation: Render | None
    message: Render
    would_comply: Render | None
    consequence: ConsequenceRef | None
    person: Render | None
    due: Render | None


class VerdictBuilder:
    """Compiles each verdict rule's penalty and message closures once, per policy."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self._citations: dict[str, Citation] = {}
        self._uses_calendar = {
            rule.id for rule in program.rules if rule.calls() & WORKING_DAY_FUNCTIONS
        }
        self._by_id = {rule.id: rule for rule in program.rules}
        # Both per rule, filled the first time the rule fires: a run that fires a few of ~180
        # rules (a pre-commit hook's) compiles a few. Two threads may both fill one entry, alike.
        self._rules: dict[str, _VerdictRule | None] = {}
        """A verdict rule's closures; None for a derivation."""
        self._known: dict[str, tuple[tuple[int, str], ...]] = {}
        """Per rule, (pattern slot, date field): the later days what it reads is known on."""
        self._cited_by_shape: dict[tuple[str, ...], _Cited] = {}

    def _compiled(self, rule_id: str) -> _VerdictRule | None:
        """The closures of a verdict rule (None for a derivation), compiled on first use."""
        try:
            return self._rules[rule_id]
        except KeyError:
            rule = self._by_id[rule_id]
            action = rule.action
            found = self._compile(rule, action) if isinstance(action, VerdictAction) else None
            self._rules[rule_id] = found
            return found

    def _known_of(self, rule_id: str) -> tuple[tuple[int, str], ...]:
        found = self._known.get(rule_id)
        if found is None:
            found = self._known[rule_id] = self._known_fields(self._by_id[rule_id])
        return found

    def _compile(self, rule: Rule, action: VerdictAction) -> _VerdictRule:
        slots = {p.binding: i for i, p in enumerate(rule.patterns)}
        params = parameter_accessors(self.program, rule)

        def closure(typed: Any) -> Render | None:
            if typed is None:
                return None
            return expr.compile_expr(typed, slots=slots, params=params)

        def template(typed: Any) -> Render | None:
            if typed is None:
                return None
            return expr.compile_template(typed, slots=slots, params=params)

        message = template(action.message)
        assert message is not None  # a verdict always has a message
        person = closure(action.bearer.person) if action.bearer is not None else None
        consequence = None
        if action.consequence is not None:
            c = action.consequence
            consequence = ConsequenceRef(id=c.id, title_en=c.title_en, title_zh=c.title_zh)
        return _VerdictRule(
            rule=rule,
            action=action,
            day=anchor_date(self.program, rule),
            fine=closure(action.fine),
            compensation=closure(action.compensation),
            message=message,
            would_comply=template(action.would_comply),
            consequence=consequence,
            person=person,
            due=closure(action.due),
        )

    def _known_fields(self, rule: Rule) -> tuple[tuple[int, str], ...]:
        """The fields the rule's conclusion needs that exist only from a later day (KnownOn),
        by pattern: a message or a compliant way that shows such a field does not count."""
        needed: list[expr.TypedNode] = [p.condition for p in rule.patterns if p.condition]
        action = rule.action
        if isinstance(action, DeriveAction):
            needed += [node for _, node in action.fields]
            concluded: tuple[expr.TypedNode | None, ...] = (rule.condition,)
        else:
            concluded = (rule.condition, action.fine, action.compensation, action.due)
        needed += [n for n in concluded if n is not None]
        slots = {p.binding: i for i, p in enumerate(rule.patterns)}
        found: set[tuple[int, str]] = set()
        for node in needed:
            for binding, name in expr.referenced_fields(node):
                slot = slots.get(binding)
                if slot is None:
                    continue
                model = self.program.fact_types[rule.patterns[slot].fact_type].python_type
                if isinstance(model, type) and issubclass(model, Event):
                    day_field = known_on_field(model, name)
                    if day_field is not None:
                        found.add((slot, day_field))
        return tuple(sorted(found))

    def citation(self, clause_id: str) -> Citation:
        """The citation of one clause (built once)."""
        found = self._citations.get(clause_id)
        if found is None:
            clause = self.program.clauses[clause_id]
            found = Citation(
                clause=clause.id,
                title=clause.title,
                location=clause.location.label,
                also_at=tuple(loc.label for loc in clause.locations[1:]),
                text_zh=clause.text_zh,
                text_en=clause.text_en,
            )
            self._citations[clause_id] = found
        return found

    def verdicts(self, result: RunResult, as_of: date) -> list[Verdict]:
        """Every verdict of one employee's run, judged on the evaluation date `as_of`."""
        described: Described = {}
        steps: dict[int, Step] = {}
        return [self._verdict(firing, result, as_of, described, steps) for firing in result.firings]

    def verdict(
        self,
        firing: Firing,
        result: RunResult,
        as_of: date,
        described: Described | None = None,
    ) -> Verdict:
        """The verdict of one firing; `described` caches fact descriptions (and events' ids)
        within one run."""
        return self._verdict(firing, result, as_of, {} if described is None else described, {})

    def _cited(self, chain: list[tuple[Firing, object | None]]) -> _Cited:
        """The citations and calendar of a chain of rules, computed once per chain of rules."""
        shape = (chain[0][0].rule.id,) if len(chain) == 1 else tuple([s.rule.id for s, _ in chain])
        found = self._cited_by_shape.get(shape)
        if found is None:
            clause_ids: list[str] = []
            for step, _ in chain:
                for clause_id in step.rule.cites:
                    if clause_id not in clause_ids:
                        clause_ids.append(clause_id)
            last = self._compiled(shape[-1])  # None: an undetermined derivation
            consequence = last.action.consequence if last is not None else None
            if consequence is not None:
                for clause_id in consequence.cites:
                    if clause_id not in clause_ids:
                        clause_ids.append(clause_id)
            found = _Cited(
                tuple(self.citation(c) for c in clause_ids),
                any(r in self._uses_calendar for r in shape),
            )
            self._cited_by_shape[shape] = found
        return found

    def _verdict(
        self,
        firing: Firing,
        result: RunResult,
        as_of: date,
        described: Described,
        steps: dict[int, Step],
    ) -> Verdict:
        compiled = self._compiled(firing.rule.id)
        assert compiled is not None  # a verdict comes from a verdict rule
        bound = firing.facts
        chain: list[tuple[Firing, object | None]] = [(firing, None)]
        derivations = result.derivations
        if derivations:
            for fact in bound:
                if id(fact) in derivations:
                    chain = chain_of(firing, result)
                    break
        cited = self._cited(chain)
        if firing.missing is not None:
            return self._undetermined(firing, result, chain, cited, firing.missing, described)
        try:
            due = compiled.due(bound) if compiled.due is not None else None
            fine = compiled.fine(bound) if compiled.fine is not None else None
            amount = compiled.compensation(bound) if compiled.compensation is not None else None
        except CalendarError as missing:
            return self._undetermined(firing, result, chain, cited, missing, described)
        action = compiled.action
        outcome = action.outcome
        message = compiled.message(bound)
        pending = due is not None and as_of <= due
        if pending:
            outcome = Outcome.PENDING
            message = f"Not yet due (due {date_text(due)}, evaluated {date_text(as_of)}): {message}"
        subject, role, concerns = _bearer(compiled, bound, result.subject)
        day = _known_on(chain, self._known_of) or compiled.day(bound[0])
        if pending:
            fine = amount = None
        elif due is not None:
            day = max(day, due + timedelta(days=1))  # a missed deadline is known the day after
        compensation = None
        explained = steps_of(chain, described, steps)
        if compiled.compensation is not None and amount is not None and amount > 0:
            compensation = _compensation(
                amount=_money(amount), basis=action.compensation_basis or "compensation"
            )
        return _verdict(
            rule=firing.rule.id,
            title=firing.rule.title,
            outcome=outcome,
            subject=subject,
            role=role,
            concerns=concerns,
            date=day,
            events=event_refs(explained),
            citations=cited.citations,
            fine=_money(fine) if fine is not None else None,
            compensation=compensation,
            consequence=None if pending else compiled.consequence,
            message=message,
            explanation=_explanation(
                steps=explained,
                would_comply=compiled.would_comply(bound) if compiled.would_comply else None,
            ),
            calendar=working_days.active().label if cited.uses_calendar else None,
            due=due,
            missing=None,
        )

    def _undetermined(
        self,
        firing: Firing,
        result: RunResult,
        chain: list[tuple[Firing, object | None]],
        cited: _Cited,
        missing: CalendarError,
        described: Described,
    ) -> Verdict:
        """The verdict of a rule that needed data nobody has: which rule (the verdict's), which
        day and which data (`missing`), how to supply it; no fine, consequence or deadline."""
        bound = firing.facts
        rule = firing.rule
        compiled = self._compiled(rule.id)
        if compiled is None:  # a derivation: what rests on its fact is open too
            subject, role, concerns = result.subject, None, None
            day = _known_on(chain, self._known_of) or anchor_date(self.program, rule)(bound[0])
            fact = rule.action.fact_type if isinstance(rule.action, DeriveAction) else "a fact"
            open_part = f"whether it derives {fact} (and what rests on it)"
            would_comply = None
        else:
            subject, role, concerns = _bearer(compiled, bound, result.subject)
            day = _known_on(chain, self._known_of) or compiled.day(bound[0])
            open_part = "its verdict"
            would_comply = compiled.would_comply(bound) if compiled.would_comply else None
        explained = steps_of(chain, described, {})
        message = f"Undetermined: {missing.missing}, so {open_part} cannot be judged yet"
        message += f" ({missing.hint})." if missing.hint else "."
        return _verdict(
            rule=rule.id,
            title=rule.title,
            outcome=Outcome.UNDETERMINED,
            subject=subject,
            role=role,
            concerns=concerns,
            date=day,
            events=event_refs(explained),
            citations=cited.citations,
            fine=None,
            compensation=None,
            consequence=None,
            message=message,
            explanation=_explanation(
                steps=explained,
                would_comply=would_comply,
            ),
            calendar=working_days.active().label,
            due=None,
            missing=str(missing),
        )


@dataclasses.dataclass(frozen=True, slots=True)
class _Cited:
    """What a chain of rules cites: the same for every verdict reached through that chain."""

    citations: tuple[Citation, ...]
    uses_calendar: bool


def _bearer(
    compiled: _VerdictRule, bound: Sequence[object], employee: str
) -> tuple[str, str | None, str | None]:
    """(subject, role, concerns): the employee's own duty, or a role's (its person, if the
    event records one) concerning the employee."""
    bearer = compiled.action.bearer
    if bearer is None:
        return employee, None, None
    person = compiled.person(bound) if compiled.person is not None else None
    return person or bearer.role, bearer.role, employee


def _known_on(
    chain: list[tuple[Firing, object | None]],
    known: Callable[[str], tuple[tuple[int, str], ...]],
) -> date | None:
    """The day the last fact the verdict needs exists (docs/readings.md, "Time: readings"):
    the latest of its events' days (a month's last day for a month's result) and of the later
    days of the fields the rules of its chain read (KnownOn)."""
    found: date | None = None
    for step, _ in chain:
        for fact in step.facts:
            if isinstance(fact, Event):
                day = fact.known_on
                if found is None or day > found:
                    found = day
        for slot, name in known(step.rule.id):
            value = getattr(step.facts[slot], name)
            if value is not None:
                day = value.date() if isinstance(value, datetime) else value
                if found is None or day > found:
                    found = day
    return found


def _money(value: Decimal) -> Decimal:
    """Yuan to the fen, without trailing noise (10, not 10.00000)."""
    quantized = value.quantize(Decimal("0.01"))
    return quantized.quantize(Decimal(1)) if quantized == quantized.to_integral() else quantized

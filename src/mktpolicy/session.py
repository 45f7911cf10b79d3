"""`Session`: events accumulated across calls, evaluated by one `Policy`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, overload

from mktpolicy.backends.base import RunResult
from mktpolicy.errors import FactTypeError
from mktpolicy.events.base import Event
from mktpolicy.events.ledger import Ledger, validated
from mktpolicy.events.reader import EventInput
from mktpolicy.verdicts.model import Verdict

if TYPE_CHECKING:
    from mktpolicy.policy import Policy

_T = TypeVar("_T")


class Session:
    """Events accumulated across calls, e.g. an HR system posting them as they happen.

    Each `add` re-evaluates the employees it touches, so late or out-of-order events give the
    same verdicts as one batch. A session belongs to one thread at a time.
    """

    def __init__(self, policy: Policy) -> None:
        self._policy = policy
        self._events: dict[str, list[Event]] = {}
        self._ledger = Ledger()
        self._results: dict[str, RunResult] = {}
        self._verdicts: dict[str, list[Verdict]] = {}

    def add(self, *events: EventInput) -> list[Verdict]:
        """Add events; return the verdicts that hold now and did not before this call."""
        incoming = validated(events)
        # The whole call is checked and evaluated on copies; the session takes them only
        # when every employee evaluated: an event that fails leaves no trace.
        trial = Ledger()
        trial.by_id = dict(self._ledger.by_id)
        trial.anonymous = set(self._ledger.anonymous)
        fresh = [event for event in incoming if trial.admit(event)]
        histories: dict[str, list[Event]] = {}
        for event in fresh:
            subject = event.employee_id
            if subject not in histories:
                histories[subject] = list(self._events.get(subject, ()))
            histories[subject].append(event)
        results = {subject: self._policy.run(subject, h) for subject, h in histories.items()}
        verdicts = {subject: self._policy.verdicts_of(r) for subject, r in results.items()}
        new: list[Verdict] = []
        for subject, found in verdicts.items():
            before = set(self._verdicts.get(subject, ()))
            new.extend(v for v in found if v not in before)
        self._ledger = trial
        self._events.update(histories)
        self._results.update(results)
        self._verdicts.update(verdicts)
        new.sort(key=Verdict.sort_key)
        return new

    def verdicts(self) -> list[Verdict]:
        """Every verdict that holds on the events added so far, sorted."""
        result = [v for verdicts in self._verdicts.values() for v in verdicts]
        result.sort(key=Verdict.sort_key)
        return result

    @overload
    def facts(self, fact_type: None = None) -> list[object]: ...

    @overload
    def facts(self, fact_type: str) -> list[Any]: ...

    @overload
    def facts(self, fact_type: type[_T]) -> list[_T]: ...

    def facts(self, fact_type: str | type[Any] | None = None) -> list[Any]:
        """Derived facts, all or of one type, by name or by class:

        >>> MonthlyScore = policy.fact_type("MonthlyScore")  # doctest: +SKIP
        >>> session.facts(MonthlyScore)  # doctest: +SKIP

        A type the policy does not have is a FactTypeError naming the nearest (a typo would
        otherwise be an empty list), as is a class of another loaded policy."""
        found = [f for r in self._results.values() for f in r.derived]
        if fact_type is None:
            return found
        name = fact_type if isinstance(fact_type, str) else fact_type.__name__
        cls = self._policy.fact_type(name)
        if not isinstance(fact_type, str) and fact_type is not cls:
            raise FactTypeError(
                f"{name} is a fact type of another loaded policy: "
                f"ask this one for its own, policy.fact_type({name!r})"
            )
        return [f for f in found if type(f) is cls]

    def events(self, employee_id: str | None = None) -> list[Event]:
        """The events added so far (of one employee, or all)."""
        if employee_id is not None:
            return list(self._events.get(employee_id, ()))
        return [e for history in self._events.values() for e in history]

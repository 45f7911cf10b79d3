"""Events admitted once: a re-delivered event is dropped, two different events with one id are
an error, and what is new is grouped by employee (a batch and a `Session` decide alike)."""

from __future__ import annotations

from collections.abc import Iterable

from mktpolicy.display import printable, shown
from mktpolicy.errors import DuplicateEventError
from mktpolicy.events.base import Event
from mktpolicy.events.reader import EventInput, to_event


def validated(events: Iterable[EventInput]) -> list[Event]:
    """Every item as an event (a bad one is an EventError naming its place in `events`)."""
    result = []
    for index, item in enumerate(events, start=1):
        result.append(
            item if isinstance(item, Event) else to_event(item, line=index, source="<events>")
        )
    return result


class Ledger:
    """Which events have been seen: an identical repeat (same id, or same content without an
    id) is a re-delivery and is dropped; two different events with one id are an error."""

    def __init__(self) -> None:
        self.by_id: dict[str, Event] = {}
        self.anonymous: set[Event] = set()

    def admit(self, event: Event) -> bool:
        """True if `event` is new; False for a repeat; DuplicateEventError for a conflict."""
        if event.id is None:
            if event in self.anonymous:
                return False
            self.anonymous.add(event)
            return True
        seen = self.by_id.get(event.id)
        if seen is None:
            self.by_id[event.id] = event
            return True
        if seen == event:
            return False
        raise DuplicateEventError(
            f"two different events have id {shown(event.id)}: "
            f"{type(seen).__name__} for {printable(seen.employee_id)} and "
            f"{type(event).__name__} for {printable(event.employee_id)}"
        )


def by_employee(events: list[Event]) -> dict[str, list[Event]]:
    """New events by employee, in the order given (what `Ledger.admit` decides, with the
    common case, an id not seen before, inlined)."""
    ledger = Ledger()
    by_id = ledger.by_id
    by_subject: dict[str, list[Event]] = {}
    for event in events:
        ident = event.id
        if ident is not None and ident not in by_id:
            by_id[ident] = event
        elif not ledger.admit(event):  # anonymous, a repeat, or a conflict (raises)
            continue
        history = by_subject.get(event.employee_id)
        if history is None:
            by_subject[event.employee_id] = [event]
        else:
            history.append(event)
    return by_subject

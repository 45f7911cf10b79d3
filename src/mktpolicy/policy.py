"""The public objects: `load()` a rulebook into an immutable `Policy`; `Session`s (session.py)
hold histories.

Evaluation is per employee: every rule's facts belong to one employee, so a batch is split by
`employee_id`, each employee's events are run to a fixpoint, and verdicts are reported sorted by
employee, date and rule. The result depends on the set of events, not on their order.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mktpolicy.backends.base import Backend, RunResult
from mktpolicy.calendar import ACTIVE, OFFICIAL, Calendar, using
from mktpolicy.clock import today
from mktpolicy.diagnostics import Diagnostic, did_you_mean
from mktpolicy.display import printable
from mktpolicy.errors import (
    BackendError,
    FactTypeError,
    ParameterError,
    PolicyError,
)
from mktpolicy.events.base import Event
from mktpolicy.events.ledger import by_employee, validated
from mktpolicy.events.reader import EventInput
from mktpolicy.identity import identity, replaced_parameter
from mktpolicy.ir.model import Clause, Parameter, Program, Rule
from mktpolicy.session import Session
from mktpolicy.verdicts.from_firings import VerdictBuilder
from mktpolicy.verdicts.model import Verdict

if TYPE_CHECKING:
    from mktpolicy.spec.from_source import LoadedFile

BACKENDS = ("native", "durable")


def bundled_rules() -> Path:
    """The rulebook shipped inside the package."""
    return Path(str(resources.files("mktpolicy") / "rules"))


def load(
    path: str | Path | None = None,
    *,
    backend: str = "native",
    calendar: str | Path | Calendar | None = None,
) -> Policy:
    """Load a rulebook directory (or the bundled one) and compile it for `backend`.

    `calendar` is a calendar file (or a loaded `Calendar`) with official working-day
    arrangements for years the bundled data does not have yet (docs/calendar.md).

    >>> policy = load()
    >>> policy.evaluate([{"type": "resignation", "employee_id": "E1",
    ...                   "submitted_on": "2024-03-01", "last_day": "2024-03-20"}])[0].rule
    'resignation-notice-too-short'
    """
    policy = (
        _load_bundled(backend)
        if path is None
        else Policy(_compile_directory(Path(path)), backend=backend)
    )
    return policy if calendar is None else policy.with_calendar(calendar)


@functools.cache
def _load_bundled(backend: str) -> Policy:
    # Policies are immutable, so the bundled one is compiled once per process and backend.
    return Policy(_compile_directory(bundled_rules(), "mktpolicy/rules"), backend=backend)


def _compile_directory(root: Path, display_root: str | None = None) -> Program:
    """Read and compile a rulebook, or take it from the compiled cache (mktpolicy/ir/cache.py)."""
    from mktpolicy.ir.cache import compile_cached
    from mktpolicy.source.files import rule_files

    def compile() -> Program:
        # Imported here: with a cached Program, neither PyYAML nor the compiler is loaded.
        from mktpolicy.ir.from_spec import compile_rules
        from mktpolicy.ir.sources import RuleSources
        from mktpolicy.spec.from_source import read_directory

        read = read_directory(root, display_root)
        files = [loaded for loaded, _ in read]
        named = [(loaded.source.file, text) for loaded, text in read]
        # The texts, not the parsed files, go into the cache: a reform parses them again.
        return replace(compile_rules(files), sources=RuleSources.of_texts(named, files))

    return compile_cached(rule_files(root), root, display_root, compile)


def _make_backend(program: Program, name: str) -> Backend:
    if name == "native":
        from mktpolicy.backends.native import NativeBackend

        return NativeBackend(program)
    if name == "durable":
        try:
            from mktpolicy.backends.durable import DurableBackend
        except ImportError as exc:
            raise BackendError(
                f"the durable backend is not available: {exc} "
                "(install it with: pip install 'mktpolicy[durable]')"
            ) from exc
        return DurableBackend(program)
    raise BackendError(f"unknown backend {name!r} (choose one of: {', '.join(BACKENDS)})")


class Policy:
    """A compiled rulebook: immutable, safe to share between threads."""

    def __init__(
        self, program: Program, *, backend: str = "native", as_of: date | None = None
    ) -> None:
        self._program = program
        self._backend_name = backend
        self._backend = _make_backend(program, backend)
        self._builder = VerdictBuilder(program)
        self._as_of = as_of
        self._calendar = OFFICIAL

    def with_calendar(self, calendar: str | Path | Calendar) -> Policy:
        """The same policy asking `calendar` (a calendar file, or a loaded one) for working
        days; nothing is recompiled.

        >>> load().with_calendar(OFFICIAL).calendar.label.startswith("chinesecalendar")
        True
        """
        if isinstance(calendar, Calendar):
            chosen = calendar
        else:
            from mktpolicy.calendar_file import load_calendar

            chosen = load_calendar(calendar)
        other = self.at(self._as_of)
        other._calendar = chosen
        other.__dict__.pop("version", None)  # the version names the calendar file
        return other

    @property
    def calendar(self) -> Calendar:
        """The working-day calendar this policy's verdicts use."""
        return self._calendar

    def at(self, as_of: date | None) -> Policy:
        """The same policy judging deadlines on `as_of` (None: today, when evaluating).

        >>> load().at(date(2024, 6, 30)).as_of
        datetime.date(2024, 6, 30)
        """
        other = object.__new__(Policy)
        other.__dict__.update(self.__dict__)
        other._as_of = as_of
        return other

    @property
    def as_of(self) -> date | None:
        """The fixed evaluation date, or None for today (in the company's time zone)."""
        return self._as_of

    def evaluation_date(self) -> date:
        """The day deadlines are judged on: `as_of`, else today where the company is."""
        return self._as_of if self._as_of is not None else today()

    def __repr__(self) -> str:
        return (
            f"<Policy {self.version} backend={self._backend_name} "
            f"rules={len(self._program.rules)} clauses={len(self._program.clauses)}>"
        )

    @property
    def program(self) -> Program:
        """The compiled IR (what backends run)."""
        return self._program

    @property
    def backend(self) -> str:
        return self._backend_name

    @functools.cached_property
    def fingerprint(self) -> str:
        """The policy's identity: a function of the rule files' content and every parameter's
        values, nothing else (see `identity`). A change made with `with_parameters` and the
        same change made by a reform file give one fingerprint; a backend or `as_of` none."""
        return identity(self._program.fingerprint, self._program.parameters)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._program.rules

    @property
    def clauses(self) -> Mapping[str, Clause]:
        return self._program.clauses

    @property
    def parameters(self) -> Mapping[str, Parameter]:
        return self._program.parameters

    @functools.cached_property
    def version(self) -> str:
        """The name of the policy in every output: the audit log, the JSON report's `policy`,
        SARIF, JUnit, HTML, `audit verify`. It is `fingerprint`, with a calendar file's label
        hashed in when one is given (its days decide deadlines).
        """
        if self._calendar.file_label is None:
            return self.fingerprint
        return identity(
            self._program.fingerprint,
            self._program.parameters,
            calendar=self._calendar.file_label,
        )

    def sources(self) -> tuple[LoadedFile, ...]:
        """The rule files this policy was compiled from, with their spans (what a reform
        recompiles); parsed again on first use after the compiled cache or a pickle."""
        sources = self._program.sources
        if sources is None:
            raise PolicyError(
                f"policy {self.version} was built from a Program without its rule files "
                "(compile it with mktpolicy.ir.compile_rules to keep them)"
            )
        return sources.files()

    def evaluate(self, events: Iterable[EventInput]) -> list[Verdict]:
        """Verdicts for a batch of events (models, dicts or JSON lines), sorted.

        Every event is validated before any is evaluated; one bad event raises EventError.
        """
        verdicts = [v for _, _, found in self.evaluate_employees(events) for v in found]
        verdicts.sort(key=Verdict.sort_key)
        return verdicts

    def evaluate_employees(
        self, events: Iterable[EventInput]
    ) -> Iterator[tuple[str, list[Event], list[Verdict]]]:
        """(employee, their new events, their verdicts), one employee at a time.

        Every event is validated, and ids checked, before the first employee is yielded; each
        is evaluated only when asked for, so a caller can record results as they come.
        """
        by_subject = by_employee(validated(events))
        run = self._backend.run
        verdicts = self._builder.verdicts
        as_of = self.evaluation_date()
        calendar = self._calendar

        def judged(subject: str, history: list[Event]) -> list[Verdict]:
            token = ACTIVE.set(calendar)  # `using`, without a generator per employee
            try:
                return verdicts(run(subject, history, verdicts_only=True), as_of)
            except ParameterError as exc:
                raise _for_employee(exc, subject) from None
            finally:
                ACTIVE.reset(token)

        return (
            (subject, history, judged(subject, history)) for subject, history in by_subject.items()
        )

    def run(self, subject: str, events: list[Event]) -> RunResult:
        """One employee's raw run: verdict firings and derived facts (for sessions and tools)."""
        try:
            with using(self._calendar):
                return self._backend.run(subject, events)
        except ParameterError as exc:
            raise _for_employee(exc, subject) from None

    def verdicts_of(self, result: RunResult) -> list[Verdict]:
        """The verdicts of one raw run."""
        try:
            with using(self._calendar):
                return self._builder.verdicts(result, self.evaluation_date())
        except ParameterError as exc:
            raise _for_employee(exc, result.subject) from None

    def fact_type(self, name: str) -> type[Any]:
        """The class of a derived-fact type (e.g. `MonthlyScore`), for `Session.facts(cls)` and
        `isinstance`; the rule files declare these types, so each loaded policy has its own.
        FactTypeError names the nearest type when there is no such one."""
        found = self._program.fact_types.get(name)
        if found is not None and found.derived and found.python_type is not None:
            return found.python_type
        derived = sorted(n for n, t in self._program.fact_types.items() if t.derived)
        if found is not None:
            reason = f"{name!r} is an event type, not a derived fact (see Session.events())"
        else:
            reason = f"no derived-fact type {name!r}"
            hint = did_you_mean(name, derived)
            reason += f"; {hint}" if hint else f" (the types: {', '.join(derived)})"
        raise FactTypeError(reason)

    def session(self) -> Session:
        """A working memory that accumulates events across calls."""
        return Session(self)

    def lint(self) -> list[Diagnostic]:
        """The warnings `mktpolicy lint` gives for this policy's rules and parameter values:
        rules that can never fire, parameters no rule reads (mktpolicy/ir/analyses.py). After
        `with_parameters` or a reform, a rule the new values or rules made dead shows here.
        Warnings point into the rule files where the policy kept them (`sources()`).

        >>> load().with_parameters({"fines.operation_breach": 20}).lint()
        []
        """
        from mktpolicy.ir.analyses import lint  # the analyses load the spec models

        files = self.sources() if self._program.sources is not None else ()
        return lint(self._program, files)

    def with_parameters(self, values: Mapping[str, Any], *, backend: str | None = None) -> Policy:
        """A new policy with some parameters replaced; this one is untouched.

        A value replaces the whole history; a `{date: value}` mapping replaces it with those
        dated values. `policy.with_parameters({"fines.operation_breach": 20})`. A reform file
        changing the same parameters gives this very policy (`replaced_parameter`).
        """
        changed = {}
        for ident, value in values.items():
            current = self._program.parameters.get(ident)
            if current is None:
                raise ParameterError(f"unknown parameter {ident!r}")

            def fail(start: object, exc: ValueError, ident: str = ident) -> None:
                raise ParameterError(f"parameter {ident!r}: {exc}") from None

            changed[ident] = replaced_parameter(current, value, fail)
            if not changed[ident].values:
                raise ParameterError(f"parameter {ident!r}: no values given")
        return self.with_program(
            replace(self._program, parameters={**self._program.parameters, **changed}),
            backend=backend,
        )

    def with_program(self, program: Program, *, backend: str | None = None) -> Policy:
        """A policy running `program` on `backend` (by default this one's), judging on this
        one's `as_of` with its calendar: how parameter and rule changes make their policy."""
        policy = Policy(program, backend=backend or self._backend_name, as_of=self._as_of)
        policy._calendar = self._calendar
        return policy


def _for_employee(exc: ParameterError, subject: str) -> ParameterError:
    """A parameter with no value on a date, as met while evaluating one employee."""
    return ParameterError(f"employee {printable(subject)}: {exc}")

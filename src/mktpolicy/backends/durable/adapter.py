"""Running a Program on durable_rules, with its known hazards contained.

Hazards of durable-rules 2.0.28, and what this adapter does about each:
- Ruleset names are write-once: every compiled policy gets its own `Host` and names
  `mkt<n>_s<stratum>` from a process-wide counter, so what-if variants live side by side.
- Rulesets are never freed: the Python `Host` and `Ruleset` have no way to delete one, so
  each compiled policy left ~1.4 MB of C memory behind (and durable_rules has 131,071 ruleset
  handles in all). When a backend is garbage, `weakref.finalize` frees its rulesets with the
  engine's own `delete_ruleset`; the actions hold no reference to the backend, so that happens
  as soon as the last reference goes.
- A `Host` starts polling timer threads: `_QuietHost` starts none, and one host serves a
  policy for its whole life (never one per evaluation).
- State per `sid` persists and at most 1,024 may be live: every stratum run uses a fresh sid
  and deletes it in `finally`.
- Not thread-safe (segfaults with 8 threads): every call into durable_rules holds one
  process-wide lock.
- A `post` fires only the first rule it matches: we never post events; everything is an
  asserted fact, which every rule may match.
- `MessageNotHandledException` (nothing matched) means "no rule fired"; `post_batch` fails for
  the whole batch on one unmatched message: facts are asserted one at a time.
- `MessageObservedException` is raised for an identical fact, and also for a different fact
  whose message id collides with a stored one (the id is looked up by a 32-bit hash: expect a
  collision from a few tens of thousands of facts in one state). The fact is then not stored
  and matches nothing. Every fact we assert in a state has its own `seq`, so the adapter knows
  which it posted: a `seq` already posted is a true duplicate ("already known"), any other is
  a collision, re-posted with a `salt` field no rule reads (which changes the id); a fact
  that still collides after `_SALTS` tries raises BackendError. Never a dropped fact.
- Deleting a state that only ever saw unmatched facts aborts the process (`free(): invalid
  size`, seen here): every state is opened with a fact that a no-op rule matches.
- Exceptions in actions are swallowed: our actions only record the firing; anything raised is
  kept and re-raised as BackendError after the call.
- No date type, and mixed-type comparisons are lexicographic: only precomputed numbers,
  strings and booleans reach durable_rules (see from_ir).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from mktpolicy.backends.base import MAX_DERIVED_FACTS, Firing, RunResult
from mktpolicy.backends.durable.from_ir import (
    BLOCKED,
    OPEN,
    StratumPlan,
    durable_value,
    plan_program,
)
from mktpolicy.backends.native.from_ir import CompiledRule, compile_rule
from mktpolicy.backends.native.memory import WorkingMemory
from mktpolicy.backends.native.strata import rules_for_evaluate
from mktpolicy.backends.undetermined import judge
from mktpolicy.errors import (
    BackendError,
    CalendarError,
    EvaluationError,
    PolicyError,
    RunawayDerivationError,
)
from mktpolicy.events.base import Event
from mktpolicy.ir.model import Program

try:
    from durable import engine as durable_engine
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("durable_rules is not installed: pip install 'mktpolicy[durable]'") from exc

_LOCK = threading.Lock()
"""durable_rules' engine is process-global and not thread-safe: one caller at a time."""
_NAMES = itertools.count(1)
_DEAD: list[int] = []
"""Handles of rulesets whose backend is garbage, freed as soon as `_LOCK` can be taken."""
_SALTS = 8
"""Re-posts of a colliding fact, each with another salt, before giving up loudly."""


class _QuietHost(durable_engine.Host):  # type: ignore[misc]
    """A Host without the two polling timer threads (we call it synchronously)."""

    def _run(self) -> None:
        return None


class DurableBackend:
    """The IR on durable_rules: it matches; Python derives facts and builds verdicts."""

    name = "durable"

    def __init__(self, program: Program, *, max_derived: int = MAX_DERIVED_FACTS) -> None:
        self.program = program
        self.max_derived = max_derived
        indexes = {rule.id: i for i, rule in enumerate(program.rules)}
        self._compiled: list[CompiledRule] = [
            compile_rule(program, rule, i, indexes) for i, rule in enumerate(program.rules)
        ]
        self._namespace = f"mkt{next(_NAMES)}"
        self._local = threading.local()
        self._plans = plan_program(program, self._action)
        kept = rules_for_evaluate(program)
        self._unread = frozenset(i for i, rule in enumerate(program.rules) if rule.id not in kept)
        """Rules deriving facts no rule reads: not run for `Policy.evaluate` (as on native)."""
        self._sids = itertools.count()
        definitions = {self._ruleset(plan): plan.definition for plan in self._plans}
        with _LOCK:
            _free_dead()
            self._host = _QuietHost()
            self._host.register_rulesets(definitions)
            handles = [ruleset._handle for ruleset in self._host._ruleset_list]
        # Not at exit: the process's memory goes with it, and the engine may be half torn down.
        weakref.finalize(self, _release, handles).atexit = False

    def _ruleset(self, plan: StratumPlan) -> str:
        return f"{self._namespace}_s{plan.index}"

    def _action(self, rule_index: int) -> Callable[[Any], None]:
        arity = len(self.program.rules[rule_index].patterns)
        names = [f"p{i}" for i in range(arity)]
        local = self._local  # not `self`: the host must not keep the backend alive

        def record(c: Any) -> None:
            try:
                seqs = tuple(int(getattr(c, name)["seq"]) for name in names)
                local.firings.append((rule_index, seqs))
            except Exception as exc:  # durable_rules would swallow it
                local.errors.append(exc)

        return record

    def run(
        self, subject: str, events: Sequence[Event], *, verdicts_only: bool = False
    ) -> RunResult:
        """One employee's events, stratum by stratum, each stratum a fresh durable state.

        With `verdicts_only`, the rules the native backend skips for `Policy.evaluate` (they
        derive facts no rule reads) never match: both backends derive, and bound, the same facts.
        """
        memory = WorkingMemory.of(subject, events)
        blocked: list[tuple[int, int]] = []
        skip = self._unread if verdicts_only else frozenset()
        self._local.unknown = {}
        with _LOCK:
            _free_dead()
            self._local.skip = skip
            for plan in self._plans:
                if not plan.rule_indexes <= skip:
                    self._run_stratum(plan, memory, blocked)
        return RunResult(subject, memory.firings, list(memory.derived), memory.derivations)

    def _run_stratum(
        self, plan: StratumPlan, memory: WorkingMemory, blocked: list[tuple[int, int]]
    ) -> None:
        ruleset = self._ruleset(plan)
        # A plain counter: sids travel JSON-escaped in facts but raw to delete_state.
        sid = f"s{next(self._sids)}"
        self._local.firings = []
        self._local.errors = []
        self._local.posted = set()
        try:
            # A state that only ever saw unmatched facts corrupts the heap when deleted
            # (free(): invalid size): open every state with a fact a no-op rule matches.
            self._assert(ruleset, {"sid": sid, "t": OPEN, "seq": -1})
            for number, (rule_index, anchor) in enumerate(blocked):
                if rule_index in plan.rule_indexes:
                    self._assert(
                        ruleset,
                        {
                            "sid": sid,
                            "t": BLOCKED,
                            "rule": rule_index,
                            "anchor": anchor,
                            "seq": -2 - number,
                        },
                    )
            # Facts that negations look for go first: durable_rules fires as soon as a match
            # is complete, so a blocker must already be there.
            first = [s for s, f in enumerate(memory.facts) if type(f) in plan.negated]
            rest = [s for s, f in enumerate(memory.facts) if type(f) not in plan.negated]
            for seq in [*first, *rest]:
                self._post(ruleset, sid, plan, memory, seq)
            self._drain(ruleset, sid, plan, memory, blocked)
        finally:
            # If opening the state failed there is nothing to delete; never mask that error.
            with contextlib.suppress(Exception):
                self._host.delete_state(ruleset, sid)

    def _post(
        self, ruleset: str, sid: str, plan: StratumPlan, memory: WorkingMemory, seq: int
    ) -> None:
        fact = memory.facts[seq]
        skip: frozenset[int] = self._local.skip
        plans = [p for p in plan.patterns.get(type(fact), ()) if p.rule not in skip]
        if not plans:
            return
        payload: dict[str, Any] = {"sid": sid, "t": type(fact).__name__, "seq": seq}
        bound = [fact]
        try:
            for pattern in plans:
                judgement = judge(pattern.alphas, bound)
                ok = judgement is not False
                if isinstance(judgement, CalendarError):
                    # Matched as if true; the firing is undetermined (see _drain).
                    self._local.unknown[(pattern.rule, pattern.position, seq)] = judgement
                for key, compute in pattern.keys:
                    value = durable_value(compute(bound)) if ok else None
                    if value is None:
                        ok = False
                        value = 0
                    payload[key] = value
                payload[pattern.flag] = bool(ok)
        except PolicyError:
            raise
        except Exception as exc:
            raise EvaluationError(
                f"precomputing conditions for employee {memory.subject!r} on "
                f"{type(fact).__name__}: {type(exc).__name__}: {exc}"
            ) from exc
        self._assert(ruleset, payload)

    def _assert(self, ruleset: str, payload: dict[str, Any]) -> None:
        """Assert one fact into the current state; see the module docstring on collisions."""
        posted: set[int] = self._local.posted
        duplicate = payload["seq"] in posted
        posted.add(payload["seq"])
        for salt in range(_SALTS):
            try:
                self._host.assert_fact(ruleset, {**payload, "salt": salt} if salt else payload)
            except durable_engine.MessageNotHandledException:
                pass  # no rule matched: nothing fired
            except durable_engine.MessageObservedException:
                if duplicate:
                    break  # this very fact is already in the state
                continue  # a new fact whose id collides with a stored one: salt it
            except Exception as exc:
                raise BackendError(f"durable_rules failed: {type(exc).__name__}: {exc}") from exc
            break
        else:
            raise BackendError(
                f"durable_rules refused fact {payload['seq']} of type {payload['t']!r} as "
                f"already seen {_SALTS} times with different salts: its hash collisions "
                "would drop it"
            )
        if self._local.errors:
            error = self._local.errors[0]
            raise BackendError(f"a durable_rules action failed: {error}") from error

    def _missing(self, rule_index: int, seqs: tuple[int, ...]) -> CalendarError | None:
        """The error that left one of the firing's facts undetermined for this rule, if any."""
        unknown: dict[tuple[int, int, int], CalendarError] = self._local.unknown
        if not unknown:
            return None
        for position, seq in enumerate(seqs):
            found = unknown.get((rule_index, position, seq))
            if found is not None:
                return found
        return None

    def _drain(
        self,
        ruleset: str,
        sid: str,
        plan: StratumPlan,
        memory: WorkingMemory,
        blocked: list[tuple[int, int]],
    ) -> None:
        """Turn recorded firings into facts and verdicts; assert new facts until none appear."""
        while self._local.firings:
            firings, self._local.firings = self._local.firings, []
            for rule_index, seqs in sorted(firings, key=lambda f: f[1]):
                crule = self._compiled[rule_index]
                bound = [memory.facts[s] for s in seqs]
                for target in crule.overrides:
                    blocked.append((target, seqs[0]))
                missing = self._missing(rule_index, seqs)
                firing = Firing(crule.rule, tuple(bound), missing)
                if crule.derive_class is None or missing is not None:
                    memory.firings.append(firing)
                    continue
                try:
                    values = {name: compute(bound) for name, compute in crule.derive_fields}
                except CalendarError as exc:
                    memory.firings.append(Firing(crule.rule, tuple(bound), exc))
                    continue
                except PolicyError:
                    raise
                except Exception as exc:
                    raise EvaluationError(
                        f"rule {crule.rule.id!r} failed for employee {memory.subject!r}: "
                        f"{type(exc).__name__}: {exc}"
                    ) from exc
                fact = crule.derive_class(employee_id=memory.subject, **values)
                if memory.add_derived(fact, firing):
                    if len(memory.derived) > self.max_derived:
                        raise RunawayDerivationError(
                            f"forward chaining for employee {memory.subject!r} derived more "
                            f"than {self.max_derived:,} facts on the durable backend"
                        )
                    self._post(ruleset, sid, plan, memory, len(memory.facts) - 1)


def _release(handles: list[int]) -> None:
    """A backend is garbage: free its rulesets now, or at the next call if the engine is busy.

    This can run inside a garbage collection triggered anywhere, even in a durable_rules
    action of the thread holding `_LOCK`: never wait for the lock here.
    """
    _DEAD.extend(handles)
    if _LOCK.acquire(blocking=False):
        try:
            _free_dead()
        finally:
            _LOCK.release()


def _free_dead() -> None:
    """Free the rulesets of dead backends (the caller holds `_LOCK`)."""
    while _DEAD:
        with contextlib.suppress(Exception):  # an invalid handle: already gone
            durable_engine.durable_rules_engine.delete_ruleset(_DEAD.pop())

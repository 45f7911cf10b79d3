"""Reforms: changed parameters and rules, written as YAML, applied to a policy to give another.

```yaml
title: Harsher fines, a longer notice, an earlier transfer
parameters:
  fines.operation_breach: 20                           # replaces the whole history
  resignation.notice_period: P2M
  fines.serious_breach: {2000-01-01: 50, 2024-07-01: 80}   # or a dated history
rules:
  add: [...]          # rule specs, in the rule-file format
  replace: [...]      # rule specs whose id exists
  disable: [meal-without-slip]
```

Parameter changes go through the same conversion as `Policy.with_parameters`; rule changes
recompile the policy's rule files, so every problem is reported as the rulebook's are, at
`file:line:col` of the reform file. The policy a reform is applied to is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mktpolicy.diagnostics import Diagnostic, Span, did_you_mean
from mktpolicy.identity import replaced_parameter
from mktpolicy.ir.from_spec import compile_rules
from mktpolicy.ir.model import Parameter
from mktpolicy.policy import Policy
from mktpolicy.source import SourceDocument, load_yaml_file, parse_yaml
from mktpolicy.spec.from_source import LoadedFile
from mktpolicy.spec.models import RuleFileSpec, RuleSpec
from mktpolicy.whatif.errors import ReformError
from mktpolicy.whatif.spec import ReformSpec, validated


@dataclass(frozen=True)
class Reform:
    """A validated reform; `apply(policy)` gives the reformed policy."""

    spec: ReformSpec
    source: SourceDocument

    def __repr__(self) -> str:
        changes = "; ".join(self.describe()) or "no changes"
        return f"<Reform {self.source.file}: {changes}>"

    @property
    def title(self) -> str | None:
        return self.spec.title

    @property
    def parameters(self) -> Mapping[str, Any]:
        return self.spec.parameters

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.spec.rules.add)

    @property
    def replaced(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.spec.rules.replace)

    @property
    def disabled(self) -> tuple[str, ...]:
        return tuple(self.spec.rules.disable)

    @property
    def changes_rules(self) -> bool:
        return bool(self.added or self.replaced or self.disabled)

    def describe(self) -> list[str]:
        """One line per change, for logs and notebook headings."""
        lines = [f"{ident} = {_shown(value)}" for ident, value in self.parameters.items()]
        lines += [f"add rule {ident}" for ident in self.added]
        lines += [f"replace rule {ident}" for ident in self.replaced]
        lines += [f"disable rule {ident}" for ident in self.disabled]
        return lines

    def apply(self, policy: Policy, *, backend: str | None = None) -> Policy:
        """The reformed policy (on `backend`, by default the policy's own); `policy` is untouched.

        Rule changes recompile the rule files `policy` was compiled from (it keeps them, see
        `Policy.sources`). Parameters not in the reform keep the values `policy` has (including
        earlier changes). A reform of parameters alone gives the policy `with_parameters` gives,
        fingerprint and version included.
        """
        problems: list[Diagnostic] = []
        changed = self._parameter_changes(policy, problems)
        program = policy.program
        if self.changes_rules:
            sources = program.sources
            if sources is None:
                raise ReformError([*problems, _unknown_rulebook(policy)])
            files = self._reformed_files(sources.files(), problems)
            if problems:
                raise ReformError(problems)
            compiled = compile_rules(files)
            carried = {key: policy.parameters.get(key, p) for key, p in compiled.parameters.items()}
            program = replace(compiled, parameters=carried, sources=sources.changed(self, files))
        elif problems:
            raise ReformError(problems)
        if changed:
            program = replace(program, parameters={**program.parameters, **changed})
        return policy.with_program(program, backend=backend)  # a reform changes no days

    def changed_files(self, files: Sequence[LoadedFile]) -> list[LoadedFile]:
        """`files` with this reform's rule changes (how a pickled reformed policy gets its
        files back: `RuleSources` replays its reforms)."""
        problems: list[Diagnostic] = []
        result = self._reformed_files(files, problems)
        if problems:
            raise ReformError(problems)
        return result

    # --- parameters ---------------------------------------------------------------------

    def _span(self, *path: str | int, key: bool = False) -> Span | None:
        return self.source.span(path, key=key)

    def _parameter_changes(
        self, policy: Policy, problems: list[Diagnostic]
    ) -> dict[str, Parameter]:
        changed: dict[str, Parameter] = {}
        for ident, value in self.parameters.items():
            current = policy.parameters.get(ident)
            if current is None:
                problems.append(
                    Diagnostic(
                        "unknown_parameter",
                        f"there is no parameter {ident!r}",
                        self._span("parameters", ident, key=True),
                        hint=did_you_mean(ident, policy.parameters),
                    )
                )
                continue

            def problem(
                start: object, exc: ValueError, ident: str = ident, kind: str = current.type.value
            ) -> None:
                where: tuple[Any, ...] = ("parameters", ident)
                where += () if start is None else (start,)
                problems.append(
                    Diagnostic(
                        "invalid_value",
                        f"parameter {ident!r} ({kind}): {exc}",
                        self._span(*where),
                    )
                )

            changed[ident] = replaced_parameter(current, value, problem)
        return changed

    # --- rules --------------------------------------------------------------------------

    def _reformed_files(
        self, files: Iterable[LoadedFile], problems: list[Diagnostic]
    ) -> list[LoadedFile]:
        files = list(files)
        changes = self.spec.rules
        existing = {rule.id: rule for loaded in files for rule in loaded.spec.rules}
        replaced = set(self.replaced)
        for index, rule in enumerate(changes.replace):
            if rule.id not in existing:
                problems.append(
                    Diagnostic(
                        "unknown_rule",
                        f"there is no rule {rule.id!r} to replace",
                        self._span("rules", "replace", index, "id"),
                        hint=did_you_mean(rule.id, existing) or "use 'add' for a new rule",
                    )
                )
        for index, rule in enumerate(changes.add):
            if rule.id in existing:
                problems.append(
                    Diagnostic(
                        "rule_exists",
                        f"rule {rule.id!r} already exists",
                        self._span("rules", "add", index, "id"),
                        hint="use 'replace' to change an existing rule",
                    )
                )
        for index, ident in enumerate(changes.disable):
            span = self._span("rules", "disable", index)
            if ident not in existing:
                problems.append(
                    Diagnostic(
                        "unknown_rule",
                        f"there is no rule {ident!r} to disable",
                        span,
                        hint=did_you_mean(ident, existing),
                    )
                )
            elif ident in replaced:
                problems.append(
                    Diagnostic("reform_conflict", f"rule {ident!r} is replaced and disabled", span)
                )
        removed = replaced | set(self.disabled)
        result = []
        for loaded in files:
            kept = [rule for rule in loaded.spec.rules if rule.id not in removed]
            if len(kept) != len(loaded.spec.rules):
                loaded = LoadedFile(loaded.spec.model_copy(update={"rules": kept}), loaded.source)
            result.append(loaded)
        new = [*changes.add, *changes.replace]
        if new:
            result.append(LoadedFile(RuleFileSpec.model_construct(rules=new), self.source))
        remaining = [rule for loaded in result for rule in loaded.spec.rules]
        problems.extend(self._dependencies(existing, remaining))
        return result

    def _dependencies(
        self, existing: Mapping[str, RuleSpec], remaining: list[RuleSpec]
    ) -> Iterable[Diagnostic]:
        """A disabled rule that a remaining rule overrides, or that derived a fact which only
        it derived and remaining rules match: running without it would silently mean less."""
        derivers: dict[str, list[str]] = {}
        for rule in remaining:
            if rule.then.derive is not None:
                derivers.setdefault(rule.then.derive.fact, []).append(rule.id)
        for index, ident in enumerate(self.disabled):
            target = existing.get(ident)
            if target is None:
                continue
            span = self._span("rules", "disable", index)
            overriders = sorted(r.id for r in remaining if ident in r.overrides)
            if overriders:
                yield Diagnostic(
                    "disabled_dependency",
                    f"rule {ident!r} cannot be disabled: {_names(overriders)} override it "
                    "(an exception replaces the rule it names)",
                    span,
                    hint="disable those too, or replace them without 'overrides'",
                )
            if target.then.derive is None:
                continue
            fact = target.then.derive.fact
            if derivers.get(fact):
                continue
            users = sorted(
                r.id for r in remaining if any(p.fact == fact for p in (*r.when, *r.unless))
            )
            if users:
                yield Diagnostic(
                    "disabled_dependency",
                    f"rule {ident!r} cannot be disabled: no rule would derive {fact}, which "
                    f"{_names(users)} match",
                    span,
                    hint=f"disable those too, or add a rule that derives {fact}",
                )


def _unknown_rulebook(policy: Policy) -> Diagnostic:
    return Diagnostic(
        "unknown_rulebook",
        f"the rule files of policy {policy.version} are not known, so its rules cannot be "
        "changed (its Program was built without them)",
        hint="compile the rule files with mktpolicy.ir.compile_rules, which keeps them",
    )


def _names(ids: list[str]) -> str:
    return ", ".join(repr(i) for i in ids)


def _shown(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


# --- reading reforms ---------------------------------------------------------------------


def load_reform(path: str | Path) -> Reform:
    """Read and validate a reform file; SourceError or SpecError at file:line:col otherwise."""
    return _reform(load_yaml_file(Path(path)))


def parse_reform(text: str, file: str = "<reform>") -> Reform:
    """A reform from YAML text (notebooks, tests); `file` names it in diagnostics."""
    return _reform(parse_yaml(text, file))


def reform_from_data(data: Mapping[str, Any], name: str = "<reform>") -> Reform:
    """A reform from plain Python values (`policy_with`); problems have no line numbers."""
    return _reform(SourceDocument(name, dict(data), {}, {}))


def policy_with(
    policy: Policy,
    parameters: Mapping[str, Any] | None = None,
    *,
    add: Iterable[RuleSpec | Mapping[str, Any]] = (),
    replace: Iterable[RuleSpec | Mapping[str, Any]] = (),
    disable: Iterable[str] = (),
    backend: str | None = None,
) -> Policy:
    """`policy` with some parameters and rules changed, in one call.

    `policy_with(policy, {"fines.operation_breach": 20}, disable=["meal-without-slip"])`
    """
    data = {
        "parameters": dict(parameters or {}),
        "rules": {
            "add": [_rule_data(rule) for rule in add],
            "replace": [_rule_data(rule) for rule in replace],
            "disable": list(disable),
        },
    }
    return reform_from_data(data, "<policy_with>").apply(policy, backend=backend)


def reform_warnings(base: Policy, reformed: Policy) -> list[Diagnostic]:
    """The lint warnings (`Policy.lint`) `reformed` has and `base` has not: what a reform made
    dead, such as a rule whose condition a new parameter value makes always false, or a rule an
    added exception always overrides. A warning counts as the base's if its code and message
    are (the same rule may sit elsewhere in the reformed rule files)."""
    before = {(d.code, d.message) for d in base.lint()}
    return [d for d in reformed.lint() if (d.code, d.message) not in before]


def _rule_data(rule: RuleSpec | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(rule, RuleSpec):
        return rule.model_dump(by_alias=True, exclude_defaults=True)
    return dict(rule)


def _reform(source: SourceDocument) -> Reform:
    return Reform(validated(source), source)

"""Parse and type-check every condition, field expression and message template of every rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mktpolicy import expr
from mktpolicy.diagnostics import did_you_mean
from mktpolicy.errors import PolicyError
from mktpolicy.expr.lexer import tokenize
from mktpolicy.expr.types import BOOL, DATE, MONEY, TEXT, RecordType, Type, optional
from mktpolicy.ir.context import CompileContext
from mktpolicy.ir.model import Bearer, DeriveAction, Pattern, Rule, VerdictAction
from mktpolicy.spec.models import PatternSpec, RuleSpec, SpecModel

Defaults = dict[str, dict[str, Any]]
"""Derived fact type → field → its typed default (None where the default failed to check)."""


class _FailedError(PolicyError):
    """An expression failed; its diagnostic is already recorded."""


def check_types(ctx: CompileContext) -> None:
    """Turn each RuleSpec into a typed `Rule`, collecting every problem."""
    params = {ident: p.expr_type for ident, p in ctx.parameters.items()}
    defaults = _field_defaults(ctx, params)
    for spec in ctx.rule_specs:
        if not spec.enabled:
            continue  # kept in the files (and for overrides that name it), not compiled
        try:
            ctx.rules.append(_rule(ctx, spec, params, defaults))
        except _FailedError:
            continue


def _field_defaults(ctx: CompileContext, params: dict[str, Type]) -> Defaults:
    """Each derived fact type's field defaults, checked once, where they are declared (a wrong
    default is one error at its place, not one for every rule that leaves the field out)."""
    found: Defaults = {}
    for name, spec in ctx.fact_specs.items():
        fact_type = ctx.fact_types.get(name)
        if fact_type is None or not fact_type.derived:
            continue  # named like an event type: already reported
        checker = _Checker(ctx, spec, params)
        found[name] = {
            field: checker.expression(
                kind.default, ("fields", field, "default"), {}, fact_type.record.fields[field]
            )
            for field, kind in spec.fields.items()
            if not isinstance(kind, str) and kind.default is not None
        }
    return found


def _rule(ctx: CompileContext, spec: RuleSpec, params: dict[str, Type], defaults: Defaults) -> Rule:
    checker = _Checker(ctx, spec, params, defaults)
    bindings: dict[str, RecordType] = {}
    patterns = []
    ok = True
    for index, pattern in enumerate(spec.when):
        try:
            patterns.append(checker.pattern(pattern, ("when", index), bindings))
        except _FailedError:
            ok = False
    negations = []
    for index, pattern in enumerate(spec.unless):
        try:
            negations.append(checker.pattern(pattern, ("unless", index), dict(bindings)))
        except _FailedError:
            ok = False
    if not ok:
        raise _FailedError
    condition = None
    if spec.if_ is not None:
        condition = checker.expression(spec.if_, ("if",), bindings, BOOL)
    action: VerdictAction | DeriveAction
    if spec.then.verdict is not None:
        action = checker.verdict(spec, bindings)
    else:
        action = checker.derive(spec, bindings)
    if checker.failed:
        raise _FailedError
    return Rule(
        id=spec.id,
        title=spec.title,
        cites=tuple(spec.cites),
        description=spec.description,
        reading=spec.reading,
        patterns=tuple(patterns),
        negations=tuple(negations),
        condition=condition,
        action=action,
        overrides=tuple(spec.overrides),
        span=ctx.span(spec),
        file=spec.source_file,
        params_used=frozenset(checker.params_used),
        condition_source=spec.if_,
    )


class _Checker:
    def __init__(
        self,
        ctx: CompileContext,
        spec: SpecModel,
        params: dict[str, Type],
        defaults: Defaults | None = None,
    ) -> None:
        self.ctx = ctx
        self.spec = spec  # a rule, or a fact type (for its fields' defaults)
        self.params = params
        self.defaults = defaults or {}
        self.failed = False
        self.params_used: set[str] = set()

    def pattern(
        self,
        pattern: PatternSpec,
        path: tuple[str | int, ...],
        bindings: dict[str, RecordType],
    ) -> Pattern:
        fact_type = self.ctx.fact_types.get(pattern.fact)
        if fact_type is None:
            self.ctx.error(
                "unknown_type",
                f"unknown event or fact type {pattern.fact!r}",
                self.ctx.span(self.spec, *path, "fact"),
                hint=did_you_mean(pattern.fact, set(self.ctx.fact_types)),
            )
            raise _FailedError
        if pattern.as_ in bindings or pattern.as_ == "params":
            self.ctx.error(
                "duplicate_binding",
                f"binding {pattern.as_!r} is already used in this rule",
                self.ctx.span(self.spec, *path, "as"),
            )
            raise _FailedError
        bindings[pattern.as_] = fact_type.record
        condition = None
        if pattern.where is not None:
            condition = self.expression(pattern.where, (*path, "where"), bindings, BOOL)
        return Pattern(
            binding=pattern.as_,
            fact_type=pattern.fact,
            condition=condition,
            source=pattern.where,
            span=self.ctx.span(self.spec, *path),
        )

    def expression(
        self,
        text: str,
        path: tuple[str | int, ...],
        bindings: dict[str, RecordType],
        expect: Type | None,
    ) -> Any:
        scope = expr.Scope(dict(bindings), self.params)
        typed = self._typed(lambda: expr.check(expr.parse(text), scope, expect=expect), path)
        if typed is not None and "'" in text:
            self._single_quoted_literals(text, path, [(0, len(text))])
        return typed

    def template(
        self, text: str, path: tuple[str | int, ...], bindings: dict[str, RecordType]
    ) -> Any:
        scope = expr.Scope(dict(bindings), self.params)
        holes: list[tuple[int, int]] = []

        def build() -> expr.TypedTemplate:
            parsed = expr.parse_template(text)
            holes.extend((hole.offset, hole.offset + hole.length) for hole in parsed.holes())
            return expr.check_template(parsed, scope)

        typed = self._typed(build, path)
        if typed is not None and "'" in text:
            self._single_quoted_literals(text, path, holes)
        return typed

    def _single_quoted_literals(
        self, text: str, path: tuple[str | int, ...], ranges: list[tuple[int, int]]
    ) -> None:
        """Warn at each text literal in single quotes: the rule files write `"…"` (docs/rules.md),
        so an expression holding one goes in YAML single quotes as it is, with no escapes."""
        for start, end in ranges:
            for token in tokenize(text, start, end):
                if token.kind != "string" or not token.text.startswith("'"):
                    continue
                value = str(token.value).replace("\\", "\\\\").replace('"', '\\"')
                self.ctx.warn(
                    "literal_quotes",
                    f"text literal {token.text} is in single quotes",
                    self.ctx.text_span(self.spec, path, token.offset, token.length),
                    hint=f'write "{value}", and the whole expression in YAML single quotes '
                    "or a '>-' block (docs/rules.md)",
                )

    def _typed(self, build: Callable[[], Any], path: tuple[str | int, ...]) -> Any:
        """Parse and check; a failure becomes a diagnostic and None."""
        try:
            typed = build()
        except (expr.ExprSyntaxError, expr.ExprTypeError) as exc:
            self._report(exc, path)
            return None
        self.params_used |= expr.referenced_params(typed)
        return typed

    def _report(
        self, exc: expr.ExprSyntaxError | expr.ExprTypeError, path: tuple[str | int, ...]
    ) -> None:
        code = "syntax_error" if isinstance(exc, expr.ExprSyntaxError) else "type_error"
        self.ctx.error(
            code,
            exc.message,
            self.ctx.text_span(
                self.spec,
                ("then", *path[1:]) if path[0] == "then" else path,
                exc.offset,
                exc.length,
            ),
            hint=exc.hint,
        )
        self.failed = True

    def verdict(self, spec: RuleSpec, bindings: dict[str, RecordType]) -> VerdictAction:
        verdict = spec.then.verdict
        assert verdict is not None  # guaranteed by ActionSpec
        base = ("then", "verdict")
        consequence = None
        if verdict.consequence is not None:
            consequence = self.ctx.consequences.get(verdict.consequence)
            if consequence is None:
                self.ctx.error(
                    "unknown_consequence",
                    f"unknown consequence {verdict.consequence!r}",
                    self.ctx.span(spec, *base, "consequence"),
                    hint=did_you_mean(verdict.consequence, set(self.ctx.consequences)),
                )
                self.failed = True
        fine = compensation = None
        if verdict.fine is not None:
            fine = self.expression(verdict.fine, (*base, "fine"), bindings, MONEY)
        if verdict.compensation is not None:
            compensation = self.expression(
                verdict.compensation, (*base, "compensation"), bindings, MONEY
            )
        message = self.template(verdict.message, (*base, "message"), bindings)
        would_comply = None
        if verdict.would_comply is not None:
            would_comply = self.template(verdict.would_comply, (*base, "would_comply"), bindings)
        bearer = None
        if verdict.bearer != "employee":
            person = None
            if verdict.bearer.person is not None:
                person = self.expression(
                    verdict.bearer.person, (*base, "bearer", "person"), bindings, optional(TEXT)
                )
            bearer = Bearer(verdict.bearer.role, person)
        due = None
        if verdict.due is not None:
            due = self.expression(verdict.due, (*base, "due"), bindings, optional(DATE))
        return VerdictAction(
            outcome=verdict.outcome,
            bearer=bearer,
            due=due,
            bearer_stated="bearer" in verdict.model_fields_set,
            consequence=consequence,
            fine=fine,
            compensation=compensation,
            compensation_basis=verdict.compensation_basis,
            message=message,
            would_comply=would_comply,
        )

    def derive(self, spec: RuleSpec, bindings: dict[str, RecordType]) -> DeriveAction:
        derive = spec.then.derive
        assert derive is not None  # guaranteed by ActionSpec
        base = ("then", "derive")
        target = self.ctx.fact_types.get(derive.fact)
        if target is None or not target.derived:
            self.ctx.error(
                "unknown_type",
                f"{derive.fact!r} is not a derived fact type declared under 'facts'",
                self.ctx.span(spec, *base, "fact"),
                hint=did_you_mean(
                    derive.fact, {n for n, t in self.ctx.fact_types.items() if t.derived}
                ),
            )
            self.failed = True
            return DeriveAction(derive.fact, ())
        declared = dict(target.record.fields)
        fields: list[tuple[str, Any]] = []
        if "employee_id" in derive.fields:
            self.ctx.error(
                "derived_subject",
                "a derived fact's employee_id is always its rule's subject; do not set it",
                self.ctx.span(spec, *base, "fields", "employee_id", key=True),
            )
            self.failed = True
        for name, text in derive.fields.items():
            if name == "employee_id":
                continue
            if name not in declared:
                self.ctx.error(
                    "unknown_field",
                    f"fact type {derive.fact!r} has no field {name!r}",
                    self.ctx.span(spec, *base, "fields", name, key=True),
                    hint=did_you_mean(name, set(declared)),
                )
                self.failed = True
                continue
            typed = self.expression(text, (*base, "fields", name), bindings, declared[name])
            fields.append((name, typed))
        missing = set(declared) - set(derive.fields) - {"employee_id"}
        defaults = self.defaults.get(derive.fact, {})
        for name in sorted(missing & set(defaults)):
            typed = defaults[name]
            if typed is None:
                self.failed = True  # reported where the default is declared
                continue
            fields.append((name, typed))
            self.params_used |= expr.referenced_params(typed)
        missing -= set(defaults)
        if missing:
            self.ctx.error(
                "missing_field",
                f"derive {derive.fact!r} does not set {', '.join(sorted(missing))}",
                self.ctx.span(spec, *base, "fields"),
                hint="set it here, or give the field a default where the fact type is declared "
                '(e.g. {type: money, default: "0"})',
            )
            self.failed = True
        return DeriveAction(derive.fact, tuple(fields))

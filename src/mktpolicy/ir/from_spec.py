"""Stage 3: spec → IR, as an ordered list of named passes (in the manner of OPA's compiler).

Each pass reads and extends the CompileContext. Passes after a failed one still run when they can,
so one load reports as many problems as possible; nothing is returned unless every pass succeeded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from mktpolicy.diagnostics import Severity
from mktpolicy.errors import CompileError, ExpressionError
from mktpolicy.ir.context import CompileContext
from mktpolicy.ir.model import Program
from mktpolicy.ir.passes.check_types import check_types
from mktpolicy.ir.passes.collect import collect
from mktpolicy.ir.passes.lint import lint
from mktpolicy.ir.passes.resolve_clauses import resolve_clauses
from mktpolicy.ir.passes.resolve_consequences import resolve_consequences
from mktpolicy.ir.passes.resolve_overrides import resolve_overrides
from mktpolicy.ir.passes.resolve_parameters import resolve_parameters
from mktpolicy.ir.passes.resolve_types import resolve_types
from mktpolicy.ir.passes.stratify import stratify
from mktpolicy.ir.sources import RuleSources
from mktpolicy.spec.from_source import LoadedFile

Pass = Callable[[CompileContext], None]

PASSES: tuple[tuple[str, Pass], ...] = (
    ("collect", collect),
    ("resolve_clauses", resolve_clauses),  # needs collect
    ("resolve_parameters", resolve_parameters),
    ("resolve_consequences", resolve_consequences),
    ("resolve_types", resolve_types),
    ("check_types", check_types),  # needs parameters and fact types
    ("resolve_overrides", resolve_overrides),  # needs typed rules (anchors)
    ("stratify", stratify),  # must run after resolve_overrides: overrides order strata
    ("lint", lint),
)


def compile_rules(files: Sequence[LoadedFile]) -> Program:
    """Compile loaded rule files into a Program, or raise with every diagnostic found."""
    ctx = CompileContext(list(files))
    for _name, run in PASSES:
        run(ctx)
        if ctx.failed and _name in ("stratify",):
            break
    if ctx.failed:
        errors = [d for d in ctx.diagnostics if d.severity is Severity.ERROR]
        if all(d.code in ("syntax_error", "type_error") for d in errors):
            raise ExpressionError(errors)
        raise CompileError(errors)
    return Program(
        documents=dict(ctx.documents),
        clauses=dict(ctx.clauses),
        parameters=dict(ctx.parameters),
        consequences=dict(ctx.consequences),
        fact_types=dict(ctx.fact_types),
        rules=tuple(sorted(ctx.rules, key=lambda r: r.stratum)),
        strata=ctx.strata,
        fingerprint=_fingerprint(files),
        warnings=tuple(d for d in ctx.diagnostics if d.severity is Severity.WARNING),
        sources=RuleSources(files),
    )


def _fingerprint(files: Sequence[LoadedFile]) -> str:
    """A hash of the rule files' content: with the parameter values, a policy's identity
    (`Policy.fingerprint`)."""
    digest = hashlib.sha256()
    for loaded in sorted(files, key=lambda f: f.source.file):
        digest.update(loaded.spec.model_dump_json().encode())
    return digest.hexdigest()[:16]

"""Lint a compiled rulebook: the warnings `mktpolicy lint` prints, as a Python call.

>>> import mktpolicy
>>> from mktpolicy.ir import lint
>>> lint(mktpolicy.load().program)
[]

The compiler's own warnings (unused parameters, fact types no rule derives; ir/passes/lint.py)
come with the program; the analyses add rules that can never fire (ir/passes/fold.py,
reachability.py, shadowing.py). Given the rule files, warnings point at the part of the rule
at fault; without them, at the rule. `Policy.lint()` is the same for a loaded or reformed policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mktpolicy.diagnostics import Diagnostic
from mktpolicy.ir.model import Program
from mktpolicy.ir.passes.fold import constant_conditions
from mktpolicy.ir.passes.reachability import unreachable_rules
from mktpolicy.ir.passes.rule_spans import RuleSpans
from mktpolicy.ir.passes.shadowing import shadowed_rules
from mktpolicy.spec.from_source import LoadedFile

ANALYSES: tuple[Callable[[Program, RuleSpans], list[Diagnostic]], ...] = (
    constant_conditions,
    unreachable_rules,
    shadowed_rules,
)


def lint(program: Program, files: Iterable[LoadedFile] = ()) -> list[Diagnostic]:
    """Every warning about `program`, the compiler's and the analyses', sorted by place."""
    spans = RuleSpans(files)
    found = [*program.warnings, *(d for analysis in ANALYSES for d in analysis(program, spans))]
    return sorted(found, key=Diagnostic.sort_key)

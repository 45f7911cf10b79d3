"""The compiler's passes, each one function over a CompileContext (see ir.from_spec.PASSES);
and the analyses of a compiled Program (fold, reachability, shadowing: see ir.analyses).

Internal: compile with `mktpolicy.ir.compile_rules`, lint with `mktpolicy.ir.lint`.
"""

__all__: list[str] = []

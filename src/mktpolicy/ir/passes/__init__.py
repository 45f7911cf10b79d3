"""The compiler's passes, each one function over a CompileContext (see ir.from_spec.PASSES);
and the analyses of a compiled Program (fold, reachability, shadowing: see ir.analyses)."""

"""The compiler's passes, each one function over a CompileContext (see ir.from_spec.PASSES)."""

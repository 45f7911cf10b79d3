"""Stage 4: backends that run a compiled Program: `native` (default) and `durable`.

Chosen by name (`load(backend=...)`, `--backend`); nothing here is imported directly.
"""

__all__: list[str] = []

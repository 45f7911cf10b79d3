"""Stage 4: backends that run a compiled Program: `native` (default) and `durable`."""

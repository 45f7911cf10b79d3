"""The `mktpolicy` command: one module per subcommand, reporters behind one protocol.

The command line is the interface; these modules are internal.
"""

__all__: list[str] = []

"""The `mktpolicy` command: one module per subcommand, reporters behind one protocol."""

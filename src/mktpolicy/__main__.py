"""`python -m mktpolicy` runs the command line."""

from mktpolicy.cli.main import main

main()

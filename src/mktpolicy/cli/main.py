"""The `mktpolicy` command group."""

from __future__ import annotations

import contextlib
import gc
import importlib
from collections.abc import Iterator
from typing import Any

import click

# name → (module, attribute): a command's module is imported when that command runs, so that
# `mktpolicy check` does not import the audit, lint, explain and test machinery.
COMMANDS = {
    "audit": ("mktpolicy.cli.audit", "audit"),
    "check": ("mktpolicy.cli.check", "check"),
    "clauses": ("mktpolicy.cli.clauses", "clauses"),
    "events": ("mktpolicy.cli.event_types", "events"),
    "explain": ("mktpolicy.cli.explain", "explain"),
    "lint": ("mktpolicy.cli.lint", "lint"),
    "schemas": ("mktpolicy.cli.schemas", "schemas"),
    "test": ("mktpolicy.cli.policy_tests", "run_tests"),
}


_owns_the_process = False
"""Set by `main`, the script's entry point; not when `cli` is called in another's process."""


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """No garbage collection while objects that live as long as the process are made (modules,
    models, the compiled rules); in the script's own process, none of them examined again after
    (`gc.freeze`: an embedding program's objects are left alone).

    The collector would otherwise go through them some 130 times while `check --example`
    starts, about a tenth of its CPU time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _owns_the_process:
            gc.freeze()
        if enabled:
            gc.enable()


class _LazyGroup(click.Group):
    """A group whose subcommands are imported by name when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in COMMANDS:
            return found
        module, attribute = COMMANDS[cmd_name]
        with long_lived():
            command: Any = getattr(importlib.import_module(module), attribute)
        self.add_command(command, cmd_name)
        return command  # type: ignore[no-any-return]


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mktpolicy")
def cli() -> None:
    """The marketing department's regulations as executable, cited policy.

    \b
    Exit status of check, lint and test:
      0  clean
      1  policy violations (check) or failing cases (test)
      2  bad input, bad rules or bad case files: nothing was checked
    """


def main() -> None:
    """Entry point of the `mktpolicy` script."""
    global _owns_the_process  # one flag, set once per process
    _owns_the_process = True
    cli()

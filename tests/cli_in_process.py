"""The command line run in this process (click's runner): a second a run cheaper than a child."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from mktpolicy.cli.main import cli


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str) -> Result:
    """`mktpolicy ARGS...`: its exit code, stdout and stderr (an uncaught exception re-raised)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)

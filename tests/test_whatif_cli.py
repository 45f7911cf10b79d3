"""`--reform FILE` as a command would wire it (the option helper and apply_reform)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

import mktpolicy
from mktpolicy.cli.reform import apply_reform, reform_option

VISIT = {
    "type": "visit_request",
    "id": "v1",
    "employee_id": "E1",
    "requested_on": "2024-03-04",
    "customer_id": "C1",
    "refused": True,
}


@click.command()
@reform_option
def fines(reform: Path | None) -> None:
    """Print the fines of one refused visit request under the (reformed) bundled policy."""
    policy = apply_reform(mktpolicy.load(), reform)
    click.echo(json.dumps([str(v.fine) for v in policy.evaluate([VISIT]) if v.fine is not None]))


def test_without_a_reform_the_policy_is_unchanged():
    result = CliRunner().invoke(fines, [])
    assert result.exit_code == 0
    assert json.loads(result.output) == ["10"]


def test_a_reform_file_changes_the_policy(tmp_path):
    path = tmp_path / "reform.yaml"
    path.write_text("parameters:\n  fines.operation_breach: 20\n")
    result = CliRunner().invoke(fines, ["--reform", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == ["20"]


def test_a_bad_reform_exits_2_with_file_line_col(tmp_path):
    path = tmp_path / "reform.yaml"
    path.write_text("parameters:\n  fines.operation_breach: lots\n")
    result = CliRunner().invoke(fines, ["--reform", str(path)])
    assert result.exit_code == 2
    assert f"{path}:2:27: invalid_value: parameter 'fines.operation_breach'" in result.output
    assert "error: the reform has 1 problem(s)" in result.output


def test_a_missing_reform_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(fines, ["--reform", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2
    assert "does not exist" in result.output

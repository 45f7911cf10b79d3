"""docs/ci.md's recipes run as written, so they cannot rot.

The GitHub Actions job between `<!-- ci-recipe:begin -->` and `<!-- ci-recipe:end -->` is
parsed as YAML; every `run:` step but the install runs with bash (as Actions runs it), in a
directory whose `exports/` holds the bundled example events, with this environment's
`mktpolicy` first on PATH.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from mktpolicy.cli.common import example_events

from .test_cli_check import validate_sarif

DOC = Path(__file__).parent.parent / "docs" / "ci.md"


def block(marker: str) -> Any:
    """The YAML of the fenced block between a marker's begin and end comments."""
    text = DOC.read_text(encoding="utf-8")
    found = re.search(
        rf"<!-- {marker}:begin -->\s*```yaml\n(.*?)```\s*<!-- {marker}:end -->", text, re.S
    )
    assert found, f"docs/ci.md has no {marker} block"
    return yaml.safe_load(found.group(1))


def recipe_commands() -> list[str]:
    steps = block("ci-recipe")["jobs"]["mktpolicy"]["steps"]
    return [s["run"] for s in steps if "run" in s and not s["run"].startswith("pip install")]


def test_the_recipe_has_the_steps_the_issue_asks_for():
    commands = recipe_commands()
    assert commands == [
        "mktpolicy lint",
        "mktpolicy test",
        "mktpolicy check exports/*.jsonl --format sarif > results.sarif",
    ]
    steps = block("ci-recipe")["jobs"]["mktpolicy"]["steps"]
    upload = steps[-1]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"] == "always()"
    assert upload["with"]["sarif_file"] == "results.sarif"


def test_the_recipe_runs_against_the_bundled_example(tmp_path: Path):
    exports = tmp_path / "exports"
    exports.mkdir()
    shutil.copy(example_events(), exports / "example.jsonl")
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "mktpolicy").exists(), "the mktpolicy script is not installed"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    statuses = []
    for command in recipe_commands():
        result = subprocess.run(
            ["bash", "-e", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode in (0, 1), f"{command}: {result.stderr}"
        statuses.append(result.returncode)
    assert statuses == [0, 0, 1]  # the example holds violations: the check step fails the job
    document = json.loads((tmp_path / "results.sarif").read_text(encoding="utf-8"))
    validate_sarif(document)
    results = document["runs"][0]["results"]
    assert results
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"exports/example.jsonl"}


def test_the_pre_commit_hooks_are_well_formed():
    hooks = block("pre-commit-hooks")
    assert [h["id"] for h in hooks] == ["mktpolicy-lint", "mktpolicy-test"]
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert {"id", "name", "entry", "language"} <= set(hook)
    assert hooks[0]["entry"] == "mktpolicy lint"
    assert re.search(hooks[0]["files"], "rules/leaving.yaml")


def test_pre_commit_hooks_file_is_the_documented_one():
    """.pre-commit-hooks.yaml at the root holds exactly the hooks docs/ci.md shows."""
    root = Path(__file__).parent.parent
    text = (root / "docs" / "ci.md").read_text(encoding="utf-8")
    block = text.split("<!-- pre-commit-hooks:begin -->")[1].split("<!-- pre-commit-hooks:end -->")[
        0
    ]
    documented = block.split("```yaml\n")[1].split("```")[0]
    hooks = (root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert hooks.split("\n", 1)[1] == documented

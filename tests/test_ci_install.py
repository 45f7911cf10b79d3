"""The install step of docs/ci.md's recipe works as written: pip installs mktpolicy from its git
repository at a revision, and what it installs carries the rulebook and the example.

The command is run against this repository (its URL and tag swapped for a `file://` URL and
the commit checked out); the packages mktpolicy depends on are not fetched again (`--no-deps`).
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_cli_docs import block

ROOT = Path(__file__).resolve().parent.parent
URL = "https://git.example.com/marketing/mktpolicy"


def install_command() -> list[str]:
    steps = block("ci-recipe")["jobs"]["mktpolicy"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "Install mktpolicy"]
    return shlex.split(step["run"])


def test_the_recipe_installs_from_the_repository_at_a_revision():
    assert install_command() == ["pip", "install", f"mktpolicy @ git+{URL}@v0.1.0"]


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout"
)
def test_the_install_step_builds_and_installs_from_git(tmp_path: Path):
    (_, _, requirement) = install_command()
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    # `file://localhost/...`, not `file:///...`: pip before 23.3 refuses a git URL with no host.
    repository = f"file://localhost{ROOT.as_posix()}"
    local = requirement.replace(URL, repository).replace("@v0.1.0", f"@{head}")
    target = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), local],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    package = target / "mktpolicy"
    assert (package / "rules" / "leaving.yaml").is_file()
    assert (package / "examples" / "events.jsonl").is_file()
    assert (package / "py.typed").is_file()
    assert list(target.glob("mktpolicy-*.dist-info/entry_points.txt"))

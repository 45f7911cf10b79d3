"""The suite runs on two pytest-xdist workers (issue 20: under 2 minutes on 2 cores).

README's test command and .ci/run give pytest the same worker options; the test extra installs
pytest-xdist, which they need; a module that starts a Dask cluster in a module-scoped fixture is
one xdist group, so `--dist loadgroup` starts its cluster once, not once per worker.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKERS = ["-n", "2", "--dist", "loadgroup"]
CLUSTER = re.compile(r"\b(LocalCluster|local_cluster)\(")
MODULE_FIXTURE = re.compile(r'@pytest\.fixture\(scope="module"\)\ndef \w+\(')
GROUPED = re.compile(r'^pytestmark = pytest\.mark\.xdist_group\("[\w-]+"\)$', re.MULTILINE)


def pytest_arguments(command: str) -> list[str]:
    """The arguments after `pytest` in a shell command line (`a && b && pytest ...`)."""
    words = shlex.split(command)
    return words[words.index("pytest") + 1 :]


def readme_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    [line] = [line for line in text.splitlines() if "pip install -e '.[test]'" in line]
    return line


def ci_command() -> str:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    [line] = [line for line in lines if line.startswith("pytest ")]
    return line


@pytest.mark.parametrize("command", [readme_command, ci_command], ids=["README", ".ci/run"])
def test_the_test_command_runs_two_workers_grouping_by_xdist_group(command) -> None:
    arguments = pytest_arguments(command())
    assert "-n" in arguments, f"no workers: {command()}"
    position = arguments.index("-n")
    assert arguments[position : position + 4] == WORKERS


def test_the_test_extra_installs_pytest_xdist() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert [r for r in project["optional-dependencies"]["test"] if r.startswith("pytest-xdist>=")]


def cluster_modules() -> list[Path]:
    """Test modules with a module-scoped fixture that starts a Dask cluster."""
    found = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        for fixture in MODULE_FIXTURE.finditer(text):
            body = text[fixture.end() :].split("\n\n\n", 1)[0]
            if CLUSTER.search(body):
                found.append(path)
                break
    return found


def test_every_module_starting_a_dask_cluster_is_one_xdist_group() -> None:
    modules = cluster_modules()
    assert {p.name for p in modules} >= {
        "test_distributed.py",
        "test_dask_robust.py",
        "test_time_cli.py",
    }
    ungrouped = [p.name for p in modules if not GROUPED.search(p.read_text(encoding="utf-8"))]
    assert not ungrouped, f"add pytestmark = pytest.mark.xdist_group(...) to {ungrouped}"

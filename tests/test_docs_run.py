"""Every code block in README.md and docs/*.md runs as written, or says why it cannot.

Each document runs in a fresh directory, its blocks in order: `python` blocks in one namespace
(as a reader pastes them into one session), `sh` blocks with bash (`mktpolicy` is this
checkout's), `yaml` blocks must parse. An HTML comment just above a block changes that:

* `<!-- doc-test: skip REASON -->`: not runnable here, and why (a cluster, a new venv, ...);
* `<!-- doc-test: file PATH -->`: the block is written to PATH for the blocks after it;
* `<!-- doc-test: pytest PATH -->`: written to PATH and run with pytest, as a user's suite
  (outside this suite's conftest and its settings);
* `<!-- doc-test: exit N -->`: the `sh` block exits N (say 1: violations found).

A block without a language is text (output, a diagram, a rendered condition), not code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\S*)\s*$")
DIRECTIVE = re.compile(r"^<!--\s*doc-test:\s*(\S+)\s*(.*?)\s*-->$")
COMMENT = re.compile(r"^<!--.*-->$")
RUNNERS = {"python", "sh", "yaml"}


@dataclass(frozen=True)
class Block:
    doc: Path
    line: int
    lang: str
    code: str
    directive: str | None = None
    argument: str = ""

    def where(self) -> str:
        doc = self.doc.relative_to(ROOT) if self.doc.is_relative_to(ROOT) else self.doc
        return f"{doc}:{self.line}"


def blocks(doc: Path) -> list[Block]:
    """The fenced blocks of a document, each with the doc-test comment just above it."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        start = i
        i += 1
        while not lines[i].startswith("```"):
            i += 1
        directive, argument = None, ""
        above = start - 1
        while above >= 0 and COMMENT.match(lines[above].strip()):
            marked = DIRECTIVE.match(lines[above].strip())
            if marked:
                directive, argument = marked.group(1), marked.group(2)
            above -= 1
        code = "\n".join(lines[start + 1 : i]) + "\n"
        found.append(Block(doc, start + 1, fence.group(1), code, directive, argument))
        i += 1
    return found


def shell_env(workdir: Path) -> dict[str, str]:
    """This interpreter's `mktpolicy` first on PATH, the checkout importable, no display."""
    bin_dir = workdir / ".doc-bin"
    bin_dir.mkdir(exist_ok=True)
    for name, command in (("mktpolicy", "-m mktpolicy "), ("python", "")):
        wrapper = bin_dir / name
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" {command}"$@"\n')
        wrapper.chmod(0o755)
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    env["MPLBACKEND"] = "Agg"
    return env


def run_command(block: Block, workdir: Path, command: list[str], expected: int = 0) -> None:
    """Run a command for `block` in the doc's directory; it must exit `expected`."""
    done = subprocess.run(
        command,
        cwd=workdir,
        env=shell_env(workdir),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == expected, f"{block.where()}:\n{done.stdout}\n{done.stderr}"


def run_block(block: Block, workdir: Path, namespace: dict[str, object]) -> None:
    if block.directive in ("file", "pytest"):
        target = workdir / block.argument
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.code, encoding="utf-8")
        if block.directive == "pytest":
            pytest_command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
            run_command(block, workdir, [*pytest_command, block.argument])
        return
    if block.lang == "yaml":
        list(yaml.safe_load_all(block.code))
    elif block.lang == "python":
        exec(compile(block.code, block.where(), "exec"), namespace)  # the doc's own code
    elif block.lang == "sh":
        expected = int(block.argument) if block.directive == "exit" else 0
        run_command(block, workdir, ["bash", "-euo", "pipefail", "-c", block.code], expected)


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_code_block_runs_or_says_why_not(
    doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict[str, object] = {"__name__": f"doc_{doc.stem}"}
    for block in blocks(doc):
        if not block.lang:
            assert block.directive is None, f"{block.where()}: a text block needs no doc-test"
            continue
        if block.directive == "skip":
            assert len(block.argument.split()) >= 3, f"{block.where()}: say why it cannot run"
            continue
        assert block.directive in (None, "file", "pytest", "exit"), block.where()
        known = block.lang in RUNNERS or block.directive in ("file", "pytest")
        assert known, f"{block.where()}: no runner for `{block.lang}`; mark it doc-test: skip"
        run_block(block, tmp_path, namespace)


def test_the_runner_reads_directives_and_fences(tmp_path: Path):
    doc = tmp_path / "d.md"
    doc.write_text(
        "text\n<!-- doc-test: exit 1 -->\n<!-- other:begin -->\n```sh\nfalse\n```\n\n"
        "```\nplain\n```\n",
        encoding="utf-8",
    )
    first, second = blocks(doc)
    assert (first.lang, first.directive, first.argument) == ("sh", "exit", "1")
    assert first.code == "false\n"
    assert (second.lang, second.directive, second.code) == ("", None, "plain\n")
    run_block(first, tmp_path, {})
    with pytest.raises(AssertionError):
        run_block(Block(doc, 1, "sh", "false\n"), tmp_path, {})


def test_docs_rules_md_names_every_function_of_the_condition_language():
    from mktpolicy.expr.functions import FUNCTIONS

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    missing = [name for name in FUNCTIONS if f"`{name}(" not in text and f" {name}(" not in text]
    assert not missing, f"docs/rules.md does not describe {missing}"

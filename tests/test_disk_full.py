"""A disk that fills up ends `check` with exit 2 and a message, never a traceback or a report
that is cut short but looks whole.

Before: OSError (ENOSPC) tracebacks with exit 1, from the --stream spill and from writing the
report, and a report cut where the disk filled. Real full disks here: /dev/full, and a small
tmpfs mounted for the test (skipped where mounting is not permitted); the spill's later stage
is made to fail with a patched write.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mktpolicy.cli.spilled_verdicts import VerdictSpill
from mktpolicy.population import generate

from .cli_in_process import invoke

EXE = [sys.executable, "-m", "mktpolicy"]


def run(*args: str, stdout: object = subprocess.PIPE, tmpdir: Path | None = None):
    env = dict(os.environ)
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return subprocess.run(
        [*EXE, *args], stdout=stdout, stderr=subprocess.PIPE, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 370 KB of events: more than the small disk holds, spilled or reported."""
    path = tmp_path_factory.mktemp("events") / "events.jsonl"
    path.write_text("".join(e.model_dump_json() + "\n" for e in generate(employees=20, seed=3)))
    assert path.stat().st_size > 300_000
    return path


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs, mounted for this test only."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def assert_clean_failure(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_report_to_dev_full_exits_2(fmt: str) -> None:
    with open("/dev/full", "w") as full:
        result = run("check", "--example", "--format", fmt, stdout=full)
    assert_clean_failure(result, "cannot write the report (No space left on device)")


def test_output_to_a_full_disk_leaves_the_old_report(events: Path, small_disk: Path) -> None:
    target = small_disk / "report.json"
    target.write_text("the old report\n")
    result = run("check", str(events), "--format", "json", "--output", str(target))
    assert_clean_failure(result, f"{target} is not written")
    assert target.read_text() == "the old report\n"
    assert sorted(p.name for p in small_disk.iterdir()) == ["report.json"]  # no temporary left


def test_output_is_written_whole(events: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = run("check", str(events), "--format", "json", "--output", str(target))
    assert result.returncode == 1, result.stderr
    assert target.read_text() == run("check", str(events), "--format", "json").stdout
    assert target.stat().st_mode & 0o777 == 0o666 & ~current_umask()


def current_umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def test_stdout_on_a_full_disk_is_cut_back_to_where_the_report_began(
    events: Path, small_disk: Path
) -> None:
    target = small_disk / "report.txt"
    target.write_text("earlier output\n")
    with target.open("a") as stdout:
        result = run("check", str(events), "--format", "json", stdout=stdout)
    assert_clean_failure(result, "nothing of it is kept")
    assert target.read_text() == "earlier output\n"


def test_a_spill_that_does_not_fit_exits_2(events: Path, small_disk: Path) -> None:
    result = run("check", str(events), "--stream", tmpdir=small_disk)
    assert_clean_failure(result, "cannot spill the events to")
    assert "No space left on device" in result.stderr
    assert "nothing was checked" in result.stderr


def test_a_verdict_spill_that_does_not_fit_exits_2(
    events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: VerdictSpill) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(VerdictSpill, "flush", full)
    result = invoke("check", str(events), "--stream")
    assert result.returncode == 2
    assert "cannot spill the events to" in result.stderr
    assert "No space left on device" in result.stderr
    assert result.stdout == ""

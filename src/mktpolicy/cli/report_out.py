"""Where a report goes: stdout or `--output FILE`, and never half of it looking whole.

A report that cannot be written in full (disk full, a closed pipe) ends the command with exit 2
and says so on stderr. `--output FILE` is written to a temporary file beside FILE and renamed
over it once complete, so FILE is the old report or the whole new one. On stdout, when stdout
is a regular file (`> report.json`), what this report wrote is cut off again; a pipe or a
device cannot take bytes back, so stderr and the exit status are what tell.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import click

from mktpolicy.cli.common import EXIT_BAD_INPUT


@contextlib.contextmanager
def report_writer(output: Path | None) -> Iterator[Callable[[str], None]]:
    """A function that writes the report's text; exit 2 if any of it cannot be written."""
    if output is not None:
        with _to_file(output) as write:
            yield write
        return
    with _to_stdout() as write:
        yield write


@contextlib.contextmanager
def _to_file(output: Path) -> Iterator[Callable[[str], None]]:
    directory = output.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=directory)
    except OSError as exc:
        _exit_unwritten(exc, f"cannot write {output}")
    try:
        with open(handle, "w", encoding="utf-8", newline="") as stream:

            def write(text: str) -> None:
                stream.write(text)

            yield write
            stream.flush()
            os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), _created_mode())  # mkstemp's is 0600
        os.replace(temporary, output)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        _exit_unwritten(exc, f"{output} is not written")
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _created_mode() -> int:
    """The mode `open(path, "w")` would give a new file: 0666 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def _to_stdout() -> Iterator[Callable[[str], None]]:
    start = _offset_in_stdout()
    try:
        yield lambda text: click.echo(text, nl=False)
        sys.stdout.flush()
    except OSError as exc:
        kept = "nothing of it is kept" if start is not None and _cut(start) else "it is cut short"
        _drop_stdout()
        _exit_unwritten(exc, f"the report is incomplete: {kept}")


def _offset_in_stdout() -> int | None:
    """Where this report starts in stdout, when stdout is a regular file (it can be cut)."""
    try:
        sys.stdout.flush()
        fd = sys.stdout.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.lseek(fd, 0, os.SEEK_CUR)
    except (OSError, ValueError):  # no file descriptor (a test runner's buffer)
        return None


def _cut(start: int) -> bool:
    try:
        os.ftruncate(sys.stdout.fileno(), start)
    except (OSError, ValueError):
        return False
    return True


def _drop_stdout() -> None:
    """Point stdout at /dev/null: what is left in its buffer must not be flushed at exit (it
    would fail again, and Python would turn exit 2 into 120)."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def _exit_unwritten(exc: OSError, what: str) -> NoReturn:
    reason = exc.strerror or str(exc)
    click.echo(f"error: cannot write the report ({reason}); {what}", err=True)
    sys.exit(EXIT_BAD_INPUT)

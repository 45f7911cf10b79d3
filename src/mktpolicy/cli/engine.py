"""`check --engine dask`: the same check, with the files read and evaluated by Dask workers.

For files too large for one process. `--workers N` starts a local cluster of N worker
processes; `--scheduler ADDRESS` uses a running cluster instead (the files must then be where
its workers can read them). The verdicts, exit codes and every report format are those of the
single-process engine: the workers send back the verdicts, where the events they rest on were
read, and one event per employee and type (what a JUnit report lists applicable rules from),
so the events themselves never gather in this process.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from mktpolicy.cli.common import exit_bad_input
from mktpolicy.cli.inputs import Inputs, Origin, artifact_uri, read_csv, read_json_array
from mktpolicy.errors import EventError, PolicyError
from mktpolicy.events.base import Event
from mktpolicy.policy import Policy
from mktpolicy.verdicts.model import Verdict

ENGINES = ("single", "dask")

F = TypeVar("F", bound=Callable[..., Any])


def engine_options(function: F) -> F:
    """`--engine`, `--workers` and `--scheduler`, passed as `engine`, `workers`, `scheduler`."""
    function = click.option(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="With --engine dask: a running Dask scheduler (tcp://host:8786) instead of a "
        "local cluster.",
    )(function)
    function = click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=2,
        show_default=True,
        help="With --engine dask: worker processes of the local cluster.",
    )(function)
    return click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default="single",
        show_default=True,
        help="single: this process; dask: Dask workers (pip install 'mktpolicy[dask]').",
    )(function)


def check_on_dask(
    policy: Policy, paths: list[Path | None], workers: int, scheduler: str | None
) -> tuple[list[Verdict], Inputs, int]:
    """The verdicts, what the reporters need of the inputs, and how many events were read; or
    exit 2 as the single-process check does (bad input, bad ids, a rule that failed)."""
    if any(path is None for path in paths):
        raise click.UsageError("--engine dask reads files; it cannot read stdin ('-')")
    files = [path for path in paths if path is not None]
    try:
        from mktpolicy.distributed import require_dask, verdicts_dask

        require_dask()
        with _client(workers, scheduler) as client:
            run = verdicts_dask(policy, files, client=client, reader=read_file)
    except PolicyError as exc:
        exit_bad_input(exc)
    uris = [artifact_uri(path) for path in files]
    by_index = [(uri, source.display) for uri, source in zip(uris, run.sources, strict=True)]

    def origin(place: tuple[int, int]) -> Origin:
        uri, display = by_index[place[0]]
        return Origin(uri, display, place[1])

    # Like a streamed check's: the events stay on the workers, their count and types come back.
    inputs = Inputs(
        events=(),
        by_ref={ref: origin(place) for ref, place in run.by_ref.items()},
        artifacts=tuple(uris),
        streamed=(run.events, run.employee_types),
    )
    return run.verdicts, inputs, run.events


@contextlib.contextmanager
def _client(workers: int, scheduler: str | None) -> Iterator[Any]:
    from distributed import Client

    from mktpolicy.distributed.cluster import local_cluster

    # The shuffle logs its progress as warnings; the check's own output is what matters here.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    with local_cluster(workers) as cluster, Client(cluster) as client:
        yield client


def read_file(path: Path, display: str) -> Iterable[tuple[int, str | Event]]:
    """One file as `check` reads it: CSV by its suffix, a JSON array by its first character,
    else JSON lines; unreadable files fail as they do in one process."""
    try:
        if path.suffix.lower() == ".csv":
            return list(read_csv(_text(path), display))
        with path.open(encoding="utf-8-sig") as stream:
            head = stream.read(4096).lstrip()
        if head.startswith("["):
            return list(read_json_array(_text(path), display))
        from mktpolicy.distributed import json_lines

        return list(json_lines(path, display))
    except UnicodeDecodeError:
        raise EventError(f"{display}: not UTF-8 text") from None
    except OSError as exc:
        raise EventError(f"{display}: cannot read: {exc.strerror or exc}") from None


def _text(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return stream.read()

"""The Dask engine gives exactly the single-process verdicts, on a local cluster of 2 workers.

The population is spread over several files so that every employee's history is split across
them: the shuffle by employee, not the files, is what brings a history together.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import mktpolicy
from mktpolicy import population, whatif
from mktpolicy.cli.main import cli
from mktpolicy.errors import BackendError, DuplicateEventError, EventError
from mktpolicy.events.base import Event

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from mktpolicy.distributed import evaluate_dask, verdicts_dask  # noqa: E402
from mktpolicy.distributed.cluster import local_cluster  # noqa: E402

FILES = 4
SORT = ["employee", "date", "rule", "events"]

# One xdist worker runs this module's tests (pytest -n 2 --dist loadgroup): its cluster starts once.
pytestmark = pytest.mark.xdist_group("dask-distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with local_cluster(2) as cluster, distributed.Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return population.generate(employees=30, seed=11)


def write(directory: Path, lines: list[str], files: int = FILES) -> list[Path]:
    """Round-robin over `files` files: consecutive events of one employee land in different
    files."""
    paths = []
    for k in range(files):
        path = directory / f"events-{k}.jsonl"
        path.write_text("".join(line + "\n" for line in lines[k::files]), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, events: list[Event]) -> Path:
    directory = tmp_path_factory.mktemp("events")
    lines = [event.model_dump_json(exclude_none=True) for event in events]
    lines.append(lines[7])  # an identical re-delivery, in another file than the first copy
    write(directory, lines)
    return directory


def test_every_employee_is_split_across_files(files: Path) -> None:
    seen: dict[str, set[str]] = {}
    for path in files.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            seen.setdefault(json.loads(line)["employee_id"], set()).add(path.name)
    assert len(seen) == 30
    assert all(len(names) > 1 for names in seen.values())


def test_the_frame_equals_the_single_process_frame(
    client: distributed.Client, files: Path, events: list[Event]
) -> None:
    policy = mktpolicy.load()
    expected = whatif.frame(policy.evaluate(events))
    lazy = evaluate_dask(policy, str(files / "*.jsonl"), npartitions=3)
    assert lazy.npartitions == 3
    got = lazy.compute().sort_values(SORT, kind="stable").reset_index(drop=True)
    assert len(expected) > 100
    assert list(got.dtypes) == list(expected.dtypes)
    assert got.equals(expected)
    assert list(got["fine_exact"]) == list(expected["fine_exact"])  # the exact Decimals


def test_the_verdicts_equal_the_single_process_verdicts(
    client: distributed.Client, files: Path, events: list[Event]
) -> None:
    policy = mktpolicy.load()
    run = verdicts_dask(policy, sorted(files.glob("*.jsonl")), client=client)
    assert run.verdicts == policy.evaluate(events)
    assert run.events == len(events) + 1  # the re-delivery is read, then dropped


def test_changed_parameters_and_rules_travel_to_the_workers(
    client: distributed.Client, files: Path, events: list[Event]
) -> None:
    base = mktpolicy.load()
    for changed in (
        base.with_parameters({"fines.operation_breach": 37}),
        whatif.policy_with(base, {"fines.serious_breach": 90}, disable=["meal-without-slip"]),
    ):
        expected = changed.evaluate(events)
        assert expected != base.evaluate(events)
        assert verdicts_dask(changed, str(files / "*.jsonl"), client=client).verdicts == expected


def test_a_bad_event_raises_the_event_error_with_its_file_and_line(
    client: distributed.Client, tmp_path: Path, events: list[Event]
) -> None:
    lines = [event.model_dump_json() for event in events[:200]]
    bad = json.loads(lines[101])
    bad["employee_id"] = ""
    lines[101] = json.dumps(bad)
    paths = write(tmp_path, lines)
    with pytest.raises(EventError) as expected:
        mktpolicy.load().evaluate([lines[101]])
    with pytest.raises(EventError) as raised:
        evaluate_dask(None, paths).compute()
    assert raised.value.source == str(paths[101 % FILES])
    assert raised.value.line == 101 // FILES + 1
    assert str(raised.value).endswith(str(expected.value).split(": ", 1)[1])


def test_an_id_shared_by_two_employees_is_rejected_as_in_one_process(
    client: distributed.Client, tmp_path: Path, events: list[Event]
) -> None:
    first = events[0]
    other = next(e for e in events if e.employee_id != first.employee_id)
    clash = other.model_copy(update={"id": first.id})
    batch = [*events[:300], clash]
    paths = write(tmp_path, [e.model_dump_json() for e in batch], files=2)
    with pytest.raises(DuplicateEventError) as expected:
        mktpolicy.load().evaluate(batch)
    with pytest.raises(DuplicateEventError) as raised:
        verdicts_dask(None, paths, client=client)
    assert str(raised.value) == str(expected.value)


def test_a_policy_that_cannot_travel_is_refused_before_anything_runs(files: Path) -> None:
    pytest.importorskip("durable")
    with pytest.raises(BackendError, match="backend='native'"):
        evaluate_dask(mktpolicy.load(backend="durable"), str(files / "*.jsonl"))


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "html"])
def test_check_on_dask_reports_what_the_single_process_check_reports(
    client: distributed.Client, files: Path, fmt: str
) -> None:
    paths = [str(p) for p in sorted(files.glob("*.jsonl"))]
    runner = CliRunner()
    single = runner.invoke(cli, ["check", *paths, "--format", fmt])
    address = client.scheduler.address
    dask = runner.invoke(
        cli, ["check", *paths, "--format", fmt, "--engine", "dask", "--scheduler", address]
    )
    assert single.exit_code == 1
    assert (dask.exit_code, dask.output) == (single.exit_code, single.output)


def test_check_on_dask_exits_2_naming_the_bad_line(
    client: distributed.Client, tmp_path: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"type": "resignation", "employee_id": "E1"}\n', encoding="utf-8")
    runner = CliRunner()
    single = runner.invoke(cli, ["check", str(path)])
    address = client.scheduler.address
    dask = runner.invoke(cli, ["check", str(path), "--engine", "dask", "--scheduler", address])
    assert single.exit_code == 2
    assert (dask.exit_code, dask.output) == (single.exit_code, single.output)
    assert f"{path}:1:" in dask.output


def test_of_several_shared_ids_the_first_in_read_order_is_reported_by_both_paths(
    client: distributed.Client, tmp_path: Path, events: list[Event]
) -> None:
    """Clashes found in different id buckets (by the evaluating tasks for `verdicts_dask`, by
    the gate for `evaluate_dask`): the one a single process meets first is the one raised."""
    batch = list(events[:300])
    for position, victim in ((40, events[0]), (250, events[5])):
        other = next(e for e in events if e.employee_id != victim.employee_id)
        batch.insert(position, other.model_copy(update={"id": victim.id}))
    paths = write(tmp_path, [e.model_dump_json() for e in batch], files=3)
    with pytest.raises(DuplicateEventError) as expected:
        mktpolicy.load().evaluate(batch)
    with pytest.raises(DuplicateEventError) as gathered:
        verdicts_dask(None, paths, client=client, npartitions=5)
    with pytest.raises(DuplicateEventError) as framed:
        evaluate_dask(None, paths, npartitions=5).compute()
    assert str(gathered.value) == str(framed.value) == str(expected.value)

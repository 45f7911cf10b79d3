"""One policy, one name: a Policy keeps its rule files, a change made with `with_parameters` or a
reform file is one identity, and every output (audit log, JSON, SARIF, JUnit, HTML) names the
policy by `Policy.version`."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest

import mktpolicy
from mktpolicy import whatif
from mktpolicy.calendar_file import load_calendar
from mktpolicy.identity import identity
from mktpolicy.ir import cache, compile_rules
from mktpolicy.policy import Policy, bundled_rules
from mktpolicy.source.files import rule_files
from mktpolicy.spec import load_directory
from mktpolicy.whatif import ReformError

from .cli_in_process import invoke
from .test_time_calendar import MADE_UP_2027

EXAMPLES = Path(mktpolicy.__file__).parent / "examples" / "events.jsonl"
DEARER = "title: dearer\nparameters:\n  fines.operation_breach: 20\n"
DATED = "parameters:\n  fines.serious_breach: {2000-01-01: 50, 2024-07-01: 80}\n"


def names(policy: Policy) -> tuple[str, str]:
    return policy.fingerprint, policy.version


# -- one identity, two ways ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (DEARER, {"fines.operation_breach": 20}),
        (DATED, {"fines.serious_breach": {"2000-01-01": 50, "2024-07-01": 80}}),
    ],
)
def test_with_parameters_and_a_reform_file_give_one_identity(text: str, values: dict) -> None:
    base = mktpolicy.load()
    by_code = base.with_parameters(values)
    by_file = whatif.parse_reform(text).apply(base)
    by_call = whatif.policy_with(base, values)
    assert names(by_code) == names(by_file) == names(by_call)
    assert by_code.fingerprint != base.fingerprint


def test_the_identity_is_the_same_whatever_the_order_of_the_changes() -> None:
    base = mktpolicy.load()
    one = base.with_parameters({"fines.operation_breach": 20}).with_parameters(
        {"fines.serious_breach": 80}
    )
    other = whatif.parse_reform("parameters:\n  fines.serious_breach: 80\n").apply(
        whatif.parse_reform(DEARER).apply(base)
    )
    assert names(one) == names(other)
    # Back to the values the files give: the policy the files are.
    undone = one.with_parameters(
        {
            k: dict(base.parameters[k].values)
            for k in ("fines.operation_breach", "fines.serious_breach")
        }
    )
    assert names(undone) == names(base)


def test_a_calendar_file_is_in_the_version_the_same_way_on_both_paths() -> None:
    base = mktpolicy.load(calendar=MADE_UP_2027)
    by_code = base.with_parameters({"fines.operation_breach": 20})
    by_file = whatif.parse_reform(DEARER).apply(base)
    assert names(by_code) == names(by_file)
    assert by_code.version != by_code.fingerprint  # the calendar is hashed into the version
    assert (
        by_code.fingerprint
        == mktpolicy.load().with_parameters({"fines.operation_breach": 20}).fingerprint
    )


def test_the_identity_is_the_documented_function_of_files_and_parameter_values() -> None:
    policy = mktpolicy.load().with_parameters({"fines.operation_breach": 20})
    digest = hashlib.sha256(policy.program.fingerprint.encode())
    for ident in sorted(policy.parameters):
        values = [(str(d), str(v)) for d, v in policy.parameters[ident].values]
        digest.update(f"\n{ident}={values}".encode())
    assert policy.fingerprint == digest.hexdigest()[:16] == policy.version
    labelled = policy.with_calendar(load_calendar(MADE_UP_2027))
    label = labelled.calendar.file_label
    assert label is not None
    digest.update(f"\ncalendar={label}".encode())
    assert labelled.version == digest.hexdigest()[:16]
    assert identity(policy.program.fingerprint, policy.parameters) == policy.fingerprint


def test_a_rule_change_is_a_new_identity_and_parameters_carry_over() -> None:
    base = mktpolicy.load()
    dearer = base.with_parameters({"fines.operation_breach": 20})
    both = whatif.policy_with(dearer, disable=["meal-without-slip"])
    assert both.fingerprint not in (base.fingerprint, dearer.fingerprint)
    # The same two changes the other way round: one policy.
    other = whatif.policy_with(base, disable=["meal-without-slip"]).with_parameters(
        {"fines.operation_breach": 20}
    )
    assert names(other) == names(both)


# -- the policy keeps its rule files ------------------------------------------------------------


def test_a_rulebook_from_a_directory_reforms_without_being_told_where_it_was(
    tmp_path: Path,
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(bundled_rules(), rules, ignore=shutil.ignore_patterns("tests"))
    conduct = rules / "conduct.yaml"
    conduct.write_text(conduct.read_text().replace("title: ", "title: (local) ", 1))
    loaded = mktpolicy.load(rules)
    shutil.rmtree(rules)  # what it was compiled from is kept in the policy, not re-read
    reformed = whatif.policy_with(loaded, disable=["meal-without-slip"])
    assert "meal-without-slip" not in {r.id for r in reformed.rules}
    again = whatif.policy_with(reformed, disable=["meal-not-approved"])
    assert not {"meal-without-slip", "meal-not-approved"} & {r.id for r in again.rules}
    kept = {f.source.file: f.spec.model_dump_json() for f in reformed.sources()}
    assert "(local) " in kept[str(conduct)]
    assert [f.source.file for f in loaded.sources()] == [
        str(rules / p.relative_to(bundled_rules()))
        for p in rule_files(bundled_rules())
        if "tests" not in p.parts
    ]


def test_an_error_in_a_rule_added_to_a_cached_policy_points_into_the_reform_file(
    tmp_path: Path,
) -> None:
    cache.write(tmp_path, "k", mktpolicy.load().program)
    program = cache.read(tmp_path, "k")
    assert program is not None
    reform = whatif.parse_reform(
        "rules:\n"
        "  add:\n"
        "    - id: meal-somewhere-else\n"
        "      title: Nothing\n"
        '      cites: ["999.P9.9"]\n'
        "      when: [{fact: ClientMeal, as: meal}]\n"
        '      then: {verdict: {outcome: info, message: "x"}}\n',
        "reform.yaml",
    )
    with pytest.raises(mktpolicy.PolicyError) as caught:
        reform.apply(Policy(program))
    assert "reform.yaml:5:" in str(caught.value)


def test_the_rules_keyword_is_gone() -> None:
    with pytest.raises(TypeError):
        whatif.policy_with(mktpolicy.load(), disable=["meal-without-slip"], rules="x")  # type: ignore[call-arg]


def test_a_program_built_without_its_files_says_why_it_cannot_be_reformed() -> None:
    bare = Policy(replace(mktpolicy.load().program, sources=None))
    with pytest.raises(ReformError, match="unknown_rulebook"):
        whatif.policy_with(bare, disable=["meal-without-slip"])
    with pytest.raises(mktpolicy.PolicyError, match="without its rule files"):
        bare.sources()
    assert whatif.policy_with(bare, {"fines.operation_breach": 20}).fingerprint  # parameters do


# -- through the compiled cache and pickles ----------------------------------------------------


def test_a_cached_program_reforms_as_the_compiled_one_does(tmp_path: Path) -> None:
    root = bundled_rules()
    compiled = mktpolicy.load()
    cache.write(tmp_path, "k", compiled.program)
    from_cache = cache.read(tmp_path, "k")
    assert from_cache is not None
    assert from_cache.sources is not None
    policy = Policy(from_cache)
    assert names(policy) == names(compiled)
    direct = whatif.policy_with(
        compiled, {"fines.serious_breach": 80}, disable=["meal-without-slip"]
    )
    cached = whatif.policy_with(policy, {"fines.serious_breach": 80}, disable=["meal-without-slip"])
    assert names(cached) == names(direct)
    # The files came back from the cache's texts: same specs, same spans.
    original = load_directory(root, "mktpolicy/rules")
    again = policy.sources()
    assert [f.spec for f in again] == [f.spec for f in original]
    assert [f.source.spans for f in again] == [f.source.spans for f in original]


def test_the_cache_keeps_texts_not_parsed_files(tmp_path: Path) -> None:
    program = mktpolicy.load().program
    with_files = len(pickle.dumps(load_directory(bundled_rules(), "mktpolicy/rules")))
    cache.write(tmp_path, "k", program)
    stored = (tmp_path / "k.program.pickle").stat().st_size
    cache.write(tmp_path, "bare", replace(program, sources=None))
    without = (tmp_path / "bare.program.pickle").stat().st_size
    assert stored - without < with_files / 5  # the texts, compressed, not specs and spans


def test_a_pickled_reformed_policy_reforms_again_in_another_process(tmp_path: Path) -> None:
    cloudpickle = pytest.importorskip("cloudpickle")  # how Dask ships a policy to its workers
    base = mktpolicy.load()
    reformed = whatif.parse_reform(DEARER).apply(
        whatif.policy_with(base, disable=["meal-without-slip"])
    )
    shipped = tmp_path / "policy.pickle"
    shipped.write_bytes(cloudpickle.dumps(reformed))
    expected = whatif.policy_with(reformed, disable=["meal-not-approved"])
    worker = (
        "import pickle, sys\n"
        "from mktpolicy import whatif\n"
        "policy = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "further = whatif.policy_with(policy, disable=['meal-not-approved'])\n"
        "print(policy.version, further.version, len(further.rules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", worker, str(shipped)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [reformed.version, expected.version, str(len(expected.rules))]


def test_threads_sharing_an_unpickled_policy_share_one_parse(tmp_path: Path) -> None:
    cache.write(tmp_path, "k", mktpolicy.load().program)
    program = cache.read(tmp_path, "k")
    assert program is not None
    policy = Policy(program)
    found: list[object] = []
    threads = [threading.Thread(target=lambda: found.append(policy.sources())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 4
    assert all(files is found[0] for files in found)


def test_a_program_compiled_from_files_in_hand_keeps_them() -> None:
    files = load_directory(bundled_rules(), "mktpolicy/rules")
    policy = Policy(compile_rules(files))
    assert list(policy.sources()) == files
    assert names(policy) == names(mktpolicy.load())


# -- one name in every output --------------------------------------------------------------------


def test_the_audit_log_and_every_report_name_the_policy_alike(tmp_path: Path) -> None:
    reform = tmp_path / "reform.yaml"
    reform.write_text(DEARER)
    log = tmp_path / "audit.jsonl"
    expected = mktpolicy.load().with_parameters({"fines.operation_breach": 20}).version
    common = [str(EXAMPLES), "--reform", str(reform), "--as-of", "2025-01-01"]
    result = invoke("check", *common, "--format", "json", "--audit-log", str(log))
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["policy"] == expected
    logged = {json.loads(line)["policy"] for line in log.read_text().splitlines()}
    assert logged == {expected}
    sarif = json.loads(invoke("check", *common, "--format", "sarif").stdout)
    assert sarif["runs"][0]["properties"]["policy"] == expected
    junit = ElementTree.fromstring(invoke("check", *common, "--format", "junit").stdout)
    assert {p.get("value") for p in junit.iter("property") if p.get("name") == "policy"} == {
        expected
    }
    assert expected in invoke("check", *common, "--format", "html").stdout
    # verify knows the log by the same name, whichever way the change is given again.
    verified = invoke("audit", "verify", str(log), "--reform", str(reform))
    assert verified.returncode == 0, verified.stdout + verified.stderr

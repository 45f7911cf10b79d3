"""The compiled-rulebook cache: same answers, any change is a miss, only safe files are read."""

from __future__ import annotations

import enum
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mktpolicy
from mktpolicy.ir import cache, compile_rules
from mktpolicy.policy import bundled_rules
from mktpolicy.source.files import rule_files
from mktpolicy.spec import load_directory

EXAMPLES = Path(mktpolicy.__file__).parent / "examples" / "events.jsonl"

needs_posix = pytest.mark.skipif(
    not hasattr(os, "getuid"), reason="the cache is off where owners cannot be checked"
)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("MKTPOLICY_CACHE_DIR", str(directory))
    monkeypatch.delenv("MKTPOLICY_CACHE", raising=False)
    return directory


@pytest.fixture
def rulebook(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules(), root, ignore=shutil.ignore_patterns("tests"))
    return root


class Counting:
    """A compile function that counts how often it really compiled."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.calls = 0

    def __call__(self) -> mktpolicy.ir.Program:
        self.calls += 1
        return compile_rules(load_directory(self.root))


def cached(root: Path, compile: Counting) -> mktpolicy.ir.Program:
    return cache.compile_cached(rule_files(root), root, None, compile)


def verdicts(policy: mktpolicy.Policy) -> list[dict[str, object]]:
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return [v.model_dump(mode="json") for v in policy.evaluate(lines)]


@needs_posix
def test_a_cached_program_gives_the_same_verdicts(cache_dir: Path, rulebook: Path):
    compile = Counting(rulebook)
    first = cached(rulebook, compile)
    second = cached(rulebook, compile)
    assert compile.calls == 1
    assert second is not first
    assert second.fingerprint == first.fingerprint
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    assert verdicts(mktpolicy.Policy(second)) == verdicts(mktpolicy.Policy(first))
    assert len(list(cache_dir.iterdir())) == 1


@needs_posix
def test_any_change_to_a_rule_file_is_a_miss(cache_dir: Path, rulebook: Path):
    compile = Counting(rulebook)
    before = cached(rulebook, compile)
    parameters = rulebook / "parameters.yaml"
    parameters.write_text(
        parameters.read_text(encoding="utf-8").replace("2000-01-01: 10", "2000-01-01: 20", 1),
        encoding="utf-8",
    )
    after = cached(rulebook, compile)
    assert compile.calls == 2
    assert before.parameters["fines.operation_breach"].values[0][1] == 10
    assert after.parameters["fines.operation_breach"].values[0][1] == 20


@needs_posix
def test_a_rulebook_with_errors_is_never_cached(cache_dir: Path, rulebook: Path):
    (rulebook / "broken.yaml").write_text("rules: [", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(mktpolicy.RuleError):
            mktpolicy.load(rulebook)
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


@needs_posix
@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_directory_others_can_write_is_never_read(cache_dir: Path, rulebook: Path, mode: int):
    compile = Counting(rulebook)
    cached(rulebook, compile)
    cache_dir.chmod(mode)
    cached(rulebook, compile)
    assert compile.calls == 2


@needs_posix
def test_a_cache_file_others_can_write_is_never_read(cache_dir: Path, rulebook: Path):
    compile = Counting(rulebook)
    cached(rulebook, compile)
    (entry,) = cache_dir.iterdir()
    entry.chmod(0o666)
    cached(rulebook, compile)
    assert compile.calls == 2


@needs_posix
def test_a_symlinked_cache_file_is_never_followed(cache_dir: Path, rulebook: Path, tmp_path: Path):
    compile = Counting(rulebook)
    cached(rulebook, compile)
    (entry,) = cache_dir.iterdir()
    elsewhere = tmp_path / "elsewhere.pickle"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    cached(rulebook, compile)
    assert compile.calls == 2


@needs_posix
def test_a_pickle_naming_anything_outside_mktpolicy_is_refused(
    cache_dir: Path, rulebook: Path, tmp_path: Path
):
    compile = Counting(rulebook)
    cached(rulebook, compile)
    (entry,) = cache_dir.iterdir()
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str, str]]:
            return (open, (str(marker), "w"))

    entry.write_bytes(pickle.dumps(Evil()))
    entry.chmod(0o600)
    program = cached(rulebook, compile)
    assert compile.calls == 2
    assert not marker.exists()
    assert program.rules


@needs_posix
def test_a_program_caches_on_pythons_that_reduce_an_enum_member_to_getattr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Python 3.11.2 pickles an Enum member as getattr(cls, name), a call the unpickler refuses:
    # on such a Python (CI's) every cached program was silently a miss.
    def by_name(member: enum.Enum, _protocol: int) -> tuple[object, tuple[object, str]]:
        return (getattr, (type(member), member.name))

    monkeypatch.setattr(enum.Enum, "__reduce_ex__", by_name)
    program = mktpolicy.load().program
    cache.write(tmp_path, "k", program)
    read = cache.read(tmp_path, "k")
    assert read is not None
    assert dict(read.clauses) == dict(program.clauses)  # their kinds are enum members


@needs_posix
def test_a_damaged_cache_file_is_a_miss(cache_dir: Path, rulebook: Path):
    compile = Counting(rulebook)
    cached(rulebook, compile)
    (entry,) = cache_dir.iterdir()
    entry.write_bytes(entry.read_bytes()[:1000])
    assert cached(rulebook, compile).rules
    assert compile.calls == 2


def test_the_cache_can_be_turned_off(cache_dir: Path, rulebook: Path, monkeypatch):
    monkeypatch.setenv("MKTPOLICY_CACHE", "off")
    compile = Counting(rulebook)
    cached(rulebook, compile)
    cached(rulebook, compile)
    assert compile.calls == 2
    assert not cache_dir.exists()


@needs_posix
def test_only_the_newest_entries_are_kept(cache_dir: Path, rulebook: Path, monkeypatch):
    program = compile_rules(load_directory(rulebook))
    monkeypatch.setattr(cache, "KEEP", 3)
    for index in range(5):
        cache.write(cache_dir, f"{index:064x}", program)
        os.utime(cache_dir / f"{index:064x}.program.pickle", ns=(index * 10**9, index * 10**9))
    cache.write(cache_dir, "f" * 64, program)
    assert len(list(cache_dir.iterdir())) == 3


@needs_posix
def test_a_warm_cache_loads_without_yaml_or_the_compiler(cache_dir: Path):
    script = (
        "import sys, mktpolicy; mktpolicy.load();"
        "print(sorted(m for m in ('yaml', 'mktpolicy.ir.from_spec', 'mktpolicy.spec.models')"
        " if m in sys.modules))"
    )
    env = {**os.environ, "MKTPOLICY_CACHE_DIR": str(cache_dir)}
    cold = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    warm = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert cold.stdout.strip() == "['mktpolicy.ir.from_spec', 'mktpolicy.spec.models', 'yaml']"
    assert warm.stdout.strip() == "[]", warm.stderr


def test_no_home_directory_means_no_cache_not_a_failure(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("MKTPOLICY_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert cache.cache_dir() is None

"""Start-up without timing: what `mktpolicy check` imports and builds, and one list of models.

A pre-commit hook pays for every module imported and every pydantic validator built. These tests
name what must not be paid for, so that a stray top-level import fails here, not in a benchmark:
heavy dependencies, event modules and verdict validators `check` does not need (issue 20).
"""

from __future__ import annotations

import ast
import gc
import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

import mktpolicy
import mktpolicy.events
from mktpolicy.cli.main import cli, long_lived
from mktpolicy.deferred import DeferredModel
from mktpolicy.errors import EventError
from mktpolicy.events import registry
from mktpolicy.events.base import Event
from mktpolicy.events.reader import describe_validation, to_event
from mktpolicy.schemas import generated_schemas

SOURCE = str(Path(mktpolicy.__file__).resolve().parent.parent)
EXAMPLE = Path(mktpolicy.__file__).parent / "examples" / "events.jsonl"

NEVER_ON_THE_CHECK_PATH = (
    "dask",
    "distributed",
    "durable",
    "hypothesis",
    "matplotlib",
    "numpy",
    "pandas",
    "yaml",  # a warm compiled cache reads no rule file
    "urllib.request",  # junit's XML escaping imports it
    "mktpolicy.cli.reporters.html",
    "mktpolicy.cli.reporters.junit",
    "mktpolicy.spec.models",
)


def run_python(script: str, tmp_path: Path) -> str:
    env = {**os.environ, "PYTHONPATH": SOURCE, "MKTPOLICY_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_importing_the_check_command_imports_no_heavy_module_and_no_event_model(tmp_path: Path):
    script = (
        "import json, sys\n"
        "import mktpolicy.cli.main, mktpolicy.cli.check\n"
        "from mktpolicy.verdicts.model import Verdict\n"
        f"heavy = [m for m in {NEVER_ON_THE_CHECK_PATH!r} if m in sys.modules]\n"
        "models = [m for m in sys.modules if m.startswith('mktpolicy.events.models.')]\n"
        "print(json.dumps([heavy, models, Verdict.__pydantic_complete__]))\n"
    )
    heavy, models, verdict_built = json.loads(run_python(script, tmp_path))
    assert heavy == []
    assert models == []
    assert verdict_built is False


def test_check_example_builds_only_the_models_of_its_events(tmp_path: Path):
    script = (
        "import contextlib, io, json, sys\n"
        "from mktpolicy.cli.main import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        cli.main(['check', '--example'])\n"
        "    except SystemExit as done:\n"
        "        assert done.code == 1, done.code\n"
        "from mktpolicy.events import registry\n"
        "from mktpolicy.verdicts.model import Verdict\n"
        "built = sorted(\n"
        "    name for name in registry.MODEL_NAMES\n"
        "    if (m := sys.modules.get('mktpolicy.events.models.' + registry._MODULE_OF[name]))\n"
        "    and getattr(m, name).__pydantic_complete__\n"
        ")\n"
        f"heavy = [m for m in {NEVER_ON_THE_CHECK_PATH!r} if m in sys.modules]\n"
        "print(json.dumps([built, Verdict.__pydantic_complete__, heavy]))\n"
    )
    run_python("import mktpolicy; mktpolicy.load()", tmp_path)  # compiles: builds every model
    built, verdict_built, heavy = json.loads(run_python(script, tmp_path).splitlines()[-1])
    types = {json.loads(line)["type"] for line in EXAMPLE.read_text(encoding="utf-8").splitlines()}
    assert built == sorted(registry._NAME_OF_TYPE[t] for t in types)
    assert len(built) < len(registry.MODEL_NAMES) / 5
    assert verdict_built is False  # text output: verdicts are made without a validator
    assert heavy == []


def test_compiling_the_rulebook_builds_no_event_validator(tmp_path: Path):
    # the compiler reads the models' fields; validators are for reading events
    script = (
        "import os, sys\n"
        "os.environ['MKTPOLICY_CACHE'] = 'off'\n"
        "import mktpolicy\n"
        "from mktpolicy.events import registry\n"
        "mktpolicy.load()\n"
        "print(sum(m.__pydantic_complete__ for m in registry.EVENT_MODELS))\n"
    )
    assert run_python(script, tmp_path).strip() == "0"


def test_importing_the_events_package_creates_no_model(tmp_path: Path):
    script = (
        "import sys, mktpolicy.events, mktpolicy.events.base\n"
        "print(sorted(m for m in sys.modules if m.startswith('mktpolicy.events.models.')))\n"
    )
    assert run_python(script, tmp_path).strip() == "[]"


# One list of event models: registry.EVENT_MODEL_NAMES.


def defined_event_models() -> dict[str, str]:
    """Every Event subclass the model modules define, by name → module (imports them all)."""
    found = {}
    for model in registry.EVENT_MODELS:
        module = sys.modules[model.__module__]
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Event) and value is not Event:
                found[value.__name__] = value.__module__.rsplit(".", 1)[1]
    return found


def test_the_registry_lists_every_model_each_module_defines():
    listed = dict(registry.EVENT_MODEL_NAMES)
    assert len(listed) == len(registry.EVENT_MODEL_NAMES)
    assert defined_event_models() == listed
    assert [m.__name__ for m in registry.EVENT_MODELS] == [n for n, _ in registry.EVENT_MODEL_NAMES]


def test_a_models_type_is_its_class_name_in_snake_case():
    for model in registry.EVENT_MODELS:
        assert model.model_fields["type"].default == registry.type_tag(model.__name__)
    assert registry.BY_TYPE["client_meal"].__name__ == "ClientMeal"
    assert registry.model_for_type("no_such_type") is None


def test_type_checkers_see_every_module_of_models():
    # events/__init__ star-imports each module for mypy, which runs no module __getattr__
    tree = ast.parse(Path(mktpolicy.events.__file__).read_text(encoding="utf-8"))
    starred = {
        node.module.rsplit(".", 1)[1]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and node.module.startswith("mktpolicy.events.models.")
        and [alias.name for alias in node.names] == ["*"]
    }
    assert starred == set(registry.EVENT_MODULES)


@pytest.mark.parametrize("name", registry.MODEL_NAMES)
def test_every_model_imports_from_the_events_package(name: str):
    # DocumentKept, FieldReport and five more were missing from events/__init__: ImportError
    model = getattr(mktpolicy.events, name)
    assert model is registry.BY_NAME[name]
    assert name in mktpolicy.events.__all__
    assert name in dir(mktpolicy.events)


def test_the_events_package_exports_exactly_its_list():
    assert mktpolicy.events.__all__ == sorted(
        ["Event", "Money", "Month", *registry.ALL_MODELS, *registry.MODEL_NAMES]
    )
    for name in mktpolicy.events.__all__:
        assert getattr(mktpolicy.events, name) is not None
    with pytest.raises(AttributeError, match="NoSuchEvent"):
        _ = mktpolicy.events.NoSuchEvent
    with pytest.raises(ImportError):
        exec("from mktpolicy.events import NoSuchEvent")


# The reader finds the model by the type an event appears to have: same events, same errors.

GOOD = [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
BAD = [
    '{"type": "client_meal", "employee_id": "E1", "held_at": "noon", "meal_slip": true}',
    '{"type": "client_meal", "employee_id": "E1", "held_at": "2024-05-10T12:00"}',
    '{"type": "client_meal", "employee_id": "E1", "held_at": "2024-05-10T12:00",'
    ' "meal_slip": "yes"}',
    '{"extra": {"type": "client_meal"}, "type": "departure", "employee_id": "E1",'
    ' "left_on": "2024-05-10"}',
    '{"type": "no_such_type", "employee_id": "E1"}',
    '{"employee_id": "E1"}',
    '{"type": "client_meal", "type": "resignation", "employee_id": "E1"}',
    '{"type": "client_meal"',
    '["type", "client_meal"]',
]


@pytest.mark.parametrize("text", GOOD)
def test_an_event_read_by_its_type_is_the_one_the_union_gives(text: str):
    assert to_event(text) == registry.event_adapter().validate_json(text)
    assert to_event(text.encode()) == registry.event_adapter().validate_json(text)
    assert to_event(json.loads(text)) == registry.event_adapter().validate_python(json.loads(text))


@pytest.mark.parametrize("text", BAD)
def test_a_bad_event_has_the_error_the_union_gives(text: str):
    with pytest.raises(ValidationError) as union:
        registry.event_adapter().validate_json(text)
    expected = describe_validation(union.value, text)
    for item in (text, text.encode()):
        with pytest.raises(EventError) as found:
            to_event(item, line=3, source="x.jsonl")
        assert str(found.value) == f"x.jsonl:3: {expected}"


def test_every_event_field_docstring_is_in_the_event_schema():
    # Before, the models with a boolean field were built before their descriptions were set:
    # 55 of the 75 had none in schemas/event.schema.json.
    definitions = generated_schemas()["event.schema.json"]["$defs"]
    for model in registry.EVENT_MODELS:
        properties = definitions[model.__name__]["properties"]
        for name, info in model.model_fields.items():
            if info.description is not None:
                assert properties[name].get("description") == info.description, (model, name)
    assert definitions["ClientMeal"]["properties"]["meal_slip"]["description"].startswith(
        "Whether the meal was taken against a written meal slip"
    )


# Garbage collection waits while start-up makes what lives as long as the process.


def test_the_script_freezes_what_start_up_made_and_collects_again(tmp_path: Path):
    script = (
        "import contextlib, gc, io, json, sys\n"
        "from mktpolicy.cli.main import main\n"
        "sys.argv = ['mktpolicy', 'check', '--example']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as done:\n"
        "        assert done.code == 1, done.code\n"
        "print(json.dumps([gc.get_freeze_count(), gc.isenabled()]))\n"
    )
    frozen, enabled = json.loads(run_python(script, tmp_path).splitlines()[-1])
    assert frozen > 50_000  # the modules, models and compiled rules
    assert enabled


def test_in_another_program_the_command_freezes_nothing():
    before = gc.get_freeze_count()
    result = CliRunner().invoke(cli, ["check", "--example"])
    assert result.exit_code == 1, result.output
    assert gc.get_freeze_count() == before
    assert gc.isenabled()
    with long_lived():
        assert not gc.isenabled()
    assert gc.isenabled()


# Built on first use, once, whichever thread gets there first.


class _Inner(DeferredModel):
    amount: int
    """How many."""


class _Outer(DeferredModel):
    inner: _Inner
    """A model holding another: building it builds the inner one inside the lock."""
    note: str = ""


def test_deferred_models_build_once_under_threads_with_descriptions():
    assert not _Outer.__pydantic_complete__
    barrier = threading.Barrier(8)

    def first_use(index: int) -> _Outer:
        barrier.wait()
        return _Outer.model_validate({"inner": {"amount": index}})

    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(first_use, range(8)))
    assert [m.inner.amount for m in made] == list(range(8))
    assert _Outer.__pydantic_complete__
    schema = _Outer.model_json_schema()
    assert schema["properties"]["inner"]["description"].startswith("A model holding another")
    assert schema["$defs"]["_Inner"]["properties"]["amount"]["description"] == "How many."

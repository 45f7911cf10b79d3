"""schemas/ holds exactly what the models generate; events and rule files satisfy them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from mktpolicy.schemas import SCHEMA_FILES, generated_schemas, render_schema

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_committed_schema_is_in_sync(name: str):
    expected = render_schema(generated_schemas()[name])
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == expected, "run: mktpolicy schemas --output schemas/"


def test_example_events_satisfy_the_event_schema():
    schema = generated_schemas()["event.schema.json"]
    # What jsonschema.validate does on each call, with the schema checked once, not per line.
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    example = ROOT / "src" / "mktpolicy" / "examples" / "events.jsonl"
    for line in example.read_text(encoding="utf-8").splitlines():
        validator.validate(json.loads(line))


def test_event_schema_rejects_an_unknown_field():
    schema = generated_schemas()["event.schema.json"]
    bad = {
        "type": "client_meal",
        "employee_id": "E1",
        "held_at": "2024-05-10T12:00:00",
        "meal_slip": True,
        "tip": 5,
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)

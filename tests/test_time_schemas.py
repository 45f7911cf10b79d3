"""The published event schema, with format checking on, takes what the models take: months
written `2024-03` (a pattern, not `format: date`) and times with or without an offset."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from mktpolicy import population
from mktpolicy.events.reader import to_event
from mktpolicy.schemas import generated_schemas

ROOT = Path(__file__).parent.parent
CHECKED = jsonschema.Draft202012Validator.FORMAT_CHECKER


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = generated_schemas()["event.schema.json"]
    return jsonschema.Draft202012Validator(schema, format_checker=CHECKED)


def test_example_events_pass_with_format_checking(validator) -> None:
    example = ROOT / "src" / "mktpolicy" / "examples" / "events.jsonl"
    for line in example.read_text(encoding="utf-8").splitlines():
        validator.validate(json.loads(line))


def branch_by_type(
    validator: jsonschema.Draft202012Validator,
) -> dict[str, jsonschema.Draft202012Validator]:
    """The event schema's oneOf branch for each `type`, proven to be the only one that can match.

    jsonschema's oneOf lists every error of every one of the 75 branches for each record (≈5 ms
    a record); when each branch pins `type` to its own constant, a record that has a `type` is
    valid under the oneOf exactly when it is valid under that type's branch.
    """
    schema = validator.schema
    assert set(schema) - {"$defs", "$schema", "title", "discriminator"} == {"oneOf"}
    branches: dict[str, jsonschema.Draft202012Validator] = {}
    for branch in schema["oneOf"]:
        model = schema["$defs"][branch["$ref"].removeprefix("#/$defs/")]
        const = model["properties"]["type"]["const"]
        assert const not in branches, f"two branches take type {const!r}"
        branches[const] = validator.evolve(schema=branch)
    return branches


def test_generated_events_pass_with_format_checking(validator) -> None:
    branches = branch_by_type(validator)
    seen: set[str] = set()
    for event in population.generate(employees=40, seed=3):
        record = json.loads(event.model_dump_json(exclude_none=True))
        branches[record["type"]].validate(record)
        if record["type"] not in seen:  # the whole oneOf too, once a type
            seen.add(record["type"])
            validator.validate(record)


MONTHLY = {
    "type": "monthly_result",
    "employee_id": "E1",
    "month": "2024-03",
    "target": 100,
    "actual": 90,
    "attendance": 4,
    "office_discipline": 4,
    "team_spirit": 4,
    "professional_conduct": 4,
}


@pytest.mark.parametrize("month", ["2024-03", "2024-03-01", "2024-03-31"])
def test_a_month_as_the_models_take_it_passes(validator, month: str) -> None:
    record = {**MONTHLY, "month": month}
    to_event(record)  # the model takes it
    validator.validate(record)


@pytest.mark.parametrize("month", ["2024-13", "2024-3", "March"])
def test_a_month_the_models_refuse_is_refused(validator, month: str) -> None:
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**MONTHLY, "month": month})


@pytest.mark.parametrize(
    "held_at", ["2024-05-10T12:00:00", "2024-05-10T12:00", "2024-05-10T12:00:00+08:00"]
)
def test_times_with_and_without_an_offset_pass(validator, held_at: str) -> None:
    record = {"type": "client_meal", "employee_id": "E1", "held_at": held_at, "meal_slip": True}
    to_event(record)
    validator.validate(record)


def test_no_month_or_time_field_claims_a_format_it_does_not_take() -> None:
    text = (ROOT / "schemas" / "event.schema.json").read_text(encoding="utf-8")
    assert '"format": "date-time"' not in text
    schema = json.loads(text)
    months = [
        prop
        for model in schema["$defs"].values()
        for name, prop in model.get("properties", {}).items()
        if name == "month"
    ]
    assert months
    assert all("format" not in prop for prop in months)

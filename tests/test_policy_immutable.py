"""A Policy cannot be changed through what it hands out, and neither can a later `load()`.

Before: `load()` is cached per process and `parameters`, `clauses` and `fact_types` were plain
dicts, so `policy.parameters[k] = None` damaged every later `mktpolicy.load()` in the process.
"""

from __future__ import annotations

import pytest

import mktpolicy

MAPPINGS = ["documents", "clauses", "parameters", "consequences", "fact_types"]


@pytest.mark.parametrize("name", MAPPINGS)
def test_the_programs_mappings_are_read_only(name: str) -> None:
    mapping = getattr(mktpolicy.load().program, name)
    key = next(iter(mapping))
    with pytest.raises(TypeError):
        mapping[key] = None
    with pytest.raises(TypeError):
        del mapping[key]
    with pytest.raises(AttributeError):
        mapping.clear()


def test_the_policys_own_views_are_read_only() -> None:
    policy = mktpolicy.load()
    with pytest.raises(TypeError):
        policy.parameters["fines.operation_breach"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        policy.clauses["000.P1.2.8"] = None  # type: ignore[index]
    assert mktpolicy.load().parameters["fines.operation_breach"] is not None


def test_record_types_are_read_only_all_the_way_down() -> None:
    program = mktpolicy.load().program
    record = next(iter(program.fact_types.values())).record
    with pytest.raises(TypeError):
        record.fields["x"] = record.fields[record.date_field]  # type: ignore[index]
    with pytest.raises(TypeError):
        record.descriptions["x"] = "y"  # type: ignore[index]


def test_with_parameters_still_makes_a_new_policy_and_leaves_the_old_one() -> None:
    policy = mktpolicy.load()
    before = policy.parameters["fines.operation_breach"].values
    reformed = policy.with_parameters({"fines.operation_breach": 20})
    assert policy.parameters["fines.operation_breach"].values == before
    assert str(reformed.parameters["fines.operation_breach"].values[0][1]) == "20"
    with pytest.raises(TypeError):
        reformed.parameters["fines.operation_breach"] = None  # type: ignore[index]

"""Event field descriptions come from the docstrings under the fields, read once per module."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mktpolicy.events import Resignation
from mktpolicy.events.registry import EVENT_MODELS
from mktpolicy.field_docs import describe_fields


class Base(BaseModel, defer_build=True):
    kept: int = 0
    """Documented in the base."""
    replaced: int = 0
    """Documented in the base, annotated again below without a docstring."""


class Child(Base, defer_build=True):
    replaced: int = 1
    own: int = Field(default=0, description="explicit wins")
    """Not this one."""
    plain: str = ""
    """A plain
    multi-line docstring."""


def test_descriptions_follow_pydantic_s_attribute_docstrings():
    describe_fields([Base, Child])
    fields = Child.model_fields
    assert fields["kept"].description == "Documented in the base."
    assert fields["replaced"].description is None
    assert fields["own"].description == "explicit wins"
    assert fields["plain"].description == "A plain\nmulti-line docstring."


def test_event_models_are_described_and_built_at_import():
    assert Resignation.model_fields["submitted_on"].description == (
        "The day the report reached the company."
    )
    assert all(model.__pydantic_complete__ for model in EVENT_MODELS)  # none built lazily

"""Pydantic models built on first use, once, with their field docstrings as descriptions.

Building a model's validator costs about a millisecond; a process that reads six types of event
or prints verdicts as text should not pay for ~80 of them at start-up. Pydantic builds a
`defer_build` model when it is first used, through `model_rebuild`; before pydantic 2.14 two
threads using a new model at once could both rebuild it. `DeferredModel.model_rebuild` takes one
lock, so the first use builds the model once whichever thread gets there first.
"""

from __future__ import annotations

import threading
from typing import Any

from pydantic import BaseModel, ConfigDict

from mktpolicy.field_docs import describe_fields

_building = threading.RLock()  # re-entrant: a build that reaches another rebuild cannot deadlock


class DeferredModel(BaseModel):
    """Frozen, no extra fields, built on first use; field docstrings become descriptions."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Descriptions before any build (what use_attribute_docstrings does, much cheaper)."""
        super().__pydantic_init_subclass__(**kwargs)
        if describe_fields([cls]) and cls.__pydantic_complete__:  # a subclass not deferring
            cls.model_rebuild(force=True)

    @classmethod
    def model_rebuild(
        cls,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Any = None,
    ) -> bool | None:
        """Pydantic's rebuild, one at a time (the models' names resolve in their modules)."""
        if cls.__pydantic_complete__ and not force:
            return None
        depth = _parent_namespace_depth + 1 if _parent_namespace_depth else 0  # this frame
        with _building:
            return super().model_rebuild(
                force=force,
                raise_errors=raise_errors,
                _parent_namespace_depth=depth,
                _types_namespace=_types_namespace,
            )

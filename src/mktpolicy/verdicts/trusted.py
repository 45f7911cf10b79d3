"""Building verdict models from values the engine already made of the right types.

Validating a verdict re-checks what the compiler proved when the rules loaded (the fine is a
Decimal, the date a date, the citations Citation models), and costs a third of building it.
`trusted(Model)` gives a constructor that stores the values as validation would, the way
pydantic's `model_construct` does, without its per-field alias handling. Only the builder in
`from_firings.py` and `steps.py` use it, always with every field given; a test re-validates its
verdicts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_setattr = object.__setattr__


def trusted(cls: type[M]) -> Callable[..., M]:
    """A constructor for `cls` taking every field by keyword, already of its field's type, in
    the order the model declares them (as validation stores them: repr shows that order)."""
    names = frozenset(cls.model_fields)
    every = set(names)
    """Shared by every model this constructor makes: pydantic copies it before changing it
    (`model_copy`), and a frozen model never changes it. One set fewer per model means fewer
    objects for the garbage collector to track: verdicts are most of what a batch keeps."""
    if cls.model_config.get("extra") == "allow" or cls.__pydantic_post_init__ is not None:
        raise TypeError(f"{cls.__name__} needs model_construct")  # extra fields or a hook
    new = cls.__new__

    size = len(names)

    def construct(**values: Any) -> M:
        if len(values) != size:  # the names themselves are checked by the tests of the builder
            raise TypeError(f"{cls.__name__} needs exactly the fields {sorted(names)}")
        model = new(cls)
        _setattr(model, "__dict__", values)
        _setattr(model, "__pydantic_fields_set__", every)
        _setattr(model, "__pydantic_extra__", None)
        _setattr(model, "__pydantic_private__", None)
        return model

    return construct

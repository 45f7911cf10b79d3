"""Field descriptions from the docstrings under the fields (what pydantic's
`use_attribute_docstrings` does), read once per module instead of once per class.

pydantic finds each class's source by walking the interpreter's frames and asking `inspect` for
the module of each (≈ 0.6 ms a class, ≈ 40 ms for the event models); one `ast.parse` of each
module gives all of its classes at once. Descriptions feed the JSON Schemas and the record types'
field help, so they are set before any event model builds its validator (the models defer it).
"""

from __future__ import annotations

import ast
import inspect
import sys
from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel


def describe_fields(models: Iterable[type[BaseModel]]) -> bool:
    """Set each field's description to its docstring, as pydantic would have; say whether any
    was set.

    A field's docstring is the one in the body of the nearest class that annotates it; an
    explicit `Field(description=...)` wins.
    """
    described = False
    for model in models:
        annotated = [(c, inspect.get_annotations(c)) for c in model.__mro__]
        for name, info in model.model_fields.items():
            if info.description is not None:
                continue
            owner = next((c for c, names in annotated if name in names), None)
            if owner is not None:
                doc = _class_docs(owner.__module__, owner.__qualname__).get(name)
                if doc is not None:
                    info.description = doc
                    described = True
    return described


@cache
def _class_docs(module: str, qualname: str) -> dict[str, str]:
    return _module_docs(module).get(qualname, {})


@cache
def _module_docs(module: str) -> dict[str, dict[str, str]]:
    """For each top-level class of `module`: field name → its docstring."""
    try:
        source = inspect.getsource(sys.modules[module])
    except (KeyError, OSError, TypeError):
        return {}
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = _attribute_docs(node)
    return found


def _attribute_docs(node: ast.ClassDef) -> dict[str, str]:
    """A string right after an annotated name in the class body documents that name."""
    docs: dict[str, str] = {}
    previous: ast.stmt | None = None
    for statement in node.body:
        if (
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
            and isinstance(previous, ast.AnnAssign)
            and isinstance(previous.target, ast.Name)
        ):
            docs[previous.target.id] = inspect.cleandoc(statement.value.value)
        previous = statement
    return docs

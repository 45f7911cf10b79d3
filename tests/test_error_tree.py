"""One exception tree: every exception class in mktpolicy is a PolicyError, and the drawing in
mktpolicy.errors' docstring is exactly the classes and their parents.

Before: CalendarError, AuditError, ReformError and MissingExtraError were missing from one or
the other drawing (there were two), and errors of population/generic.py, cli/inputs.py and
expr/errors.py were not PolicyErrors.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import mktpolicy
import mktpolicy.errors

DRAWN = re.compile(r"^(?P<prefix>(?:│   |    )*)(?:├── |└── )?(?P<name>_?[A-Z]\w+)\b")


def drawn_tree() -> dict[str, str | None]:
    """Each class drawn in the docstring, with the class drawn as its parent."""
    doc = mktpolicy.errors.__doc__ or ""
    parents: dict[str, str | None] = {}
    stack: list[str] = []
    for line in doc.splitlines():
        match = DRAWN.match(line)
        if not match or not (line.startswith(("PolicyError", "├", "└", "│"))):
            continue
        depth = len(match["prefix"]) // 4 + (0 if line.startswith("PolicyError") else 1)
        del stack[depth:]
        parents[match["name"]] = stack[-1] if stack else None
        stack.append(match["name"])
    return parents


def package_exceptions() -> dict[str, type[BaseException]]:
    """Every exception class defined in a module of mktpolicy."""
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(mktpolicy.__path__, "mktpolicy."):
        if info.name.endswith(".__main__"):  # runs the command line when imported
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == info.name:
                found[cls.__name__] = cls
    return found


def test_every_exception_class_is_a_policy_error() -> None:
    outside = [
        f"{cls.__module__}.{name}"
        for name, cls in package_exceptions().items()
        if not issubclass(cls, mktpolicy.PolicyError)
    ]
    assert outside == []


def test_the_drawing_is_the_tree_of_the_classes() -> None:
    classes = package_exceptions()
    drawn = drawn_tree()
    assert sorted(drawn) == sorted(classes)
    for name, parent in drawn.items():
        cls = classes[name]
        bases = [b for b in cls.__bases__ if b.__module__.startswith("mktpolicy")]
        assert [b.__name__ for b in bases] == ([parent] if parent else []), name


def test_classes_defined_elsewhere_name_their_module() -> None:
    doc = mktpolicy.errors.__doc__ or ""
    for name, cls in package_exceptions().items():
        if cls.__module__ != "mktpolicy.errors":
            where = cls.__module__.removeprefix("mktpolicy.")
            assert re.search(rf"{name}\s+\({re.escape(where)}\)", doc), name

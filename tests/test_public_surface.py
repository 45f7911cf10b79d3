"""Every package says exactly what it offers: its `__all__` names every public name it has and
nothing it lacks (issue 20). Modules a package's `__all__` does not name are internal
(docs/architecture.md, "Public surface")."""

from __future__ import annotations
import __future__

import importlib
import pkgutil
import types

import pytest

import mktpolicy

PACKAGES = sorted(
    info.name
    for info in pkgutil.walk_packages(mktpolicy.__path__, "mktpolicy.")
    if info.ispkg and info.name != "mktpolicy.rules"  # data, not code
)


def test_the_packages_are_found():
    assert {"mktpolicy.events", "mktpolicy.ir.passes", "mktpolicy.cli.reporters"} <= set(PACKAGES)


@pytest.mark.parametrize("name", ["mktpolicy", *PACKAGES])
def test_a_packages_all_is_exact(name: str):
    package = importlib.import_module(name)
    exported = getattr(package, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    for attribute in exported:  # lazy names too: each resolves
        assert hasattr(package, attribute), f"{name}.__all__ names {attribute!r}, which is absent"
    public = {
        attribute
        for attribute, value in vars(package).items()
        if not attribute.startswith("_")
        and not isinstance(value, types.ModuleType | __future__._Feature)  # `annotations`
    }
    assert public <= set(exported), f"{name} has public names not in __all__"

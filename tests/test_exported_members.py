"""The public surface changes only on purpose (as httpx guards its own)."""

import types

import mktpolicy


def test_all_is_sorted_and_exact():
    assert mktpolicy.__all__ == sorted(mktpolicy.__all__)
    exported = {
        name
        for name in dir(mktpolicy)
        if not name.startswith("_") and not isinstance(getattr(mktpolicy, name), types.ModuleType)
    }
    assert exported == set(mktpolicy.__all__)


def test_every_error_is_a_policy_error():
    for name in mktpolicy.__all__:
        obj = getattr(mktpolicy, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, mktpolicy.PolicyError), name

"""Shared fixtures: the bundled policy, per backend."""

from __future__ import annotations

import importlib.util
import os

import pytest
from hypothesis import HealthCheck, settings

import mktpolicy

settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "nightly", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def available_backends() -> list[str]:
    """native always; durable when durable_rules and our adapter are importable."""
    backends = ["native"]
    if importlib.util.find_spec("durable") and importlib.util.find_spec(
        "mktpolicy.backends.durable"
    ):
        backends.append("durable")
    return backends


BACKENDS = available_backends()


@pytest.fixture(params=BACKENDS)
def policy(request: pytest.FixtureRequest) -> mktpolicy.Policy:
    return mktpolicy.load(backend=request.param)


@pytest.fixture
def native() -> mktpolicy.Policy:
    return mktpolicy.load()


@pytest.fixture(scope="session", autouse=True)
def _private_compiled_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled rulebooks go to a directory of this run (commands run by tests inherit it)."""
    if "MKTPOLICY_CACHE_DIR" not in os.environ:
        os.environ["MKTPOLICY_CACHE_DIR"] = str(tmp_path_factory.mktemp("compiled-cache"))

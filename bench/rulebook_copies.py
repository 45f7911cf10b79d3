"""The bundled rulebook with its rules copied k times under new ids, to see how cost grows."""

from __future__ import annotations

import mktpolicy
from mktpolicy.ir import compile_rules
from mktpolicy.policy import bundled_rules
from mktpolicy.spec import load_directory
from mktpolicy.spec.from_source import LoadedFile


def policy_with_copies(factor: int) -> mktpolicy.Policy:
    """Every rule `factor` times (copies derive the same facts, which are deduplicated)."""
    files = load_directory(bundled_rules())
    copies: list[LoadedFile] = []
    for loaded in files:
        rules = list(loaded.spec.rules)
        extra = []
        for k in range(1, factor):
            for rule in rules:
                extra.append(
                    rule.model_copy(
                        update={
                            "id": f"{rule.id}-copy{k}",
                            "overrides": [f"{target}-copy{k}" for target in rule.overrides],
                        }
                    )
                )
        spec = loaded.spec.model_copy(update={"rules": rules + extra})
        copies.append(LoadedFile(spec, loaded.source))
    return mktpolicy.Policy(compile_rules(copies))

"""Each bad rule file under golden/bad_rules/ fails with exactly the diagnostics recorded beside it.

Run with MKTPOLICY_RESET_GOLDEN=1 to re-record after a deliberate change of wording (then read
the diff), as Catala's test runner does with --reset.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mktpolicy import RuleError
from mktpolicy.ir import compile_rules
from mktpolicy.policy import bundled_rules
from mktpolicy.spec import load_directory

HERE = Path(__file__).parent / "golden" / "bad_rules"
CASES = sorted(HERE.glob("*.yaml"))
SHARED = ("clauses", "parameters.yaml", "consequences.yaml")


def shared_rules(root: Path) -> Path:
    """A rulebook directory with the bundled clauses, parameters and consequences only."""
    root.mkdir(parents=True)
    for name in SHARED:
        source = bundled_rules() / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_rule_file_is_rejected_with_its_place(case: Path, tmp_path: Path):
    root = shared_rules(tmp_path / "rules")
    shutil.copy(case, root / case.name)
    with pytest.raises(RuleError) as caught:
        compile_rules(load_directory(root, "rules"))
    got = "\n".join(str(d) for d in caught.value.diagnostics) + "\n"
    expected_path = case.with_suffix(".expected")
    if os.environ.get("MKTPOLICY_RESET_GOLDEN"):
        expected_path.write_text(got, encoding="utf-8")
    assert got == expected_path.read_text(encoding="utf-8")

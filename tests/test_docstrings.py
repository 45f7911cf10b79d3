"""The examples in public docstrings run as written."""

import doctest

import pytest

import mktpolicy
import mktpolicy.expr.periods
import mktpolicy.policy


@pytest.mark.parametrize("module", [mktpolicy, mktpolicy.policy, mktpolicy.expr.periods])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0 or module is mktpolicy.expr.periods

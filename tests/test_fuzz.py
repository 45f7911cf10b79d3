"""Fuzzing, bounded for CI: whatever the input, only mktpolicy's own errors come out.

HYPOTHESIS_PROFILE=nightly runs 5,000 examples per property; fuzz/atheris_harness.py runs
coverage-guided fuzzing for longer (see docs/security.md).
"""

from __future__ import annotations

import contextlib
import json
import string

from hypothesis import given
from hypothesis import strategies as st

import mktpolicy
from mktpolicy import expr
from mktpolicy.events.reader import to_event
from mktpolicy.ir import compile_rules
from mktpolicy.source import parse_yaml
from mktpolicy.spec import load_text

YAMLISH = st.text(alphabet=string.printable + "：中文!&*|>-[]{}", max_size=300)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=20),
    st.floats(allow_nan=False),
    st.sampled_from(["2024-13-40", "P1M", "NO"]),
)
JSONISH = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)
FIELDS = [
    "type",
    "id",
    "employee_id",
    "submitted_on",
    "last_day",
    "month",
    "target",
    "actual",
    "held_at",
    "approved_at",
    "meal_slip",
    "promise",
    "authorised",
    "occurred_on",
]


@given(YAMLISH)
def test_the_yaml_loader_raises_only_source_errors(text):
    with contextlib.suppress(mktpolicy.SourceError):
        parse_yaml(text, "fuzz.yaml")


@given(
    st.dictionaries(
        st.sampled_from(["rules", "clauses", "parameters", "facts", "x"]), JSONISH, max_size=3
    )
)
def test_rule_files_raise_only_rule_errors(data):
    text = json.dumps(data)  # JSON is YAML: exercises the spec and compiler on odd shapes
    with contextlib.suppress(mktpolicy.RuleError):
        compile_rules([load_text(text, "fuzz.yaml")])


@given(st.text(alphabet=string.ascii_letters + string.digits + " ._()[]\"'<>=!+-*/,", max_size=60))
def test_expressions_raise_only_expression_errors(text):
    from mktpolicy.events import Resignation
    from mktpolicy.events.record_types import record_type

    scope = expr.Scope({"r": record_type(Resignation)}, {"fines.base": expr.types.MONEY})
    with contextlib.suppress(expr.ExprSyntaxError, expr.ExprTypeError):
        expr.check(expr.parse(text), scope)


@given(
    st.one_of(
        st.dictionaries(st.sampled_from(FIELDS), SCALARS, max_size=8), st.text(max_size=80), JSONISH
    )
)
def test_the_event_reader_raises_only_event_errors(item):
    try:
        if isinstance(item, dict | str):
            to_event(item)
        else:
            to_event(json.dumps(item))
    except mktpolicy.EventError:
        pass

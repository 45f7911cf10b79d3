"""A bad reform says where (file:line:col) and why; missing extras say what to install."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import mktpolicy
from mktpolicy import whatif
from mktpolicy.whatif import MissingExtraError, ReformError


def problem(tmp_path, text: str, *, apply: bool = False) -> str:
    """The error text for reform file `text` (loading it, and applying it when asked)."""
    path = tmp_path / "reform.yaml"
    path.write_text(textwrap.dedent(text))
    try:
        reform = whatif.load_reform(path)
        if apply:
            reform.apply(mktpolicy.load())
    except mktpolicy.RuleError as exc:
        return str(exc).replace(str(tmp_path) + "/", "")
    raise AssertionError("the reform was accepted")


def test_an_unknown_key_is_named_with_its_place_and_a_hint(tmp_path):
    text = problem(tmp_path, "paramters:\n  fines.operation_breach: 20\n")
    assert text.startswith("reform.yaml:1:1: unknown_field: unknown field 'paramters'")
    assert "did you mean 'parameters'?" in text
    text = problem(tmp_path, "rules:\n  disabel: [meal-without-slip]\n")
    assert "reform.yaml:2:3: unknown_field" in text
    assert "did you mean 'disable'?" in text


def test_a_bad_rule_in_add_is_reported_as_the_rule_files_are(tmp_path):
    text = problem(
        tmp_path,
        """\
        rules:
          add:
            - id: meal-too-late
              title: A meal after ten
              cites: ["000.P2.1.5"]
              when:
                - {fact: ClientMeal, as: meal}
        """,
    )
    assert "reform.yaml:3:7: missing_field: 'then' is required in rules.add.0" in text


def test_a_type_error_in_an_added_rule_points_into_the_reform_file(tmp_path):
    text = problem(
        tmp_path,
        """\
        rules:
          add:
            - id: meal-too-expensive
              title: An expensive meal
              cites: ["000.P2.1.5"]
              when:
                - {fact: ClientMeal, as: meal, where: "meal.amount > 2000"}
              then:
                verdict: {outcome: warning, message: "expensive"}
        """,
        apply=True,
    )
    assert text.startswith("reform.yaml:7:48: type_error: meal.amount may be null here")


def test_unknown_parameters_and_bad_values_are_placed(tmp_path):
    text = problem(
        tmp_path,
        """\
        parameters:
          fines.operation_breech: 20
          resignation.notice_period: two months
          performance.consecutive_misses: 2.5
        """,
        apply=True,
    )
    assert "reform.yaml:2:3: unknown_parameter: there is no parameter 'fines.operation_breech'" in (
        text
    )
    assert "did you mean 'fines.operation_breach'?" in text
    assert "reform.yaml:3:30: invalid_value: parameter 'resignation.notice_period' (period)" in text
    assert "reform.yaml:4:35: invalid_value: parameter 'performance.consecutive_misses' (int)" in (
        text
    )


def test_a_dated_history_needs_dates_and_values(tmp_path):
    text = problem(
        tmp_path,
        """\
        parameters:
          fines.operation_breach: {2024-13-01: 20}
          fines.serious_breach: {2000-01-01: [80]}
          fines.loss_share:
        """,
    )
    assert "reform.yaml:2:28: invalid_value: parameter 'fines.operation_breach': '2024-13-01'" in (
        text
    )
    assert "reform.yaml:3:38: invalid_value: parameter 'fines.serious_breach' on 2000-01-01" in (
        text
    )
    assert "reform.yaml:4:20: invalid_value: parameter 'fines.loss_share': expected a value" in text


def test_unknown_rules_to_replace_or_disable_are_placed(tmp_path):
    text = problem(
        tmp_path,
        """\
        rules:
          disable: [meal-without-slp]
          replace:
            - id: no-such-rule
              title: Nothing
              cites: ["000.P2.1.5"]
              when: [{fact: ClientMeal, as: meal}]
              then: {verdict: {outcome: info, message: "x"}}
        """,
        apply=True,
    )
    assert "reform.yaml:2:13: unknown_rule: there is no rule 'meal-without-slp' to disable" in text
    assert "did you mean 'meal-without-slip'?" in text
    assert "reform.yaml:4:11: unknown_rule: there is no rule 'no-such-rule' to replace" in text


def test_adding_an_existing_rule_says_to_replace_it(tmp_path):
    text = problem(
        tmp_path,
        """\
        rules:
          add:
            - id: meal-without-slip
              title: Again
              cites: ["000.P2.1.5"]
              when: [{fact: ClientMeal, as: meal}]
              then: {verdict: {outcome: info, message: "x"}}
        """,
        apply=True,
    )
    assert "reform.yaml:3:11: rule_exists: rule 'meal-without-slip' already exists" in text
    assert "use 'replace'" in text


def test_a_disabled_dependency_is_placed_on_the_disable_entry(tmp_path):
    text = problem(tmp_path, "rules:\n  disable:\n    - missed-target\n", apply=True)
    assert text.startswith("reform.yaml:3:7: disabled_dependency: rule 'missed-target'")
    assert isinstance(_raised(tmp_path), ReformError)


def _raised(tmp_path) -> Exception:
    try:
        whatif.load_reform(tmp_path / "reform.yaml").apply(mktpolicy.load())
    except ReformError as exc:
        return exc
    raise AssertionError("no error")


def test_a_reform_must_be_a_mapping_and_valid_yaml(tmp_path):
    assert "a reform file is a mapping" in problem(tmp_path, "- fines.operation_breach\n")
    with pytest.raises(mktpolicy.SourceError):
        whatif.parse_reform("parameters: {a: [}\n")


def test_policy_with_errors_have_no_place_but_the_same_message():
    with pytest.raises(ReformError, match=r"there is no parameter 'fines\.nope'"):
        whatif.policy_with(mktpolicy.load(), {"fines.nope": 1})
    with pytest.raises(mktpolicy.SpecError, match=r"rules\.disable\.0"):
        whatif.policy_with(mktpolicy.load(), disable=["Not An Id"])


def test_without_pandas_tables_say_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'mktpolicy\[whatif\]'") as caught:
        whatif.frame([])
    assert isinstance(caught.value, mktpolicy.PolicyError)
    assert isinstance(caught.value, ImportError)
    comparison = whatif.compare(mktpolicy.load(), mktpolicy.load(), [])
    assert comparison.totals.verdicts_base == 0  # totals need no pandas
    with pytest.raises(MissingExtraError):
        _ = comparison.rows


def test_without_matplotlib_plots_say_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    comparison = whatif.compare(mktpolicy.load(), mktpolicy.load(), [])
    with pytest.raises(MissingExtraError, match="matplotlib"):
        whatif.plot_fines_by_month(comparison)


def test_mktpolicy_imports_without_pandas_or_matplotlib():
    code = (
        "import sys; sys.modules['pandas'] = None; sys.modules['matplotlib'] = None\n"
        "import mktpolicy, mktpolicy.whatif, mktpolicy.population\n"
        "p = mktpolicy.whatif.policy_with(mktpolicy.load(), {'fines.operation_breach': 20})\n"
        "print(len(mktpolicy.population.generate(employees=2)) > 0, p.fingerprint != '')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]

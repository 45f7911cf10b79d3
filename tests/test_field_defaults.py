"""A derived fact's field may declare a default, so a `derive` need not repeat it.

`loss: {type: money, default: "0"}`: the default is an expression checked once where it is
declared; a field with no default must still be set, and a wrong default is one error at its place.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import mktpolicy
from mktpolicy import RuleError, whatif
from mktpolicy.ir import compile_rules
from mktpolicy.spec import load_directory

from .test_golden_bad_rules import shared_rules


def slip(**fields: str) -> str:
    """A `facts:` section declaring Slip: seven fixed lines (subject, `day`), then `fields`."""
    declared = "".join(f"      {name}: {kind}\n" for name, kind in fields.items())
    return (
        "facts:\n  - name: Slip\n    title: A slip of some kind\n    date: day\n"
        f"    fields:\n      employee_id: text\n      day: date\n{declared}"
    )


FACT = slip(
    amount='{type: money, default: "0"}',
    kind="""{one_of: [late_meal, early_leave], default: '"late_meal"'}""",
    limit="{type: money, default: params.fines.operation_breach}",
    note='{type: "text?", default: "null"}',
)

RULES = """\
rules:
  - id: meal-slip
    title: Derives a slip, setting only what it knows
    cites: ["000.P2.1.5"]
    when:
      - {fact: ClientMeal, as: meal}
    then:
      derive:
        fact: Slip
        fields:
          day: date_of(meal.held_at)
  - id: large-meal-slip
    title: Derives a slip, setting a defaulted field itself
    cites: ["000.P2.1.5"]
    when:
      - {fact: ClientMeal, as: meal, where: "meal.amount != null and meal.amount > 2000"}
    then:
      derive:
        fact: Slip
        fields:
          day: date_of(meal.held_at)
          amount: coalesce(meal.amount, 0)
          kind: '"early_leave"'
"""

MEAL = {
    "type": "client_meal",
    "id": "m1",
    "employee_id": "E1",
    "held_at": "2024-03-11T19:00:00",
    "approved_at": "2024-03-08T10:00:00",
    "meal_slip": True,
    "amount": "2400",
}


def write(tmp_path: Path, text: str) -> Path:
    root = shared_rules(tmp_path / "rules")
    (root / "slips.yaml").write_text(text, encoding="utf-8")
    return root


def messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(RuleError) as caught:
        compile_rules(load_directory(write(tmp_path, text), "rules"))
    return [str(d) for d in caught.value.diagnostics]


def slips(policy: mktpolicy.Policy) -> list[tuple[str, str, Decimal, Decimal, str | None]]:
    session = policy.session()
    session.add(MEAL)
    return sorted(
        (s.kind, s.day.isoformat(), s.amount, s.limit, s.note) for s in session.facts("Slip")
    )


@pytest.mark.parametrize("backend", ["native", "durable"])
def test_a_derive_that_leaves_a_field_out_gets_its_default(tmp_path: Path, backend: str):
    policy = mktpolicy.load(write(tmp_path, FACT + RULES), backend=backend)
    assert slips(policy) == [
        ("early_leave", "2024-03-11", Decimal("2400"), Decimal("10"), None),
        ("late_meal", "2024-03-11", Decimal("0"), Decimal("10"), None),
    ]


def test_a_default_that_reads_a_parameter_follows_it(tmp_path: Path):
    policy = mktpolicy.load(write(tmp_path, FACT + RULES))
    assert {s[3] for s in slips(policy.with_parameters({"fines.operation_breach": 20}))} == {
        Decimal("20")
    }
    unused = [w.message for w in policy.program.warnings if w.code == "unused_parameter"]
    assert unused  # the other shared parameters
    assert not any("fines.operation_breach" in m for m in unused)


def test_a_field_with_no_default_must_still_be_set(tmp_path: Path):
    text = FACT + RULES.replace("          day: date_of(meal.held_at)\n", "", 1)
    text = text.replace("        fields:\n  - id: large", "        fields: {}\n  - id: large", 1)
    (found,) = messages(tmp_path, text)
    assert found.startswith("rules/slips.yaml:21:17: missing_field: derive 'Slip' does not set day")


def test_a_wrong_default_is_one_error_where_it_is_declared(tmp_path: Path):
    text = FACT.replace('default: "0"}', 'default: "10 > 2"}') + RULES
    (found,) = messages(tmp_path, text)
    assert found.startswith("rules/slips.yaml:8:39: type_error: expected money, got bool")


def test_a_misspelt_default_category_is_an_error_at_its_place(tmp_path: Path):
    (found,) = messages(tmp_path, FACT.replace('"late_meal"', '"late_mael"') + RULES)
    assert found.startswith("rules/slips.yaml:9:58: type_error: 'late_mael' is not one of")


def test_a_default_cannot_read_a_rule_s_bindings(tmp_path: Path):
    (found,) = messages(tmp_path, FACT.replace('default: "0"}', "default: meal.amount}") + RULES)
    assert found.startswith("rules/slips.yaml:8:38: type_error: unknown name 'meal'")


@pytest.mark.parametrize(
    ("declaration", "expected"),
    [
        ("{type: money}", "8:15: missing_field: 'default' is required in facts.0.fields.amount"),
        ("mony", "8:15: invalid_value: facts.0.fields.amount: Value error, unknown type 'mony'"),
        (
            "{type: mony, default: '0'}",
            "8:22: invalid_value: facts.0.fields.amount.type: Value error, unknown type 'mony'",
        ),
        (
            "{type: money, default: '0', extra: 1}",
            "8:43: unknown_field: unknown field 'extra' in facts.0.fields.amount",
        ),
        (
            "{type: money, defualt: '0'}",
            "8:29: unknown_field: unknown field 'defualt' in facts.0.fields.amount\n"
            "  hint: did you mean 'default'?",
        ),
    ],
)
def test_a_bad_field_declaration_is_an_error_inside_it(
    tmp_path: Path, declaration: str, expected: str
):
    """Not at a union member's name (`amount.typed`, `amount.str`) that is no place in the file."""
    text = FACT.replace('{type: money, default: "0"}', declaration) + RULES
    found = messages(tmp_path, text)
    assert any(m.startswith(f"rules/slips.yaml:{expected}") for m in found), found


def test_a_bad_bearer_is_an_error_at_its_key_not_at_a_model_name(tmp_path: Path):
    text = """\
rules:
  - id: meal-noted
    title: Notes a meal
    cites: ["000.P2.1.5"]
    when:
      - {fact: ClientMeal, as: meal}
    then:
      verdict: {outcome: info, message: "m", bearer: {role: admin, extar: 1}}
"""
    found = messages(tmp_path, text)
    assert (
        "rules/slips.yaml:8:68: unknown_field: unknown field 'extar' in rules.0.then.verdict.bearer"
        in found
    )
    assert not any("BearerSpec" in m or "literal[" in m for m in found), found


def test_the_subject_takes_no_default(tmp_path: Path):
    text = FACT.replace("employee_id: text", "employee_id: {type: text, default: '\"E1\"'}")
    found = messages(tmp_path, text + RULES)
    assert any("'employee_id' is always the rule's subject" in m for m in found), found


def test_a_reform_s_rule_gets_the_bundled_defaults():
    breach = {
        "id": "meal-as-breach",
        "title": "A client meal counted as an operation breach",
        "cites": ["002.S8.2.3"],
        "when": [{"fact": "ClientMeal", "as": "meal"}],
        "then": {
            "derive": {
                "fact": "OperationBreach",
                "fields": {
                    "event": "meal.ref",
                    "occurred_on": "date_of(meal.held_at)",
                    "act": '"beyond_authority"',
                    "customer_id": '"C1"',
                },
            }
        },
    }
    session = whatif.policy_with(mktpolicy.load(), add=[breach]).session()
    verdicts = session.add(MEAL)
    (derived,) = session.facts("OperationBreach")
    assert (derived.loss, derived.due_on) == (Decimal("0"), None)
    assert [v.fine for v in verdicts if v.rule == "fine-operation-breach"] == [Decimal("10")]

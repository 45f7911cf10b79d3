"""The English an HR officer reads (a clause's title and text_en, a verdict's wording) says what
the Chinese says: the same strength of duty, the same party, one rendering per term."""

from __future__ import annotations

import re

import pytest

import mktpolicy
from mktpolicy.ir.model import Clause, Rule, VerdictAction

POLICY = mktpolicy.load()
CLAUSES = sorted(POLICY.clauses.values(), key=lambda c: c.id)
RULES = [r for r in POLICY.program.rules if isinstance(r.action, VerdictAction)]

# 须/需/务必/必须 are "must"; 应 is the plain present ("staff report ..."), never "must". Part (五)
# (a student association's charter, out of scope) keeps its own looser English.
STRONG = re.compile(r"务必|必须|(?<!如)须|(?<![如必所价])需(?!求|要)")
MODAL = re.compile(r"须|需|务必|必须|要|不得|不许|严禁|方可|禁止")
SAYS_MUST = re.compile(r"\bmust\b|\brequires?\b|\bonly\b|\bnever\b|\bmay not\b")


def english(clause: Clause) -> str:
    return f"{clause.title}\n{clause.text_en}"


def wording(rule: Rule) -> str:
    """The literal English of a rule's verdict: title, message, would_comply, compensation basis."""
    action = rule.action
    assert isinstance(action, VerdictAction)
    parts = [rule.title or "", action.compensation_basis or ""]
    for template in (action.message, action.would_comply):
        if template is not None:
            parts += [p for p in template.parts if isinstance(p, str)]
    return "\n".join(parts)


def in_scope(clause: Clause) -> bool:
    return not clause.id.startswith("000.P5") and clause.kind != "descriptive"


@pytest.mark.parametrize("clause", CLAUSES, ids=[c.id for c in CLAUSES])
def test_must_renders_a_strong_modal_of_the_chinese(clause: Clause):
    """'must' where the Chinese has only 应 (or nothing) makes a duty sound stricter than it is."""
    if re.search(r"\bmust\b", clause.text_en):
        assert MODAL.search(clause.text_zh), clause.text_en


@pytest.mark.parametrize(
    "clause", [c for c in CLAUSES if in_scope(c)], ids=[c.id for c in CLAUSES if in_scope(c)]
)
def test_a_strong_modal_is_rendered_as_one(clause: Clause):
    if STRONG.search(clause.text_zh):
        assert SAYS_MUST.search(clause.text_en), clause.text_en


# (Chinese term, English every clause naming it uses, English none of them may use)
GLOSSARY = [
    ("回款", r"collect", r"\bpayment and risk\b"),
    ("催收", r"chas", r"\bin collecting receivables\b"),
    ("现款现货", r"cash sale", r"cash-on-delivery"),
    ("营销总监", r"marketing director", r"sales and marketing director"),
]


@pytest.mark.parametrize(("term", "use", "avoid"), GLOSSARY, ids=[g[0] for g in GLOSSARY])
def test_a_term_has_one_rendering(term: str, use: str, avoid: str):
    naming = [c for c in CLAUSES if term in c.text_zh]
    assert naming
    for clause in naming:
        assert re.search(use, clause.text_en, re.IGNORECASE), (clause.id, clause.text_en)
        assert not re.search(avoid, english(clause), re.IGNORECASE), clause.id


# (a department's manager, a role the same text also names without 部, the bare English)
DEPARTMENT_MANAGERS = [
    ("大客户部经理", "大客户经理", r"key-account manager"),
    ("项目部经理", "项目经理", r"\bproject manager"),
]


@pytest.mark.parametrize(
    ("zh", "other", "bare"), DEPARTMENT_MANAGERS, ids=["key-account", "project"]
)
def test_a_department_manager_is_not_called_by_a_bare_title(zh: str, other: str, bare: str):
    """004's 大客户部经理 (the key-account department's manager) signs SC-001 4 and reviews
    processes (二); 大客户经理 (a key-account manager) is a sales role of SC-002 and SC-004. The
    same holds for 项目部经理. Clauses and the verdicts citing only them keep 'department'."""

    def names_only_the_department_manager(text_zh: str) -> bool:
        return zh in text_zh and other not in text_zh

    clauses = [c for c in CLAUSES if names_only_the_department_manager(c.text_zh)]
    assert clauses
    assert [c.id for c in clauses if re.search(bare, english(c))] == []
    rules = [
        r.id
        for r in RULES
        if r.cites
        and all(names_only_the_department_manager(POLICY.clauses[c].text_zh) for c in r.cites)
        and re.search(bare, wording(r))
    ]
    assert rules == []


def test_a_side_job_affects_ones_work():
    """影响本职工作: 'affects one's own work', as the clause says, in the verdict too."""
    (rule,) = [r for r in RULES if r.id == "side-job-harms-work"]
    assert "affects one's own work" in wording(rule)
    assert "harms the work" not in wording(rule)


def test_the_share_of_a_loss_is_borne_by_the_person():
    """个人承担一定比例的赔偿: the company sets the proportion, the person bears it."""
    (rule,) = [r for r in RULES if r.id == "fine-operation-breach"]
    basis = wording(rule)
    assert "company's share" not in basis
    assert "borne by the person" in basis


def test_the_contract_registration_names_who_registers():
    """施行合同领用登记手续 binds the marketing staff the sentence opens with (the rule
    contract-form-not-registered files on the employee); the passive had dropped them."""
    clause = POLICY.clauses["000.P1.2.3"]
    assert "they register each contract form" in clause.text_en
    assert "seriously" not in clause.text_en


def test_the_behaviour_score_bounds_read_as_bounds():
    """最低评定为0分 is the lowest mark, not '0 at least'."""
    text = POLICY.clauses["000.P3.6.2"].text_en
    assert "0 at least" not in text
    assert "0, the lowest" in text

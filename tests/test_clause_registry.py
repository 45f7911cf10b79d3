"""The clause registry quotes the regulations faithfully, and says where each text stands."""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path

import pytest

import mktpolicy
from mktpolicy.ir.model import Clause

ROOT = Path(__file__).parent.parent
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
POLICY = mktpolicy.load()
CLAUSES = sorted(POLICY.clauses.values(), key=lambda c: c.id)


@cache
def lines_of(document: str) -> list[str]:
    """The document's lines with the conversion artefacts (bracketed pinyin) removed."""
    file = POLICY.program.documents[document].file
    text = (ROOT / "regulations" / file).read_text(encoding="utf-8")
    return [PINYIN.sub("", line) for line in text.splitlines()]


def test_the_four_documents_are_listed():
    assert set(POLICY.program.documents) == {"000", "001", "002", "004"}


@pytest.mark.parametrize("clause", CLAUSES, ids=[c.id for c in CLAUSES])
def test_source_text_stands_at_its_primary_location(clause: Clause):
    location = clause.location
    line = lines_of(location.document)[location.line - 1]
    assert clause.source_text in line, f"{location.label} line {location.line}: {line[:80]}"


@pytest.mark.parametrize(
    "clause",
    [c for c in CLAUSES if len(c.locations) > 1],
    ids=[c.id for c in CLAUSES if len(c.locations) > 1],
)
def test_every_other_location_states_the_same_text(clause: Clause):
    for location in clause.locations[1:]:
        line = lines_of(location.document)[location.line - 1]
        best = max(
            difflib.SequenceMatcher(
                None, clause.source_text, line[i : i + len(clause.source_text)]
            ).ratio()
            for i in range(0, max(1, len(line) - len(clause.source_text) + 1), 4)
        )
        assert best >= 0.6, f"{location.label} line {location.line} does not repeat {clause.id}"


def test_the_resignation_clause_names_every_repeat():
    clause = POLICY.clauses["000.P1.2.8"]
    parts = {loc.part for loc in clause.locations}
    assert {"(一)", "(四)", "(六)", "(八)", "(七)", "(十)"} <= parts or {
        "P1",
        "P4",
        "P6",
        "P8",
        "P7",
        "P10",
    } <= parts


def test_texts_are_given_in_chinese_and_english():
    for clause in CLAUSES:
        assert re.search(r"[\u4e00-\u9fff]", clause.text_zh), clause.id
        assert re.search(r"[A-Za-z]", clause.text_en), clause.id


def test_part_five_clauses_are_out_of_scope():
    """Part (五) is a student association's charter: listed, never in force."""
    p5 = [c for c in CLAUSES if any(loc.part in ("(五)", "P5") for loc in c.locations)]
    assert all(c.out_of_scope for c in p5)


def inventory_rows() -> list[str]:
    """The row labels (A1, B2.3, C14, ...) of the normative-clause inventory."""
    text = (ROOT / "regulations" / "INVENTORY.md").read_text(encoding="utf-8")
    return re.findall(r"^\| ([A-H][0-9]+(?:\.[0-9]+)?) \|", text, flags=re.MULTILINE)


def test_every_inventory_row_has_a_clause():
    rows = inventory_rows()
    assert len(rows) > 60
    tagged = {row for clause in CLAUSES for row in clause.inventory}
    missing = [row for row in rows if row not in tagged]
    assert not missing, f"inventory rows with no clause: {missing}"

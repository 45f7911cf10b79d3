"""The readers behind `check` and `explain`, and the lint checks' folding, in process (the
commands themselves are tested through the real entry point in the other test_cli_* files)."""

from __future__ import annotations

import json

import pytest

import mktpolicy
from mktpolicy.cli.inputs import read_csv, read_json_array, read_json_lines
from mktpolicy.errors import EventError
from mktpolicy.expr import Scope, check, parse
from mktpolicy.expr.typed import TypedNode
from mktpolicy.expr.types import BOOL
from mktpolicy.ir.model import Program
from mktpolicy.ir.passes.fold import fold

LATE = {
    "type": "resignation",
    "id": "r1",
    "employee_id": "E1",
    "submitted_on": "2024-02-21",
    "last_day": "2024-03-20",
}


def test_json_lines_count_every_line_and_accept_crlf():
    text = "\r\n" + json.dumps(LATE) + "\r\n\r\n" + json.dumps(dict(LATE, id="r2")) + "\r\n"
    assert [line for line, _ in read_json_lines(text, "x")] == [2, 4]


def test_json_array_lines_and_empty_array():
    text = "[" + json.dumps(LATE) + ",\n\n   " + json.dumps(dict(LATE, id="r2")) + "]"
    assert [line for line, _ in read_json_array(text, "x")] == [1, 3]
    assert list(read_json_array(" [ \n ] \n", "x")) == []


def test_json_array_needs_commas():
    text = "[" + json.dumps(LATE) + "\n" + json.dumps(LATE) + "]"
    with pytest.raises(EventError, match=r"x:2: not valid JSON: expected ',' or '\]'"):
        list(read_json_array(text, "x"))


def test_csv_row_lines_follow_quoted_line_breaks():
    header = "\ufefftype,id,employee_id,submitted_on,last_day,x\n"
    rows = list(
        read_csv(header.replace(",x", "") + "resignation,r1,E1,2024-01-02,2024-03-01\n", "x")
    )
    assert [line for line, _ in rows] == [2]
    quoted = header + "resignation,r1,E1,2024-01-02,2024-03-01,\n"
    quoted += 'resignation,r2,E2,2024-02-21,2024-03-20,"a\nb"\n'
    # the second row's multi-line cell names an unknown field: reported at the row's first line
    with pytest.raises(EventError, match="x:3: field 'x'"):
        list(read_csv(quoted, "x"))


def test_csv_header_must_name_each_column_once():
    with pytest.raises(EventError, match="x:1: the header repeats column 'id'"):
        list(read_csv("type,id,id\n", "x"))
    with pytest.raises(EventError, match=r"x:1: the header has an empty column name \(column 2\)"):
        list(read_csv("type,,id\n", "x"))
    assert list(read_csv("", "x")) == []


def test_csv_booleans_are_only_true_or_false():
    header = "type,employee_id,left_on,accounts_settled,handover_done,supervisor_signed\n"
    (row,) = list(read_csv(header + "departure,E1,2024-03-01,TRUE,false,True\n", "x"))
    event = row[1]
    assert (event.accounts_settled, event.handover_done, event.supervisor_signed) == (
        True,
        False,
        True,
    )


def _typed(text: str) -> tuple[TypedNode, Program]:
    program = mktpolicy.load().program
    record = program.fact_types["Resignation"].record
    params = {ident: p.expr_type for ident, p in program.parameters.items()}
    return check(parse(text), Scope({"r": record}, params), expect=BOOL), program


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 > 2", False),
        ("r.in_writing and 1 > 2", False),
        ("r.in_writing or not (1 > 2)", True),
        ("r.in_writing", None),
        ('r.submitted_on < date("2024-01-01") and r.in_writing', None),
    ],
)
def test_fold_is_three_valued(text: str, value: object):
    node, program = _typed(text)
    assert fold(node, program) is value

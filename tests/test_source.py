"""Rule files are read safely: no tags, no duplicate keys, no YAML 1.1 surprises, bounded."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from mktpolicy import SourceError
from mktpolicy.source import MAX_DEPTH, MAX_FILE_BYTES, load_yaml_file, parse_yaml


def codes(error: SourceError) -> list[str]:
    return [d.code for d in error.diagnostics]


def test_plain_values_and_spans():
    doc = parse_yaml("a: 1\nb: [x, 2.50, '0123', 2024-01-31]\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ["x", Decimal("2.50"), "0123", "2024-01-31"]}
    assert str(doc.span(("b", 1))) == "f.yaml:2:8"


@pytest.mark.parametrize(
    "text",
    [
        "x: !!python/object/apply:os.system ['echo pwned']\n",
        "x: !!python/name:os.system\n",
        "x: !custom 3\n",
        "x: !!str 3\n",
    ],
)
def test_tags_are_rejected_never_constructed(text):
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, "evil.yaml")
    assert codes(caught.value) == ["yaml_tag"]
    assert str(caught.value.diagnostics[0].span) == "evil.yaml:1:4"


def test_duplicate_keys_name_both_places():
    with pytest.raises(SourceError) as caught:
        parse_yaml("rules:\n  a: 1\n  a: 2\n", "dup.yaml")
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.code == "duplicate_key"
    assert str(diagnostic.span) == "dup.yaml:3:3"
    assert "first defined at dup.yaml:2:3" in str(diagnostic)


@pytest.mark.parametrize(
    "scalar", ["NO", "yes", "On", "off", "0123", "12:30", "0x1F", ".inf", "1_000"]
)
def test_yaml_11_scalars_that_change_meaning_are_errors(scalar):
    with pytest.raises(SourceError) as caught:
        parse_yaml(f"value: {scalar}\n", "v.yaml")
    assert codes(caught.value) == ["ambiguous_scalar"]


@pytest.mark.parametrize("scalar", ["'NO'", '"0123"', "'12:30'"])
def test_quoted_scalars_are_text(scalar):
    assert parse_yaml(f"value: {scalar}\n", "v.yaml").data["value"] == scalar[1:-1]


def test_billion_laughs_is_stopped_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(8):
        prev, name = chr(97 + i), chr(98 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(lines) + "\n"
    assert len(bomb.encode()) < 1000
    started = time.perf_counter()
    with pytest.raises(SourceError) as caught:
        parse_yaml(bomb, "bomb.yaml")
    assert codes(caught.value) == ["too_many_nodes"]
    assert time.perf_counter() - started < 5


def test_deep_nesting_is_refused():
    with pytest.raises(SourceError) as caught:
        parse_yaml("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "deep.yaml")
    assert codes(caught.value) == ["too_deep"]


def test_merge_keys_are_refused():
    with pytest.raises(SourceError) as caught:
        parse_yaml("base: &b {x: 1}\nthing:\n  <<: *b\n", "m.yaml")
    assert codes(caught.value) == ["yaml_merge"]


def test_huge_file_is_refused(tmp_path: Path):
    path = tmp_path / "huge.yaml"
    path.write_text("x: " + "a" * (MAX_FILE_BYTES + 1) + "\n")
    with pytest.raises(SourceError) as caught:
        load_yaml_file(path, "huge.yaml")
    assert codes(caught.value) == ["file_too_large"]


def test_non_utf8_names_the_byte_and_its_place(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(SourceError) as caught:
        load_yaml_file(path, "latin1.yaml")
    assert str(caught.value) == (
        "latin1.yaml:2:7: not_utf8: byte 0xe9 is not valid UTF-8\n  hint: save the file as UTF-8"
    )


def test_syntax_error_has_a_place():
    with pytest.raises(SourceError) as caught:
        parse_yaml("a: [1, 2\nb: 3\n", "broken.yaml")
    assert caught.value.diagnostics[0].code == "yaml_syntax"
    assert caught.value.diagnostics[0].span is not None


def test_expression_positions_inside_scalars():
    doc = parse_yaml('a:\n  b: "x + y"\n  c: x + y\n  d: |\n    x +\n      y\n', "t.yaml")
    assert str(doc.text_span(("a", "b"), 4)) == "t.yaml:2:11"
    assert str(doc.text_span(("a", "c"), 4)) == "t.yaml:3:10"
    assert str(doc.text_span(("a", "d"), 6)) == "t.yaml:6:7"

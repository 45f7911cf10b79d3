"""The loader reads libyaml's event stream once: hostile files fail cleanly and fast, spans hold.

The golden files under golden/bad_rules/ (recursive_alias, huge_integer, nul_byte, alias_bomb,
keyword_field) pin the exact diagnostics; these tests pin what the goldens cannot: time, the
API's text input, alias spans, and that libyaml and PyYAML's own parser give the same document.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from mktpolicy import SourceError
from mktpolicy.policy import bundled_rules
from mktpolicy.source import MAX_NODES, load_yaml_file, parse_yaml, yaml_loader
from mktpolicy.spec.from_source import rule_files


def codes(error: SourceError) -> list[str]:
    return [d.code for d in error.diagnostics]


def bomb(levels: int) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(levels - 1):
        prev, name = chr(97 + i), chr(98 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_anything_is_expanded():
    started = time.perf_counter()
    with pytest.raises(SourceError) as caught:
        parse_yaml(bomb(9), "bomb.yaml")
    elapsed = time.perf_counter() - started
    assert codes(caught.value) == ["too_many_nodes"]
    assert elapsed < 0.05  # it cost ≈1 s when the composed graph was walked up to the cap


def test_expansion_is_counted_exactly_up_to_the_cap():
    # 5 levels: 10 + 9·(…) values; well under the cap, so it loads and shares the anchored lists.
    doc = parse_yaml(bomb(5), "ok.yaml")
    assert len(doc.data["e"]) == 9
    assert doc.data["e"][0] is doc.data["d"]
    assert MAX_NODES > 10**4


@pytest.mark.parametrize(
    "text",
    ["rules: &r [*r]\n", "a: &m {b: *m}\n", "x: &s [1, [2, *s]]\n"],
)
def test_an_alias_inside_its_own_anchor_is_an_error_not_a_recursion(text):
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, "loop.yaml")
    assert codes(caught.value) == ["recursive_alias"]
    assert caught.value.diagnostics[0].span is not None


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "1" * 4301, "1." + "5" * 5000])
def test_a_number_too_long_to_convert_is_a_load_error(number):
    with pytest.raises(SourceError) as caught:
        parse_yaml(f"x: 1\ny: {number}\n", "n.yaml")
    assert codes(caught.value) == ["number_too_long"]
    assert str(caught.value.diagnostics[0].span) == "n.yaml:2:4"


def test_a_nul_byte_in_a_file_is_reported_at_its_line_and_column(tmp_path: Path):
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"a: 1\nb: x\x00y\n")
    with pytest.raises(SourceError) as caught:
        load_yaml_file(path, "nul.yaml")
    assert codes(caught.value) == ["control_character"]
    assert str(caught.value.diagnostics[0].span) == "nul.yaml:2:5"


@pytest.mark.parametrize(
    ("text", "place"),
    [("a: '\ud800'\n", "t.yaml:1:5"), ("a: 1\n  \x0b\n", "t.yaml:2:3"), ("\x1b", "t.yaml:1:1")],
)
def test_other_forbidden_characters_in_text_have_a_place(text, place):
    # A lone surrogate made libyaml raise UnicodeEncodeError: not a SourceError.
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, "t.yaml")
    assert str(caught.value.diagnostics[0].span) == place


def test_spans_inside_an_alias_are_those_of_the_anchored_text():
    doc = parse_yaml("base: &b\n  when: [x, 'y + z']\nrule:\n  copy: *b\n", "a.yaml")
    assert doc.data["rule"]["copy"] == {"when": ["x", "y + z"]}
    assert str(doc.span(("rule", "copy", "when", 1))) == "a.yaml:2:13"
    assert str(doc.span(("rule", "copy", "when"), key=True)) == "a.yaml:2:3"
    assert str(doc.text_span(("rule", "copy", "when", 1), 4)) == "a.yaml:2:18"  # the z
    assert str(doc.span(("rule",))) == "a.yaml:4:3"


def test_a_scalar_alias_as_a_key_is_its_text_and_a_collection_key_is_refused():
    assert parse_yaml("k: &k name\n*k : 1\n", "k.yaml").data == {"k": "name", "name": 1}
    with pytest.raises(SourceError) as caught:
        parse_yaml("c: &c [1]\n*c : 1\n", "k.yaml")
    assert codes(caught.value) == ["yaml_key"]


def test_duplicate_anchor_and_undefined_alias_are_syntax_errors():
    for text in ("a: &x 1\nb: &x 2\n", "a: *nowhere\n", "---\na: 1\n---\nb: 2\n"):
        with pytest.raises(SourceError) as caught:
            parse_yaml(text, "s.yaml")
        assert codes(caught.value) == ["yaml_syntax"]


def test_libyaml_and_pyyaml_read_the_bundled_rulebook_alike(monkeypatch: pytest.MonkeyPatch):
    assert yaml.__with_libyaml__, "libyaml is what makes loading fast: PyYAML built without it?"
    files = rule_files(bundled_rules())
    fast = [load_yaml_file(p, p.name) for p in files]
    monkeypatch.setattr(yaml_loader, "_Parser", yaml.SafeLoader)
    slow = [load_yaml_file(p, p.name) for p in files]
    for a, b in zip(fast, slow, strict=True):
        assert a.data == b.data
        assert dict(a.spans) == dict(b.spans)
        assert dict(a.key_spans) == dict(b.key_spans)
        assert a.text_starts == b.text_starts

"""`check --lang zh|en|both`: the clause text people read in the language(s) they read, in text,
JUnit and SARIF (HTML: tests/test_html_report.py). Without it, each format says what it said."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from mktpolicy.cli.main import cli

ZH = "连续三个月完不成工作考核指标，予以调整岗位或解聘。"


def check(*args: str) -> str:
    result = CliRunner().invoke(cli, ["check", "--example", *args], catch_exceptions=False)
    assert result.exit_code == 1, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def english() -> str:
    """The English text of the clause S-105's transfer-or-dismissal verdict cites."""
    document = json.loads(check("--format", "json"))
    (verdict,) = [v for v in document["verdicts"] if v["rule"] == "transfer-or-dismissal"]
    (citation,) = [c for c in verdict["citations"] if c["clause"] == "000.P3.9.3"]
    assert citation["text_zh"] == ZH
    return str(citation["text_en"])


def test_text_is_chinese_unless_asked(english: str):
    default = check()
    assert ZH in default
    assert english not in default
    assert "consequence: job transfer or dismissal (予以调整岗位或解聘)" in default
    only_en = check("--lang", "en")
    assert english in only_en
    assert ZH not in only_en
    assert "consequence: job transfer or dismissal\n" in only_en
    both = check("--lang", "both")
    assert both.index(ZH) < both.index(english)


def test_junit_failure_text_follows_lang(english: str):
    def details(*args: str) -> str:
        root = ElementTree.fromstring(check("--format", "junit", *args).encode())
        return "\n".join(f.text or "" for f in root.iter("failure"))

    assert ZH in details()
    assert english not in details()
    assert "consequence: job transfer or dismissal\n" in details()
    en = details("--lang", "en")
    assert english in en
    assert ZH not in en
    both = details("--lang", "both")
    assert ZH in both
    assert english in both
    assert "consequence: job transfer or dismissal (予以调整岗位或解聘)" in both


def test_sarif_help_and_messages_follow_lang(english: str):
    def log(*args: str) -> dict[str, object]:
        run = json.loads(check("--format", "sarif", *args))["runs"][0]
        rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
        results = [r for r in run["results"] if r["ruleId"] == "transfer-or-dismissal"]
        return {"rule": rules["transfer-or-dismissal"], "message": results[0]["message"]["text"]}

    default = log()
    assert ZH in json.dumps(default["rule"], ensure_ascii=False)  # help: both, as before
    assert english in json.dumps(default["rule"], ensure_ascii=False)
    assert ZH not in str(default["message"])  # the message alone, as before
    zh = log("--lang", "zh")
    assert english not in json.dumps(zh["rule"], ensure_ascii=False)
    assert ZH in str(zh["message"])
    en = log("--lang", "en")
    assert ZH not in json.dumps(en["rule"], ensure_ascii=False)
    assert english in str(en["message"])


def test_json_carries_both_whatever_lang_says(english: str):
    text = check("--format", "json", "--lang", "en")
    assert ZH in text
    assert english in text


def test_an_unknown_language_is_a_usage_error():
    result = CliRunner().invoke(cli, ["check", "--example", "--lang", "fr"])
    assert result.exit_code == 2
    assert "'fr' is not one of 'zh', 'en', 'both'" in result.stderr


def test_explain_shows_both_unless_asked(english: str):
    def explain(*args: str) -> str:
        result = CliRunner().invoke(
            cli,
            ["explain", "--example", "--rule", "transfer-or-dismissal", *args],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.stderr
        return result.stdout

    both = explain()
    assert ZH in both
    assert english in both
    assert "consequence: job transfer or dismissal (予以调整岗位或解聘)" in both
    zh = explain("--lang", "zh")
    assert english not in zh
    assert "consequence: 予以调整岗位或解聘\n" in zh

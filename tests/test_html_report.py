"""`check --format html`: one self-contained page for an HR officer, read here as a parser reads
it (tests/test_html_browser.py opens it in Chromium): totals for every outcome, charts, a
section per employee, both languages of the clause text, everything escaped, nothing fetched."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import mktpolicy
from mktpolicy.cli.common import example_events
from mktpolicy.cli.inputs import read_inputs
from mktpolicy.cli.main import cli
from mktpolicy.cli.reporters import CheckReport, Summary, html
from mktpolicy.cli.reporters.html import HtmlReporter
from mktpolicy.spec.models import Outcome

HOSTILE = '<script>alert("x")</script>&"'
"""An employee id a hostile export might carry: it must come out as text."""


class Page(HTMLParser):
    """Every element's tag and attributes, in order, and the page's text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []
        self.blocks: dict[str, list[str]] = {"style": [], "script": []}
        self._inside: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in self.blocks:
            self._inside = tag

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside is not None:
            self.blocks[self._inside].append(data)
        else:
            self.data.append(data)

    def all(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            attrs
            for name, attrs in self.elements
            if name == tag
            and all(attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in wanted.items())
        ]

    @property
    def text(self) -> str:
        return "".join(self.data)


def check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def example_html(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "report.html"
    status, stdout, stderr = check("--example", "--format", "html", "-o", str(out), *args)
    assert status == 1, stderr
    assert stdout == ""
    assert stderr.strip().endswith("fines 60 yuan, compensation 300 yuan")
    return out.read_text(encoding="utf-8")


def write_jsonl(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_the_example_page_has_totals_charts_and_a_section_per_employee(tmp_path: Path):
    page = Page(example_html(tmp_path))
    totals = {a["data-total"] for a in page.all("div") if "data-total" in a}
    assert totals == {"violation", "warning", "fines", "compensation"}
    assert "60 元" in page.text
    assert "300 元" in page.text
    sections = page.all("section", class_="subject")
    assert [a["data-employee"] for a in sections] == ["E-017", "S-102", "S-105"]
    articles = page.all("article")
    assert len(articles) == 7
    assert {a["data-outcome"] for a in articles} == {"violation"}
    assert len(page.all("details")) == 7  # each verdict's chain of firings, folded
    assert len(page.all("svg")) == 2  # by month, by rule
    assert page.all("output", id="shown")
    # the events a verdict rests on, with the file and line they were read from
    assert "hr-1001 (mktpolicy/examples/events.jsonl:1)" in page.text
    assert "What would have complied" in page.text
    assert "Stay until 2024-04-05 at least." in page.text


def test_both_languages_by_default_and_one_with_lang(tmp_path: Path):
    zh = "连续三个月完不成工作考核指标"
    en = "three consecutive months"
    both = Page(example_html(tmp_path)).text
    assert zh in both
    assert en in both.lower() or "three months" in both.lower()
    only_en = Page(example_html(tmp_path, "--lang", "en")).text
    only_zh = Page(example_html(tmp_path, "--lang", "zh")).text
    assert zh not in only_en
    assert "违规" not in only_en  # the page's own words follow the language too
    assert zh in only_zh
    assert "Violation" not in only_zh
    assert "14 个事件, 3 名员工有结论" in only_zh
    assert "14 events, 3 employees with verdicts" in both


def test_the_page_fetches_nothing_and_runs_only_its_own_style_and_script(tmp_path: Path):
    text = example_html(tmp_path)
    page = Page(text)
    assert not page.all("link")
    assert not page.all("img")
    assert not [a for _, a in page.elements if "src" in a or "href" in a]
    assert "url(" not in text
    assert "@import" not in text
    (policy,) = page.all("meta", http_equiv="Content-Security-Policy")
    csp = policy["content"] or ""
    assert "default-src 'none'" in csp
    for block in ("style", "script"):
        (content,) = page.blocks[block]
        digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
        assert f"{block}-src 'sha256-{digest}'" in csp


def test_hostile_ids_and_values_are_text_not_markup(tmp_path: Path):
    events = write_jsonl(
        tmp_path / "hostile.jsonl",
        {
            "type": "customer_promise",
            "id": '"><img src=x onerror=alert(1)>',
            "employee_id": HOSTILE,
            "occurred_on": "2024-04-02",
            "customer_id": "</script><script>alert(2)</script>",
            "promise": "freight_discount",
            "authorised": False,
            "price_difference": "300",
        },
    )
    out = tmp_path / "report.html"
    status, _, stderr = check(str(events), "--format", "html", "-o", str(out))
    assert status == 1, stderr
    text = out.read_text(encoding="utf-8")
    page = Page(text)
    assert [tag for tag, _ in page.elements].count("script") == 1
    assert not page.all("img")
    assert HOSTILE in page.text
    assert '"><img src=x onerror=alert(1)>' in page.text
    assert [a["data-employee"] for a in page.all("section", class_="subject")] == [HOSTILE]
    assert any(a["value"] == HOSTILE for a in page.all("option"))


def test_a_count_for_every_outcome_present_whatever_the_enum_holds(
    monkeypatch: pytest.MonkeyPatch,
):
    """The totals, badges and colours iterate over Outcome: outcomes added to it later (here
    two made up, one with words of its own and one without) are counted and shown too."""
    from mktpolicy.cli.reporters import html_chart

    members = {o.name: o.value for o in Outcome} | {"LAPSED": "lapsed", "NOVEL": "novel"}
    extended = StrEnum("Outcome", members)
    monkeypatch.setattr(html, "Outcome", extended)
    monkeypatch.setattr(html_chart, "Outcome", extended)
    policy = mktpolicy.load()
    inputs = read_inputs([example_events()])
    (first, *_) = policy.evaluate(inputs.events)
    verdicts = [  # model_copy does not validate: the made-up outcomes pass
        first.model_copy(update={"outcome": outcome, "subject": f"E{i}"})
        for i, outcome in enumerate(extended)
    ]
    summary = Summary.of(inputs.count, verdicts)
    page = Page(HtmlReporter("en").report(CheckReport(verdicts, summary, policy, inputs)))
    totals = [a["data-total"] for a in page.all("div") if "data-total" in a]
    assert totals == [*members.values(), "fines", "compensation"]
    assert [a["data-outcome"] for a in page.all("article")] == list(members.values())
    badges = {a.get("class") for a in page.all("span")}
    assert {f"badge badge-{value}" for value in members.values()} <= badges
    for outcome in Outcome:  # the style, made at import, colours every real outcome's badge
        assert f".badge-{outcome.value}{{background:" in page.blocks["style"][0]
    assert "Lapsed" in page.text
    assert "novel" in page.text


def test_no_verdicts_is_a_page_that_says_so(tmp_path: Path):
    events = write_jsonl(
        tmp_path / "ok.jsonl",
        {
            "type": "resignation",
            "employee_id": "E1",
            "submitted_on": "2024-01-02",
            "last_day": "2024-03-01",
        },
    )
    out = tmp_path / "report.html"
    status, _, _ = check(str(events), "--format", "html", "-o", str(out), "--lang", "en")
    assert status == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert "No verdicts" in page.text
    assert not page.all("svg")
    assert page.text.count("0 yuan") == 2


def test_streamed_and_spooled_pages_are_the_batch_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    batch = example_html(tmp_path)
    monkeypatch.setattr(html, "SPOOL_BYTES", 256)  # the sections wait on disk
    streamed = example_html(tmp_path, "--stream")
    assert streamed == batch


def test_chart_rows_are_months_and_rules_and_a_long_list_is_folded():
    from mktpolicy.cli.reporters.html_chart import MOST_ROWS, Bar, bar_chart

    labels = {o: o.value for o in Outcome}
    bars: Sequence[Bar] = [
        Bar(f"rule-{i}", f"<b>{i}</b>", {Outcome.VIOLATION: i + 1}, Decimal(i)) for i in range(40)
    ]
    svg = bar_chart(bars, labels, ("Verdicts", "Fines"))
    assert svg.count("<g><title>") == MOST_ROWS
    assert f"({40 - MOST_ROWS + 1} more)" in svg
    assert "<b>" not in svg
    assert re.search(r"&lt;b&gt;0&lt;/b&gt;", svg)


def test_an_incomplete_check_says_so_at_the_top(tmp_path: Path):
    events = tmp_path / "mixed.jsonl"
    events.write_text(
        json.dumps(
            {
                "type": "resignation",
                "employee_id": "E1",
                "submitted_on": "2024-02-21",
                "last_day": "2024-03-20",
            }
        )
        + "\n{not json\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    status, _, stderr = check(str(events), "--keep-going", "--format", "html", "-o", str(out))
    assert status == 2
    assert stderr.strip().endswith("; INCOMPLETE: 1 bad record skipped")
    page = Page(out.read_text(encoding="utf-8"))
    (notice,) = page.all("p", class_="incomplete")
    assert notice is not None
    assert "INCOMPLETE: bad records were skipped: 1" in page.text
    assert len(page.all("article")) == 1


def test_a_report_that_cannot_be_written_is_exit_2(tmp_path: Path):
    out = tmp_path / "no such folder" / "report.html"
    status, _, stderr = check("--example", "--format", "html", "-o", str(out))
    assert status == 2
    assert f"cannot write the report (No such file or directory); cannot write {out}" in stderr

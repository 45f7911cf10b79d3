"""`mktpolicy events`: every event type with its fields, the rules and clauses that read it and
an example line; docs/events.md is its --markdown output, kept in sync here."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import mktpolicy
from mktpolicy.cli.main import cli
from mktpolicy.events.reader import to_event
from mktpolicy.events.registry import BY_TYPE, EVENT_MODELS
from mktpolicy.events_doc import describe_events, render_markdown

ROOT = Path(__file__).parents[1]


def events(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["events", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_json_lists_every_type_with_its_fields_and_an_example_that_validates():
    status, out, _ = events("--json")
    assert status == 0
    listed = json.loads(out)
    assert sorted(d["type"] for d in listed) == sorted(BY_TYPE)
    assert len(listed) == len(EVENT_MODELS)
    for doc in listed:
        model = BY_TYPE[doc["type"]]
        fields = {f["name"]: f for f in doc["fields"]}
        assert set(fields) == set(model.model_fields) - {"type"}
        for name, field in fields.items():
            assert field["required"] == model.model_fields[name].is_required()
            assert field["type"]
        assert type(to_event(doc["example"])) is model
        assert doc["date_field"] in fields


def test_the_rules_and_clauses_that_read_a_type_count_derived_facts_too():
    _, out, _ = events("--json", "resignation", "MonthlyResult")
    resignation, monthly = json.loads(out)
    assert resignation["type"] == "resignation"
    assert "resignation-notice-too-short" in resignation["rules"]
    assert "000.P1.2.8" in resignation["clauses"]
    # monthly results reach transfer-or-dismissal through the facts derived from them
    assert "transfer-or-dismissal" in monthly["rules"]
    assert "000.P3.9.3" in monthly["clauses"]
    described = {f["name"]: f["description"] for f in resignation["fields"]}
    assert described["last_day"] == "The last working day the employee asks for."


def test_text_shows_each_type_and_an_example_line():
    status, out, _ = events()
    assert status == 0
    for model in EVENT_MODELS:
        assert f"({model.__name__}): " in out
    assert out.count("  example: {") == len(EVENT_MODELS)
    assert "  in_writing    bool          optional, default true  Whether" in out


def test_an_unknown_type_is_named_with_the_nearest():
    status, _, err = events("resignaton")
    assert status == 2
    assert "unknown event type 'resignaton'; did you mean 'resignation'?" in err


def test_docs_events_md_is_current():
    committed = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    generated = render_markdown(describe_events(mktpolicy.load().program))
    assert committed == generated, "run: mktpolicy events --markdown > docs/events.md"

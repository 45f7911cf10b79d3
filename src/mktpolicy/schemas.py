"""JSON Schemas of rule files and events, generated from the pydantic models.

`schemas/` in the repository holds the generated files; a test keeps them in sync, and
`mktpolicy schemas --output schemas/` regenerates them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mktpolicy.events.registry import event_adapter
from mktpolicy.spec.models import RuleFileSpec
from mktpolicy.verdicts.model import Verdict

SCHEMA_FILES = ("rulefile.schema.json", "event.schema.json", "verdict.schema.json")


def generated_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, each with a `$schema` and a `title`."""
    schemas = {
        "rulefile.schema.json": RuleFileSpec.model_json_schema(by_alias=True),
        "event.schema.json": event_adapter().json_schema(),
        "verdict.schema.json": Verdict.model_json_schema(),
    }
    titles = {
        "rulefile.schema.json": "mktpolicy rule file",
        "event.schema.json": "mktpolicy event (one JSON line)",
        "verdict.schema.json": "mktpolicy verdict",
    }
    for name, schema in schemas.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = titles[name]
    return schemas


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into `directory`; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generated_schemas().items():
        path = directory / name
        path.write_text(render_schema(schema), encoding="utf-8")
        written.append(path)
    return written

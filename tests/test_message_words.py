"""Messages and would_comply texts in words, not identifiers (issue 21).

The reader is an HR officer: `Unauthorised freight_discount`, `went to general_manager` and
`approved before 2024-04-12T12:00:00` are the program's names, not theirs.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, get_args, get_origin

import mktpolicy
from mktpolicy.events.registry import EVENT_MODELS
from mktpolicy.expr import library, render
from mktpolicy.expr.types import Type
from mktpolicy.ir.model import VerdictAction

from .test_would_comply import bundled_verdicts

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def _literals(annotation: Any) -> set[str]:
    """Every text a Literal anywhere inside `annotation` allows (roles, kinds, acts)."""
    if get_origin(annotation) is not None and all(isinstance(a, str) for a in get_args(annotation)):
        found = {a for a in get_args(annotation) if isinstance(a, str)}
        if found:
            return found
    return {text for arg in get_args(annotation) for text in _literals(arg)}


def choice_values() -> set[str]:
    """The snake_case values of every event field with a fixed set of choices (and roles)."""
    values = {
        value
        for model in EVENT_MODELS
        for name, field in model.model_fields.items()
        if name != "type"
        for value in _literals(field.annotation)
    }
    return {value for value in values if SNAKE.fullmatch(value)}


def test_the_choices_are_found() -> None:
    choices = choice_values()
    assert {"freight_discount", "general_manager", "marketing_manager", "trial_order"} <= choices


def test_no_verdict_shows_a_role_or_choice_identifier_or_an_iso_time() -> None:
    choices = choice_values()
    verdicts = bundled_verdicts()
    assert len(verdicts) > 200
    problems = []
    for verdict in verdicts:
        for text in (verdict.message, verdict.explanation.would_comply or ""):
            shown = set(SNAKE.findall(text)) & choices
            if shown or ISO_TIME.search(text):
                problems.append(f"{verdict.rule}: {text}")
    assert problems == []


def test_words_and_times() -> None:
    assert library.words("freight_discount") == "freight discount"
    assert library.words(("quotation", "drawing_confirmation")) == (
        "quotation, drawing confirmation"
    )
    assert render.render_value(("a_b",)) == "a_b"  # only words() turns identifiers into words
    assert render.render_value(datetime(2024, 4, 12, 12, 0)) == "2024-04-12 12:00"
    assert render.render_value(datetime(2024, 4, 12, 12, 0, 30)) == "2024-04-12 12:00:30"


def _shows_an_identifier(kind: Type) -> bool:
    """A hole of this type prints a snake_case choice as it is."""
    if kind.kind == "list" and kind.item is not None:
        return _shows_an_identifier(kind.item)
    return any(SNAKE.fullmatch(choice) for choice in kind.choices or ())


def test_no_template_prints_a_choice_without_words() -> None:
    """Over the whole rulebook, not only what the cases reach: a hole that prints a field with
    snake_case choices goes through `words()`."""
    program = mktpolicy.load().program
    holes = [
        (rule.id, part.type.describe())
        for rule in program.rules
        if isinstance(rule.action, VerdictAction)
        for template in (rule.action.message, rule.action.would_comply)
        if template is not None
        for part in template.parts_typed()
        if _shows_an_identifier(part.type)
    ]
    assert holes == []

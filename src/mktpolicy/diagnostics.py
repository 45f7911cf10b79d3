"""Where a thing came from, and what is wrong with it.

Every rule-file node keeps a `Span`; every problem found while loading is a `Diagnostic` with a
stable code, so messages read like `rules/meals.yaml:12:9: type_error: ...` and can be rendered to
text, JSON or SARIF by the reporters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A region of a source file; `line` and `column` count from 1, columns in characters."""

    file: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def shifted(self, offset: int, length: int = 0) -> Span:
        """The span `offset` characters into this one's first line (for text inside a scalar)."""
        column = self.column + offset
        return Span(self.file, self.line, column, self.line, column + max(length, 1))


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: a stable `code`, a message, where it is, and an optional hint."""

    code: str
    message: str
    span: Span | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR
    notes: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        text = f"{where}{self.code}: {self.message}"
        for note in self.notes:
            text += f"\n  note: {note}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.file, self.span.line, self.span.column, self.code)


def render(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...], limit: int = 10) -> str:
    """Sorted by location, at most `limit` shown (as OPA does), with a count of the rest."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    lines = [str(d) for d in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(f"... and {len(ordered) - limit} more")
    return "\n".join(lines)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate, as Catala's and rule-engine's suggestions do."""
    import difflib

    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None

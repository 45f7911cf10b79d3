"""Rule files → plain values with a span for every node, read safely.

PyYAML only tokenises and composes here; we turn nodes into values ourselves so that:
- no tag is honoured (`!!python/object` and friends are errors, never objects);
- a duplicate key is an error (PyYAML keeps the last one silently);
- YAML 1.1 scalars that change meaning are errors, not surprises (`NO` → False, `0123` → 83,
  `12:30` → 750): only `true`/`false`, `null`/`~`, decimal integers and decimals are resolved,
  everything else is text;
- size, nesting depth and alias expansion are bounded (a "billion laughs" file fails fast).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from mktpolicy.diagnostics import Diagnostic, Span
from mktpolicy.errors import SourceError

MAX_FILE_BYTES = 1_048_576
MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_ALIASES = 1_000

Path_ = tuple[str | int, ...]

_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_OTHER_NUMBER = re.compile(
    r"^(?:[-+]?0[xob][0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?"
    r"|[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+)$"
)
_YAML11_BOOL = frozenset(
    s
    for word in ("yes", "no", "on", "off", "y", "n")
    for s in (word, word.upper(), word.capitalize())
)
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A parsed file: its values, and the span of every value and key by path."""

    file: str
    data: Any
    spans: Mapping[Path_, Span]
    key_spans: Mapping[Path_, Span]
    text_starts: Mapping[Path_, tuple[int, int]] = field(default_factory=dict)
    """For each text scalar: (line, column) where its content begins (inside the quote)."""

    def text_span(self, path: Path_, offset: int, length: int = 1) -> Span | None:
        """The span of characters `offset`… of the text scalar at `path` (an expression)."""
        start = self.text_starts.get(path)
        base = self.span(path)
        if start is None or base is None:
            return base
        line, column = start
        value = self._value(path)
        if isinstance(value, str):
            before = value[:offset]
            newlines = before.count("\n")
            if newlines:
                line += newlines
                column = self._block_indent.get(path, column)
                column += len(before.rsplit("\n", 1)[-1])
            else:
                column += offset
        return Span(base.file, line, column, line, column + max(length, 1))

    def _value(self, path: Path_) -> Any:
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    _block_indent: Mapping[Path_, int] = field(default_factory=dict)

    def span(self, path: Path_, *, key: bool = False) -> Span | None:
        """The span of the node at `path`, or of its nearest ancestor that has one."""
        table = self.key_spans if key else self.spans
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) if table is self.key_spans else None
            if found is None:
                found = self.spans.get(path[:end])
            if found is not None:
                return found
        return None


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit resolvers: we resolve scalars ourselves."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's own class attribute


def _span(file: str, node: yaml.Node | yaml.Event) -> Span:
    start, end = node.start_mark, node.end_mark
    if start is None:
        return Span(file, 1, 1)
    if end is None:
        return Span(file, start.line + 1, start.column + 1)
    return Span(file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _mark_span(file: str, mark: Any) -> Span | None:
    if mark is None:
        return None
    return Span(file, mark.line + 1, mark.column + 1)


def read_text(path: Path, display: str) -> str:
    """The file's text, refusing what is too large or not UTF-8 (with the bad byte's place)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(
                [
                    Diagnostic(
                        "file_too_large",
                        f"{size:,} bytes; rule files are limited to {MAX_FILE_BYTES:,} bytes",
                        Span(display, 1, 1),
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(
            [Diagnostic("unreadable", f"cannot read: {exc.strerror or exc}", Span(display, 1, 1))]
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise SourceError(
            [
                Diagnostic(
                    "not_utf8",
                    f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                    Span(display, line, column),
                    hint="save the file as UTF-8",
                )
            ]
        ) from exc
    return text.removeprefix("\ufeff")


def parse_yaml(text: str, file: str) -> SourceDocument:
    """Parse one YAML document from `text`; `file` is the name used in spans."""
    _prescan(text, file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, file) from exc
    builder = _Builder(file, text)
    data = {} if node is None else builder.value(node, (), 0)
    if builder.diagnostics:
        raise SourceError(builder.diagnostics)
    return SourceDocument(
        file, data, builder.spans, builder.key_spans, builder.text_starts, builder.block_indent
    )


def load_yaml_file(path: Path, display: str | None = None) -> SourceDocument:
    """Read and parse a rule file; every failure is a SourceError with file:line:col."""
    name = display or str(path)
    return parse_yaml(read_text(path, name), name)


def _syntax_error(exc: yaml.YAMLError, file: str) -> SourceError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{context}: {problem}" if context else str(problem)
    hint = None
    if "mapping values are not allowed" in message:
        hint = "text containing ': ' must be quoted"
    return SourceError([Diagnostic("yaml_syntax", message, _mark_span(file, mark), hint=hint)])


def _prescan(text: str, file: str) -> None:
    """Walk the event stream (flat, no recursion) to bound depth and aliases, reject tags."""
    depth = 0
    aliases = 0
    diagnostics: list[Diagnostic] = []
    events: Iterator[yaml.Event] = yaml.parse(text, Loader=_Loader)
    try:
        for event in events:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise SourceError(
                        [
                            Diagnostic(
                                "too_deep",
                                f"nesting deeper than {MAX_DEPTH} levels",
                                _span(file, event),
                            )
                        ]
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise SourceError(
                        [
                            Diagnostic(
                                "too_many_aliases",
                                f"more than {MAX_ALIASES} aliases",
                                _span(file, event),
                            )
                        ]
                    )
            tag = getattr(event, "tag", None)
            if tag is not None and isinstance(event, yaml.NodeEvent):
                implicit = getattr(event, "implicit", None)
                # A quoted scalar reports tag '!' only when written so; any explicit tag is refused.
                if not (isinstance(implicit, tuple) and tag == "!" and implicit[1]):
                    diagnostics.append(
                        Diagnostic(
                            "yaml_tag",
                            f"tag {tag!r} is not allowed in rule files",
                            _span(file, event),
                            hint="rule files hold plain data: remove the tag",
                        )
                    )
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, file) from exc
    if diagnostics:
        raise SourceError(diagnostics)


class _Builder:
    """Turns composed nodes into values, recording spans and problems."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.lines = text.splitlines()
        self.text_starts: dict[Path_, tuple[int, int]] = {}
        self.block_indent: dict[Path_, int] = {}
        self.spans: dict[Path_, Span] = {}
        self.key_spans: dict[Path_, Span] = {}
        self.diagnostics: list[Diagnostic] = []
        self.nodes = 0

    def value(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise SourceError(
                [
                    Diagnostic(
                        "too_many_nodes",
                        f"the file expands to more than {MAX_NODES:,} values "
                        "(aliases expanding exponentially?)",
                        _span(self.file, node),
                    )
                ]
            )
        self.spans.setdefault(path, _span(self.file, node))
        if isinstance(node, yaml.ScalarNode):
            self.note_text_start(node, path)
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        self.error("yaml_node", f"unsupported node {type(node).__name__}", node)
        return None

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Span] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error("yaml_key", "mapping keys must be plain text", key_node)
                continue
            key = key_node.value
            key_span = _span(self.file, key_node)
            if key == "<<" and key_node.style is None:
                self.error("yaml_merge", "merge keys ('<<') are not allowed", key_node)
                continue
            if key in first_seen:
                self.diagnostics.append(
                    Diagnostic(
                        "duplicate_key",
                        f"duplicate key {key!r}",
                        key_span,
                        notes=(f"first defined at {first_seen[key]}",),
                    )
                )
                continue
            first_seen[key] = key_span
            self.key_spans[(*path, key)] = key_span
            result[key] = self.value(value_node, (*path, key), depth + 1)
        return result

    def note_text_start(self, node: yaml.ScalarNode, path: Path_) -> None:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if node.style in ("'", '"'):
            self.text_starts[path] = (line, column + 1)
        elif node.style in ("|", ">"):
            # Content starts on the next line, at that line's indentation.
            text = self.lines[line] if line < len(self.lines) else ""
            indent = len(text) - len(text.lstrip(" ")) + 1
            self.text_starts[path] = (line + 1, indent)
            self.block_indent[path] = indent
        else:
            self.text_starts[path] = (line, column)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        text: str = node.value
        if node.style is not None:  # quoted or block: always text
            return text
        if text in _NULL:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if text in _YAML11_BOOL:
            self.error(
                "ambiguous_scalar",
                f"{text!r} means a boolean in YAML 1.1 and text in YAML 1.2",
                node,
                hint="write true/false, or quote it if you mean the text",
            )
            return text
        if _INT.match(text):
            return int(text)
        if _DECIMAL.match(text):
            return Decimal(text)
        if _LEADING_ZERO.match(text):
            self.error(
                "ambiguous_scalar",
                f"{text!r} has a leading zero (YAML 1.1 reads 0123 as octal 83)",
                node,
                hint="quote it if it is an identifier, or drop the zero",
            )
            return text
        if _OTHER_NUMBER.match(text):
            self.error(
                "ambiguous_scalar",
                f"{text!r} is a number in some YAML versions (e.g. 12:30 is 750 in YAML 1.1)",
                node,
                hint="quote it",
            )
            return text
        return text

    def error(self, code: str, message: str, node: yaml.Node, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, _span(self.file, node), hint=hint))

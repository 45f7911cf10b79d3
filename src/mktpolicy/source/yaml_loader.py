"""Rule files → plain values with a span for every node, read safely.

libyaml (through PyYAML) only parses here: one pass over its event stream builds the values, so
that:
- no tag is honoured (`!!python/object` and friends are errors, never objects);
- a duplicate key is an error (PyYAML keeps the last one silently);
- YAML 1.1 scalars that change meaning are errors, not surprises (`NO` → False, `0123` → 83,
  `12:30` → 750): only `true`/`false`, `null`/`~`, decimal integers and decimals are resolved,
  everything else is text;
- size, nesting depth, numbers and alias expansion are bounded: an alias is counted at its
  anchor's size before anything is expanded (a "billion laughs" file fails in microseconds),
  and an alias inside its own anchor is an error rather than a recursive value;
- a forbidden character (NUL, a control character) is reported at its line and column.
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
MAX_NUMBER_CHARS = 100
"""Longer numbers are refused: no rule needs them, and int() refuses 4,300 digits anyway."""

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
# libyaml's parser when PyYAML was built with it (≈20× faster), else PyYAML's own: same events.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
        if self.aliases:
            path = self.resolve(path)
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
    aliases: Mapping[Path_, Path_] = field(default_factory=dict)
    """Where each alias's anchor is: a path through an alias has the anchored text's spans."""

    def resolve(self, path: Path_) -> Path_:
        """`path` with every alias on it replaced by its anchor's path (where its text is)."""
        for _ in range(len(self.aliases) + 1):
            for end in range(len(path), 0, -1):
                target = self.aliases.get(path[:end])
                if target is not None:
                    path = (*target, *path[end:])
                    break
            else:
                break
        return path

    def span(self, path: Path_, *, key: bool = False) -> Span | None:
        """The span of the node at `path`, or of its nearest ancestor that has one."""
        if self.aliases:
            path = self.resolve(path)
        table = self.key_spans if key else self.spans
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) if table is self.key_spans else None
            if found is None:
                found = self.spans.get(path[:end])
            if found is not None:
                return found
        return None


def _span(file: str, node: yaml.Node | yaml.Event) -> Span:
    start, end = node.start_mark, node.end_mark
    if start is None:
        return Span(file, 1, 1)
    if end is None:
        return Span(file, start.line + 1, start.column + 1)
    return Span(file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


_Pos = tuple[int, int, int, int]  # line, column, end line, end column: counting from 1


def _pos(event: yaml.Event) -> _Pos:
    start, end = event.start_mark, event.end_mark
    if start is None:
        return (1, 1, 0, 0)
    if end is None:
        return (start.line + 1, start.column + 1, 0, 0)
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _Spans(Mapping[Path_, Span]):
    """Spans kept as position tuples, made into `Span`s when asked (a file has thousands)."""

    __slots__ = ("_file", "_positions")

    def __init__(self, file: str, positions: Mapping[Path_, _Pos]) -> None:
        self._file = file
        self._positions = positions

    def __getitem__(self, path: Path_) -> Span:
        return Span(self._file, *self._positions[path])

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


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
    """Parse one YAML document from `text`; `file` is the name used in spans.

    One pass over libyaml's event stream (PyYAML's pure-Python parser when libyaml is missing):
    no node graph is composed, so aliases are counted before anything is expanded.
    """
    builder = _Builder(file, text)
    try:
        parser = _Parser(text)
        scalar, other, scalar_class = builder.scalar_event, builder.event, yaml.ScalarEvent
        try:
            while parser.check_event():
                event = parser.get_event()
                if event.__class__ is scalar_class:  # most events: the hot path, one call
                    scalar(event)
                else:
                    other(event)
        finally:
            parser.dispose()
    except (yaml.reader.ReaderError, UnicodeEncodeError) as exc:
        # Both parsers name a forbidden character by its offset only (libyaml cannot even take
        # a lone surrogate): find it again, to report its line and column.
        _refuse_control_characters(text, file)
        raise SourceError([Diagnostic("yaml_syntax", str(exc), Span(file, 1, 1))]) from exc
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, file) from exc
    if builder.tag_diagnostics:
        raise SourceError(builder.tag_diagnostics)
    if builder.diagnostics:
        raise SourceError(builder.diagnostics)
    return SourceDocument(
        file,
        {} if builder.root is _NOTHING else builder.root,
        _Spans(file, builder.spans),
        _Spans(file, builder.key_spans),
        builder.text_starts,
        builder.block_indent,
        builder.aliases,
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


# What YAML allows in a stream (PyYAML's Reader.NON_PRINTABLE); the parsers report anything else
# by offset only, so it is found here first and reported at its line and column.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _refuse_control_characters(text: str, file: str) -> None:
    found = _NON_PRINTABLE.search(text)
    if found is None:
        return
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    raise SourceError(
        [
            Diagnostic(
                "control_character",
                f"character U+{ord(found.group()):04X} is not allowed in a YAML file",
                Span(file, line, column),
                hint="remove it (a NUL or other control character is usually a damaged file)",
            )
        ]
    )


class _Anchor:
    """What an anchor stands for: its value (shared by every alias), size and place."""

    __slots__ = ("path", "raw", "size", "span", "value")

    def __init__(self, value: Any, size: int, path: Path_, span: _Pos, raw: str | None) -> None:
        self.value = value
        self.size = size
        self.path = path
        self.span = span
        self.raw = raw  # a scalar's text as written: what it means as a mapping key


_NOTHING: Any = object()  # no value yet (an empty stream, a mapping waiting for its key)
_SKIP: Any = object()  # a mapping entry that is reported and left out
_OPEN = _Anchor(None, 0, (), (1, 1, 0, 0), None)  # an anchored collection still being read


class _Frame:
    """A collection being read: its container, its place, and a mapping's pending key."""

    __slots__ = (
        "anchor",
        "container",
        "first_seen",
        "keep",
        "key",
        "nodes_before",
        "path",
        "start",
    )

    def __init__(
        self,
        container: dict[str, Any] | list[Any],
        path: Path_,
        start: yaml.Event,
        anchor: str | None,
        keep: bool,
        nodes_before: int,
    ) -> None:
        self.container = container
        self.path = path
        self.start = start
        self.anchor = anchor
        self.keep = keep  # False inside a key or a refused entry: read, never recorded
        self.nodes_before = nodes_before
        self.key: Any = _NOTHING
        self.first_seen: dict[str, _Pos] = {}


class _Builder:
    """Turns the event stream into values in one pass, recording spans and problems.

    Flat (a stack, no recursion): depth, aliases and expansion are bounded as events arrive.
    An alias shares its anchor's value and records where the anchor is, so spans inside it
    resolve to the anchored text without copying anything.
    """

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.lines: list[str] | None = None
        self.text_starts: dict[Path_, tuple[int, int]] = {}
        self.block_indent: dict[Path_, int] = {}
        self.spans: dict[Path_, _Pos] = {}
        self.key_spans: dict[Path_, _Pos] = {}
        self.aliases: dict[Path_, Path_] = {}
        self.diagnostics: list[Diagnostic] = []
        self.tag_diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, _Anchor] = {}
        self.stack: list[_Frame] = []
        self.root: Any = _NOTHING
        self.documents = 0
        self.nodes = 0
        self.alias_count = 0

    def event(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self.check_tag(event)
            self.scalar_event(event)
        elif isinstance(event, yaml.CollectionStartEvent):
            self.check_tag(event)
            self.start(event, {} if isinstance(event, yaml.MappingStartEvent) else [])
        elif isinstance(event, yaml.CollectionEndEvent):
            self.end(event)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise SourceError(
                    [
                        Diagnostic(
                            "yaml_syntax",
                            "expected a single document in the stream: but found another document",
                            _span(self.file, event),
                        )
                    ]
                )

    # -- where the next value goes ------------------------------------------------------------

    def slot(self) -> tuple[Path_, bool, bool]:
        """(path, keep, is_key) of the value that comes next."""
        if not self.stack:
            return (), True, False
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container)), frame.keep, False
        if frame.key is _NOTHING:
            return frame.path, False, True
        if frame.key is _SKIP:
            return frame.path, False, False
        return (*frame.path, frame.key), frame.keep, False

    def place(self, value: Any) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
            return
        if frame.key is not _SKIP:
            frame.container[frame.key] = value
        frame.key = _NOTHING

    def take_key(self, key: str | None, event: yaml.Event, style: str | None) -> None:
        frame = self.stack[-1]
        if key is None:
            self.error("yaml_key", "mapping keys must be plain text", event)
            frame.key = _SKIP
            return
        key_span = _pos(event)
        if key == "<<" and style is None:
            self.error("yaml_merge", "merge keys ('<<') are not allowed", event)
            frame.key = _SKIP
            return
        first = frame.first_seen.get(key)
        if first is not None:
            if frame.keep:
                self.diagnostics.append(
                    Diagnostic(
                        "duplicate_key",
                        f"duplicate key {key!r}",
                        Span(self.file, *key_span),
                        notes=(f"first defined at {Span(self.file, *first)}",),
                    )
                )
            frame.key = _SKIP
            return
        frame.first_seen[key] = key_span
        if frame.keep:
            self.key_spans[(*frame.path, key)] = key_span
        frame.key = key

    # -- events -------------------------------------------------------------------------------

    def count(self, size: int, event: yaml.Event) -> None:
        if self.nodes + size > MAX_NODES:
            raise SourceError(
                [
                    Diagnostic(
                        "too_many_nodes",
                        f"the file expands to more than {MAX_NODES:,} values "
                        "(aliases expanding exponentially?)",
                        _span(self.file, event),
                    )
                ]
            )
        self.nodes += size

    def scalar_event(self, event: yaml.ScalarEvent) -> None:
        if event.tag is not None:
            self.check_tag(event)
        style = event.style or None  # libyaml says '' for plain, PyYAML None
        span = _pos(event)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.keep and event.anchor is None:
            # The common case, inlined: a plain value in a mapping or a list being kept.
            container = frame.container
            if container.__class__ is list:
                path: Path_ = (*frame.path, len(container))
            else:
                key = frame.key
                if key is _NOTHING:
                    text = event.value
                    if text in frame.first_seen or (text == "<<" and style is None):
                        self.take_key(text, event, style)  # reported there
                    else:  # a new key: the common case, inlined
                        frame.first_seen[text] = span
                        self.key_spans[(*frame.path, text)] = span
                        frame.key = text
                    return
                if key is _SKIP:
                    path = ()
                    frame = None
                else:
                    path = (*frame.path, key)
            if frame is not None:
                if self.nodes >= MAX_NODES:
                    self.count(1, event)
                self.nodes += 1
                value = self.scalar(event, style, report=True)
                if path not in self.spans:
                    self.spans[path] = span
                if style is None:
                    self.text_starts[path] = (span[0], span[1])
                else:
                    self.note_text_start(event, style, path, span)
                if container.__class__ is list:
                    container.append(value)
                else:
                    container[frame.key] = value
                    frame.key = _NOTHING
                return
        path, keep, is_key = self.slot()
        if is_key:
            self.take_key(event.value, event, style)
            if event.anchor is not None:
                value = self.scalar(event, style, report=False)
                self.anchor(event.anchor, _Anchor(value, 1, path, span, event.value), event)
            return
        self.count(1, event)
        value = self.scalar(event, style, report=keep)
        if keep:
            self.spans.setdefault(path, span)
            self.note_text_start(event, style, path, span)
        if event.anchor is not None:
            self.anchor(event.anchor, _Anchor(value, 1, path, span, event.value), event)
        self.place(value)

    def start(self, event: yaml.Event, container: dict[str, Any] | list[Any]) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise SourceError(
                [
                    Diagnostic(
                        "too_deep",
                        f"nesting deeper than {MAX_DEPTH} levels",
                        _span(self.file, event),
                    )
                ]
            )
        path, keep, is_key = self.slot()
        if is_key:
            self.error("yaml_key", "mapping keys must be plain text", event)
        anchor: str | None = getattr(event, "anchor", None)
        if anchor is not None:
            self.check_new_anchor(anchor, event)
            self.anchors[anchor] = _OPEN
        self.count(1, event)
        self.stack.append(
            _Frame(container, path, event, anchor, keep and not is_key, self.nodes - 1)
        )

    def end(self, event: yaml.Event) -> None:
        frame = self.stack.pop()
        start = _pos(frame.start)
        end = _pos(event)
        span = (start[0], start[1], end[2], end[3])
        parent = self.stack[-1] if self.stack else None
        is_key = (
            parent is not None and isinstance(parent.container, dict) and parent.key is _NOTHING
        )
        if frame.keep:
            self.spans.setdefault(frame.path, span)
        if frame.anchor is not None:  # checked for a duplicate when it opened
            self.anchors[frame.anchor] = _Anchor(
                frame.container, self.nodes - frame.nodes_before, frame.path, span, None
            )
        if parent is not None and is_key:
            parent.key = _SKIP  # reported when the key started
        else:
            self.place(frame.container)

    def alias(self, event: yaml.AliasEvent) -> None:
        self.alias_count += 1
        if self.alias_count > MAX_ALIASES:
            raise SourceError(
                [Diagnostic("too_many_aliases", f"more than {MAX_ALIASES} aliases", self.at(event))]
            )
        name = event.anchor
        target = self.anchors.get(name) if name is not None else None
        if target is None:
            raise SourceError(
                [Diagnostic("yaml_syntax", f"found undefined alias {name!r}", self.at(event))]
            )
        if target is _OPEN:
            raise SourceError(
                [
                    Diagnostic(
                        "recursive_alias",
                        f"alias *{name} is inside the node it names "
                        "(a value cannot contain itself)",
                        self.at(event),
                    )
                ]
            )
        path, keep, is_key = self.slot()
        if is_key:
            self.take_key(target.raw, event, None)
            return
        self.count(target.size, event)  # refused here, before anything is expanded
        if keep:
            self.spans.setdefault(path, target.span)
            self.aliases[path] = target.path
        self.place(target.value)

    def anchor(self, name: str, anchor: _Anchor, event: yaml.Event) -> None:
        self.check_new_anchor(name, event)
        self.anchors[name] = anchor

    def check_new_anchor(self, name: str, event: yaml.Event) -> None:
        first = self.anchors.get(name)
        if first is not None:
            where = "" if first is _OPEN else f" (first at {Span(self.file, *first.span)})"
            raise SourceError(
                [
                    Diagnostic(
                        "yaml_syntax",
                        f"found duplicate anchor {name!r}{where}",
                        self.at(event),
                    )
                ]
            )

    def check_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag is None:
            return
        implicit = getattr(event, "implicit", None)
        # A quoted scalar reports tag '!' only when written so; any explicit tag is refused.
        if isinstance(implicit, tuple) and tag == "!" and implicit[1]:
            return
        self.tag_diagnostics.append(
            Diagnostic(
                "yaml_tag",
                f"tag {tag!r} is not allowed in rule files",
                _span(self.file, event),
                hint="rule files hold plain data: remove the tag",
            )
        )

    def at(self, event: yaml.Event) -> Span:
        return _span(self.file, event)

    # -- scalars ------------------------------------------------------------------------------

    def note_text_start(
        self, event: yaml.ScalarEvent, style: str | None, path: Path_, span: _Pos
    ) -> None:
        line, column = span[0], span[1]
        if style in ("'", '"'):
            self.text_starts[path] = (line, column + 1)
        elif style in ("|", ">"):
            # Content starts on the next line, at that line's indentation.
            if self.lines is None:
                self.lines = self.text.splitlines()
            text = self.lines[line] if line < len(self.lines) else ""
            indent = len(text) - len(text.lstrip(" ")) + 1
            self.text_starts[path] = (line + 1, indent)
            self.block_indent[path] = indent
        else:
            self.text_starts[path] = (line, column)

    def scalar(self, event: yaml.ScalarEvent, style: str | None, report: bool) -> Any:
        text: str = event.value
        if style is not None:  # quoted or block: always text
            return text
        if text in _NULL:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        problem: tuple[str, str] | None = None
        value: Any = text
        if text in _YAML11_BOOL:
            problem = (
                f"{text!r} means a boolean in YAML 1.1 and text in YAML 1.2",
                "write true/false, or quote it if you mean the text",
            )
        elif _INT.match(text) or _DECIMAL.match(text):
            if len(text) > MAX_NUMBER_CHARS:
                if report:
                    self.error(
                        "number_too_long",
                        f"a number of {len(text):,} characters; numbers in rule files are "
                        f"limited to {MAX_NUMBER_CHARS}",
                        event,
                        hint="quote it if it is an identifier",
                    )
                return text
            return Decimal(text) if "." in text else int(text)
        elif _LEADING_ZERO.match(text):
            problem = (
                f"{text!r} has a leading zero (YAML 1.1 reads 0123 as octal 83)",
                "quote it if it is an identifier, or drop the zero",
            )
        elif _OTHER_NUMBER.match(text):
            problem = (
                f"{text!r} is a number in some YAML versions (e.g. 12:30 is 750 in YAML 1.1)",
                "quote it",
            )
        if problem is not None and report:
            self.error("ambiguous_scalar", problem[0], event, hint=problem[1])
        return value

    def error(self, code: str, message: str, event: yaml.Event, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, _span(self.file, event), hint=hint))

"""The rule files a program was compiled from, kept with it (not in a process-wide registry).

A reform that changes rules recompiles exactly the files its policy came from, with their spans,
wherever the program has been since: the compiled cache, a pickle, a Dask worker. A rulebook
read from a directory keeps its files' texts, compressed (a cached program carries ~120 kB for
the bundled rulebook, decompressed and parsed only when a reform asks); a reformed program keeps
its base's sources and the reforms applied to them, in order, and redoes them when asked.
Nothing is parsed, and PyYAML is not imported, until then.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # for type checkers only: a Protocol class costs a cached load's start-up
    from mktpolicy.spec.from_source import LoadedFile

    class FileChange(Protocol):
        """A change of a rulebook's files (a reform's rules): applied once, again on demand."""

        def changed_files(self, files: Sequence[LoadedFile]) -> list[LoadedFile]: ...


class RuleSources:
    """The files of one compiled program: `files()` gives them, parsed again if need be.

    Read-only once made; the first `files()` after a pickle parses under a lock, so threads
    sharing a policy share one parse.
    """

    __slots__ = ("_base", "_changes", "_files", "_lock", "_texts")

    def __init__(
        self,
        files: Sequence[LoadedFile] | None,
        *,
        texts: bytes | None = None,
        base: Sequence[LoadedFile] | None = None,
        changes: tuple[FileChange, ...] = (),
    ) -> None:
        self._texts = texts  # zlib'd JSON [[display name, text], ...]: what a pickle carries
        self._base = None if texts is not None else tuple(base if base is not None else files or ())
        self._changes = changes
        self._files = None if files is None else tuple(files)
        self._lock = threading.Lock()

    @classmethod
    def of_texts(cls, named: Sequence[tuple[str, str]], files: Sequence[LoadedFile]) -> RuleSources:
        """Files read from a directory, with the texts (by display name) they were parsed from."""
        import json  # here and in _parsed: not on the path of a cached load
        import zlib

        blob = zlib.compress(json.dumps(list(named), ensure_ascii=False).encode(), 6)
        return cls(files, texts=blob)

    def changed(self, change: FileChange, files: Sequence[LoadedFile]) -> RuleSources:
        """These sources with `change` applied, which gave `files`."""
        return RuleSources(
            files, texts=self._texts, base=self._base, changes=(*self._changes, change)
        )

    def files(self) -> tuple[LoadedFile, ...]:
        """The rule files, in the order they were compiled."""
        found = self._files
        if found is not None:
            return found
        with self._lock:
            if self._files is None:
                files = list(self._base) if self._base is not None else self._parsed()
                for change in self._changes:
                    files = change.changed_files(files)
                self._files = tuple(files)
            return self._files

    def _parsed(self) -> list[LoadedFile]:
        import json
        import zlib

        from mktpolicy.spec.from_source import load_text

        assert self._texts is not None  # one of the two is always kept
        named = json.loads(zlib.decompress(self._texts))
        return [load_text(text, name) for name, text in named]

    def __getstate__(self) -> tuple[Any, ...]:
        # Texts when there are any: a few hundred kB of parsed specs and spans are not shipped.
        return (self._texts, self._base, self._changes)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._texts, self._base, self._changes = state
        self._files = self._base if not self._changes else None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        kind = "texts" if self._texts is not None else "files"
        return f"<RuleSources from {kind}, {len(self._changes)} change(s)>"

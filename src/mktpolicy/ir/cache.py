"""A cache of compiled rulebooks: a hook or CI step that loads the same rules does not recompile.

A compiled `Program` is stored as a pickle under a key that changes with anything that could
change it: the rule files' names and bytes, the name they are displayed under, the versions of
Python, mktpolicy and pydantic, and the size and modification time of every module of the
mktpolicy package (an edited compiler is a new key). Errors are never cached: a rulebook that
fails is compiled, and reported, every time.

Reading a pickle can run code, so a cache file is only read
- from a directory owned by the current user and not writable by group or others,
- from a regular file owned by the user, not writable by group or others, opened without
  following links, both checked with `fstat` on the open descriptors (nothing can be swapped in
  between the check and the read),
- through an unpickler that resolves only classes of mktpolicy and of a few standard modules.
Any other case (missing, foreign, corrupt, stale) compiles as if there were no cache.

`MKTPOLICY_CACHE=off` turns it off; `MKTPOLICY_CACHE_DIR` moves it (by default
`$XDG_CACHE_HOME/mktpolicy`, else `~/.cache/mktpolicy`). The newest 16 entries are kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from enum import Enum
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mktpolicy.expr.types import read_only
from mktpolicy.ir.model import Program

FORMAT = 2  # 2: a Program keeps its rule files (ir/sources.py)
KEEP = 16
_SUFFIX = ".program.pickle"
_PACKAGE = Path(__file__).resolve().parent.parent  # src/mktpolicy

# Modules whose classes a cached Program may name; everything else is refused when reading.
_ALLOWED_MODULES = frozenset({"collections", "datetime", "decimal", "dateutil.relativedelta"})
_ALLOWED_BUILTINS = frozenset(
    {"bool", "bytes", "complex", "dict", "float", "frozenset", "int", "list", "set", "slice"}
    | {"str", "tuple", "NoneType", "range"}
)


def derived_fact_class(name: str, fields: Sequence[str]) -> type:
    """The class of a derived fact: frozen, slotted and hashable (facts are deduplicated by value).

    Built at compile time, and again when a cached Program is read (it cannot be imported).
    """
    cls = dataclasses.make_dataclass(name, list(fields), frozen=True, slots=True)
    cls.__mktpolicy_derived__ = tuple(fields)  # type: ignore[attr-defined]  # the pickle recipe
    return cls


def cache_dir() -> Path | None:
    """Where compiled rulebooks are kept, or None when the cache is off or cannot be made safe."""
    if os.environ.get("MKTPOLICY_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    if not hasattr(os, "getuid") or not hasattr(os, "O_NOFOLLOW"):
        return None  # no owner checks on this platform: no pickles either
    configured = os.environ.get("MKTPOLICY_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory (some CI containers): no cache
            return None
    return Path(base) / "mktpolicy"


def rulebook_key(files: Sequence[Path], root: Path, display_root: str | None) -> str | None:
    """The cache key of compiling `files` (under `root`), or None if a file cannot be read."""
    digest = hashlib.sha256(_environment())
    digest.update((display_root or str(root)).encode() + b"\0")
    try:
        for path in files:
            relative = path.relative_to(root) if root.is_dir() else Path(path.name)
            data = path.read_bytes()
            digest.update(f"{relative}\0{len(data)}\0".encode())
            digest.update(data)
    except OSError:
        return None
    return digest.hexdigest()


def compile_cached(
    files: Sequence[Path], root: Path, display_root: str | None, compile: Callable[[], Program]
) -> Program:
    """`compile()`, or the Program it made last time for the same files and library."""
    directory = cache_dir()
    key = rulebook_key(files, root, display_root) if directory is not None else None
    if directory is None or key is None:
        return compile()
    found = read(directory, key)
    if found is not None:
        return found
    program = compile()
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        write(directory, key, program)
    return program


def read(directory: Path, key: str) -> Program | None:
    """The cached Program under `key`, if there is one that is safe to read."""
    try:
        with _safe_directory(directory, create=False) as dir_fd:
            if dir_fd is None:
                return None
            fd = os.open(key + _SUFFIX, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=dir_fd)
            with os.fdopen(fd, "rb") as file:
                if not _owned_and_private(os.fstat(file.fileno()), stat.S_ISREG):
                    return None
                data = file.read()
    except OSError:
        return None
    try:
        program = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged cache is a miss, whatever pickle raises
        return None
    return program if isinstance(program, Program) else None


def write(directory: Path, key: str, program: Program) -> None:
    """Store `program` under `key` (atomically), and drop all but the newest entries."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(program)
    with _safe_directory(directory, create=True) as dir_fd:
        if dir_fd is None:
            return
        temporary = f".{key}.{os.getpid()}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        fd = os.open(temporary, flags, 0o600, dir_fd=dir_fd)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(buffer.getvalue())
            os.replace(temporary, key + _SUFFIX, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=dir_fd)
            raise
        _evict(dir_fd)


@functools.cache
def _environment() -> bytes:
    """What besides the rule files decides the compiled Program (once per process)."""
    parts = [f"mktpolicy-cache-{FORMAT}", sys.version]
    for distribution in ("mktpolicy", "pydantic", "pydantic-core"):
        try:
            parts.append(f"{distribution}=={metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{distribution} (not installed)")
    # The library's own code: a changed compiler (an editable install, a patch) is a new key.
    for path in sorted(_PACKAGE.rglob("*.py")):
        info = path.stat()
        parts.append(f"{path.relative_to(_PACKAGE)}:{info.st_size}:{info.st_mtime_ns}")
    return "\0".join(parts).encode() + b"\0"


@contextlib.contextmanager
def _safe_directory(directory: Path, *, create: bool) -> Iterator[int | None]:
    """A descriptor of `directory` if it is the user's own and private, else None."""
    if create:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_DIRECTORY", 0)
    fd = os.open(directory, flags)
    try:
        yield fd if _owned_and_private(os.fstat(fd), stat.S_ISDIR) else None
    finally:
        os.close(fd)


def _owned_and_private(info: os.stat_result, kind: Callable[[int], bool]) -> bool:
    return (
        kind(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _evict(dir_fd: int) -> None:
    entries: list[tuple[int, str]] = []
    for name in os.listdir(dir_fd):
        if name.endswith(_SUFFIX):
            with contextlib.suppress(OSError):
                entries.append((os.stat(name, dir_fd=dir_fd).st_mtime_ns, name))
    for _, name in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=dir_fd)


class _Pickler(pickle.Pickler):
    """Stores derived-fact classes (made at compile time, not importable) by their recipe."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is MappingProxyType:  # the compiled program's read-only mappings
            return (read_only, (dict(obj),))
        if isinstance(obj, Enum):  # by value: some 3.11 releases (3.11.2) reduce a member to
            return (type(obj), (obj.value,))  # getattr(cls, name), which _Unpickler refuses
        fields = getattr(obj, "__mktpolicy_derived__", None) if isinstance(obj, type) else None
        if fields is None:
            return NotImplemented
        return (derived_fact_class, (obj.__name__, fields))


class _Unpickler(pickle.Unpickler):
    """Resolves only mktpolicy's classes and a few standard ones: never os.system and friends."""

    def find_class(self, module: str, name: str) -> Any:
        # A dotted name would reach through a module's attributes (mktpolicy.x → os.system).
        allowed = "." not in name and (
            module == "mktpolicy"
            or module.startswith("mktpolicy.")
            or module in _ALLOWED_MODULES
            or (module == "builtins" and name in _ALLOWED_BUILTINS)
        )
        if not allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a compiled rulebook")
        return super().find_class(module, name)

"""Stage 2: source documents → spec models, every shape error at its file:line:col."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from mktpolicy.diagnostics import Diagnostic, did_you_mean
from mktpolicy.display import shown
from mktpolicy.errors import RuleError, SpecError
from mktpolicy.source import SourceDocument, load_yaml_file, parse_yaml
from mktpolicy.source.files import rule_files
from mktpolicy.source.yaml_loader import read_text
from mktpolicy.spec.models import RuleFileSpec, SpecModel, assign_paths


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """A rule file's spec and the source it came from (for spans)."""

    spec: RuleFileSpec
    source: SourceDocument


M = TypeVar("M", bound=SpecModel)
Diagnose = Callable[[ValidationError, SourceDocument], Iterable[Diagnostic]]


def validate_source(
    source: SourceDocument,
    model: type[M],
    shape: str,
    diagnose: Diagnose | None = None,
) -> M:
    """Validate a parsed file against `model` (a mapping, described by `shape`), with paths.

    Rule files and reform files both come through here; `diagnose` turns pydantic's errors into
    diagnostics at file:line:col (validation_diagnostics by default).
    """
    if not isinstance(source.data, dict):
        raise SpecError([Diagnostic("spec_shape", shape, source.span(()))])
    try:
        spec = model.model_validate(source.data)
    except ValidationError as exc:
        raise SpecError((diagnose or validation_diagnostics)(exc, source)) from None
    assign_paths(spec, source.file)
    return spec


def spec_from_source(source: SourceDocument) -> RuleFileSpec:
    """Validate one parsed file against the rule-file models."""
    return validate_source(
        source,
        RuleFileSpec,
        "a rule file must be a mapping of sections (clauses, parameters, rules, ...)",
    )


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read, parse and validate one rule file."""
    source = load_yaml_file(path, display)
    return LoadedFile(spec_from_source(source), source)


def load_text(text: str, file: str = "<string>") -> LoadedFile:
    """Parse and validate rule-file text (tests, notebooks, reform snippets)."""
    source = parse_yaml(text, file)
    return LoadedFile(spec_from_source(source), source)


def load_directory(root: Path, display_root: str | None = None) -> list[LoadedFile]:
    """Every rule file under `root`; all problems in all files are reported together."""
    return [loaded for loaded, _ in read_directory(root, display_root)]


def read_directory(root: Path, display_root: str | None = None) -> list[tuple[LoadedFile, str]]:
    """`load_directory`, each file with the text it was parsed from (what a policy keeps)."""
    files = rule_files(root)
    if not files:
        raise SpecError([Diagnostic("no_rule_files", f"no .yaml files under {root}")])
    loaded: list[tuple[LoadedFile, str]] = []
    problems: list[Diagnostic] = []
    for path in files:
        relative = path.relative_to(root) if root.is_dir() else Path(path.name)
        display = f"{display_root}/{relative}" if display_root else str(path)
        try:
            text = read_text(path, display)
            loaded.append((load_text(text, display), text))
        except RuleError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise SpecError(problems)
    return loaded


def validation_diagnostics(exc: ValidationError, source: SourceDocument) -> Iterable[Diagnostic]:
    for error in exc.errors(include_url=False):
        kind = error["type"]
        loc = in_file(tuple(error["loc"]), source.data, missing=kind == "missing")
        where = ".".join(str(p) for p in loc) or "(file)"
        if kind == "extra_forbidden":
            field = str(loc[-1]) if loc else "?"
            allowed = _allowed_keys(loc[:-1], source.data)
            yield Diagnostic(
                "unknown_field",
                f"unknown field {shown(field)} in {'.'.join(str(p) for p in loc[:-1]) or 'file'}",
                source.span(loc, key=True),
                hint=did_you_mean(field, allowed) if allowed else None,
            )
        elif kind == "missing":
            yield Diagnostic(
                "missing_field",
                f"{loc[-1]!r} is required in {'.'.join(str(p) for p in loc[:-1]) or 'file'}",
                source.span(loc[:-1]),
            )
        else:
            value = error.get("input")
            got = shown(value) if not isinstance(value, dict | list) else type(value).__name__
            yield Diagnostic(
                "invalid_value",
                f"{where}: {error['msg']} (got {got})",
                source.span(loc),
            )


def in_file(loc: tuple[Any, ...], data: Any, *, missing: bool = False) -> tuple[Any, ...]:
    """pydantic's error location with only the keys and indexes the file has.

    A union adds the name or tag of the member it tried (`fields.loss.typed.default`,
    `bearer.BearerSpec`): that is no place in the file, and it would hide the span. For a
    `missing` key, the last part is the key the mapping lacks, and is kept.
    """
    kept: list[Any] = []
    node = data
    for index, part in enumerate(loc):
        in_dict = isinstance(node, dict) and part in node
        if in_dict or (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            node = node[part]
        elif not (missing and isinstance(node, dict) and index == len(loc) - 1):
            continue
        kept.append(part)
    return tuple(kept)


def _allowed_keys(parent: tuple[Any, ...], data: Any) -> list[str]:
    """The keys a model at `parent` accepts, for a did-you-mean hint."""
    from mktpolicy.spec import models

    section_model = {
        "documents": models.DocumentSpec,
        "clauses": models.ClauseSpec,
        "parameters": models.ParameterSpec,
        "consequences": models.ConsequenceSpec,
        "facts": models.FactSpec,
        "rules": models.RuleSpec,
    }
    model: Any = models.RuleFileSpec
    if parent and parent[0] in section_model:
        model = section_model[str(parent[0])]
        rest = [p for p in parent[1:] if not isinstance(p, int)]
        if parent[0] == "facts" and len(rest) == 2 and rest[0] == "fields":  # a field's mapping
            return [*models.ChoiceFieldSpec.model_fields, *models.FieldSpec.model_fields]
        nested = {
            "locations": models.LocationSpec,
            "when": models.PatternSpec,
            "unless": models.PatternSpec,
            "then": models.ActionSpec,
            "verdict": models.VerdictSpec,
            "derive": models.DeriveSpec,
        }
        for part in rest:
            model = nested.get(str(part), model)
    return [info.alias or name for name, info in model.model_fields.items()]

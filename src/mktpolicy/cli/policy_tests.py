"""`mktpolicy test [PATHS]`: run policy test cases against a rulebook, as `opa test` does.

Cases are the YAML of `mktpolicy.conformance` (given events, optional parameters, expected
verdicts). Every file is loaded and every case validated before any runs: a bad file exits 2
and nothing is reported as passed. Then each case passes or fails (exit 1 on a failure), and a
per-clause coverage summary says how many cases produced a verdict citing each clause the rules
cite, and which such clauses no case reaches.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import click

from mktpolicy.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CLEAN,
    EXIT_VIOLATION,
    load_policy,
    rules_option,
)
from mktpolicy.cli.reporters.junit import Failure, JunitCase, JunitSuite, junit_xml
from mktpolicy.conformance import (
    CaseRun,
    LoadedCase,
    case_errors,
    case_stem,
    evaluate_case,
    load_cases,
)
from mktpolicy.errors import PolicyError, RuleError
from mktpolicy.ir.model import DeriveAction, Program, VerdictAction
from mktpolicy.policy import Policy

CASE_SUFFIXES = (".yaml", ".yml", ".cases")
TEST_HELP = """\b
Exit status:
  0  every case passes
  1  a case fails
  2  a bad case file or bad rules: no case was run"""


def bundled_cases() -> Path:
    """The bundled rulebook's own cases, shipped in the package."""
    return Path(str(resources.files("mktpolicy") / "rules" / "tests"))


def case_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given; directories searched (recursively) for case files."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.suffix in CASE_SUFFIXES and p.is_file())
            )
        else:
            found.append(path)
    return found


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    case: LoadedCase
    run: CaseRun


def clause_counts(program: Program, outcomes: Sequence[CaseOutcome]) -> dict[str, int]:
    """For each clause the rules cite: how many cases produced a verdict citing it (or an
    expected derived fact whose rule cites it)."""
    cited: dict[str, int] = {}
    for rule in program.rules:
        cited.update(dict.fromkeys(rule.cites, 0))
        if isinstance(rule.action, VerdictAction) and rule.action.consequence is not None:
            cited.update(dict.fromkeys(rule.action.consequence.cites, 0))
    derivers: dict[str, set[str]] = {}
    for rule in program.rules:
        if isinstance(rule.action, DeriveAction):
            derivers.setdefault(rule.action.fact_type, set()).update(rule.cites)
    for outcome in outcomes:
        reached = {c for v in outcome.run.verdicts for c in v.clauses}
        for fact in outcome.case.case.expect_facts:
            reached |= derivers.get(fact.fact, set())
        for clause in reached & set(cited):
            cited[clause] += 1
    return dict(sorted(cited.items()))


def _load(paths: Sequence[Path], policy: Policy) -> list[LoadedCase]:
    """Every case of every file, or exit 2 naming every problem."""
    files = case_files(paths)
    problems: list[str] = []
    if not files:
        where = ", ".join(map(str, paths))
        problems.append(f"no case files ({', '.join(CASE_SUFFIXES)}) under {where}")
    cases: list[LoadedCase] = []
    for path in files:
        try:
            loaded = load_cases(path)
        except RuleError as exc:
            problems.extend(str(d) for d in exc.diagnostics)
            continue
        for case in loaded:
            problems.extend(case_errors(policy, case))
        cases.extend(loaded)
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        click.echo("error: no case was run", err=True)
        sys.exit(EXIT_BAD_INPUT)
    return cases


def _run(policy: Policy, case: LoadedCase) -> CaseOutcome:
    try:
        return CaseOutcome(case, evaluate_case(policy, case.case))
    except PolicyError as exc:  # the rules fail on this case: a failing case
        return CaseOutcome(case, CaseRun([f"evaluation failed: {exc}"], []))


def _text(outcomes: Sequence[CaseOutcome], counts: dict[str, int], program: Program) -> str:
    lines = []
    for outcome in outcomes:
        case = outcome.case
        mark = "PASS" if outcome.run.passed else "FAIL"
        lines.append(f"{mark} {case.where}: {case.case.note}")
        lines.extend(f"    {problem}" for problem in outcome.run.problems)
    covered = sum(1 for n in counts.values() if n)
    lines += ["", f"clause coverage: {covered} of {len(counts)} clauses cited by the rules"]
    for clause, n in counts.items():
        if n:  # the clauses these cases exercise; a partial run lists no page of zeros
            title = program.clauses[clause].title if clause in program.clauses else ""
            lines.append(f"  {clause:22} {n:4} {'case ' if n == 1 else 'cases'}  {title}")
    missing = [c for c, n in counts.items() if not n]
    if not missing:
        lines.append("  every clause has a case")
    elif len(missing) <= covered:  # a whole suite: name the few it lacks
        lines.append(f"  no case: {', '.join(missing)}")
    else:
        lines.append(
            f"  {len(missing)} clauses have no case among these (--format json lists them)"
        )
    failed = sum(1 for o in outcomes if not o.run.passed)
    total = f"{len(outcomes)} case" + ("" if len(outcomes) == 1 else "s")
    lines += ["", f"{total}: {len(outcomes) - failed} passed, {failed} failed"]
    return "\n".join(lines)


def _json(outcomes: Sequence[CaseOutcome], counts: dict[str, int], policy: Policy) -> str:
    failed = sum(1 for o in outcomes if not o.run.passed)
    document: dict[str, Any] = {
        "policy": policy.version,
        "summary": {"cases": len(outcomes), "passed": len(outcomes) - failed, "failed": failed},
        "cases": [
            {
                "file": o.case.file,
                "line": o.case.line,
                "note": o.case.case.note,
                "passed": o.run.passed,
                "problems": o.run.problems,
            }
            for o in outcomes
        ],
        "coverage": {
            "clauses": [{"clause": c, "cases": n} for c, n in counts.items()],
            "uncovered": [c for c, n in counts.items() if not n],
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _junit(outcomes: Sequence[CaseOutcome], policy: Policy) -> str:
    suites: dict[str, JunitSuite] = {}
    for outcome in outcomes:
        case = outcome.case
        suite = suites.setdefault(
            case.file, JunitSuite(case.file, properties={"policy": policy.version})
        )
        test = JunitCase(case.case.note, case_stem(case.file))
        if not outcome.run.passed:
            problems = outcome.run.problems
            test.failures.append(Failure(problems[0], "case_failed", "\n".join(problems)))
        suite.cases.append(test)
    return junit_xml("mktpolicy test", list(suites.values()))


@click.command("test", epilog=TEST_HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@rules_option
@click.option(
    "--backend", type=click.Choice(["native", "durable"]), default="native", show_default=True
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
)
def run_tests(paths: tuple[Path, ...], rules: Path | None, backend: str, fmt: str) -> None:
    """Run policy test cases (files, or directories of *.yaml) against the rulebook.

    Default PATHS: the bundled rulebook's own cases.
    """
    policy = load_policy(rules, backend)
    cases = _load(list(paths) or [bundled_cases()], policy)
    outcomes = [_run(policy, case) for case in cases]
    counts = clause_counts(policy.program, outcomes)
    if fmt == "json":
        click.echo(_json(outcomes, counts, policy))
    elif fmt == "junit":
        click.echo(_junit(outcomes, policy))
    else:
        click.echo(_text(outcomes, counts, policy.program))
    failed = any(not o.run.passed for o in outcomes)
    sys.exit(EXIT_VIOLATION if failed else EXIT_CLEAN)

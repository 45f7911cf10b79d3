"""SARIF 2.1.0, the format code-scanning services read (GitHub's upload-sarif among them).

Each verdict is a `result` whose `ruleId` is the rule and whose location is the line of the
event file that the verdict's chain starts from (stdin is the artifact `stdin`); the other
events it rests on are `relatedLocations`. `tool.driver.rules` describes every verdict rule:
its title, and the clauses it cites in Chinese and English, with their ids in `properties`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from mktpolicy.cli.inputs import Origin
from mktpolicy.cli.reporters import CheckReport, tool_version
from mktpolicy.ir.model import Clause, Program, Rule, VerdictAction
from mktpolicy.spec.models import Outcome
from mktpolicy.verdicts.model import Verdict

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_RESULTS = "\x1fresults\x1f"
"""Stands for the results while the rest of the log is dumped, then they are written there."""
_NESTED = "\n" + " " * 8  # runs[0].results[i] in a log dumped with indent=2

LEVELS = {
    Outcome.VIOLATION: "error",
    Outcome.WARNING: "warning",
    Outcome.INFO: "note",
    Outcome.FINDING: "warning",
    Outcome.LAPSED: "note",
    Outcome.PENDING: "note",
    Outcome.UNDETERMINED: "none",
}
"""Every outcome's SARIF level (a test checks none is missing)."""
KINDS = {Outcome.UNDETERMINED: "open"}
"""SARIF `kind` where it is not `fail`: "open" is SARIF's "could not determine pass or fail"."""


class SarifReporter:
    def report(self, run: CheckReport) -> str:
        return "".join(self.chunks(run))

    def chunks(self, run: CheckReport) -> Iterator[str]:
        """The log a result at a time: the text `json.dumps(log, indent=2)` gives, without
        holding every result (a year of verdicts is hundreds of MB as objects)."""
        program = run.policy.program
        rules = sorted(
            (r for r in program.rules if isinstance(r.action, VerdictAction)), key=lambda r: r.id
        )
        index = {rule.id: i for i, rule in enumerate(rules)}
        artifacts = {uri: i for i, uri in enumerate(run.inputs.artifacts)}
        version = tool_version()
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "mktpolicy",
                            "version": version,
                            "semanticVersion": version,
                            "rules": [rule_descriptor(rule, program) for rule in rules],
                        }
                    },
                    "artifacts": [{"location": {"uri": uri}} for uri in artifacts],
                    "invocations": [_invocation(run)],
                    "results": _RESULTS,
                    "properties": {
                        "policy": run.policy.fingerprint,
                        "events": run.summary.events,
                        "fines": str(run.summary.fines),
                    },
                }
            ],
        }
        dumped = json.dumps(log, ensure_ascii=False, indent=2)
        head, tail = dumped.rsplit(json.dumps(_RESULTS), 1)  # only properties come after
        written = False
        for verdict in run.verdicts:
            result = _result(verdict, run, index.get(verdict.rule), artifacts)
            text = json.dumps(result, ensure_ascii=False, indent=2).replace("\n", _NESTED)
            yield (head + "[" if not written else ",") + _NESTED + text
            written = True
        yield f"\n{' ' * 6}]{tail}" if written else f"{head}[]{tail}"


def rule_clauses(rule: Rule) -> list[str]:
    """The clauses a rule cites itself, then those of its consequence."""
    found = list(rule.cites)
    if isinstance(rule.action, VerdictAction) and rule.action.consequence is not None:
        found.extend(c for c in rule.action.consequence.cites if c not in found)
    return found


def rule_descriptor(rule: Rule, program: Program) -> dict[str, Any]:
    """A `reportingDescriptor`: title, the cited clauses' text, their ids in `properties`."""
    clauses = [program.clauses[c] for c in rule_clauses(rule) if c in program.clauses]
    action = rule.action
    outcome = action.outcome if isinstance(action, VerdictAction) else Outcome.INFO
    full = " ".join(f"{c.id} ({c.location.label}): {c.text_en}" for c in clauses)
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": full or rule.title},
        "help": {
            "text": "\n\n".join(_clause_text(c) for c in clauses) or rule.title,
            "markdown": "\n\n".join(_clause_markdown(c) for c in clauses) or rule.title,
        },
        "defaultConfiguration": {"level": LEVELS[outcome]},
        "properties": {
            "clauses": [c.id for c in clauses],
            "outcome": outcome.value,
            "tags": ["compliance", *(c.id for c in clauses)],
        },
    }


def _clause_text(clause: Clause) -> str:
    heading = f"{clause.id} {clause.location.label}: {clause.title}"
    return f"{heading}\n{clause.text_zh}\n{clause.text_en}"


def _clause_markdown(clause: Clause) -> str:
    return (
        f"**{clause.id}** {clause.location.label}: {clause.title}\n\n"
        f"> {clause.text_zh}\n>\n> {clause.text_en}"
    )


def _location(origin: Origin, artifacts: dict[str, int]) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": origin.uri}
    if origin.uri in artifacts:
        artifact["index"] = artifacts[origin.uri]
    return {"artifactLocation": artifact, "region": {"startLine": origin.line}}


def _result(
    verdict: Verdict, run: CheckReport, rule_index: int | None, artifacts: dict[str, int]
) -> dict[str, Any]:
    origins = run.inputs.origins(verdict)
    result: dict[str, Any] = {
        "ruleId": verdict.rule,
        "level": LEVELS[verdict.outcome],
        "message": {"text": verdict.message},
        **({"kind": KINDS[verdict.outcome]} if verdict.outcome in KINDS else {}),
        "locations": [{"physicalLocation": _location(o, artifacts)} for o in origins[:1]],
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if len(origins) > 1:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _location(o, artifacts)}
            for i, o in enumerate(origins[1:], start=1)
        ]
    key = "\x1f".join((verdict.rule, verdict.subject, verdict.date.isoformat(), *verdict.events))
    result["partialFingerprints"] = {
        "mktpolicyVerdict/v1": hashlib.sha256(key.encode()).hexdigest()[:32]
    }
    properties: dict[str, Any] = {
        "employee": verdict.subject,
        "date": verdict.date.isoformat(),
        "outcome": verdict.outcome.value,
        "clauses": list(verdict.clauses),
        "events": list(verdict.events),
    }
    if verdict.fine is not None:
        properties["fine"] = str(verdict.fine)
    if verdict.compensation is not None:
        properties["compensation"] = str(verdict.compensation.amount)
    if verdict.consequence is not None:
        properties["consequence"] = verdict.consequence.id
    result["properties"] = properties
    return result


def _invocation(run: CheckReport) -> dict[str, Any]:
    """Skipped records (--keep-going) make the run unsuccessful, each one a notification."""
    invocation: dict[str, Any] = {"executionSuccessful": run.summary.complete}
    if run.inputs.skipped:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": f"skipped: {problem}"}}
            for problem in run.inputs.skipped
        ]
    return invocation

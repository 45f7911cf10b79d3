"""SARIF 2.1.0, the format code-scanning services read (GitHub's upload-sarif among them).

Each verdict is a `result` whose `ruleId` is the rule and whose location is the line of the
event file that the verdict's chain starts from (stdin is the artifact `stdin`); the other
events it rests on are `relatedLocations`. `tool.driver.rules` describes every verdict rule:
its title, and the clauses it cites in Chinese and English, with their ids in `properties`.

What GitHub and Azure DevOps require beyond the schema (checked in CI with Microsoft's
Sarif.Multitool) is here too: rule names, the driver's full name and home, the run's
`automationDetails`, fingerprints that tell every two verdicts apart, and GitHub's limit of
25,000 results a run (`max_results`, with a notification of what was left out).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from mktpolicy.cli.inputs import Origin
from mktpolicy.cli.reporters import OTHER_OUTCOMES, CheckReport, Summary, in_languages, tool_version
from mktpolicy.ir.model import Clause, Program, Rule, VerdictAction
from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.model import Verdict

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://git.example.com/marketing/mktpolicy"
"""The tool's home (SARIF's `informationUri`); pyproject.toml's `Homepage` says the same."""
CATEGORY = "mktpolicy/"
"""`automationDetails.id`: the code-scanning category (GitHub, Azure DevOps) of the run."""
MAX_RESULTS = 25_000
"""GitHub rejects a run with more results than this (and shows the top 5,000 by severity)."""
_RESULTS = "\x1fresults\x1f"
"""Stands for the results while the rest of the log is dumped, then they are written there."""
_INVOCATIONS = "\x1finvocations\x1f"
"""Likewise for the invocations: what was left out is known only after the results."""
_NESTED = "\n" + " " * 8  # runs[0].results[i] in a log dumped with indent=2
_IN_RUN = "\n" + " " * 6  # runs[0].invocations in a log dumped with indent=2

LEVELS = {
    Outcome.VIOLATION: "error",
    Outcome.WARNING: "warning",
    Outcome.INFO: "note",
    Outcome.FINDING: "warning",  # a process step a role owes: to be acted on, not misconduct
    Outcome.LAPSED: "note",  # a right not used in time: nobody's fault
    Outcome.PENDING: "none",  # not yet owed
    Outcome.UNDETERMINED: "none",  # with kind "open": could not be judged
}
"""Every outcome's SARIF level (a test checks none is missing). SARIF asks level `none` for a
result whose `kind` is not `fail`."""
KINDS = {Outcome.UNDETERMINED: "open", Outcome.PENDING: "informational"}
"""SARIF `kind` where it is not `fail`: "open" is SARIF's "could not determine pass or fail",
"informational" a result only to be known (a deadline not yet passed)."""
_SEVERITY = ("error", "warning", "note", "none")


def level(outcome: Outcome) -> str:
    """The SARIF level of an outcome; one this reporter does not know (a newer outcome) is a
    `note`, so it neither fails a scan nor hides among errors."""
    return LEVELS.get(outcome, "note")


def friendly_name(rule_id: str) -> str:
    """The Pascal-case `name` SARIF and Azure DevOps want beside a rule's id."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", rule_id))


def fingerprint(verdict: Verdict) -> str:
    """What keeps one verdict one alert from run to run: every field that tells two verdicts
    apart (rule, employee, date, events, outcome, message, clauses, penalty, consequence), and
    none that changes when only the rulebook's wording or the calendar data changes."""
    compensation = verdict.compensation.amount if verdict.compensation is not None else None
    consequence = verdict.consequence.id if verdict.consequence is not None else None
    key = json.dumps(
        [
            verdict.rule,
            verdict.subject,
            verdict.date.isoformat(),
            list(verdict.events),
            verdict.outcome.value,
            verdict.message,
            list(verdict.clauses),
            None if verdict.fine is None else str(verdict.fine),
            None if compensation is None else str(compensation),
            consequence,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


AZURE_PIPELINE = {
    "buildDefinitionId": "SYSTEM_DEFINITIONID",
    "buildDefinitionName": "BUILD_DEFINITIONNAME",
    "phaseId": "SYSTEM_PHASEID",
    "phaseName": "SYSTEM_PHASENAME",
}
"""The pipeline properties Azure DevOps Advanced Security files a run under, and the variables
an Azure Pipelines job has them in."""


def automation_details(environ: Mapping[str, str]) -> dict[str, Any]:
    """The run's `automationDetails`: in an Azure Pipelines job (`TF_BUILD`), the pipeline
    shape Azure DevOps Advanced Security requires; elsewhere the category `mktpolicy/`."""
    values = {key: environ.get(name, "") for key, name in AZURE_PIPELINE.items()}
    if environ.get("TF_BUILD", "").lower() != "true" or not all(values.values()):
        return {"id": CATEGORY}
    org = environ.get("SYSTEM_COLLECTIONURI", "").rstrip("/").rsplit("/", 1)[-1]
    parts = [
        org,
        environ.get("SYSTEM_TEAMPROJECT", ""),
        values["buildDefinitionId"],
        values["phaseId"],
        environ.get("BUILD_SOURCEBRANCH", ""),
        environ.get("BUILD_BUILDID", ""),
    ]
    return {
        "id": "azuredevops/pipeline/build/" + "/".join(parts),
        "properties": {f"azuredevops/pipeline/build/{k}": v for k, v in values.items()},
    }


def quotas(summary: Summary, limit: int) -> dict[str, int]:
    """How many results of each level a run of at most `limit` results holds: errors first,
    then warnings, then notes (GitHub's own order when it trims)."""
    others = dict(zip(OTHER_OUTCOMES, summary.others, strict=True))
    counts = {"error": summary.violations, "warning": summary.warnings, "note": 0, "none": 0}
    for outcome, count in others.items():
        counts[level(outcome)] += count
    counts["note"] += summary.verdicts - sum(counts.values())  # info, and any other
    left = limit
    found: dict[str, int] = {}
    for name in _SEVERITY:
        found[name] = min(counts[name], left)
        left -= found[name]
    return found


class SarifReporter:
    def __init__(
        self,
        max_results: int = MAX_RESULTS,
        environ: Mapping[str, str] | None = None,
        lang: str | None = None,
    ) -> None:
        self.lang = lang
        """`--lang`; None: the short description in English, the help in both languages."""
        self.max_results = max_results
        """At most this many results (0: no limit); the rest are counted in a notification."""
        self.environ = os.environ if environ is None else environ
        """Where an Azure Pipelines job's variables are read (see `automation_details`)."""

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
                            "fullName": f"mktpolicy {version}",
                            "version": version,
                            "semanticVersion": version,
                            "informationUri": INFORMATION_URI,
                            "rules": [rule_descriptor(rule, program, self.lang) for rule in rules],
                        }
                    },
                    "automationDetails": automation_details(self.environ),
                    "artifacts": [
                        {"location": {"uri": uri}, "roles": ["analysisTarget"]} for uri in artifacts
                    ],
                    "results": _RESULTS,
                    "invocations": _INVOCATIONS,
                    "properties": {
                        "policy": run.policy.version,
                        "events": run.summary.events,
                        "fines": str(run.summary.fines),
                        "compensation": str(run.summary.compensation),
                    },
                }
            ],
        }
        dumped = json.dumps(log, ensure_ascii=False, indent=2)
        head, tail = dumped.rsplit(json.dumps(_RESULTS), 1)  # invocations, properties follow
        limited = 0 < self.max_results < run.summary.verdicts
        room = quotas(run.summary, self.max_results) if limited else None
        omitted: Counter[tuple[str, str]] = Counter()
        written = False
        for verdict in run.verdicts:
            lvl = level(verdict.outcome)
            if room is not None:
                if room[lvl] == 0:
                    omitted[lvl, verdict.rule] += 1
                    continue
                room[lvl] -= 1
            result = _result(verdict, run, index.get(verdict.rule), artifacts, self.lang)
            text = json.dumps(result, ensure_ascii=False, indent=2).replace("\n", _NESTED)
            yield (head + "[" if not written else ",") + _NESTED + text
            written = True
        invocations = json.dumps(
            [_invocation(run, omitted, self.max_results)], ensure_ascii=False, indent=2
        ).replace("\n", _IN_RUN)
        tail = tail.replace(json.dumps(_INVOCATIONS), invocations, 1)
        yield f"\n{' ' * 6}]{tail}" if written else f"{head}[]{tail}"


def rule_clauses(rule: Rule) -> list[str]:
    """The clauses a rule cites itself, then those of its consequence."""
    found = list(rule.cites)
    if isinstance(rule.action, VerdictAction) and rule.action.consequence is not None:
        found.extend(c for c in rule.action.consequence.cites if c not in found)
    return found


def rule_descriptor(rule: Rule, program: Program, lang: str | None = None) -> dict[str, Any]:
    """A `reportingDescriptor`: title, the cited clauses' text (in `lang`, see SarifReporter),
    their ids in `properties`."""
    clauses = [program.clauses[c] for c in rule_clauses(rule) if c in program.clauses]
    action = rule.action
    outcome = action.outcome if isinstance(action, VerdictAction) else Outcome.INFO
    full = " ".join(
        f"{c.id} ({c.location.label}): {' '.join(_texts(c, lang or 'en'))}" for c in clauses
    )
    both = lang or "both"
    return {
        "id": rule.id,
        "name": friendly_name(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": full or rule.title},
        "help": {
            "text": "\n\n".join(_clause_text(c, both) for c in clauses) or rule.title,
            "markdown": "\n\n".join(_clause_markdown(c, both) for c in clauses) or rule.title,
        },
        "defaultConfiguration": {"level": level(outcome)},
        "properties": {
            "clauses": [c.id for c in clauses],
            "outcome": outcome.value,
            "tags": ["compliance", *(c.id for c in clauses)],
        },
    }


def _texts(clause: Clause, lang: str) -> list[str]:
    return in_languages(clause.text_zh, clause.text_en, lang)


def _clause_text(clause: Clause, lang: str) -> str:
    heading = f"{clause.id} {clause.location.label}: {clause.title}"
    return "\n".join([heading, *_texts(clause, lang)])


def _clause_markdown(clause: Clause, lang: str) -> str:
    quoted = "\n>\n".join(f"> {text}" for text in _texts(clause, lang))
    return f"**{clause.id}** {clause.location.label}: {clause.title}\n\n{quoted}"


def _message(verdict: Verdict, lang: str | None) -> str:
    """The verdict's message; with `--lang`, the text of each clause it cites under it."""
    if lang is None:
        return verdict.message
    cited = (
        "\n".join([f"{c.clause} {c.location}:", *in_languages(c.text_zh, c.text_en, lang)])
        for c in verdict.citations
    )
    return "\n\n".join([verdict.message, *cited])


def _location(origin: Origin, artifacts: dict[str, int]) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": origin.uri}
    if origin.uri in artifacts:
        artifact["index"] = artifacts[origin.uri]
    return {"artifactLocation": artifact, "region": {"startLine": origin.line}}


def _result(
    verdict: Verdict,
    run: CheckReport,
    rule_index: int | None,
    artifacts: dict[str, int],
    lang: str | None = None,
) -> dict[str, Any]:
    origins = run.inputs.origins(verdict)
    result: dict[str, Any] = {
        "ruleId": verdict.rule,
        "level": level(verdict.outcome),
        "message": {"text": _message(verdict, lang)},
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
    result["partialFingerprints"] = {"mktpolicyVerdict/v2": fingerprint(verdict)}
    properties: dict[str, Any] = {
        "employee": verdict.subject,
        **({"role": verdict.role, "concerns": verdict.concerns} if verdict.role else {}),
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


def _invocation(run: CheckReport, omitted: Counter[tuple[str, str]], limit: int) -> dict[str, Any]:
    """Skipped records (--keep-going) make the run unsuccessful, each one a notification;
    results left out past the limit are one warning that counts them by level and rule."""
    invocation: dict[str, Any] = {"executionSuccessful": run.summary.complete}
    notifications = [
        {"level": "error", "message": {"text": f"skipped: {problem}"}}
        for problem in run.inputs.skipped
    ]
    if omitted:
        notifications.append(omission_notice(omitted, limit))
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def omission_notice(omitted: Counter[tuple[str, str]], limit: int) -> dict[str, Any]:
    """The notification that says which results a run of at most `limit` left out."""
    by_level = Counter[str]()
    for (lvl, _), count in omitted.items():
        by_level[lvl] += count
    levels = ", ".join(f"{by_level[lvl]} {lvl}" for lvl in _SEVERITY if by_level[lvl])
    total = sum(by_level.values())
    return {
        "level": "warning",
        "descriptor": {"id": "results-left-out"},
        "message": {
            "text": f"{total} results left out ({levels}): a run holds at most {limit} "
            "(--max-results); errors are kept first, then warnings, then notes"
        },
        "properties": {
            "omitted": total,
            "omittedByRule": [
                {"level": lvl, "rule": rule, "count": count}
                for (lvl, rule), count in sorted(
                    omitted.items(), key=lambda item: (_SEVERITY.index(item[0][0]), item[0][1])
                )
            ],
        },
    }

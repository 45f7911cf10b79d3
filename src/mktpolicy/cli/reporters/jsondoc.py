"""One JSON document: policy version, summary, the verdicts' stable JSON and where each event
was read (by ref), for scripts that post-process a check."""

from __future__ import annotations

import json

from mktpolicy.cli.reporters import CheckReport


class JsonReporter:
    def report(self, run: CheckReport) -> str:
        summary = run.summary
        refs = sorted({ref for v in run.verdicts for ref in v.events})
        document = {
            "policy": run.policy.fingerprint,
            "summary": {
                "events": summary.events,
                "verdicts": summary.verdicts,
                "violations": summary.violations,
                "warnings": summary.warnings,
                "fines": str(summary.fines),
                "failed": run.failed,
                "complete": summary.complete,
                "skipped": list(run.inputs.skipped),
            },
            "verdicts": [json.loads(v.model_dump_json()) for v in run.verdicts],
            "locations": {
                ref: {"file": origin.display, "line": origin.line}
                for ref in refs
                if (origin := run.inputs.by_ref.get(ref)) is not None
            },
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

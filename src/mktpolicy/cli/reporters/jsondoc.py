"""One JSON document: policy version, summary, the verdicts' stable JSON and where each event
was read (by ref), for scripts that post-process a check."""

from __future__ import annotations

import json
from collections.abc import Iterator

from mktpolicy.cli.reporters import CheckReport
from mktpolicy.cli.sorted_spill import SortedSpill


class JsonReporter:
    def report(self, run: CheckReport) -> str:
        return "".join(self.chunks(run))

    def chunks(self, run: CheckReport) -> Iterator[str]:
        """The document a verdict at a time: the text `json.dumps(document, indent=2)` gives,
        without building the document (a year of verdicts is hundreds of MB as objects)."""
        summary = run.summary
        head = {
            "policy": run.policy.version,
            "summary": {
                "events": summary.events,
                "verdicts": summary.verdicts,
                "violations": summary.violations,
                "warnings": summary.warnings,
                **summary.counts(),
                "fines": str(summary.fines),
                "compensation": str(summary.compensation),
                "failed": run.failed,
                "complete": summary.complete,
                "skipped": list(run.inputs.skipped),
            },
        }
        yield _dumps(head, 0)[:-2] + ',\n  "verdicts": ['
        located = SortedSpill()  # a year of cited events: more than memory should hold
        try:
            written = False
            for verdict in run.verdicts:
                separator = "," if written else ""
                yield separator + "\n    " + _dumps(json.loads(verdict.model_dump_json()), 4)
                written = True
                for ref in verdict.events:  # now: a streamed check knows only this one's origins
                    if ref not in located and (origin := run.inputs.by_ref.get(ref)) is not None:
                        located.add(ref, {"file": origin.display, "line": origin.line})
            yield "\n  ]," if written else "],"
            yield from _locations(located)
        finally:
            located.close()


def _locations(located: SortedSpill) -> Iterator[str]:
    """`"locations": {...}` as json.dumps(indent=2) writes it one level deep, a ref at a time."""
    first = True
    for ref, where in located:
        head = '\n  "locations": {' if first else ","
        yield f"{head}\n    {json.dumps(ref, ensure_ascii=False)}: {_dumps(where, 4)}"
        first = False
    yield '\n  "locations": {}\n}' if first else "\n  }\n}"


def _dumps(value: object, indent: int) -> str:
    """`value` as json.dumps(indent=2) writes it nested `indent` spaces deep."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * indent)

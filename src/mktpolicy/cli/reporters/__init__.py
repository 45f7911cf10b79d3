"""Verdicts to text (people), JSON (machines), SARIF (code scanning) and JUnit XML (CI test
dashboards), behind one protocol: a reporter turns one `CheckReport` into one document."""

from mktpolicy.cli.common import tool_version
from mktpolicy.cli.reporters.report import (
    FAIL_ON,
    FORMATS,
    LANGS,
    OTHER_OUTCOMES,
    CheckReport,
    Reporter,
    Summary,
    consequence_title,
    failing_outcomes,
    in_languages,
    plural,
    reporter_for,
)

__all__ = [
    "FAIL_ON",
    "FORMATS",
    "LANGS",
    "OTHER_OUTCOMES",
    "CheckReport",
    "Reporter",
    "Summary",
    "consequence_title",
    "failing_outcomes",
    "in_languages",
    "plural",
    "reporter_for",
    "tool_version",
]

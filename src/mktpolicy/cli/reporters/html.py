"""One self-contained HTML page for the people who act on verdicts (an HR officer, not a CLI
user): the totals first, a chart of verdicts and fines by month and by rule, then a section per
employee with each verdict's clause text, penalty, events, compliant way and chain of firings.

Nothing is fetched: the style, the script and the chart (SVG drawn here) are inline, and the
page's Content-Security-Policy allows only those two blocks, by hash, and no network at all.
Every id, message and text is escaped: event files are untrusted input. The filters (employee,
rule, outcome) are kept in the address's fragment, e.g. `report.html#employee=S-105`, so a
filtered view can be bookmarked or sent.

The totals stand first but are known last, so the sections wait in a temporary file (on disk
past SPOOL_BYTES) while the verdicts are read once: a streamed check's report is written in
memory that does not grow with it.
"""

from __future__ import annotations

import html
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from operator import attrgetter
from typing import IO

from mktpolicy.cli.reporters import (
    CheckReport,
    consequence_title,
    in_languages,
    tool_version,
)
from mktpolicy.cli.reporters.html_chart import Bar, bar_chart
from mktpolicy.cli.reporters.html_page import (
    CONTENT_SECURITY_POLICY,
    COUNTED,
    LABELS,
    OUTCOME_LABELS,
    SCRIPT,
    STYLE,
)
from mktpolicy.expr.library import words
from mktpolicy.spec.kinds import Outcome
from mktpolicy.verdicts.model import Verdict

SPOOL_BYTES = 1 << 20

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def escape(value: object) -> str:
    """Text safe in HTML text and in quoted attributes (and in SVG): `<`, `&` and quotes
    escaped, characters HTML cannot carry replaced."""
    return html.escape(_NOT_TEXT.sub("\ufffd", str(value)), quote=True)


@dataclass(slots=True)
class _Row:
    """Verdicts and money of one month, one rule or one employee."""

    outcomes: Counter[Outcome] = field(default_factory=Counter)
    fines: Decimal = Decimal(0)
    compensation: Decimal = Decimal(0)

    def add(self, verdict: Verdict) -> None:
        self.outcomes[verdict.outcome] += 1
        self.fines += verdict.fine or Decimal(0)
        if verdict.compensation is not None:
            self.compensation += verdict.compensation.amount

    @property
    def count(self) -> int:
        return sum(self.outcomes.values())


@dataclass(slots=True)
class _Tally:
    """What the head of the page shows, gathered while the sections are written."""

    total: _Row = field(default_factory=_Row)
    months: dict[str, _Row] = field(default_factory=dict)
    rules: dict[str, _Row] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    employees: list[str] = field(default_factory=list)
    """Every subject with verdicts, in report order: an employee, or a role owing a step."""
    roles: int = 0
    """How many of them are roles (a finding on `company` is not about an employee)."""

    def add(self, verdict: Verdict) -> None:
        self.total.add(verdict)
        self.months.setdefault(verdict.date.strftime("%Y-%m"), _Row()).add(verdict)
        self.rules.setdefault(verdict.rule, _Row()).add(verdict)
        self.titles.setdefault(verdict.rule, verdict.title)


class HtmlReporter:
    def __init__(self, lang: str = "both") -> None:
        self.lang = lang

    def report(self, run: CheckReport) -> str:
        return "".join(self.chunks(run))

    def chunks(self, run: CheckReport) -> Iterator[str]:
        """The page: head and totals, then the spooled sections, then the script."""
        tally = _Tally()
        with tempfile.SpooledTemporaryFile(SPOOL_BYTES, "w+", encoding="utf-8") as body:
            self._write_sections(run, tally, body)
            body.seek(0)
            yield self._head(run, tally)
            while piece := body.read(SPOOL_BYTES):
                yield piece
        if not tally.employees:
            yield f'<p class="empty">{escape(self._word("nothing"))}</p>\n'
        yield f"</main>\n<script>{SCRIPT}</script>\n</body>\n</html>"

    def _write_sections(self, run: CheckReport, tally: _Tally, body: IO[str]) -> None:
        # A streamed check knows the origins of the current verdict only: each verdict is
        # written as it is read, and its employee's heading (their totals) after them.
        for subject, verdicts in groupby(run.verdicts, key=attrgetter("subject")):
            tally.employees.append(subject)
            row = _Row()
            articles = []
            kind = "employee"
            for verdict in verdicts:
                if verdict.owed_by_role:
                    kind = "role"
                tally.add(verdict)
                row.add(verdict)
                articles.append(self._verdict(verdict, run))
            tally.roles += kind == "role"
            shown = words(subject) if kind == "role" else subject
            body.write(
                f'<section class="subject" data-employee="{escape(subject)}">\n'
                f"<h2>{escape(self._word(kind))} {escape(shown)}</h2>\n"
                f'<p class="subtotal">{escape(self._row_text(row))}</p>\n'
            )
            body.writelines(articles)
            body.write("</section>\n")

    # words

    def _pick(self, pair: tuple[str, str]) -> str:
        return " ".join(in_languages(pair[0], pair[1], self.lang))

    def _word(self, key: str) -> str:
        return self._pick(LABELS[key])

    def _outcome(self, outcome: Outcome, *, many: bool = True) -> str:
        value = outcome.value
        zh, one, several = OUTCOME_LABELS.get(value, (value, value, value))
        return self._pick((zh, several if many else one))

    def _count(self, n: int, noun: str) -> str:
        """`14 events`, or in Chinese alone `14 个事件`."""
        zh, one, several = COUNTED[noun]
        return f"{n} {zh if self.lang == 'zh' else one if n == 1 else several}"

    def _unit(self) -> str:
        return "yuan" if self.lang == "en" else "元"

    def _money(self, amount: Decimal) -> str:
        return f"{amount:,} {self._unit()}"

    def _row_text(self, row: _Row) -> str:
        counts = ", ".join(
            f"{self._outcome(outcome)} {row.outcomes[outcome]}"
            for outcome in Outcome
            if row.outcomes[outcome]
        )
        return (
            f"{self._count(row.count, 'verdict')}: {counts} · {self._word('fines')} "
            f"{self._money(row.fines)} · {self._word('compensation')} "
            f"{self._money(row.compensation)}"
        )

    # the head

    def _head(self, run: CheckReport, tally: _Tally) -> str:
        summary = run.summary
        title = f"mktpolicy: {self._word('report')}"
        parts = [
            "<!DOCTYPE html>\n",
            f'<html lang="{"zh-Hans" if self.lang == "zh" else "en"}">\n<head>\n',
            '<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            f'<header class="page">\n<h1>{escape(title)}</h1>\n',
            f'<p class="meta">{escape(self._meta(run, tally))}</p>\n',
        ]
        if not summary.complete:
            parts.append(
                f'<p class="incomplete">{escape(self._word("incomplete"))}: {summary.skipped}</p>\n'
            )
        parts.append("</header>\n")
        parts.append(self._totals(run, tally))
        parts.append(self._charts(tally))
        parts.append(self._filters(tally))
        parts.append('<main id="verdicts">\n')
        return "".join(parts)

    def _meta(self, run: CheckReport, tally: _Tally) -> str:
        return (
            f"{self._count(run.summary.events, 'event')}, "
            f"{self._count(len(tally.employees) - tally.roles, 'employee')}"
            f"{', ' + self._count(tally.roles, 'role') if tally.roles else ''} · "
            f"{self._word('policy')} {run.policy.version} · "
            f"mktpolicy {tool_version()}"
        )

    def _totals(self, run: CheckReport, tally: _Tally) -> str:
        counts = tally.total.outcomes
        shown = [
            outcome
            for outcome in Outcome
            if counts[outcome] or outcome in (Outcome.VIOLATION, Outcome.WARNING)
        ]
        cards = [(str(counts[outcome]), self._outcome(outcome), outcome.value) for outcome in shown]
        cards.append((self._money(tally.total.fines), self._word("fines"), "fines"))
        cards.append(
            (self._money(tally.total.compensation), self._word("compensation"), "compensation")
        )
        items = "".join(
            f'<div class="total" data-total="{escape(key)}"><span class="n">{escape(number)}'
            f'</span><span class="k">{escape(label)}</span></div>'
            for number, label, key in cards
        )
        return f'<section class="overview totals" id="totals">{items}</section>\n'

    def _charts(self, tally: _Tally) -> str:
        if not tally.employees:
            return ""
        labels = {o: self._outcome(o) for o in Outcome}
        months = [
            Bar(month, month, row.outcomes, row.fines)
            for month, row in sorted(tally.months.items())
        ]
        rules = sorted(
            tally.rules.items(), key=lambda item: (-item[1].count, -item[1].fines, item[0])
        )
        by_rule = [Bar(rule, tally.titles[rule], row.outcomes, row.fines) for rule, row in rules]
        heads = (self._word("verdicts"), f"{self._word('fines')} ({self._unit()})")
        return (
            '<section class="overview charts" id="charts">\n'
            f'<div class="chart"><h2>{escape(self._word("by_month"))}</h2>\n'
            f"{bar_chart(months, labels, heads)}</div>\n"
            f'<div class="chart"><h2>{escape(self._word("by_rule"))}</h2>\n'
            f"{bar_chart(by_rule, labels, heads)}</div>\n"
            "</section>\n"
        )

    def _filters(self, tally: _Tally) -> str:
        outcomes = [o for o in Outcome if tally.total.outcomes[o]]
        choices = (
            ("employee", [(e, e) for e in tally.employees]),
            ("rule", [(r, r) for r in sorted(tally.rules)]),
            ("outcome", [(o.value, self._outcome(o, many=False)) for o in outcomes]),
        )
        labels = {"employee": "subject" if tally.roles else "employee"}  # roles are listed too
        selects = "".join(
            f'<label>{escape(self._word(labels.get(name, name)))}<select name="{name}">'
            f'<option value="">{escape(self._word("all"))}</option>'
            + "".join(
                f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in values
            )
            + "</select></label>"
            for name, values in choices
        )
        return (
            f'<form class="filters" id="filters" aria-label="{escape(self._word("filter"))}">'
            f'{selects}<button type="reset">{escape(self._word("reset"))}</button>'
            f'<span>{escape(self._word("showing"))} <output id="shown"></output></span>'
            "</form>\n"
        )

    # a verdict

    def _verdict(self, verdict: Verdict, run: CheckReport) -> str:
        parts = [
            f'<article class="verdict" data-employee="{escape(verdict.subject)}" '
            f'data-rule="{escape(verdict.rule)}" data-outcome="{escape(verdict.outcome.value)}">\n'
            f'<h3><span class="badge badge-{escape(verdict.outcome.value)}">'
            f"{escape(self._outcome(verdict.outcome, many=False))}</span> "
            f'<time datetime="{verdict.date.isoformat()}">{verdict.date.isoformat()}</time> '
            f"<code>{escape(verdict.rule)}</code> {escape(verdict.title)}</h3>\n",
            f'<p class="message">{escape(verdict.message)}</p>\n',
        ]
        penalty = list(self._penalty(verdict))
        if penalty:
            parts.append(
                '<dl class="penalty">'
                + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in penalty)
                + "</dl>\n"
            )
        if verdict.explanation.would_comply:
            parts.append(
                f'<p class="comply"><strong>{escape(self._word("would_comply"))}:</strong> '
                f"{escape(verdict.explanation.would_comply)}</p>\n"
            )
        parts.extend(self._citations(verdict))
        parts.append(self._events(verdict, run))
        parts.append(self._chain(verdict))
        parts.append("</article>\n")
        return "".join(parts)

    def _penalty(self, verdict: Verdict) -> Iterable[tuple[str, str]]:
        if verdict.fine is not None:
            yield self._word("fine"), self._money(verdict.fine)
        if verdict.compensation is not None:
            c = verdict.compensation
            yield self._word("compensation"), f"{self._money(c.amount)} ({c.basis})"
        if verdict.consequence is not None:
            yield self._word("consequence"), consequence_title(verdict.consequence, self.lang)

    def _citations(self, verdict: Verdict) -> Iterator[str]:
        for citation in verdict.citations:
            also = (
                f" ({self._word('also_at')} {', '.join(citation.also_at)})"
                if citation.also_at
                else ""
            )
            texts = []
            if self.lang in ("zh", "both"):
                texts.append(f'<p lang="zh-Hans">{escape(citation.text_zh)}</p>')
            if self.lang in ("en", "both"):
                texts.append(f'<p lang="en">{escape(citation.text_en)}</p>')
            yield (
                f'<blockquote class="clause"><cite><code>{escape(citation.clause)}</code> '
                f"{escape(citation.location)}{escape(also)} · {escape(citation.title)}</cite>"
                f"{''.join(texts)}</blockquote>\n"
            )

    def _events(self, verdict: Verdict, run: CheckReport) -> str:
        if not verdict.events:
            return ""
        shown = []
        for ref in verdict.events:
            origin = run.inputs.by_ref.get(ref)
            where = f" ({escape(origin)})" if origin is not None else ""
            shown.append(f"<code>{escape(ref)}</code>{where}")
        return f'<p class="events">{escape(self._word("rests_on"))}: {", ".join(shown)}</p>\n'

    def _chain(self, verdict: Verdict) -> str:
        steps = verdict.explanation.steps
        if not steps:
            return ""
        items = []
        for step in steps:
            text = f"<code>{escape(step.rule)}</code> {escape(step.title)}"
            if step.matched:
                text += f" — {escape(self._word('matched'))}: {escape(', '.join(step.matched))}"
            if step.derived:
                text += f"; {escape(self._word('derived'))}: {escape(step.derived)}"
            items.append(f"<li>{text}</li>")
        return (
            f"<details><summary>{escape(self._word('chain'))} ({len(steps)})</summary>"
            f"<ol>{''.join(items)}</ol></details>\n"
        )

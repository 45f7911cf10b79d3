"""Bar charts as inline SVG, drawn here so the HTML report needs no script library and no
network: a row per month or rule, its verdicts as a bar stacked by outcome, its fines beside."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from mktpolicy.spec.kinds import Outcome

COLOURS = {"violation": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}
OTHER_COLOURS = ("#6a1b9a", "#00838f", "#5d4037", "#558b2f", "#ad1457", "#37474f")
FINE_COLOUR = "#455a64"

LABEL_WIDTH = 260
COUNT_WIDTH = 330
FINE_WIDTH = 250
GAP = 20
ROW = 22
TOP = 42
MOST_ROWS = 25
"""Rows past this many are summed in one last row (a year has 12 months; the rulebook ~130
rules, most of which fire rarely)."""


def outcome_colour(outcome: Outcome) -> str:
    """The outcome's colour: the three of old by name, later ones from a palette by position."""
    if outcome.value in COLOURS:
        return COLOURS[outcome.value]
    others = [o for o in Outcome if o.value not in COLOURS]
    return OTHER_COLOURS[others.index(outcome) % len(OTHER_COLOURS)]


@dataclass(frozen=True, slots=True)
class Bar:
    """One row: its label, a longer title (shown on hover), verdicts by outcome, fines."""

    label: str
    title: str
    outcomes: Mapping[Outcome, int]
    fines: Decimal


def _x(value: object) -> str:
    return html.escape(str(value), quote=True)


def _fold(bars: Sequence[Bar]) -> list[Bar]:
    if len(bars) <= MOST_ROWS:
        return list(bars)
    kept, rest = list(bars[: MOST_ROWS - 1]), bars[MOST_ROWS - 1 :]
    outcomes: dict[Outcome, int] = {}
    for bar in rest:
        for outcome, count in bar.outcomes.items():
            outcomes[outcome] = outcomes.get(outcome, 0) + count
    fines = sum((bar.fines for bar in rest), Decimal(0))
    kept.append(Bar(f"({len(rest)} more)", ", ".join(b.label for b in rest), outcomes, fines))
    return kept


def bar_chart(bars: Sequence[Bar], labels: Mapping[Outcome, str], heads: tuple[str, str]) -> str:
    """An <svg> of the rows, with a legend of the outcomes present; every text escaped."""
    rows = _fold(bars)
    most = max((sum(b.outcomes.values()) for b in rows), default=0) or 1
    richest = max((b.fines for b in rows), default=Decimal(0)) or Decimal(1)
    present = [o for o in Outcome if any(b.outcomes.get(o) for b in rows)]
    width = LABEL_WIDTH + COUNT_WIDTH + GAP + FINE_WIDTH
    height = TOP + ROW * len(rows) + 8
    count_x = LABEL_WIDTH
    fine_x = LABEL_WIDTH + COUNT_WIDTH + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="12" font-family="sans-serif">',
        f'<text x="{count_x}" y="12" font-weight="bold">{_x(heads[0])}</text>',
        f'<text x="{fine_x}" y="12" font-weight="bold">{_x(heads[1])}</text>',
    ]
    legend_x = count_x
    for outcome in present:
        parts.append(
            f'<rect x="{legend_x}" y="20" width="10" height="10" fill="{outcome_colour(outcome)}"/>'
            f'<text x="{legend_x + 14}" y="29">{_x(labels[outcome])}</text>'
        )
        legend_x += 24 + 7 * len(labels[outcome]) + 10
    for index, bar in enumerate(rows):
        y = TOP + index * ROW
        label = bar.label if len(bar.label) <= 36 else bar.label[:35] + "…"
        parts.append(
            f'<g><title>{_x(bar.title)}</title><text x="{LABEL_WIDTH - 8}" y="{y + 14}" '
            f'text-anchor="end">{_x(label)}</text></g>'
        )
        x = float(count_x)
        total = 0
        for outcome in present:
            count = bar.outcomes.get(outcome, 0)
            if not count:
                continue
            total += count
            w = (COUNT_WIDTH - 50) * count / most
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{ROW - 6}" '
                f'fill="{outcome_colour(outcome)}"><title>{_x(labels[outcome])}: {count}'
                "</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}">{total}</text>')
        w = float((FINE_WIDTH - 70) * bar.fines / richest)
        if bar.fines:
            parts.append(
                f'<rect x="{fine_x}" y="{y + 6}" width="{w:.1f}" height="{ROW - 12}" '
                f'fill="{FINE_COLOUR}"/>'
            )
        parts.append(f'<text x="{fine_x + w + 4:.1f}" y="{y + 15}">{bar.fines:,}</text>')
    parts.append("</svg>")
    return "\n".join(parts)

"""Comparing two policies on the same events: which verdicts are new, gone or fined differently.

A verdict under the reform is the same verdict as one under the base when it is about the same
employee, from the same rule, resting on the same events: its date, message or fine may differ.
Both policies are only asked to `evaluate`, so any backend serves.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from mktpolicy.events.reader import EventInput, to_events
from mktpolicy.policy import Policy
from mktpolicy.verdicts.model import Verdict
from mktpolicy.whatif.errors import missing
from mktpolicy.whatif.frames import VerdictTable, total_fines

if TYPE_CHECKING:
    import pandas as pd

Status = Literal["new", "gone", "changed_fine", "same"]
STATUSES: tuple[Status, ...] = ("new", "gone", "changed_fine", "same")


@dataclass(frozen=True, slots=True)
class Pair:
    """A verdict under the base policy and its match under the reform (either may be absent)."""

    status: Status
    base: Verdict | None
    reform: Verdict | None

    @property
    def verdict(self) -> Verdict:
        """The reform's verdict if there is one, else the base's."""
        if self.reform is not None:
            return self.reform
        if self.base is None:
            raise ValueError("a pair holds at least one verdict")
        return self.base


@dataclass(frozen=True, slots=True)
class Totals:
    """The comparison in one line: events, verdicts and fines before and after."""

    events: int
    verdicts_base: int
    verdicts_reform: int
    fines_base: Decimal
    fines_reform: Decimal
    employees_affected: int

    @property
    def fines_delta(self) -> Decimal:
        return self.fines_reform - self.fines_base

    def as_dict(self) -> dict[str, int | Decimal]:
        return {**asdict(self), "fines_delta": self.fines_delta}

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{v:,}</td></tr>"
            for k, v in self.as_dict().items()
        )
        return f"<table>{cells}</table>"


def match(base: Iterable[Verdict], reform: Iterable[Verdict]) -> list[Pair]:
    """Pair verdicts by (employee, rule, events); sorted as verdicts are reported."""
    pending: dict[tuple[str, str, tuple[str, ...]], list[Verdict]] = defaultdict(list)
    for verdict in base:
        pending[(verdict.subject, verdict.rule, verdict.events)].append(verdict)
    pairs = []
    for verdict in reform:
        bucket = pending.get((verdict.subject, verdict.rule, verdict.events))
        if bucket:
            before = bucket.pop(0)
            status: Status = "same" if before.fine == verdict.fine else "changed_fine"
            pairs.append(Pair(status, before, verdict))
        else:
            pairs.append(Pair("new", None, verdict))
    pairs.extend(Pair("gone", verdict, None) for bucket in pending.values() for verdict in bucket)
    pairs.sort(key=lambda p: p.verdict.sort_key())
    return pairs


def _fine(verdict: Verdict | None) -> Decimal:
    return Decimal(0) if verdict is None or verdict.fine is None else verdict.fine


class Comparison:
    """Verdicts under a base policy and a reform, matched; tables for notebooks.

    `rows` (one per verdict pair), `by_employee` (those affected), `by_rule`, `by_month`,
    `totals`; `base` and `reform` are the two verdict lists.
    """

    def __init__(
        self,
        base: Sequence[Verdict],
        reform: Sequence[Verdict],
        *,
        events: int,
        labels: tuple[str, str] = ("base", "reform"),
    ) -> None:
        self.base = VerdictTable(base, title=labels[0])
        self.reform = VerdictTable(reform, title=labels[1])
        self.labels = labels
        self.pairs: tuple[Pair, ...] = tuple(match(base, reform))
        self._events = events

    def __repr__(self) -> str:
        t = self.totals
        return (
            f"<Comparison {self.labels[0]} → {self.labels[1]}: {t.events:,} events; verdicts "
            f"{t.verdicts_base:,} → {t.verdicts_reform:,}; fines {t.fines_base:,} → "
            f"{t.fines_reform:,} yuan; {t.employees_affected:,} employees affected>"
        )

    def changed(self) -> list[Pair]:
        """The pairs whose status is not `same`."""
        return [p for p in self.pairs if p.status != "same"]

    @cached_property
    def totals(self) -> Totals:
        return Totals(
            events=self._events,
            verdicts_base=len(self.base),
            verdicts_reform=len(self.reform),
            fines_base=total_fines(self.base),
            fines_reform=total_fines(self.reform),
            employees_affected=len({p.verdict.subject for p in self.changed()}),
        )

    @cached_property
    def rows(self) -> pd.DataFrame:
        """employee, rule, date, month, status, fine_base, fine_reform, delta, events."""
        _require_pandas("Comparison.rows")
        import pandas as pd

        pairs = self.pairs
        dates = pd.Series(pd.to_datetime([p.verdict.date for p in pairs]), dtype="datetime64[ns]")
        data = {
            "employee": pd.Series([p.verdict.subject for p in pairs], dtype=object),
            "rule": pd.Series([p.verdict.rule for p in pairs], dtype=object),
            "date": dates,
            "month": dates.dt.to_period("M"),
            "status": pd.Categorical([p.status for p in pairs], categories=list(STATUSES)),
            "fine_base": pd.Series([_maybe(p.base) for p in pairs], dtype="float64"),
            "fine_reform": pd.Series([_maybe(p.reform) for p in pairs], dtype="float64"),
            "delta": pd.Series(
                [float(_fine(p.reform) - _fine(p.base)) for p in pairs], dtype="float64"
            ),
            "events": pd.Series([", ".join(p.verdict.events) for p in pairs], dtype=object),
        }
        return pd.DataFrame(data)

    @cached_property
    def by_employee(self) -> pd.DataFrame:
        """Employees whose verdicts changed, most fined by the reform first."""
        affected = {p.verdict.subject for p in self.changed()}
        table = self._tally(
            "employee", [p for p in self.pairs if p.verdict.subject in affected], with_same=False
        )
        return table.sort_values(["delta", "employee"], ascending=[False, True]).set_index(
            "employee"
        )

    @cached_property
    def by_rule(self) -> pd.DataFrame:
        """Every rule with a verdict under either policy; the largest changes first."""
        table = self._tally("rule", self.pairs, with_same=True)
        table["moved"] = table["new"] + table["gone"] + table["changed_fine"]
        table["size"] = table["delta"].abs()
        table = table.sort_values(["size", "moved", "rule"], ascending=[False, False, True])
        return table.drop(columns=["size", "moved"]).set_index("rule")

    @cached_property
    def by_month(self) -> pd.DataFrame:
        """Fines by month under each policy (each verdict in its own month), every month shown."""
        _require_pandas("Comparison.by_month")
        import pandas as pd

        base: dict[date, Decimal] = defaultdict(Decimal)
        reform: dict[date, Decimal] = defaultdict(Decimal)
        for verdict in self.base:
            base[verdict.date.replace(day=1)] += _fine(verdict)
        for verdict in self.reform:
            reform[verdict.date.replace(day=1)] += _fine(verdict)
        months = sorted(base.keys() | reform.keys())
        index = (
            pd.period_range(months[0], months[-1], freq="M")
            if months
            else pd.PeriodIndex([], freq="M")
        )
        keys = [period.start_time.date() for period in index]
        table = pd.DataFrame(
            {
                self.labels[0]: [float(base.get(k, 0)) for k in keys],
                self.labels[1]: [float(reform.get(k, 0)) for k in keys],
            },
            index=index,
        )
        table["delta"] = table[self.labels[1]] - table[self.labels[0]]
        table.index.name = "month"
        return table

    def _tally(self, key: str, pairs: Iterable[Pair], *, with_same: bool) -> pd.DataFrame:
        _require_pandas(f"Comparison.by_{key}")
        import pandas as pd

        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_COUNTED, 0))
        fines: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
        for pair in pairs:
            name = pair.verdict.subject if key == "employee" else pair.verdict.rule
            tally = counts[name]
            tally[pair.status] += 1
            tally["verdicts_base"] += pair.base is not None
            tally["verdicts_reform"] += pair.reform is not None
            fines[name][0] += _fine(pair.base)
            fines[name][1] += _fine(pair.reform)
        columns = [c for c in _COUNTED if with_same or c != "same"]
        names = sorted(counts)
        data: dict[str, list[str] | list[int] | list[float]] = {key: names}
        for column in columns:
            data[column] = [counts[n][column] for n in names]
        data["fines_base"] = [float(fines[n][0]) for n in names]
        data["fines_reform"] = [float(fines[n][1]) for n in names]
        data["delta"] = [float(fines[n][1] - fines[n][0]) for n in names]
        return pd.DataFrame(data)

    def _repr_html_(self) -> str:
        heading = html.escape(f"{self.labels[0]} → {self.labels[1]}")
        changed = self.by_rule[self.by_rule[["new", "gone", "changed_fine"]].sum(axis=1) > 0]
        table = changed.to_html(float_format=lambda x: f"{x:,.2f}")
        return (
            f"<p><b>{heading}</b></p>{self.totals._repr_html_()}"
            f"<p>Rules whose verdicts changed ({len(changed)}):</p>{table}"
        )


_COUNTED = ("verdicts_base", "verdicts_reform", "new", "gone", "changed_fine", "same")


def _maybe(verdict: Verdict | None) -> float | None:
    return None if verdict is None or verdict.fine is None else float(verdict.fine)


def _require_pandas(feature: str) -> None:
    """MissingExtraError, naming the extra, if pandas cannot be imported."""
    try:
        import pandas  # noqa: F401
    except ImportError as exc:
        raise missing("pandas", feature) from exc


def compare(
    base: Policy,
    reform: Policy,
    events: Iterable[EventInput],
    *,
    labels: tuple[str, str] = ("base", "reform"),
) -> Comparison:
    """Evaluate `events` under both policies and match the verdicts.

    The events are validated once; either policy may run on any backend.
    """
    validated = to_events(events)
    return Comparison(
        base.evaluate(validated), reform.evaluate(validated), events=len(validated), labels=labels
    )

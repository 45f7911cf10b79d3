"""Verdicts as pandas DataFrames, and a verdict list that shows itself as a table in Jupyter.

Analysts filter, group and plot; a DataFrame is where they do it. Fines are money, so besides a
float column for arithmetic and plots, the exact Decimal stays in `fine_exact`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, overload

from mktpolicy.verdicts.model import Verdict
from mktpolicy.whatif.errors import missing

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = (
    "employee",
    "date",
    "month",
    "rule",
    "clauses",
    "outcome",
    "fine",
    "fine_exact",
    "compensation",
    "consequence",
    "message",
    "events",
)
"""The columns of `frame()`, in order."""


def _float(value: Decimal | None) -> float:
    return math.nan if value is None else float(value)


def frame(verdicts: Iterable[Verdict]) -> pd.DataFrame:
    """One row per verdict: employee, date, month, rule, clauses, outcome, fine (float, NaN when
    none), fine_exact (Decimal or None), compensation, consequence, message, events.

    Clauses and events are joined with ", " so they read and filter as text.
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise missing("pandas", "mktpolicy.whatif.frame()") from exc
    items = list(verdicts)
    dates = pd.Series(pd.to_datetime([v.date for v in items]), dtype="datetime64[ns]")
    data = {
        "employee": pd.Series([v.subject for v in items], dtype=object),
        "date": dates,
        "month": dates.dt.to_period("M"),
        "rule": pd.Series([v.rule for v in items], dtype=object),
        "clauses": pd.Series([", ".join(v.clauses) for v in items], dtype=object),
        "outcome": pd.Series([v.outcome.value for v in items], dtype=object),
        "fine": pd.Series([_float(v.fine) for v in items], dtype="float64"),
        "fine_exact": pd.Series([v.fine for v in items], dtype=object),
        "compensation": pd.Series(
            [_float(v.compensation.amount if v.compensation else None) for v in items],
            dtype="float64",
        ),
        "consequence": pd.Series(
            [v.consequence.id if v.consequence else None for v in items], dtype=object
        ),
        "message": pd.Series([v.message for v in items], dtype=object),
        "events": pd.Series([", ".join(v.events) for v in items], dtype=object),
    }
    return pd.DataFrame(data, columns=list(COLUMNS))


def total_fines(verdicts: Iterable[Verdict]) -> Decimal:
    """The exact sum of the fines."""
    return sum((v.fine for v in verdicts if v.fine is not None), Decimal(0))


class VerdictTable(Sequence[Verdict]):
    """A list of verdicts that displays as a table in Jupyter and as a summary elsewhere."""

    def __init__(
        self, verdicts: Iterable[Verdict], *, title: str | None = None, max_rows: int = 20
    ) -> None:
        self._verdicts = tuple(verdicts)
        self.title = title
        self.max_rows = max_rows

    @overload
    def __getitem__(self, index: int) -> Verdict: ...
    @overload
    def __getitem__(self, index: slice) -> VerdictTable: ...
    def __getitem__(self, index: int | slice) -> Verdict | VerdictTable:
        if isinstance(index, slice):
            return VerdictTable(self._verdicts[index], title=self.title, max_rows=self.max_rows)
        return self._verdicts[index]

    def __len__(self) -> int:
        return len(self._verdicts)

    def __iter__(self) -> Iterator[Verdict]:
        return iter(self._verdicts)

    def frame(self) -> pd.DataFrame:
        """The verdicts as a DataFrame (see `frame`)."""
        return frame(self._verdicts)

    def summary(self) -> str:
        """`1,234 verdicts about 456 employees; fines 12,340 yuan`."""
        employees = len({v.subject for v in self._verdicts})
        fines = total_fines(self._verdicts)
        count = len(self._verdicts)
        return (
            f"{count:,} verdict{'' if count == 1 else 's'} about {employees:,} "
            f"employee{'' if employees == 1 else 's'}; fines {fines:,} yuan"
        )

    def __repr__(self) -> str:
        lines = [f"<VerdictTable: {self.summary()}>"]
        for verdict in self._verdicts[: self.max_rows]:
            fine = f" {verdict.fine} yuan" if verdict.fine is not None else ""
            lines.append(f"  {verdict.subject} {verdict.date} {verdict.rule}{fine}")
        if len(self._verdicts) > self.max_rows:
            lines.append(f"  ... and {len(self._verdicts) - self.max_rows:,} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        shown = frame(self._verdicts[: self.max_rows])
        shown = shown.drop(columns=["month", "fine_exact", "events"])
        heading = f"<b>{html.escape(self.title)}</b>: " if self.title else ""
        more = len(self._verdicts) - self.max_rows
        rest = f"<p>… and {more:,} more</p>" if more > 0 else ""
        table = shown.to_html(index=False, na_rep="", float_format=lambda x: f"{x:,.2f}")
        return f"<p>{heading}{html.escape(self.summary())}</p>{table}{rest}"

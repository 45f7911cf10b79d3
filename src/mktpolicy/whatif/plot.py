"""One plot for the question analysts ask first: how do the fines move, month by month?"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mktpolicy.whatif.errors import missing

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from mktpolicy.whatif.compare import Comparison


def plot_fines_by_month(
    comparison: Comparison, ax: Axes | None = None, *, title: str | None = None
) -> Axes:
    """Bars of the fines per month under the base and the reform, side by side.

    Draws on `ax`, or on a new figure through pyplot (so Jupyter shows it; headless runs get
    matplotlib's Agg backend). The title names the reform: `title`, else the comparison's
    reform label (`compare(..., labels=(base, reform))`). The legend stands outside the axes,
    so it covers no bar. Returns the Axes.
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise missing("matplotlib", "plot_fines_by_month()") from exc
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(9, 4), layout="constrained")
    table = comparison.by_month
    base, reform = comparison.labels
    positions = list(range(len(table)))
    width = 0.4
    ax.bar([x - width / 2 for x in positions], table[base].tolist(), width, label=base)
    ax.bar([x + width / 2 for x in positions], table[reform].tolist(), width, label=reform)
    ax.set_xticks(positions, [str(month) for month in table.index], rotation=45, ha="right")
    ax.set_ylabel("fines (yuan)")
    ax.set_title(f"Fines by month: {title or reform}", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    return ax

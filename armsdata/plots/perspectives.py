"""Who reports what: claims per source attribute and status."""

from __future__ import annotations

import pandas as pd

from armsdata import schema
from armsdata.plots.frame import axes, finish, no_data, require, stacked_bars, wrap


def plot_perspective(table: pd.DataFrame, *, ax=None, by: str | None = None, **kwargs):
    """Stacked bars: claims per source attribute (outlet country, source type) by status.

    Takes :func:`~armsdata.analysis.perspective`; ``by`` is its key column
    (default: the first column). ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`,
    called once per status.
    """
    ax = axes(ax, (7, 4))
    by = by or table.columns[0]
    require(table, [by, "n_claims"], "plot_perspective", "perspective")
    if table.empty:
        return no_data(ax, "Who reports what", "Claims (count)", by.replace("_", " ").capitalize())
    rows = table.iloc[::-1]
    names = [wrap(str(v).replace("_", " "), 20) for v in rows[by]]
    stacked_bars(ax, names, rows, list(schema.STATUS), "n_claims", 0.3, kwargs)
    ax.legend(title="Status claimed", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
              title_fontsize=8, frameon=False)
    label = by.replace("_", " ")
    return finish(ax, f"Who reports what: claims by {label} and status", "Claims (count)", label.capitalize())

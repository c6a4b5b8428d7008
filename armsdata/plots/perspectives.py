"""Who reports what: claims per source attribute and status."""

from __future__ import annotations

import pandas as pd

from armsdata import schema
from armsdata.analysis import NOT_STATED
from armsdata.plots.frame import axes, finish, no_data, require, stacked_bars, wrap


def plot_perspective(table: pd.DataFrame, *, ax=None, by: str | None = None, **kwargs):
    """Stacked bars: claims per source attribute (outlet country, source type) by status.

    Takes :func:`~armsdata.analysis.perspective`; ``by`` is its key column
    (default: the first column). A country code is shown with its name (``India (IND)``);
    where the table has a ``(not stated)`` row, a note under the legend says what it holds.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`, called once per status.
    """
    ax = axes(ax, (7, 4))
    by = by or table.columns[0]
    require(table, [by, "n_claims"], "plot_perspective", "perspective")
    if table.empty:
        return no_data(ax, "Who reports what", "Claims (count)", by.replace("_", " ").capitalize())
    rows = table.iloc[::-1]
    label = by.replace("_", " ")
    countries = _is_country(by)
    names = [wrap(_country(v) if countries else str(v).replace("_", " "), 20) for v in rows[by]]
    stacked_bars(ax, names, rows, list(schema.STATUS), "n_claims", 0.3, kwargs)
    legend = ax.legend(title="Status claimed", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
                       title_fontsize=8, frameon=False)
    if (rows[by] == NOT_STATED).any():
        ax.annotate(f"{NOT_STATED}: claims whose source\nrecords no {label}", xy=(0, 0), xycoords=legend,
                    xytext=(8, -6), textcoords="offset points", va="top", fontsize=7.5, color="0.3")
    return finish(ax, f"Who reports what: claims by {label} and status", "Claims (count)", label.capitalize())


def _is_country(column: str) -> bool:
    """Whether ``column`` is a column of sources.csv holding ISO 3166 country codes."""
    fields = {f.name: f for f in schema.SOURCES.fields}
    return column in fields and (fields[column].codes or "").startswith("iso3166")


def _country(code) -> str:
    """``India (IND)`` for an ISO 3166 alpha-3 code; anything else as it is."""
    import pycountry

    country = pycountry.countries.get(alpha_3=str(code))
    return f"{getattr(country, 'common_name', country.name)} ({code})" if country else str(code)

"""Who reports what: claims per source attribute and status."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from armsdata import schema
from armsdata.analysis import NOT_STATED
from armsdata.plots.frame import axes, finish, no_data, require_table_of, stacked_bars, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def plot_perspective(table: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Axes:
    """Stacked bars: claims per source attribute (outlet country, source type) by status.

    Takes :func:`~armsdata.analysis.perspective`, whose key columns come before its status
    columns: one bar per row, named by its keys (``by="outlet_country"``: the country). A country
    code is shown with its name (``India (IND)``); where the table has a ``(not stated)`` row, a
    note under the legend says what it holds.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`, called once per status.
    """
    ax = axes(ax, (7, 4))
    require_table_of(table, ["n_claims"], "plot_perspective", "perspective")
    keys = list(table.columns[:_first_status(table)])
    if not keys:
        raise ValueError("plot_perspective() takes the table of armsdata.analysis.perspective(): its key columns "
                         "(outlet_country, source_type, ...) before the status columns; this one has none")
    by = keys[0]
    if table.empty:
        return no_data(ax, "Who reports what", "Claims (count)", by.replace("_", " ").capitalize())
    rows = table.iloc[::-1]
    label = ", ".join(key.replace("_", " ") for key in keys)
    names = [wrap(", ".join(_country(v) if _is_country(key) else str(v).replace("_", " ")
                            for key, v in zip(keys, values)), 20) for values in rows[keys].itertuples(index=False)]
    stacked_bars(ax, names, rows, list(schema.STATUS), "n_claims", 0.3, kwargs)
    legend = ax.legend(title="Status claimed", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
                       title_fontsize=8, frameon=False)
    if (rows[keys] == NOT_STATED).any(axis=None):
        ax.annotate(f"{NOT_STATED}: claims whose source\nrecords no {label}", xy=(0, 0), xycoords=legend,
                    xytext=(8, -6), textcoords="offset points", va="top", fontsize=7.5, color="0.3")
    return finish(ax, f"Who reports what: claims by {label} and status", "Claims (count)", label.capitalize())


def _first_status(table: pd.DataFrame) -> int:
    """The position of the first status column of a :func:`~armsdata.analysis.perspective` table."""
    return next((i for i, column in enumerate(table.columns) if column in schema.STATUS), 0)


def _is_country(column: str) -> bool:
    """Whether ``column`` is a column of sources.csv holding ISO 3166 country codes."""
    fields = {f.name: f for f in schema.SOURCES.fields}
    return column in fields and (fields[column].codes or "").startswith("iso3166")


def _country(code) -> str:
    """``India (IND)`` for an ISO 3166 alpha-3 code; anything else as it is."""
    import pycountry

    country = pycountry.countries.get(alpha_3=str(code))
    return f"{getattr(country, 'common_name', country.name)} ({code})" if country else str(code)

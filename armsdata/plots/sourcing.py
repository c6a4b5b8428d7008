"""Provenance: claims, sources and independent origins per deal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from armsdata import schema
from armsdata.plots.frame import axes, finish, no_data, require_table_of, wrap
from armsdata.plots.style import STANCE_LABELS, stance_colours

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def _provenance_bars() -> list[tuple[str, str, str]]:
    """The bars of :func:`plot_provenance`, in order: column, colour, legend label."""
    adjectives = {"supports": "supporting", "disputes": "disputing", "alleges": "alleging"}
    bars = [("n_claims", "#d9d9d9", "claims"), ("n_sources", "#969696", "sources")]  # counts grey; origins by stance
    return bars + [(f"n_{adjectives[s]}_origins", colour, STANCE_LABELS[s]) for s, colour in stance_colours().items()]


def plot_provenance(table: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Axes:
    """Grouped bars per deal: claims, sources, and the independent origins that support, dispute
    or only allege it (from :func:`~armsdata.analysis.provenance`).

    Every deal of the table (the report draws those with two claims or more); many claims resting
    on one origin are one piece of evidence repeated, and an origin disputing or only alleging
    a deal is no corroboration of it, so origins are never added up across stances. A note under
    the legend says what an origin is (:data:`armsdata.schema.ORIGIN`), and that one source can
    cite several.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`, called once per count.
    """
    ax = axes(ax, (7, 5))
    bars = _provenance_bars()
    require_table_of(table, ["supplier", "recipient", "system", *(column for column, _, _ in bars)],
                     "plot_provenance", "provenance")
    rows = table.iloc[::-1].reset_index(drop=True)
    if rows.empty:
        return no_data(ax, "Provenance: claims, sources and independent origins per deal", "Count", "Deal")
    height = 0.8 / len(bars)
    for k, (column, colour, label) in enumerate(bars):
        offset = ((len(bars) - 1) / 2 - k) * height  # the first bar on top
        ax.barh([i + offset for i in range(len(rows))], rows[column].astype("int64"),
                **{"height": height, "color": colour, "label": label, **kwargs})
    labels = [f"{r.supplier} → {r.recipient}: {wrap(r.system, 28, one_line=True)}" for r in rows.itertuples()]
    ax.set_yticks(range(len(rows)), labels)
    ax.xaxis.get_major_locator().set_params(integer=True)
    legend = ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    # an origin is not a source: one source citing a ministry and an envoy gives two origins
    ax.annotate(wrap(f"A claim's origin: {schema.ORIGIN}. One source can cite several origins, so a deal can have "
                     "more origins than sources.", 34), xy=(0, 0), xycoords=legend, xytext=(8, -6), textcoords="offset points",
                va="top", fontsize=7.5, color="0.3")
    fewest = int(rows["n_claims"].min())  # what the rows have in common, when it is more than one claim
    return finish(ax, "Provenance: claims, sources and independent origins per deal", "Count",
                   f"Deal (with at least {fewest} claims)" if fewest > 1 else "Deal")


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

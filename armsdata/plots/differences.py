"""How reports differ: the quantity each claim reports, per deal."""

from __future__ import annotations

import pandas as pd

from armsdata import schema
from armsdata.plots.frame import axes, finish, no_data, require, wrap
from armsdata.plots.style import qualifier_markers, status_colours, status_labels


def plot_reported_quantities(quantities: pd.DataFrame, *, ax=None, **kwargs):
    """Dot plot: the quantity each claim reports, one row per claim, grouped by deal.

    Takes :func:`~armsdata.analysis.reported_quantities`. Colour is the status
    (50 agreed and 24 delivered are different stages, not a contradiction);
    the marker shows the qualifier (exact, about, at least, up to).
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.plot`, called once per claim.
    """
    from matplotlib.lines import Line2D

    ax = axes(ax, (7, 5))
    require(quantities, ["deal_id", "supplier", "recipient", "system", "claim_id", "origin", "status", "quantity",
                          "quantity_qualifier"], "plot_reported_quantities", "reported_quantities")
    if quantities.empty:
        return no_data(ax, "How reports differ: the quantity each claim reports",
                        "Quantity reported (items of the system)", "Origin of the claim [claim id]")
    colours, labels, markers = status_colours(), status_labels(), qualifier_markers()
    ticks, y = [], 0
    heading_rows = []
    for deal_id, group in quantities.groupby("deal_id", sort=True):
        first = group.iloc[0]
        heading_rows.append(y)
        ticks.append(f"{first.supplier} → {first.recipient}: {wrap(first.system, 28, one_line=True)}")
        y += 1
        for claim in group.itertuples(index=False):
            ax.plot(int(claim.quantity), y, **{
                "marker": markers[str(claim.quantity_qualifier)], "linestyle": "",
                "color": colours[str(claim.status)], "markersize": 8, "markeredgecolor": "black",
                "markeredgewidth": 0.5, **kwargs})
            ticks.append(f"{wrap(claim.origin, 32, one_line=True)} [{claim.claim_id}]")
            y += 1
    ax.set_yticks(range(len(ticks)), ticks)
    for row in heading_rows:
        ax.get_yticklabels()[row].set_fontweight("bold")
        if row:
            ax.axhline(row - 0.5, color="0.8", linewidth=0.8)
    ax.set_ylim(len(ticks) - 0.5, -0.5)
    ax.set_xlim(left=0)
    if len(quantities):
        ax.set_xlim(0, int(quantities["quantity"].max()) * 1.15)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    statuses = [s for s in schema.STATUS if s in set(quantities["status"].astype(str))]
    handles = [Line2D([], [], marker="o", linestyle="", color=colours[s], markeredgecolor="black",
                      markeredgewidth=0.5, label=labels[s]) for s in statuses]
    qualifiers = [q for q in schema.QUANTITY_QUALIFIER if q in set(quantities["quantity_qualifier"].astype(str))]
    handles += [Line2D([], [], marker=markers[q], linestyle="", color="white", markeredgecolor="black",
                       label=q.replace("_", " ")) for q in qualifiers]
    ax.legend(handles=handles, title="Stage / qualifier", loc="upper left", bbox_to_anchor=(1.01, 1),
              fontsize=8, title_fontsize=8, frameon=False)
    return finish(ax, "How reports differ: the quantity each claim reports",
                   "Quantity reported (items of the system)", "Origin of the claim [claim id]")

"""When: the dated claims per deal, with the precision of each date."""

from __future__ import annotations

import pandas as pd

from armsdata import schema
from armsdata.plots.frame import axes, deal_name, finish, no_data, require
from armsdata.plots.style import status_colours, status_labels

_PRECISION_HEIGHT = {"year": 0.7, "month": 0.45}


def plot_timeline(events: pd.DataFrame, *, ax=None, dot_kws: dict | None = None, **kwargs):
    """Dated events per deal, grouped by supplier, from :func:`~armsdata.analysis.timeline`.

    Precision stays visible: a year-precision date is a wide bar over the year,
    a month a narrower bar over the month, a day a dot. Colour is the status.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`, called once per year or
    month; ``dot_kws`` to :meth:`~matplotlib.axes.Axes.plot`, called once per day.
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax = axes(ax, (8, 4))
    require(events, ["deal_id", "supplier", "recipient", "system", "status", "precision", "date_start", "date_end"],
             "plot_timeline", "timeline")
    if events.empty:
        return no_data(ax, "Timeline of reported events", "Date of the event", "Deal")
    colours, labels = status_colours(), status_labels()
    rows = (events[["supplier", "recipient", "deal_id", "system"]].drop_duplicates("deal_id")
            .sort_values(["supplier", "recipient", "deal_id"], ignore_index=True))
    position = {deal: i for i, deal in enumerate(rows["deal_id"])}
    for event in events.itertuples(index=False):
        y = position[event.deal_id]
        colour = colours[str(event.status)]
        if event.precision == "day":
            ax.plot(event.date_start, y, **{"marker": "o", "linestyle": "", "color": colour, "markersize": 7,
                                            "markeredgecolor": "black", "markeredgewidth": 0.5, **(dot_kws or {})})
        else:
            width = (event.date_end - event.date_start) + pd.Timedelta(days=1)
            height = _PRECISION_HEIGHT[str(event.precision)]
            ax.barh(y, width, **{"left": event.date_start, "height": height, "color": colour, "alpha": 0.9,
                                 "edgecolor": "black", "linewidth": 0.5, **kwargs})
    ticks = [f"{r.supplier} → {r.recipient}: {deal_name(r.deal_id)}" for r in rows.itertuples()]
    ax.set_yticks(range(len(rows)), ticks)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if len(events):
        pad = pd.Timedelta(days=120)
        ax.set_xlim(events["date_start"].min() - pad, events["date_end"].max() + pad)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    statuses = [s for s in schema.STATUS if s in set(events["status"].astype(str))]
    handles = [Patch(color=colours[s], label=labels[s]) for s in statuses]
    handles += [Line2D([], [], color="0.6", linewidth=9, label="year known (bar spans the year)"),
                Line2D([], [], color="0.6", linewidth=5, label="month known (bar spans the month)"),
                Line2D([], [], marker="o", linestyle="", color="0.6", markeredgecolor="black",
                       label="exact day known (dot)")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return finish(ax, "Timeline of reported events, with the precision of each date",
                   "Date of the event (as precise as the source says)", "Deal (from its deal_id)")

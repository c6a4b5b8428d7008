"""When: the dated claims per deal, with the precision of each date."""

from __future__ import annotations

import pandas as pd

from armsdata import schema
from armsdata.plots.frame import axes, deal_name, finish, no_data, require, wrap
from armsdata.plots.style import status_colours, status_labels

_PRECISION_HEIGHT = {"year": 0.7, "month": 0.45}


def plot_timeline(events: pd.DataFrame, *, ax=None, dot_kws: dict | None = None, **kwargs):
    """Dated claims per deal, grouped by supplier, from :func:`~armsdata.analysis.timeline`.

    Precision stays visible: a year-precision date is a wide bar over the year, a month a
    narrower bar over the month, a day a dot. Colour is the status. A claim placed at its
    source's publication date (``dated_by`` = ``publication``: it dates no event) is drawn
    hollow, in its status' colour: when the press said it, not when it happened. Claims of
    one deal, status and date are one mark, with their number beside it when more than one;
    marks of different statuses at one date are set a little apart. The legend lists only
    the statuses, precisions and kinds of date drawn.
    Rows are named by ``deal_system`` where the table has it (the deal's system as
    :func:`~armsdata.analysis.deals` names it), else by a claim's wording.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`, called once per year or month
    mark; ``dot_kws`` to :meth:`~matplotlib.axes.Axes.plot`, called once per day mark.
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax = axes(ax, (8, 4))
    title = "Timeline: when the claims date each deal's events, or else when they were published"
    xlabel, ylabel = "Date (as precise as the source says)", "Deal"
    require(events, ["deal_id", "supplier", "recipient", "system", "status", "dated_by", "precision", "date_start",
                     "date_end"], "plot_timeline", "timeline")
    if events.empty:
        return no_data(ax, title, xlabel, ylabel)
    colours, labels = status_colours(), status_labels()
    names = [c for c in ("system", "deal_system") if c in events]
    rows = (events[["supplier", "recipient", "deal_id", *names]].drop_duplicates("deal_id")
            .sort_values(["supplier", "recipient", "deal_id"], ignore_index=True))
    position = {deal: i for i, deal in enumerate(rows["deal_id"])}
    keys = ["deal_id", "date_start", "date_end", "dated_by", "precision", "status"]
    marks = (events.astype({"status": "string", "dated_by": "string", "precision": "string"})
             .groupby(keys, sort=True, dropna=False).size().rename("n").reset_index())
    spot = marks.groupby(["deal_id", "date_start", "date_end"], sort=False)
    rank, size = spot.cumcount().to_numpy(), spot["n"].transform("size").to_numpy()
    for mark, k, n in zip(marks.itertuples(index=False), rank, size):
        y = position[mark.deal_id] + (k - (n - 1) / 2) * 0.22  # statuses at one date side by side, not hidden
        colour = colours[str(mark.status)]
        hollow = mark.dated_by == "publication"
        if mark.precision == "day":
            ax.plot(mark.date_start, y, **{
                "marker": "o", "linestyle": "", "color": colour, "markersize": 7,
                "markerfacecolor": "white" if hollow else colour, "markeredgecolor": colour if hollow else "black",
                "markeredgewidth": 1.8 if hollow else 0.5, **(dot_kws or {})})
        else:
            width = (mark.date_end - mark.date_start) + pd.Timedelta(days=1)
            height = _PRECISION_HEIGHT[str(mark.precision)] / (n if n > 1 else 1)
            ax.barh(y, width, **{"left": mark.date_start, "height": height, "color": "white" if hollow else colour,
                                 "alpha": 0.9, "edgecolor": colour if hollow else "black",
                                 "linewidth": 1.8 if hollow else 0.5, **kwargs})
        if mark.n > 1:
            ax.annotate(f"×{mark.n}", xy=(mark.date_end, y), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=7, color="0.25")
    ax.set_yticks(range(len(rows)), _deal_labels(rows), fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    pad = pd.Timedelta(days=120)
    ax.set_xlim(events["date_start"].min() - pad, events["date_end"].max() + pad)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    ax.legend(handles=_legend(events, colours, labels, Patch, Line2D), loc="upper left", bbox_to_anchor=(1.01, 1),
              fontsize=8, frameon=False)
    return finish(ax, title, xlabel, ylabel)


def _deal_labels(rows: pd.DataFrame) -> list[str]:
    """``France → Armenia: air defense systems`` (the deal's ``deal_system`` where the table has one, else its
    first claim's ``system``); the deal's id added where two rows would read alike."""
    systems = rows["deal_system"].fillna(rows["system"]) if "deal_system" in rows else rows["system"]
    labels = [f"{r.supplier} → {r.recipient}: {wrap(system, 30, one_line=True)}"
              for r, system in zip(rows.itertuples(), systems)]
    repeated = pd.Series(labels).duplicated(keep=False).to_numpy()
    return [f"{label} ({deal_name(deal)})" if twice else label
            for label, deal, twice in zip(labels, rows["deal_id"], repeated)]


def _legend(events: pd.DataFrame, colours: dict, labels: dict, Patch, Line2D) -> list:
    """Legend entries for what is drawn: its statuses, its precisions, and each kind of date."""
    statuses = [s for s in schema.STATUS if s in set(events["status"].astype(str))]
    handles = [Patch(color=colours[s], label=labels[s]) for s in statuses]
    drawn = set(zip(events["precision"].astype(str), events["dated_by"].astype(str)))
    precisions = {p for p, _ in drawn}
    if "year" in precisions:
        handles.append(Line2D([], [], color="0.6", linewidth=9, label="year known (bar spans the year)"))
    if "month" in precisions:
        handles.append(Line2D([], [], color="0.6", linewidth=5, label="month known (bar spans the month)"))
    if "day" in precisions:
        handles.append(Line2D([], [], marker="o", linestyle="", color="0.6", markeredgecolor="black",
                              label="exact day known (dot)"))
    kinds = {d for _, d in drawn}
    if "publication" in kinds:
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="0.4",
                              markeredgewidth=1.8, label="hollow: the claim dates no event;\nplaced at the day its "
                              "source\nwas published"))
    return handles

"""When: each deal's claims at the dates of their events, and apart, those that date none, at their
source's publication."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from armsdata import schema
from armsdata.plots.frame import axes, deal_name, finish, no_data, require_table_of, wrap
from armsdata.plots.style import status_colours, status_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: The most columns of publication dates drawn: beyond, publications are counted by month, then by year.
MAX_PUBLICATION_COLUMNS = 6
#: How much of a deal's row its marks fill (the rest keeps neighbouring rows apart).
_BAND = 0.8
#: The narrowest column of publication squares, in squares, so that its date fits under it.
_MIN_COLUMN = 3
#: The widest a day's dot is drawn, in points (smaller where a row holds many of them).
_DOT = 7.0


def plot_timeline(events: pd.DataFrame, *, ax: Axes | None = None, dot_kws: dict | None = None, **kwargs) -> Axes:
    """One row per deal, from :func:`~armsdata.analysis.timeline`: when its claims date its events, and,
    in a panel of their own on the right, the claims that date none, at their source's publication.

    Every claim is one mark, and no two marks overlap: claims whose dates overlap on one deal's row
    are stacked in lanes of the row, so that the marks can be counted. Left, at the date of the event:
    a year-precision date is a bar over the year, a month a bar over the month, a day a dot; colour is
    the status. Right, a claim that dates no event (``dated_by`` = ``publication``: when the press said
    it, not when it happened) is one square in the column of its source's publication date (by day;
    by month or year where more than :data:`MAX_PUBLICATION_COLUMNS` columns would be needed), the
    squares of a deal side by side in vocabulary order of their statuses. The event axis spans the
    event dates only. The legend lists only the statuses, precisions and panels drawn.
    Rows are named by ``deal_system`` where the table has it (the deal's system as
    :func:`~armsdata.analysis.deals` names it), else by a claim's wording.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`, called once per year or month mark;
    ``dot_kws`` to :meth:`~matplotlib.axes.Axes.plot`, called once per day mark. The panel of
    publications is a second Axes, labelled ``"publication"``, beside ``ax`` and sharing its rows.
    """
    ax = axes(ax, (10, 4))
    title = "Timeline: the events the claims date, per deal, and when the press reported the rest"
    xlabel, ylabel = "Date of the event, as precise as the claim gives it", "Deal"
    require_table_of(events, ["deal_id", "supplier", "recipient", "system", "status", "dated_by", "precision",
                              "date_start", "date_end"], "plot_timeline", "timeline")
    if events.empty:
        return no_data(ax, title, xlabel, ylabel)
    names = [c for c in ("system", "deal_system") if c in events]
    rows = (events[["supplier", "recipient", "deal_id", *names]].drop_duplicates("deal_id")
            .sort_values(["supplier", "recipient", "deal_id"], ignore_index=True))
    position = {deal: i for i, deal in enumerate(rows["deal_id"])}
    by_publication = (events["dated_by"].astype("string") == "publication").fillna(False).to_numpy(dtype=bool)
    dated, published = events[~by_publication], events[by_publication]
    panel = None
    if len(published):
        from mpl_toolkits.axes_grid1 import make_axes_locatable

        panel = make_axes_locatable(ax).append_axes("right", size="45%", pad=0.25, sharey=ax, label="publication")
    # the panel of publications takes about a third of the width ax had
    _draw_events(ax, dated, position, len(rows), 1 / 1.5 if panel is not None else 1.0, dot_kws or {}, kwargs)
    if panel is not None:
        _draw_publications(panel, published, position)
    for a in (ax, panel) if panel is not None else (ax,):
        for i in range(1, len(rows)):
            a.axhline(i - 0.5, color="0.9", linewidth=0.6, zorder=0)
        for side in ("top", "right"):
            a.spines[side].set_visible(False)
    ax.set_yticks(range(len(rows)), _deal_labels(rows), fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    legend_axes = panel if panel is not None else ax
    legend_axes.legend(handles=_legend(events), loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8,
                       frameon=False)
    return finish(ax, title, xlabel, ylabel)


def _draw_events(ax, dated: pd.DataFrame, position: dict, n_rows: int, share: float, dot_kws: dict,
                 kwargs: dict) -> None:
    """The claims that date their event, on a time axis over their dates, in lanes of their deal's row
    (``share``: how much of the width of ``ax`` is left to it)."""
    import matplotlib.dates as mdates

    if dated.empty:
        ax.text(0.5, 0.5, "No claim dates its event", transform=ax.transAxes, ha="center", va="center",
                color="0.4")
        ax.set_xticks([])
        return
    first, last = dated["date_start"].min(), dated["date_end"].max()
    pad = max((last - first) * 0.04, pd.Timedelta(days=45))
    ax.set_xlim(first - pad, last + pad)
    width_pt, row_pt = _axes_points(ax, share, n_rows)
    days_per_pt = ((last - first) + 2 * pad) / pd.Timedelta(days=1) / max(width_pt, 1.0)
    colours = status_colours()
    order = {s: i for i, s in enumerate(schema.STATUS)}
    claims = dated.assign(_rank=dated["status"].astype(str).map(order)).sort_values(
        ["deal_id", "date_start", "_rank", "date_end"], kind="stable")
    for deal_id, marks in claims.groupby("deal_id", sort=False):
        lanes = _lanes(marks, days_per_pt * (_DOT + 2))
        n_lanes = max(lanes) + 1
        lane = _BAND / n_lanes
        dot = min(_DOT, 0.85 * lane * row_pt)
        for mark, k in zip(marks.itertuples(index=False), lanes):
            y = position[deal_id] - _BAND / 2 + (k + 0.5) * lane
            colour = colours[str(mark.status)]
            if mark.precision == "day":
                ax.plot(mark.date_start, y, **{"marker": "o", "linestyle": "", "color": colour, "markersize": dot,
                                               "markeredgecolor": "black", "markeredgewidth": 0.5, **dot_kws})
            else:
                ax.barh(y, (mark.date_end - mark.date_start) + pd.Timedelta(days=1), **{
                    "left": mark.date_start, "height": lane * 0.85, "color": colour, "edgecolor": "black",
                    "linewidth": 0.5, **kwargs})
    years = last.year - first.year
    ax.xaxis.set_major_locator(mdates.YearLocator(1 if years < 12 else 5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)


def _lanes(marks: pd.DataFrame, gap_days: float) -> list[int]:
    """The lane of each mark (in order) on one row: the first lane whose last mark ends before it starts,
    a dot taking ``gap_days`` (its width on the axis) around its day; a new lane when none is free."""
    ends: list[pd.Timestamp] = []
    out = []
    half = pd.Timedelta(days=gap_days / 2)
    for start, end in zip(marks["date_start"], marks["date_end"]):
        start, end = start - half, end + half
        free = next((k for k, e in enumerate(ends) if e < start), None)
        if free is None:
            free = len(ends)
            ends.append(end)
        else:
            ends[free] = end
        out.append(free)
    return out


def _axes_points(ax, share: float, n_rows: int) -> tuple[float, float]:
    """The width of ``share`` of ``ax`` and the height of one of its ``n_rows`` rows, in points, as the
    figure is laid out now (for the size of dots and the room they need)."""
    width, height = ax.figure.get_size_inches()
    box = ax.get_position()
    return box.width * width * 72 * share, box.height * height * 72 / max(n_rows, 1)


def _draw_publications(panel, published: pd.DataFrame, position: dict) -> None:
    """The claims that date no event: one square per claim, in the column of its source's publication date."""
    colours, order = status_colours(), {s: i for i, s in enumerate(schema.STATUS)}
    keys, labels = _publication_columns(published)
    columns = sorted(set(keys))
    index = {key: i for i, key in enumerate(columns)}
    claims = published.assign(_column=[index[k] for k in keys], _rank=published["status"].astype(str).map(order))
    claims = claims.sort_values(["_column", "deal_id", "_rank"], kind="stable")
    counts = claims.groupby(["_column", "deal_id"], sort=False).size().groupby(level=0).max()
    columns = list(range(len(columns)))
    labels = {index[key]: label for key, label in labels.items()}
    widths = {c: max(int(counts.loc[c]), _MIN_COLUMN) for c in columns}
    lefts, left = {}, 0.0
    for c in columns:
        lefts[c] = left
        left += widths[c] + 1
    cells: dict[str, tuple[list, list]] = {}
    for (column, deal_id), group in claims.groupby(["_column", "deal_id"], sort=False):
        start = lefts[column] + (widths[column] - len(group)) / 2  # the squares centred in their column
        for i, status in enumerate(group["status"].astype(str)):
            ys, xs = cells.setdefault(status, ([], []))
            ys.append(position[deal_id])
            xs.append(start + i)
    for status in [s for s in schema.STATUS if s in cells]:
        ys, xs = cells[status]
        panel.barh(ys, 1, left=xs, height=0.6, color=colours[status], edgecolor="white", linewidth=0.8,
                   align="center")
    for c in columns[1:]:
        panel.axvline(lefts[c] - 0.5, color="0.8", linewidth=0.8)
    panel.set_xticks([lefts[c] + widths[c] / 2 for c in columns], [labels[c] for c in columns], fontsize=8)
    panel.set_xlim(-0.5, left - 0.5)
    panel.tick_params(axis="y", left=False, labelleft=False)
    panel.set_xlabel("Claims dating no event, one square each,\nat the date their source was published")


def _publication_columns(published: pd.DataFrame) -> tuple[list[tuple], dict[tuple, str]]:
    """Each claim's column (a sortable key), and each column's label: the publication date by day where
    at most :data:`MAX_PUBLICATION_COLUMNS` columns do, else by month, else by year; never finer than
    the date the source gives (``2024-01`` is the column ``Jan 2024``, also among days)."""
    rank = {"day": 0, "month": 1, "year": 2}
    for unit in ("day", "month", "year"):
        keys, labels = [], {}
        for start, precision in zip(published["date_start"], published["precision"].astype(str)):
            coarse = max(rank[unit], rank[precision])
            key = (start.year, start.month if coarse < 2 else 0, start.day if coarse < 1 else 0, coarse)
            labels[key] = (f"{start.day} {start:%b}\n{start.year}" if coarse == 0 else
                           f"{start:%b}\n{start.year}" if coarse == 1 else str(start.year))
            keys.append(key)
        if len(set(keys)) <= MAX_PUBLICATION_COLUMNS:
            break
    return keys, labels


def _deal_labels(rows: pd.DataFrame) -> list[str]:
    """``France → Armenia: air defense systems`` (the deal's ``deal_system`` where the table has one, else its
    first claim's ``system``); the deal's id added where two rows would read alike."""
    systems = rows["deal_system"].fillna(rows["system"]) if "deal_system" in rows else rows["system"]
    labels = [f"{r.supplier} → {r.recipient}: {wrap(system, 30, one_line=True)}"
              for r, system in zip(rows.itertuples(), systems)]
    repeated = pd.Series(labels).duplicated(keep=False).to_numpy()
    return [f"{label} ({deal_name(deal)})" if twice else label
            for label, deal, twice in zip(labels, rows["deal_id"], repeated)]


def _legend(events: pd.DataFrame) -> list:
    """Legend entries for what is drawn: its statuses, its precisions of event dates, the publication squares."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colours, labels = status_colours(), status_labels()
    statuses = [s for s in schema.STATUS if s in set(events["status"].astype(str))]
    handles = [Patch(color=colours[s], label=labels[s]) for s in statuses]
    kinds = events["dated_by"].astype(str)
    precisions = set(events.loc[(kinds == "event").to_numpy(), "precision"].astype(str))
    if "year" in precisions:
        handles.append(Line2D([], [], color="0.6", linewidth=6, label="event year (bar spans the year)"))
    if "month" in precisions:
        handles.append(Line2D([], [], color="0.6", linewidth=3, label="event month (bar spans the month)"))
    if "day" in precisions:
        handles.append(Line2D([], [], marker="o", linestyle="", color="0.6", markeredgecolor="black",
                              label="event day (dot)"))
    if (kinds == "publication").any():
        handles.append(Patch(facecolor="0.6", edgecolor="white", label="a claim dating no event\n(right: "
                                                                       "when it was published)"))
    return handles

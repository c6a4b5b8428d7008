"""Charts of the analysis tables: ``plot_x(table, *, ax=None, **kwargs) -> Axes``.

Each function takes the table an :mod:`armsdata.analysis` function returns,
draws on ``ax`` (a new figure when ``None``) and returns it. Options are
keyword-only; ``**kwargs`` go to one matplotlib call, named in each docstring,
and override the defaults of that call (``plot_timeline(events, alpha=0.5)``).
Colours come from the vocabularies in :mod:`armsdata.schema`, so a status added
there gets a colour of its own. Nothing here writes files or shows windows;
:mod:`armsdata.report` does that.

>>> from armsdata import analysis, plots
>>> ax = plots.plot_arms_matrix(analysis.who_arms_whom(claims))   # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable

import pandas as pd

from armsdata import schema
from armsdata.analysis import NO_STAGE, arms_matrix

#: The note every figure carries: what the numbers are, and what they are not.
SOURCE_NOTE = "Source: armsdata, reported claims; not verified transfers"

#: The colour of each status today: the pipeline from light to dark blue, the rest apart.
_KNOWN_COLOURS: dict[str, str] = {
    "considered": "#c6dbef", "intent": "#9ecae1", "agreed": "#6baed6", "in_production": "#4292c6",
    "shipped": "#2171b5", "delivered": "#08306b", "not_delivered": "#8c2d04", "alleged": "#fd8d3c",
    "denied": "#d62728", "unspecified": "#969696", NO_STAGE: "#d9d9d9",
}
#: Colours for statuses added to the vocabulary later, in turn (matplotlib's tab10 less the ones in use).
_SPARE_COLOURS = ("#9467bd", "#2ca02c", "#e377c2", "#bcbd22", "#17becf", "#8c564b")
_KNOWN_MARKERS = {"exact": "o", "approx": "D", "at_least": ">", "up_to": "<"}
_SPARE_MARKERS = ("s", "^", "v", "P", "X", "*")
_PRECISION_HEIGHT = {"year": 0.7, "month": 0.45}


def status_colours(statuses: Iterable[str] | None = None) -> dict[str, str]:
    """A colour for each status (default: :data:`armsdata.schema.STATUS`) and for ``no_stage``.

    Today's statuses keep their colours; any other gets the next spare colour.

    >>> colours = status_colours([*schema.STATUS, "transferred"])
    >>> colours["delivered"], colours["transferred"], colours["no_stage"]
    ('#08306b', '#9467bd', '#d9d9d9')
    """
    return _assign([*(schema.STATUS if statuses is None else statuses), NO_STAGE], _KNOWN_COLOURS, _SPARE_COLOURS)


def status_labels(statuses: Iterable[str] | None = None) -> dict[str, str]:
    """How each status (default: :data:`armsdata.schema.STATUS`) and ``no_stage`` are named in legends."""
    names = list(schema.STATUS if statuses is None else statuses)
    return {s: s.replace("_", " ") for s in names} | {NO_STAGE: "no stage reported"}


def qualifier_markers(qualifiers: Iterable[str] | None = None) -> dict[str, str]:
    """A marker for each quantity qualifier (default: :data:`armsdata.schema.QUANTITY_QUALIFIER`)."""
    return _assign(list(schema.QUANTITY_QUALIFIER if qualifiers is None else qualifiers), _KNOWN_MARKERS,
                   _SPARE_MARKERS)


def _assign(values: list[str], known: dict[str, str], spares: tuple[str, ...]) -> dict[str, str]:
    """``known[value]`` where there is one, else the next spare (cycling: shared beats a crash)."""
    spare = itertools.cycle(spares)
    return {v: known[v] if v in known else next(spare) for v in values}


#: The colours and legend labels of the statuses as the package was imported (plots look them up when drawing).
STATUS_COLOURS: dict[str, str] = status_colours()
STATUS_LABELS: dict[str, str] = status_labels()


def plot_arms_matrix(pairs: pd.DataFrame, *, ax=None, value: str = "n_deals", **kwargs):
    """Heatmap of suppliers (rows) × recipients (columns) from :func:`~armsdata.analysis.who_arms_whom`.

    Cells show ``value`` (``n_deals``, the transfers counted, by default) and, below it,
    the number of claims.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.imshow` (defaults: ``cmap="Blues"``,
    ``aspect="auto"``, ``vmin=0``).
    """
    ax = _axes(ax, (7, 5))
    _require(pairs, ["supplier", "recipient", value, "n_claims"], "plot_arms_matrix", "who_arms_whom")
    if pairs.empty:
        return _no_data(ax, "Who arms whom", "Recipient", "Supplier")
    matrix = arms_matrix(pairs, value=value)
    claims = arms_matrix(pairs, value="n_claims").reindex(index=matrix.index, columns=matrix.columns, fill_value=0)
    image = ax.imshow(matrix.to_numpy(), **{"cmap": "Blues", "aspect": "auto", "vmin": 0, **kwargs})
    top = max(int(matrix.to_numpy().max()), 1) if matrix.size else 1
    for i, supplier in enumerate(matrix.index):
        for j, recipient in enumerate(matrix.columns):
            n = int(matrix.at[supplier, recipient])
            if n == 0:
                continue
            colour = "white" if n > top / 2 else "black"
            ax.text(j, i - 0.08, str(n), ha="center", va="center", fontsize=10, fontweight="bold", color=colour)
            n_claims = int(claims.at[supplier, recipient])
            ax.text(j, i + 0.25, f"{n_claims} claim{'s' if n_claims != 1 else ''}", ha="center", va="center",
                    fontsize=6.5, color=colour)
    ax.set_xticks(range(len(matrix.columns)), [_wrap(c, 12) for c in matrix.columns])
    ax.set_yticks(range(len(matrix.index)), list(matrix.index))
    ax.tick_params(length=0)
    counted = _count_name(value)
    ax.figure.colorbar(image, ax=ax, label=f"{counted} (count)", shrink=0.8)
    return _finish(ax, f"Who arms whom: {counted} reported per supplier and recipient",
                   "Recipient", "Supplier")


def plot_supplier_pipeline(pipeline: pd.DataFrame, *, ax=None, **kwargs):
    """Stacked bars: deals per supplier by the furthest stage any claim reports.

    Takes :func:`~armsdata.analysis.supplier_pipeline`; a deal counts once.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`, called once per stage.
    """
    ax = _axes(ax, (7, 4))
    _require(pipeline, ["supplier", "n_deals"], "plot_supplier_pipeline", "supplier_pipeline")
    if pipeline.empty:
        return _no_data(ax, "Deals by supplier and furthest reported stage", "Deals (count)", "Supplier")
    table = pipeline.iloc[::-1]  # largest at the top
    _stacked_bars(ax, table["supplier"], table, [*schema.PIPELINE_STAGES, NO_STAGE], "n_deals", 0.1, kwargs)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(title="Furthest stage reported", loc="lower right", fontsize=8, title_fontsize=8, frameon=False)
    return _finish(ax, "Deals by supplier and furthest reported stage", "Deals (count)", "Supplier")


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

    ax = _axes(ax, (8, 4))
    _require(events, ["deal_id", "supplier", "recipient", "system", "status", "precision", "date_start", "date_end"],
             "plot_timeline", "timeline")
    if events.empty:
        return _no_data(ax, "Timeline of reported events", "Date of the event", "Deal")
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
    ticks = [f"{r.supplier} → {r.recipient}: {_deal_name(r.deal_id)}" for r in rows.itertuples()]
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
    return _finish(ax, "Timeline of reported events, with the precision of each date",
                   "Date of the event (as precise as the source says)", "Deal (from its deal_id)")


def plot_reported_quantities(quantities: pd.DataFrame, *, ax=None, **kwargs):
    """Dot plot: the quantity each claim reports, one row per claim, grouped by deal.

    Takes :func:`~armsdata.analysis.reported_quantities`. Colour is the status
    (50 agreed and 24 delivered are different stages, not a contradiction);
    the marker shows the qualifier (exact, about, at least, up to).
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.plot`, called once per claim.
    """
    from matplotlib.lines import Line2D

    ax = _axes(ax, (7, 5))
    _require(quantities, ["deal_id", "supplier", "recipient", "system", "claim_id", "origin", "status", "quantity",
                          "quantity_qualifier"], "plot_reported_quantities", "reported_quantities")
    if quantities.empty:
        return _no_data(ax, "How reports differ: the quantity each claim reports",
                        "Quantity reported (items of the system)", "Origin of the claim [claim id]")
    colours, labels, markers = status_colours(), status_labels(), qualifier_markers()
    ticks, y = [], 0
    heading_rows = []
    for deal_id, group in quantities.groupby("deal_id", sort=True):
        first = group.iloc[0]
        heading_rows.append(y)
        ticks.append(f"{first.supplier} → {first.recipient}: {_wrap(first.system, 28, one_line=True)}")
        y += 1
        for claim in group.itertuples(index=False):
            ax.plot(int(claim.quantity), y, **{
                "marker": markers[str(claim.quantity_qualifier)], "linestyle": "",
                "color": colours[str(claim.status)], "markersize": 8, "markeredgecolor": "black",
                "markeredgewidth": 0.5, **kwargs})
            ticks.append(f"{_wrap(claim.origin, 32, one_line=True)} [{claim.claim_id}]")
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
    return _finish(ax, "How reports differ: the quantity each claim reports",
                   "Quantity reported (items of the system)", "Origin of the claim [claim id]")


def plot_perspective(table: pd.DataFrame, *, ax=None, by: str | None = None, **kwargs):
    """Stacked bars: claims per source attribute (outlet country, source type) by status.

    Takes :func:`~armsdata.analysis.perspective`; ``by`` is its key column
    (default: the first column). ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`,
    called once per status.
    """
    ax = _axes(ax, (7, 4))
    by = by or table.columns[0]
    _require(table, [by, "n_claims"], "plot_perspective", "perspective")
    if table.empty:
        return _no_data(ax, "Who reports what", "Claims (count)", by.replace("_", " ").capitalize())
    rows = table.iloc[::-1]
    names = [_wrap(str(v).replace("_", " "), 20) for v in rows[by]]
    _stacked_bars(ax, names, rows, list(schema.STATUS), "n_claims", 0.3, kwargs)
    ax.legend(title="Status claimed", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
              title_fontsize=8, frameon=False)
    label = by.replace("_", " ")
    return _finish(ax, f"Who reports what: claims by {label} and status", "Claims (count)", label.capitalize())


#: The colour of each stance of :data:`armsdata.schema.STANCE`: as its statuses are coloured.
_KNOWN_STANCE_COLOURS = {"supports": "#08306b", "disputes": "#d62728", "alleges": "#fd8d3c"}
#: How each stance's origins are named in the legend of :func:`plot_provenance`.
_STANCE_LABELS = {"supports": "origins supporting", "disputes": "origins disputing", "alleges": "origins only alleging"}


def stance_colours(stances: Iterable[str] | None = None) -> dict[str, str]:
    """A colour for each stance (default: :data:`armsdata.schema.STANCE`); a new one gets a spare colour.

    >>> stance_colours()["disputes"]
    '#d62728'
    """
    return _assign(list(schema.STANCE if stances is None else stances), _KNOWN_STANCE_COLOURS, _SPARE_COLOURS)


def _provenance_bars() -> list[tuple[str, str, str]]:
    """The bars of :func:`plot_provenance`, in order: column, colour, legend label."""
    adjectives = {"supports": "supporting", "disputes": "disputing", "alleges": "alleging"}
    bars = [("n_claims", "#bdbdbd", "claims"), ("n_sources", "#6baed6", "sources")]
    return bars + [(f"n_{adjectives[s]}_origins", colour, _STANCE_LABELS[s]) for s, colour in stance_colours().items()]


def plot_provenance(table: pd.DataFrame, *, ax=None, min_claims: int = 2, **kwargs):
    """Grouped bars per deal: claims, sources, and the independent origins that support, dispute
    or only allege it (from :func:`~armsdata.analysis.provenance`).

    Only deals with at least ``min_claims`` claims; many claims resting on one
    origin are one piece of evidence repeated, and an origin disputing or only alleging
    a deal is no corroboration of it, so origins are never added up across stances.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`, called once per count.
    """
    ax = _axes(ax, (7, 5))
    bars = _provenance_bars()
    _require(table, ["supplier", "recipient", "system", *(column for column, _, _ in bars)], "plot_provenance",
             "provenance")
    rows = table[(table["n_claims"] >= min_claims).to_numpy(dtype=bool)].iloc[::-1].reset_index(drop=True)
    if rows.empty:
        return _no_data(ax, "Provenance: claims, sources and independent origins per deal", "Count", "Deal")
    height = 0.8 / len(bars)
    for k, (column, colour, label) in enumerate(bars):
        offset = ((len(bars) - 1) / 2 - k) * height  # the first bar on top
        ax.barh([i + offset for i in range(len(rows))], rows[column].astype("int64"),
                **{"height": height, "color": colour, "label": label, **kwargs})
    labels = [f"{r.supplier} → {r.recipient}: {_wrap(r.system, 28, one_line=True)}" for r in rows.itertuples()]
    ax.set_yticks(range(len(rows)), labels)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return _finish(ax, "Provenance: claims, sources and independent origins per deal", "Count",
                   f"Deal (with at least {min_claims} claims)")


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _stacked_bars(ax, names, rows: pd.DataFrame, statuses: list[str], total: str, label_gap: float, kwargs: dict):
    """Horizontal bars stacked by status (the ``statuses`` columns of ``rows`` that are not all 0), with
    the ``total`` column written ``label_gap`` past each bar's end; ``kwargs`` override each barh's defaults."""
    colours, labels = status_colours(), status_labels()
    left = pd.Series(0, index=rows.index)
    for status in [s for s in statuses if s in rows and rows[s].sum() > 0]:
        ax.barh(names, rows[status], **{"left": left, "color": colours[status], "label": labels[status],
                                        "edgecolor": "white", "linewidth": 0.5,
                                        "hatch": "//" if status == NO_STAGE else None, **kwargs})
        left = left + rows[status]
    for y, value in enumerate(rows[total]):
        ax.text(value + label_gap, y, str(int(value)), va="center", fontsize=8)
    ax.set_xlim(0, max(int(rows[total].max()) if len(rows) else 1, 1) * 1.1)


def _require(table: pd.DataFrame, columns: list[str], function: str, analysis: str) -> None:
    """A clear error when a plot is given some other table than the one its analysis returns."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{function} draws the table of armsdata.analysis.{analysis}(); "
                         f"this one lacks the column(s) {', '.join(missing)}")


def _no_data(ax, title: str, xlabel: str, ylabel: str):
    """An empty chart that says so, rather than an error or a blank frame."""
    ax.text(0.5, 0.5, "No claims to show", transform=ax.transAxes, ha="center", va="center", color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    return _finish(ax, title, xlabel, ylabel)


def _count_name(column: str) -> str:
    """What a count column counts, for a label: ``n_deals`` → ``deals``."""
    return column.removeprefix("n_").replace("_", " ")


def _deal_name(deal_id: str) -> str:
    """What a deal_id says after its supplier and recipient: ``fra-arm-gm200`` → ``gm200``."""
    parts = str(deal_id).split("-", 2)
    return parts[2] if len(parts) == 3 else str(deal_id)


def _axes(ax, size: tuple[float, float]):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure(figsize=size).add_subplot()


def _finish(ax, title: str, xlabel: str, ylabel: str):
    """Title, axis labels and the source note under the x-axis label."""
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.annotate(SOURCE_NOTE, xy=(0, 0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -6),
                textcoords="offset points", ha="left", va="top", fontsize=7, color="0.35", style="italic")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def _wrap(text, width: int, *, one_line: bool = False) -> str:
    """Wrap ``text`` at ``width``; with ``one_line``, shorten it to one line instead."""
    text = str(text)
    if one_line:
        return textwrap.shorten(text, width=width, placeholder="…")
    return "\n".join(textwrap.wrap(text, width=width)) or text

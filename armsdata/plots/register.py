"""Press vs register: the numbers each side gives per deal, and the register's deliveries by year."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.plots.frame import axes, finish, no_data, require_table_of, wrap
from armsdata.plots.style import REGISTER_MARKS, REGISTER_NOTE, qualifier_markers, status_colours, status_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: How far above (press) and below (register) the middle of a deal's row each side's marks sit.
_LANE = 0.2
#: The size of a mark of :func:`plot_press_vs_register`, in points.
_MARK = 8
#: How far under the grid of :func:`plot_register_deliveries` its legend starts, in points: below the years,
#: the axis label and the source note.
_UNDER_GRID = 50


def plot_press_vs_register(table: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Axes:
    """Per deal, the numbers the press reports beside the numbers SIPRI's register records.

    Takes :func:`armsdata.register.quantities_beside_register`: one row per deal (its verdict
    in brackets), the press' distinct quantities above its middle (colour: the stage they are
    reported at; marker: the qualifier), the register's number ordered (hollow square) and
    delivered (filled square) below it, each number written beside its mark. Marks of one side at
    the same number (50 intent and 50 agreed, 24 ordered and 24 delivered) are set side by side,
    centred on it, none hiding another.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.plot`, called once per number.
    """
    from matplotlib.lines import Line2D

    ax = axes(ax, (8, 4))
    title, xlabel, ylabel = ("Press vs register: the numbers each side gives per deal",
                             "Number of items (press: as reported; register: SIPRI's figure)", "Deal (verdict)")
    require_table_of(table, ["deal_id", "supplier", "recipient", "system", "verdict", "side", "stage", "quantity",
                             "quantity_qualifier"], "plot_press_vs_register", "quantities_beside_register",
                     module="armsdata.register")
    if table.empty:
        return no_data(ax, title, xlabel, ylabel, message="No deal with a number to compare", note=REGISTER_NOTE)
    from matplotlib.transforms import ScaledTranslation

    colours, labels, markers = status_colours(), status_labels(), qualifier_markers()
    deals = table.drop_duplicates("deal_id")
    row = {deal: i for i, deal in enumerate(deals["deal_id"])}
    for (deal_id, side), drawn in table.groupby(["deal_id", "side"], sort=False):
        y = row[deal_id] + (_LANE if side == "register" else -_LANE)
        # numbers at the same place in one lane (50 intent and 50 agreed; 24 ordered and 24 delivered) are set
        # side by side, a mark's width apart, so that neither hides the other; the number is written once
        rank = drawn.groupby("quantity").cumcount().to_numpy()
        size = drawn.groupby("quantity")["quantity"].transform("size").to_numpy()
        for mark, k, n in zip(drawn.itertuples(index=False), rank, size):
            if side == "register":
                style = {k: v for k, v in REGISTER_MARKS[str(mark.stage)].items() if k != "label"}
            else:
                style = {"marker": markers[str(mark.quantity_qualifier)], "color": colours[str(mark.stage)],
                         "markeredgecolor": "black"}
            style = {"linestyle": "", "markersize": _MARK, "markeredgewidth": 0.8, **style, **kwargs}
            shift = (k - (n - 1) / 2) * (float(style["markersize"]) + 2) / 72  # inches
            ax.plot(int(mark.quantity), y, **{"transform": ax.transData + ScaledTranslation(
                shift, 0, ax.figure.dpi_scale_trans), **style})
        for quantity in drawn["quantity"].drop_duplicates():  # the press' numbers above its marks, the register's below
            ax.annotate(str(int(quantity)), xy=(int(quantity), y), xytext=(0, 12 if side == "press" else -12),
                        textcoords="offset points", ha="center", va="center", fontsize=7, color="0.25")
    for i in range(1, len(deals)):
        ax.axhline(i - 0.5, color="0.85", linewidth=0.8)
    ticks = [f"{d.supplier} → {d.recipient}: {wrap(d.system, 24, one_line=True)}\n"
             f"({str(d.verdict).replace('_', ' ')})" for d in deals.itertuples(index=False)]
    ax.set_yticks(range(len(deals)), ticks, fontsize=8)
    ax.set_ylim(len(deals) - 0.5, -0.5)
    top = int(table["quantity"].max())
    ax.set_xlim(-0.04 * max(top, 1), max(top, 1) * 1.1)  # a register 0 (nothing delivered yet) stays visible
    ax.grid(axis="x", color="0.92")
    ax.set_axisbelow(True)
    press = table[table["side"] == "press"]
    stages = [s for s in schema.STATUS if s in set(press["stage"].astype(str))]
    handles = [Line2D([], [], marker="o", linestyle="", color=colours[s], markeredgecolor="black",
                      label=f"press: {labels[s]}") for s in stages]
    qualifiers = [q for q in schema.QUANTITY_QUALIFIER if q != "exact"
                  and q in set(press["quantity_qualifier"].astype(str))]
    handles += [Line2D([], [], marker=markers[q], linestyle="", color="white", markeredgecolor="black",
                       label=f"press: {q.replace('_', ' ')}") for q in qualifiers]
    registered = set(table.loc[table["side"] == "register", "stage"].astype(str))
    handles += [Line2D([], [], linestyle="", markersize=7, **style) for number, style in REGISTER_MARKS.items()
                if number in registered]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False,
              title="Above each deal: the press\nBelow: SIPRI's register", title_fontsize=8)
    return finish(ax, title, xlabel, ylabel, note=REGISTER_NOTE)


def _tiv(total) -> str:
    """A total TIV as the figure writes it: ``2,209``, ``3.8``; empty where nothing was delivered."""
    if pd.isna(total) or total <= 0:
        return ""
    return f"{total:,.0f}" if total >= 10 else f"{total:.1f}"


def plot_register_deliveries(table: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Axes:
    """Heatmap: what SIPRI's register shows delivered, per supplier and recipient (rows) and year
    (columns), with the press' claims of a delivery marked on it.

    Takes :func:`armsdata.register.register_deliveries`. A cell's colour is the TIV delivered
    that year (millions, log scale; a deal's TIV split evenly over its years of delivery);
    a filled dot marks a year in which the press says the supplier delivered, a hollow one a
    claim of delivery that dates nothing, at the year it was published (delivered by then).
    Rows are grouped by recipient, the suppliers that delivered most first; each row's total TIV
    is written on the right, on an axis of its own.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.imshow` (defaults: ``cmap="YlOrBr"``,
    ``norm=LogNorm(…)``, ``aspect="auto"``).
    """
    from matplotlib.colors import LogNorm
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter
    from matplotlib.transforms import ScaledTranslation

    ax = axes(ax, (9, 6))
    title = "Deliveries by year and supplier: SIPRI's register, and what the press says"
    xlabel, ylabel = "Year of delivery", "Supplier → recipient"
    require_table_of(table, ["recipient", "supplier", "year", "tiv_delivered", "n_press_deals_dated",
                             "n_press_deals_undated"], "plot_register_deliveries", "register_deliveries",
                     module="armsdata.register")
    if table.empty:
        return no_data(ax, title, xlabel, ylabel, message="No register deliveries to show", note=REGISTER_NOTE)
    totals = table.groupby(["recipient", "supplier"], sort=False)["tiv_delivered"].sum().rename("total").reset_index()
    pairs = totals.sort_values(["recipient", "total", "supplier"], ascending=[True, False, True], kind="stable",
                               ignore_index=True)
    row = {(p.recipient, p.supplier): i for i, p in enumerate(pairs.itertuples(index=False))}
    first, last = int(table["year"].min()), int(table["year"].max())
    grid = np.full((len(pairs), last - first + 1), np.nan)
    y = np.array([row[key] for key in zip(table["recipient"], table["supplier"])])
    x = table["year"].to_numpy(dtype=int) - first
    tiv = table["tiv_delivered"].to_numpy(dtype=float, na_value=np.nan)
    grid[y, x] = np.where(tiv > 0, tiv, np.nan)
    stated = grid[~np.isnan(grid)]
    norm = LogNorm(vmin=stated.min(), vmax=stated.max()) if stated.size else None
    image = ax.imshow(np.ma.masked_invalid(grid), **{"cmap": "YlOrBr", "norm": norm, "aspect": "auto",
                                                     "interpolation": "nearest",
                                                     "extent": (first - 0.5, last + 0.5, len(pairs) - 0.5, -0.5),
                                                     **kwargs})
    delivered = status_colours()["delivered"]
    dated = (table["n_press_deals_dated"] > 0).to_numpy(dtype=bool)
    undated = (table["n_press_deals_undated"] > 0).to_numpy(dtype=bool) & ~dated
    ax.plot(table["year"].to_numpy(dtype=int)[dated], y[dated], linestyle="", marker="o", markersize=7,
            color=delivered, markeredgecolor="white", markeredgewidth=1)
    ax.plot(table["year"].to_numpy(dtype=int)[undated], y[undated], linestyle="", marker="o", markersize=7,
            markerfacecolor="white", markeredgecolor=delivered, markeredgewidth=1.8)
    for i in range(1, len(pairs)):
        if pairs.at[i, "recipient"] != pairs.at[i - 1, "recipient"]:
            ax.axhline(i - 0.5, color="black", linewidth=1)
    ax.set_yticks(range(len(pairs)), [f"{p.supplier} → {p.recipient}" for p in pairs.itertuples(index=False)],
                  fontsize=8)
    ax.set_xticks(range(first + (5 - first % 5) % 5, last + 1, 5))
    ax.set_xticks(range(first, last + 1), minor=True)
    ax.tick_params(axis="x", which="minor", length=2)
    # each row's total as the tick labels of an axis on the right, named by its own label: apart from the
    # years' labels under the grid, whatever the number of years
    totals = ax.secondary_yaxis("right")
    totals.set_yticks(range(len(pairs)), [_tiv(total) for total in pairs["total"]], fontsize=7, color="0.25")
    totals.tick_params(length=0)
    totals.set_ylabel("Total TIV delivered (millions)", fontsize=8, color="0.25")
    totals.spines["right"].set_visible(False)
    bar = ax.figure.colorbar(image, ax=ax, label="TIV delivered in the year (millions, log scale)", shrink=0.6,
                             pad=0.12)
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))  # 1, 10, 100: not 10^0
    handles = [Line2D([], [], linestyle="", marker="o", markersize=7, color=delivered, markeredgecolor="white",
                      label="the press says delivered that year"),
               Line2D([], [], linestyle="", marker="o", markersize=7, markerfacecolor="white",
                      markeredgecolor=delivered, markeredgewidth=1.8,
                      label="the press says delivered, dating nothing\n(at the year it wrote so)")]
    # below the years, the axis label and the source note, a fixed distance whatever the height of the grid
    under = ax.transAxes + ScaledTranslation(0, -_UNDER_GRID / 72, ax.figure.dpi_scale_trans)
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=under, ncol=2,
                       fontsize=8, frameon=False, title_fontsize=8, alignment="left",
                       title="Colour: SIPRI trend-indicator value (TIV) delivered, each deal's split evenly over "
                             "its years of delivery")
    legend.get_title().set_color("0.25")
    return finish(ax, title, xlabel, ylabel, note=REGISTER_NOTE)

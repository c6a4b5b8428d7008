"""How reports differ: the quantity each claim reports, per deal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from armsdata import schema
from armsdata.plots.frame import axes, finish, no_data, require_table_of, wrap
from armsdata.plots.style import REGISTER_LINES, REGISTER_MARKS, qualifier_markers, status_colours, status_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def plot_reported_quantities(quantities: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Axes:
    """Dot plot: the quantity each claim reports, one row per claim, grouped by deal.

    Takes :func:`~armsdata.analysis.reported_quantities`. Each row names who says it (the
    outlet, and whom it cites); colour is the stage (50 agreed and 24 delivered are different
    stages, not a contradiction), the marker the qualifier, and the number is written beside it
    (``about 50``). Where the table has the register's numbers (``register_ordered``,
    ``register_delivered``: :func:`armsdata.register.with_register_numbers`), they are drawn as
    reference lines across the deal's rows (dashed: ordered; solid: delivered), with squares and the
    numbers on its heading row; the legend names both.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.plot`, called once per claim.
    """
    from matplotlib.lines import Line2D

    ax = axes(ax, (7, 5))
    title, xlabel, ylabel = ("How reports differ: the quantity each claim reports",
                             "Quantity reported (items of the system)", "Who says it")
    require_table_of(quantities, ["deal_id", "supplier", "recipient", "system", "claim_id", "source",
                                  "attributed_to", "status", "quantity", "quantity_qualifier"],
                     "plot_reported_quantities", "reported_quantities")
    if quantities.empty:
        return no_data(ax, title, xlabel, ylabel)
    colours, labels, markers = status_colours(), status_labels(), qualifier_markers()
    registered = {"register_ordered", "register_delivered"} <= set(quantities.columns)
    ticks, heading_rows = [], []
    for _, group in quantities.groupby("deal_id", sort=True):
        first = group.iloc[0]
        heading = len(ticks)
        heading_rows.append(heading)
        ticks.append(f"{first.supplier} → {first.recipient}: {wrap(first.system, 28, one_line=True)}")
        for claim in group.itertuples(index=False):
            y = len(ticks)
            ax.plot(int(claim.quantity), y, **{
                "marker": markers[str(claim.quantity_qualifier)], "linestyle": "",
                "color": colours[str(claim.status)], "markersize": 8, "markeredgecolor": "black",
                "markeredgewidth": 0.5, **kwargs})
            words = schema.QUALIFIER_WORDING.get(str(claim.quantity_qualifier), "")
            ax.annotate(f"{words}{int(claim.quantity)}", xy=(int(claim.quantity), y), xytext=(7, 0),
                        textcoords="offset points", va="center", fontsize=7, color="0.25")
            ticks.append(_who(claim.source, claim.attributed_to))
        if registered:
            _register_marks(ax, first, heading, len(ticks) - 1)
    ax.set_yticks(range(len(ticks)), ticks, fontsize=8)
    for row in heading_rows:
        ax.get_yticklabels()[row].set_fontweight("bold")
        if row:
            ax.axhline(row - 0.5, color="0.8", linewidth=0.8)
    ax.set_ylim(len(ticks) - 0.5, -0.5)
    numbers = [quantities["quantity"]]
    if registered:
        numbers += [quantities["register_ordered"], quantities["register_delivered"]]
    top = max(int(pd.concat(numbers).max()), 1)
    ax.set_xlim(-0.03 * top, top * 1.2)  # room for the numbers written right of the dots, and a register 0
    ax.grid(axis="x", color="0.92")
    ax.set_axisbelow(True)
    statuses = [s for s in schema.STATUS if s in set(quantities["status"].astype(str))]
    handles = [Line2D([], [], marker="o", linestyle="", color=colours[s], markeredgecolor="black",
                      markeredgewidth=0.5, label=labels[s]) for s in statuses]
    if registered:  # the register's numbers drawn: its squares and lines, each with its name
        stated = [n for n in REGISTER_LINES if quantities[f"register_{n}"].notna().any()]
        handles += [Line2D([], [], **{**REGISTER_MARKS[n], "color": _REGISTER_LINE["color"],
                                      "linewidth": _REGISTER_LINE["linewidth"], "linestyle": REGISTER_LINES[n],
                                      "markersize": 7, "label": f"SIPRI register: {n}\n({REGISTER_LINES[n]} line)"})
                    for n in stated]
    ax.legend(handles=handles, title="Stage reported", loc="upper left", bbox_to_anchor=(1.01, 1),
              fontsize=8, title_fontsize=8, frameon=False)
    return finish(ax, title, xlabel, ylabel)


#: The look of the register's reference lines, across a deal's rows and in the legend.
_REGISTER_LINE = {"color": "black", "linewidth": 0.8, "alpha": 0.6}


def _who(source, attributed_to) -> str:
    """``Eurasian Times, citing Recep Tayyip Erdogan (president, Turkey)``, on one line."""
    said = str(source) if pd.notna(source) else "source not named"
    if pd.notna(attributed_to) and attributed_to != source:
        said += f", citing {attributed_to}"
    return wrap(said, 64, one_line=True)


def _register_marks(ax, deal, heading: int, last: int) -> None:
    """The register's numbers of ``deal``: squares and text on its heading row, lines across its claims' rows."""
    marks = [(number, deal[f"register_{number}"]) for number in ("ordered", "delivered")]
    marks = [(number, int(value)) for number, value in marks if pd.notna(value)]
    if not marks:
        return
    for number, value in marks:
        style = {k: v for k, v in REGISTER_MARKS[number].items() if k != "label"}
        # ordered larger than delivered: where they are equal, a filled square inside a hollow one
        ax.plot(value, heading, linestyle="", markersize=9 if number == "ordered" else 5.5, markeredgewidth=0.8,
                **style)
        ax.vlines(value, heading + 0.5, last + 0.5, colors=_REGISTER_LINE["color"],
                  linewidth=_REGISTER_LINE["linewidth"], linestyles=REGISTER_LINES[number],
                  alpha=_REGISTER_LINE["alpha"])
    said = ", ".join(f"{value} {number} {'□' if number == 'ordered' else '■'}" for number, value in marks)
    ax.annotate(f"SIPRI register: {said}", xy=(1, heading), xycoords=("axes fraction", "data"), xytext=(-4, 0),
                textcoords="offset points", ha="right", va="center", fontsize=7.5, color="0.15")

"""Helpers every chart uses: checking its table, an empty chart, title and labels, wrapped names,
stacked bars."""

from __future__ import annotations

import textwrap

import pandas as pd

from armsdata.contract import require_columns

from armsdata.analysis import NO_STAGE
from armsdata.plots.style import SOURCE_NOTE, status_colours, status_labels


def stacked_bars(ax, names, rows: pd.DataFrame, statuses: list[str], total: str, label_gap: float, kwargs: dict):
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


def require_table_of(table: pd.DataFrame, columns: list[str], function: str, analysis: str,
                     module: str = "armsdata.analysis") -> None:
    """A clear error when a plot is given some other table than the one its analysis returns."""
    require_columns(table, columns, f"{function} draws the table of {module}.{analysis}()")


def no_data(ax, title: str, xlabel: str, ylabel: str, *, message: str = "No claims to show",
            note: str = SOURCE_NOTE):
    """An empty chart that says so, rather than an error or a blank frame."""
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    return finish(ax, title, xlabel, ylabel, note=note)


def count_name(column: str) -> str:
    """What a count column counts, for a label: ``n_deals`` → ``deals``."""
    return column.removeprefix("n_").replace("_", " ")


def deal_name(deal_id: str) -> str:
    """What a deal_id says after its supplier and recipient: ``fra-arm-gm200`` → ``gm200``."""
    parts = str(deal_id).split("-", 2)
    return parts[2] if len(parts) == 3 else str(deal_id)


def axes(ax, size: tuple[float, float]):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure(figsize=size).add_subplot()


def finish(ax, title: str, xlabel: str, ylabel: str, *, note: str = SOURCE_NOTE):
    """Title, axis labels and the source note (``note``) under the x-axis label."""
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.annotate(note, xy=(0, 0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -6),
                textcoords="offset points", ha="left", va="top", fontsize=7, color="0.35", style="italic")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def wrap(text, width: int, *, one_line: bool = False) -> str:
    """Wrap ``text`` at ``width``; with ``one_line``, shorten it to one line instead."""
    text = str(text)
    if one_line:
        return textwrap.shorten(text, width=width, placeholder="…")
    return "\n".join(textwrap.wrap(text, width=width)) or text

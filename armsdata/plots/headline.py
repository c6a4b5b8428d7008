"""Who arms whom: the matrix of suppliers and recipients, and the deals per supplier by stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from armsdata import schema
from armsdata.analysis import NO_STAGE, arms_matrix
from armsdata.plots.frame import axes, count_name, finish, no_data, require_table_of, stacked_bars, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes


#: Above this many recipients a cell is too narrow for its number of claims, and the names are set upright.
CROWDED_COLUMNS = 10


def plot_arms_matrix(pairs: pd.DataFrame, *, ax: Axes | None = None, value: str = "n_deals", show_claims: bool | None = None,
                     **kwargs) -> Axes:
    """Heatmap of suppliers (rows) × recipients (columns) from :func:`~armsdata.analysis.who_arms_whom`.

    Cells show ``value`` (``n_deals``, the transfers counted, by default) and, below it,
    the number of claims, unless ``show_claims`` is false (default: only up to
    :data:`CROWDED_COLUMNS` recipients, where it fits; beyond them the recipients' names are
    turned upright too).
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.imshow` (defaults: ``cmap="Blues"``,
    ``aspect="auto"``, ``vmin=0``).
    """
    ax = axes(ax, (7, 5))
    require_table_of(pairs, ["supplier", "recipient", value, "n_claims"], "plot_arms_matrix", "who_arms_whom")
    if pairs.empty:
        return no_data(ax, "Who arms whom", "Recipient", "Supplier")
    matrix = arms_matrix(pairs, value=value)
    claims = arms_matrix(pairs, value="n_claims").reindex(index=matrix.index, columns=matrix.columns, fill_value=0)
    image = ax.imshow(matrix.to_numpy(), **{"cmap": "Blues", "aspect": "auto", "vmin": 0, **kwargs})
    top = max(int(matrix.to_numpy().max()), 1) if matrix.size else 1
    crowded = len(matrix.columns) > CROWDED_COLUMNS
    show_claims = not crowded if show_claims is None else show_claims
    for i, supplier in enumerate(matrix.index):
        for j, recipient in enumerate(matrix.columns):
            n = int(matrix.at[supplier, recipient])
            if n == 0:
                continue
            colour = "white" if n > top / 2 else "black"
            ax.text(j, i - 0.08 if show_claims else i, str(n), ha="center", va="center", fontsize=10,
                    fontweight="bold", color=colour)
            if show_claims:
                n_claims = int(claims.at[supplier, recipient])
                ax.text(j, i + 0.25, f"{n_claims} claim{'s' if n_claims != 1 else ''}", ha="center", va="center",
                        fontsize=6.5, color=colour)
    if crowded:
        ax.set_xticks(range(len(matrix.columns)), list(matrix.columns), rotation=90)
    else:
        ax.set_xticks(range(len(matrix.columns)), [wrap(c, 12) for c in matrix.columns])
    ax.set_yticks(range(len(matrix.index)), list(matrix.index))
    ax.tick_params(length=0)
    counted = count_name(value)
    ax.figure.colorbar(image, ax=ax, label=f"{counted} (count)", shrink=0.8)
    return finish(ax, f"Who arms whom: {counted} reported per supplier and recipient",
                   "Recipient", "Supplier")


def plot_supplier_pipeline(pipeline: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Axes:
    """Stacked bars: deals per supplier by the furthest stage any claim reports.

    Takes :func:`~armsdata.analysis.supplier_pipeline`; a deal counts once.
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.barh`, called once per stage.
    """
    ax = axes(ax, (7, 4))
    require_table_of(pipeline, ["supplier", "n_deals"], "plot_supplier_pipeline", "supplier_pipeline")
    if pipeline.empty:
        return no_data(ax, "Deals by supplier and furthest reported stage", "Deals (count)", "Supplier")
    table = pipeline.iloc[::-1]  # largest at the top
    stacked_bars(ax, table["supplier"], table, [*schema.PIPELINE_STAGES, NO_STAGE], "n_deals", 0.1, kwargs)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(title="Furthest stage reported", loc="lower right", fontsize=8, title_fontsize=8, frameon=False)
    return finish(ax, "Deals by supplier and furthest reported stage", "Deals (count)", "Supplier")

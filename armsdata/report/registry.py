"""What the report holds: its analysis tables, its figures and its sections, each defined once.

A new figure is one :class:`Figure` entry in :data:`FIGURES`: the table it draws,
which part of it, the plot function, its size, its alt text and the section of
``reports/README.md`` it goes in. Rendering (:mod:`.rendering`), the markdown
(:mod:`.markdown`) and the list of files (:mod:`.writing`) all read it from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from armsdata import analysis, plots, schema

#: Every table of the report (``tables/<name>.csv``), by name: how it is computed from the joined claims.
TABLES: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "who_arms_whom": analysis.who_arms_whom,
    "who_arms_whom_delivered": lambda claims: analysis.who_arms_whom(claims, status=["delivered"]),
    "deal_stages": analysis.deal_stages,
    "supplier_pipeline": analysis.supplier_pipeline,
    "stage_quantities": analysis.stage_quantities,
    "timeline": analysis.timeline,
    "provenance": analysis.provenance,
    "discrepancies": analysis.discrepancies,
    "reported_quantities": analysis.reported_quantities,
    "perspective_outlet_country": lambda claims: analysis.perspective(claims, "outlet_country"),
    "perspective_source_type": lambda claims: analysis.perspective(claims, "source_type"),
}

#: The most suppliers, deals or rows one figure draws; the tables beside it list them all.
FIGURE_LIMIT = 30


def analysis_tables(claims: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table of the report, by name, computed from the joined claims."""
    return {name: compute(claims) for name, compute in TABLES.items()}


def top_groups(frame: pd.DataFrame, column: str, limit: int = FIGURE_LIMIT,
               weight: str | None = None) -> pd.DataFrame:
    """The rows of the ``limit`` values of ``column`` with the largest total ``weight`` (default: most rows).

    Ties go to the value that comes first in ``frame``; rows keep their order.

    >>> t = pd.DataFrame({"deal": ["a", "b", "b", "c"], "n": [5, 1, 1, 3]})
    >>> top_groups(t, "deal", 2)["deal"].tolist(), top_groups(t, "deal", 2, weight="n")["deal"].tolist()
    (['a', 'b', 'b'], ['a', 'c'])
    """
    totals = frame.groupby(column, sort=False, observed=True).agg(
        total=(weight or column, "sum" if weight else "size")).reset_index()
    kept = totals.sort_values("total", ascending=False, kind="stable")[column].head(limit)
    return frame[frame[column].isin(kept)]


@dataclass(frozen=True)
class Selection:
    """The part of a table a figure draws: a figure of a thousand deals is neither readable nor quick to draw.

    ``groups`` are applied in turn: for each ``(column, weight)``, keep the rows of
    the ``limit`` values of ``column`` with the largest total ``weight`` (``None``:
    most rows; see :func:`top_groups`). ``where`` first narrows the table to the
    rows the figure is about at all. ``what`` names what is kept, for the note.
    """

    what: str
    groups: tuple[tuple[str, str | None], ...]
    where: Callable[[pd.DataFrame], pd.DataFrame] | None = None

    def apply(self, table: pd.DataFrame, limit: int = FIGURE_LIMIT) -> tuple[pd.DataFrame, str]:
        """The rows drawn, and ``"showing the … : 30 of N"`` when that is fewer than the table holds, else ``""``.

        >>> t = pd.DataFrame({"deal_id": ["a", "b", "b", "c"]})
        >>> shown, note = Selection("deals with most rows", (("deal_id", None),)).apply(t, limit=1)
        >>> shown["deal_id"].tolist(), note
        (['b', 'b'], 'showing the deals with most rows: 1 of 3')
        """
        full = self.where(table) if self.where else table
        shown = full
        for column, weight in self.groups:
            shown = top_groups(shown, column, limit, weight)
        cut = [f"{shown[k].nunique()} of {full[k].nunique()}" for k, _ in self.groups
               if shown[k].nunique() < full[k].nunique()]
        return shown, (f"showing the {self.what}: {', '.join(cut)}" if cut else "")


@dataclass(frozen=True)
class Size:
    """A figure's size in inches: a fixed ``width``, and a height that grows with the rows drawn.

    Height is ``base + per_row * rows(view)``, at least ``floor``.
    """

    width: float
    base: float
    per_row: float
    floor: float = 3.0
    rows: Callable[[pd.DataFrame], int] = len

    def inches(self, view: pd.DataFrame) -> tuple[float, float]:
        return (self.width, max(self.floor, self.base + self.per_row * self.rows(view)))


@dataclass(frozen=True)
class Figure:
    """One figure of the report: ``figures/<name>.svg`` and ``.png``, and where it goes in the markdown."""

    name: str
    table: str  #: the key in :data:`TABLES` of the table drawn; linked as ``tables/<table>.csv``
    plot: Callable  #: a function of :mod:`armsdata.plots`, called as ``plot(view, ax=ax, **options)``
    selection: Selection
    size: Size
    alt: str  #: the alt text of the image in the markdown
    section: str  #: the key in :data:`SECTIONS` of the section it goes in
    options: Mapping[str, object] = field(default_factory=dict)
    listed: bool = True  #: whether the markdown lists the table under the figure
    hidden_columns: tuple[str, ...] = ()  #: columns the markdown listing leaves out (the CSV has them)


def _deals(view: pd.DataFrame) -> int:
    return view["deal_id"].nunique()


def _with_two_claims(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["claims"] >= 2]


#: Every figure, in the order they are drawn (and, within a section, shown).
FIGURES: tuple[Figure, ...] = (
    Figure("who_arms_whom", "who_arms_whom", plots.plot_arms_matrix,
           Selection("suppliers and recipients with most deals", (("supplier", "deals"), ("recipient", "deals"))),
           Size(8, 1.5, 0.45, floor=3.5, rows=lambda view: view["supplier"].nunique()),
           "Heatmap of deals per supplier and recipient", "who_arms_whom"),
    Figure("supplier_pipeline", "supplier_pipeline", plots.plot_supplier_pipeline,
           Selection("suppliers with most deals", (("supplier", "deals"),)),
           Size(8, 1.5, 0.35), "Stacked bars of deals per supplier by furthest stage", "pipeline"),
    Figure("timeline", "timeline", plots.plot_timeline,
           Selection("deals with most dated claims", (("deal_id", None),)),
           Size(9, 1.8, 0.4, rows=_deals), "Timeline of dated events per deal", "timeline",
           hidden_columns=("date_start", "date_end")),
    Figure("reported_quantities", "reported_quantities", plots.plot_reported_quantities,
           Selection("deals with most stated quantities", (("deal_id", None),)),
           Size(8, 1.5, 0.3, rows=lambda view: len(view) + _deals(view)),  # a heading row per deal
           "Dot plot of the quantity each claim reports, per deal", "differences", listed=False),
    Figure("perspective_outlet_country", "perspective_outlet_country", plots.plot_perspective,
           Selection("outlet countries with most claims", (("outlet_country", "claims"),)),
           Size(8, 1.6, 0.45), "Claims by outlet country and status", "perspective",
           options={"by": "outlet_country"}),
    Figure("perspective_source_type", "perspective_source_type", plots.plot_perspective,
           Selection("source types with most claims", (("source_type", "claims"),)),
           Size(8, 1.6, 0.45), "Claims by source type and status", "perspective",
           options={"by": "source_type"}),
    Figure("provenance", "provenance", plots.plot_provenance,
           Selection("deals with most independent origins", (("deal_id", None),), where=_with_two_claims),
           Size(8, 1.5, 0.45), "Bars of claims, sources and independent origins per deal", "provenance"),
)


def figure_views(tables: dict[str, pd.DataFrame], limit: int = FIGURE_LIMIT) -> dict[str, tuple[pd.DataFrame, str]]:
    """Per figure: the rows it draws, and the note saying what part of its table that is (:meth:`Selection.apply`)."""
    return {f.name: f.selection.apply(tables[f.table], limit) for f in FIGURES}


@dataclass(frozen=True)
class Section:
    """One ``##`` section of ``reports/README.md``.

    It holds ``intro``, then its figures (each followed by its table), then each
    of ``after`` (a sentence introducing a table, and the table's name), then, if
    ``discrepancies``, the discrepancies with their quotes.
    """

    title: str
    intro: str = ""
    after: tuple[tuple[str, str], ...] = ()
    discrepancies: bool = False


#: The sections of the markdown report, in order, by key.
SECTIONS: dict[str, Section] = {
    "who_arms_whom": Section(
        "Who arms whom",
        "Deals per supplier and recipient (a deal is one `deal_id`, however many claims speak of it); "
        "`sources` counts distinct sources, `origins` distinct independent origins.",
        after=(("Only what at least one claim says was **delivered**:", "who_arms_whom_delivered"),)),
    "pipeline": Section(
        "Pipeline: how far each deal has got",
        "Each deal counts once, at the furthest stage any claim reports "
        f"({' → '.join(schema.PIPELINE_STAGES)}). Deals only alleged, denied, not delivered or without a "
        "stage are counted as _no stage reported_.",
        after=(("Per deal, the furthest and the most conservative stage reported:", "deal_stages"),
               ("How much was pledged, agreed and delivered: the largest quantity reported at each stage.",
                "stage_quantities"))),
    "timeline": Section(
        "Timeline",
        "Only claims that date their event. A year-precision date covers the whole year, a month the whole "
        "month; neither is shown as its first day."),
    "provenance": Section(
        "Provenance: how many independent origins",
        "A claim's origin is whom it is attributed to, else its outlet (else the source itself). "
        "Outlets repeating one ministry statement add claims, not evidence."),
    "perspective": Section("Who reports what"),
    "differences": Section("How reports differ", discrepancies=True),
}

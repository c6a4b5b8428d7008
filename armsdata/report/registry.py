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

#: Every table of the report (``tables/<name>.csv``), by name: how it is computed from the joined claims
#: and the table of their deals (:func:`armsdata.analysis.deals`, computed once for all of them).
TABLES: dict[str, Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]] = {
    "who_arms_whom": lambda claims, deals: analysis.who_arms_whom(claims, deals=deals),
    "who_arms_whom_delivered": lambda claims, deals: analysis.who_arms_whom(claims, status="delivered", deals=deals),
    "unasserted_deals": lambda claims, deals: analysis.unasserted_deals(claims, deals=deals),
    "deals": lambda claims, deals: deals,
    "supplier_pipeline": lambda claims, deals: analysis.supplier_pipeline(claims, deals=deals),
    "stage_quantities": lambda claims, deals: analysis.stage_quantities(claims, deals=deals),
    "timeline": lambda claims, deals: analysis.timeline(claims),
    "provenance": lambda claims, deals: analysis.provenance(claims, deals=deals),
    "discrepancies": lambda claims, deals: analysis.discrepancies(claims, deals=deals),
    "reported_quantities": lambda claims, deals: analysis.reported_quantities(claims, deals=deals),
    "perspective_outlet_country": lambda claims, deals: analysis.perspective(claims, by="outlet_country"),
    "perspective_source_type": lambda claims, deals: analysis.perspective(claims, by="source_type"),
}

#: The most suppliers, deals or rows one figure draws; the tables beside it list them all.
FIGURE_LIMIT = 30


def analysis_tables(claims: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table of the report, by name, computed from the joined claims (their deals once, for all)."""
    deals = analysis.deals(claims)
    return {name: compute(claims, deals) for name, compute in TABLES.items()}


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
    return table[(table["n_claims"] >= 2).to_numpy(dtype=bool)]


#: Every figure, in the order they are drawn (and, within a section, shown).
FIGURES: tuple[Figure, ...] = (
    Figure("who_arms_whom", "who_arms_whom", plots.plot_arms_matrix,
           Selection("suppliers and recipients with most deals", (("supplier", "n_deals"), ("recipient", "n_deals"))),
           Size(8, 1.5, 0.45, floor=3.5, rows=lambda view: view["supplier"].nunique()),
           "Heatmap of the transfers counted per supplier and recipient", "who_arms_whom"),
    Figure("supplier_pipeline", "supplier_pipeline", plots.plot_supplier_pipeline,
           Selection("suppliers with most deals", (("supplier", "n_deals"),)),
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
           Selection("outlet countries with most claims", (("outlet_country", "n_claims"),)),
           Size(8, 1.6, 0.45), "Claims by outlet country and status", "perspective",
           options={"by": "outlet_country"}),
    Figure("perspective_source_type", "perspective_source_type", plots.plot_perspective,
           Selection("source types with most claims", (("source_type", "n_claims"),)),
           Size(8, 1.6, 0.45), "Claims by source type and status", "perspective",
           options={"by": "source_type"}),
    Figure("provenance", "provenance", plots.plot_provenance,
           Selection("deals with most supporting origins", (("deal_id", None),), where=_with_two_claims),
           Size(8, 1.5, 0.6), "Bars of claims, sources, and the independent origins supporting, disputing or "
           "only alleging each deal", "provenance"),
)


def figure_views(tables: dict[str, pd.DataFrame], limit: int = FIGURE_LIMIT) -> dict[str, tuple[pd.DataFrame, str]]:
    """Per figure: the rows it draws, and the note saying what part of its table that is (:meth:`Selection.apply`)."""
    return {f.name: f.selection.apply(tables[f.table], limit) for f in FIGURES}


@dataclass(frozen=True)
class Section:
    """One ``##`` section of ``reports/README.md``.

    It holds ``intro``, then its figures (each followed by its table), then each
    of ``after`` (a sentence introducing a table, and the table's name), then, if
    ``discrepancies``, the discrepancies with their quotes. ``columns`` names, for a table
    of ``after``, the columns the markdown lists (default: all; the CSV has them all).
    """

    title: str
    intro: str = ""
    after: tuple[tuple[str, str], ...] = ()
    discrepancies: bool = False
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _statuses(stance: str) -> str:
    """The statuses of one stance, as the markdown names them: `` `denied` or `not_delivered` ``."""
    names = [f"`{s}`" for s in schema.STATUS if schema.STATUS_STANCE[s] == stance]
    return " or ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " or " + names[-1]


#: The sections of the markdown report, in order, by key.
SECTIONS: dict[str, Section] = {
    "who_arms_whom": Section(
        "Who arms whom",
        "Transfers per supplier and recipient, as the claims report them. A deal (one `deal_id`, however many "
        "claims speak of it) is counted only if a claim asserts it: at a stage "
        f"({' → '.join(schema.PIPELINE_STAGES)}) or as `unspecified`. Each transfer is counted once: a package "
        "whose component deals are reported is counted as its components, and a general deal (no system and no "
        "kind of equipment named: \"arms\") only for a pair with no more specific deal. `n_claims`, `n_sources` "
        "and `n_origins` (distinct independent origins) count every claim asserting a transfer between the "
        "pair. The `counted` column of [tables/deals.csv](tables/deals.csv) says which deals are counted.",
        after=(("Only what at least one claim says was **delivered**:", "who_arms_whom_delivered"),)),
    "unasserted": Section(
        "Reported, but not asserted: refusals, denials, allegations",
        f"Deals no claim asserts: their claims only dispute a transfer ({_statuses('disputes')}) or allege "
        f"one ({_statuses('alleges')}). They are not counted above.",
        after=(("Per deal, what its claims say and how many independent origins dispute or allege it:",
                "unasserted_deals"),)),
    "pipeline": Section(
        "Pipeline: how far each deal has got",
        "The transfers counted under _Who arms whom_, each at the furthest stage any claim reports "
        f"({' → '.join(schema.PIPELINE_STAGES)}); those asserted without a stage (`unspecified`) are "
        "_no stage reported_.",
        after=(("Every deal, SIPRI-style: the furthest and the most conservative stage reported, the numbers "
                "agreed and delivered (smallest and largest reported), the years of order and delivery, and "
                "whether it is counted (all columns in the CSV):", "deals"),
               ("How much was pledged, agreed and delivered: the largest quantity reported at each stage.",
                "stage_quantities")),
        columns={"deals": ("deal_id", "kind", "system", "furthest_stage", "conservative_stage",
                           "off_scale_statuses", "agreed_low", "agreed_high", "delivered_low", "delivered_high",
                           "order_year", "delivery_years", "n_claims", "counted")}),
    "timeline": Section(
        "Timeline",
        "Only claims that date their event. A year-precision date covers the whole year, a month the whole "
        "month; neither is shown as its first day."),
    "provenance": Section(
        "Provenance: how many independent origins",
        "A claim's origin is whom it is attributed to, else its outlet (else the source itself). "
        "Outlets repeating one ministry statement add claims, not evidence. Origins are counted by what "
        f"their claims say: supporting the transfer ({_statuses('supports')}), disputing it "
        f"({_statuses('disputes')}) or only alleging it ({_statuses('alleges')}); an accusation or a "
        "denial is no corroboration, so the three are never added up."),
    "perspective": Section("Who reports what"),
    "differences": Section("How reports differ", discrepancies=True),
}

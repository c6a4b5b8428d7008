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

from armsdata import analysis, plots, register, schema
from armsdata.report import findings

@dataclass(frozen=True)
class Inputs:
    """What every table of the report is computed from, each computed once."""

    claims: pd.DataFrame  #: the joined claims (:func:`armsdata.load_transfers`)
    deals: pd.DataFrame  #: :func:`armsdata.analysis.deals` of the claims
    comparison: pd.DataFrame  #: :func:`armsdata.compare_register` of the claims; no rows without a register
    register: pd.DataFrame | None = None  #: the typed register, if the data has one
    actors: pd.DataFrame | None = None  #: the actors, to read the register's names


#: Every table of the report (``tables/<name>.csv``), by name: how it is computed from the :class:`Inputs`.
TABLES: dict[str, Callable[[Inputs], pd.DataFrame]] = {
    "who_arms_whom": lambda x: analysis.who_arms_whom(x.claims, deals=x.deals),
    "who_arms_whom_delivered": lambda x: analysis.who_arms_whom(x.claims, status="delivered", deals=x.deals,
                                                                subject=_subject(x.deals)),
    "considered_deals": lambda x: analysis.considered_deals(x.claims, deals=x.deals),
    "unasserted_deals": lambda x: analysis.unasserted_deals(x.claims, deals=x.deals),
    "deals": lambda x: x.deals,
    "supplier_pipeline": lambda x: analysis.supplier_pipeline(x.claims, subject=_subject(x.deals), deals=x.deals),
    "stage_quantities": lambda x: analysis.stage_quantities(x.claims, deals=x.deals),
    "press_vs_register": lambda x: x.comparison,
    "press_register_quantities": lambda x: register.quantities_beside_register(x.claims, x.comparison),
    "register_deliveries": lambda x: _register_deliveries(x),
    "timeline": lambda x: _with_deal_system(analysis.timeline(x.claims, published=True), x.deals),
    "provenance": lambda x: analysis.provenance(x.claims, deals=x.deals),
    "discrepancies": lambda x: analysis.discrepancies(x.claims, deals=x.deals),
    "reported_quantities": lambda x: register.with_register_numbers(
        analysis.reported_quantities(x.claims, deals=x.deals), x.comparison),
    "perspective_outlet_country": lambda x: analysis.perspective(x.claims, by="outlet_country"),
    "perspective_source_type": lambda x: analysis.perspective(x.claims, by="source_type"),
}

#: The most suppliers, deals or rows one figure draws; the tables beside it list them all.
FIGURE_LIMIT = 30


def analysis_tables(claims: pd.DataFrame, *, register_table: pd.DataFrame | None = None,
                    systems: pd.DataFrame | None = None, actors: pd.DataFrame | None = None,
                    categories: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the report, by name, computed from the joined claims (their deals once, for all) and,
    where given, the typed register (with the ``systems``, ``actors`` and ``categories`` that match it to
    the claims, the shipped ones where not given; without a register the comparison tables have no rows)."""
    deals = analysis.deals(claims)
    if register_table is None:
        comparison = register.verdicts.finish(pd.DataFrame(columns=list(register.COLUMNS)))
    else:
        comparison = register.compare_register(claims, register_table, systems=systems, actors=actors,
                                               categories=categories, deals=deals)
    inputs = Inputs(claims, deals, comparison, register_table, actors)
    return {name: compute(inputs) for name, compute in TABLES.items()}


def _subject(deals: pd.DataFrame) -> bool | None:
    """``True`` (the headline tables keep the pairs the corpus is about) where actors.csv declares the corpus'
    subject and a deal is about it; else ``None``: every pair is the corpus' own."""
    return True if deals["subject"].fillna(False).any() else None


def _register_deliveries(inputs: Inputs) -> pd.DataFrame:
    if inputs.register is None:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in register.DELIVERY_COLUMNS})
    return register.register_deliveries(inputs.register, inputs.claims, actors=inputs.actors)


def _with_deal_system(events: pd.DataFrame, deals: pd.DataFrame) -> pd.DataFrame:
    """The timeline with each deal's system as the deals table names it (``deal_system``), to label its rows."""
    names = deals[["deal_id", "system"]].rename(columns={"system": "deal_system"}).astype({"deal_id": "string"})
    return events.merge(names, on="deal_id", how="left", validate="many_to_one")


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


def _pairs(view: pd.DataFrame) -> int:
    return len(view[["recipient", "supplier"]].drop_duplicates())


#: Every figure, in the order they are drawn (and, within a section, shown).
FIGURES: tuple[Figure, ...] = (
    Figure("who_arms_whom", "who_arms_whom", plots.plot_arms_matrix,
           Selection("suppliers and recipients with most deals", (("supplier", "n_deals"), ("recipient", "n_deals")),
                     where=findings.about_subject),
           Size(8, 1.5, 0.45, floor=3.5, rows=lambda view: view["supplier"].nunique()),
           "Heatmap of the transfers counted for certain per supplier and recipient, of the pairs the corpus is "
           "about", "who_arms_whom", listed=False),
    Figure("supplier_pipeline", "supplier_pipeline", plots.plot_supplier_pipeline,
           Selection("suppliers with most deals", (("supplier", "n_deals"),)),
           Size(8, 1.5, 0.35), "Stacked bars of deals per supplier by furthest stage", "pipeline"),
    Figure("press_vs_register", "press_register_quantities", plots.plot_press_vs_register,
           Selection("deals with most numbers", (("deal_id", None),)),
           Size(8, 1.4, 0.6, rows=_deals), "Dot plot of each deal's numbers: the press' quantities by stage above "
           "SIPRI's numbers ordered and delivered", "register", listed=False),
    Figure("register_deliveries", "register_deliveries", plots.plot_register_deliveries,
           Selection("suppliers that delivered most", (("supplier", "tiv_delivered"),)),
           Size(10, 2.8, 0.27, rows=_pairs), "Heatmap of SIPRI trend-indicator values delivered per supplier, "
           "recipient and year, with dots where the press says a delivery was made", "register", listed=False),
    Figure("timeline", "timeline", plots.plot_timeline,
           Selection("deals with most dated claims", (("deal_id", None),)),
           Size(11, 1.8, 0.42, rows=_deals), "Timeline, one row per deal: each claim at the date of the event it "
           "dates; beside it, one square per claim that dates no event, at the date its source was published",
           "timeline", listed=False),
    Figure("reported_quantities", "reported_quantities", plots.plot_reported_quantities,
           Selection("deals with most stated quantities", (("deal_id", None),)),
           Size(8, 1.5, 0.3, rows=lambda view: len(view) + _deals(view)),  # a heading row per deal
           "Dot plot of the quantity each claim reports, per deal, with the register's numbers as reference lines",
           "differences", listed=False),
    Figure("perspective_outlet_country", "perspective_outlet_country", plots.plot_perspective,
           Selection("outlet countries with most claims", (("outlet_country", "n_claims"),)),
           Size(8, 1.6, 0.45), "Claims by outlet country and status", "perspective"),
    Figure("perspective_source_type", "perspective_source_type", plots.plot_perspective,
           Selection("source types with most claims", (("source_type", "n_claims"),)),
           Size(8, 1.6, 0.45), "Claims by source type and status", "perspective"),
    Figure("provenance", "provenance", plots.plot_provenance,
           Selection("deals with most supporting origins", (("deal_id", None),), where=_with_two_claims),
           Size(8, 1.5, 0.6), "Bars of claims, sources, and the independent origins supporting, disputing or "
           "only alleging each deal", "provenance",
           hidden_columns=("supporting_origins", "disputing_origins", "alleging_origins")),  # long: in the CSV
)


def figure_views(tables: dict[str, pd.DataFrame], limit: int = FIGURE_LIMIT) -> dict[str, tuple[pd.DataFrame, str]]:
    """Per figure: the rows it draws, and the note saying what part of its table that is (:meth:`Selection.apply`)."""
    return {f.name: f.selection.apply(tables[f.table], limit) for f in FIGURES}


@dataclass(frozen=True)
class Listing:
    """A table listed in a section after its figures: a sentence introducing it, the table's name, the
    columns listed (default: all; the CSV has them all) and the rows (``where``, default: all).
    ``inline`` lists the rows as one line of ``supplier → recipient: system`` names instead."""

    lead_in: str
    table: str
    columns: tuple[str, ...] | None = None
    where: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    inline: bool = False


@dataclass(frozen=True)
class Section:
    """One ``##`` section of ``reports/README.md``.

    It holds ``intro``, then what ``facts`` says of the data (a function of the claims, the
    sources and the tables: :mod:`.findings`), then its figures (each followed by its table
    if listed), then each of ``after``, then, if ``discrepancies``, the kinds of difference and
    the compact table of them (the quotes side by side go to ``differences.md``).
    """

    title: str
    intro: str = ""
    after: tuple[Listing, ...] = ()
    discrepancies: bool = False
    facts: Callable[[pd.DataFrame, pd.DataFrame, dict[str, pd.DataFrame]], str] | None = None


def _statuses(stance: str) -> str:
    """The statuses of one stance, as the markdown names them: `` `denied` or `not_delivered` ``."""
    names = [f"`{s}`" for s in schema.STATUS if schema.STATUS_STANCE[s] == stance]
    return " or ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " or " + names[-1]


def _rows(column: str, test: Callable[[pd.Series], pd.Series]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda table: table[test(table[column]).fillna(False).to_numpy(dtype=bool)]


#: The columns of who arms whom listed (the tables split the pairs by ``subject``).
_PAIR_COLUMNS = ("supplier", "recipient", "n_deals", "n_deals_up_to", "n_claims", "n_sources", "n_origins")
#: The columns of the comparison listed for the press deals, and for the register's deals no press deal names.
_PRESS_COLUMNS = ("verdict", "supplier", "recipient", "system", "matched_by", "press_quantities",
                  "register_ordered", "register_delivered", "explanation")
_REGISTER_ONLY_COLUMNS = ("supplier", "recipient", "register_designation", "register_order_year", "register_ordered",
                          "register_delivered", "register_delivery_years")

#: The sections of the markdown report, in order, by key.
SECTIONS: dict[str, Section] = {
    "who_arms_whom": Section(
        "Who arms whom",
        "Transfers per supplier and recipient, as the claims report them. A deal (one `deal_id`, however many "
        "claims speak of it) is counted only if a claim asserts it from "
        f"`{schema.COUNTED_FROM}` on ({' → '.join(s for s in analysis.COUNTED_STATUSES if s != 'unspecified')}) "
        "or as `unspecified`; a deal only `considered` (talks, \"could supply\") is a possibility, listed apart "
        "with the non-deliveries, denials and allegations. Each transfer is counted once: a package whose "
        "component deals are reported is counted as its components, a general deal (no system and no kind of "
        "equipment named: \"arms\") only for a pair with no more specific deal, and a deal that may restate one already counted "
        "(`overlaps_deal_id`: \"armored vehicles\" pledged later, which may be the Bastions) only in "
        "`n_deals_up_to`, not in `n_deals`. `n_claims`, `n_sources` and `n_origins` (distinct independent "
        "origins) count every claim asserting a transfer between the pair. The `counted` and `counted_up_to` "
        "columns of [tables/deals.csv](tables/deals.csv) say which deals are counted.",
        facts=findings.who_arms_whom_facts,
        after=(Listing("The pairs the corpus is about:", "who_arms_whom", columns=_PAIR_COLUMNS,
                       where=findings.about_subject),
               Listing("Mentioned in passing (neither supplier nor recipient is an actor the corpus is about; not "
                       "drawn, and not in the totals above):", "who_arms_whom", columns=_PAIR_COLUMNS,
                       where=findings.in_passing),
               Listing("Only what at least one claim says was **delivered**, of the pairs the corpus is about:",
                       "who_arms_whom_delivered", columns=_PAIR_COLUMNS))),
    "unasserted": Section(
        findings.NOT_COUNTED,
        f"Deals no claim asserts from `{schema.COUNTED_FROM}` on: their claims only report talks or interest "
        f"(`considered`), dispute a transfer ({_statuses('disputes')}) or allege one ({_statuses('alleges')}). "
        "They are not counted above.",
        after=(Listing("Only considered: talks, interest, a recommendation to study a delivery:",
                       "considered_deals"),
               Listing(f"{findings.UNASSERTED_WORDS.capitalize()} (`not_delivered`: "
                       f"{schema.STATUS['not_delivered'][0]}): per deal, what its claims say and how many "
                       "independent origins dispute or allege it:", "unasserted_deals"))),
    "pipeline": Section(
        "Pipeline: how far each deal has got",
        "The transfers counted for certain under _Who arms whom_, of the pairs the corpus is about, each at "
        f"the furthest stage any claim reports ({' → '.join(schema.PIPELINE_STAGES)}); those asserted without a "
        "stage (`unspecified`) are _no stage reported_.",
        facts=findings.pipeline_facts,
        after=(Listing("Every deal, SIPRI-style: the furthest and the most conservative stage reported, the "
                       "numbers agreed and delivered (smallest and largest reported), the years of order and "
                       "delivery, and whether it is counted, for certain or \"up to\" (all columns in the CSV):",
                       "deals",
                       columns=("deal_id", "system", "furthest_stage", "conservative_stage", "off_scale_statuses",
                                "agreed_low", "agreed_high", "delivered_low", "delivered_high", "order_year",
                                "delivery_years", "counted", "counted_up_to")),
               Listing("How much was pledged, agreed and delivered: the largest quantity reported at each stage.",
                       "stage_quantities"))),
    "register": Section(
        "Press vs register",
        "Each press deal set beside SIPRI's trade register, the reference record of deliveries, with a verdict: "
        + "; ".join(f"`{v}`: {meaning}" for v, (meaning, _) in schema.VERDICT.items())
        + ". A deal is matched by its system, else by a calibre it names, else by the kind of equipment it names "
          "(`matched_by`); how (actors, designations, kinds, years within one year) is in "
          "[CODEBOOK.md](../CODEBOOK.md#press-vs-register).",
        facts=findings.register_facts,
        after=(Listing("The press deals beside the register (all columns, and the register-only rows, in "
                       "[tables/press_vs_register.csv](tables/press_vs_register.csv)); the deals not compared are "
                       "listed after:", "press_vs_register", columns=_PRESS_COLUMNS,
                       where=lambda t: t[t["deal_id"].notna().to_numpy(dtype=bool)
                                         & ~t["verdict"].isin(register.NOT_COMPARED).to_numpy(dtype=bool)]),
               Listing("Not compared (the CSV says why for each): the deals that name neither a system nor a kind of "
                       "equipment (\"arms\"), packages, whose components are compared instead, and the deals "
                       "between actors the register extract does not hold:", "press_vs_register",
                       where=_rows("verdict", lambda v: v.isin(register.NOT_COMPARED)), inline=True),
               Listing("Register deals of the press' recipients, in the years the press covers, that no press "
                       "deal names:", "press_vs_register", columns=_REGISTER_ONLY_COLUMNS,
                       where=_rows("verdict", lambda v: v == "register_only")))),
    "timeline": Section(
        "Timeline",
        "One row per deal. Left, each claim that dates its event, at that date: a year-precision date covers "
        "the whole year, a month the whole month (neither is shown as its first day), a day is a dot. Right, "
        "apart, each claim that dates no event, as one square at the date its source was published: when the "
        "press said it, not when it happened. Every claim is one mark; claims of one deal at overlapping dates "
        "are stacked, not hidden.",
        facts=findings.timeline_facts,
        after=(Listing("The claims that date their event (all dated claims, with those placed at their "
                       "publication date, in [tables/timeline.csv](tables/timeline.csv)):", "timeline",
                       columns=("claim_id", "deal_id", "supplier", "recipient", "system", "status", "event_date",
                                "precision"),
                       where=_rows("dated_by", lambda d: d == "event")),)),
    "provenance": Section(
        "Provenance: how many independent origins",
        f"A claim's origin is {schema.ORIGIN}; one source can cite several, so a deal can have more origins "
        "than sources. "
        "Outlets repeating one ministry statement add claims, not evidence. Origins are counted by what "
        f"their claims say: supporting the transfer ({_statuses('supports')}), disputing it "
        f"({_statuses('disputes')}) or only alleging it ({_statuses('alleges')}); an accusation or a "
        "denial is no corroboration, so the three are never added up."),
    "perspective": Section(
        "Who reports what",
        "Which stages the claims assert, by the country of the outlet that published them and by the kind of "
        "source. Outlet country: " + schema.SOURCES.field("outlet_country").description,
        facts=findings.not_stated_facts),
    "differences": Section("How reports differ", discrepancies=True),
}

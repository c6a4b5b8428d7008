"""Press deals beside SIPRI's register deals: one verdict for each (see ``schema.VERDICT``).

:func:`compare_deals` is the comparison, a pure function of the press deals table
(``armsdata.analysis.deals``), the register (``armsdata.load_register``), the systems and the
actors; :func:`compare_register` is the one call from the claims, loading whatever it is not given.

The matching rule, which CODEBOOK.md's "Press vs register" states for readers:

- Actors: the register's supplier and recipient, as SIPRI spells them, become the project's
  actor names through ``actors.csv`` (a name or one of its ``aliases``, exactly: ``Turkiye`` is
  ``Turkey``). A SIPRI name no actor lists matches no press deal.
- System: a press deal's ``system_id`` gives the register designations of its system
  (``sipri_designations`` of ``systems.csv``, exactly as SIPRI spells them). The candidates of a
  press deal are the register deals with its supplier, its recipient and one of those
  designations; the designation alone is never enough (the register's "Bastion" is also a
  Russian anti-tank missile sold to Azerbaijan). A deal naming no system (a generic claim) and a
  package (its components are compared instead) are matched to nothing.
- Years, with a tolerance of :data:`YEAR_TOLERANCE` year: a candidate fits when the press'
  order year is within a year of the register's, and every year the press dates a delivery lies
  within a year of the register deal's span (from its order year to its last delivery year, or
  open-ended while the register has delivered fewer than were ordered). A year the press or the
  register does not give rules nothing out. The tolerance is there because neither side dates
  the same event: the press dates an announcement, a signature or a news report, SIPRI the
  contract, often as its own estimate (the Pinaka contract is 2022 in the press, an uncertain
  2023 in the register); more than a year apart, a deal of the same system between the same
  actors is another order (the register lists Israel's Spike-MR/LR to Azerbaijan in 2008 and
  again in 2015).
- One fitting candidate is the press deal's register deal: ``matches`` unless a number or a
  stage the press reports disagrees with it (``differs``); none is ``not_in_register``; more than
  one is ``ambiguous``, with every candidate in ``explanation``.
- Numbers: a quantity reported at ``agreed`` is compared with the number ordered, one reported
  at ``delivered`` with the number delivered, by its qualifier (``at_least 20`` agrees with 24,
  ``about 50`` only with 50); quantities at other stages are listed, not compared. Stage: the press
  disagrees when its furthest stage is ``delivered`` and the register records no delivery, when
  it says ``not_delivered`` and the register records one, or when it holds a denial. A press
  stage short of the register's is no disagreement (a report from before the contract or the
  delivery); the explanation says so.
- Register-only rows: the register deals that no press deal fits, whose recipient is one the
  press deals name, ordered or delivered in the press' years: from the earliest to the latest
  year of the claims' events and publication (:func:`claim_years`, used by
  :func:`compare_register`), or, given only deals, of their orders and deliveries
  (:func:`press_years`). Nothing dated gives no window, and then no such rows.
"""

from __future__ import annotations

import itertools
import os

import numpy as np
import pandas as pd

from armsdata import schema

#: How many years a press year and a register year may differ and still be the same deal (see above).
YEAR_TOLERANCE = 1

#: The columns :func:`compare_deals` needs from the press deals table (``armsdata.analysis.deals``).
DEAL_COLUMNS: tuple[str, ...] = (
    "deal_id", "parent_deal_id", "kind", "supplier", "recipient", "system_id", "system", "furthest_stage",
    "off_scale_statuses", "agreed_low", "agreed_high", "delivered_low", "delivered_high", "order_year",
    "delivery_years")

#: The columns it needs from the register (``schema.REGISTER``, typed by ``armsdata.load_register``).
REGISTER_COLUMNS: tuple[str, ...] = (
    "supplier", "recipient", "designation", "order_year", "order_year_estimated", "number_ordered",
    "number_ordered_estimated", "number_delivered", "number_delivered_estimated", "delivery_years")

#: The columns of the comparison, in order.
COLUMNS: tuple[str, ...] = (
    "deal_id", "kind", "supplier", "recipient", "system", "register_designation", "register_order_year",
    "register_ordered", "register_delivered", "register_delivery_years", "press_quantities", "press_stage",
    "press_order_year", "press_delivery_years", "verdict", "explanation")

#: How a quantity's qualifier is written before it.
QUALIFIER_WORDS = {"exact": "", "approx": "about ", "at_least": "at least ", "up_to": "up to "}

#: Statuses that assert no transfer: a deal with only these (and no stage) says so in its explanation.
_NO_TRANSFER = frozenset({"not_delivered", "alleged", "denied"})

GENERIC = "names no system: a generic claim cannot be matched"


# --------------------------------------------------------------------------
# The calls
# --------------------------------------------------------------------------


def compare_register(claims: pd.DataFrame, register: pd.DataFrame | str | os.PathLike | None = None, *,
                     systems: pd.DataFrame | None = None, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """The press deals of ``claims`` beside the register: :func:`compare_deals` of ``armsdata.analysis.deals(claims)``.

    ``register`` is a typed register table or the path of a register CSV (``armsdata import-sipri``
    writes one); ``None`` loads the shipped extract, and ``systems`` and ``actors`` default to the
    shipped tables (``armsdata.load_register``, ``load_systems``, ``load_actors``). The claims' own
    quantities are compared and listed (``press_quantities``), and the register-only rows are those
    of the claims' years (:func:`claim_years`).

    >>> armsdata.compare_register(armsdata.load_transfers())      # doctest: +SKIP
    """
    from armsdata import analysis, load

    if register is None or isinstance(register, (str, os.PathLike)):
        register = load.load_register(register)
    systems = load.load_systems() if systems is None else systems
    actors = load.load_actors() if actors is None else actors
    quantities = claims.loc[claims["quantity"].notna(), ["deal_id", "quantity", "quantity_qualifier", "status"]]
    return compare_deals(analysis.deals(claims), register, systems=systems, actors=actors, quantities=quantities,
                         years=claim_years(claims))


def compare_deals(deals: pd.DataFrame, register: pd.DataFrame, *, systems: pd.DataFrame, actors: pd.DataFrame,
                  quantities: pd.DataFrame | None = None, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """One row per press deal and one per register deal no press deal names (:data:`COLUMNS`), sorted.

    ``deals`` has the columns of ``armsdata.analysis.deals`` (:data:`DEAL_COLUMNS`); ``register``
    those of ``schema.REGISTER``; ``systems`` and ``actors`` those of their files. ``quantities``,
    one row per reported quantity (``deal_id, quantity, quantity_qualifier, status``), gives
    ``press_quantities`` and the numbers compared; without it they come from the deals' ranges
    (``agreed_low`` … ``delivered_high``, as exact numbers). ``years`` (first, last) overrides the
    window of the register-only rows (default: :func:`press_years`). The module's docstring
    states the matching rule. Rows are sorted by supplier and recipient, then the press deals by
    deal_id, then the register-only rows by designation and the register's other columns.
    """
    _require(deals, DEAL_COLUMNS, "deals")
    _require(register, REGISTER_COLUMNS, "register")
    _require(systems, ("system_id", "sipri_designations"), "systems")
    _require(actors, ("name", "aliases"), "actors")
    press = _press_table(deals)
    reg = _register_table(register, actor_spellings(actors))
    quantities = _quantities(press, quantities)
    designations = system_designations(systems)
    pairs = candidate_pairs(press, reg, designations)
    pairs["fits"] = _fits_years(pairs, press, reg)
    press_rows = _press_verdicts(press, reg, pairs, designations, quantities)
    window = press_years(press) if years is None else years
    only = _register_only(press, reg, pairs, window)
    out = pd.concat([press_rows, only], ignore_index=True)
    return _finish(out)


# --------------------------------------------------------------------------
# Inputs: names, designations, years
# --------------------------------------------------------------------------


def actor_spellings(actors: pd.DataFrame) -> pd.Series:
    """Each spelling of an actor (its name and each alias) -> its name; a ValueError for a spelling of two actors.

    >>> actor_spellings(pd.DataFrame({"name": ["Turkey"], "aliases": ["Türkiye; Turkiye"]})).to_dict()
    {'Turkey': 'Turkey', 'Turkiye': 'Turkey', 'Türkiye': 'Turkey'}
    """
    names = actors["name"].astype("string").reset_index(drop=True)
    aliases = _split(actors["aliases"].astype("string"), names.rename("name"))
    spellings = pd.concat([pd.DataFrame({"spelling": names, "name": names}),
                           aliases.rename(columns={"item": "spelling"})[["spelling", "name"]]], ignore_index=True)
    spellings = spellings.drop_duplicates()
    twice = spellings["spelling"].duplicated(keep=False)
    if twice.any():
        raise ValueError(f"actors: {sorted(set(spellings.loc[twice, 'spelling']))[0]!r} names two actors")
    return spellings.set_index("spelling")["name"].sort_index()


def system_designations(systems: pd.DataFrame) -> pd.DataFrame:
    """``system_id, register_designation``: one row per SIPRI designation of each system (none for an empty cell)."""
    out = _split(systems["sipri_designations"].astype("string"), systems["system_id"].astype("string"))
    return out.rename(columns={"item": "register_designation"})[["system_id", "register_designation"]]


def press_years(press: pd.DataFrame) -> tuple[int, int] | None:
    """(first, last) year that any press deal's order or delivery is dated; None if none is dated.

    >>> press_years(pd.DataFrame({"order_year": [2022, None], "delivery_years": [None, "2020; 2024"]}))
    (2020, 2024)
    """
    years = pd.concat([pd.Series(press["order_year"], dtype="Int64"),
                       _years(press["delivery_years"])["year"]]).dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def claim_years(claims: pd.DataFrame) -> tuple[int, int] | None:
    """(first, last) year of the claims' events and of their sources' publication; None if nothing is dated.

    The years the press covers: what it dates, up to when it wrote (a 2023 article on a 2020
    delivery covers 2020 to 2023). Wider than :func:`press_years`, which sees only the years of
    agreements and deliveries.

    >>> claim_years(pd.DataFrame({"event_date": ["2020-10", None], "published": ["2023-12-08", "2024"]}))
    (2020, 2024)
    """
    dates = pd.concat([claims["event_date"], claims["published"]]).astype("string").str[:4]
    years = pd.to_numeric(dates, errors="coerce").dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def _split(cells: pd.Series, keys: pd.Series) -> pd.DataFrame:
    """``;``-separated cells as long rows: the key's column, then ``item`` (stripped; empty cells give none)."""
    cells, keys = cells.reset_index(drop=True), keys.reset_index(drop=True)
    items = cells.str.split(";").explode().str.strip()
    items = items[items.notna() & (items != "")]
    return pd.DataFrame({keys.name: keys.loc[items.index].to_numpy(), "item": items.to_numpy()})


def _years(cells: pd.Series) -> pd.DataFrame:
    """``2023; 2024`` cells as long rows ``row`` (the cell's position), ``year`` (Int64)."""
    cells = pd.Series(cells, dtype="string").reset_index(drop=True)
    items = cells.str.split(";").explode().str.strip()
    items = items[items.notna() & (items != "")]
    return pd.DataFrame({"row": items.index.to_numpy(), "year": pd.to_numeric(items).astype("Int64").to_numpy()})


def _require(frame: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"compare_deals: the {what} table lacks the columns {', '.join(missing)}")


def _press_table(deals: pd.DataFrame) -> pd.DataFrame:
    """The deals with text keys, integer years and a ``press_row`` position."""
    press = deals[list(DEAL_COLUMNS)].reset_index(drop=True)
    for column in ("deal_id", "parent_deal_id", "kind", "supplier", "recipient", "system_id", "system",
                   "off_scale_statuses", "delivery_years"):
        press[column] = press[column].astype("string")
    for column in ("agreed_low", "agreed_high", "delivered_low", "delivered_high", "order_year"):
        press[column] = press[column].astype("Int64")
    press["furthest_stage"] = pd.Categorical(press["furthest_stage"].astype("string"),
                                             categories=list(schema.PIPELINE_STAGES), ordered=True)
    press["press_row"] = press.index
    return press


def _register_table(register: pd.DataFrame, spellings: pd.Series) -> pd.DataFrame:
    """The register with the project's actor names (NA where no actor lists SIPRI's name), the span of its
    deliveries and a ``register_row`` position."""
    reg = register[list(REGISTER_COLUMNS)].reset_index(drop=True)
    for column in ("supplier", "recipient", "designation", "delivery_years"):
        reg[column] = reg[column].astype("string")
    for column in ("order_year", "number_ordered", "number_delivered"):
        reg[column] = reg[column].astype("Int64")
    for column in ("order_year_estimated", "number_ordered_estimated", "number_delivered_estimated"):
        reg[column] = reg[column].astype("boolean").fillna(False)
    reg["register_row"] = reg.index
    reg["supplier_name"] = reg["supplier"].map(spellings).astype("string")
    reg["recipient_name"] = reg["recipient"].map(spellings).astype("string")
    delivered = _years(reg["delivery_years"]).groupby("row")["year"]
    reg["first_delivery"] = delivered.min().reindex(reg.index).astype("Int64")
    reg["last_delivery"] = delivered.max().reindex(reg.index).astype("Int64")
    reg["delivered_any"] = ((reg["number_delivered"] > 0).fillna(False)
                            | reg["delivery_years"].notna()).astype(bool)
    # Deliveries may still come (so a later press delivery year can be this deal) until the
    # register has delivered as many as were ordered.
    reg["complete"] = (reg["number_delivered"] >= reg["number_ordered"]).fillna(False).astype(bool)
    reg["numbers"] = _register_numbers(reg)
    return reg


# --------------------------------------------------------------------------
# Candidates and years
# --------------------------------------------------------------------------


def candidate_pairs(press: pd.DataFrame, reg: pd.DataFrame, designations: pd.DataFrame) -> pd.DataFrame:
    """``press_row, register_row``: each register deal with a press deal's supplier, recipient and one of
    its system's designations (packages and deals naming no system have none). Two merges, no loop."""
    matchable = press.loc[(press["kind"] != "package").fillna(True) & press["system_id"].notna(),
                          ["press_row", "supplier", "recipient", "system_id"]]
    named = matchable.merge(designations, on="system_id")
    sides = reg[["register_row", "supplier_name", "recipient_name", "designation"]].rename(
        columns={"supplier_name": "supplier", "recipient_name": "recipient", "designation": "register_designation"})
    pairs = named.merge(sides.dropna(subset=["supplier", "recipient"]),
                        on=["supplier", "recipient", "register_designation"])
    return pairs[["press_row", "register_row"]].drop_duplicates().sort_values(["press_row", "register_row"],
                                                                              ignore_index=True)


def _fits_years(pairs: pd.DataFrame, press: pd.DataFrame, reg: pd.DataFrame) -> pd.Series:
    """True where a candidate's years fit the press deal's, within :data:`YEAR_TOLERANCE` (see the module)."""
    press_order = press["order_year"].to_numpy()[pairs["press_row"]]
    register_order = reg["order_year"].to_numpy()[pairs["register_row"]]
    gap = pd.Series(press_order, dtype="Int64") - pd.Series(register_order, dtype="Int64")
    fits = (gap.abs() <= YEAR_TOLERANCE).fillna(True).astype(bool).to_numpy().copy()
    delivered = _years(press["delivery_years"]).rename(columns={"row": "press_row"})
    each = pairs.reset_index().merge(delivered, on="press_row")
    if len(each):
        start = reg["order_year"].fillna(reg["first_delivery"]).to_numpy()[each["register_row"]]
        end = reg["last_delivery"].where(reg["complete"]).to_numpy()[each["register_row"]]
        year = each["year"].astype("Int64")
        inside = ((year >= pd.Series(start, dtype="Int64") - YEAR_TOLERANCE).fillna(True)
                  & (year <= pd.Series(end, dtype="Int64") + YEAR_TOLERANCE).fillna(True))
        outside = each.loc[~inside.astype(bool).to_numpy(), "index"].unique()
        fits[outside] = False
    return pd.Series(fits, index=pairs.index)


# --------------------------------------------------------------------------
# Verdicts of the press deals
# --------------------------------------------------------------------------


def _press_verdicts(press: pd.DataFrame, reg: pd.DataFrame, pairs: pd.DataFrame, designations: pd.DataFrame,
                    quantities: pd.DataFrame) -> pd.DataFrame:
    out = press[["press_row", "deal_id", "kind", "supplier", "recipient", "system"]].copy()
    out["press_quantities"] = _quantities_text(quantities).reindex(press["deal_id"]).to_numpy()
    out["press_stage"] = press["furthest_stage"]
    out["press_order_year"] = press["order_year"]
    out["press_delivery_years"] = press["delivery_years"]
    n_named = pairs.groupby("press_row").size().reindex(press["press_row"], fill_value=0).to_numpy()
    fitting = pairs[pairs["fits"]]
    n_fits = fitting.groupby("press_row").size().reindex(press["press_row"], fill_value=0).to_numpy()

    # Texts are built only for the rows that need them, into plain arrays: at a hundred thousand
    # deals, building every text for every row and masking took most of the time.
    verdict = np.full(len(press), "not_in_register", dtype=object)
    explanation = np.full(len(press), None, dtype=object)
    package = (press["kind"] == "package").fillna(False).to_numpy(dtype=bool)
    generic = press["system_id"].isna().to_numpy(dtype=bool) & ~package
    verdict[package | generic] = "not_comparable"
    explanation[generic] = GENERIC
    if package.any():
        explanation[package] = _package_text(press, press[package]).to_numpy(dtype=object)
    ambiguous = n_fits > 1
    verdict[ambiguous] = "ambiguous"
    if ambiguous.any():
        explanation[ambiguous] = _ambiguous_text(press[ambiguous], reg, fitting).to_numpy(dtype=object)
    unmatched = ~package & ~generic & (n_fits == 0)
    if unmatched.any():
        explanation[unmatched] = _unmatched_text(press[unmatched], reg, pairs, designations,
                                                 n_named[unmatched]).to_numpy(dtype=object)

    one = fitting[fitting["press_row"].map(pd.Series(n_fits)) == 1].set_index("press_row")["register_row"]
    matched = press.loc[one.index].copy()
    matched["register_row"] = one.to_numpy()
    if len(matched):
        found, said = _compare_matched(matched, reg, quantities)
        verdict[matched.index] = found.to_numpy(dtype=object)
        explanation[matched.index] = said.to_numpy(dtype=object)
    no_stage = (press["furthest_stage"].isna() & press["off_scale_statuses"].notna()).to_numpy(dtype=bool)
    if no_stage.any():
        stated = pd.Series(explanation[no_stage], index=press.index[no_stage], dtype="string")
        explanation[no_stage] = (_stage_prefix(press[no_stage]) + stated).to_numpy(dtype=object)
    register_cells = reg.loc[one.to_numpy(), ["designation", "order_year", "number_ordered", "number_delivered",
                                              "delivery_years"]].set_axis(one.index)
    for column, source in (("register_designation", "designation"), ("register_order_year", "order_year"),
                           ("register_ordered", "number_ordered"), ("register_delivered", "number_delivered"),
                           ("register_delivery_years", "delivery_years")):
        out[column] = register_cells[source].reindex(out.index)
    out["verdict"] = verdict
    out["explanation"] = pd.array(explanation, dtype="string")
    return out.drop(columns="press_row")


def _compare_matched(matched: pd.DataFrame, reg: pd.DataFrame, quantities: pd.DataFrame):
    """``(verdict, explanation)`` of the press deals with exactly one register deal (index: press_row)."""
    row = reg.loc[matched["register_row"].to_numpy()].set_axis(matched.index)
    disagree, compared = _number_disagreements(matched, row, quantities)
    delivered_number = disagree.str.contains(r"\(delivered\)", regex=True).fillna(False).astype(bool)
    stage = matched["furthest_stage"].astype("string")
    statuses = matched["off_scale_statuses"].fillna("")
    said = [disagree.fillna("")]
    said.append(pd.Series("stage delivered", index=matched.index).where(
        (stage == "delivered").fillna(False) & ~row["delivered_any"] & ~delivered_number, ""))
    said.append(pd.Series("not_delivered", index=matched.index).where(
        statuses.str.contains("not_delivered") & row["delivered_any"], ""))
    said.append(pd.Series("denied", index=matched.index).where(statuses.str.contains("denied"), ""))
    items = _join_nonempty(said, ", ")
    differs = items != ""
    verdict = pd.Series("matches", index=matched.index).where(~differs, "differs")
    register_stage = pd.Series("agreed", index=matched.index).where(~row["delivered_any"], "delivered")
    rank = {s: i for i, s in enumerate(schema.PIPELINE_STAGES)}
    behind = (stage.map(rank) < register_stage.map(rank)).fillna(False).astype(bool)
    earlier = ("; the press' furthest stage (" + stage + ") is short of the register's").where(behind, "").fillna("")
    no_numbers = pd.Series(" (the press reports no number to compare)", index=matched.index).where(~compared, "")
    agree_text = ("the register lists it: " + row["numbers"] + "; no press number or stage disagrees"
                  + no_numbers + earlier)
    differ_text = "press " + items + " vs register " + row["numbers"]
    return verdict, differ_text.where(differs, agree_text) + _estimates(row)


def _number_disagreements(matched: pd.DataFrame, row: pd.DataFrame,
                          quantities: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per press_row: the reported quantities that disagree with the register (``50 (agreed), 26 (delivered)``),
    and whether the press reports any quantity to compare (at ``agreed`` or ``delivered``)."""
    reported = quantities[quantities["status"].isin(["agreed", "delivered"])]
    register_numbers = pd.DataFrame({"deal_id": matched["deal_id"].to_numpy(), "press_row": matched.index,
                                     "ordered": row["number_ordered"].to_numpy(),
                                     "delivered": row["number_delivered"].to_numpy()})
    each = reported.merge(register_numbers, on="deal_id")
    compared = pd.Series(matched.index.isin(each["press_row"]), index=matched.index)
    if each.empty:
        return pd.Series(pd.NA, index=matched.index, dtype="string"), compared
    target = each["ordered"].where(each["status"] == "agreed", each["delivered"]).astype("Int64")
    quantity = each["quantity"].astype("Int64")
    qualifier = each["quantity_qualifier"].astype("string").fillna("exact")
    agrees = (quantity == target).where(qualifier.isin(["exact", "approx"]),
                                        (target >= quantity).where(qualifier == "at_least", target <= quantity))
    wrong = each[(~agrees.astype("boolean")).fillna(False).astype(bool).to_numpy()]
    text = (_quantity_words(wrong) + " (" + wrong["status"].astype("string") + ")").rename("text")
    ordered = wrong.assign(text=text).sort_values(["rank", "quantity"], ascending=[True, False])
    return _joined(ordered, "press_row", "text", ", ").reindex(matched.index), compared


def _stage_prefix(press: pd.DataFrame) -> pd.Series:
    """What the press claims where it asserts no stage: ``no transfer asserted (press: alleged; denied); ``."""
    statuses = press["off_scale_statuses"]
    no_stage = press["furthest_stage"].isna() & statuses.notna()
    each = statuses.str.split(";").explode().str.strip()
    only_disputed = each.isin(_NO_TRANSFER).groupby(level=0).all().reindex(press.index, fill_value=True)
    text = pd.Series("", index=press.index, dtype="string")
    text[no_stage & only_disputed] = "no transfer asserted (press: " + statuses + "); "
    text[no_stage & ~only_disputed] = "a transfer asserted without a stage (press: " + statuses + "); "
    return text


def _package_text(press: pd.DataFrame, packages: pd.DataFrame) -> pd.Series:
    """Why each of ``packages`` is not matched, naming its components among the deals of ``press``."""
    components = press.dropna(subset=["parent_deal_id"]).sort_values("deal_id")
    listed = _joined(components, "parent_deal_id", "deal_id", ", ").reindex(packages["deal_id"]).to_numpy()
    text = pd.Series(listed, index=packages.index, dtype="string")
    return ("a package: its components are compared, not the package itself ("
            + ("components: " + text).fillna("it has no component deal") + ")")


def _ambiguous_text(press: pd.DataFrame, reg: pd.DataFrame, fitting: pd.DataFrame) -> pd.Series:
    fitting = fitting[fitting["press_row"].isin(press["press_row"])]
    each = fitting.assign(text=_candidate_text(reg, fitting["register_row"]).to_numpy())
    listed = _joined(each, "press_row", "text", "; ")
    count = each.groupby("press_row").size()
    text = count.astype("string") + " register deals could be meant: " + listed
    return text.reindex(press["press_row"]).set_axis(press.index)


def _unmatched_text(press: pd.DataFrame, reg: pd.DataFrame, pairs: pd.DataFrame, designations: pd.DataFrame,
                    n_named) -> pd.Series:
    """Why a press deal naming a system has no register deal: its system has no SIPRI designation, the
    register lists no deal of it between the press' supplier and recipient, or only in other years."""
    pair_words = press["supplier"] + " to " + press["recipient"]
    named = designations.sort_values("register_designation")
    spelled = _joined(named, "system_id", "register_designation", ", ").reindex(press["system_id"]).to_numpy()
    spelled = pd.Series(spelled, index=press.index, dtype="string")
    text = ("the register lists no deal of " + spelled + " from " + pair_words
            + _elsewhere(press, reg, designations).fillna(""))
    text = text.fillna("systems.csv gives " + press["system"] + " no SIPRI designation: nothing in the register "
                                                               "to match")
    pairs = pairs[pairs["press_row"].isin(press["press_row"])]
    each = pairs.assign(text=_candidate_text(reg, pairs["register_row"]).to_numpy())
    listed = _joined(each, "press_row", "text", "; ").reindex(press["press_row"]).set_axis(press.index)
    other_years = ("the register's deals of " + press["system"] + " from " + pair_words + " (" + listed
                   + ") are more than " + str(YEAR_TOLERANCE) + " year from the press' (" + _press_dates(press)
                   + ")")
    return text.where(pd.Series(n_named, index=press.index) == 0, other_years)


def _elsewhere(press: pd.DataFrame, reg: pd.DataFrame, designations: pd.DataFrame) -> pd.Series:
    """`` (it lists Bastion for Russia to Azerbaijan 2011)``: the other pairs with the press deal's designations,
    at most :data:`_ELSEWHERE` of each, so that a designation shared by two systems is seen."""
    wanted = designations[designations["system_id"].isin(set(press["system_id"].dropna()))]
    held = reg[reg["designation"].isin(set(wanted["register_designation"]))]
    if held.empty:
        return pd.Series(pd.NA, index=press.index, dtype="string")
    where = (held["supplier"] + " to " + held["recipient"]
             + (" " + held["order_year"].astype("string")).fillna("")).rename("where")
    where = pd.concat([held["designation"], where], axis=1).drop_duplicates().sort_values(["designation", "where"])
    count = where.groupby("designation").size()
    first = _joined(where.groupby("designation").head(_ELSEWHERE), "designation", "where", "; ")
    more = (" and " + (count - _ELSEWHERE).astype("string") + " more").where(count > _ELSEWHERE, "")
    by_designation = (wanted.assign(text=(wanted["register_designation"] + " for " + (first + more).reindex(
        wanted["register_designation"]).to_numpy()).to_numpy()).dropna(subset=["text"]))
    by_system = _joined(by_designation.sort_values("text"), "system_id", "text", "; ")
    return (" (it lists " + by_system + ")").reindex(press["system_id"]).set_axis(press.index).astype("string")


_ELSEWHERE = 5


def _press_dates(press: pd.DataFrame) -> pd.Series:
    ordered = ("ordered " + press["order_year"].astype("string")).fillna("")
    delivered = ("delivered " + press["delivery_years"].str.replace(";", ",", regex=False)).fillna("")
    return _join_nonempty([ordered, delivered], ", ")


def _candidate_text(reg: pd.DataFrame, rows: pd.Series) -> pd.Series:
    """``Spike-MR/LR ordered 2008: 100 ordered, 100 delivered 2009, 2010`` for each register row."""
    chosen = reg.loc[rows.to_numpy()]
    ordered = (" ordered " + chosen["order_year"].astype("string")).fillna(" (year of order not stated)")
    return chosen["designation"] + ordered + ": " + chosen["numbers"]


def _register_numbers(reg: pd.DataFrame) -> pd.Series:
    """``24 ordered, 24 delivered 2023`` / ``3 ordered, none delivered`` for each register row."""
    ordered = (reg["number_ordered"].astype("string") + " ordered").fillna("number ordered not stated")
    years = (" " + reg["delivery_years"].str.replace(";", ",", regex=False)).fillna("")
    delivered = (reg["number_delivered"].astype("string") + " delivered" + years)
    delivered = delivered.where(reg["number_delivered"] != 0, "none delivered")
    delivered = delivered.fillna(("delivered" + years + " (number not stated)").where(
        reg["delivery_years"].notna(), "number delivered not stated"))
    return ordered + ", " + delivered


def _estimates(row: pd.DataFrame) -> pd.Series:
    """``; estimated by SIPRI: number ordered, number delivered`` where the register marks its figures uncertain."""
    marks = [pd.Series(label, index=row.index).where(row[column], "")
             for column, label in (("order_year_estimated", "year of order"),
                                   ("number_ordered_estimated", "number ordered"),
                                   ("number_delivered_estimated", "number delivered"))]
    listed = _join_nonempty(marks, ", ")
    return ("; estimated by SIPRI: " + listed).where(listed != "", "")


# --------------------------------------------------------------------------
# Quantities
# --------------------------------------------------------------------------


def _quantities(press: pd.DataFrame, quantities: pd.DataFrame | None) -> pd.DataFrame:
    """The reported quantities, long: ``deal_id, quantity, quantity_qualifier, status, rank`` (rank: stage order)."""
    if quantities is None:
        parts = [press[["deal_id", column]].rename(columns={column: "quantity"}).assign(status=status)
                 for status in ("agreed", "delivered") for column in (f"{status}_low", f"{status}_high")]
        quantities = pd.concat(parts, ignore_index=True).assign(quantity_qualifier="exact")
    _require(quantities, ("deal_id", "quantity", "quantity_qualifier", "status"), "quantities")
    out = quantities[["deal_id", "quantity", "quantity_qualifier", "status"]].copy()
    out["deal_id"] = out["deal_id"].astype("string")
    out["quantity"] = out["quantity"].astype("Int64")
    out["quantity_qualifier"] = out["quantity_qualifier"].astype("string").fillna("exact")
    out["status"] = out["status"].astype("string")
    out = out.dropna(subset=["quantity"]).drop_duplicates()
    order = {status: i for i, status in enumerate(schema.STATUS)}
    out["rank"] = out["status"].map(order).astype("Int64")
    return out.reset_index(drop=True)


def _quantity_words(quantities: pd.DataFrame) -> pd.Series:
    words = quantities["quantity_qualifier"].map(QUALIFIER_WORDS).fillna("").astype("string")
    return words + quantities["quantity"].astype("string")


def _quantities_text(quantities: pd.DataFrame) -> pd.Series:
    """``50 agreed; 26 delivered; 24 delivered`` per deal_id: stage order, then the larger number first."""
    ordered = quantities.sort_values(["rank", "quantity", "quantity_qualifier"], ascending=[True, False, True])
    ordered = ordered.assign(text=_quantity_words(ordered) + " " + ordered["status"])
    return _joined(ordered, "deal_id", "text", "; ")


# --------------------------------------------------------------------------
# Register-only rows and the finish
# --------------------------------------------------------------------------


def _register_only(press: pd.DataFrame, reg: pd.DataFrame, pairs: pd.DataFrame,
                   window: tuple[int, int] | None) -> pd.DataFrame:
    """The register deals no press deal fits, with a press recipient, ordered or delivered within ``window``."""
    if window is None:
        return pd.DataFrame(columns=list(COLUMNS))
    first, last = window
    delivered = _years(reg["delivery_years"])
    delivered_inside = delivered.loc[delivered["year"].between(first, last).fillna(False).astype(bool), "row"]
    inside = reg["order_year"].between(first, last).fillna(False).astype(bool) | reg.index.isin(delivered_inside)
    fitted = reg.index.isin(pairs.loc[pairs["fits"], "register_row"])
    recipient = reg["recipient_name"].isin(set(press["recipient"].dropna())).fillna(False).astype(bool)
    only = reg[inside & recipient & ~fitted]
    supplier = only["supplier_name"].fillna(only["supplier"])
    out = pd.DataFrame({
        "deal_id": pd.NA, "kind": pd.NA, "supplier": supplier, "recipient": only["recipient_name"],
        "system": only["designation"], "register_designation": only["designation"],
        "register_order_year": only["order_year"], "register_ordered": only["number_ordered"],
        "register_delivered": only["number_delivered"], "register_delivery_years": only["delivery_years"],
        "press_quantities": pd.NA, "press_stage": pd.NA, "press_order_year": pd.NA, "press_delivery_years": pd.NA,
        "verdict": "register_only"}, index=only.index)
    said = ("no press deal of " + supplier + " to " + only["recipient_name"] + " names "
            + _candidate_text(reg, only["register_row"]).to_numpy())
    # say which press deals could still hold it: one naming the system in other years, a generic one of the pair
    other_years = pairs.loc[~pairs["fits"]].merge(press[["press_row", "deal_id"]], on="press_row")
    years_note = _joined(other_years.sort_values("deal_id"), "register_row", "deal_id", ", ")
    generic = press[press["system_id"].isna() & (press["kind"] != "package").fillna(True)]
    generic_note = _joined(generic.sort_values("deal_id"), ["supplier", "recipient"], "deal_id", ", ")
    keys = pd.MultiIndex.from_arrays([supplier, only["recipient_name"]])
    said = said + ("; " + years_note.reindex(only.index) + " names the system, in other years").fillna("")
    said = said + ("; it may be among the press' deals of the pair naming no system: "
                   + pd.Series(generic_note.reindex(keys).to_numpy(), index=only.index, dtype="string")).fillna("")
    out["explanation"] = said + _estimates(only)
    return out


def _finish(out: pd.DataFrame) -> pd.DataFrame:
    out = out[list(COLUMNS)].copy()
    for column in ("deal_id", "kind", "supplier", "recipient", "system", "register_designation",
                   "register_delivery_years", "press_quantities", "press_delivery_years", "explanation"):
        out[column] = out[column].astype("string")
    for column in ("register_order_year", "register_ordered", "register_delivered", "press_order_year"):
        out[column] = out[column].astype("Int64")
    out["press_stage"] = pd.Categorical(out["press_stage"].astype("string"), categories=list(schema.PIPELINE_STAGES),
                                        ordered=True)
    out["verdict"] = pd.Categorical(out["verdict"].astype("string"), categories=list(schema.VERDICT))
    # Press deals by deal_id (unique), register-only rows by their register columns; then, stably, by
    # pair with the press deals first. Sorting the two parts apart spares sorting every row on nine keys.
    only = out["deal_id"].isna()
    press = out[~only].sort_values("deal_id", kind="mergesort")
    register_only = out[only].sort_values(["register_designation", "register_order_year", "register_ordered",
                                           "register_delivered", "register_delivery_years"], na_position="last",
                                          kind="mergesort")
    out = pd.concat([press, register_only], ignore_index=True)
    return out.sort_values(["supplier", "recipient"], na_position="last", kind="mergesort", ignore_index=True)


def _joined(frame: pd.DataFrame, by: str | list[str], column: str, separator: str) -> pd.Series:
    """``column`` joined with ``separator`` per value of ``by`` (the index, sorted), in the frame's row order.

    Vectorised by position in the group: the first values of all groups, then each group's
    second value appended, and so on; a ``groupby().agg(join)`` builds a Series per group and
    takes ten times as long.

    >>> _joined(pd.DataFrame({"k": ["b", "a", "b"], "v": ["x", "y", "z"]}), "k", "v", "; ").to_dict()
    {'a': 'y', 'b': 'x; z'}
    """
    names = [by] if isinstance(by, str) else list(by)
    ordered = frame.sort_values(names, kind="stable")
    first = ~ordered.duplicated(names).to_numpy(dtype=bool)
    group = np.cumsum(first) - 1
    position = np.arange(len(ordered)) - np.flatnonzero(first)[group]
    values = ordered[column].astype("string").to_numpy(dtype=object)
    joined = values[first].copy()
    by_position = np.argsort(position, kind="stable")
    bounds = np.searchsorted(position[by_position], np.arange(1, position.max() + 2)) if len(position) else []
    for start, end in itertools.pairwise(bounds):
        rows = by_position[start:end]
        joined[group[rows]] = joined[group[rows]] + separator + values[rows]
    keys = ordered.loc[first, names]
    labels = pd.MultiIndex.from_frame(keys) if len(names) > 1 else pd.Index(keys[names[0]])
    return pd.Series(joined, index=labels, dtype="string")


def _join_nonempty(parts: list[pd.Series], separator: str) -> pd.Series:
    """The non-empty strings of ``parts`` joined, row by row (empty where all are empty)."""
    out = parts[0].fillna("").astype("string")
    for part in parts[1:]:
        part = part.fillna("").astype("string")
        out = out + pd.Series(separator, index=out.index).where((out != "") & (part != ""), "") + part
    return out

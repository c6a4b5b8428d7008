"""The verdict of each press deal and the register-only rows, put together into the comparison table.

Each verdict of ``schema.VERDICT`` is decided in one place below: :func:`press_verdicts` sorts the
press deals into those not compared (``not_covered``, ``not_comparable``), those naming a system or a
calibre (one candidate: :func:`_compare_matched` gives ``matches``, ``earlier_stage`` or ``differs``;
several: ``ambiguous``; none: ``not_in_register``) and those naming only a kind of equipment
(``consistent`` or ``not_in_register``, :func:`_kind_verdicts`); :func:`register_only` gives the
register's deals no press deal names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.register.matching import ordered_before
from armsdata.register.tables import years_long
from armsdata.register.text import (
    GENERIC,
    LISTED,
    after_order_text,
    ambiguous_text,
    calibre_prefix,
    candidate_text,
    coverage_text,
    estimates,
    join_nonempty,
    joined_by,
    kind_text,
    package_text,
    quantities_text,
    quantity_words,
    asserted,
    stage_prefix,
    taken_text,
    unmatched_text,
    unrecorded_text,
)

#: The columns of the comparison, in order.
COLUMNS: tuple[str, ...] = (
    "deal_id", "kind", "supplier", "recipient", "system", "register_designation", "register_order_year",
    "register_ordered", "register_delivered", "register_delivery_years", "press_quantities", "press_stage",
    "press_order_year", "press_delivery_years", "matched_by", "verdict", "explanation")

#: ``matched_by``: what of a press deal its register deals are found by (empty where it is not compared).
MATCHED_BY: dict[str, str] = {
    "system": "its system's SIPRI designations",
    "calibre": "the calibre it names, in the register's designations (it names no system)",
    "kind": "its kind of equipment, the register's descriptions mapped by register/categories.csv (it names "
            "neither a system nor a calibre)",
}

#: The verdicts of press deals set beside one register deal: the ``register_*`` columns are its
#: (:attr:`armsdata.schema.Verdict.beside`).
BESIDE_ONE: tuple[str, ...] = tuple(v for v, said in schema.VERDICT.items() if said.beside == "one")
#: The verdicts of press deals that are not set beside the register at all.
NOT_COMPARED: tuple[str, ...] = tuple(v for v, said in schema.VERDICT.items() if said.beside == "not_compared")


def press_verdicts(press: pd.DataFrame, reg: pd.DataFrame, pairs: pd.DataFrame, kinds: pd.DataFrame,
                    designations: pd.DataFrame, quantities: pd.DataFrame, categories: pd.DataFrame,
                    covers: tuple[str, ...] | None) -> tuple[pd.DataFrame, pd.Series]:
    """One row per press deal (:data:`COLUMNS`), and the register rows a deal naming only its kind may be.

    ``pairs`` are the candidates of the deals naming a system or a calibre, ``kinds`` those of the deals
    naming only a kind, each with ``fits`` (its years); ``covers`` the actors whose deals the register holds
    (``None``: all)."""
    out = press[["press_row", "deal_id", "kind", "supplier", "recipient", "system"]].copy()
    out["press_quantities"] = quantities_text(quantities).reindex(press["deal_id"]).to_numpy()
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
    sized = press["calibre"].notna().to_numpy(dtype=bool)
    kind = press["equipment"].notna().to_numpy(dtype=bool)
    generic = press["system_id"].isna().to_numpy(dtype=bool) & ~package & ~sized & ~kind
    verdict[package | generic] = "not_comparable"
    explanation[generic] = GENERIC
    if package.any():
        explanation[package] = package_text(press, press[package]).to_numpy(dtype=object)
    ambiguous = n_fits > 1
    verdict[ambiguous] = "ambiguous"
    if ambiguous.any():
        several = fitting[fitting["press_row"].isin(press.index[ambiguous])]
        explanation[ambiguous] = ambiguous_text(press[ambiguous], reg, several,
                                                _judged(press, reg, several, quantities)).to_numpy(dtype=object)
    unmatched = ~package & ~generic & ~kind & (n_fits == 0)
    if unmatched.any():
        explanation[unmatched] = unmatched_text(press[unmatched], reg, pairs, designations,
                                                 n_named[unmatched]).to_numpy(dtype=object)

    one = fitting[fitting["press_row"].map(pd.Series(n_fits)) == 1].set_index("press_row")["register_row"]
    matched = press.loc[one.index, ["deal_id", "furthest_stage", "off_scale_statuses", "order_year",
                                    "first_told"]].assign(
        register_row=one.to_numpy())
    if len(matched):
        found, said = _compare_matched(matched, reg, quantities)
        verdict[matched.index] = found.to_numpy(dtype=object)
        explanation[matched.index] = said.to_numpy(dtype=object)
    may_be = pd.Series(dtype="Int64")
    if kind.any():
        found, said, may_be = _kind_verdicts(press[kind], reg, kinds, quantities, categories,
                                             identified=one.reset_index().merge(press[["press_row", "deal_id", "parent_deal_id"]]))
        verdict[kind] = found.to_numpy(dtype=object)
        explanation[kind] = said.to_numpy(dtype=object)
    if sized.any():  # say that these were matched by their calibre only
        said = pd.Series(explanation[sized], index=press.index[sized], dtype="string")
        explanation[sized] = (calibre_prefix(press[sized]) + said).to_numpy(dtype=object)
    outside = _outside(press, covers)
    basis = np.select([~package & press["system_id"].notna().to_numpy(dtype=bool), sized, kind],
                      ["system", "calibre", "kind"], default=None).astype(object)
    if outside.any():  # the register cannot say anything of a pair it does not hold
        verdict[outside] = "not_covered"
        basis[outside] = None
        explanation[outside] = coverage_text(press[outside], covers).to_numpy(dtype=object)
        one = one[~outside[one.index.to_numpy()]]
        may_be = may_be[~may_be.index.isin(press.index[outside])]
    no_stage = (press["furthest_stage"].isna() & press["off_scale_statuses"].notna()).to_numpy(dtype=bool)
    if no_stage.any():
        stated = pd.Series(explanation[no_stage], index=press.index[no_stage], dtype="string")
        explanation[no_stage] = (stage_prefix(press[no_stage]) + stated).to_numpy(dtype=object)
    register_cells = reg.loc[one.to_numpy(), ["designation", "order_year", "number_ordered", "number_delivered",
                                              "delivery_years"]].set_axis(one.index)
    for column, source in (("register_designation", "designation"), ("register_order_year", "order_year"),
                           ("register_ordered", "number_ordered"), ("register_delivered", "number_delivered"),
                           ("register_delivery_years", "delivery_years")):
        out[column] = register_cells[source].reindex(out.index)
    out["matched_by"] = basis
    out["verdict"] = verdict
    out["explanation"] = pd.array(explanation, dtype="string")
    return out.drop(columns="press_row"), may_be


def _outside(press: pd.DataFrame, covers: tuple[str, ...] | None) -> np.ndarray:
    """True for the press deals whose supplier and recipient are both outside the register's ``covers``."""
    if covers is None:
        return np.zeros(len(press), dtype=bool)
    covered = list(covers)
    inside = press["supplier"].isin(covered).fillna(False) | press["recipient"].isin(covered).fillna(False)
    return ~inside.to_numpy(dtype=bool)


def _judged(press: pd.DataFrame, reg: pd.DataFrame, pairs: pd.DataFrame, quantities: pd.DataFrame) -> pd.DataFrame:
    """Each candidate pair (``press_row, register_row``) held to the press' numbers and stage, indexed as ``pairs``:

    ``items``, what the press reports that the register deal disagrees with (``50 (agreed), stage delivered``;
    empty when nothing does), ``compared`` (the press reports a number to compare), ``behind`` (the press'
    furthest stage is short of the register's: ``agreed`` for an order, ``delivered`` once it delivers; not
    where the press tells only of talks or a pledge, after the register's order: ``after_order``) and ``stage``
    (the press' furthest stage).
    """
    # only the columns needed: taking every text column of every pair was most of the time
    side = press.loc[pairs["press_row"].to_numpy(), ["deal_id", "furthest_stage", "off_scale_statuses"]].set_axis(
        pairs.index)
    row = reg.loc[pairs["register_row"].to_numpy(), ["number_ordered", "number_delivered", "delivered_any"]].set_axis(
        pairs.index)
    disagree, compared = _number_disagreements(side, row, quantities)
    delivered_number = disagree.str.contains(r"\(delivered\)", regex=True).fillna(False).astype(bool)
    stage = side["furthest_stage"].astype("string")
    statuses = side["off_scale_statuses"].fillna("")
    said = [disagree.fillna("")]
    said.append(pd.Series("stage delivered", index=pairs.index).where(
        (stage == "delivered").fillna(False) & ~row["delivered_any"] & ~delivered_number, ""))
    said.append(pd.Series("not_delivered", index=pairs.index).where(
        statuses.str.contains("not_delivered") & row["delivered_any"], ""))
    said.append(pd.Series("denied", index=pairs.index).where(statuses.str.contains("denied"), ""))
    register_stage = pd.Series("agreed", index=pairs.index).where(~row["delivered_any"], "delivered")
    rank = {s: i for i, s in enumerate(schema.PIPELINE_STAGES)}
    # talks or a pledge told after the register's order are no earlier stage of it: a pledge to deliver what
    # was ordered (the press deal's first_told)
    after = pd.Series(ordered_before(pairs, press, reg), index=pairs.index)
    behind = (stage.map(rank) < register_stage.map(rank)).fillna(False).astype(bool) & ~after
    return pd.DataFrame({"items": join_nonempty(said, ", "), "compared": compared, "behind": behind,
                         "stage": stage, "after_order": after}, index=pairs.index)


def _compare_matched(matched: pd.DataFrame, reg: pd.DataFrame, quantities: pd.DataFrame):
    """``(verdict, explanation)`` of the press deals with exactly one register deal (index: press_row)."""
    pairs = pd.DataFrame({"press_row": matched.index, "register_row": matched["register_row"].to_numpy()},
                         index=matched.index)
    judged = _judged(matched, reg, pairs, quantities)
    row = reg.loc[matched["register_row"].to_numpy(), ["numbers", "order_year_estimated", "number_ordered_estimated",
                                                       "number_delivered_estimated"]].set_axis(matched.index)
    differs = judged["items"] != ""
    earlier = ~differs & judged["behind"]
    verdict = pd.Series("matches", index=matched.index).mask(earlier, "earlier_stage").mask(differs, "differs")
    no_numbers = pd.Series(" (the press reports no number to compare)", index=matched.index).where(
        ~judged["compared"], "")
    # the years, where they say more than the numbers: an order year of the press within the tolerance but
    # not the register's, and talks or a pledge told only after the register's order
    press_order = matched["order_year"].astype("Int64")
    register_order = reg["order_year"].reindex(matched["register_row"]).set_axis(matched.index).astype("Int64")
    other_year = ("press order " + press_order.astype("string") + ", register order "
                  + register_order.astype("string")).where((press_order != register_order).fillna(False), "")
    after = after_order_text(matched, reg, pairs).where(judged["after_order"], "")
    years = join_nonempty([other_year.fillna(""), after], "; ")
    numbers = row["numbers"] + ("; " + years).where(years != "", "")
    agree_text = ("the register lists it: " + numbers + "; no press number or stage disagrees" + no_numbers)
    earlier_text = ("the register lists it, at a later stage than the press reports (the press' furthest: "
                    + judged["stage"] + "): " + numbers + "; no press number disagrees" + no_numbers)
    differ_text = "press " + judged["items"] + " vs register " + numbers
    said = agree_text.mask(earlier, earlier_text).mask(differs, differ_text)
    # a deal no claim asserts: what the press disputes or alleges may be part of the register's deal, or none
    unasserted = pd.Series(~asserted(matched), index=matched.index)
    verdict = verdict.mask(unasserted, "unasserted")
    said = said.mask(unasserted, "the register lists a deal of its system and pair: " + row["numbers"] + "; not "
                     "judged: a non-delivery or a denial may concern part of a deal (one batch), and an allegation "
                     "reports no deal")
    return verdict, said + estimates(row)


def _kind_verdicts(press: pd.DataFrame, reg: pd.DataFrame, kinds: pd.DataFrame, quantities: pd.DataFrame,
                   categories: pd.DataFrame, identified: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """``(verdict, explanation, may_be)`` of the press deals naming only a kind of equipment (index: press_row).

    ``consistent`` where a register deal of its kind, pair and years agrees with what the press reports
    (numbers and stage, as for a deal naming its system), ``earlier_stage`` where every one that does is at a
    later stage than the press reports; ``not_in_register`` where none does, saying
    whether the register has no deal of that kind for the pair, has some only in other years, or has
    some that each disagree with the press. ``may_be``: the register rows (values) each such deal may be
    (index: press_row). ``identified``: ``press_row, register_row, deal_id, parent_deal_id`` of the deals
    naming their system, named beside a register deal that is already theirs: a deal naming only a kind is
    compared with such a register deal only where it may restate that deal or its package (:func:`_taken`).
    """
    kinds = kinds[kinds["press_row"].isin(press.index)]
    taken = _taken(press, kinds, identified)
    free = kinds[~taken]
    fitting = free[free["fits"]]
    judged = _judged(press, reg, fitting, quantities)
    agrees = (judged["items"] == "").to_numpy(dtype=bool)
    n_agree = fitting[agrees].groupby("press_row").size().reindex(press.index, fill_value=0)
    # at a later stage in the register than the press reports, every deal it may be (and not ordered before the
    # talks or pledge the press reports): the press reports an earlier stage, as for a deal naming its system
    n_level = fitting[agrees & ~judged["behind"].to_numpy(dtype=bool)].groupby("press_row").size().reindex(
        press.index, fill_value=0)
    verdict = pd.Series("not_in_register", index=press.index).mask(n_agree > 0, "consistent").mask(
        (n_agree > 0) & (n_level == 0), "earlier_stage")
    said = kind_text(press, reg, free, fitting.assign(**judged), categories, identified)
    others = kinds[taken & kinds["fits"]]
    alone = others[~others["press_row"].isin(fitting["press_row"])]
    if len(alone):  # its only candidates are other press deals' own register deals: say so, not "none"
        rows = press.loc[alone["press_row"].unique()]
        said[rows.index] = taken_text(rows, reg, alone, identified)
    beside = others[others["press_row"].isin(fitting["press_row"])]
    if len(beside):  # and where it has others too, that these were left out
        rows = press.loc[beside["press_row"].unique()]
        said[rows.index] = said[rows.index] + "; " + taken_text(rows, reg, beside, identified, lead=False)
    # where it is of a kind SIPRI does not record all of, and not in the register, say so (unless said already)
    told = (verdict == "not_in_register") & ~press["names_unrecorded"].fillna(False).astype(bool)
    said[told] = said[told] + unrecorded_text(press[told])
    may_be = fitting.loc[agrees].set_index("press_row")["register_row"]
    return verdict, said, may_be


def _taken(press: pd.DataFrame, kinds: pd.DataFrame, identified: pd.DataFrame) -> np.ndarray:
    """True for each candidate of ``kinds`` that is already another press deal's register deal (``identified``),
    unless the deal naming only a kind is curated as possibly restating that deal or its package
    (``overlaps_deal_id``): "night vision goggles" are not the GM200 radars another deal names, but "air
    defense systems" pledged in 2024 may be the package of which the GM200 is a part."""
    owners = kinds[["press_row", "register_row"]].reset_index().merge(
        identified[["register_row", "deal_id", "parent_deal_id"]], on="register_row")
    overlaps = pd.Series(press["overlaps_deal_id"].reindex(owners["press_row"]).to_numpy(), dtype="string")
    restates = ((owners["deal_id"].astype("string") == overlaps).fillna(False)
                | (owners["parent_deal_id"].astype("string") == overlaps).fillna(False)).to_numpy(dtype=bool)
    claimed = set(owners.loc[~restates, "index"]) - set(owners.loc[restates, "index"])
    return kinds.index.isin(list(claimed))


def _number_disagreements(matched: pd.DataFrame, row: pd.DataFrame,
                          quantities: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per row of ``matched`` (a press deal beside one register deal, ``row``, same index): the reported
    quantities that disagree with the register (``50 (agreed), 26 (delivered)``), and whether the press
    reports any quantity to compare (at ``agreed`` or ``delivered``)."""
    reported = quantities[quantities["status"].isin(["agreed", "delivered"])]
    numbers = pd.DataFrame({"deal_id": matched["deal_id"].to_numpy(), "key": matched.index,
                            "ordered": row["number_ordered"].to_numpy(),
                            "delivered": row["number_delivered"].to_numpy()})
    each = reported.merge(numbers, on="deal_id")
    compared = pd.Series(matched.index.isin(each["key"]), index=matched.index)
    if each.empty:
        return pd.Series(pd.NA, index=matched.index, dtype="string"), compared
    target = each["ordered"].where(each["status"] == "agreed", each["delivered"]).astype("Int64")
    quantity = each["quantity"].astype("Int64")
    qualifier = each["quantity_qualifier"].astype("string").fillna("exact")
    agrees = (quantity == target).where(qualifier.isin(["exact", "approx"]),
                                        (target >= quantity).where(qualifier == "at_least", target <= quantity))
    wrong = each[(~agrees.astype("boolean")).fillna(False).astype(bool).to_numpy()]
    text = (quantity_words(wrong) + " (" + wrong["status"].astype("string") + ")").rename("text")
    ordered = wrong.assign(text=text).sort_values(["rank", "quantity"], ascending=[True, False])
    return joined_by(ordered, "key", "text", ", ").reindex(matched.index), compared


def register_only(press: pd.DataFrame, reg: pd.DataFrame, pairs: pd.DataFrame, may_be: pd.Series,
                   window: tuple[int, int] | None, press_delivered: pd.DataFrame | None = None, *,
                   subjects: set[str] | None = None) -> pd.DataFrame:
    """The register deals no press deal fits (nor may be, naming only its kind), with a press recipient,
    ordered or delivered within ``window``. ``press_delivered``: the press' delivery years
    (``matching.press_deliveries``), if computed already. ``subjects``: the actors the corpus is about (``subject``
    of actors.csv), when it declares them: only their deals are listed, not those of a recipient the press
    mentions in passing (Ukraine, in a corpus about Armenia and Azerbaijan)."""
    if window is None:
        return pd.DataFrame(columns=list(COLUMNS))
    first, last = window
    delivered = years_long(reg["delivery_years"])
    delivered_inside = delivered.loc[delivered["year"].between(first, last).fillna(False).astype(bool), "row"]
    inside = reg["order_year"].between(first, last).fillna(False).astype(bool) | reg.index.isin(delivered_inside)
    fitted = reg.index.isin(pairs.loc[pairs["fits"], "register_row"]) | reg.index.isin(may_be.to_numpy())
    recipients = set(press["recipient"].dropna().unique())
    if subjects:
        recipients &= subjects
    recipient = reg["recipient_name"].isin(recipients).fillna(False).astype(bool)
    only = reg[inside & recipient & ~fitted]
    supplier = only["supplier_name"].fillna(only["supplier"])
    out = pd.DataFrame({
        "deal_id": pd.NA, "kind": pd.NA, "supplier": supplier, "recipient": only["recipient_name"],
        "system": only["designation"], "register_designation": only["designation"],
        "register_order_year": only["order_year"], "register_ordered": only["number_ordered"],
        "register_delivered": only["number_delivered"], "register_delivery_years": only["delivery_years"],
        "press_quantities": pd.NA, "press_stage": pd.NA, "press_order_year": pd.NA, "press_delivery_years": pd.NA,
        "matched_by": pd.NA, "verdict": "register_only"}, index=only.index)
    said = ("no press deal of " + supplier + " to " + only["recipient_name"] + " names "
            + candidate_text(reg, only["register_row"]).to_numpy())
    # say which press deals could still hold it: one naming the system in other years, and one of the
    # pair naming no system whose kind (if it names one) and years fit
    other_years = pairs.loc[~pairs["fits"]].merge(press[["press_row", "deal_id"]], on="press_row")
    years_note = joined_by(other_years.sort_values("deal_id"), "register_row", "deal_id", ", ", limit=LISTED)
    said = said + ("; " + years_note.reindex(only.index) + " names the system, in other years").fillna("")
    plausible = _plausible(press, reg, only, press_delivered)
    plausible_note = joined_by(plausible.sort_values("deal_id"), "register_row", "deal_id", ", ", limit=LISTED)
    said = said + ("; it may be among the press' deals of the pair naming no system, of a kind and years that "
                   "fit: " + plausible_note.reindex(only.index)).fillna("")
    out["explanation"] = said + estimates(only)
    return out


def _plausible(press: pd.DataFrame, reg: pd.DataFrame, only: pd.DataFrame,
               delivered: pd.DataFrame | None) -> pd.DataFrame:
    """``register_row, deal_id``: the press deals naming no system nor calibre (packages aside) that could be each
    register-only deal: deals the press asserts from ``intent`` on (not one only talked of, refused, denied or
    alleged: a register deal is an order), of its supplier and recipient, of no kind ("arms") or of its kind
    (any, where register/categories.csv gives its description none), and of years that fit it; a general deal
    ("arms") a claim of which asserts it with no date ("Ankara has been arming Baku") speaks of the relation over
    the years, and may hold a register deal of any year."""
    from armsdata.register.matching import fits_years

    committed = press["committed"].fillna(False).to_numpy(dtype=bool)
    loose = press.loc[press["system_id"].isna().to_numpy(dtype=bool) & press["calibre"].isna().to_numpy(dtype=bool)
                      & (press["kind"] != "package").fillna(True).to_numpy(dtype=bool) & committed,
                      ["press_row", "deal_id", "supplier", "recipient", "equipment", "general", "undated"]]
    sides = only[["register_row", "supplier_name", "recipient_name", "category", "also"]].rename(
        columns={"supplier_name": "supplier", "recipient_name": "recipient"})
    each = loose.merge(sides, on=["supplier", "recipient"])
    kind_fits = (each["equipment"].isna() | each["category"].isna() | (each["equipment"] == each["category"])
                 | (each["equipment"] == each["also"])).fillna(False).to_numpy(dtype=bool)
    each = each[kind_fits].reset_index(drop=True)
    timeless = (each["general"].fillna(False) & each["undated"].fillna(False)).to_numpy(dtype=bool)
    return each[fits_years(each, press, reg, delivered).to_numpy(dtype=bool) | timeless]


def finish(out: pd.DataFrame) -> pd.DataFrame:
    out = out[list(COLUMNS)].copy()
    for column in ("deal_id", "kind", "supplier", "recipient", "system", "register_designation",
                   "register_delivery_years", "press_quantities", "press_delivery_years", "matched_by", "explanation"):
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

"""The verdict of each press deal and the register-only rows, put together into the comparison table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.register.tables import years_long
from armsdata.register.text import (
    GENERIC,
    ambiguous_text,
    calibre_prefix,
    candidate_text,
    estimates,
    join_nonempty,
    joined,
    package_text,
    quantities_text,
    quantity_words,
    stage_prefix,
    unmatched_text,
)

#: The columns of the comparison, in order.
COLUMNS: tuple[str, ...] = (
    "deal_id", "kind", "supplier", "recipient", "system", "register_designation", "register_order_year",
    "register_ordered", "register_delivered", "register_delivery_years", "press_quantities", "press_stage",
    "press_order_year", "press_delivery_years", "verdict", "explanation")


def press_verdicts(press: pd.DataFrame, reg: pd.DataFrame, pairs: pd.DataFrame, designations: pd.DataFrame,
                    quantities: pd.DataFrame) -> pd.DataFrame:
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
    generic = press["system_id"].isna().to_numpy(dtype=bool) & ~package & ~sized
    verdict[package | generic] = "not_comparable"
    explanation[generic] = GENERIC
    if package.any():
        explanation[package] = package_text(press, press[package]).to_numpy(dtype=object)
    ambiguous = n_fits > 1
    verdict[ambiguous] = "ambiguous"
    if ambiguous.any():
        explanation[ambiguous] = ambiguous_text(press[ambiguous], reg, fitting).to_numpy(dtype=object)
    unmatched = ~package & ~generic & (n_fits == 0)
    if unmatched.any():
        explanation[unmatched] = unmatched_text(press[unmatched], reg, pairs, designations,
                                                 n_named[unmatched]).to_numpy(dtype=object)

    one = fitting[fitting["press_row"].map(pd.Series(n_fits)) == 1].set_index("press_row")["register_row"]
    matched = press.loc[one.index].copy()
    matched["register_row"] = one.to_numpy()
    if len(matched):
        found, said = _compare_matched(matched, reg, quantities)
        verdict[matched.index] = found.to_numpy(dtype=object)
        explanation[matched.index] = said.to_numpy(dtype=object)
    if sized.any():  # say that these were matched by their calibre only
        said = pd.Series(explanation[sized], index=press.index[sized], dtype="string")
        explanation[sized] = (calibre_prefix(press[sized]) + said).to_numpy(dtype=object)
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
    items = join_nonempty(said, ", ")
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
    return verdict, differ_text.where(differs, agree_text) + estimates(row)


def _number_disagreements(matched: pd.DataFrame, row: pd.DataFrame,
                          quantities: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per press_row: the reported quantities that disagree with the register (``50 (agreed), 26 (delivered)``),
    and whether the press reports any quantity to compare (at ``agreed`` or ``delivered``)."""
    reported = quantities[quantities["status"].isin(["agreed", "delivered"])]
    numbers = pd.DataFrame({"deal_id": matched["deal_id"].to_numpy(), "press_row": matched.index,
                                     "ordered": row["number_ordered"].to_numpy(),
                                     "delivered": row["number_delivered"].to_numpy()})
    each = reported.merge(numbers, on="deal_id")
    compared = pd.Series(matched.index.isin(each["press_row"]), index=matched.index)
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
    return joined(ordered, "press_row", "text", ", ").reindex(matched.index), compared


#: How many press deals an explanation of a register deal names, at most (then "and N more").
_LISTED = 5


def register_only(press: pd.DataFrame, reg: pd.DataFrame, pairs: pd.DataFrame,
                   window: tuple[int, int] | None) -> pd.DataFrame:
    """The register deals no press deal fits, with a press recipient, ordered or delivered within ``window``."""
    if window is None:
        return pd.DataFrame(columns=list(COLUMNS))
    first, last = window
    delivered = years_long(reg["delivery_years"])
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
            + candidate_text(reg, only["register_row"]).to_numpy())
    # say which press deals could still hold it: one naming the system in other years, a generic one of the pair
    other_years = pairs.loc[~pairs["fits"]].merge(press[["press_row", "deal_id"]], on="press_row")
    years_note = joined(other_years.sort_values("deal_id"), "register_row", "deal_id", ", ", limit=_LISTED)
    generic = press[press["system_id"].isna() & (press["kind"] != "package").fillna(True) & press["calibre"].isna()]
    generic_note = joined(generic.sort_values("deal_id"), ["supplier", "recipient"], "deal_id", ", ",
                          limit=_LISTED)
    keys = pd.MultiIndex.from_arrays([supplier, only["recipient_name"]])
    said = said + ("; " + years_note.reindex(only.index) + " names the system, in other years").fillna("")
    said = said + ("; it may be among the press' deals of the pair naming no system: "
                   + pd.Series(generic_note.reindex(keys).to_numpy(), index=only.index, dtype="string")).fillna("")
    out["explanation"] = said + estimates(only)
    return out


def finish(out: pd.DataFrame) -> pd.DataFrame:
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

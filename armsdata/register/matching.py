"""Which register deals could be a press deal: candidates by actors and designation, then by years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from armsdata.register.tables import years_long

#: How many years a press year and a register year may differ and still be one deal (the package says why).
YEAR_TOLERANCE = 1


def candidate_pairs(press: pd.DataFrame, reg: pd.DataFrame, designations: pd.DataFrame) -> pd.DataFrame:
    """``press_row, register_row``: each register deal with a press deal's supplier, recipient and one of
    its system's designations, or, for a deal naming no system but a calibre, a designation with that
    calibre (packages and other deals naming no system have none). Merges, no loop over the register."""
    matchable = press.loc[(press["kind"] != "package").fillna(True) & press["system_id"].notna(),
                          ["press_row", "supplier", "recipient", "system_id"]]
    named = matchable.merge(designations, on="system_id")
    sides = reg[["register_row", "supplier_name", "recipient_name", "designation"]].rename(
        columns={"supplier_name": "supplier", "recipient_name": "recipient", "designation": "register_designation"})
    sides = sides.dropna(subset=["supplier", "recipient"])
    pairs = named.merge(sides, on=["supplier", "recipient", "register_designation"])
    # a deal naming only a calibre: the register deals of its pair whose designation has that calibre
    sized = press.loc[press["calibre"].notna(), ["press_row", "supplier", "recipient", "calibre"]]
    by_calibre = sized.merge(sides, on=["supplier", "recipient"])
    spelled = by_calibre["register_designation"].str.replace(r"\s|-", "", regex=True).str.lower()
    has = [calibre in designation for calibre, designation in zip(by_calibre["calibre"], spelled)]
    pairs = pd.concat([pairs, by_calibre[has]])
    return pairs[["press_row", "register_row"]].drop_duplicates().sort_values(["press_row", "register_row"],
                                                                              ignore_index=True)


def kind_pairs(press: pd.DataFrame, reg: pd.DataFrame) -> pd.DataFrame:
    """``press_row, register_row``: for each press deal naming only a kind of equipment (its ``equipment``),
    the register deals of its supplier and recipient whose description is of that kind (``category``, or
    the kind it may ``also`` be named by); none for a deal naming what SIPRI does not record of its kind
    (``names_unrecorded``)."""
    # a deal whose words name what SIPRI does not record of its kind (night-vision goggles) has none
    named = press.loc[press["equipment"].notna() & ~press["names_unrecorded"].fillna(False).astype(bool),
                      ["press_row", "supplier", "recipient", "equipment"]]
    pairs = pd.concat([named.merge(reg[["register_row", "supplier_name", "recipient_name", kind]].rename(
        columns={"supplier_name": "supplier", "recipient_name": "recipient", kind: "equipment"}).dropna(),
        on=["supplier", "recipient", "equipment"]) for kind in ("category", "also")])
    return pairs[["press_row", "register_row"]].drop_duplicates().sort_values(["press_row", "register_row"],
                                                                              ignore_index=True)


def press_deliveries(press: pd.DataFrame) -> pd.DataFrame:
    """``press_row, year``: each year a press deal dates a delivery."""
    return years_long(press["delivery_years"]).rename(columns={"row": "press_row"})


def completed_before(pairs: pd.DataFrame, press: pd.DataFrame, reg: pd.DataFrame) -> np.ndarray:
    """True where the candidate (``press_row, register_row``) delivered all it ordered before the year the press
    first tells of its deal, only as talks or a pledge (``first_told``): a deal done is no later stage of talks
    or a pledge that come after it (a pledge of 2024 beside 24 of 24 delivered in 2023 is another deal).

    The years are compared as they are, without :data:`YEAR_TOLERANCE`: the last delivery year must be before
    the press' year."""
    told = pd.Series(press["first_told"].reindex(pairs["press_row"]).to_numpy(), dtype="Int64")
    done = pd.Series(reg["last_delivery"].where(reg["complete"]).to_numpy()[pairs["register_row"]], dtype="Int64")
    return (done < told).fillna(False).to_numpy(dtype=bool)


def ordered_before(pairs: pd.DataFrame, press: pd.DataFrame, reg: pd.DataFrame) -> np.ndarray:
    """True where the candidate was ordered before the year the press first tells of its deal, only as talks or
    a pledge (``first_told``): those claims come after the order, so the register's order is no later stage of
    them (a pledge of 2024 to deliver what was ordered in 2023)."""
    told = pd.Series(press["first_told"].reindex(pairs["press_row"]).to_numpy(), dtype="Int64")
    order = pd.Series(reg["order_year"].to_numpy()[pairs["register_row"]], dtype="Int64")
    return (order < told).fillna(False).to_numpy(dtype=bool)


def fits_years(pairs: pd.DataFrame, press: pd.DataFrame, reg: pd.DataFrame,
               delivered: pd.DataFrame | None = None) -> pd.Series:
    """True where a candidate's years fit the press deal's, within :data:`YEAR_TOLERANCE` (see the module), and
    it was not completed before the press first tells of its deal as talks or a pledge (:func:`completed_before`).

    ``delivered``: :func:`press_deliveries` of ``press``, when it has been computed already."""
    press_order = press["order_year"].to_numpy()[pairs["press_row"]]
    register_order = reg["order_year"].to_numpy()[pairs["register_row"]]
    gap = pd.Series(press_order, dtype="Int64") - pd.Series(register_order, dtype="Int64")
    fits = (gap.abs() <= YEAR_TOLERANCE).fillna(True).astype(bool).to_numpy().copy()
    delivered = press_deliveries(press) if delivered is None else delivered
    each = pairs.reset_index().merge(delivered, on="press_row")
    if len(each):
        start = reg["order_year"].fillna(reg["first_delivery"]).to_numpy()[each["register_row"]]
        end = reg["last_delivery"].where(reg["complete"]).to_numpy()[each["register_row"]]
        year = each["year"].astype("Int64")
        inside = ((year >= pd.Series(start, dtype="Int64") - YEAR_TOLERANCE).fillna(True)
                  & (year <= pd.Series(end, dtype="Int64") + YEAR_TOLERANCE).fillna(True))
        outside = each.loc[~inside.astype(bool).to_numpy(), "index"].unique()
        fits[outside] = False
    fits[completed_before(pairs, press, reg)] = False
    return pd.Series(fits, index=pairs.index)

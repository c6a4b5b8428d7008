"""What the register shows delivered to the press' recipients, year by year, beside what the press says.

SIPRI's trade register gives, per deal, the trend-indicator value (TIV, millions) of all that
was delivered and the years of delivery, not the value of each year's share. Here a deal's
TIV delivered is split **evenly over its years of delivery**: a deal of 30 TIV delivered in
2019, 2020 and 2021 counts 10 in each. That is an approximation; SIPRI's own TIV tables, which
value each year's deliveries, are the better source for totals by year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from armsdata.register.tables import actor_spellings, years_long

#: The columns of :func:`register_deliveries`, in order.
DELIVERY_COLUMNS: tuple[str, ...] = (
    "recipient", "supplier", "year", "tiv_delivered", "n_register_deals", "n_press_deals_dated",
    "n_press_deals_undated", "press_deals")


def register_deliveries(register: pd.DataFrame, claims: pd.DataFrame, *, actors: pd.DataFrame) -> pd.DataFrame:
    """One row per recipient, supplier and year: the register's deliveries and the press' claims of one.

    The recipients are those of the claims that the register names as recipients (through
    ``actors.csv``, as :func:`armsdata.register.compare_register` matches them). Columns
    (:data:`DELIVERY_COLUMNS`):

    - ``tiv_delivered``: the TIV (millions) of the register's deliveries in the year, each deal's
      ``tiv_delivered`` split evenly over its ``delivery_years`` (module docstring), rounded to
      0.001; ``n_register_deals``: how many register deals delivered in the year.
    - ``n_press_deals_dated``: press deals with a claim that the supplier ``delivered`` in that
      year (its ``event_date``); ``n_press_deals_undated``: press deals with a claim of delivery
      that dates no event, counted at the year its source was published (delivered by then);
      ``press_deals``: their deal ids, ``; ``-separated.

    A supplier keeps SIPRI's name where no actor lists it (``Soviet Union``). Sorted by
    recipient, supplier and year.
    """
    spellings = actor_spellings(actors)
    reg = register[["supplier", "recipient", "delivery_years", "tiv_delivered"]].reset_index(drop=True)
    supplier = reg["supplier"].astype("string")
    reg = reg.assign(supplier=supplier.map(spellings).astype("string").fillna(supplier),
                     recipient=reg["recipient"].astype("string").map(spellings).astype("string"))
    recipients = set(claims["recipient"].astype("string").dropna()) & set(reg["recipient"].dropna())
    reg = reg[reg["recipient"].isin(recipients).fillna(False).to_numpy(dtype=bool)]
    years = years_long(reg["delivery_years"])
    per_year = pd.DataFrame({
        "recipient": reg["recipient"].to_numpy()[years["row"]], "supplier": reg["supplier"].to_numpy()[years["row"]],
        "year": years["year"].to_numpy(),
        "share": (reg["tiv_delivered"].astype("Float64") / np.bincount(years["row"], minlength=len(reg))
                  .clip(min=1)).to_numpy()[years["row"]]})
    registered = per_year.groupby(["recipient", "supplier", "year"], sort=False).agg(
        tiv_delivered=("share", lambda s: s.sum(min_count=1)), n_register_deals=("share", "size")).reset_index()
    out = registered.merge(_press_deliveries(claims, recipients), on=["recipient", "supplier", "year"], how="outer")
    for column in ("n_register_deals", "n_press_deals_dated", "n_press_deals_undated"):
        out[column] = out[column].fillna(0).astype("Int64")
    out["tiv_delivered"] = out["tiv_delivered"].astype("Float64").round(3)
    out = out.astype({"recipient": "string", "supplier": "string", "year": "Int64", "press_deals": "string"})
    return out[list(DELIVERY_COLUMNS)].sort_values(["recipient", "supplier", "year"], ignore_index=True)


def _press_deliveries(claims: pd.DataFrame, recipients: set[str]) -> pd.DataFrame:
    """``recipient, supplier, year, n_press_deals_dated, n_press_deals_undated, press_deals`` of the claims
    saying ``delivered`` to one of ``recipients``."""
    columns = ["recipient", "supplier", "year", "n_press_deals_dated", "n_press_deals_undated", "press_deals"]
    said = claims[(claims["status"].astype("string") == "delivered").fillna(False).to_numpy(dtype=bool)
                  & claims["recipient"].astype("string").isin(recipients).fillna(False).to_numpy(dtype=bool)]
    event = pd.to_numeric(said["event_date"].astype("string").str[:4], errors="coerce")
    published = pd.to_numeric(said["published"].astype("string").str[:4], errors="coerce")
    dated = pd.DataFrame({"recipient": said["recipient"].astype("string"),
                          "supplier": said["supplier"].astype("string"),
                          "year": event.fillna(published).astype("Int64"), "dated": event.notna(),
                          "deal_id": said["deal_id"].astype("string")}).dropna(subset=["year"])
    if dated.empty:
        return pd.DataFrame(columns=columns).astype({"year": "Int64"})
    # a deal dated by one claim is not counted again as undated in the same year
    deals = dated.groupby(["recipient", "supplier", "year", "deal_id"], sort=True)["dated"].any().reset_index()
    deals["undated"] = ~deals["dated"]
    return deals.groupby(["recipient", "supplier", "year"], sort=True).agg(
        n_press_deals_dated=("dated", "sum"), n_press_deals_undated=("undated", "sum"),
        press_deals=("deal_id", "; ".join)).reset_index()

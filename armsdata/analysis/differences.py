"""How reports differ: the fields on which the claims of one deal disagree, and what kind of difference it is.

:func:`discrepancies` is long (one row per claim holding a differing value);
:func:`wide_discrepancies` is the view with one row per deal and field.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.analysis._frames import STATUS_ORDER, joined, status_lookup
from armsdata.analysis.claims import date_interval, origins_of
from armsdata.analysis.contract import check_claims
from armsdata.analysis.deal_table import deals_for

#: Fields compared across the claims of one deal by :func:`discrepancies`.
COMPARED_FIELDS: tuple[str, ...] = ("status", "quantity", "value", "event_date", "system")

#: The columns of :func:`discrepancies`, in order.
DISCREPANCY_COLUMNS: tuple[str, ...] = ("deal_id", "supplier", "recipient", "system", "field", "kind", "note",
                                        "value", "claim_id", "source_id", "status")

#: Status pairs that cannot both be true of one deal: a status, and those it contradicts.
_CONTRADICTING: tuple[tuple[str, frozenset[str]], ...] = (
    ("denied", frozenset(schema.STATUS) - {"denied"}),
    ("not_delivered", frozenset({"shipped", "delivered"})),
)
_EPOCH = pd.Timestamp("1970-01-01")
_STATUS_NAMES = np.array(list(schema.STATUS))


def discrepancies(claims: pd.DataFrame, *, fields: str | Iterable[str] = COMPARED_FIELDS,
                  deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each deal with more than one claim, the fields on which its claims disagree: one row per claim.

    A (deal, field) is listed when its claims hold at least two distinct non-empty values;
    each claim holding a value is one row: ``deal_id, supplier, recipient, system`` (of the
    deal), ``field``, ``kind`` (:data:`armsdata.schema.DISCREPANCY_KIND`), ``note`` (why, in
    words; both the same on every row of the deal and field), then the claim's ``value`` (as a
    person compares it: ``about 50``, ``250,000,000 USD``), ``claim_id``, ``source_id`` and
    ``status``. Sorted by deal, field (in ``fields`` order), value (the one the earliest claim
    holds first) and claim. :func:`wide_discrepancies` gives one row per deal and field.

    ``fields``: some of :data:`COMPARED_FIELDS`. ``deals``: the table of
    :func:`armsdata.analysis.deals` of the same claims, if computed already.
    """
    claims = check_claims(claims, "discrepancies")
    fields = [fields] if isinstance(fields, str) else list(fields)
    unknown = [f for f in fields if f not in COMPARED_FIELDS]
    if unknown:
        raise ValueError(f"cannot compare {', '.join(map(repr, unknown))} "
                         f"(expected some of: {', '.join(COMPARED_FIELDS)})")
    table = deals_for(claims, deals, "discrepancies")
    ordered = claims.sort_values("claim_id", kind="stable", ignore_index=True)
    shown = _shown_values(ordered)
    order = status_lookup(ordered["status"], STATUS_ORDER)
    parts = []
    for rank, field in enumerate(fields):
        held = pd.DataFrame({"deal_id": ordered["deal_id"].astype("string"), "value": shown[field],
                             "claim_id": ordered["claim_id"].astype("string"),
                             "source_id": ordered["source_id"].astype("string"),
                             "status": ordered["status"].astype("string"), "order": order,
                             "position": np.arange(len(ordered)), **_bounds(ordered, field)})
        held = held[held["value"].notna().to_numpy()]
        held = held[(held.groupby("deal_id", sort=False)["value"].transform("nunique") >= 2).to_numpy()]
        if held.empty:
            continue
        kind, note = _classify(field, held)
        first_holder = held.groupby(["deal_id", "value"], sort=False)["position"].transform("min")
        parts.append(held.assign(field=field, field_rank=rank, value_rank=first_holder,
                                 kind=held["deal_id"].map(kind), note=held["deal_id"].map(note)))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in DISCREPANCY_COLUMNS})
    long = pd.concat(parts, ignore_index=True).sort_values(["deal_id", "field_rank", "value_rank", "position"],
                                                           ignore_index=True)
    info = table[["deal_id", "supplier", "recipient", "system"]]
    out = long.merge(info, on="deal_id", how="left", sort=False)
    return out[list(DISCREPANCY_COLUMNS)].astype("string")


def wide_discrepancies(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`discrepancies` with one row per deal and field, its values as text.

    ``values`` are separated by `` | ``, in the order of the long table; ``claim_ids``,
    ``source_ids`` and ``statuses`` hold one group per value, in the same order, the
    members of a group separated by ``, `` (``"a-1, b-1 | c-1"``: a-1 and b-1 hold the first
    value). Also ``n_values`` and ``n_claims``.
    """
    keys = ["deal_id", "supplier", "recipient", "system", "field", "kind", "note"]
    rows = []
    records = table[[*keys, "value", "claim_id", "source_id", "status"]].astype(object).itertuples(index=False)
    width = len(keys)
    for head, run in itertools.groupby(records, key=operator.itemgetter(*range(width))):
        groups = [list(g) for _, g in itertools.groupby(run, key=operator.itemgetter(width))]
        rows.append((*head, " | ".join(g[0][width] for g in groups),
                     " | ".join(", ".join(r[width + 1] for r in g) for g in groups),
                     " | ".join(", ".join(dict.fromkeys(r[width + 2] for r in g)) for g in groups),
                     " | ".join(", ".join(sorted({r[width + 3] for r in g}, key=STATUS_ORDER.__getitem__))
                                for g in groups),
                     len(groups), sum(map(len, groups))))
    columns = [*keys, "values", "claim_ids", "source_ids", "statuses", "n_values", "n_claims"]
    out = pd.DataFrame(rows, columns=columns).astype({c: "string" for c in columns[:-2]})
    return out.astype({"n_values": "Int64", "n_claims": "Int64"})


def reported_quantities(claims: pd.DataFrame, *, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims that state a quantity, for deals where at least two claims do.

    Columns: ``deal_id, supplier, recipient, system`` (of the deal), ``claim_id,
    source_id, origin, status, quantity, quantity_qualifier``; sorted by deal, then claim.
    """
    claims = check_claims(claims, "reported_quantities")
    table = deals_for(claims, deals, "reported_quantities")
    stated = claims[claims["quantity"].notna().to_numpy()]
    stated = stated[(stated.groupby("deal_id")["claim_id"].transform("size") >= 2).to_numpy()]
    stated = stated.assign(origin=origins_of(stated), deal_id=stated["deal_id"].astype("string"))
    columns = ["claim_id", "source_id", "origin", "status", "quantity", "quantity_qualifier"]
    out = table[["deal_id", "supplier", "recipient", "system"]].merge(stated[["deal_id", *columns]], on="deal_id",
                                                                      how="inner")
    return out.sort_values(["deal_id", "claim_id"], ignore_index=True)


# --------------------------------------------------------------------------
# Classifying one field's differences, for all deals at once
# --------------------------------------------------------------------------


def _shown_values(claims: pd.DataFrame) -> dict[str, pd.Series]:
    """Each compared field as the text a person would compare (``<NA>`` where empty)."""
    wording = claims["quantity_qualifier"].astype("string").map(schema.QUALIFIER_WORDING).fillna("")
    quantity = (wording + claims["quantity"].astype("string")).where(claims["quantity"].notna())
    stated = claims["value"].dropna()
    value = pd.Series(pd.NA, index=claims.index, dtype="string")
    value[stated.index] = [f"{v:,.0f}" if v == int(v) else f"{v:,}" for v in stated.tolist()]
    value = (value + " " + claims["currency"].astype("string").fillna("")).str.strip()
    return {"status": claims["status"].astype("string"), "quantity": quantity.astype("string"),
            "value": value, "event_date": claims["event_date"].astype("string"),
            "system": claims["system"].astype("string")}


def _bounds(claims: pd.DataFrame, field: str) -> dict[str, pd.Series]:
    """``low`` and ``high``: the range of numbers (or days) each claim's value allows.

    ``at least 20`` allows 20…∞, ``up to 36`` 0…36, ``2023`` every day of 2023. Values
    that are compatible at one stage differ only in precision. Where no range is
    defined (status, system, value), ``low > high``, so differing values never overlap.
    """
    if field == "quantity":
        number = claims["quantity"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        qualifier = claims["quantity_qualifier"]
        return {"low": np.where((qualifier == "up_to").to_numpy(dtype=bool), 0.0, number),
                "high": np.where((qualifier == "at_least").to_numpy(dtype=bool), np.inf, number)}
    if field == "event_date":
        span = date_interval(claims["event_date"])
        return {"low": (span["date_start"] - _EPOCH).dt.days.to_numpy(dtype=float, na_value=np.nan),
                "high": (span["date_end"] - _EPOCH).dt.days.to_numpy(dtype=float, na_value=np.nan)}
    return {"low": np.ones(len(claims)), "high": np.zeros(len(claims))}


def _classify(field: str, held: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """``(kind, note)`` per deal_id for the differing values of ``field`` (``held``: one row per claim)."""
    deals = pd.Index(held["deal_id"].unique())
    if field == "system":
        return (pd.Series("naming", index=deals), pd.Series("the claims name the system differently", index=deals))
    if field == "status":
        return _classify_statuses(held, deals)
    return _classify_numbers(held, deals)


def _classify_statuses(held: pd.DataFrame, deals: pd.Index) -> tuple[pd.Series, pd.Series]:
    """A denial contradicts any other status, ``not_delivered`` contradicts shipped and delivered;
    other differing statuses are stages of one deal."""
    kind = pd.Series("stage difference", index=deals)
    note = pd.Series("the claims report different stages of the deal", index=deals)
    present = held[["deal_id", "status", "order"]].drop_duplicates().sort_values(["deal_id", "order"])
    decided = pd.Index([])
    for negation, affirmations in _CONTRADICTING:
        negating = pd.Index(present.loc[present["status"] == negation, "deal_id"]).difference(decided)
        clash = present[present["deal_id"].isin(negating) & present["status"].isin(affirmations)]
        if clash.empty:
            continue
        listed = joined(clash[["deal_id"]], clash["status"], ", ")
        kind.loc[listed.index] = "conflict"
        note.loc[listed.index] = f"{negation} contradicts " + listed
        decided = decided.union(listed.index)
    return kind, note


def _classify_numbers(held: pd.DataFrame, deals: pd.Index) -> tuple[pd.Series, pd.Series]:
    """Different values at one stage whose ranges do not overlap are a conflict; overlapping ones
    differ in precision only; one value per stage is a stage difference."""
    per_stage = held.groupby(["deal_id", "order"], sort=True).agg(n=("value", "nunique"), low=("low", "max"),
                                                                   high=("high", "min"))
    differing = per_stage["n"] > 1
    clashing = differing & ~(per_stage["low"] <= per_stage["high"])  # NaN bounds never overlap
    any_differing = differing.groupby(level="deal_id").any().reindex(deals, fill_value=False)
    first_clash = clashing[clashing].reset_index().groupby("deal_id")["order"].min()  # earliest stage, STATUS order
    kind = pd.Series("stage difference", index=deals)
    kind.loc[any_differing[any_differing].index] = "precision"
    note = pd.Series("the values differ only in precision and can all be true", index=deals)
    if len(first_clash):
        at = held.merge(first_clash.rename("clash").reset_index(), on="deal_id")
        at = at[(at["order"] == at["clash"]).to_numpy()].sort_values(["deal_id", "position"])
        at = at.drop_duplicates(["deal_id", "value"])
        values = joined(at[["deal_id"]], at["value"], " vs ")
        stage = pd.Series(_STATUS_NAMES[first_clash.to_numpy()], index=first_clash.index)
        kind.loc[values.index] = "conflict"
        note.loc[values.index] = "claims at the same stage (" + stage.reindex(values.index) + ") report " + values
    staged = ~any_differing
    if staged.any():
        rest = held[held["deal_id"].isin(staged[staged].index).to_numpy()]
        first = rest.groupby(["deal_id", "value"], sort=False)["position"].transform("min")
        pairs = rest.assign(first=first)[["deal_id", "first", "value", "order", "status"]].drop_duplicates(
            ["deal_id", "value", "order"]).sort_values(["deal_id", "first", "order"])
        stages = joined(pairs[["deal_id", "first", "value"]], pairs["status"], ", ").rename("stages").reset_index()
        entries = stages["value"] + " (" + stages["stages"] + ")"
        listed = joined(stages[["deal_id"]], entries, "; ")
        note.loc[listed.index] = "each value is reported at a different stage: " + listed
    return kind, note

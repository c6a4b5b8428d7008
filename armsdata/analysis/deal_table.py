"""From claims to deals: one row per deal, SIPRI-style, and the rule that counts each transfer once.

A deal is one ``deal_id``: every claim about one transfer. :func:`deals` says, per deal, what
the claims report (system, stages, numbers agreed and delivered, years) and how well it is
sourced (claims, sources, and the origins that support, dispute or only allege it).

Which deals count as transfers (the ``counted`` column, and :func:`armsdata.who_arms_whom`):

1. only a deal that some claim *asserts* (a pipeline stage or ``unspecified``): a deal whose
   claims are only ``not_delivered``, ``denied`` or ``alleged`` is listed apart
   (:func:`unasserted_deals`), never counted;
2. only from :data:`armsdata.schema.COUNTED_FROM` (``intent``) on, or ``unspecified``: a deal
   no claim takes further than ``considered`` (talks, "could supply") is listed apart
   (:func:`considered_deals`), never counted;
3. a package whose components are counted is not counted beside them (its components are
   the transfers); a package without a counted component counts once;
4. a *general* deal (it names no system, ``system_id`` empty, and no kind of equipment,
   category ``unspecified``: "India supplies arms to Armenia") counts only for a supplier and
   recipient with no other counted deal: beside the deals that name what is supplied, it is
   what sources say about the relation as a whole, and cannot be told apart from them;
5. a deal that may restate a counted deal (``overlaps_deal_id``: "armored vehicles" pledged
   in 2024, which may be the Bastions) is counted only "up to" (``counted_up_to``), not for
   certain (``counted``).

>>> table = deals(armsdata.load_transfers())      # doctest: +SKIP
>>> table[table["counted"]]                        # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.analysis._frames import count, joined, most_common, status_lookup
from armsdata.analysis.claims import COUNTED_STATUSES, STANCES, _origins, _stances
from armsdata.contract import check_claims, check_deals

#: Values of the ``kind`` column of :func:`deals`, with what each means (:data:`armsdata.schema.DEAL_KIND`).
DEAL_KINDS: dict[str, str] = {kind: meaning for kind, (meaning, _) in schema.DEAL_KIND.items()}

#: The columns of :func:`deals`, in order (other modules, and register.py, code against them), as
#: :data:`armsdata.schema.DEALS` defines and describes them.
DEAL_COLUMNS: tuple[str, ...] = tuple(schema.DEALS.columns)

#: The pipeline stages as the ordered categorical of ``furthest_stage`` and ``conservative_stage``.
STAGE_DTYPE = pd.CategoricalDtype(list(schema.PIPELINE_STAGES), ordered=True)


def deals(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per deal, sorted by ``deal_id``; columns :data:`DEAL_COLUMNS`:

    - ``deal_id``, ``parent_deal_id`` (the package it is part of), ``kind``
      (:data:`DEAL_KINDS`), ``supplier``, ``recipient``, ``system_id``;
    - ``system``: the canonical designation of systems.csv where ``system_id`` is set, else
      the name most claims use (ties: the earliest claim_id); ``category``: the one most claims use;
    - ``furthest_stage`` and ``conservative_stage``: the furthest and the earliest pipeline stage
      any claim reports (ordered categoricals of :data:`armsdata.schema.PIPELINE_STAGES`; ``<NA>``
      when no claim is on that scale); ``off_scale_statuses``: the other statuses its claims
      report, ``"; "``-separated in vocabulary order (``"alleged; denied"``; ``<NA>`` if none);
    - ``agreed_low``, ``agreed_high``: the smallest and largest quantity ``agreed`` claims report;
      ``delivered_low``, ``delivered_high`` the same for ``delivered`` claims (``Int64``);
    - ``order_year``: the earliest year of an ``agreed`` claim's event date; ``delivery_years``:
      the years of the ``delivered`` claims' event dates (``"2023; 2024"``; ``<NA>`` if none);
    - ``n_claims``, ``n_sources``, and the distinct origins (:func:`armsdata.analysis.claim_origins`)
      of the claims that support, dispute and only allege the transfer (:data:`armsdata.schema.STANCE`;
      an origin with claims of two stances counts in both);
    - ``asserted``: a claim supports it; ``committed``: a claim asserts it from ``intent`` on, or
      without a stage (:data:`COUNTED_STATUSES`); ``general``: a single deal naming neither a system nor a
      kind of equipment; ``overlaps_deal_id``: the deal it may restate; ``subject``: its supplier or
      recipient is an actor the corpus is about (``subject`` of actors.csv); ``counted``: counted as a
      transfer by the rule of this module; ``counted_up_to``: counted in the "up to" count, which adds the
      deals that may restate a counted one.
    """
    return _deals_table(check_claims(claims, "deals"))


def _deals_table(claims: pd.DataFrame) -> pd.DataFrame:
    """:func:`deals` of claims already checked (the functions of this package check the claims they are given)."""
    ordered = claims.sort_values("claim_id", kind="stable", ignore_index=True)  # ties go to the earliest claim
    codes, ids = pd.factorize(ordered["deal_id"], sort=True)
    key = pd.Series(codes, name="deal")
    grouped = ordered.groupby(key, sort=True)
    out = grouped[[*schema.DEAL_FIELDS, "system_designation"]].first()  # the same in every claim of the deal
    out = out.astype("string")
    subject = ordered["supplier_subject"].fillna(False) | ordered["recipient_subject"].fillna(False)
    out["subject"] = subject.astype("boolean").groupby(key, sort=True).first().reindex(out.index)
    out.insert(0, "deal_id", pd.array(ids, dtype="string"))
    reported = most_common(key, ordered["system"]).reindex(out.index)
    out["system"] = out.pop("system_designation").where(out["system_id"].notna()).fillna(reported)
    out["category"] = pd.Categorical(most_common(key, ordered["category"]).reindex(out.index),
                                     categories=list(schema.CATEGORY))
    _stages(out, ordered, key)
    _numbers(out, ordered, key)
    _sourcing(out, ordered, key)
    packages = set(out["parent_deal_id"].dropna())
    kind = np.where(out["deal_id"].isin(packages), "package",
                    np.where(out["parent_deal_id"].notna(), "component", "single"))
    out.insert(2, "kind", pd.Categorical(kind, categories=list(schema.DEAL_KIND)))
    out["general"] = ((out["kind"] == "single") & out["system_id"].isna()
                      & (out["category"] == "unspecified")).astype("boolean")
    out["counted"], out["counted_up_to"] = counted(out, out["committed"])
    return out[list(DEAL_COLUMNS)].reset_index(drop=True)


def _stages(out: pd.DataFrame, claims: pd.DataFrame, key: pd.Series) -> None:
    """``furthest_stage``, ``conservative_stage`` and ``off_scale_statuses`` of each deal, into ``out``."""
    rank = status_lookup(claims["status"], {s: i for i, s in enumerate(schema.PIPELINE_STAGES)}).astype(float)
    rank[rank < 0] = np.nan
    by_deal = pd.Series(rank).groupby(key, sort=True)
    for column, ranks in (("furthest_stage", by_deal.max()), ("conservative_stage", by_deal.min())):
        ranks = ranks.reindex(out.index)
        out[column] = pd.Categorical.from_codes(ranks.fillna(-1).astype("int64"), dtype=STAGE_DTYPE)
    order = status_lookup(claims["status"], {s: i for i, s in enumerate(schema.STATUS)})
    off = pd.DataFrame({"deal": key, "order": order})[np.isnan(rank)].drop_duplicates().sort_values(["deal", "order"])
    names = pd.Series(np.array(list(schema.STATUS))[off["order"].to_numpy()], index=off.index)
    out["off_scale_statuses"] = joined(off[["deal"]], names, "; ").reindex(out.index)


def _numbers(out: pd.DataFrame, claims: pd.DataFrame, key: pd.Series) -> None:
    """The quantities agreed and delivered, the order year and the delivery years of each deal, into ``out``."""
    status = claims["status"]
    year = pd.to_numeric(claims["event_date"].str.slice(0, 4), errors="coerce").astype("Int64")
    for stage in ("agreed", "delivered"):
        quantity = claims["quantity"].where(status == stage).groupby(key, sort=True)
        out[f"{stage}_low"] = count(quantity.min().reindex(out.index))
        out[f"{stage}_high"] = count(quantity.max().reindex(out.index))
    out["order_year"] = count(year.where(status == "agreed").groupby(key, sort=True).min().reindex(out.index))
    delivered = pd.DataFrame({"deal": key, "year": year})[(status == "delivered").to_numpy() & year.notna().to_numpy()]
    delivered = delivered.drop_duplicates().sort_values(["deal", "year"])
    out["delivery_years"] = joined(delivered[["deal"]], delivered["year"].astype("string"), "; ").reindex(out.index)
    asserting = status.isin(COUNTED_STATUSES).fillna(False).to_numpy(dtype=bool)
    out["undated"] = pd.Series(asserting & year.isna().to_numpy(dtype=bool)).groupby(key, sort=True).any().reindex(
        out.index, fill_value=False).astype("boolean")


def _sourcing(out: pd.DataFrame, claims: pd.DataFrame, key: pd.Series) -> None:
    """Claims, sources, the origins of each stance, and whether a claim asserts the deal, into ``out``."""
    out["n_claims"] = count(key.value_counts().reindex(out.index))
    out["n_sources"] = count(claims["source_id"].groupby(key, sort=True).nunique().reindex(out.index))
    stance = _stances(claims)
    held = pd.DataFrame({"deal": key, "stance": stance.cat.codes.to_numpy(), "origin": _origins(claims)})
    per_stance = held.drop_duplicates().groupby(["deal", "stance"]).size().unstack(fill_value=0)
    adjectives = {"supports": "supporting", "disputes": "disputing", "alleges": "alleging"}
    for code, name in enumerate(STANCES):
        column = per_stance[code] if code in per_stance else pd.Series(0, index=per_stance.index)
        out[f"n_{adjectives[name]}_origins"] = count(column.reindex(out.index, fill_value=0))
    out["asserted"] = (out["n_supporting_origins"] > 0).astype("boolean")
    committing = claims["status"].isin(COUNTED_STATUSES).fillna(False).to_numpy(dtype=bool)
    out["committed"] = pd.Series(committing).groupby(key, sort=True).any().reindex(out.index, fill_value=False) \
        .astype("boolean")


def counted(table: pd.DataFrame, selected: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Which deals of ``table`` (:func:`deals`) count as transfers, among the ``selected`` ones (a boolean
    mask): ``(counted, counted_up_to)``, for certain and "up to".

    The rule of this module: a package whose components are selected is not counted beside
    them; a general deal counts only for a supplier and recipient with no other selected deal
    that it could be; a deal that may restate a counted deal (``overlaps_deal_id``, or its package's
    counted components) counts only "up to".
    """
    chosen = selected.fillna(False).to_numpy(dtype=bool)
    kind = table["kind"].to_numpy()
    split = table["deal_id"].isin(set(table["parent_deal_id"][chosen & (kind == "component")].dropna())).to_numpy()
    general = table["general"].fillna(False).to_numpy(dtype=bool)
    specific = pd.Series(chosen & ~general, index=table.index)
    pair_has_specific = specific.groupby([table["supplier"], table["recipient"]], sort=False).transform("any")
    up_to = chosen & ~split & ~(general & pair_has_specific.to_numpy(dtype=bool))
    # a transfer already counted: the deal itself, or a package through its components
    told = set(table["deal_id"][up_to | split])
    restating = table["overlaps_deal_id"].isin(told).fillna(False).to_numpy(dtype=bool)
    return (pd.Series(up_to & ~restating, index=table.index, dtype="boolean", name="counted"),
            pd.Series(up_to, index=table.index, dtype="boolean", name="counted_up_to"))


def deal_rows(claims: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """For each claim, the row of its deal in ``table`` (a :func:`deals` table, -1 where it has none).

    When ``table`` is the deals of exactly these claims (the usual case), the sorted codes of the
    claims' deal_ids are those rows already, and no string is looked up.
    """
    codes, ids = pd.factorize(claims["deal_id"], sort=True)
    known = table["deal_id"]
    if len(ids) == len(known) and (np.asarray(ids, dtype=object) == known.to_numpy(dtype=object)).all():
        return codes
    rows = pd.Index(known).get_indexer(pd.Index(ids))
    return np.where(codes >= 0, rows[codes], -1)


def _given_deals(claims: pd.DataFrame, table: pd.DataFrame | None, function: str) -> pd.DataFrame:
    """The deals of ``claims`` (checked already): ``table`` when the caller computed them already, checked against
    the deals' contract (:func:`armsdata.contract.check_deals`: their columns and types)."""
    if table is None:
        return _deals_table(claims)
    return check_deals(table, function)


def unasserted_deals(claims: pd.DataFrame, *, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The deals no claim asserts: only not delivered, cancelled, refused or blocked (``not_delivered``), ``denied``
    or ``alleged``.

    They are not counted as transfers anywhere (:func:`armsdata.who_arms_whom`); here they are,
    with what their claims say: ``deal_id, supplier, recipient, system, off_scale_statuses, n_claims,
    n_sources, n_disputing_origins, n_alleging_origins``, sorted by supplier, recipient and deal.
    ``deals``: the table of :func:`deals` of the same claims, if computed already.
    """
    table = _given_deals(check_claims(claims, "unasserted_deals"), deals, "unasserted_deals")
    out = table.loc[~table["asserted"].fillna(False).astype(bool),
                    ["deal_id", "supplier", "recipient", "system", "off_scale_statuses", "n_claims", "n_sources",
                     "n_disputing_origins", "n_alleging_origins"]]
    return out.sort_values(["supplier", "recipient", "deal_id"], ignore_index=True)


def considered_deals(claims: pd.DataFrame, *, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The deals claims assert only as ``considered``: talks, interest, "could supply", "should be studied".

    A possibility, not a transfer: not counted anywhere (:func:`armsdata.who_arms_whom` counts from
    :data:`armsdata.schema.COUNTED_FROM` on). Columns ``deal_id, supplier, recipient, system,
    off_scale_statuses, n_claims, n_sources, n_supporting_origins, n_disputing_origins,
    n_alleging_origins``, sorted by supplier, recipient and deal. ``deals``: the table of :func:`deals`
    of the same claims, if computed already.
    """
    table = _given_deals(check_claims(claims, "considered_deals"), deals, "considered_deals")
    only = table["asserted"].fillna(False).to_numpy(dtype=bool) & ~table["committed"].fillna(False).to_numpy(dtype=bool)
    out = table.loc[only, ["deal_id", "supplier", "recipient", "system", "off_scale_statuses", "n_claims", "n_sources",
                           "n_supporting_origins", "n_disputing_origins", "n_alleging_origins"]]
    return out.sort_values(["supplier", "recipient", "deal_id"], ignore_index=True)


def stage_quantities(claims: pd.DataFrame, *, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per deal with a stated quantity: the largest quantity reported at each pipeline stage.

    Answers "how much was pledged or agreed, and how much delivered": for a deal
    with 50 ordered and 24 delivered, ``agreed`` is 50 and ``delivered`` 24.
    Stages no claim reports a quantity for are ``<NA>``. Columns: ``deal_id, supplier,
    recipient, system``, then one per stage.
    """
    claims = check_claims(claims, "stage_quantities")
    table = _given_deals(claims, deals, "stage_quantities")
    stages = list(schema.PIPELINE_STAGES)
    claims = claims[["deal_id", "status", "quantity"]]  # filtering every column would copy the quotes too
    staged = claims[claims["status"].isin(stages).to_numpy(dtype=bool) & claims["quantity"].notna().to_numpy()]
    wide = staged.pivot_table(index="deal_id", columns="status", values="quantity", aggfunc="max", observed=True)
    wide = wide.reindex(columns=stages).astype("Int64")
    wide.columns = pd.Index(stages)
    wide.index = wide.index.astype("string")
    info = table[["deal_id", "supplier", "recipient", "system"]]
    return info.merge(wide.reset_index(names="deal_id"), on="deal_id", how="inner")

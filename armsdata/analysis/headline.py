"""The headline counts: who arms whom, and how far each supplier's deals have got.

Both count transfers by the rule of :mod:`armsdata.analysis.deal_table`: a deal only if a claim
asserts it from ``intent`` on, a package's components rather than the package, a general deal
only where nothing more specific is reported for the pair, a deal that may restate a counted
one only "up to".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.analysis._frames import count
from armsdata.analysis.claims import COUNTED_STATUSES, ORIGIN_COLUMNS, _claims_mask, _origins, subject_of
from armsdata.contract import check_claims
from armsdata.analysis.deal_table import counted, deal_rows, _given_deals

#: Label of the column counting deals that claims assert without placing them on the pipeline
#: (``unspecified`` only: "Israel sells weapons to Azerbaijan").
NO_STAGE = "no_stage"


def who_arms_whom(claims: pd.DataFrame, *, status=None, start: str | None = None, end: str | None = None,
                  subject: bool | None = None, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per supplier → recipient pair: ``subject``, ``n_deals`` (transfers), ``n_deals_up_to``, ``n_claims``,
    ``n_sources`` and ``n_origins``.

    Only the claims that assert a transfer count (by default: from ``intent`` on, and
    ``unspecified``; deals only considered are in :func:`armsdata.analysis.considered_deals`, deals
    only not delivered, denied or alleged in :func:`armsdata.analysis.unasserted_deals`). ``status``
    chooses other claims instead (``"delivered"``: deals that at least one claim says were
    delivered); ``start`` and ``end`` a period, as :func:`armsdata.analysis.filter_claims`.
    ``n_deals`` counts each transfer once, for certain; ``n_deals_up_to`` adds the deals that may
    restate a counted one (see :mod:`armsdata.analysis.deal_table`). ``n_claims``, ``n_sources`` and
    ``n_origins`` count all the chosen claims of the pair, those of a package or a general deal
    included. ``subject`` is true where the supplier or the recipient is an actor the corpus is
    about (``subject`` of actors.csv); the others are pairs the sources mention in passing. The
    option ``subject`` keeps only the one or the other. ``deals``: the table of
    :func:`armsdata.analysis.deals` of the same claims, if computed already. Sorted by deals, then
    claims, descending.
    """
    claims = check_claims(claims, "who_arms_whom")
    table = _given_deals(claims, deals, "who_arms_whom")
    # only the columns counted (filtering the quotes and notes too would cost more than the counting)
    claims = claims[["deal_id", "supplier", "recipient", "claim_id", "status", "event_date", *ORIGIN_COLUMNS,
                     "supplier_subject", "recipient_subject"]]
    keep = _claims_mask(claims, status=COUNTED_STATUSES if status is None else status, start=start, end=end,
                       subject=subject)
    rows = deal_rows(claims, table)[keep]
    selected = np.zeros(len(table), dtype=bool)
    selected[rows[rows >= 0]] = True
    sure, up_to = counted(table, pd.Series(selected, index=table.index))
    pair = ["supplier", "recipient"]
    kept = claims[keep]
    pairs = kept.assign(origin=_origins(kept), subject=subject_of(kept)).groupby(pair, sort=True, observed=True)
    out = pairs.agg(subject=("subject", "first"), n_claims=("claim_id", "size"), n_sources=("source_id", "nunique"),
                    n_origins=("origin", "nunique"))
    out.insert(1, "n_deals", table[sure.to_numpy(dtype=bool)].groupby(pair, sort=True).size().reindex(out.index))
    out.insert(2, "n_deals_up_to", table[up_to.to_numpy(dtype=bool)].groupby(pair, sort=True).size()
               .reindex(out.index))
    counts = ["n_deals", "n_deals_up_to", "n_claims", "n_sources", "n_origins"]
    out = out.astype({c: "Int64" for c in counts} | {"subject": "boolean"}).reset_index()
    for column in pair:
        out[column] = out[column].astype("string")
    return out.sort_values(["n_deals", "n_claims", "supplier", "recipient"], ascending=[False, False, True, True],
                           ignore_index=True)


def arms_matrix(pairs: pd.DataFrame, *, value: str = "n_deals") -> pd.DataFrame:
    """The supplier × recipient matrix of one count of :func:`who_arms_whom` (0 where none).

    Rows (suppliers) and columns (recipients) are sorted by their totals, largest first.
    """
    matrix = pairs.pivot_table(index="supplier", columns="recipient", values=value, aggfunc="sum",
                               fill_value=0, observed=True)
    matrix = matrix.astype("int64")
    rows, cols = matrix.sum(axis=1), matrix.sum(axis=0)
    out = matrix.loc[sorted(rows.index, key=lambda n: (-rows[n], n)),
                     sorted(cols.index, key=lambda n: (-cols[n], n))]
    out.index.name, out.columns.name = "supplier", "recipient"
    return out


def supplier_pipeline(claims: pd.DataFrame, *, subject: bool | None = None,
                      deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per supplier, how many of its transfers have reached each stage (counted once, at their furthest stage).

    The transfers are the deals :func:`who_arms_whom` counts for certain, so a supplier's
    ``n_deals`` here is the sum of its ``n_deals`` there. Columns: ``supplier``, one per pipeline
    stage, ``no_stage`` (asserted only as ``unspecified``) and ``n_deals`` (the total). Most deals
    first. ``subject``: only the deals of pairs the corpus is about (``True``), or only the others
    (``False``), as in :func:`who_arms_whom`.
    """
    claims = check_claims(claims, "supplier_pipeline")
    table = _given_deals(claims, deals, "supplier_pipeline")
    chosen = table["counted"].fillna(False).to_numpy(dtype=bool)
    if subject is not None:  # not &=: the array may be the deals table's own
        chosen = chosen & (table["subject"].fillna(False).to_numpy(dtype=bool) == bool(subject))
    table = table[chosen]
    columns = [*schema.PIPELINE_STAGES, NO_STAGE]
    stage = pd.Categorical(table["furthest_stage"].astype("string").fillna(NO_STAGE), categories=columns)
    wide = pd.crosstab(table["supplier"].to_numpy(), stage, dropna=False)
    wide = wide.reindex(columns=columns, fill_value=0).astype("Int64")
    wide.columns = pd.Index(columns)
    wide["n_deals"] = count(wide.sum(axis=1))
    wide.index = pd.Index(wide.index.astype("string"), name="supplier")
    out = wide.reset_index()
    out.columns.name = None
    return out.sort_values(["n_deals", "supplier"], ascending=[False, True], ignore_index=True)

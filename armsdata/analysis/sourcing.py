"""Provenance: how many independent origins support a deal, and how many dispute or only allege it.

Outlets repeating one ministry statement add claims, not evidence; and a denial, or an
accusation by the other side, is evidence of something else than the transfer. So origins
are counted per stance (:data:`armsdata.schema.STANCE`), never added up into one number.
"""

from __future__ import annotations

import pandas as pd

from armsdata.analysis._frames import joined
from armsdata.analysis.claims import STANCES, origins
from armsdata.analysis.contract import check_claims
from armsdata.analysis.deal_table import deals_for

#: The column of :func:`provenance` listing the origins of each stance.
ORIGIN_LISTS: dict[str, str] = {"supports": "supporting_origins", "disputes": "disputing_origins",
                                "alleges": "alleging_origins"}


def provenance(claims: pd.DataFrame, *, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per deal: claims, sources, and the origins of each stance, counted and named.

    Columns: ``deal_id, supplier, recipient, system, n_claims, n_sources,
    n_supporting_origins, n_disputing_origins, n_alleging_origins``, then
    ``supporting_origins``, ``disputing_origins`` and ``alleging_origins``: each origin once,
    ``"; "``-separated, with the claims that rest on it (``"CNN (c-1, c-2); r (r-1)"``;
    ``<NA>`` if none). A wide view of :func:`armsdata.analysis.origins`, which has one row per
    claim. Most supporting origins first, then most claims. ``deals``: the table of
    :func:`armsdata.analysis.deals` of the same claims, if computed already.
    """
    claims = check_claims(claims, "provenance")
    table = deals_for(claims, deals, "provenance")
    long = origins(claims)  # sorted by deal, stance, origin, claim
    by_origin = joined(long[["deal_id", "stance", "origin"]], long["claim_id"], ", ").rename("claims").reset_index()
    entries = by_origin["origin"] + " (" + by_origin["claims"] + ")"
    lists = joined(by_origin[["deal_id", "stance"]], entries, "; ").unstack("stance")
    lists = lists.reindex(columns=list(STANCES)).rename(columns=ORIGIN_LISTS)
    columns = ["deal_id", "supplier", "recipient", "system", "n_claims", "n_sources", "n_supporting_origins",
               "n_disputing_origins", "n_alleging_origins"]
    out = table[columns].merge(lists.reset_index(), on="deal_id", how="left")
    for column in ORIGIN_LISTS.values():
        out[column] = out[column].astype("string")
    return out.sort_values(["n_supporting_origins", "n_claims", "deal_id"], ascending=[False, False, True],
                           ignore_index=True)

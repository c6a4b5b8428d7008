"""Provenance: how many independent origins support a deal, and how many dispute or only allege it.

Outlets repeating one ministry statement add claims, not evidence; and a denial, or an
accusation by the other side, is evidence of something else than the transfer. So origins
are counted per stance (:data:`armsdata.schema.STANCE`), never added up into one number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from armsdata.analysis._frames import joined
from armsdata.analysis.claims import ORIGIN_COLUMNS, STANCES, _origins, _stances
from armsdata.contract import check_claims
from armsdata.analysis.deal_table import deal_rows, _given_deals

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
    table = _given_deals(claims, deals, "provenance")
    # The long table of `origins`, as integer codes: sorted by deal, stance, origin (alphabetical) and
    # claim_id with one lexsort, where a sort of the strings themselves costs seconds at a million claims.
    claims = claims[["deal_id", "claim_id", "status", *ORIGIN_COLUMNS]]
    rows = deal_rows(claims, table)
    stance = _stances(claims).cat.codes.to_numpy()
    origin, names = pd.factorize(_origins(claims), sort=True)
    claim_rank = pd.factorize(claims["claim_id"], sort=True)[0]
    by = np.lexsort((claim_rank, origin, stance, rows))
    keys = pd.DataFrame({"deal": rows[by], "stance": stance[by], "origin": origin[by]})
    by_origin = joined(keys, claims["claim_id"].take(by), ", ").rename("claims").reset_index()
    entries = (pd.Series(pd.array(names, dtype="string").take(by_origin["origin"].to_numpy()))
               + " (" + by_origin["claims"].reset_index(drop=True) + ")")
    lists = joined(by_origin[["deal", "stance"]], entries, "; ").reset_index(name="text")
    columns = ["deal_id", "supplier", "recipient", "system", "n_claims", "n_sources", "n_supporting_origins",
               "n_disputing_origins", "n_alleging_origins"]
    out = table[columns].reset_index(drop=True)
    texts = pd.array(lists["text"], dtype="string")
    for code, stance_name in enumerate(STANCES):
        at = np.full(len(out), -1)
        mine = (lists["stance"] == code).to_numpy()
        at[lists.loc[mine, "deal"].to_numpy()] = np.flatnonzero(mine)
        out[ORIGIN_LISTS[stance_name]] = texts.take(at, allow_fill=True)  # <NA> where no origin of this stance
    # most supporting origins, then most claims, then deal_id (the table's own order)
    order = np.lexsort((np.arange(len(out)), -out["n_claims"].to_numpy(dtype=np.int64),
                        -out["n_supporting_origins"].to_numpy(dtype=np.int64)))
    return out.take(order).reset_index(drop=True)

"""Who reports what: claims per attribute of their source (outlet country, source type) and status."""

from __future__ import annotations

import pandas as pd

from armsdata import schema
from armsdata.analysis._frames import count
from armsdata.analysis.contract import check_claims

#: Shown for a source attribute (outlet country, outlet …) the data leaves empty.
NOT_STATED = "(not stated)"


def perspective(claims: pd.DataFrame, *, by: str | list[str] = "outlet_country") -> pd.DataFrame:
    """Claims per source attribute (``outlet_country``, ``source_type``, …) and status.

    One row per value of ``by`` (empty shown as ``(not stated)``), one column per
    status (in :data:`armsdata.schema.STATUS` order), then ``n_claims`` and ``n_deals``.
    Most claims first. Which side reports what: an outlet's country against the
    stages its claims assert.
    """
    claims = check_claims(claims, "perspective")
    keys = [by] if isinstance(by, str) else list(by)
    unknown = [k for k in keys if k not in claims.columns]
    if unknown:
        raise ValueError(f"perspective(by=...): the claims have no column {', '.join(map(repr, unknown))}")
    frame = claims.assign(**{k: claims[k].astype("string").fillna(NOT_STATED) for k in keys})
    status = pd.Categorical(frame["status"].astype("string"), categories=list(schema.STATUS))
    table = pd.crosstab([frame[k] for k in keys], status, dropna=False)
    table = table.reindex(columns=list(schema.STATUS), fill_value=0).astype("Int64")
    table.columns = pd.Index(list(schema.STATUS))
    table = table[(table.sum(axis=1) > 0).to_numpy()]
    table["n_claims"] = count(table[list(schema.STATUS)].sum(axis=1))
    table["n_deals"] = count(frame.groupby(keys, sort=True)["deal_id"].nunique().reindex(table.index))
    out = table.reset_index()
    out.columns.name = None
    for k in keys:
        out[k] = out[k].astype("string")
    return out.sort_values(["n_claims", *keys], ascending=[False, *[True] * len(keys)], ignore_index=True)

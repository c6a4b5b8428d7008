"""Who reports what: claims per attribute of their source (outlet country, source type) and status."""

from __future__ import annotations

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.analysis._frames import count, status_lookup
from armsdata.contract import check_claims

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
    # integer codes of the key values, statuses and deals; counts by bincount rather than string grouping
    values = [claims[k].astype("string").fillna(NOT_STATED) for k in keys]
    codes = [pd.factorize(v, sort=True) for v in values]
    group = np.zeros(len(claims), dtype=np.int64)
    for code, names in codes:  # one code per combination of key values, in sorted order
        group = group * len(names) + code
    group, combos = pd.factorize(group, sort=True)
    statuses = list(schema.STATUS)
    status = status_lookup(claims["status"], {name: i for i, name in enumerate(statuses)})
    table = pd.DataFrame(np.bincount(group * len(statuses) + status, minlength=len(combos) * len(statuses))
                         .reshape(len(combos), len(statuses)), columns=statuses).astype("Int64")
    deal = pd.factorize(claims["deal_id"])[0]
    table["n_claims"] = count(table[statuses].sum(axis=1))
    pairs = pd.unique(group * (deal.max(initial=0) + 1) + deal)  # a hash: faster than np.unique here
    table["n_deals"] = count(np.bincount(pairs // (deal.max(initial=0) + 1), minlength=len(combos)))
    first = pd.Series(np.arange(len(group))).groupby(group).first().to_numpy()  # a claim of each combination
    for k, v in zip(keys, values):
        table.insert(keys.index(k), k, v.array.take(first))
    return table.sort_values(["n_claims", *keys], ascending=[False, *[True] * len(keys)], ignore_index=True)

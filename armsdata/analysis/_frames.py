"""Helpers shared by the analysis modules: joining text per group, the most common value, status order.

Each works on whole columns or in one pass over sorted records: nothing here calls Python
once per deal through pandas.
"""

from __future__ import annotations

import itertools
import operator

import numpy as np
import pandas as pd

from armsdata import schema

#: Position of each status in :data:`armsdata.schema.STATUS` (lifecycle order, then the rest).
STATUS_ORDER: dict[str, int] = {status: i for i, status in enumerate(schema.STATUS)}


def status_sorted(statuses) -> list[str]:
    """Statuses in :data:`armsdata.schema.STATUS` order.

    >>> status_sorted({"delivered", "agreed", "denied"})
    ['agreed', 'delivered', 'denied']
    """
    return sorted(statuses, key=STATUS_ORDER.__getitem__)


def status_lookup(status: pd.Series, mapping: dict[str, object], missing=-1) -> np.ndarray:
    """``mapping[status]`` for each claim, through the categorical's codes (one array lookup, not a map per row).

    ``missing`` where a status has no entry (or is missing).

    >>> s = pd.Series(["agreed", "alleged"], dtype=pd.CategoricalDtype(list(schema.STATUS)))
    >>> status_lookup(s, {"agreed": 2}).tolist()
    [2, -1]
    """
    categories = list(status.cat.categories)
    table = np.array([mapping.get(c, missing) for c in categories] + [missing])
    codes = status.cat.codes.to_numpy()  # -1 for a missing status: the last entry of the table
    return table[codes]


def joined(keys: pd.DataFrame, values: pd.Series, separator: str) -> pd.Series:
    """``values`` joined with ``separator`` per run of equal ``keys`` (sorted by the caller), in row order.

    One pass in plain Python: a pandas ``groupby().agg(join)`` calls Python once per group anyway.

    >>> joined(pd.DataFrame({"k": ["a", "a", "b"]}), pd.Series(["x", "y", "z"]), "; ").to_dict()
    {'a': 'x; y', 'b': 'z'}
    """
    names = list(keys.columns)
    rows = zip(*(keys[n].tolist() for n in names), values.tolist())
    width = len(names)
    texts = [separator.join(row[width] for row in run)
             for _, run in itertools.groupby(rows, key=operator.itemgetter(*range(width)))]
    firsts = keys.drop_duplicates()  # one row per run, as the keys are sorted
    index = pd.MultiIndex.from_frame(firsts) if width > 1 else pd.Index(firsts[names[0]])
    return pd.Series(texts, index=index, dtype="string")


def most_common(key: pd.Series, values: pd.Series) -> pd.Series:
    """Per value of ``key``, the most frequent non-empty one of ``values``; ties go to the one seen first.

    >>> most_common(pd.Series([0, 0, 0, 1]), pd.Series(["b", "a", "a", "c"])).to_dict()
    {0: 'a', 1: 'c'}
    """
    seen = pd.DataFrame({"key": key.to_numpy(), "value": values.astype("string").to_numpy(),
                         "position": np.arange(len(key))}).dropna(subset=["value"])
    counted = seen.groupby(["key", "value"], sort=False, observed=True)["position"].agg(["size", "min"]).reset_index()
    best = counted.sort_values(["key", "size", "min"], ascending=[True, False, True], kind="stable")
    return best.drop_duplicates("key").set_index("key")["value"].astype("string")


def count(series) -> pd.Series:
    """A count column in the one integer type of every analysis table (``Int64``)."""
    return pd.Series(series).astype("Int64")

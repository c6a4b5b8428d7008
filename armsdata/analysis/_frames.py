"""Helpers shared by the analysis modules: joining text per group, the most common value, status order.

Each works on whole columns or in one pass over sorted records: nothing here calls Python
once per deal through pandas.
"""

from __future__ import annotations

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

    With pyarrow (the ``export`` extra; pandas then keeps text in Arrow too) the runs become one
    Arrow list array, joined in one call; without it, one ``str.join`` per run. A pandas
    ``groupby().agg(join)`` would call Python once per group through pandas.

    >>> joined(pd.DataFrame({"k": ["a", "a", "b"]}), pd.Series(["x", "y", "z"]), "; ").to_dict()
    {'a': 'x; y', 'b': 'z'}
    """
    names = list(keys.columns)
    n = len(keys)
    first = np.flatnonzero(run_starts(keys))
    bounds = np.append(first, n)
    firsts = keys.iloc[first]
    index = pd.MultiIndex.from_frame(firsts) if len(names) > 1 else pd.Index(firsts[names[0]])
    arrow = _arrow()
    if arrow is None:
        flat = values.astype("string").tolist()
        texts = [separator.join(flat[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
        return pd.Series(texts, index=index, dtype="string")
    pa, pc = arrow
    flat = pa.array(values.astype("string"))  # Arrow-backed: no copy to Python objects
    if isinstance(flat, pa.ChunkedArray):
        flat = flat.combine_chunks()
    lists = pa.ListArray.from_arrays(pa.array(bounds.astype(np.int32)), flat)
    texts = pc.binary_join(lists, pa.scalar(separator, type=flat.type))
    return pd.Series(pd.array(texts, dtype="string"), index=index)


def run_starts(keys: pd.DataFrame) -> np.ndarray:
    """Where a run of equal rows of ``keys`` begins, row by row (missing values equal to each other).

    >>> run_starts(pd.DataFrame({"k": ["a", "a", None, None, "a"]})).tolist()
    [True, False, True, False, True]
    """
    starts = np.zeros(len(keys), dtype=bool)
    starts[:1] = True
    for name in keys.columns:
        column = keys[name]
        codes = column.cat.codes.to_numpy() if isinstance(column.dtype, pd.CategoricalDtype) \
            else pd.factorize(column, use_na_sentinel=False)[0]
        starts[1:] |= codes[1:] != codes[:-1]
    return starts


def _arrow():
    """``(pyarrow, pyarrow.compute)``, or ``None`` where pyarrow is not installed."""
    try:
        import pyarrow
        import pyarrow.compute
    except ImportError:
        return None
    return pyarrow, pyarrow.compute


def most_common(key: pd.Series, values: pd.Series) -> pd.Series:
    """Per value of ``key`` (integer codes), the most frequent non-empty one of ``values``; ties go to the one
    seen first. On integer codes throughout: one sort of (key, value) pairs, no string grouping.

    >>> most_common(pd.Series([0, 0, 0, 1]), pd.Series(["b", "a", "a", "c"])).to_dict()
    {0: 'a', 1: 'c'}
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, names = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, names = pd.factorize(values)
    keys = key.to_numpy()
    stated = codes >= 0
    width = len(names) + 1
    pair = keys[stated].astype(np.int64) * width + codes[stated]
    if not len(pair):
        return pd.Series([], index=pd.Index([], dtype=np.int64), dtype="string")
    pairs, first, counts = np.unique(pair, return_index=True, return_counts=True)  # first: earliest row of each
    owner = pairs // width
    best = np.lexsort((first, -counts, owner))  # by key, then most frequent, then seen first
    best = best[np.r_[True, owner[best][1:] != owner[best][:-1]]]
    chosen = np.asarray(names, dtype=object)[pairs[best] % width]
    return pd.Series(chosen, index=owner[best], dtype="string")


def count(series) -> pd.Series:
    """A count column in the one integer type of every analysis table (``Int64``)."""
    return pd.Series(series).astype("Int64")

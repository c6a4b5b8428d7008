"""Analysis tables as text: the CSV files of ``reports/tables/`` and the discrepancies in every format.

:data:`DISCREPANCY_FORMATS` is the one list of formats ``armsdata discrepancies --format`` offers.
"""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Callable

import pandas as pd

from armsdata.io import csv_text


def table_csv(name: str, table: pd.DataFrame) -> str:
    """The text of ``tables/<name>.csv``: dates as ``YYYY-MM-DD``, booleans as ``true``/``false`` (as the data
    files write them), missing values as empty cells."""
    return csv_text(_as_text(table))


def discrepancies_csv(table: pd.DataFrame) -> str:
    """The long table of :func:`~armsdata.analysis.discrepancies`, one row per claim holding a differing value."""
    return csv_text(table)


def discrepancies_json(table: pd.DataFrame) -> str:
    """A JSON list, one object per row of the long table (missing values as ``null``)."""
    return records_json(table)


def records_json(table: pd.DataFrame) -> str:
    """A JSON list, one object per row; a missing cell is ``null``, numbers are numbers."""
    records = table.astype(object).where(table.notna(), None).to_dict(orient="records")
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def discrepancies_text(table: pd.DataFrame) -> str:
    """An aligned table for people: one line per value, the deal, field and kind on the first line of each."""
    if table.empty:
        return "no discrepancies: no deal has claims that disagree\n"
    from armsdata import schema

    order = {status: i for i, status in enumerate(schema.STATUS)}
    records = table[["deal_id", "field", "kind", "value", "status", "claim_id"]].astype(object).itertuples(index=False)
    lines = []
    for head, run in itertools.groupby(records, key=operator.itemgetter(0, 1, 2)):  # the long table is sorted
        for i, (value, held) in enumerate(itertools.groupby(run, key=operator.itemgetter(3))):
            held = list(held)
            stages = ", ".join(sorted({r[4] for r in held}, key=order.__getitem__))
            lines.append((*(head if i == 0 else ("", "", "")), value, stages, ", ".join(r[5] for r in held)))
    header = ("deal_id", "field", "kind", "value", "stage", "claims")
    widths = [min(max(len(str(r[i])) for r in [header, *lines]), 40) for i in range(len(header) - 1)]
    text = [header, *lines]
    return "\n".join("  ".join(_fit(str(r[i]), widths[i]) for i in range(len(widths))) + "  " + str(r[-1])
                     for r in text) + "\n"


#: ``armsdata discrepancies --format``: name -> renderer of :func:`~armsdata.analysis.discrepancies`.
DISCREPANCY_FORMATS: dict[str, Callable[[pd.DataFrame], str]] = {
    "table": discrepancies_text,
    "csv": discrepancies_csv,
    "json": discrepancies_json,
}


def aligned_text(table: pd.DataFrame, columns: list[str], last: str, widths: dict[str, int] | None = None,
                 width: int = 32) -> str:
    """``table``'s ``columns`` as aligned text for people, each at most ``width`` characters (or its own in
    ``widths``; longer values cut with ``…``), then ``last`` in full; a missing value is ``-``.

    >>> print(aligned_text(pd.DataFrame({"a": ["x", None], "b": ["long text", "y"]}), ["a"], "b"), end="")
    a  b
    x  long text
    -  y
    """
    rows = [tuple("-" if pd.isna(v) else str(v) for v in row)
            for row in table[[*columns, last]].itertuples(index=False)]
    header = (*columns, last)
    limits = [(widths or {}).get(name, width) for name in columns]
    sizes = [min(max(len(r[i]) for r in [header, *rows]), limits[i]) for i in range(len(columns))]
    return "\n".join("  ".join(_fit(r[i], sizes[i]) for i in range(len(columns))) + "  " + r[-1]
                     for r in [header, *rows]) + "\n"


def _fit(text: str, width: int) -> str:
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Timestamp columns as ``YYYY-MM-DD`` text, so CSV output does not show a time of day; boolean
    columns as ``true``/``false``."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: "true", False: "false"}).astype("string")
    return out

"""Analysis tables as text: the CSV files of ``reports/tables/`` and the discrepancies in every format.

:data:`DISCREPANCY_FORMATS` is the one list of formats ``armsdata discrepancies --format`` offers.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd

from armsdata.io import csv_text


def table_csv(name: str, table: pd.DataFrame) -> str:
    """The text of ``tables/<name>.csv``: dates as ``YYYY-MM-DD``, list columns of the discrepancies as text."""
    if name == "discrepancies":
        table = flat_discrepancies(table)
    return csv_text(_dates_as_text(table))


def flat_discrepancies(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`~armsdata.analysis.discrepancies` with its list columns as text.

    Values are separated by `` | ``; the claims (sources, stages) holding one value by ``, ``,
    so the n-th group of ``claim_ids`` holds the n-th value.
    """
    out = table.copy()
    out["values"] = out["values"].map(" | ".join)
    for column in ("claim_ids", "source_ids", "statuses"):
        out[column] = out[column].map(lambda groups: " | ".join(", ".join(g) for g in groups))
    return out


def discrepancies_csv(table: pd.DataFrame) -> str:
    return csv_text(flat_discrepancies(table))


def discrepancies_json(table: pd.DataFrame) -> str:
    """A JSON list, one object per (deal, field); list columns stay lists."""
    return json.dumps(table.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n"


def discrepancies_text(table: pd.DataFrame) -> str:
    """An aligned table for people: one line per value, the deal and field on their first line."""
    if table.empty:
        return "no discrepancies: no deal has claims that disagree\n"
    lines = []
    for row in table.itertuples(index=False):
        first = True
        for value, claims, statuses in zip(row.values, row.claim_ids, row.statuses):
            head = (row.deal_id, row.field, row.kind) if first else ("", "", "")
            lines.append((*head, value, ", ".join(statuses), ", ".join(claims)))
            first = False
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


def _fit(text: str, width: int) -> str:
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Timestamp columns as ``YYYY-MM-DD`` text, so CSV output does not show a time of day."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out

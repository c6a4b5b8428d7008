"""Candidate claims as text: a listing for people, CSV in transfers.csv's columns, or JSON.

:data:`DRAFT_FORMATS` is the one list of formats ``armsdata draft --format`` offers.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable

import pandas as pd

from armsdata.io import csv_text


def drafts_csv(rows: pd.DataFrame) -> str:
    """The rows as CSV with transfers.csv's header: paste the rows worth keeping into transfers.csv."""
    return csv_text(rows)


def drafts_json(rows: pd.DataFrame) -> str:
    """A JSON list, one object per row, in transfers.csv's columns (an empty cell is ``null``)."""
    records = rows.astype(object).where(rows.notna(), None).to_dict(orient="records")
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def drafts_text(rows: pd.DataFrame, width: int = 100) -> str:
    """One block per candidate: id, who supplies what to whom and at what stage, the quote, why.

    >>> print(drafts_text(pd.DataFrame([{"claim_id": "s900-d01", "supplier": "Serbia", "recipient": "Cyprus",
    ...     "system": "howitzers", "category": "artillery", "status": "delivered", "quantity": "20",
    ...     "quote": "Serbia delivered 20 howitzers to Cyprus.", "notes": "DRAFT; why"}])).strip())
    s900-d01  Serbia -> Cyprus: howitzers (artillery), delivered, quantity 20
      quote: Serbia delivered 20 howitzers to Cyprus.
      notes: DRAFT; why
    """
    if rows.empty:
        return "no candidate: the text tells of no transfer the wording knows\n"
    blocks = []
    for row in rows.astype(object).where(rows.notna(), None).to_dict(orient="records"):
        numbers = [f"quantity {row['quantity']}" + _qualified(row.get("quantity_qualifier"))
                   if row.get("quantity") else "",
                   f"value {row['value']} {row.get('currency') or ''}".strip() + _qualified(row.get("value_qualifier"))
                   if row.get("value") else ""]
        head = (f"{row['claim_id']}  {row['supplier']} -> {row['recipient']}: {row['system']} ({row['category']}), "
                + ", ".join([row["status"], *(n for n in numbers if n)]))
        lines = [head]
        for label in ("quote", "notes"):
            lines += textwrap.wrap(str(row.get(label) or ""), width=width, initial_indent=f"  {label}: ",
                                   subsequent_indent=" " * (len(label) + 4))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _qualified(qualifier: str | None) -> str:
    return f" ({qualifier})" if qualifier and qualifier != "exact" else ""


DRAFT_FORMATS: dict[str, Callable[[pd.DataFrame], str]] = {
    "table": drafts_text,
    "csv": drafts_csv,
    "json": drafts_json,
}

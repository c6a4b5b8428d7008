"""Two vintages of SIPRI's register as text: ``armsdata register-diff --format table|csv|json``.

:data:`REVISION_FORMATS` is the one list of formats the command offers; each renders the table of
:func:`armsdata.diff_registers`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from armsdata.io import csv_text
from armsdata.report.tables import aligned_text, records_json

#: The widest an ``old`` or ``new`` value is shown in the table for people (the CSV and JSON keep it whole).
VALUE_WIDTH = 40


def revisions_text(table: pd.DataFrame) -> str:
    """An aligned table for people: change, deal, field, old and new value, then the explanation in full.

    >>> print(revisions_text(pd.DataFrame({"change": ["revised"], "supplier": ["France"], "recipient": ["Armenia"],
    ...     "designation": ["GM200"], "order_year": [2023], "field": ["tiv_per_unit"], "old": ["10"], "new": ["12"],
    ...     "explanation": ["matched on supplier, recipient, year of order and designation"]})), end="")
    change   supplier  recipient  designation  order_year  field         old  new  explanation
    revised  France    Armenia    GM200        2023        tiv_per_unit  10   12   matched on supplier, recipient, year of order and designation
    """
    if table.empty:
        return "no changes: the two vintages agree on every deal compared\n"
    columns = ["change", "supplier", "recipient", "designation", "order_year", "field", "old", "new"]
    return aligned_text(table.fillna({"field": "", "old": "", "new": ""}), columns, "explanation",
                        widths={"old": VALUE_WIDTH, "new": VALUE_WIDTH})


#: ``armsdata register-diff --format``: name -> renderer of :func:`armsdata.diff_registers`.
REVISION_FORMATS: dict[str, Callable[[pd.DataFrame], str]] = {
    "table": revisions_text,
    "csv": csv_text,
    "json": records_json,
}

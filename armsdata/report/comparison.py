"""The press held against the register as text: ``armsdata compare --format table|csv|json``.

:data:`COMPARISON_FORMATS` is the one list of formats the command offers; each renders the
table of :func:`armsdata.register.compare_register`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from armsdata.io import csv_text
from armsdata.report.tables import aligned_text, records_json


def comparison_text(table: pd.DataFrame) -> str:
    """An aligned table for people: verdict, deal, actors and system, then the explanation in full.

    >>> print(comparison_text(pd.DataFrame({"verdict": ["matches"], "deal_id": ["fra-arm-gm200"],
    ...     "supplier": ["France"], "recipient": ["Armenia"], "system": ["GM200"],
    ...     "explanation": ["the register lists it"]})), end="")
    verdict  deal_id        supplier  recipient  system  explanation
    matches  fra-arm-gm200  France    Armenia    GM200   the register lists it
    """
    if table.empty:
        return "no deals to compare\n"
    return aligned_text(table, ["verdict", "deal_id", "supplier", "recipient", "system"], "explanation")


#: ``armsdata compare --format``: name -> renderer of :func:`armsdata.register.compare_register`.
COMPARISON_FORMATS: dict[str, Callable[[pd.DataFrame], str]] = {
    "table": comparison_text,
    "csv": csv_text,
    "json": records_json,
}

"""Analysis tables as text: CSV files of reports/tables and the discrepancies in every format."""

from __future__ import annotations

import pandas as pd

from armsdata.report import tables


def discrepancy_table() -> pd.DataFrame:
    return pd.DataFrame([{
        "deal_id": "d", "supplier": "X", "recipient": "Y", "system": "Z", "field": "quantity",
        "values": ["50", "24"], "claim_ids": [["a-1", "b-1"], ["c-1"]], "source_ids": [["a", "b"], ["c"]],
        "statuses": [["agreed"], ["delivered"]], "kind": "stage difference", "note": "n"}])


def test_discrepancy_formats():
    table = discrepancy_table()
    flat = tables.flat_discrepancies(table).iloc[0]
    assert (flat["values"], flat["claim_ids"], flat["source_ids"]) == ("50 | 24", "a-1, b-1 | c-1", "a, b | c")
    assert '"values": [\n      "50",' in tables.discrepancies_json(table)
    text = tables.discrepancies_text(table).splitlines()
    assert text[1].split()[:4] == ["d", "quantity", "stage", "difference"]
    assert text[2].split() == ["24", "delivered", "c-1"]
    assert "no discrepancies" in tables.discrepancies_text(table.iloc[0:0])
    assert list(tables.DISCREPANCY_FORMATS) == ["table", "csv", "json"]


def test_table_csv_writes_dates_without_a_time_and_lists_as_text():
    events = pd.DataFrame({"claim_id": ["a"], "date_start": pd.to_datetime(["2023-10-01"])})
    assert tables.table_csv("timeline", events) == "claim_id,date_start\na,2023-10-01\n"
    assert tables.table_csv("discrepancies", discrepancy_table()).splitlines()[1].startswith(
        "d,X,Y,Z,quantity,50 | 24,\"a-1, b-1 | c-1\",\"a, b | c\",agreed | delivered,")

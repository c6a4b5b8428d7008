"""Analysis tables as text: CSV files of reports/tables and the discrepancies in every format."""

from __future__ import annotations

import json

import pandas as pd

from armsdata.report import tables


def discrepancy_table() -> pd.DataFrame:
    """The long table of one (deal, field): 50 agreed by a-1 and b-1, 24 delivered by c-1."""
    head = {"deal_id": "d", "supplier": "X", "recipient": "Y", "system": "Z", "field": "quantity",
            "kind": "stage difference", "note": "n"}
    rows = [("50", "a-1", "a", "agreed"), ("50", "b-1", "b", "agreed"), ("24", "c-1", "c", "delivered")]
    return pd.DataFrame([{**head, "value": v, "claim_id": c, "source_id": s, "status": t} for v, c, s, t in rows],
                        dtype="string")


def test_discrepancy_formats():
    table = discrepancy_table()
    assert tables.discrepancies_csv(table).splitlines()[1] == "d,X,Y,Z,quantity,stage difference,n,50,a-1,a,agreed"
    records = json.loads(tables.discrepancies_json(table))
    assert [(r["value"], r["claim_id"]) for r in records] == [("50", "a-1"), ("50", "b-1"), ("24", "c-1")]
    text = tables.discrepancies_text(table).splitlines()
    assert text[1].split() == ["d", "quantity", "stage", "difference", "50", "agreed", "a-1,", "b-1"]
    assert text[2].split() == ["24", "delivered", "c-1"]
    assert len(text) == 3
    assert "no discrepancies" in tables.discrepancies_text(table.iloc[0:0])
    assert list(tables.DISCREPANCY_FORMATS) == ["table", "csv", "json"]


def test_discrepancies_json_writes_a_missing_value_as_null():
    table = discrepancy_table()
    table.loc[0, "system"] = pd.NA
    assert json.loads(tables.discrepancies_json(table))[0]["system"] is None


def test_table_csv_writes_dates_without_a_time_and_booleans_as_the_data_files_do():
    events = pd.DataFrame({"claim_id": ["a"], "date_start": pd.to_datetime(["2023-10-01"])})
    assert tables.table_csv("timeline", events) == "claim_id,date_start\na,2023-10-01\n"
    deals = pd.DataFrame({"deal_id": ["a", "b", "c"], "counted": pd.array([True, False, None], dtype="boolean")})
    assert tables.table_csv("deals", deals) == "deal_id,counted\na,true\nb,false\nc,\n"

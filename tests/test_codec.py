"""Text <-> typed: one codec, the same values and the same text back through loading, every export and the database."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from armsdata import codec, schema
from armsdata.export import FORMATS, read_export, write_export
from armsdata.load import typed
from conftest import claim


def text_tables() -> dict[str, pd.DataFrame]:
    """Text tables ("" where empty) with flags, nullable integers, numbers, partial dates and categoricals."""
    empty = {t.name: pd.DataFrame({c: pd.Series([], dtype=str) for c in t.columns}) for t in schema.TABLES}
    transfers = pd.DataFrame([
        claim(claim_id="a-1", quantity="24", status="agreed", event_date="2023"),
        claim(claim_id="a-2", quantity="", quantity_qualifier="", value="2.5", value_qualifier="approx",
              currency="EUR", status="delivered", event_date="2023-10"),
        claim(claim_id="a-3", quantity="0", value="250000000", value_qualifier="exact", currency="USD",
              status="denied", event_date="2023-10-23"),
        claim(claim_id="a-4", event_date=""),
    ], dtype=str)
    actors = pd.DataFrame([["France", "state", "FRA", "", "true", ""], ["Armenia", "state", "ARM", "", "false", ""],
                           ["Unknown", "unknown", "", "", "", ""]], columns=schema.ACTORS.columns, dtype=str)
    deals = pd.DataFrame([{f.name: "0" if f.required and f.type == "integer" else "false" if f.required and
                           f.type == "boolean" else "" for f in schema.DEALS.fields}] * 2, dtype=str)
    deals = deals.assign(deal_id=["fra-arm-bastion", "fra-arm-gm200"], kind=["single", "package"],
                         supplier="France", recipient="Armenia", system="Bastion", category="armoured_vehicles",
                         furthest_stage=["delivered", ""], agreed_high=["50", ""], undated=["false", "true"],
                         n_claims=["2", "1"], counted=["true", "false"])
    register = pd.DataFrame([{c: "" for c in schema.REGISTER.columns}] * 2, dtype=str)
    register = register.assign(supplier="France", recipient="Armenia", designation="Bastion",
                               order_year=["2023", ""], order_year_estimated=["true", ""],
                               number_ordered=["50", ""], number_ordered_estimated=["false", "true"],
                               tiv_per_unit=["2.9", ""])
    return {**empty, "transfers": transfers, "actors": actors, "register": register, "deals": deals}


def test_text_becomes_the_values_it_states():
    tables = text_tables()
    actors = typed(tables["actors"].replace("", None), schema.ACTORS)  # as read_table gives it: empty is missing
    assert actors["subject"].astype(object).tolist() == [True, False, pd.NA]
    assert str(actors["subject"].dtype) == "boolean"
    transfers = typed(tables["transfers"].replace("", None), schema.TRANSFERS)
    assert transfers["quantity"].astype(object).tolist() == [24, pd.NA, 0, 3]
    assert str(transfers["quantity"].dtype) == "Int64"
    assert transfers["value"].astype(object).tolist() == [pd.NA, 2.5, 250000000.0, pd.NA]
    assert transfers["status"].astype(object).tolist() == ["agreed", "delivered", "denied", "intent"]
    assert list(transfers["status"].cat.categories) == list(schema.STATUS)
    assert transfers["event_date"].tolist()[:3] == ["2023", "2023-10", "2023-10-23"]  # partial dates stay text
    assert transfers["event_date"].isna().tolist() == [False, False, False, True]
    assert transfers["event_date_precision"].astype(object).tolist()[:3] == ["year", "month", "day"]
    assert transfers["event_date_precision"].isna().tolist() == [False, False, False, True]
    deals = codec.typed_frame(tables["deals"], schema.DEALS, analysis=True)
    assert deals["furthest_stage"].cat.ordered and deals["furthest_stage"].isna().tolist() == [False, True]
    assert deals["counted"].tolist() == [True, False] and deals["agreed_high"].astype(object).tolist() == [50, pd.NA]


@pytest.mark.parametrize("name", ["transfers", "actors", "register", "deals"])
def test_loading_gives_back_the_text(name):
    table = {t.name: t for t in (*schema.TABLES, *schema.OPTIONAL_TABLES, schema.DEALS)}[name]
    text = text_tables()[name]
    loaded = typed(text.replace("", None).set_axis(range(2, 2 + len(text))), table)  # index: the lines
    assert loaded["line"].tolist() == list(range(2, 2 + len(text)))
    pd.testing.assert_frame_equal(codec.text_of(loaded, table), text)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_export_gives_back_the_text(tmp_path, fmt):
    tables = text_tables()
    write_export(tables, tmp_path, fmt)
    back = read_export(tmp_path, fmt)
    for name, text in tables.items():
        pd.testing.assert_frame_equal(back[name], text, obj=name)


def test_the_database_stores_flags_as_1_and_0_and_missing_as_null(tmp_path):
    write_export(text_tables(), tmp_path, "sqlite")
    connection = sqlite3.connect(tmp_path / "armsdata.db")
    try:
        assert connection.execute("SELECT subject, typeof(subject) FROM actors ORDER BY rowid").fetchall() == [
            (1, "integer"), (0, "integer"), (None, "null")]
        assert connection.execute("SELECT quantity, value, event_date FROM claims ORDER BY rowid").fetchall() == [
            (24, None, "2023"), (None, 2.5, "2023-10"), (0, 250000000.0, "2023-10-23"), (3, None, None)]
        types = {row[1]: row[2] for row in connection.execute("PRAGMA table_info(register)")}
        assert (types["order_year_estimated"], types["tiv_per_unit"], types["status"]) == ("INTEGER", "REAL", "TEXT")
    finally:
        connection.close()


@pytest.mark.parametrize("field, cell, analysis", [
    (schema.ACTORS.field("subject"), "TRUE", False),  # a flag is written true or false, nothing else
    (schema.ACTORS.field("subject"), "TRUE", True),
    (schema.ACTORS.field("subject"), "yes", False),
    (schema.TRANSFERS.field("status"), "shipd", True),  # stored, a vocabulary is text; in analysis, a categorical
])
def test_a_cell_that_is_not_its_type_is_refused_alike_on_every_path(field, cell, analysis):
    with pytest.raises(ValueError, match=f"{field.name}: {cell!r} is not a value of this column"):
        codec.typed_column(pd.Series(["", cell]), field, analysis=analysis)


def test_the_text_of_a_flag_from_sqlite_or_a_spreadsheet():
    subject = schema.ACTORS.field("subject")
    assert [codec.text_cell(v, subject) for v in (1, 0, True, False, None)] == ["true", "false", "true", "false", ""]
    quantity = schema.TRANSFERS.field("quantity")
    assert [codec.text_cell(v, quantity) for v in (24, 24.0, 0, None)] == ["24", "24", "0", ""]

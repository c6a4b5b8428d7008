"""The typed models: generated from the schema's fields, so that a column is declared once."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pandera.pandas as pa
import pytest

from armsdata import models, schema


def test_the_claims_model_covers_every_column_of_the_files():
    model = set(models.Claims.to_schema().columns)
    sources = {c if c != "archive" else "source_archive" for c in schema.SOURCES.columns} - {"notes"}
    dated = {f"{f.name}_precision" for t in (schema.TRANSFERS, schema.SOURCES) for f in t.fields if f.type == "date"}
    actors = {f"{role}_{c}" for role in ("supplier", "recipient") for c in ("kind", "iso3", "subject")}
    systems = {"system_designation", "sipri_designations"}
    assert model == set(schema.TRANSFERS.columns) | sources | dated | actors | systems | {"line"}


def test_the_loaded_claims_have_the_models_columns(data_dir):
    from armsdata.load import load_transfers

    claims = load_transfers(data_dir)
    assert set(claims.columns) == set(models.Claims.to_schema().columns)
    assert list(claims["status"].cat.categories) == list(schema.STATUS)
    assert claims["quantity"].dtype == "Int64" and claims["value"].dtype == "Float64"


def test_the_claims_model_types_what_the_fields_say():
    columns = models.Claims.to_schema().columns
    status, stage = columns["status"], columns["event_date_precision"]
    assert list(status.dtype.type.categories) == list(schema.STATUS) and not status.nullable
    assert list(stage.dtype.type.categories) == ["year", "month", "day"] and stage.dtype.type.ordered
    assert str(columns["quantity"].dtype) == "Int64" and columns["quantity"].nullable
    assert [c.statistics for c in columns["quantity"].checks] == [{"min_value": 0}]  # no sign in the files
    assert str(columns["value"].dtype) == "Float64"
    assert columns["claim_id"].unique and not columns["claim_id"].nullable
    # taken from the other files: may be empty (a left join), and unique only in their own file
    assert str(columns["supplier_subject"].dtype) == "boolean" and columns["supplier_subject"].nullable
    assert columns["source_type"].nullable and not columns["system_designation"].unique
    assert str(columns["source_archive"].dtype) == str(columns["quote"].dtype) == "string[pyarrow]"


def test_a_new_column_is_one_declaration(monkeypatch):
    # a column added to transfers.csv's fields is in the typed schema of the file and in the claims, typed
    added = schema.Field("range_km", "Range in kilometres.", type="number", pattern=schema.NUMBER_PATTERN)
    flag = schema.Field("armed", "`true` when armed.", type="boolean", pattern=schema.BOOLEAN_PATTERN)
    table = replace(schema.TRANSFERS, fields=(*schema.TRANSFERS.fields, added, flag))
    typed = models.typed_schema(table).columns
    assert (str(typed["range_km"].dtype), str(typed["armed"].dtype)) == ("Float64", "boolean")
    monkeypatch.setattr(schema, "TRANSFERS", table)
    columns = models.claims_columns()
    names = list(columns)
    assert names[names.index("notes"):][:4] == ["notes", "range_km", "armed", "outlet"]  # then the source's
    assert str(columns["range_km"][0]) == "Float64" and columns["range_km"][1] == {"nullable": True, "unique": False,
                                                                                   "ge": 0}


def test_claims_validate_turns_a_table_read_as_text_into_the_loaded_claims(data_dir):
    from armsdata.load import load_transfers

    claims = load_transfers(data_dir)
    text = claims.astype(object).where(claims.notna(), None)
    text = text.apply(lambda cells: cells.map(lambda v: v if v is None else str(v).lower()
                                              if isinstance(v, bool) else str(v)))
    assert set(text["recipient_subject"]) == {"true"}  # flags as the files write them (Armenia's)
    pd.testing.assert_frame_equal(models.Claims.validate(text), claims)


def test_claims_validate_refuses_a_value_its_column_cannot_hold(data_dir):
    from armsdata.load import load_transfers

    text = load_transfers(data_dir).astype(object)
    text["status"] = ["shipd"] + text["status"].tolist()[1:]
    with pytest.raises(ValueError, match="status: 'shipd' is not a value of this column"):
        models.Claims.validate(text)
    missing = load_transfers(data_dir).drop(columns=["quote"])
    with pytest.raises(pa.errors.SchemaError, match="quote"):
        models.Claims.validate(missing)


def test_every_number_of_the_files_is_written_without_a_sign():
    # what makes every typed number at least 0 (models.typed_columns)
    unsigned = {schema.INTEGER_PATTERN, schema.NUMBER_PATTERN, schema.YEAR_PATTERN}
    for table in (*schema.TABLES, *schema.OPTIONAL_TABLES, schema.DEALS):
        for f in table.fields:
            if f.type in ("integer", "number"):
                assert f.pattern in unsigned, (table.name, f.name)


def test_a_tables_typed_schema_is_generated_once_by_its_value():
    same = replace(schema.REGISTER)
    assert models.typed_schema(same) is models.typed_schema(schema.REGISTER)
    other = replace(schema.REGISTER, fields=schema.REGISTER.fields[:3])
    assert list(models.typed_schema(other).columns) == [*schema.REGISTER.columns[:3], "line"]

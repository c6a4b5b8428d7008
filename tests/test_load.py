"""Typed loaders."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdata.load import DataError, load_claims, load_tables, load_transfers
from conftest import claim, make_data_dir


def test_types(data_dir):
    transfers = load_transfers(data_dir)
    assert isinstance(transfers["status"].dtype, pd.CategoricalDtype)
    assert transfers["quantity"].dtype == "Int64"
    assert transfers["quantity"].tolist() == [3, 50, 24]
    assert transfers["value"].isna().all()
    assert transfers["attributed_to"].isna().tolist() == [True, False, True]
    assert transfers["event_date_precision"].astype(object).tolist()[2] == "year"
    assert transfers["line"].tolist() == [2, 3, 4]


def test_joined_view(data_dir):
    claims = load_claims(data_dir)
    assert claims[["claim_id", "outlet", "supplier_iso3", "recipient_kind"]].astype(object).where(
        claims[["claim_id", "outlet", "supplier_iso3", "recipient_kind"]].notna(), None).values.tolist() == [
        ["sa-01", "Daily A", "FRA", "state"], ["sa-02", "Daily A", "FRA", "state"], ["sb-01", None, "FRA", "state"]]


def test_invalid_data_raises_with_the_problems(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(status="shipd")])
    with pytest.raises(DataError) as err:
        load_tables(data)
    assert "transfers.csv:2: status: unknown value" in str(err.value)
    assert len(err.value.problems) == 1


def test_the_repository_data_loads():
    transfers = load_transfers()
    assert len(transfers) > 30 and transfers["claim_id"].is_unique


def test_validating_loader_reads_each_file_once(data_dir, monkeypatch):
    import importlib

    module = importlib.import_module("armsdata.validate")  # armsdata.validate is the function
    read = []
    original = module.read_table
    monkeypatch.setattr(module, "read_table", lambda path: read.append(path) or original(path))
    load_tables(data_dir)
    assert sorted(map(str, read)) == sorted(str(data_dir / name) for name in
                                           ("transfers.csv", "sources.csv", "actors.csv", "systems.csv"))

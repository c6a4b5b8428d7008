"""Typed loaders."""

from __future__ import annotations

from pathlib import Path

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
    from armsdata.validation import run as module  # where the validator reads each file
    read = []
    original = module.read_table
    monkeypatch.setattr(module, "read_table", lambda path: read.append(path) or original(path))
    load_tables(data_dir)
    assert sorted(map(str, read)) == sorted(str(data_dir / name) for name in
                                           ("transfers.csv", "sources.csv", "actors.csv", "systems.csv"))


def test_loading_again_reads_nothing_until_a_file_changes(data_dir, monkeypatch):
    from armsdata.validation import run as module
    read = []
    original = module.read_table
    monkeypatch.setattr(module, "read_table", lambda path: read.append(path) or original(path))
    first = load_transfers(data_dir)
    load_transfers(data_dir)
    assert len(read) == 4  # the second call came from the cache
    first.loc[0, "system"] = "changed by the caller"  # a copy: the cache is not affected
    assert load_transfers(data_dir).loc[0, "system"] == "GM200"
    tables = load_tables(data_dir)  # shallow copies of the cached tables: pandas copies on write
    tables["transfers"].loc[0, "system"] = "changed by the caller"
    tables["transfers"]["added"] = 1
    tables["sources"].iloc[0, 0] = "changed by the caller"
    again = load_tables(data_dir)
    assert again["transfers"].loc[0, "system"] == "GM200" and "added" not in again["transfers"]
    assert again["sources"].iloc[0, 0] != "changed by the caller"
    archive = data_dir / "archive" / "sb.txt"
    archive.write_text(archive.read_text(encoding="utf-8") + "More text.\n", encoding="utf-8")
    load_transfers(data_dir)
    assert len(read) == 8  # an archived text changed: validated again


def test_which_data(tmp_path, monkeypatch, data_dir):
    from armsdata.load import packaged_data_dir, resolve_data_dir

    monkeypatch.delenv("ARMSDATA_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path / "data" / "archive")  # no ./data here
    assert resolve_data_dir() == packaged_data_dir()
    assert (packaged_data_dir() / "transfers.csv").is_file()
    monkeypatch.chdir(tmp_path)  # ./data holds transfers.csv
    assert resolve_data_dir() == Path("data")
    monkeypatch.setenv("ARMSDATA_DATA_DIR", str(tmp_path / "other"))
    assert resolve_data_dir() == tmp_path / "other"
    assert resolve_data_dir("given") == Path("given")


def test_the_loaders_honour_ARMSDATA_DATA_DIR(data_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("ARMSDATA_DATA_DIR", str(data_dir))
    monkeypatch.chdir(tmp_path / "data" / "archive")
    assert load_transfers()["claim_id"].tolist() == ["sa-01", "sa-02", "sb-01"]


def test_load_transfers_is_ready_for_every_analysis(data_dir):
    import armsdata

    claims = load_transfers(data_dir)
    assert len(armsdata.who_arms_whom(claims)) == 1  # France -> Armenia
    assert set(armsdata.discrepancies(claims)["deal_id"]) == {"fra-arm-bastion"}
    assert len(armsdata.provenance(claims)) == len(armsdata.deals(claims)) == 2


def test_the_register_categories_are_the_datas_else_the_shipped_ones(tmp_path):
    from armsdata.load import load_register_categories
    from conftest import make_data_dir

    data = make_data_dir(tmp_path)
    shipped = load_register_categories(data)  # the data has none: the package's
    assert len(shipped) > 300 and "armoured personnel carrier" in set(shipped["description"])
    (data / "register").mkdir()
    (data / "register" / "categories.csv").write_text(
        "description,sipri_category,category,also,notes\nlaser dazzler,Sensors,radars_sensors,,\n", encoding="utf-8")
    own = load_register_categories(data)
    assert list(zip(own["description"], own["category"].astype(str))) == [("laser dazzler", "radars_sensors")]
    (data / "register" / "categories.csv").write_text(
        "description,sipri_category,category,also,notes\nlaser dazzler,Sensors,unspecified,,\n", encoding="utf-8")
    with pytest.raises(DataError, match="category"):
        load_register_categories(data)

"""Typed loaders."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from armsdata.load import DataError, load_data, load_register, load_tables, load_transfers
from conftest import claim, count_schema_checks, make_data_dir
from test_database import with_register


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
    claims = load_transfers(data_dir)
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


def test_each_loader_reads_the_data_as_it_is_now(data_dir):
    assert load_transfers(data_dir).loc[0, "system"] == "GM200"
    path = data_dir / "transfers.csv"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"GM200"', '"GM201"', 1), encoding="utf-8")  # the same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time: a copy tool keeps it
    assert load_transfers(data_dir).loc[0, "system"] == "GM201"  # nothing kept from the call before


def test_load_data_validates_once_and_gives_every_table(data_dir, monkeypatch):
    with_register(data_dir)
    checks = count_schema_checks(monkeypatch)
    data = load_data(data_dir)
    assert data.claims["claim_id"].tolist() == ["sa-01", "sa-02", "sb-01"]
    assert data.claims["outlet"].tolist()[:2] == ["Daily A", "Daily A"]  # joined with the sources
    assert data.transfers["quantity"].tolist() == [3, 50, 24]
    assert data.sources["source_id"].tolist() == ["sa", "sb"]
    assert data.actors["name"].tolist() == ["Armenia", "France", "Turkey"]
    assert data.systems["system_id"].tolist() == ["gm200", "bastion"]
    assert data.register["designation"].tolist() == ["Bastion", "Ground Master-200"]
    assert data.has_register and data.register.attrs["actors"] is None  # no .extract.json: the whole export
    assert "armoured personnel carrier" in set(data.categories["description"])  # the data has none: the package's
    data.claims, data.register, data.categories  # asked again: read from the object, not the files
    assert checks == {"transfers": 1, "sources": 1, "actors": 1, "systems": 1, "register": 1,
                      "register_categories": 1}  # the package's categories, checked when first asked for


def test_each_table_of_a_data_set_is_a_copy(data_dir):
    data = load_data(data_dir)
    changed = data.transfers
    changed.loc[0, "system"] = "changed by the caller"
    changed["added"] = 1
    claims = data.claims
    claims.loc[0, "system"] = "changed by the caller"
    assert data.transfers.loc[0, "system"] == "GM200" and "added" not in data.transfers
    assert data.claims.loc[0, "system"] == "GM200"


def test_loaded_tables_remember_their_data_directory(data_dir, monkeypatch, tmp_path):
    from armsdata import analysis, load

    with_register(data_dir)
    monkeypatch.chdir(data_dir / "archive")  # a relative path names the same directory after a chdir
    relative = Path("..")
    tables = [load_transfers(relative), load_register(relative), *load_tables(relative).values(),
              load.load_sources(relative), load.load_actors(relative), load.load_systems(relative)]
    monkeypatch.chdir(tmp_path)
    assert [table.attrs["data_dir"] for table in tables] == [str(data_dir)] * len(tables)
    claims = load_transfers(data_dir)
    # what an analyst does to the claims before comparing them with the register keeps it
    kept = [claims[claims["status"] == "delivered"], analysis.filter_claims(claims, status="agreed"),
            claims.sort_values("claim_id").reset_index(drop=True), claims.assign(n=1), claims.copy()]
    assert [table.attrs["data_dir"] for table in kept] == [str(data_dir)] * len(kept)


def test_the_register_of_a_data_directory_or_of_a_file(data_dir, tmp_path):
    with pytest.raises(DataError, match=r"register/sipri.csv:0: \(file\): file not found; write one with "
                                        r"'armsdata import-sipri"):
        load_register(data_dir)
    with_register(data_dir)
    path = data_dir / "register" / "sipri.csv"
    assert load_register(data_dir)["designation"].tolist() == ["Bastion", "Ground Master-200"]
    elsewhere = load_register(path=path)  # a register CSV anywhere: only that file is read
    assert elsewhere["number_ordered"].tolist() == [24, 3] and "data_dir" not in elsewhere.attrs
    with pytest.raises(TypeError, match="not both"):
        load_register(data_dir, path=path)


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

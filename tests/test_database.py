"""armsdata export --format sqlite: one typed database with keys, indexes and full-text search, and its
Datasette metadata; the site it makes, queried in-process (no network, no open port)."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from armsdata import schema
from armsdata.analysis import deals
from armsdata.database import BOOLEAN_NOTE, DATABASE, METADATA, database_bytes
from armsdata.export import export, write_export
from armsdata.io import read_table
from armsdata.load import load_transfers
from armsdata.sipri import CREDIT
from conftest import REPO, SYSTEMS, claim, make_data_dir, write_csv

#: Two register rows written by hand: a year marked uncertain, a deal with nothing delivered yet, empty cells.
REGISTER_ROWS = [
    {"sipri_id": "", "supplier": "France", "recipient": "Armenia", "supplier_iso3": "FRA", "recipient_iso3": "ARM",
     "designation": "Bastion", "description": "APC", "category": "", "order_year": "2023",
     "order_year_estimated": "true", "number_ordered": "24", "number_ordered_estimated": "false",
     "number_delivered": "24", "number_delivered_estimated": "false", "delivery_years": "2023; 2024",
     "status": "New", "comments": "", "tiv_per_unit": "0.5", "tiv_order": "12", "tiv_delivered": "12"},
    {"sipri_id": "", "supplier": "France", "recipient": "Armenia", "supplier_iso3": "FRA", "recipient_iso3": "ARM",
     "designation": "Ground Master-200", "description": "air search radar", "category": "", "order_year": "2023",
     "order_year_estimated": "false", "number_ordered": "3", "number_ordered_estimated": "false",
     "number_delivered": "0", "number_delivered_estimated": "false", "delivery_years": "", "status": "New",
     "comments": "", "tiv_per_unit": "", "tiv_order": "", "tiv_delivered": ""},
]


def with_register(data: Path) -> Path:
    (data / "register").mkdir()
    write_csv(data / "register" / "sipri.csv", REGISTER_ROWS, schema.REGISTER.columns)
    return data


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The hand-made data (3 claims, two of them about Bastions; source sb has no title) with a two-deal
    register, exported once."""
    root = tmp_path_factory.mktemp("sqlite")
    data = with_register(make_data_dir(root))
    export(data, root / "out", "sqlite")
    return root


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def search(db: sqlite3.Connection, words: str) -> set[str]:
    rows = db.execute("SELECT claim_id FROM claims WHERE rowid IN "
                      "(SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)", [words])
    return {claim_id for (claim_id,) in rows}


def column_types(db: sqlite3.Connection, table: str) -> dict[str, str]:
    return {name: kind for _, name, kind, *_ in db.execute(f'PRAGMA table_info("{table}")')}


def test_the_database_holds_every_table(exported):
    db = connect(exported / "out" / DATABASE)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"claims", "sources", "actors", "systems", "deals", "register", "claims_fts"} <= tables
    counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
              for t in ("claims", "sources", "actors", "systems", "deals", "register")}
    # 3 claims of 2 deals (fra-arm-gm200, fra-arm-bastion), as conftest writes them
    assert counts == {"claims": 3, "sources": 2, "actors": 3, "systems": 2, "deals": 2, "register": 2}
    assert sorted(p.name for p in (exported / "out").iterdir()) == [".armsdata-manifest", DATABASE, METADATA]


def test_full_text_search_finds_the_bastion_claims(exported):
    db = connect(exported / "out" / DATABASE)
    # sa-02 quotes 'the sale of 50 "Bastion" vehicles', sb-01 '24 Bastion armoured vehicles'; sa-01 is the GM200
    assert search(db, "Bastion") == {"sa-02", "sb-01"}
    assert search(db, "bastions") == {"sa-02", "sb-01"}  # porter stemming: the plural finds the singular
    assert search(db, "radars") == {"sa-01"}
    assert search(db, "Bastion provocation") == {"sa-02"}  # every word must match
    assert search(db, "Mistral") == set()


def test_columns_are_typed_and_empty_cells_are_null(exported):
    db = connect(exported / "out" / DATABASE)
    claims = column_types(db, "claims")
    assert (claims["quantity"], claims["value"], claims["event_date"], claims["quote"]) == (
        "INTEGER", "REAL", "TEXT", "TEXT")
    rows = db.execute("SELECT claim_id, quantity, typeof(quantity), typeof(value), event_date, attributed_to "
                      "FROM claims ORDER BY claim_id").fetchall()
    assert rows == [("sa-01", 3, "integer", "null", None, None),
                    ("sa-02", 50, "integer", "null", None, "Recep Tayyip Erdogan (president, Turkey)"),
                    ("sb-01", 24, "integer", "null", "2023", None)]  # a partial date stays text
    register = column_types(db, "register")
    assert (register["order_year"], register["order_year_estimated"], register["tiv_per_unit"]) == (
        "INTEGER", "INTEGER", "REAL")
    assert db.execute("SELECT designation, order_year_estimated, number_delivered, delivery_years, tiv_per_unit, "
                      "comments FROM register ORDER BY rowid").fetchall() == [
        ("Bastion", 1, 24, "2023; 2024", 0.5, None), ("Ground Master-200", 0, 0, None, None, None)]


def test_keys_are_declared_and_hold(exported):
    db = connect(exported / "out" / DATABASE)
    references = {(row[3], row[2], row[4]) for row in db.execute("PRAGMA foreign_key_list(claims)")}
    assert references == {("source_id", "sources", "source_id"), ("supplier", "actors", "name"),
                          ("recipient", "actors", "name"), ("system_id", "systems", "system_id"),
                          ("deal_id", "deals", "deal_id"), ("parent_deal_id", "deals", "deal_id"),
                          ("overlaps_deal_id", "deals", "deal_id")}
    deal_references = {(row[3], row[2], row[4]) for row in db.execute("PRAGMA foreign_key_list(deals)")}
    assert {("supplier", "actors", "name"), ("recipient", "actors", "name")} <= deal_references
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    primary = {t: [name for _, name, _, _, _, pk in db.execute(f'PRAGMA table_info("{t}")') if pk]
               for t in ("claims", "sources", "actors", "systems", "deals", "register")}
    assert primary == {"claims": ["claim_id"], "sources": ["source_id"], "actors": ["name"],
                       "systems": ["system_id"], "deals": ["deal_id"], "register": []}


def test_the_key_check_finds_a_broken_reference(tmp_path):
    # the check above can fail: a claim whose source is missing (written without validation)
    frames = {t.name: pd.DataFrame({c: pd.Series([], dtype=str) for c in t.columns}) for t in schema.TABLES}
    frames["transfers"] = pd.DataFrame([claim(source_id="nowhere", system_id="")], dtype=str)
    (tmp_path / DATABASE).write_bytes(database_bytes(frames))
    db = connect(tmp_path / DATABASE)
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    # its source, and both its actors (no actors at all here); an empty system_id refers to nothing
    assert sorted((table, parent) for table, _, parent, _ in problems) == [
        ("claims", "actors"), ("claims", "actors"), ("claims", "sources")]


def test_the_columns_people_filter_by_are_indexed(exported):
    db = connect(exported / "out" / DATABASE)

    def indexed(table: str) -> set[str]:
        names = [row[1] for row in db.execute(f'PRAGMA index_list("{table}")')]
        return {db.execute(f'PRAGMA index_info("{n}")').fetchone()[2] for n in names}

    assert {"supplier", "recipient", "deal_id", "status", "system_id", "source_id"} <= indexed("claims")
    assert {"supplier", "recipient"} <= indexed("deals") and {"supplier", "recipient"} <= indexed("register")
    plan = " ".join(str(r) for r in db.execute("EXPLAIN QUERY PLAN SELECT * FROM claims WHERE status = 'agreed'"))
    assert "idx_claims_status" in plan


def test_the_deals_table_is_the_analysis_table(exported):
    expected = deals(load_transfers(exported / "data"))
    db = connect(exported / "out" / DATABASE)
    names = list(expected.columns)  # whatever columns deals() has
    assert [name for _, name, *_ in db.execute("PRAGMA table_info(deals)")] == names
    stored = pd.read_sql_query("SELECT * FROM deals ORDER BY rowid", db)
    for name in names:
        want = [None if pd.isna(v) else v for v in expected[name].astype(object)]
        got = [None if pd.isna(v) else v for v in stored[name].astype(object)]
        assert got == want, name


def test_the_deals_get_the_types_of_their_schema_and_nulls(tmp_path):
    from armsdata.codec import text_of

    frames = {t.name: pd.DataFrame([], columns=t.columns, dtype=str) for t in schema.TABLES}
    # two deals as deals() types them: a package (delivered, 50 agreed, counted) and a component naming no
    # system and no number
    typed = pd.DataFrame({c: pd.Series([pd.NA, pd.NA], dtype="object") for c in schema.DEALS.columns})
    typed = typed.assign(deal_id=["fra-arm-package", "fra-arm-gm200"], parent_deal_id=[pd.NA, "fra-arm-package"],
                         kind=["package", "component"], supplier="France", recipient="Armenia",
                         system_id=["bastion", pd.NA], system=["Bastion", "radars"], category="radars_sensors",
                         furthest_stage=pd.Categorical(["delivered", None], categories=schema.PIPELINE_STAGES,
                                                       ordered=True),
                         agreed_high=pd.array([50, None], dtype="Int64"), n_claims=pd.array([2, 1], dtype="Int64"),
                         n_sources=1, n_supporting_origins=1, n_disputing_origins=0, n_alleging_origins=0,
                         asserted=True, committed=True, general=False, undated=False, subject=True,
                         counted=pd.array([True, False], dtype="boolean"),
                         counted_up_to=pd.array([True, False], dtype="boolean"))
    frames["deals"] = text_of(typed, schema.DEALS)
    (tmp_path / DATABASE).write_bytes(database_bytes(frames))
    db = connect(tmp_path / DATABASE)
    types = column_types(db, "deals")
    assert list(types) == schema.DEALS.columns
    assert (types["kind"], types["furthest_stage"], types["agreed_high"], types["n_claims"], types["counted"]) == (
        "TEXT", "TEXT", "INTEGER", "INTEGER", "INTEGER")
    assert db.execute("SELECT deal_id, parent_deal_id, system_id, furthest_stage, agreed_high, n_claims, counted, "
                      "typeof(counted) FROM deals ORDER BY rowid").fetchall() == [
        ("fra-arm-package", None, "bastion", "delivered", 50, 2, 1, "integer"),
        ("fra-arm-gm200", "fra-arm-package", None, None, None, 1, 0, "integer")]
    # the deals make the references their columns share with the claims; a package is a deal
    references = {(row[3], row[2], row[4]) for row in db.execute("PRAGMA foreign_key_list(deals)")}
    assert references == {("supplier", "actors", "name"), ("recipient", "actors", "name"),
                          ("system_id", "systems", "system_id"), ("parent_deal_id", "deals", "deal_id"),
                          ("overlaps_deal_id", "deals", "deal_id")}


def test_the_same_data_gives_the_same_bytes(tmp_path):
    data = with_register(make_data_dir(tmp_path))
    first = export(data, tmp_path / "a", "sqlite")
    second = export(data, tmp_path / "b", "sqlite")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    changed = make_data_dir(tmp_path / "changed", systems=[SYSTEMS[0], {**SYSTEMS[1], "notes": "changed"}])
    with_register(changed)
    assert export(changed, tmp_path / "c", "sqlite")[0].read_bytes() != first[0].read_bytes()


def test_no_register_no_register_table(data_dir, tmp_path):
    export(data_dir, tmp_path / "out", "sqlite")
    db = connect(tmp_path / "out" / DATABASE)
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'register'").fetchone() == (0,)
    assert "register" not in json.loads((tmp_path / "out" / METADATA).read_text("utf-8"))["databases"]["armsdata"][
        "tables"]


def test_write_export_without_deals_has_no_deals_and_no_reference_to_them(tmp_path):
    frames = {t.name: pd.DataFrame([], columns=t.columns, dtype=str) for t in schema.TABLES}
    write_export(frames, tmp_path, "sqlite")
    db = connect(tmp_path / DATABASE)
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'deals'").fetchone() == (0,)
    assert "deals" not in {row[2] for row in db.execute("PRAGMA foreign_key_list(claims)")}


# --------------------------------------------------------------------------
# Datasette's metadata
# --------------------------------------------------------------------------


def test_metadata_describes_every_column_from_the_schema(exported):
    meta = json.loads((exported / "out" / METADATA).read_text("utf-8"))
    assert meta["license"] == "CC-BY-4.0" and "MIT" in meta["description"]
    tables = meta["databases"]["armsdata"]["tables"]
    for table, name in [(schema.TRANSFERS, "claims"), (schema.SOURCES, "sources"), (schema.ACTORS, "actors"),
                        (schema.SYSTEMS, "systems"), (schema.REGISTER, "register")]:
        assert list(tables[name]["columns"]) == table.columns
    claims = tables["claims"]["columns"]
    assert claims["quantity"] == "Number of items, as stated; empty if the source gives none."  # as in armsdata.schema
    assert claims["claim_id"] == "Unique id of the claim: '<source_id>-<n>'."  # a code span quoted
    assert tables["register"]["columns"]["order_year_estimated"].endswith(BOOLEAN_NOTE)
    assert tables["deals"]["columns"]["supplier"] == ("Who reportedly supplies: a 'name' of actors.csv. The same for all "
                                                      "claims of a deal.")
    assert list(tables["deals"]["columns"]) == schema.DEALS.columns
    register = tables["register"]
    assert register["source"] == CREDIT == "Information from the SIPRI Arms Transfers Database"
    assert CREDIT in register["description"] and "non-commercial" in register["license"]


def test_metadata_describes_every_column_of_every_table_in_plain_text(exported):
    meta = json.loads((exported / "out" / METADATA).read_text("utf-8"))["databases"]["armsdata"]
    db = connect(exported / "out" / DATABASE)
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                             "LIKE 'claims_fts%' ORDER BY name")]
    assert tables == ["actors", "claims", "deals", "register", "sources", "systems"]
    markup = re.compile(r"``|:[a-z]+:[`']|`[^`]*`|\\[a-z]")  # literals, Sphinx roles (also quoted), code spans
    for name in tables:
        described = meta["tables"][name]
        assert described["description"] and not markup.search(described["description"]), name
        columns = [column for _, column, *_ in db.execute(f'PRAGMA table_info("{name}")')]
        assert set(described["columns"]) == set(columns), name
        for column in columns:
            text = described["columns"][column]
            assert text.strip() and not markup.search(text), (name, column, text)
    assert ":data:" not in json.dumps(meta)


def test_facets_sorts_and_labels_name_columns_the_tables_have(exported):
    meta = json.loads((exported / "out" / METADATA).read_text("utf-8"))
    db = connect(exported / "out" / DATABASE)
    for name, table in meta["databases"]["armsdata"]["tables"].items():
        columns = set(column_types(db, name))
        named = [*table.get("facets", []), *[table[k] for k in ("sort", "sort_desc", "label_column") if k in table]]
        assert named and set(named) <= columns, name
        assert set(table["columns"]) <= columns, name
    assert meta["databases"]["armsdata"]["tables"]["claims"]["facets"][0] == "status"
    # every label column is one that is never empty (Datasette prints "None" for an empty label)
    for name, table in meta["databases"]["armsdata"]["tables"].items():
        if "label_column" in table:
            assert db.execute(f'SELECT count(*) FROM "{name}" WHERE "{table["label_column"]}" IS NULL').fetchone() == (
                0,), name


# --------------------------------------------------------------------------
# The site, through Datasette's in-process client
# --------------------------------------------------------------------------


def datasette_get(directory: Path, *paths: str) -> list:
    from datasette.app import Datasette

    site = Datasette([str(directory / DATABASE)],
                     metadata=json.loads((directory / METADATA).read_text(encoding="utf-8")))

    async def get_all():
        await site.invoke_startup()
        return [await site.client.get(path) for path in paths]

    return asyncio.run(get_all())


def test_the_site_answers_a_search_and_shows_the_metadata(exported):
    found, page, register, meta = datasette_get(
        exported / "out", "/armsdata/claims.json?_search=Bastion&_shape=array",
        "/armsdata/claims?_search=Bastion", "/armsdata/register", "/-/metadata.json")
    assert found.status_code == page.status_code == register.status_code == 200
    assert sorted(row["claim_id"] for row in found.json()) == ["sa-02", "sb-01"]
    assert {row["status"] for row in found.json()} == {"agreed", "delivered"}
    html = page.text
    assert "2 rows where search matches" in html
    assert "One row per claim: one source saying one thing about one transfer." in html  # the table's description
    assert "CC-BY-4.0" in html and "Number of items, as stated" in html  # licence and a column's description
    assert CREDIT in register.text
    assert ">None</a>" not in html  # source sb has no title: the link to it shows its id, not "None"
    assert meta.json()["title"] == "armsdata: reported arms transfers, one row per press claim"


def test_the_readme_command_serves_the_real_data(tmp_path):
    """``datasette armsdata.db -m metadata.json`` on the repository's data, through Datasette's own --get."""
    data = REPO / "data"
    export(data, tmp_path, "sqlite")
    command = [sys.executable, "-m", "datasette", DATABASE, "-m", METADATA, "--get",
               "/armsdata/claims.json?_search=Bastion&_shape=array&_size=max"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True)
    found = {row["claim_id"] for row in json.loads(result.stdout)}
    claims = read_table(data / "transfers.csv")
    text = claims["quote"].fillna("") + " " + claims["notes"].fillna("")
    assert found == set(claims.loc[text.str.contains("bastion", case=False), "claim_id"])
    assert len(found) >= 5
    db = connect(tmp_path / DATABASE)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    counts = {t.name: len(read_table(data / t.filename)) for t in (*schema.TABLES, schema.REGISTER)}
    assert counts == {t: db.execute(f'SELECT count(*) FROM "{t if t != "transfers" else "claims"}"').fetchone()[0]
                      for t in counts}

"""One SQLite database of every table, with its Datasette metadata: ``armsdata export --format sqlite``.

``armsdata.db`` holds, typed (``INTEGER``, ``REAL``, ``TEXT``; ``NULL`` for an empty
cell, "the source does not say"; the register's ``true``/``false`` flags as 1/0):

* ``claims`` (transfers.csv), ``sources``, ``actors``, ``systems``: the curated tables, each
  with its primary key and the foreign keys of :data:`armsdata.schema.FOREIGN_KEYS`;
* ``deals``: :func:`armsdata.analysis.deals` of the claims, in the columns of
  :data:`armsdata.schema.DEALS`; a claim's ``deal_id``, ``parent_deal_id`` and ``overlaps_deal_id``
  refer to it (the key of a deal is here, not among the claims, where a ``deal_id`` repeats);
* ``register``: SIPRI's register extract (``register/sipri.csv``), when the data has one, and
  ``register_categories`` (``register/categories.csv``), the claims' category of each of its descriptions.

Indexes on the columns people filter by (:data:`INDEXED`), and full-text search (FTS5,
porter stemming, so "Bastions" finds "Bastion") over the claims' quotes and notes in
``claims_fts``. ``metadata.json``, written beside it, gives Datasette the title, licences,
sources, SIPRI's credit line for the register, a description of every table and column (the
descriptions of :mod:`armsdata.schema`, as plain text) and facets, sort orders and label columns, so that
``datasette armsdata.db -m metadata.json`` is a browsable, searchable site.

The database is built in memory, in one fixed order, compacted (``VACUUM``) and
serialised: the same tables give the same bytes with the same SQLite library (its version
number is written into the file's header). It is written atomically by the export machinery.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pandas as pd

from armsdata import codec, schema

DATABASE = "armsdata.db"
METADATA = "metadata.json"
#: What Datasette calls the database: the file's name without its suffix.
DATABASE_NAME = Path(DATABASE).stem

#: The name of a curated table in the database, where it differs from its schema name: a row of
#: transfers.csv is a claim.
TABLE_NAMES = {"transfers": "claims"}
#: Columns people filter by; each table that has one gets an index on it (its primary key has one).
INDEXED = ("supplier", "recipient", "deal_id", "parent_deal_id", "status", "system_id", "source_id")
#: The claims' columns searched by full text, and the stemmer: English quotes, "Bastions" finds "Bastion".
SEARCHED = ("quote", "notes")
TOKENIZER = "porter"


def db_name(table: str) -> str:
    """The name of a schema table in the database: ``transfers`` is ``claims``, the others keep theirs."""
    return TABLE_NAMES.get(table, table)


def schema_tables() -> dict[str, schema.Table]:
    """Every table the database may hold, by schema name: the curated ones, the register and the deals."""
    return {t.name: t for t in (*schema.TABLES, *schema.OPTIONAL_TABLES, schema.DEALS)}


# --------------------------------------------------------------------------
# The database
# --------------------------------------------------------------------------


def database_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """The SQLite file of text tables (schema name -> frame, ``""`` for an empty cell).

    ``frames`` holds the curated tables and, optionally, the register and the deals (as text:
    :func:`armsdata.codec.text_of`); without the deals the database has no deals table and
    no foreign keys to it.
    """
    import sqlite_utils

    tables = schema_tables()
    has_deals = schema.DEALS.name in frames
    connection = sqlite3.connect(":memory:")
    try:
        db = sqlite_utils.Database(connection)
        for name in sorted(frames, key=_creation_rank):
            table = tables[name]
            columns = {f.name: codec.kind(f).sql for f in table.fields}
            _add_table(db, db_name(name), columns, text_records(frames[name], table), pk=table.primary_key or None,
                       not_null=[f.name for f in table.fields if f.required],
                       foreign_keys=foreign_keys(name, table.columns, has_deals))
        if "transfers" in frames:
            db[db_name("transfers")].enable_fts(list(SEARCHED), fts_version="FTS5", tokenize=TOKENIZER)
        connection.commit()
        connection.execute("VACUUM")  # one canonical page layout, whatever the inserts left behind
        return connection.serialize()
    finally:
        connection.close()


#: The order tables are created in: sqlite-utils declares a foreign key only to a table that exists.
CREATION_ORDER = ("sources", "actors", "systems", "deals", "transfers", "register", "register_categories")


def _creation_rank(name: str) -> int:
    return CREATION_ORDER.index(name)


def _add_table(db, name: str, columns: dict[str, str], records: list[dict], *, pk: str | None,
               foreign_keys: list[tuple[str, str, str]], not_null: list[str] = ()) -> None:
    """Create ``name`` (also when it has no rows), insert ``records`` in order, index its filter columns."""
    table = db[name]
    table.create(columns, pk=pk, foreign_keys=foreign_keys, not_null=not_null)
    table.insert_all(records)
    for column in INDEXED:
        if column in columns and column != pk:
            table.create_index([column])


def foreign_keys(name: str, columns: list[str], has_deals: bool) -> list[tuple[str, str, str]]:
    """``(column, other table, other column)`` for each reference a table of the database makes.

    The references of :data:`schema.FOREIGN_KEYS`, with two changes: a ``deal_id`` is the key of
    the deals table (among the claims it repeats, and SQLite refers only to a key), and the
    deals table makes the references of the claims' columns that describe the deal as a whole
    (:data:`schema.DEAL_FIELDS`) it has.

    >>> foreign_keys("deals", ["deal_id", "supplier", "claims"], True)
    [('supplier', 'actors', 'name')]
    """
    source = "transfers" if name == "deals" else name
    out = []
    for (table, column), (other, key) in schema.FOREIGN_KEYS.items():
        if table != source or column not in columns or (name == "deals" and column not in schema.DEAL_FIELDS):
            continue
        if (other, key) == ("transfers", "deal_id"):
            if not has_deals:
                continue
            other = "deals"
        out.append((column, db_name(other), key))
    if name == "transfers" and has_deals and "deal_id" in columns:
        out.append(("deal_id", "deals", "deal_id"))
    return out


def text_records(frame: pd.DataFrame, table: schema.Table) -> list[dict]:
    """The rows of a text table as typed cells (:func:`armsdata.codec.python_values`: integers, floats, booleans,
    which SQLite stores as 1 and 0, and text; None where empty).

    >>> t = schema.Table("t", "t.csv", "", (schema.Field("n", "", type="integer"), schema.Field("s", "")), "n")
    >>> text_records(pd.DataFrame({"n": ["24", ""], "s": ["NA", ""]}), t)
    [{'n': 24, 's': 'NA'}, {'n': None, 's': None}]
    """
    cells = {f.name: codec.python_values(frame[f.name], f) for f in table.fields}
    return [dict(zip(cells, row)) for row in zip(*cells.values())]


def read_database(path: Path) -> dict[str, dict[str, list]]:
    """The tables of a database (schema name -> column -> cells, in row order): Python numbers and text,
    ``None`` where empty, flags as 1/0 (:func:`armsdata.codec.text_frame` makes them the CSV text again)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = {}
        held = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in schema_tables().values():
            if table not in schema.TABLES and db_name(table.name) not in held:
                continue
            names = ", ".join(f'"{c}"' for c in table.columns)
            rows = connection.execute(f'SELECT {names} FROM "{db_name(table.name)}" ORDER BY rowid').fetchall()
            out[table.name] = {c: [row[i] for row in rows] for i, c in enumerate(table.columns)}
        return out
    finally:
        connection.close()


# --------------------------------------------------------------------------
# Datasette's metadata
# --------------------------------------------------------------------------

#: How Datasette shows each table: facets offered, the order of rows, the column that names a row
#: where another table refers to it. Only the columns a table has are used.
BROWSING: dict[str, dict[str, object]] = {
    "claims": {"facets": ["status", "category", "supplier", "recipient"], "sort": "claim_id"},
    # a source is labelled by its id: by default Datasette labels it by its title, and prints "None"
    # where a source has none
    "sources": {"facets": ["source_type", "outlet_country", "language"], "sort": "source_id",
                "label_column": "source_id"},
    "actors": {"facets": ["kind"], "sort": "name"},
    "systems": {"facets": ["category", "producer_country"], "sort": "system_id", "label_column": "designation"},
    "deals": {"facets": ["kind", "supplier", "recipient", "category", "furthest_stage"], "sort": "deal_id",
              "label_column": "system"},
    "register": {"facets": ["supplier", "recipient", "status"], "sort_desc": "order_year"},
    "register_categories": {"facets": ["sipri_category", "category"], "sort": "description"},
}

DESCRIPTION = (
    "Reported arms transfers, one row per claim: one published source saying that someone supplies, sells, "
    "delivers, plans, refuses or denies weapons to someone, with the quantity, value, stage and date only "
    "where the source states them (NULL where it does not), and the source's own words as a verbatim quote. "
    "The claims of one deal share a deal_id; the deals table has one row per deal. Search the quotes and "
    "notes on the claims table. Data: CC-BY-4.0, except the register table (SIPRI's terms); the armsdata "
    "code that builds this database: MIT."
)


def metadata(columns: dict[str, list[str]]) -> dict:
    """Datasette's metadata for a database holding ``columns`` (table name in the database -> its columns)."""
    from armsdata.datapackage import PACKAGE

    licence = PACKAGE["licenses"][0]
    tables = {name: table_metadata(name, names) for name, names in columns.items()}
    return {
        "title": PACKAGE["title"],
        "description": DESCRIPTION,
        "license": licence["name"],
        "license_url": licence["path"],
        "source": "Press reports, op-eds, analyses and official statements, archived as plain text "
                  "(the sources table)",
        # the description again for the database's page, where Datasette shows no other
        "databases": {DATABASE_NAME: {"description": DESCRIPTION, "tables": tables}},
    }


def table_metadata(name: str, columns: list[str]) -> dict:
    """One table's metadata: description, column descriptions, facets, sort order, label column, licence."""
    described = column_descriptions(name, columns)
    out: dict[str, object] = {"description": table_description(name)}
    if described:
        out["columns"] = described
    for key, value in BROWSING.get(name, {}).items():
        if isinstance(value, list):
            value = [c for c in value if c in columns]
        if value and (isinstance(value, list) or value in columns):
            out[key] = value
    if name == "register":
        from armsdata.sipri import CREDIT, SIPRI_URL

        out.update(source=CREDIT, source_url=SIPRI_URL, license="SIPRI's terms: non-commercial use, with the "
                   "credit line", license_url=SIPRI_URL)
    return out


def table_description(name: str) -> str:
    """What a table of the database holds, from :mod:`armsdata.schema`."""
    table = _schema_table(name)
    text = _plain(table.description)
    if name == "register":
        from armsdata.sipri import CREDIT

        text += (f" {CREDIT}. SIPRI's terms, not this database's licence, govern this table: non-commercial "
                 "use, with that credit line.")
    return text


def column_descriptions(name: str, columns: list[str]) -> dict[str, str]:
    """Each column's description, from its :class:`schema.Field`."""
    fields = {f.name: f for f in _schema_table(name).fields}
    return {c: _plain(fields[c].description) + (BOOLEAN_NOTE if fields[c].type == "boolean" else "")
            for c in columns if c in fields}


#: SQLite has no booleans; the files' ``true``/``false`` are stored as 1/0, and the description says so.
BOOLEAN_NOTE = " Stored as 1 (true) or 0 (false)."


def _schema_table(name: str) -> schema.Table:
    by_db_name = {db_name(t.name): t for t in schema_tables().values()}
    return by_db_name[name]


def _plain(text: str) -> str:
    """Datasette shows descriptions as plain text: a Markdown code span is quoted; a docstring's literal and
    cross-reference (``:func:`~armsdata.deals```) are unmarked.

    >>> _plain("Years of delivery, `; `-separated; see ``deals`` and :data:`~armsdata.schema.DEALS`.")
    "Years of delivery, '; '-separated; see deals and armsdata.schema.DEALS."
    """
    text = re.sub(r":[a-z]+:`~?(.+?)`", r"\1", " ".join(text.split()))
    text = re.sub(r"``(.+?)``", r"\1", text)
    return re.sub(r"`(.+?)`", r"'\1'", text)


def metadata_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """``metadata.json`` for the database of :func:`database_bytes` (stable key order, final newline)."""
    tables = schema_tables()
    columns = {db_name(name): tables[name].columns for name in frames}
    return (json.dumps(metadata(columns), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def encode(frames: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """The files of the sqlite export: the database and, beside it, its Datasette metadata."""
    return {DATABASE: database_bytes(frames), METADATA: metadata_bytes(frames)}

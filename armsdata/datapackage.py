"""The Frictionless Data Package descriptor (``datapackage.json``), generated from :mod:`armsdata.schema`.

Other tools (the Frictionless validator, R's ``frictionless``, Open Data portals)
read ``datapackage.json`` to learn the tables, their types and their keys. It is
never edited by hand: ``armsdata datapackage`` rewrites it from :data:`schema.TABLES`
and ``armsdata datapackage --check`` (run in the tests) fails when it is stale.

How the text-only CSV convention maps onto Table Schema:

* every cell is text and ``""`` means "the source does not say": ``missingValues: [""]``,
  so ``"NA"`` stays Namibia;
* ``integer`` and ``number`` fields keep their Table Schema types, with ``minimum: 0``;
* partial dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) are strings with a pattern;
* ISO codes are three capital letters (the code lists themselves are checked by
  ``armsdata validate``, against pycountry, so the descriptor does not go stale
  when a code list changes);
* vocabularies become ``enum`` constraints, in vocabulary order;
* ``boolean`` fields (the register's estimate flags) are Table Schema booleans written
  ``true``/``false``.

Rules that Table Schema cannot express (the rules across columns, quotes found
in the archived texts, numbers stated in the quote) are checked by ``armsdata validate``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from armsdata import schema

#: Where the descriptor lives, relative to the repository root; data paths inside are relative to it.
DATAPACKAGE_FILE = "datapackage.json"

CODE_PATTERN = "[A-Z]{3}"

PACKAGE = {
    "name": "armsdata",
    "title": "armsdata: reported arms transfers, one row per press claim",
    "description": (
        "A curated dataset of *reported* arms-transfer claims: who reportedly supplies what to whom, "
        "in what quantity and at what stage, and which source said so, in its own words (a verbatim "
        "quote found in the archived text of the source). All cells are text; an empty cell means "
        "the source does not say. Rules that Table Schema cannot express (rules across columns, "
        "quotes found verbatim in the archived texts, numbers stated in the quote) are checked by "
        "`armsdata validate`. Generated from armsdata/schema/ by `armsdata datapackage`; do not edit."
    ),
    "keywords": ["arms transfers", "arms trade", "press claims", "open data"],
    "licenses": [{
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International",
    }],
    "sources": [{
        "title": "Press reports, op-eds, analyses and official statements, each listed in data/sources.csv "
                 "and archived as plain text under data/archive/",
        "path": "data/sources.csv",
    }],
}


def datapackage(data_path: str = "data") -> dict[str, Any]:
    """The Data Package descriptor for the tables under ``data_path`` (relative to the descriptor).

    >>> [r["path"] for r in datapackage()["resources"]]  # doctest: +NORMALIZE_WHITESPACE
    ['data/transfers.csv', 'data/sources.csv', 'data/actors.csv', 'data/systems.csv', 'data/register/sipri.csv',
     'data/register/categories.csv']
    """
    from armsdata import __version__

    return {
        "profile": "tabular-data-package",
        **PACKAGE,
        "version": __version__,
        "resources": [resource(table, data_path) for table in schema.TABLES] + [register_resource(data_path),
                                                                                resource(schema.REGISTER_CATEGORIES,
                                                                                         data_path)],
    }


def register_resource(data_path: str = "data") -> dict[str, Any]:
    """The SIPRI register extract: its Table Schema, where it says what it holds, and SIPRI's credit line."""
    from armsdata.extract import extract_path
    from armsdata.sipri import CREDIT, SIPRI_URL

    out = resource(schema.REGISTER, data_path)
    sidecar = extract_path(f"{data_path}/{schema.REGISTER.filename}")
    out["description"] = (
        f"{schema.REGISTER.description} An extract, under 1% of the register: {sidecar} names the SIPRI export "
        f"it was imported from, that export's date, and the actors whose deals (as supplier or recipient) it "
        f"holds. {CREDIT}. SIPRI's terms, not this package's licence, govern this table: non-commercial use, "
        "with that credit line."
    )
    out["sources"] = [{"title": CREDIT, "path": SIPRI_URL}]
    return out


def resource(table: schema.Table, data_path: str = "data") -> dict[str, Any]:
    """One tabular data resource: the CSV file of ``table`` and its Table Schema."""
    return {
        "name": table.name,
        "path": f"{data_path}/{table.filename}",
        "profile": "tabular-data-resource",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": table_schema(table),
    }


def table_schema(table: schema.Table) -> dict[str, Any]:
    """The Table Schema of ``table``: fields, missing values, primary and foreign keys."""
    out: dict[str, Any] = {
        "fields": [field_descriptor(f) for f in table.fields],
        "missingValues": [""],
    }
    if table.primary_key:  # the register has none
        out["primaryKey"] = [table.primary_key]
    keys = foreign_keys(table)
    if keys:
        out["foreignKeys"] = keys
    return out


def field_descriptor(f: schema.Field) -> dict[str, Any]:
    """One Table Schema field; see the module docstring for how types are mapped.

    >>> field_descriptor(schema.TRANSFERS.field("quantity"))["constraints"]
    {'minimum': 0}
    """
    description = f.description
    constraints: dict[str, Any] = {}
    if f.required:
        constraints["required"] = True
    if f.unique:
        constraints["unique"] = True
    if f.type in ("integer", "number"):
        constraints["minimum"] = 0
    if f.vocabulary:
        constraints["enum"] = list(f.vocabulary)
    if f.codes:
        constraints["pattern"] = CODE_PATTERN
        description += f" ({schema.CODE_LABELS[f.codes]})"
    elif f.pattern and f.type in ("string", "date"):  # Table Schema has patterns for strings only
        constraints["pattern"] = table_schema_pattern(f.pattern)
    out: dict[str, Any] = {
        "name": f.name,
        "type": f.type if f.type in ("integer", "number", "boolean") else "string",
        "description": description,
    }
    if f.type == "boolean":  # the cells are written true/false, and nothing else counts as one
        out.update(trueValues=["true"], falseValues=["false"])
    if f.example:
        out["example"] = f.example
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema_pattern(pattern: str) -> str:
    """A regex of armsdata.schema as a Table Schema pattern, which is implicitly anchored.

    >>> table_schema_pattern(r"^[0-9]{4}(?:-[0-9]{2})?$")
    '[0-9]{4}(?:-[0-9]{2})?'
    """
    return re.sub(r"^\^|\$$", "", pattern)


def foreign_keys(table: schema.Table) -> list[dict[str, Any]]:
    """The foreign keys of ``table``: claims point at their source, their two actors, their system and package.

    A reference to the table itself names the resource ``""``, as Table Schema asks.
    """
    return [{"fields": [column], "reference": {"resource": "" if other == table.name else other, "fields": [key]}}
            for (name, column), (other, key) in schema.FOREIGN_KEYS.items() if name == table.name]


def datapackage_json(data_path: str = "data") -> str:
    """The descriptor as the text committed in ``datapackage.json`` (stable key order, final newline)."""
    return json.dumps(datapackage(data_path), indent=2, ensure_ascii=False) + "\n"

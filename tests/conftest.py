"""Shared fixtures and helpers: a tiny, hand-made, valid data directory; typed claims from text rows."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from armsdata import schema
from armsdata.load import join_claims, typed

REPO = Path(__file__).resolve().parent.parent

ARCHIVE_A = """France to sell arms to Armenia
Paris — France will deliver three GM200 radars to Armenia, the minister said.
Turkey’s president called the sale of 50 “Bastion” vehicles a provocation.
"""
ARCHIVE_B = "Armenia received 24 Bastion armoured vehicles in 2023, officials said.\n"

SOURCES = [
    {"source_id": "sa", "outlet": "Daily A", "title": "France to sell arms to Armenia", "author": "",
     "published": "2023-12", "url": "https://example.org/a", "source_type": "news_report",
     "outlet_country": "FRA", "language": "en", "archive": "archive/sa.txt", "notes": ""},
    {"source_id": "sb", "outlet": "", "title": "", "author": "", "published": "", "url": "",
     "source_type": "op_ed", "outlet_country": "", "language": "en", "archive": "archive/sb.txt", "notes": ""},
]
ACTORS = [
    {"name": "Armenia", "kind": "state", "iso3": "ARM", "aliases": "", "notes": ""},
    {"name": "France", "kind": "state", "iso3": "FRA", "aliases": "", "notes": ""},
    {"name": "Turkey", "kind": "state", "iso3": "TUR", "aliases": "Türkiye; Turkiye", "notes": ""},
]


def claim(**changes: str) -> dict[str, str]:
    """A valid claim row; keyword arguments override its cells."""
    row = {c: "" for c in schema.TRANSFERS.columns}
    row.update(claim_id="sa-01", deal_id="fra-arm-gm200", source_id="sa", supplier="France",
               recipient="Armenia", system="GM200", category="radars_sensors", quantity="3",
               quantity_qualifier="exact", status="intent",
               quote="France will deliver three GM200 radars to Armenia, the minister said.")
    row.update(changes)
    return row


TRANSFERS = [
    claim(),
    claim(claim_id="sa-02", deal_id="fra-arm-bastion", system="Bastion", category="armoured_vehicles",
          quantity="50", status="agreed", attributed_to="Recep Tayyip Erdogan (president, Turkey)",
          quote="Turkey's president called the sale of 50 \"Bastion\" vehicles a provocation."),
    claim(claim_id="sb-01", deal_id="fra-arm-bastion", source_id="sb", system="Bastion",
          category="armoured_vehicles", quantity="24", status="delivered", event_date="2023",
          quote="Armenia received 24 Bastion armoured vehicles in 2023"),
]


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)


def make_data_dir(root: Path, transfers=TRANSFERS, sources=SOURCES, actors=ACTORS) -> Path:
    """Write a data directory under ``root`` and return it."""
    data = root / "data"
    (data / "archive").mkdir(parents=True)
    (data / "archive" / "sa.txt").write_text(ARCHIVE_A, encoding="utf-8")
    (data / "archive" / "sb.txt").write_text(ARCHIVE_B, encoding="utf-8")
    write_csv(data / "transfers.csv", transfers, schema.TRANSFERS.columns)
    write_csv(data / "sources.csv", sources, schema.SOURCES.columns)
    write_csv(data / "actors.csv", actors, schema.ACTORS.columns)
    return data


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A valid hand-made data directory (3 claims, 2 sources, 3 actors)."""
    return make_data_dir(tmp_path)


@pytest.fixture
def repo_data_copy(tmp_path: Path) -> Path:
    """A copy of the repository's curated data/ directory, safe to modify."""
    return Path(shutil.copytree(REPO / "data", tmp_path / "data"))


@pytest.fixture(scope="session")
def small_data(tmp_path_factory) -> Path:
    """The hand-made data directory, shared read-only by the tests of a whole session."""
    return make_data_dir(tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="session")
def built(small_data) -> dict[str, bytes]:
    """The report of :func:`small_data`, built once: ``{relative path: bytes}``."""
    import matplotlib

    matplotlib.use("Agg")
    from armsdata.report import build_report

    return build_report(small_data)


def make_claims(rows: list[dict[str, str]], sources: dict[str, dict[str, str]] | None = None) -> pd.DataFrame:
    """Typed, joined claims from text rows, the way load_claims() returns them.

    Each row needs at least claim_id, deal_id, source_id and status; a source not
    described in ``sources`` is a news report with no outlet and no country.
    """
    defaults = {"supplier": "France", "recipient": "Armenia", "system": "Bastion",
                "category": "armoured_vehicles", "quote": "a quote"}
    text = pd.DataFrame([{**{c: "" for c in schema.TRANSFERS.columns}, **defaults, **row} for row in rows])
    text.loc[text["quantity"] != "", "quantity_qualifier"] = text["quantity_qualifier"].replace("", "exact")
    text.index = pd.Index(range(2, 2 + len(text)), name="line")
    source_rows = []
    for source_id in sorted(set(text["source_id"])):
        row = {c: "" for c in schema.SOURCES.columns}
        row.update(source_id=source_id, source_type="news_report", language="en",
                   archive=f"archive/{source_id}.txt")
        row.update((sources or {}).get(source_id, {}))
        source_rows.append(row)
    actor_names = sorted(set(text["supplier"]) | set(text["recipient"]))
    actors = pd.DataFrame([{"name": n, "kind": "state", "iso3": "", "aliases": "", "notes": ""} for n in actor_names])
    return join_claims(typed(text, schema.TRANSFERS), typed(pd.DataFrame(source_rows), schema.SOURCES),
                       typed(actors, schema.ACTORS))

"""Shared fixtures and helpers: a tiny, hand-made, valid data directory; typed claims from text rows;
which tests are slow; how hard hypothesis tries."""

from __future__ import annotations

import collections
import csv
import os
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from armsdata import schema
from armsdata.load import join_claims, typed

#: CI runs every test with hypothesis' larger profile; a developer's run skips the slow tests
#: (the notebooks, the fuzzing of whole data directories, building and installing a wheel)
#: unless asked for them with --runslow.
IN_CI = bool(os.environ.get("CI"))


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", help="also run the tests marked slow (CI always does)")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes tens of seconds; runs in CI, or locally with --runslow")


def pytest_collection_modifyitems(config, items):
    if IN_CI or config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: runs in CI (CI=true), or locally with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def examples(ci: int) -> int:
    """How many examples a property test tries: ``ci`` in CI, a tenth of it (at least 10) locally."""
    return ci if IN_CI else max(10, ci // 10)

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
    {"name": "Armenia", "kind": "state", "iso3": "ARM", "aliases": "", "subject": "true", "notes": ""},
    {"name": "France", "kind": "state", "iso3": "FRA", "aliases": "", "subject": "", "notes": ""},
    {"name": "Turkey", "kind": "state", "iso3": "TUR", "aliases": "Türkiye; Turkiye", "subject": "false", "notes": ""},
]


def claim(**changes: str) -> dict[str, str]:
    """A valid claim row; keyword arguments override its cells."""
    row = {c: "" for c in schema.TRANSFERS.columns}
    row.update(claim_id="sa-01", deal_id="fra-arm-gm200", source_id="sa", supplier="France",
               recipient="Armenia", system="GM200", system_id="gm200", category="radars_sensors", quantity="3",
               quantity_qualifier="exact", status="intent",
               quote="France will deliver three GM200 radars to Armenia, the minister said.")
    row.update(changes)
    return row


TRANSFERS = [
    claim(),
    claim(claim_id="sa-02", deal_id="fra-arm-bastion", system="Bastion", system_id="bastion",
          category="armoured_vehicles", quantity="50", status="agreed", attributed_to="Recep Tayyip Erdogan (president, Turkey)",
          quote="Turkey's president called the sale of 50 \"Bastion\" vehicles a provocation."),
    claim(claim_id="sb-01", deal_id="fra-arm-bastion", source_id="sb", system="Bastion armoured vehicles",
          system_id="bastion", category="armoured_vehicles", quantity="24", status="delivered", event_date="2023",
          quote="Armenia received 24 Bastion armoured vehicles in 2023"),
]


def system(**changes: str) -> dict[str, str]:
    """A valid systems.csv row; keyword arguments override its cells."""
    row = {"system_id": "gm200", "designation": "GM200", "description": "air-search radar",
           "category": "radars_sensors", "producer_country": "FRA", "sipri_designations": "Ground Master-200",
           "aliases": "Ground Master 200", "notes": ""}
    row.update(changes)
    return row


SYSTEMS = [
    system(),
    system(system_id="bastion", designation="Bastion", description="armoured personnel carrier",
           category="armoured_vehicles", sipri_designations="Bastion", aliases="Bastion armoured vehicles"),
]


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)


def make_data_dir(root: Path, transfers=TRANSFERS, sources=SOURCES, actors=ACTORS, systems=SYSTEMS) -> Path:
    """Write a data directory under ``root`` and return it."""
    data = root / "data"
    (data / "archive").mkdir(parents=True)
    (data / "archive" / "sa.txt").write_text(ARCHIVE_A, encoding="utf-8")
    (data / "archive" / "sb.txt").write_text(ARCHIVE_B, encoding="utf-8")
    write_csv(data / "transfers.csv", transfers, schema.TRANSFERS.columns)
    write_csv(data / "sources.csv", sources, schema.SOURCES.columns)
    write_csv(data / "actors.csv", actors, schema.ACTORS.columns)
    write_csv(data / "systems.csv", systems, schema.SYSTEMS.columns)
    return data


def where(problems) -> list[tuple[str, int, str]]:
    """(file name, line, column) of each problem, for compact assertions."""
    return [(Path(p.path).name, p.line, p.column) for p in problems]


def located(problems) -> list[tuple[str, int, str, str]]:
    """(file name, line, column, message) of each problem."""
    return [(Path(p.path).name, p.line, p.column, p.message) for p in problems]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A valid hand-made data directory (3 claims, 2 sources, 3 actors, 2 systems)."""
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


def make_claims(rows: list[dict[str, str]], sources: dict[str, dict[str, str]] | None = None,
                systems: list[dict[str, str]] = SYSTEMS,
                subjects: tuple[str, ...] = ("Armenia", "Azerbaijan")) -> pd.DataFrame:
    """Typed, joined claims from text rows, the way load_transfers() returns them.

    Each row needs at least claim_id, deal_id, source_id and status; a source not
    described in ``sources`` is a news report with no outlet and no country. A claim's
    ``system_id`` (empty by default) is looked up in ``systems`` (rows of systems.csv).
    The actors named in ``subjects`` are the corpus' subject (``subject`` true in actors.csv).
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
    actors = pd.DataFrame([{"name": n, "kind": "state", "iso3": "", "aliases": "",
                            "subject": "true" if n in subjects else "", "notes": ""} for n in actor_names])

    def as_read(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.mask(frame == "")  # empty cells are missing, as read_table gives them

    system_rows = pd.DataFrame(systems, columns=schema.SYSTEMS.columns)
    return join_claims(typed(as_read(text), schema.TRANSFERS),
                       typed(as_read(pd.DataFrame(source_rows)), schema.SOURCES),
                       typed(as_read(actors), schema.ACTORS), typed(as_read(system_rows), schema.SYSTEMS))


def count_schema_checks(monkeypatch) -> collections.Counter:
    """How many times each table (by name) is checked against its schema from now on: every armsdata module's
    reference to ``armsdata.validation.failures.schema_problems`` (which ``table_problems`` calls too) counts
    its calls."""
    from armsdata.validation import failures

    original = failures.schema_problems
    calls: collections.Counter = collections.Counter()

    def counted(frame, table, label):
        calls[table.name] += 1
        return original(frame, table, label)

    for module in list(sys.modules.values()):
        if module.__name__.startswith("armsdata") and getattr(module, "schema_problems", None) is original:
            monkeypatch.setattr(module, "schema_problems", counted)
    return calls


#: The files :func:`fake_report` builds: three of the report's own paths, from the data's claims.
FAKE_REPORT = ("README.md", "figures/timeline.svg", "tables/timeline.csv")


@pytest.fixture
def fake_report(monkeypatch) -> tuple[str, ...]:
    """``armsdata.report.build_report`` made cheap for tests of what the commands do with a report (check,
    write, refuse, remove), whose content the report's own tests check: it validates and loads the data as
    the real one does (raising :class:`armsdata.DataError`), then gives three small files that depend on the
    claims. Returns their paths."""
    from armsdata.load import load_transfers

    def build_report(data_dir=None, *, progress=lambda _: None, processes=1):
        progress("validating and loading the data")
        claims = load_transfers(data_dir)
        progress("drawing figures/timeline.svg and .png")
        ids = "\n".join(sorted(claims["claim_id"])).encode("utf-8")
        return {"README.md": b"# report\n" + ids + b"\n", "figures/timeline.svg": b"<svg/>\n",
                "tables/timeline.csv": b"claim_id\n" + ids + b"\n"}

    monkeypatch.setattr("armsdata.report.build_report", build_report)
    return FAKE_REPORT

"""The curated corpus: provenance of the archived texts and basic shape of the claims."""

from __future__ import annotations

import csv

import pytest

from armsdata.io import read_table
from conftest import REPO

DATA = REPO / "data"
SEEDS = REPO.parent / "shared" / "seeds"


def test_every_archived_text_is_a_verbatim_slice_of_a_seed_document():
    if not SEEDS.is_dir():
        pytest.skip("the seed documents (../shared/seeds) are not beside this checkout")
    seeds = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
    for archive in sorted((DATA / "archive").glob("*.txt")):
        text = archive.read_bytes()
        assert text.strip() and any(text in seed for seed in seeds), archive.name


def test_every_source_has_its_own_archive_file():
    sources = read_table(DATA / "sources.csv")
    assert sorted(sources["archive"]) == sorted(f"archive/{p.name}" for p in (DATA / "archive").glob("*.txt"))
    assert (sources["archive"] == "archive/" + sources["source_id"] + ".txt").all()


def test_claim_ids_are_numbered_within_their_source():
    transfers = read_table(DATA / "transfers.csv")
    prefix = transfers["claim_id"].str.rsplit("-", n=1).str[0]
    assert (prefix == transfers["source_id"]).all()


def test_the_corpus_keeps_disagreements():
    transfers = read_table(DATA / "transfers.csv")
    bastion = transfers[transfers["deal_id"] == "fra-arm-bastion"]
    # sources tell the Bastion deal with different numbers (50 agreed, 24 delivered) and stages
    assert {"50", "24"} <= set(bastion["quantity"])
    assert bastion["status"].nunique() > 1 and bastion["source_id"].nunique() > 1


SIPRI_EXPORT = REPO.parent / "shared" / "sipri" / "trade-register_all_2026-05-18.csv"


def register_designations(recipients: set[str]) -> set[str]:
    """``Weapon designation`` of every deal of the real SIPRI export with one of ``recipients``."""
    lines = SIPRI_EXPORT.read_text(encoding="latin-1").splitlines()
    rows = csv.reader(lines[11:])  # 11 preamble lines, then the header (see ../shared/sipri/README.md)
    header = next(rows)
    recipient, designation = header.index("Recipient"), header.index("Weapon designation")
    return {row[designation] for row in rows if len(row) > designation and row[recipient] in recipients}


def test_sipri_designations_are_spelled_as_in_the_register():
    if not SIPRI_EXPORT.is_file():
        pytest.skip("the SIPRI export (../shared/sipri) is not beside this checkout")
    known = register_designations({"Armenia", "Azerbaijan"})
    systems = read_table(DATA / "systems.csv")
    spelled = {d.strip() for cell in systems["sipri_designations"].dropna() for d in cell.split(";") if d.strip()}
    assert spelled and spelled <= known, sorted(spelled - known)


def test_every_system_is_named_by_a_claim():
    systems = read_table(DATA / "systems.csv")
    transfers = read_table(DATA / "transfers.csv")
    assert set(systems["system_id"]) == set(transfers["system_id"].dropna())

"""The SIPRI importer: real excerpts with each quirk, both export formats, clean refusals, the shipped extract.

Expected values are read off the fixture lines by hand (quoted above each check), not produced
by the importer. The fixtures are described in tests/fixtures/sipri/README.md.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from armsdata import schema
from armsdata.cli import main
from armsdata.io import DataError
from armsdata.sipri import (
    COLUMNS,
    SIPRI_SPELLINGS,
    iso3,
    read_sipri,
    register_csv,
    register_problems,
)
from armsdata.extract import read_extract
from conftest import REPO, make_data_dir

#: What the shipped extract says of itself (data/register/sipri.extract.json).
EXTRACT = read_extract(REPO / "data" / schema.REGISTER.filename)

FIXTURES = Path(__file__).parent / "fixtures" / "sipri"
SHARED = REPO.parent / "shared" / "sipri"
NA = pd.NA


def row(frame: pd.DataFrame, line: int) -> dict:
    """The deal on ``line`` as a plain dict (missing values as <NA>)."""
    return {column: (NA if pd.isna(value) else value) for column, value in frame.loc[line].items()}


# --------------------------------------------------------------------------
# The trade register, as SIPRI writes it
# --------------------------------------------------------------------------


def test_register_columns_dtypes_and_metadata():
    deals = read_sipri(FIXTURES / "register.csv")
    assert list(deals.columns) == schema.REGISTER.columns == list(COLUMNS)
    assert deals.dtypes.astype(str).tolist() == [
        "Int64", "string", "string", "string", "string", "string", "string", "string", "Int64", "boolean",
        "Int64", "boolean", "Int64", "boolean", "string", "string", "string", "Float64", "Float64", "Float64"]
    assert deals.index.tolist() == list(range(13, 39))  # one deal per line after the header on line 12
    assert deals.attrs == {
        "source": str(FIXTURES / "register.csv"), "format": "trade register", "encoding": "latin-1",
        "title": "Transfers of major conventional arms from All countries  to All countries . Deals with "
                 "deliveries made for the year range 'Not specified' to 'Not specified'",
        "generated": "2026-05-18", "generated_as_written": "18 May 2026 2:29:20 PM",
        "year_range": ["Not specified", "Not specified"], "header_line": 12, "records": 26, "rejoined": 0,
        "skipped": {}, "deals": 26, "columns_not_kept": []}


def test_register_deals_read_by_hand():
    deals = read_sipri(FIXTURES / "register.csv")
    # line 13: Afghanistan,Soviet Union,1960,?,50,?,BM-13 132mm,multiple rocket launcher,50,?,1960; 1961,
    #          Second hand,Second-hand,0.08,4,4
    assert row(deals, 13) == {
        "sipri_id": NA, "supplier": "Soviet Union", "recipient": "Afghanistan", "supplier_iso3": "SUN",
        "recipient_iso3": "AFG", "designation": "BM-13 132mm", "description": "multiple rocket launcher",
        "category": NA, "order_year": 1960, "order_year_estimated": True, "number_ordered": 50,
        "number_ordered_estimated": True, "number_delivered": 50, "number_delivered_estimated": True,
        "delivery_years": "1960; 1961", "status": "Second hand", "comments": "Second-hand",
        "tiv_per_unit": 0.08, "tiv_order": 4.0, "tiv_delivered": 4.0}
    # line 20: Armenia,France,2024,,36,?,CAESAR 155mm,self-propelled gun,0,,,New,,1.1,39.6,0 (ordered, not delivered)
    assert row(deals, 20) == {
        "sipri_id": NA, "supplier": "France", "recipient": "Armenia", "supplier_iso3": "FRA",
        "recipient_iso3": "ARM", "designation": "CAESAR 155mm", "description": "self-propelled gun",
        "category": NA, "order_year": 2024, "order_year_estimated": False, "number_ordered": 36,
        "number_ordered_estimated": True, "number_delivered": 0, "number_delivered_estimated": False,
        "delivery_years": NA, "status": "New", "comments": NA, "tiv_per_unit": 1.1, "tiv_order": 39.6,
        "tiv_delivered": 0.0}
    # line 23: Armenia,India,2022,?,,,MArG 155mm,...: no number ordered, and no '?' on it
    assert (deals.at[23, "number_ordered"], deals.at[23, "number_ordered_estimated"]) == (NA, False)
    # line 16 (latin-1): ... Wärtsilä 12V32 (8000hp) diesel engine ...; line 31: 'Fleyta/Skorpion ' (padded)
    assert deals.at[16, "comments"].startswith("Wärtsilä 12V32")
    assert deals.at[18, "comments"] == "Second-hand; Argentine designation Santa Fé"
    assert deals.at[31, "designation"] == "Fleyta/Skorpion"
    # The TIV of delivered weapons and the numbers delivered of lines 13 to 38, copied from the file:
    tiv = ["4", "13.86", "3.2", "5", "11.2", "18.6", "12.5", "0", "3.84", "10", "0", "7.2", "71.28", "4", "28.8",
           "4", "21", "12", "10", "43.75", "0.18", "2.16", "0.75", "3", "0.5", "0"]
    delivered = [50, 60, 2, 2, 8, 1, 50, 0, 24, 50, 0, 18, 12, 100, 12, 2, 70, 300, 500, 125, 4, 20, 25, 10, 50, 0]
    assert deals["tiv_delivered"].tolist() == [float(t) for t in tiv]
    assert math.isclose(deals["tiv_delivered"].sum(), float(sum(map(Decimal, tiv))))
    assert deals["number_delivered"].sum() == sum(delivered) == 1495


def test_iso_codes_of_sipri_names():
    deals = read_sipri(FIXTURES / "register.csv")
    codes = dict(zip(deals["supplier"], deals["supplier_iso3"])) | dict(zip(deals["recipient"],
                                                                          deals["recipient_iso3"]))
    assert {name: (None if pd.isna(code) else code) for name, code in codes.items()} == {
        "Soviet Union": "SUN", "Bosnia-Herzegovina": "BIH", "East Germany (GDR)": "DDR", "Finland": "FIN",
        "unknown supplier(s)": None, "United States": "USA", "Russia": "RUS", "France": "FRA", "India": "IND",
        "Czechoslovakia": "CSK", "Ukraine": "UKR", "Israel": "ISR", "Turkiye": "TUR", "Yugoslavia": "YUG",
        "South Africa": "ZAF", "United Nations**": None, "Azerbaijan": "AZE", "Iran": "IRN", "Poland": "POL",
        "Afghanistan": "AFG", "Albania": "ALB", "Algeria": "DZA", "Angola": "AGO", "Argentina": "ARG",
        "Armenia": "ARM", "Austria": "AUT", "Cote d'Ivoire": "CIV", "Cyprus": "CYP", "DR Congo": "COD",
        "Ghana": "GHA", "Hezbollah (Lebanon)*": None, "unknown recipient(s)": None}


@pytest.mark.parametrize("name, code", [
    ("Viet Nam", "VNM"), ("Palestine", "PSE"), ("Micronesia", "FSM"), ("Taiwan", "TWN"), ("North Korea", "PRK"),
    ("Korea", None), ("South Vietnam", None), ("North Yemen", None), ("Kosovo", None), ("Libya GNC", None),
    ("Serbia and Montenegro", "SCG"), ("UAE", "ARE"), ("eSwatini", "SWZ"), ("African Union**", None)])
def test_iso3_of_other_names(name, code):
    assert iso3(name) == code


def test_every_hand_kept_spelling_names_an_iso_code():
    import pycountry

    known = {c.alpha_3 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.historic_countries}
    assert set(SIPRI_SPELLINGS.values()) <= known
    assert all(iso3(name) == code for name, code in SIPRI_SPELLINGS.items())


# --------------------------------------------------------------------------
# Quirks: every variant holds the same 26 deals
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name, encoding, header_line, rejoined", [
    ("register_utf8.csv", "utf-8", 12, 0),
    ("register_crlf.csv", "latin-1", 12, 0),
    ("register_no_preamble.csv", "latin-1", 1, 0),
    ("register_broken.csv", "latin-1", 12, 1),
    ("register_trailing_semicolons.csv", "latin-1", 12, 0),
    ("register_trailing_commas.csv", "latin-1", 12, 0),
    ("register_semicolon_after_last.csv", "latin-1", 12, 0),
])
def test_each_quirk_reads_the_same_deals(name, encoding, header_line, rejoined):
    base = read_sipri(FIXTURES / "register.csv")
    deals = read_sipri(FIXTURES / name)
    pd.testing.assert_frame_equal(deals.reset_index(drop=True), base.reset_index(drop=True))
    assert (deals.attrs["encoding"], deals.attrs["header_line"]) == (encoding, header_line)
    assert (deals.attrs["records"], deals.attrs["rejoined"], deals.attrs["skipped"]) == (26, rejoined, {})


QUIRKS = {  # each takes the physical lines of register.csv (without line ends) and gives a quirky export's
    "utf-8": lambda lines: [line.decode("latin-1").encode("utf-8") for line in lines],
    "no preamble": lambda lines: lines[11:],
    "';;;;;;;;' on every line": lambda lines: [line + b";;;;;;;;" for line in lines],
    "',,,' after every record": lambda lines: [line + b",,," * (i >= 11) for i, line in enumerate(lines)],
    "';' after the last field": lambda lines: [line + b";" * (i >= 12) for i, line in enumerate(lines)],
    "blank line": lambda lines: lines[:15] + [b""] + lines[15:],
    "padded by a spreadsheet": lambda lines: [padded(line, max(ln.count(b",") for ln in lines) + 1) for line in lines],
}


def padded(line: bytes, width: int = 16) -> bytes:
    """``line`` with empty fields appended up to ``width`` fields, as a spreadsheet saves a row shorter than others."""
    return line + b"," * max(0, width - 1 - line.count(b","))


def broken(lines: list[bytes]) -> list[bytes]:
    """The Mi-24P record (line 25) broken inside its Comments cell, as in register_broken.csv."""
    out = []
    for line in lines:
        head, found, tail = line.partition(b"Second-hand but modernized to")
        out += [head + b"Second-hand but modernized", b"to" + tail] if found else [line]
    return out


def test_quirks_together_read_the_same_deals(tmp_path):
    base = read_sipri(FIXTURES / "register.csv").reset_index(drop=True)
    lines = (FIXTURES / "register.csv").read_bytes().split(b"\n")[:-1]
    combinations = [c for r in (1, 2, 3) for c in itertools.combinations(QUIRKS, r)]
    for names in combinations:
        for break_first in (False, True):  # the stray line break before the quirks, or after (gets them too)
            for end in (b"\n", b"\r\n"):
                quirky = broken(lines) if break_first else lines
                for name in names:
                    quirky = QUIRKS[name](quirky)
                quirky = quirky if break_first else broken(quirky)
                path = write(tmp_path, "quirky.csv", end.join(quirky) + end)
                deals = read_sipri(path).reset_index(drop=True)
                pd.testing.assert_frame_equal(deals, base, obj=f"{names}, break first: {break_first}, {end!r}")


def test_a_record_broken_inside_its_comments_is_rejoined_on_its_first_line():
    deals = read_sipri(FIXTURES / "register_broken.csv")
    # lines 25-26: Azerbaijan,Ukraine,...,Second hand but modernized,Second-hand but modernized
    #              to Mi-24G before delivery,5.94,71.28,71.28
    assert deals.at[25, "comments"] == "Second-hand but modernized to Mi-24G before delivery"
    assert (deals.at[25, "tiv_per_unit"], deals.at[25, "tiv_delivered"]) == (5.94, 71.28)
    assert deals.index.tolist() == list(range(13, 26)) + list(range(27, 40))  # later deals one line down


def test_no_preamble_has_no_generation_date():
    deals = read_sipri(FIXTURES / "register_no_preamble.csv")
    assert (deals.attrs["generated"], deals.attrs["year_range"], deals.attrs["title"]) == (None, None, None)
    assert deals.index[0] == 2


def test_supplier_filtered_variant():
    deals = read_sipri(FIXTURES / "register_by_supplier.csv")
    assert (len(deals), deals.attrs["header_line"], deals.attrs["generated"]) == (10, 7, "2026-05-18")
    assert deals.attrs["title"].startswith("Transfers of major conventional arms from Israel ")
    # line 12: Australia,Israel,2023,,,,Spike-LR-2,anti-tank missile,40,?,2024; 2025,New,...,0.06,0,2.4
    assert row(deals, 12) | {"comments": None} == {  # comments checked apart: long
        "sipri_id": NA, "supplier": "Israel", "recipient": "Australia", "supplier_iso3": "ISR",
        "recipient_iso3": "AUS", "designation": "Spike-LR-2", "description": "anti-tank missile", "category": NA,
        "order_year": 2023, "order_year_estimated": False, "number_ordered": NA, "number_ordered_estimated": False,
        "number_delivered": 40, "number_delivered_estimated": True, "delivery_years": "2024; 2025",
        "status": "New", "comments": None, "tiv_per_unit": 0.06, "tiv_order": 0.0, "tiv_delivered": 2.4}
    # 'Deliveries in the Year Range' of lines 8-17: 3, 8, 4, 10, 40, 100, 1, 10, 50, 4
    assert deals["number_delivered"].tolist() == [3, 8, 4, 10, 40, 100, 1, 10, 50, 4]
    assert pd.isna(deals.at[8, "recipient_iso3"])  # African Union**


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def register_lines() -> list[bytes]:
    return (FIXTURES / "register.csv").read_bytes().split(b"\n")[:-1]


def test_blank_lines_are_skipped_and_counted(tmp_path):
    lines = register_lines()
    lines[20:20] = [b"", b",,,,,,,,,,,,,,,"]  # an empty line and one of separators only, before line 21
    deals = read_sipri(write(tmp_path, "blank.csv", b"\n".join(lines) + b"\n\n"))
    assert (len(deals), deals.attrs["records"], deals.attrs["skipped"]) == (26, 26, {"blank line": 3})
    assert deals.index[8] == 23  # the Bastion deal, line 21 in register.csv, is two lines down


def test_quoted_cells_of_a_resaved_file(tmp_path):
    text = (FIXTURES / "register_utf8.csv").read_text(encoding="utf-8")
    quoted = text.replace("For Akash SAM systems", '"For Akash SAM systems, ""Akash-1"""')
    deals = read_sipri(write(tmp_path, "quoted.csv", quoted.encode("utf-8")))
    assert deals.at[22, "comments"] == 'For Akash SAM systems, "Akash-1"'
    assert len(deals) == 26 and deals.at[23, "designation"] == "MArG 155mm"


def test_windows_1252_bytes_are_read_as_windows_1252(tmp_path):
    lines = register_lines()
    lines[21] = lines[21].replace(b"For Akash SAM systems", b"For India\x92s Akash SAM systems")  # line 22
    deals = read_sipri(write(tmp_path, "cp1252.csv", b"\n".join(lines) + b"\n"))
    assert deals.attrs["encoding"] == "cp1252"
    assert deals.at[22, "comments"] == "For India’s Akash SAM systems"


def test_utf16_from_a_spreadsheet(tmp_path):
    text = (FIXTURES / "register_utf8.csv").read_text(encoding="utf-8")
    deals = read_sipri(write(tmp_path, "utf16.csv", text.encode("utf-16")))
    assert deals.attrs["encoding"] == "utf-16" and deals.at[16, "comments"].startswith("Wärtsilä")


def test_a_piece_of_a_broken_record_that_looks_whole_is_still_joined(tmp_path):
    lines = register_lines()
    # line 21: Armenia,France,2023,... broken after its first letter: 'A' alone, then 16 fields
    lines[20:21] = [b"A", b"rmenia,France,2023,,24,?,Bastion,armoured personnel carrier,24,?,2023,New,,0.16,3.84,3.84"]
    deals = read_sipri(write(tmp_path, "early-break.csv", b"\n".join(lines) + b"\n"))
    assert len(deals) == 26 and deals.attrs["rejoined"] == 1
    assert (deals.at[21, "recipient"], deals.at[21, "designation"]) == ("A rmenia", "Bastion")


# A record broken inside a cell, then re-saved by a spreadsheet, which pads short rows with empty fields
# to the widest row's width. Lines 25-26 of register_broken.csv, unpadded:
#   Azerbaijan,Ukraine,2007,,12,,Mi-24P,combat helicopter,12,,2009; 2010,Second hand but modernized,Second-hand but modernized
#   to Mi-24G before delivery,5.94,71.28,71.28
MI24 = b"Second-hand but modernized to Mi-24G before delivery,5.94,71.28,71.28"


def broken_at(lines: list[bytes], text: bytes, at: int) -> list[bytes]:
    """``lines``, the one holding ``text`` broken by a line break after its first ``at`` bytes (a space there dropped)."""
    out = []
    for line in lines:
        head, found, tail = line.partition(text)
        out += [head + text[:at].rstrip(b" "), text[at:].lstrip(b" ") + tail] if found else [line]
    return out


END_OF_COMMENT = MI24.index(b",")  # the break at the end of the comment: the next line starts with a comma
SPREADSHEET_SHAPES = {
    # 13 fields, then the rest padded to 16: ',5.94,71.28,71.28,,,,,,,,,,,,' (the rest of the comment is empty)
    "13 fields, then the TIVs padded": lambda lines: [
        padded(line) if line.startswith(b",5.94") else line for line in broken_at(lines, MI24, END_OF_COMMENT)],
    # 13 fields, then 'to Mi-24G before delivery,5.94,71.28,71.28,,,,,,,,,,,,'
    "13 fields, then the rest of the comment padded": lambda lines: [
        padded(line) if line.startswith(b"to Mi") else line for line in broken_at(lines, MI24, 26)],
    # every line, preamble and both pieces too, padded to 16 (as LibreOffice and Google Sheets save)
    "every line padded": lambda lines: [padded(line) for line in broken_at(lines, MI24, 26)],
    "every line padded, the break at the end of the comment": lambda lines: [
        padded(line) for line in broken_at(lines, MI24, END_OF_COMMENT)],
    "every line padded, broken twice": lambda lines: [
        padded(line) for line in broken_at(broken_at(lines, MI24, 26), b"to Mi-24G before", 9)],
    # 'Azerbaijan,Ukraine,2007,,12,,Mi-24P,combat' padded, then 'helicopter,12,,2009; 2010,...,71.28' padded
    "every line padded, broken in the description": lambda lines: [
        padded(line) for line in broken_at(lines, b"Mi-24P,combat helicopter", 13)],
    # ',,,' appended to every line by the export, then every line padded to the widest (19 fields)
    "',,,' on every line, then every line padded": lambda lines: [
        padded(line, 19) for line in broken_at([line + b",,," for line in lines], MI24, 26)],
}


@pytest.mark.parametrize("shape", SPREADSHEET_SHAPES)
@pytest.mark.parametrize("encoding, end", [("latin-1", b"\n"), ("utf-8", b"\r\n"), ("utf-16", b"\r\n")])
def test_a_broken_record_padded_by_a_spreadsheet_is_rejoined(tmp_path, shape, encoding, end):
    lines = SPREADSHEET_SHAPES[shape](register_lines())
    text = (end.join(lines) + end).decode("latin-1")
    deals = read_sipri(write(tmp_path, "resaved.csv", text.encode(encoding)))
    base = read_sipri(FIXTURES / "register.csv")
    pd.testing.assert_frame_equal(deals.reset_index(drop=True), base.reset_index(drop=True))
    assert deals.at[25, "comments"] == "Second-hand but modernized to Mi-24G before delivery"
    assert (deals.at[25, "tiv_per_unit"], deals.at[25, "tiv_order"], deals.at[25, "tiv_delivered"]) == (
        5.94, 71.28, 71.28)
    assert (deals.attrs["records"], deals.attrs["rejoined"], deals.attrs["skipped"]) == (26, 1, {})
    assert deals.attrs["generated"] == "2026-05-18" and not deals.attrs["title"].endswith(",")


def test_a_per_year_record_padded_by_a_spreadsheet_is_rejoined(tmp_path):
    lines = (FIXTURES / "transfers.csv").read_bytes().split(b"\n")[:-1]
    # line 17: 52182,Belarus,Azerbaijan,Su-25,ground attack aircraft,Aircraft,2009,Yes,4,No,2010,... broken in
    # its description, both pieces padded to the 17 fields of the header
    resaved = [padded(line, 17) for line in broken_at(lines, b"ground attack aircraft,Aircraft,2009,Yes,4", 13)]
    deals = read_sipri(write(tmp_path, "resaved.csv", b"\r\n".join(resaved) + b"\r\n"))
    base = read_sipri(FIXTURES / "transfers.csv")
    pd.testing.assert_frame_equal(deals.reset_index(drop=True), base.reset_index(drop=True))
    assert deals.at[17, "description"] == "ground attack aircraft" and deals.attrs["rejoined"] == 1


def test_a_padded_record_whose_last_cell_is_empty_is_not_joined_to_the_next(tmp_path):
    lines = [padded(line) for line in register_lines()]
    # line 20: Armenia,France,2024,,36,?,CAESAR 155mm,...,New,,1.1,39.6,0 with its TIV delivered left empty;
    # line 21 (Bastion) is a record of its own: what it states does not fit in the cells line 20 leaves empty
    lines[19] = lines[19].removesuffix(b"0")
    assert lines[19].endswith(b",1.1,39.6,") and lines[19].count(b",") == 15
    deals = read_sipri(write(tmp_path, "open-end.csv", b"\n".join(lines) + b"\n"))
    assert (len(deals), deals.attrs["rejoined"]) == (26, 0)
    assert pd.isna(deals.at[20, "tiv_delivered"]) and deals.at[21, "designation"] == "Bastion"


def test_a_line_without_supplier_that_continues_nothing_is_refused(tmp_path, capsys):
    lines = register_lines()
    lines[20] = lines[20].replace(b"Armenia,France,", b"Armenia,,")  # line 21, the Bastion deal
    path = write(tmp_path, "no-supplier.csv", b"\n".join(lines) + b"\n")
    assert main(["import-sipri", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"{path}:21: Supplier: must not be empty")


# --------------------------------------------------------------------------
# The transfers export, one row per deal and delivery year
# --------------------------------------------------------------------------


def test_transfers_export_is_one_row_per_deal():
    deals = read_sipri(FIXTURES / "transfers.csv")
    assert (len(deals), deals.attrs["records"], deals.attrs["format"]) == (12, 22, "transfers by delivery year")
    assert deals.attrs["columns_not_kept"] == ["Delivery year is estimate", "SIPRI estimate", "Local production"]
    assert deals.attrs["year_range"] == ["1990", "2023"] and deals.attrs["generated"] == "2024-04-13"
    # a deal's line is its first row's: the twelve deals start on lines 13, 14, 15, 17, 21, 23-26, 28, 29, 31
    assert deals.index.tolist() == [13, 14, 15, 17, 21, 23, 24, 25, 26, 28, 29, 31]
    # lines 17-20, Su-25 (52182): delivered 1 (2010) + 4 (2011) + 1 (2012) + 5 (2009); TIV 4.6 + 18.4 + 4.6 + 23
    assert row(deals, 17) == {
        "sipri_id": 52182, "supplier": "Belarus", "recipient": "Azerbaijan", "supplier_iso3": "BLR",
        "recipient_iso3": "AZE", "designation": "Su-25", "description": "ground attack aircraft",
        "category": "Aircraft", "order_year": 2009, "order_year_estimated": True, "number_ordered": NA,
        "number_ordered_estimated": NA, "number_delivered": 11, "number_delivered_estimated": False,
        "delivery_years": "2009; 2010; 2011; 2012", "status": "Second hand", "comments": NA,
        "tiv_per_unit": 4.6, "tiv_order": NA, "tiv_delivered": 50.6}
    # lines 21-22, T-72M1 (57092): 31 (estimated: Yes) + 62 (No) = 93, estimated; TIV 32.24 + 64.48 = 96.72
    assert (deals.at[21, "number_delivered"], deals.at[21, "number_delivered_estimated"]) == (93, True)
    assert deals.at[21, "tiv_delivered"] == 96.72 and deals.at[21, "delivery_years"] == "2011; 2012"
    # lines 31-34, Harop: 4 x 25 in 2015-2018, 4 x 15 TIV
    assert (deals.at[31, "number_delivered"], deals.at[31, "tiv_delivered"]) == (100, 60.0)
    assert deals.at[31, "delivery_years"] == "2015; 2016; 2017; 2018"
    assert (deals.at[23, "recipient_iso3"], deals.at[24, "supplier_iso3"]) == ("SUN", "CSK")
    # all 22 'TIV delivery values' of the file, copied: the deals' sum is theirs
    tiv = ["4.4", "1.4", "33", "33", "4.6", "18.4", "4.6", "23", "32.24", "64.48", "36", "30", "441", "0.96", "0.24",
           "3.84", "0.2", "0.8", "15", "15", "15", "15"]
    assert math.isclose(deals["tiv_delivered"].sum(), float(sum(map(Decimal, tiv))))


def test_rows_of_one_deal_that_disagree_are_refused(tmp_path):
    text = (FIXTURES / "transfers.csv").read_text(encoding="utf-8")
    changed = text.replace("52182,Belarus,Azerbaijan,Su-25,ground attack aircraft,Aircraft,2009,Yes,4",
                           "52182,Belarus,Azerbaijan,Su-25,ground attack aircraft,Aircraft,2008,Yes,4")
    with pytest.raises(DataError) as error:
        read_sipri(write(tmp_path, "disagree.csv", changed.encode("utf-8")))
    assert [str(p) for p in error.value.problems] == [
        f"{tmp_path / 'disagree.csv'}:18: Order date: differs from the deal's first row, on line 17 "
        "(value: '2008')"]


# --------------------------------------------------------------------------
# Refusals: the command says what the file is not, in one or two lines, and writes nothing
# --------------------------------------------------------------------------

TIV_TABLE = (b"Volume of transfers of major arms\n"
             b"Figures are in millions of SIPRI trend-indicator values (TIVs).\n\n"
             b"Source: SIPRI Arms Transfers Database (c) SIPRI.\nData generated: 18 May 2026 2:29:20 PM\n\n"
             b"Supplier,2022,2023,2024,2025,2022-2025\nRussia,1,2,3,4,10\n")


def truncated() -> bytes:
    data = (FIXTURES / "register.csv").read_bytes()
    return data[:data.index(b"Armenia,France,2023") + 40]  # cut inside the Bastion record


@pytest.mark.parametrize("name, data, expected", [
    ("empty.csv", b"", ":0: (file): file is empty; expected a SIPRI trade register"),
    ("register.rtf", b"{\\rtf1\\ansi Recipient Supplier}",
     ":0: (file): is an RTF document (SIPRI's register as RTF), not a CSV file: download SIPRI's CSV export instead"),
    ("tiv.csv", TIV_TABLE, ":7: (file): is a SIPRI TIV table (values by year), not a trade register"),
    ("claims.csv", (REPO / "data" / "transfers.csv").read_bytes(),
     ":1: (header): not a SIPRI register's header (no column Weapon designation, Year of order)"),
    ("sources.csv", (REPO / "data" / "sources.csv").read_bytes(), ":0: (file): no header line found"),
    # 'Armenia,France,2023,,24,?,Bastion,armoured personnel car': 8 fields
    ("truncated.csv", truncated(), ":21: (row): record has 8 of the header's 16 fields and the file ends"),
    ("header-only.csv", b"\n".join(register_lines()[:12]) + b"\n", ":12: (file): a header but no records"),
    ("semicolons.csv", b"Recipient;Supplier;Year of order\nArmenia;Russia;2018\n",
     ":1: (file): its header is separated by ';', not commas"),
    ("words.csv", b"\n".join(register_lines()).replace(b",0.25,12.5,12.5", b",0.25,twelve,12.5") + b"\n",
     ":19: SIPRI TIV for total order: not a number (value: 'twelve')"),
])
def test_not_a_register_is_refused_with_exit_1_and_nothing_written(tmp_path, capsys, name, data, expected):
    path = write(tmp_path, name, data)
    out = tmp_path / "out.csv"
    assert main(["import-sipri", str(path), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert captured.out == "" and not out.exists()
    assert len(lines) == 2 and all(str(path) in line for line in lines)
    assert lines[0].startswith(str(path) + expected), lines[0]
    assert lines[1] == f"armsdata: {path}: not imported; nothing written"


def figure_bytes(fmt: str) -> bytes:
    import matplotlib.figure

    buffer = io.BytesIO()
    matplotlib.figure.Figure(figsize=(1, 1)).savefig(buffer, format=fmt)
    return buffer.getvalue()


def zipped(parts: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    book, buffer = openpyxl.Workbook(), io.BytesIO()
    book.active.append(["Recipient", "Supplier", "Year of order"])
    book.save(buffer)
    return buffer.getvalue()


# the start of an OLE2 compound file (its signature) and the name of an .xls file's stream, as its directory holds it
XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(56)
WORKBOOK = "save it as CSV (comma-separated), or download SIPRI's CSV export"
DOWNLOAD = "download SIPRI's CSV export instead"


@pytest.mark.parametrize("name, make, expected", [
    ("register.png", lambda: figure_bytes("png"), f"is a PNG image, not a CSV file: {DOWNLOAD}"),
    ("register.jpg", lambda: figure_bytes("jpg"), f"is a JPEG image, not a CSV file: {DOWNLOAD}"),
    ("register.pdf", lambda: figure_bytes("pdf"), f"is a PDF document, not a CSV file: {DOWNLOAD}"),
    ("register.xlsx", xlsx_bytes, f"is an Excel workbook (.xlsx), not a CSV file: {WORKBOOK}"),
    ("register.xls", lambda: XLS, f"is an Excel workbook (.xls), not a CSV file: {WORKBOOK}"),
    ("register.zip", lambda: zipped({"trade-register.csv": (FIXTURES / "register.csv").read_bytes()}),
     "is a zip archive (of trade-register.csv), not a CSV file: unzip it and import the CSV file"),
    ("register.csv.gz", lambda: gzip.compress((FIXTURES / "register.csv").read_bytes()),
     "is gzip-compressed, not a CSV file: decompress it (gunzip FILE) and import the CSV file it holds"),
    ("register.html", lambda: b"\xef\xbb\xbf\r\n<!DOCTYPE html>\r\n<html lang='en'><head><title>SIPRI Arms Transfers "
                              b"Database</title></head><body>Recipient,Supplier</body></html>\r\n",
     f"is a web page (HTML) saved from the browser, not a CSV file: {DOWNLOAD}"),
    ("register.bin", lambda: bytes(range(256)) * 16, f"is a binary file (not text), not a CSV file: {DOWNLOAD}"),
])
def test_a_file_of_another_kind_is_named_for_what_it_is(tmp_path, capsys, name, make, expected):
    path = write(tmp_path, name, make())
    assert main(["import-sipri", str(path), "--out", str(tmp_path / "out.csv")]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"{path}:0: (file): {expected}",
                                         f"armsdata: {path}: not imported; nothing written"]
    assert captured.out == "" and not (tmp_path / "out.csv").exists()


def test_utf16_without_a_byte_order_mark_is_read(tmp_path):
    text = (FIXTURES / "register_utf8.csv").read_text(encoding="utf-8")
    for codec in ("utf-16-le", "utf-16-be"):
        deals = read_sipri(write(tmp_path, f"{codec}.csv", text.encode(codec)))
        assert deals.attrs["encoding"] == "utf-16" and deals.at[16, "comments"].startswith("Wärtsilä")


def test_old_macintosh_line_ends_are_read(tmp_path):
    deals = read_sipri(write(tmp_path, "mac.csv", (FIXTURES / "register.csv").read_bytes().replace(b"\n", b"\r")))
    pd.testing.assert_frame_equal(deals, read_sipri(FIXTURES / "register.csv"))  # the same lines, too


def test_many_problems_are_shown_twenty_at_a_time(tmp_path, capsys):
    lines = register_lines()
    lines[12:] = [line.rsplit(b",", 1)[0] + b",lots" for line in lines[12:]]  # every TIV delivered
    path = write(tmp_path, "lots.csv", b"\n".join(lines) + b"\n")
    assert main(["import-sipri", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 21 and all("SIPRI TIV of delivered weapons: not a number (value: 'lots')" in e for e in err[:20])
    assert err[20] == f"armsdata: {path}: not imported; nothing written (26 problems, the first 20 shown)"


def test_mixed_and_truncated_utf8_are_refused_not_misread(tmp_path):
    utf8 = (FIXTURES / "register_utf8.csv").read_bytes()
    mixed = write(tmp_path, "mixed.csv", utf8.replace(b"Santa F\xc3\xa9", b"Santa F\xe9"))
    with pytest.raises(DataError, match=r"mixed.csv:18: \(file\): mixes UTF-8 with another encoding"):
        read_sipri(mixed)
    cut = write(tmp_path, "cut.csv", utf8[:utf8.index(b"\xc3\xa9") + 1])
    with pytest.raises(DataError, match="ends in the middle of a UTF-8 character"):
        read_sipri(cut)


def test_the_installed_command_prints_no_traceback(tmp_path):
    path = write(tmp_path, "tiv.csv", TIV_TABLE)
    run = subprocess.run([sys.executable, "-m", "armsdata.cli", "import-sipri", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr and run.stdout == ""


@pytest.mark.parametrize("argv, message", [
    (["import-sipri", "nowhere.csv"], "no such file: nowhere.csv"),
    (["import-sipri", str(FIXTURES / "register.csv"), "--actor", "Atlantis"],
     "--actor 'Atlantis' is not an actor of actors.csv"),
    (["import-sipri", str(FIXTURES / "register.csv"), "--actor", "Turkiye"],
     "--actor 'Turkiye' is an alias; use the actor's name 'Turkey'"),
])
def test_usage_errors_exit_2(data_dir, capsys, argv, message):
    assert main([*argv, "--data", str(data_dir)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err


def test_out_must_not_be_a_directory(tmp_path, capsys):
    assert main(["import-sipri", str(FIXTURES / "register.csv"), "--out", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_out_into_a_directory_that_does_not_exist_is_a_usage_error(tmp_path, capsys):
    out = tmp_path / "nowhere" / "sipri.csv"
    assert main(["import-sipri", str(FIXTURES / "register.csv"), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (f"armsdata: error: --out {out}: no such directory: {out.parent} "
                                       "(create it first)\n")
    assert not out.parent.exists()  # not created


def test_a_directory_given_as_the_export_is_named_a_directory(tmp_path, capsys):
    assert main(["import-sipri", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"armsdata: error: {tmp_path} is a directory, not a file; give the SIPRI "
                                       "export (a .csv file)\n")
    with pytest.raises(DataError, match=r":0: \(file\): is a directory, not a file; expected a SIPRI trade register"):
        read_sipri(tmp_path)


@pytest.mark.parametrize("name, words", [
    ("register.csv", "SIPRI trade register generated 2026-05-18, all years (latin-1)"),  # 'Not specified' to ...
    ("transfers.csv", "SIPRI transfers by delivery year generated 2024-04-13, years 1990 to 2023 (utf-8)"),
    ("register_no_preamble.csv", "SIPRI trade register, years not stated in the export (latin-1)"),
])
def test_the_summary_says_what_years_the_export_covers_in_words(capsys, name, words):
    assert main(["import-sipri", str(FIXTURES / name)]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"import-sipri: {FIXTURES / name}: {words}; ") and "Not specified" not in err


# --------------------------------------------------------------------------
# The command's output
# --------------------------------------------------------------------------


def test_actor_is_matched_through_its_aliases(tmp_path, capsys):
    data = make_data_dir(tmp_path)  # actors.csv: Turkey, aliases 'Türkiye; Turkiye'
    out = tmp_path / "turkey.csv"
    assert main(["import-sipri", str(FIXTURES / "register.csv"), "--actor", "Turkey", "--data", str(data),
                 "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    # lines 27 and 29: Azerbaijan,Turkiye,... and Cote d'Ivoire,Turkiye,...
    assert [(r["supplier"], r["recipient"], r["designation"]) for r in rows] == [
        ("Turkiye", "Azerbaijan", "Bayraktar TB-2"), ("Turkiye", "Cote d'Ivoire", "Cobra-2")]
    err = capsys.readouterr().err
    assert err.endswith("26 records read; nothing skipped; 26 deals; 2 written (supplier or recipient: Turkey) "
                        f"to {out} (what it covers: {tmp_path / 'turkey.extract.json'})\n")
    assert err.count("\n") == 1


def test_stdout_is_the_whole_table_as_utf8_csv(capsys):
    assert main(["import-sipri", str(FIXTURES / "register_broken.csv")]) == 0
    captured = capsys.readouterr()
    rows = list(csv.reader(io.StringIO(captured.out)))
    assert rows[0] == schema.REGISTER.columns and len(rows) == 27
    assert "1 of them re-joined from lines broken inside a cell" in captured.err
    # sorted by supplier, recipient, year of order, designation: 'Azerbaijan' supplies Ghana first
    assert rows[1][:3] == ["", "Azerbaijan", "Ghana"]
    mi24 = next(r for r in rows if r[5] == "Mi-24P")
    assert mi24[8:] == ["2007", "false", "12", "false", "12", "false", "2009; 2010", "Second hand but modernized",
                        "Second-hand but modernized to Mi-24G before delivery", "5.94", "71.28", "71.28"]


def test_register_csv_writes_numbers_booleans_and_gaps_plainly():
    frame = pd.DataFrame({column: pd.array([NA, NA], dtype=dtype) for column, dtype in COLUMNS.items()})
    frame["supplier"] = pd.array(["Russia", "France"], dtype="string")
    frame["order_year_estimated"] = pd.array([True, False], dtype="boolean")
    frame["tiv_delivered"] = pd.array([0.1 + 0.2, 4.0], dtype="Float64")  # 0.30000000000000004 as computed
    frame["number_ordered"] = pd.array([36, NA], dtype="Int64")
    lines = register_csv(frame).splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1] == ",France,,,,,,,,false,,,,,,,,,,4"  # France sorts before Russia
    assert lines[2] == ",Russia,,,,,,,,true,36,,,,,,,,,0.30000000000000004"


def test_register_problems_uses_the_file_line_column_format(tmp_path):
    text = register_csv(read_sipri(FIXTURES / "register.csv"))
    assert register_problems(write(tmp_path, "ok.csv", text.encode("utf-8"))) == []
    lines = text.splitlines()
    # line 2 is Azerbaijan's BTR-70 for Ghana (order year not estimated), line 3 Bosnia-Herzegovina's D-30
    assert lines[1].startswith(",Azerbaijan,Ghana,AZE,GHA,BTR-70,") and lines[2].startswith(",Bosnia-Herzegovina,")
    lines[1] = lines[1].replace(",2022,false,", ",2022,no,")
    lines[2] = lines[2].replace(",BIH,", ",XYZ,")
    path = write(tmp_path, "sipri.csv", ("\n".join(lines) + "\n").encode("utf-8"))
    problems = [str(p) for p in register_problems(path)]
    assert [p.split(": ")[0] for p in problems] == [f"{path}:2", f"{path}:3"]
    assert problems[0].startswith(f"{path}:2: order_year_estimated: ") and problems[0].endswith("(value: 'no')")
    assert problems[1].startswith(f"{path}:3: supplier_iso3: not an ISO 3166-1 alpha-3 country code, or ISO 3166-3")
    assert [str(p) for p in register_problems(tmp_path / "nowhere.csv")] == [
        f"{tmp_path / 'nowhere.csv'}:0: (file): file not found"]


# --------------------------------------------------------------------------
# The two shared exports, and the extract shipped in data/register/
# --------------------------------------------------------------------------

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/sipri (the real exports) is absent")


def independent_records(path: Path, encoding: str) -> list[list[str]]:
    """The records of a SIPRI export, read with the csv module and the re-joining rule written out here.

    The header is the first line whose cells include Supplier and Recipient. A record has as many
    fields as the header; a line with fewer is joined to the next ones (its last cell and their
    first cell being one cell) until it has as many. Blank lines are no records.
    """
    lines = path.read_text(encoding=encoding).splitlines()
    start = next(i for i, line in enumerate(lines) if {"Supplier", "Recipient"} <= set(line.split(",")))
    width = len(lines[start].split(","))
    records, pending = [], None
    for cells in csv.reader(lines[start + 1:]):
        if not cells and pending is None:
            continue
        if pending is not None:
            cells = pending[:-1] + [pending[-1] + " " + cells[0]] + cells[1:]
        pending = cells if len(cells) < width else None
        if pending is None:
            assert len(cells) == width
            records.append(cells)
    assert pending is None
    return records


@needs_shared
def test_shared_trade_register_totals():
    records = independent_records(SHARED / "trade-register_all_2026-05-18.csv", "latin-1")
    deals = read_sipri(SHARED / "trade-register_all_2026-05-18.csv")
    assert len(deals) == len(records) == deals.attrs["records"]
    tiv = sum(Decimal(r[15]) for r in records if r[15])
    assert math.isclose(deals["tiv_delivered"].sum(), float(tiv), rel_tol=1e-12)
    assert deals["number_delivered"].sum() == sum(int(r[8]) for r in records if r[8])
    assert deals.attrs["generated"] == EXTRACT["generated"]


@needs_shared
def test_shared_transfers_export_totals():
    records = independent_records(SHARED / "transfers_by_delivery_year.csv", "utf-8")
    deals = read_sipri(SHARED / "transfers_by_delivery_year.csv")
    assert deals.attrs["records"] == len(records)
    assert len(deals) == len({r[0] for r in records})  # SIPRI AT Database ID
    tiv = sum(Decimal(r[15]) for r in records if r[15])
    assert math.isclose(deals["tiv_delivered"].sum(), float(tiv), rel_tol=1e-12)
    assert deals["number_delivered"].sum() == sum(int(r[8]) for r in records if r[8])


@needs_shared
def test_the_shipped_extract_is_what_the_command_makes(tmp_path, capsys):
    out = tmp_path / "sipri.csv"
    actors = [arg for name in EXTRACT["actors"] for arg in ("--actor", name)]
    assert main(["import-sipri", str(SHARED / EXTRACT["source"]), *actors, "--data", str(REPO / "data"),
                 "--out", str(out)]) == 0
    assert out.read_bytes() == (REPO / "data" / schema.REGISTER.filename).read_bytes()
    shipped = REPO / "data" / "register" / "sipri.extract.json"
    assert (tmp_path / "sipri.extract.json").read_bytes() == shipped.read_bytes()
    assert "29916 deals; 181 written (supplier or recipient: Armenia, Azerbaijan)" in capsys.readouterr().err


def test_the_shipped_extract_is_valid_and_small():
    path = REPO / "data" / schema.REGISTER.filename
    assert register_problems(path) == []
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert 0 < len(rows) < 300  # well under 1% of the ~30,000 deals of the register
    assert all({"Armenia", "Azerbaijan"} & {r["supplier"], r["recipient"]} for r in rows)


def test_the_codebook_describes_every_register_column_and_credits_sipri():
    codebook = (REPO / "CODEBOOK.md").read_text(encoding="utf-8")
    section = codebook.split("\n## Register\n", 1)[1].split("\n## ", 1)[0]  # up to the next section
    described = [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")]
    assert described == schema.REGISTER.columns
    assert "Information from the SIPRI Arms Transfers Database" in section
    generated = pd.Timestamp(EXTRACT["generated"])
    assert f"generated on {generated.day} {generated:%B %Y}" in section and EXTRACT["source"] in section

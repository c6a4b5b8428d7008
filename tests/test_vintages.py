"""Two vintages of SIPRI's register (armsdata.register.vintages and vintage_matching, armsdata register-diff).

The fixtures in tests/fixtures/vintages/ are hand-made vintages (see its README): every expected row
below is worked out by hand from their lines, quoted beside it, not produced by the code.
"""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pandas as pd
import pytest

import armsdata
from armsdata import schema
from armsdata.cli import main
from armsdata.register.vintage_matching import model, similarity, spelled, words_of
from armsdata.register.vintages import COLUMNS, read_vintage, summary
from armsdata.sipri import read_sipri, register_csv
from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "vintages"
OLD, NEW, OLD_PER_YEAR = FIXTURES / "old_register.csv", FIXTURES / "new_register.csv", FIXTURES / "old_transfers.csv"
SHARED = REPO.parent / "shared" / "sipri"

MATCHED = "matched on supplier, recipient, year of order and designation"
NUMBERS = ("matched on supplier, recipient, year of order and all numbers, delivery years and TIV (the only such "
           "deal in each vintage)")
WHICH = ("; not certain which: deals of this key: 2 in the old vintage, 2 in the new, paired by the columns they "
         "agree on")
ONE_OF_TWO = WHICH.replace("2 in the old", "1 in the old")
SU30 = "not certain: matched on supplier, recipient and designation, years of order 2019 and 2020"


def rows(changes: pd.DataFrame) -> list[tuple]:
    return [tuple("" if pd.isna(v) else v for v in row) for row in changes.itertuples(index=False)]


# --------------------------------------------------------------------------
# Two trade registers, worked out by hand
# --------------------------------------------------------------------------

#: old_register.csv against new_register.csv, line by line of the old file:
EXPECTED = [
    # 'Azerbaijan,Belarus,2018,,10,,Polonez,...,10,,2018,New,,2.2,22,22' -> '...,12,,Polonez,...,12,...,2.2,26.4,26.4'
    ("revised", "Belarus", "Azerbaijan", "Polonez", 2018, "number_ordered", "10", "12", MATCHED),
    ("revised", "Belarus", "Azerbaijan", "Polonez", 2018, "number_delivered", "10", "12", MATCHED),
    ("revised", "Belarus", "Azerbaijan", "Polonez", 2018, "tiv_order", "22", "26.4", MATCHED),
    ("revised", "Belarus", "Azerbaijan", "Polonez", 2018, "tiv_delivered", "22", "26.4", MATCHED),
    # Bastion: 24 of 50 delivered 2023 -> 50 delivered 2023; 2024. In 1995-2023 (the years both cover) the
    # delivery years agree; 2024 is new data, so the numbers and TIV delivered are not compared. 'APC' reworded.
    ("reworded", "France", "Armenia", "Bastion", 2023, "description", "APC", "armoured personnel carrier", MATCHED),
    # Ground Master-200: TIV per unit 10 -> 12, so 30 -> 36 for the order and the 3 delivered
    ("revised", "France", "Armenia", "Ground Master-200", 2023, "tiv_per_unit", "10", "12", MATCHED),
    ("revised", "France", "Armenia", "Ground Master-200", 2023, "tiv_order", "30", "36", MATCHED),
    ("revised", "France", "Armenia", "Ground Master-200", 2023, "tiv_delivered", "30", "36", MATCHED),
    # Swathi: same numbers, description and comments reworded
    ("reworded", "India", "Armenia", "Swathi", 2020, "description", "artillery locating radar",
     "weapon-locating radar", MATCHED),
    ("reworded", "India", "Armenia", "Swathi", 2020, "comments", "$40 m deal", "USD40 m deal", MATCHED),
    # Pinaka 214mm, ordered 2022: only in the new vintage, in years the old covers (1995-2023)
    ("added", "India", "Armenia", "Pinaka 214mm", 2022, "", "", "", "not in the old vintage, which covers 1995-2023"),
    # two ATAGS 155mm deals of 2023 on each side, both changed: (6 ordered, 6 delivered, 1.5) -> (6, 6, 1.6) agrees
    # on 5 columns, (84, 0 delivered) -> (90, 0 delivered) on 6, so 84 pairs with 90 and 6 with 6, not crosswise
    ("reworded", "India", "Armenia", "ATAGS 155mm", 2023, "comments", "", "For trials", MATCHED + WHICH),
    ("revised", "India", "Armenia", "ATAGS 155mm", 2023, "tiv_per_unit", "1.5", "1.6", MATCHED + WHICH),
    ("revised", "India", "Armenia", "ATAGS 155mm", 2023, "tiv_order", "9", "9.6", MATCHED + WHICH),
    ("revised", "India", "Armenia", "ATAGS 155mm", 2023, "tiv_delivered", "9", "9.6", MATCHED + WHICH),
    ("revised", "India", "Armenia", "ATAGS 155mm", 2023, "number_ordered", "84", "90", MATCHED + WHICH),
    ("revised", "India", "Armenia", "ATAGS 155mm", 2023, "tiv_order", "126", "135", MATCHED + WHICH),
    # 9K33 Osa, Russia to Armenia 2015: dropped
    ("removed", "Russia", "Armenia", "9K33 Osa", 2015, "", "", "", "not in the new vintage, which covers 1992-2025"),
    # Su-30SM ordered 2019, now 2020: the neighbouring year, not certain
    ("revised", "Russia", "Armenia", "Su-30SM", 2020, "order_year", "2019", "2020", SU30),
    # 'Azerbaijan,Turkey,2019,...,TRG-300 Kasirga' -> 'Azerbaijan,Turkiye,...': one actor, TUR
    ("renamed", "Turkiye", "Azerbaijan", "TRG-300 Kasirga", 2019, "supplier", "Turkey", "Turkiye",
     MATCHED + "; same ISO 3166 code (TUR)"),
    # 'Bayraktar TB2' -> 'Bayraktar TB-2', every number the same
    ("renamed", "Turkiye", "Azerbaijan", "Bayraktar TB-2", 2020, "designation", "Bayraktar TB2", "Bayraktar TB-2",
     NUMBERS),
]
# Not rows: Spike-MR/LR 2008 and T-72 1995 (unchanged); T-72 Russia to Armenia 1992 (delivered 1993, before the
# old vintage's first year, 1995) and CAESAR 155mm ordered 2025 (after its last, 2023): new data, not added.


def test_two_trade_registers_give_the_rows_worked_out_by_hand():
    changes = armsdata.diff_registers(read_sipri(OLD), read_sipri(NEW))
    assert list(changes.columns) == list(COLUMNS)
    assert rows(changes) == EXPECTED


def test_the_summary_counts_each_change_and_says_what_each_vintage_covers():
    changes = armsdata.diff_registers(read_sipri(OLD), read_sipri(NEW))
    line = summary(changes)
    assert f"old {OLD}: SIPRI trade register generated 2024-03-11, years 1995-2023 (of its data), 12 deals" in line
    assert f"new {NEW}: SIPRI trade register generated 2026-05-18, years 1992-2025 (of its data), 14 deals" in line
    assert "compared 1995-2023: 1 added, 1 removed, 2 renamed, 13 revised, 4 reworded (rows)" in line
    # 11 matched: the 12 old deals but Osa; not certain: Su-30SM and the two ATAGS; unchanged: Spike, T-72 1995
    assert "11 deals matched (3 not certain), 2 unchanged" in line
    assert line.endswith("not compared: new deals outside the old vintage's years: 2, deals delivered after 2023, "
                         "whose numbers delivered are new data: 1")
    assert "\n" not in line


def test_rows_are_sorted_by_code_point_a_missing_designation_first():
    old, new = read_sipri(OLD), read_sipri(NEW)
    # four deals of a supplier only the new vintage names, ordered 2020 (a year the old covers): all added; sorted
    # by designation as the register CSV sorts text, by code point: missing, 'B-1' (B is 66), 'b-1' (98), 'Ä-1' (196)
    extra = new.iloc[[0, 0, 0, 0]].assign(supplier="Nowhereland", order_year=2020, delivery_years=pd.NA,
                                          designation=pd.array(["b-1", "Ä-1", pd.NA, "B-1"], dtype="string"))
    changes = armsdata.diff_registers(old, pd.concat([new, extra], ignore_index=True))
    mine = changes[changes["supplier"] == "Nowhereland"]
    assert mine["change"].tolist() == ["added"] * 4
    assert [None if pd.isna(d) else d for d in mine["designation"]] == [None, "B-1", "b-1", "Ä-1"]


def test_an_unchanged_vintage_gives_no_row_whatever_its_order():
    old = read_sipri(OLD)
    assert armsdata.diff_registers(old, old).empty
    shuffled = old.sample(frac=1, random_state=3)
    assert armsdata.diff_registers(old, shuffled).empty


def test_the_same_input_gives_the_same_rows():
    first = armsdata.diff_registers(read_sipri(OLD), read_sipri(NEW))
    second = armsdata.diff_registers(read_sipri(OLD), read_sipri(NEW))
    assert first.equals(second)


def test_a_register_csv_is_a_vintage_too(tmp_path):
    """The register CSVs import-sipri writes of the two exports give the same rows as the exports."""
    for name in ("old", "new"):
        (tmp_path / f"{name}.csv").write_text(register_csv(read_sipri(FIXTURES / f"{name}_register.csv")))
    old, new = read_vintage(tmp_path / "old.csv"), read_vintage(tmp_path / "new.csv")
    assert old.attrs["format"] == "register CSV"
    assert rows(armsdata.diff_registers(old, new)) == EXPECTED


# --------------------------------------------------------------------------
# Different formats: the per-delivery-year export (2008-2023) against the trade register
# --------------------------------------------------------------------------

#: old_transfers.csv (per delivery year, years 2008 to 2023) against new_register.csv:
EXPECTED_PER_YEAR = [
    # Polonez: 10 -> 12 delivered, TIV 22 -> 26.4 (the per-year export has no number ordered nor TIV of the order)
    ("revised", "Belarus", "Azerbaijan", "Polonez", 2018, "number_delivered", "10", "12", MATCHED),
    ("revised", "Belarus", "Azerbaijan", "Polonez", 2018, "tiv_delivered", "22", "26.4", MATCHED),
    ("reworded", "France", "Armenia", "Bastion", 2023, "description", "APC", "armoured personnel carrier", MATCHED),
    ("revised", "France", "Armenia", "Ground Master-200", 2023, "tiv_per_unit", "10", "12", MATCHED),
    ("revised", "France", "Armenia", "Ground Master-200", 2023, "tiv_delivered", "30", "36", MATCHED),
    # Swathi: rows for 2021 and 2022 (2 each) -> 4 delivered 2021: the same number, one year fewer
    ("reworded", "India", "Armenia", "Swathi", 2020, "description", "artillery locating radar",
     "weapon-locating radar", MATCHED),
    ("revised", "India", "Armenia", "Swathi", 2020, "delivery_years", "2021; 2022", "2021",
     MATCHED + "; compared within 2008-2023, the years both vintages cover"),
    # the ATAGS deal of 6 delivered 2023 (1.5 a unit) has two candidates of its key: the register's deal of 6
    # delivered 2023 (1.6 a unit) agrees on 4 of the columns both hold (number and years delivered, description,
    # status), the deal of 90 with none delivered on 3 (TIV per unit, description, status)
    ("revised", "India", "Armenia", "ATAGS 155mm", 2023, "tiv_per_unit", "1.5", "1.6", MATCHED + ONE_OF_TWO),
    ("revised", "India", "Armenia", "ATAGS 155mm", 2023, "tiv_delivered", "9", "9.6", MATCHED + ONE_OF_TWO),
    ("removed", "Russia", "Armenia", "9K33 Osa", 2015, "", "", "", "not in the new vintage, which covers 1992-2025"),
    ("revised", "Russia", "Armenia", "Su-30SM", 2020, "order_year", "2019", "2020", SU30),
    ("renamed", "Turkiye", "Azerbaijan", "Bayraktar TB-2", 2020, "designation", "Bayraktar TB2", "Bayraktar TB-2",
     NUMBERS),
]
# Not rows: Spike-MR/LR's TIV delivered, 2.51 + 2.5 = 5.01 over two rounded yearly values, is the register's 5;
# the register's ATAGS deal of 90 has no delivery, so the per-year export would not list it: not added, nor are
# Pinaka (no delivery), CAESAR (2025) and the T-72s (delivered 1993, 1995), outside 2008-2023.


def test_the_per_delivery_year_export_against_the_trade_register():
    changes = armsdata.diff_registers(read_sipri(OLD_PER_YEAR), read_sipri(NEW))
    assert rows(changes) == EXPECTED_PER_YEAR
    line = summary(changes)
    assert "years 2008-2023, 10 deals;" in line and "compared 2008-2023:" in line
    assert "0 added, 1 removed, 1 renamed, 8 revised, 2 reworded (rows)" in line
    assert "not compared: new deals outside the old vintage's years: 5" in line


# --------------------------------------------------------------------------
# The matching stages, on small tables
# --------------------------------------------------------------------------

def register(*deals: dict, **attrs) -> pd.DataFrame:
    """A register table of ``deals`` (supplier, recipient, designation, order_year and what else is given)."""
    from armsdata.sipri import COLUMNS as TYPES

    frame = pd.DataFrame([{c: d.get(c) for c in TYPES} for d in deals])
    frame = pd.DataFrame({c: frame[c].astype(dtype) for c, dtype in TYPES.items()})
    frame.attrs.update(attrs)
    return frame


def deal(supplier="France", recipient="Armenia", designation="GM200", year=2020, ordered=3, delivered=3,
         years="2021", tiv=10.0, **other) -> dict:
    return {"supplier": supplier, "recipient": recipient, "designation": designation, "order_year": year,
            "number_ordered": ordered, "number_delivered": delivered, "delivery_years": years,
            "tiv_per_unit": tiv, "tiv_order": None if ordered is None else ordered * tiv,
            "tiv_delivered": delivered * tiv, "status": "New", "description": "radar", **other}


def changes_of(old: list[dict], new: list[dict]) -> list[tuple]:
    table = armsdata.diff_registers(register(*old), register(*new))
    return [(r.change, r.designation, r.field, r.old, r.new, r.explanation) for r in table.itertuples()]


def test_sipri_deal_id_is_used_where_both_vintages_carry_it():
    """The same ID: one deal, however much else changed (SIPRI's AS-565 is now its Chinese Z-9)."""
    found = changes_of([deal(designation="AS-565", sipri_id=57015, tiv=4.0)],
                       [deal(designation="Z-9", sipri_id=57015, tiv=5.0, year=2021)])
    assert [(c, d, f, o, n) for c, d, f, o, n, _ in found] == [
        ("renamed", "Z-9", "designation", "AS-565", "Z-9"), ("revised", "Z-9", "order_year", "2020", "2021"),
        ("revised", "Z-9", "tiv_per_unit", "4", "5"), ("revised", "Z-9", "tiv_order", "12", "15"),
        ("revised", "Z-9", "tiv_delivered", "12", "15")]
    assert {e for *_, e in found} == {"matched by SIPRI's deal ID 57015"}


def test_all_numbers_alike_match_a_designation_moved_to_another_deal():
    """SIPRI's Crotale: the old 'Crotale' (30 missiles) is the new 'R-440 Crotale', and the old 'Crotale SAMS' (1
    system) the new 'Crotale': by their numbers, not the exact designation."""
    old = [deal(designation="Crotale", ordered=30, delivered=30, tiv=0.11),
           deal(designation="Crotale SAMS", ordered=1, delivered=1, tiv=15.0)]
    new = [deal(designation="R-440 Crotale", ordered=30, delivered=30, tiv=0.11),
           deal(designation="Crotale", ordered=1, delivered=1, tiv=15.0)]
    assert [(c, d, f, o, n) for c, d, f, o, n, _ in changes_of(old, new)] == [
        ("renamed", "Crotale", "designation", "Crotale SAMS", "Crotale"),
        ("renamed", "R-440 Crotale", "designation", "Crotale", "R-440 Crotale")]


@pytest.mark.parametrize("before, after, how", [
    ("Bayraktar TB2", "Bayraktar TB-2", "designations equal ignoring case, spaces and punctuation"),
    ("Su-30SM", "Su-30MK", "not certain: matched on supplier, recipient, year of order and model (the "
                           "designations' first word without version suffix: 'Su-30SM' and 'Su-30MK')"),
    ("BM-22 220mm", "BM-22 Uragan", "not certain: matched on supplier, recipient, year of order and model"),
    ("Grand Master-200", "Ground Master-200", "not certain: matched on supplier, recipient and year of order, the "
                                              "most similar designations left ('Grand Master-200' and 'Ground "
                                              "Master-200', similarity 0.90; deals left: 1 in the old vintage, 1 "
                                              "in the new)"),
])
def test_a_respelt_designation_is_renamed_with_how_it_was_matched(before, after, how):
    """The number ordered differs too (3 -> 4), so that only the designation can match them."""
    found = changes_of([deal(designation=before)], [deal(designation=after, ordered=4)])
    assert found[0][:5] == ("renamed", after, "designation", before, after)
    assert found[1][:5] == ("revised", after, "number_ordered", "3", "4")
    assert how in found[0][5]


def test_designations_naming_different_calibres_are_never_similar():
    """'Type-63 107mm' and 'Type-59-1 130mm' are 0.6 alike, but two guns of different calibres."""
    assert similarity(*spelled(pd.Series(["Type-63 107mm", "Type-59-1 130mm"]))) >= 0.6
    found = changes_of([deal(designation="Type-63 107mm", ordered=5)], [deal(designation="Type-59-1 130mm")])
    assert [(c, d) for c, d, *_ in found] == [("added", "Type-59-1 130mm"), ("removed", "Type-63 107mm")]


def test_deals_alike_in_their_numbers_match_under_another_name():
    """ASV-150 and M-1117 Guardian: the same 41 delivered in 2011; 2012, TIV per unit 0.45 and 0.4."""
    found = changes_of([deal(designation="ASV-150", ordered=41, delivered=41, years="2011; 2012", tiv=0.45)],
                       [deal(designation="M-1117 Guardian", ordered=41, delivered=41, years="2011; 2012", tiv=0.4)])
    assert found[0][:5] == ("renamed", "M-1117 Guardian", "designation", "ASV-150", "M-1117 Guardian")
    assert found[0][5].startswith("not certain: matched on supplier, recipient and year of order, and 3 numbers")
    unlike = changes_of([deal(designation="ASV-150", ordered=41, delivered=41, years="2011; 2012", tiv=0.45)],
                        [deal(designation="M-1117 Guardian", ordered=40, delivered=40, years="2011; 2012", tiv=0.4)])
    assert [(c, d) for c, d, *_ in unlike] == [("removed", "ASV-150"), ("added", "M-1117 Guardian")]  # too unlike


def test_a_designation_sharing_a_word_in_a_crowded_year():
    """Nine unmatched deals on each side of one supplier, recipient and year are too many to weigh every pair;
    'Javelin ATM' still finds 'FGM-148 Javelin' through the word they share."""
    others = [deal(designation=f"X-{k}", ordered=k + 1) for k in range(9)]
    moved = [deal(designation=f"Y-{k}", ordered=k + 20, delivered=k + 20) for k in range(9)]  # 9 removed, 9 added
    found = changes_of(others + [deal(designation="Javelin ATM", ordered=100)],
                       moved + [deal(designation="FGM-148 Javelin", ordered=90)])
    renamed = [f for f in found if f[0] == "renamed"]
    assert [r[3:5] for r in renamed] == [("Javelin ATM", "FGM-148 Javelin")]


def test_one_deal_never_matches_two():
    """Three old '155mm gun' deals of one key and two new ones: two pairs and one removed deal; with twenty on each
    side (more than are weighed pair by pair) they pair in order, one to one."""
    three = [deal(designation="155mm gun", ordered=n) for n in (10, 20, 30)]
    two = [deal(designation="155mm gun", ordered=n) for n in (10, 30)]
    found = changes_of(three, two)
    assert [(c, f, o) for c, _, f, o, *_ in found] == [("removed", "", "")]
    old = register(*[deal(designation="155mm gun", ordered=n) for n in range(1, 21)])
    new = register(*[deal(designation="155 mm gun", ordered=n) for n in range(1, 21)])
    table = armsdata.diff_registers(old, new)
    assert (table["change"] == "renamed").sum() == 20 and set(table["field"]) == {"designation"}


def test_an_actor_named_in_one_vintage_only_is_taken_for_one_named_in_the_other_only():
    old = [deal(supplier="UAE", recipient="Libya HoR*", designation=d) for d in ("Nimr", "Panthera T6")]
    new = [deal(supplier="UAE", recipient="House of Representatives (Libya)*", designation=d)
           for d in ("Nimr", "Panthera T6")]
    found = changes_of(old, new)
    assert [(c, f, o, n) for c, _, f, o, n, _ in found] == [
        ("renamed", "recipient", "Libya HoR*", "House of Representatives (Libya)*")] * 2
    assert "not certain: 'Libya HoR*' is named in the old vintage only" in found[0][5]
    one = changes_of(old[:1], new[:1])  # one deal alike is not enough to take them for one actor
    assert [c for c, *_ in one] == ["added", "removed"]


def test_a_status_differing_in_case_is_reworded_and_another_status_revised():
    found = changes_of([deal(designation="A"), deal(designation="B")],
                       [deal(designation="A", status="new"), deal(designation="B", status="Second hand")])
    assert [(c, d, f) for c, d, f, *_ in found] == [("reworded", "A", "status"), ("revised", "B", "status")]


def test_a_column_one_vintage_does_not_hold_is_not_compared():
    """The per-year export has no number ordered: its absence is no revision."""
    found = changes_of([deal(ordered=None)], [deal(ordered=3)])
    assert found == []


# --------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------

def test_spelled_model_and_words():
    assert spelled(pd.Series(["Mirage 2000-5", "Türkiye Ç-1", None])).tolist() == ["mirage20005", "turkiyec1", ""]
    # version suffixes: letters after the number (T-72B3: 'b3' is one letter and digits), but never all letters
    assert model(pd.Series(["T-72B3", "Mi-17V-5", "9M96M", "40N6", "F-16C/D"])).tolist() == [
        "t72", "mi17", "9m96", "40n6", "f16"]
    assert words_of(pd.Series(["AS365/AS565 Panther", "C-295 -"])).to_dict("list") == {
        "row": [0, 0, 0, 1], "word": ["as365", "as565", "panther", "c295"]}


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------

def test_register_diff_writes_csv_json_and_a_table(tmp_path, capsys):
    assert main(["register-diff", str(OLD), str(NEW), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    frame = pd.read_csv(pd.io.common.StringIO(captured.out), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(COLUMNS)
    assert [tuple(r) for r in frame.itertuples(index=False)] == [tuple(str(v) for v in e) for e in EXPECTED]
    assert captured.err.count("\n") == 1 and captured.err.startswith("register-diff: old ")
    assert main(["register-diff", str(OLD), str(NEW), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records[0] == dict(zip(COLUMNS, EXPECTED[0]))  # order_year a number
    assert main(["register-diff", str(OLD), str(NEW)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == list(COLUMNS) and len(table) == 1 + len(EXPECTED)


def test_register_diff_out_is_written_whole_with_the_usual_mode(tmp_path, capsys):
    out = tmp_path / "changes.csv"
    old_umask = os.umask(0o022)
    try:
        assert main(["register-diff", str(OLD), str(NEW), "--format", "csv", "--out", str(out)]) == 0
    finally:
        os.umask(old_umask)
    captured = capsys.readouterr()
    assert captured.out == "" and "register-diff:" in captured.err
    assert main(["register-diff", str(OLD), str(NEW), "--format", "csv"]) == 0
    assert out.read_text() == capsys.readouterr().out
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["changes.csv"]  # no temporary file left


TIV_TABLE = (b"TIV of arms exports from the top 50 largest exporters, 2019-2023\n\n"
             b"Supplier,2019,2020,2021,2022,2023,Total\nUnited States,10000,9000,11000,14000,12000,56000\n")


@pytest.mark.parametrize("data, expected", [
    (b"", ":0: (file): file is empty"),
    (TIV_TABLE, ":3: (file): is a SIPRI TIV table"),
    (b"sipri_id,supplier,recipient\n1,France\n", ":"),  # a register CSV that is not one
])
@pytest.mark.parametrize("side", ["old", "new"])
def test_a_bad_input_exits_1_with_one_line_and_writes_nothing(tmp_path, capsys, data, expected, side):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(data)
    out = tmp_path / "out.csv"
    args = [str(bad), str(NEW)] if side == "old" else [str(OLD), str(bad)]
    assert main(["register-diff", *args, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and not out.exists()
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith(f"armsdata: {bad}{expected}")
    assert captured.err.rstrip().endswith("not compared, nothing written")


def test_usage_errors_exit_2_and_never_touch_an_input(tmp_path, capsys):
    copy = tmp_path / "old.csv"
    shutil.copy(OLD, copy)
    assert main(["register-diff", str(tmp_path / "missing.csv"), str(NEW)]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["register-diff", str(copy), str(NEW), "--out", str(tmp_path)]) == 2
    assert "--out is a directory, not a file" in capsys.readouterr().err
    assert main(["register-diff", str(copy), str(NEW), "--out", str(copy)]) == 2
    assert "is the input; choose another file" in capsys.readouterr().err
    # into a directory that does not exist: refused, as report, draft and import-sipri do, and nothing created
    assert main(["register-diff", str(copy), str(NEW), "--out", str(tmp_path / "new" / "changes.csv")]) == 2
    assert "no such directory" in capsys.readouterr().err and not (tmp_path / "new").exists()
    assert copy.read_bytes() == OLD.read_bytes()
    assert main(["register-diff", str(OLD), str(NEW), "--actor", "Turkiye"]) == 2
    assert "'Turkiye' is an alias; use the actor's name 'Turkey'" in capsys.readouterr().err


def test_actor_keeps_the_deals_of_an_actor_in_every_spelling(capsys):
    """--actor Turkey (actors.csv: aliases Türkiye; Turkiye) keeps the old 'Turkey' and the new 'Turkiye' deals."""
    assert main(["register-diff", str(OLD), str(NEW), "--actor", "Turkey", "--format", "csv",
                 "--data", str(REPO / "data")]) == 0
    captured = capsys.readouterr()
    frame = pd.read_csv(pd.io.common.StringIO(captured.out), dtype=str, keep_default_na=False)
    assert frame["field"].tolist() == ["supplier", "designation"]
    # the years covered are still those of the whole vintages
    assert "years 1995-2023 (of its data), 12 deals (2 of the actors chosen)" in captured.err
    assert "compared 1995-2023:" in captured.err


@pytest.mark.skipif(not (SHARED / "trade-register_all_2026-05-18.csv").is_file(),
                    reason="SIPRI's real exports are not beside this checkout")
def test_the_two_real_vintages_of_armenia_and_azerbaijan(capsys):
    """The April 2024 per-year export against the May 2026 trade register, for the corpus' two recipients.
    Checked by hand against both files: the three deals only the 2026 register has (Azerbaijan's BTR-70 for
    Ghana, 2022; Bosnia-Herzegovina's RAK-12 for Azerbaijan, 2010; Russia's T-72M1 for Armenia, 2012), and the
    three only the 2024 export has (Israel's Orbiter-3, 2016; US vehicle engines, 2009 and 2011)."""
    assert main(["register-diff", str(SHARED / "transfers_by_delivery_year.csv"),
                 str(SHARED / "trade-register_all_2026-05-18.csv"), "--actor", "Armenia", "--actor", "Azerbaijan",
                 "--format", "csv", "--data", str(REPO / "data")]) == 0
    frame = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    alone = frame[frame["change"].isin(["added", "removed"])]
    assert sorted(zip(alone["change"], alone["supplier"], alone["designation"], alone["order_year"])) == [
        ("added", "Azerbaijan", "BTR-70", "2022"), ("added", "Bosnia-Herzegovina", "RAK-12 128mm", "2010"),
        ("added", "Russia", "T-72M1", "2012"), ("removed", "Israel", "Orbiter-3", "2016"),
        ("removed", "United States", "vehicle engine 201-300", "2009"),
        ("removed", "United States", "vehicle engine 201-300", "2011")]
    renamed = frame[(frame["change"] == "renamed") & (frame["supplier"] == "France")]
    assert renamed[["old", "new"]].values.tolist() == [["Bastion APC", "Bastion"]]


def test_the_change_vocabulary_is_the_codebook_s():
    text = (REPO / "CODEBOOK.md").read_text(encoding="utf-8")
    section = text.split("### `change`")[1]
    for value, (meaning, _) in schema.REVISION.items():
        assert f"| `{value}` | {meaning} |" in section
    assert np.isin(list(schema.REVISION), ["added", "removed", "renamed", "revised", "reworded"]).all()

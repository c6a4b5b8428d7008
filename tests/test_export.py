"""armsdata export: typed tables that read back to the exact CSV text, safely and atomically."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from armsdata import schema
from armsdata.cli import main
from armsdata.export import (
    FORMATS,
    INSTALL_HINT,
    ExportUsageError,
    export,
    read_export,
    write_export,
    xlsx_bytes,
)
from armsdata.io import read_table
from armsdata.load import DataError
from armsdata.outdir import MANIFEST, OutputError
from conftest import TRANSFERS, claim, make_data_dir

# The formats under test are written out, so that a format added to FORMATS without a test here fails.
ALL_FORMATS = ["parquet", "xlsx", "json", "sqlite"]
#: The files each export writes; the per-table formats, one per table.
FILES = {"xlsx": ["armsdata.xlsx"], "sqlite": ["armsdata.db", "metadata.json"]}
#: The curated tables, written out so that a table added to the schema without a test here fails.
CURATED = ("transfers", "sources", "actors", "systems")


def listing(root: Path) -> dict[str, int]:
    """Every file under ``root`` with its modification time, to show that nothing was written."""
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted(root.rglob("*"))}


def csv_tables(data_dir: Path) -> dict[str, pd.DataFrame]:
    return {t.name: read_table(data_dir / t.filename).reset_index(drop=True).fillna("")  # the cells as text
            for t in schema.TABLES}


def empty_frames() -> dict[str, pd.DataFrame]:
    return {t.name: pd.DataFrame({c: pd.Series([], dtype=str) for c in t.columns}) for t in schema.TABLES}


def tricky_data(tmp_path: Path) -> Path:
    """Valid data with multi-line notes, commas, quotes, 'NA' (Namibia), non-ASCII and apostrophes."""
    rows = [*TRANSFERS[:2],
            claim(claim_id="sb-01", source_id="sb", deal_id="fra-arm-bastion", system="Bastion", system_id="bastion",
                  category="armoured_vehicles", quantity="24", status="delivered", event_date="2023",
                  quote="Armenia received 24 Bastion armoured vehicles in 2023",
                  notes="'quoted by curator'\nsecond line, with \"quotes\"; NA; Türkiye"),
            claim(claim_id="sb-02", source_id="sb", deal_id="fra-arm-bastion", system="Bastion", system_id="bastion",
                  category="armoured_vehicles", quantity="", quantity_qualifier="", status="delivered",
                  quote="Armenia received 24 Bastion armoured vehicles", notes="'")]
    return make_data_dir(tmp_path, transfers=rows)


def typed_frames() -> dict[str, pd.DataFrame]:
    """Text tables (not validated) with numbers of both kinds, empty cells and a partial date."""
    frames = empty_frames()
    frames["transfers"] = pd.DataFrame([
        claim(claim_id="a-1", quantity="24", event_date="2023-10"),
        claim(claim_id="a-2", quantity="", quantity_qualifier="", value="250000000", currency="USD", notes="'"),
        claim(claim_id="a-3", quantity="0", value="2.5", currency="EUR", event_date="2023"),
    ], dtype=str)
    return frames


def test_the_formats_are_the_ones_tested_and_the_cli_offers():
    assert list(FORMATS) == ALL_FORMATS
    from armsdata.cli import build_parser

    export_parser = build_parser()._subparsers._group_actions[0].choices["export"]
    (fmt,) = [a for a in export_parser._actions if a.dest == "format"]
    assert fmt.choices == ALL_FORMATS


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_export_round_trips_to_the_csv_text(tmp_path, fmt):
    data = tricky_data(tmp_path)
    out = tmp_path / "export"
    export(data, out, fmt)
    back = read_export(out, fmt)
    for name, frame in csv_tables(data).items():  # valid data, so the CSV columns are in schema order
        pd.testing.assert_frame_equal(back[name], frame)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_every_format_exports_the_same_tables_the_register_and_the_deals_too(tmp_path, fmt):
    from test_database import with_register

    from armsdata.analysis import deals
    from armsdata.load import load_transfers

    data = with_register(make_data_dir(tmp_path))
    export(data, tmp_path / "out", fmt)
    back = read_export(tmp_path / "out", fmt)
    assert list(back) == [*CURATED, "register", "deals"]
    register = read_table(data / "register" / "sipri.csv").reset_index(drop=True).fillna("")
    pd.testing.assert_frame_equal(back["register"], register)  # as in its CSV file
    # the deals as deals() computes them: 2 deals of the 3 claims, their flags true or false, a missing number empty
    expected = deals(load_transfers(data))
    assert back["deals"].columns.tolist() == list(expected.columns) == schema.DEALS.columns
    assert back["deals"][["deal_id", "agreed_high", "delivered_high", "n_claims", "counted"]].values.tolist() == [
        ["fra-arm-bastion", "50", "24", "2", "true"], ["fra-arm-gm200", "", "", "1", "true"]]


@pytest.mark.parametrize("fmt", ["sqlite", "parquet"])
def test_an_export_checks_each_file_once(tmp_path, monkeypatch, fmt):
    from conftest import count_schema_checks
    from test_database import with_register

    data = with_register(make_data_dir(tmp_path))
    checks = count_schema_checks(monkeypatch)
    export(data, tmp_path / "out", fmt)
    assert checks == {"transfers": 1, "sources": 1, "actors": 1, "systems": 1, "register": 1}


@pytest.mark.parametrize("fmt", ["parquet", "json"])
def test_per_table_files_type_the_deals(tmp_path, fmt):
    from test_database import with_register

    export(with_register(make_data_dir(tmp_path)), tmp_path / "out", fmt)
    path = tmp_path / "out" / f"deals.{fmt}"
    if fmt == "parquet":
        table = pd.read_parquet(path)
        assert (str(table["n_claims"].dtype), str(table["counted"].dtype), str(table["kind"].dtype)) == (
            "Int64", "boolean", "string")
    else:
        first = json.loads(path.read_text("utf-8"))[0]
        assert (first["n_claims"], first["counted"], first["order_year"]) == (2, True, None)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_export_round_trips_empty_tables(tmp_path, fmt):
    frames = empty_frames()
    write_export(frames, tmp_path, fmt)
    back = read_export(tmp_path, fmt)
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(back[name], frame)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_typed_tables_read_back_to_their_text(tmp_path, fmt):
    frames = typed_frames()
    write_export(frames, tmp_path, fmt)
    pd.testing.assert_frame_equal(read_export(tmp_path, fmt)["transfers"], frames["transfers"])


def test_parquet_carries_integers_floats_text_and_nulls(tmp_path):
    write_export(typed_frames(), tmp_path, "parquet")
    claims = pd.read_parquet(tmp_path / "transfers.parquet").set_index("claim_id")
    assert str(claims["quantity"].dtype) == "Int64" and str(claims["value"].dtype) == "Float64"
    assert claims["quantity"].tolist() == [24, pd.NA, 0] and claims["value"].tolist() == [pd.NA, 250000000.0, 2.5]
    assert claims["value"].sum() == 250000002.5  # an analyst gets numbers
    # partial dates stay text as written; empty cells are missing, not ""
    assert claims["event_date"].tolist() == ["2023-10", pd.NA, "2023"] and claims.loc["a-2", "notes"] == "'"
    assert claims.loc["a-1", "attributed_to"] is pd.NA
    import pyarrow.parquet as pq

    types = {f.name: str(f.type) for f in pq.read_schema(tmp_path / "transfers.parquet")}
    assert (types["quantity"], types["value"], types["event_date"]) == ("int64", "double", "string")


def test_json_has_numbers_and_nulls(tmp_path):
    write_export(typed_frames(), tmp_path, "json")
    records = json.loads((tmp_path / "transfers.json").read_text("utf-8"))
    assert [(r["quantity"], r["value"]) for r in records] == [(24, None), (None, 250000000), (0, 2.5)]
    assert records[1]["notes"] == "'" and records[0]["attributed_to"] is None
    assert list(records[0]) == schema.TRANSFERS.columns


def test_pandas_read_excel_gives_back_the_csv_cells(tmp_path):
    data = tricky_data(tmp_path)
    export(data, tmp_path / "out", "xlsx")
    sheets = pd.read_excel(tmp_path / "out" / "armsdata.xlsx", sheet_name=None, dtype=str, keep_default_na=False)
    for name, frame in csv_tables(data).items():
        # a flag is an Excel boolean, which pandas reads as text 'True'/'False'
        flags = [f.name for t in schema.TABLES if t.name == name for f in t.fields if f.type == "boolean"]
        expected = frame.assign(**{c: frame[c].replace({"true": "True", "false": "False"}) for c in flags})
        pd.testing.assert_frame_equal(sheets[name], expected, check_dtype=False)
    notes = sheets["transfers"].set_index("claim_id")["notes"]
    assert notes["sb-02"] == "'" and notes["sb-01"].startswith("'quoted")  # apostrophes not doubled
    write_export(typed_frames(), tmp_path / "typed", "xlsx")  # numbers of both kinds too
    typed = pd.read_excel(tmp_path / "typed" / "armsdata.xlsx", sheet_name="transfers", dtype=str,
                          keep_default_na=False)
    pd.testing.assert_frame_equal(typed, typed_frames()["transfers"], check_dtype=False)


def test_workbook_text_cells_are_quote_prefixed_text_and_numbers_are_numbers(tmp_path):
    from openpyxl import load_workbook

    hostile = empty_frames()
    hostile["actors"] = pd.DataFrame([["=1+1", "-3", "3", "+cmd|' /C calc'!A0", "true", "'@x"]],
                                     columns=schema.ACTORS.columns, dtype=str)  # subject (a flag): "true"
    hostile["transfers"] = pd.DataFrame([claim(quantity="50", value="250000000")], dtype=str)
    (tmp_path / "armsdata.xlsx").write_bytes(xlsx_bytes(hostile))
    book = load_workbook(tmp_path / "armsdata.xlsx")
    cells = list(book["actors"].iter_rows(min_row=2))[0]
    text = [c for c, name in zip(cells, schema.ACTORS.columns) if name != "subject"]
    assert [c.data_type for c in text] == ["s"] * 5 and all(c.quotePrefix for c in text)
    assert [c.value for c in text] == ["=1+1", "-3", "3", "+cmd|' /C calc'!A0", "'@x"]  # values unchanged
    flag = cells[schema.ACTORS.columns.index("subject")]
    assert (flag.data_type, flag.value) == ("b", True)  # a flag is an Excel boolean
    row = {h.value: c for h, c in zip(book["transfers"][1], book["transfers"][2])}
    assert (row["quantity"].data_type, row["quantity"].value) == ("n", 50)
    assert (row["value"].data_type, row["value"].value) == ("n", 250000000)
    assert row["event_date"].value is None  # not stated: an empty cell
    pd.testing.assert_frame_equal(read_export(tmp_path, "xlsx")["actors"], hostile["actors"])


@pytest.mark.parametrize(("fmt", "cell", "message"), [
    ("json", {"quantity": "024"}, "would come back as '24'"),
    ("parquet", {"value": "2.50", "currency": "EUR"}, "would come back as '2.5'"),
    ("xlsx", {"value": "3.0", "currency": "EUR"}, "would come back as '3'"),
    ("sqlite", {"quantity": "007"}, "would come back as '7'"),
])
def test_numbers_a_typed_export_cannot_give_back_exactly_are_refused(tmp_path, fmt, cell, message):
    frames = empty_frames()
    frames["transfers"] = pd.DataFrame([claim(**cell)], dtype=str, index=[7])
    from armsdata.export import export_problems

    (problem,) = export_problems(frames["transfers"], schema.TRANSFERS, "data/transfers.csv", fmt)
    column = next(iter(cell))
    assert (problem.path, problem.line, problem.column, problem.value) == ("data/transfers.csv", 7, column,
                                                                          cell[column])
    assert message in problem.message


def test_cells_an_xlsx_cannot_hold_are_reported_not_written(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(notes="bell\x07"), *TRANSFERS[1:]])
    with pytest.raises(DataError) as caught:  # the validator rejects control characters before the export
        export(data, tmp_path / "out", "xlsx")
    (problem,) = caught.value.problems
    assert (Path(problem.path).name, problem.line, problem.column) == ("transfers.csv", 2, "notes")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_export_is_reproducible_and_lists_what_it_wrote(data_dir, tmp_path, fmt):
    first = export(data_dir, tmp_path / "a", fmt)
    second = export(data_dir, tmp_path / "b", fmt)
    # the curated tables and the deals (this data has no register)
    assert [p.name for p in first] == FILES.get(fmt, [f"{t}.{fmt}" for t in (*CURATED, "deals")])
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    # no temporary files; the manifest lists exactly the files written
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted([MANIFEST, *(p.name for p in first)])
    assert (tmp_path / "a" / MANIFEST).read_text("utf-8").splitlines()[1:] == sorted(p.name for p in first)


def test_exports_of_several_formats_share_a_directory(data_dir, tmp_path):
    out = tmp_path / "export"
    json_files = export(data_dir, out, "json")
    xlsx_files = export(data_dir, out, "xlsx")
    assert all(p.is_file() for p in [*json_files, *xlsx_files])  # the xlsx export kept the json files
    listed = (out / MANIFEST).read_text("utf-8").splitlines()[1:]
    assert listed == sorted(p.name for p in [*json_files, *xlsx_files])


def test_export_refuses_a_directory_of_other_files_and_never_overwrites_them(data_dir, tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "transfers.json").write_text("my own notes\n", encoding="utf-8")
    (out / "notes.txt").write_text("keep\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["export", "--format", "parquet", "--data", str(data_dir), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did not write" in err and "--force" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing written
    # --force writes beside them ...
    assert main(["export", "--format", "parquet", "--data", str(data_dir), "--out", str(out), "--force"]) == 0
    assert (out / "transfers.parquet").is_file() and (out / "notes.txt").read_bytes() == before["notes.txt"]
    # ... but never over one of them
    assert main(["export", "--format", "json", "--data", str(data_dir), "--out", str(out), "--force"]) == 1
    assert f"{out / 'transfers.json'}: exists and was not written by armsdata" in capsys.readouterr().err
    assert (out / "transfers.json").read_bytes() == before["transfers.json"]
    assert not (out / "sources.json").exists()


def test_invalid_data_is_not_exported(tmp_path, capsys):
    data = make_data_dir(tmp_path, transfers=[claim(status="shipd")])
    with pytest.raises(DataError):
        export(data, tmp_path / "out", "json")
    assert main(["export", "--format", "json", "--data", str(data), "--out", str(tmp_path / "out")]) == 1
    assert f"{data}/transfers.csv:2: status: unknown value" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()


def test_export_never_writes_inside_the_data(data_dir, capsys):
    before = listing(data_dir)
    with pytest.raises(ExportUsageError):
        export(data_dir, data_dir / "export", "json")
    assert main(["export", "--format", "json", "--data", str(data_dir), "--out", str(data_dir)]) == 2
    assert "inside the data directory" in capsys.readouterr().err
    assert listing(data_dir) == before


def test_export_to_a_file_is_a_usage_error(data_dir, tmp_path, capsys):
    target = tmp_path / "export.json"
    target.write_text("[]\n", encoding="utf-8")
    with pytest.raises(OutputError):
        export(data_dir, target, "json")
    assert main(["export", "--format", "json", "--data", str(data_dir), "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"armsdata: error: {target}: exists and is not a directory; name a directory for the output\n"
    assert target.read_text(encoding="utf-8") == "[]\n"


def test_cli_export_writes_and_lists_files(data_dir, tmp_path, capsys):
    before = listing(data_dir)
    out = tmp_path / "exported"
    assert main(["export", "--format", "parquet", "--data", str(data_dir), "--out", str(out)]) == 0
    assert capsys.readouterr().out.split() == [str(out / f"{t}.parquet") for t in (*CURATED, "deals")]
    assert listing(data_dir) == before


def test_default_output_directory_is_export(data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "json", "--data", str(data_dir)]) == 0
    assert sorted(p.name for p in (tmp_path / "export").iterdir()) == [MANIFEST, "actors.json", "deals.json",
                                                                       "sources.json", "systems.json",
                                                                       "transfers.json"]


@pytest.mark.parametrize(("fmt", "module"), [("xlsx", "openpyxl")])
def test_missing_optional_dependency_says_how_to_install(data_dir, tmp_path, monkeypatch, capsys, fmt, module):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    assert main(["export", "--format", fmt, "--data", str(data_dir), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert module in err and INSTALL_HINT in err
    assert "uv sync --extra export" in INSTALL_HINT and "pip install -e '.[export]'" in INSTALL_HINT
    assert not (tmp_path / "out").exists()


def test_a_new_format_is_one_declaration(tmp_path, monkeypatch, capsys):
    from armsdata import export as export_module

    def tsv(frames):  # each table as tab-separated text, cells as in the CSV files
        return {f"{name}.tsv": frame.to_csv(sep="\t", index=False).encode("utf-8") for name, frame in frames.items()}

    def read_tsv(out_dir):
        return {path.stem: pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
                for path in sorted(out_dir.glob("*.tsv"))}

    def tabs(frame, label):  # a tab inside a cell would split it
        return [export_module.Problem(label, int(line), column, "holds a tab", value)
                for column in frame.columns for line, value in frame[column][frame[column].str.contains("\t")].items()]

    monkeypatch.setitem(export_module.FORMATS, "tsv", export_module.Format("one <table>.tsv per table", None, tsv,
                                                                             read_tsv, tabs))
    data = make_data_dir(tmp_path)
    assert main(["export", "--format", "tsv", "--data", str(data), "--out", str(tmp_path / "out")]) == 0
    back = export_module.read_export(tmp_path / "out", "tsv")
    assert set(back) == {"transfers", "sources", "actors", "systems", "deals"}  # the same tables as every format
    assert back["transfers"]["claim_id"].tolist() == ["sa-01", "sa-02", "sb-01"]
    rows = [claim(notes="a\tb")]  # the format's own rule refuses what it cannot hold, before writing
    assert main(["export", "--format", "tsv", "--data", str(make_data_dir(tmp_path / "tab", transfers=rows)),
                 "--out", str(tmp_path / "tab-out")]) == 1
    assert "notes: holds a tab" in capsys.readouterr().out and not (tmp_path / "tab-out").exists()

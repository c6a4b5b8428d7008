"""armsdata export: the tables round-trip through every format, safely and atomically."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from armsdata import schema
from armsdata.cli import main
from armsdata.export import (
    ExportError,
    ExportUsageError,
    export,
    read_export,
    spreadsheet_safe,
    spreadsheet_unsafe,
    write_export,
    xlsx_bytes,
)
from armsdata.io import read_table
from armsdata.load import DataError
from conftest import TRANSFERS, claim, make_data_dir

FORMATS = ["parquet", "xlsx", "json"]


def listing(root: Path) -> dict[str, int]:
    """Every file under ``root`` with its modification time, to show that nothing was written."""
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted(root.rglob("*"))}


def csv_tables(data_dir: Path) -> dict[str, pd.DataFrame]:
    return {t.name: read_table(data_dir / t.filename).reset_index(drop=True) for t in schema.TABLES}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trips(tmp_path, fmt):
    # tricky but valid cells: multi-line notes, commas, quotes, 'NA' (Namibia), non-ASCII, apostrophes
    rows = [*TRANSFERS[:2], claim(claim_id="sb-01", source_id="sb", deal_id="fra-arm-bastion", system="Bastion",
                                  system_id="bastion", category="armoured_vehicles", quantity="24", status="delivered",
                                  quote="Armenia received 24 Bastion armoured vehicles in 2023",
                                  notes="'quoted by curator'\nsecond line, with \"quotes\"; NA; Türkiye")]
    data = make_data_dir(tmp_path, transfers=rows)
    out = tmp_path / "export"
    export(data, out, fmt)
    back = read_export(out, fmt)
    for name, frame in csv_tables(data).items():  # valid data, so the CSV columns are in schema order
        pd.testing.assert_frame_equal(back[name], frame.fillna(""))  # the cells as the CSV text has them


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trips_empty_tables(tmp_path, fmt):
    frames = {t.name: pd.DataFrame({c: pd.Series([], dtype=str) for c in t.columns}) for t in schema.TABLES}
    write_export(frames, tmp_path, fmt)
    back = read_export(tmp_path, fmt)
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(back[name], frame)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_reproducible_and_lists_what_it_wrote(data_dir, tmp_path, fmt):
    first = export(data_dir, tmp_path / "a", fmt)
    second = export(data_dir, tmp_path / "b", fmt)
    assert [p.name for p in first] == (["armsdata.xlsx"] if fmt == "xlsx"
                                       else [f"{t.name}.{fmt}" for t in schema.TABLES])
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in first)  # no temp files


def test_formula_like_cells_get_one_apostrophe_and_come_back():
    cells = pd.Series(["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "-x", "\tx", "\rx", "-5", "-2.5", "'=1", "'",
                       "plain", "", "a=b"])
    safe = spreadsheet_safe(cells)
    assert safe.tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'@SUM(A1)", "'-x", "'\tx", "'\rx", "-5", "-2.5",
                             "''=1", "''", "plain", "", "a=b"]
    assert not schema.is_formula_like(safe).any()
    pd.testing.assert_series_equal(spreadsheet_unsafe(safe), cells)


def test_workbook_cells_are_text_never_formulas(tmp_path):
    from openpyxl import load_workbook

    hostile = {t.name: pd.DataFrame({c: pd.Series([], dtype=str) for c in t.columns}) for t in schema.TABLES}
    hostile["actors"] = pd.DataFrame([["=1+1", "-3", "3", "+cmd|' /C calc'!A0", "@x"]],
                                     columns=schema.ACTORS.columns, dtype=str)
    (tmp_path / "armsdata.xlsx").write_bytes(xlsx_bytes(hostile))
    sheet = load_workbook(tmp_path / "armsdata.xlsx")["actors"]
    cells = list(sheet.iter_rows(min_row=2))[0]
    assert [c.data_type for c in cells] == ["s"] * 5
    assert [c.value for c in cells] == ["'=1+1", "-3", "3", "'+cmd|' /C calc'!A0", "'@x"]
    pd.testing.assert_frame_equal(read_export(tmp_path, "xlsx")["actors"], hostile["actors"])


def test_cells_an_xlsx_cannot_hold_are_reported_not_written(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(notes="bell\x07"), *TRANSFERS[1:]])
    with pytest.raises(DataError) as caught:  # the validator rejects control characters before the export
        export(data, tmp_path / "out", "xlsx")
    (problem,) = caught.value.problems
    assert (Path(problem.path).name, problem.line, problem.column) == ("transfers.csv", 2, "notes")
    assert not (tmp_path / "out").exists()


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


def test_cli_export_writes_and_lists_files(data_dir, tmp_path, capsys):
    before = listing(data_dir)
    out = tmp_path / "exported"
    assert main(["export", "--format", "parquet", "--data", str(data_dir), "--out", str(out)]) == 0
    assert capsys.readouterr().out.split() == [str(out / f"{t.name}.parquet") for t in schema.TABLES]
    assert listing(data_dir) == before


def test_default_output_directory_is_export(data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "json", "--data", str(data_dir)]) == 0
    assert sorted(p.name for p in (tmp_path / "export").iterdir()) == ["actors.json", "sources.json",
                                                                       "systems.json", "transfers.json"]


@pytest.mark.parametrize(("fmt", "module"), [("parquet", "pyarrow"), ("xlsx", "openpyxl")])
def test_missing_optional_dependency_says_how_to_install(data_dir, tmp_path, monkeypatch, capsys, fmt, module):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    assert main(["export", "--format", fmt, "--data", str(data_dir), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert module in err and "pip install 'armsdata[export]'" in err
    assert not (tmp_path / "out").exists()

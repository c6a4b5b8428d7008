"""Export the validated tables as Parquet, Excel (xlsx) or JSON, for tools that do not read CSV well.

``export(data_dir, out_dir, fmt)`` validates ``data_dir`` first and writes nothing
if it is invalid. Every export carries the cells exactly as the CSV files do:
text, in schema column order, with ``""`` for "the source does not say"
(typed tables for analysis come from :func:`armsdata.load_transfers`). So
``read_export(out_dir, fmt)`` gives back the very tables that were exported.

Files written (each atomically): ``<table>.parquet`` or ``<table>.json`` per
table, or one workbook ``armsdata.xlsx`` with a sheet per table.

Spreadsheet safety: in the workbook every cell is a text cell, never a formula,
and any cell a spreadsheet could read as a formula (see
:func:`armsdata.schema.is_formula_like`) gets a leading apostrophe, as does
any cell that already starts with one, so that ``read_export`` can strip
exactly one apostrophe from every cell that starts with one and get the
original back. The validator already rejects formula-like cells; this is
defence in depth for copies that leave the workbook (copy-paste, "save as CSV").
"""

from __future__ import annotations

import io
import json
import os
import re
from datetime import datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import pandas as pd

from armsdata import schema
from armsdata.io import Problem, write_atomic

FORMATS = ("parquet", "xlsx", "json")
WORKBOOK = "armsdata.xlsx"
INSTALL_HINT = "pip install 'armsdata[export]'"

#: Characters an xlsx file cannot hold (XML 1.0 forbids them), as openpyxl defines them.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: The longest text an Excel cell holds.
XLSX_MAX_CELL = 32_767
#: Fixed timestamp for the workbook's properties and zip entries, so that exports are reproducible.
_EPOCH = datetime(2000, 1, 1)


class ExportUsageError(Exception):
    """The export cannot run as asked (unknown format, output inside the data, missing dependency)."""


class ExportError(Exception):
    """Some cells cannot be stored in the chosen format; ``problems`` says which."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def export(data_dir: str | os.PathLike = "data", out_dir: str | os.PathLike = "export",
           fmt: str = "parquet") -> list[Path]:
    """Validate ``data_dir``, then write its tables to ``out_dir`` as ``fmt``; return the paths written.

    Raises :class:`ExportUsageError` before reading anything if the format is
    unknown, its library is missing or ``out_dir`` lies inside ``data_dir``;
    :class:`armsdata.DataError` if the data does not validate; :class:`ExportError`
    if a cell cannot be stored in ``fmt``. Nothing is written in any of these cases.
    """
    from armsdata.load import DataError
    from armsdata.validate import check

    check_request(data_dir, out_dir, fmt)
    tables, problems = check(data_dir)
    if problems:
        raise DataError(problems)
    frames = {t.name: tables[t.name][t.columns].fillna("") for t in schema.TABLES}  # cells as in the CSV text
    if fmt == "xlsx":
        labels = {t.name: os.path.join(str(data_dir), t.filename) for t in schema.TABLES}
        problems = [p for name, frame in frames.items() for p in xlsx_problems(frame, labels[name])]
        if problems:
            raise ExportError(problems)
    return write_export(frames, Path(out_dir), fmt)


def check_request(data_dir: str | os.PathLike, out_dir: str | os.PathLike, fmt: str) -> None:
    """Raise :class:`ExportUsageError` unless ``fmt`` is known and usable and ``out_dir`` is outside the data."""
    if fmt not in FORMATS:
        raise ExportUsageError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    out, data = Path(out_dir).resolve(), Path(data_dir).resolve()
    if out == data or data in out.parents:
        raise ExportUsageError(f"output directory {out_dir} is inside the data directory {data_dir}; "
                               "choose another (default: export)")
    require(fmt)


def require(fmt: str) -> None:
    """Raise :class:`ExportUsageError` with the install command if ``fmt``'s library is missing."""
    module = {"parquet": "pyarrow", "xlsx": "openpyxl"}.get(fmt)
    if module is None:
        return
    try:
        __import__(module)
    except ImportError:
        raise ExportUsageError(f"--format {fmt} needs {module}, which is not installed; "
                               f"install it with: {INSTALL_HINT}") from None


def write_export(frames: dict[str, pd.DataFrame], out_dir: Path, fmt: str) -> list[Path]:
    """Write text tables (name -> frame) to ``out_dir`` as ``fmt``; return the paths, in table order."""
    if fmt == "xlsx":
        path = out_dir / WORKBOOK
        write_atomic(path, xlsx_bytes(frames))
        return [path]
    encode = {"parquet": parquet_bytes, "json": json_bytes}[fmt]
    written = []
    for name, frame in frames.items():
        path = out_dir / f"{name}.{fmt}"
        write_atomic(path, encode(frame))
        written.append(path)
    return written


def read_export(out_dir: str | os.PathLike, fmt: str) -> dict[str, pd.DataFrame]:
    """The tables of an export, as text frames (name -> frame), exactly as they were in the CSV files."""
    out_dir = Path(out_dir)
    require(fmt)
    if fmt == "xlsx":
        return read_xlsx(out_dir / WORKBOOK)
    tables = {}
    for table in schema.TABLES:
        path = out_dir / f"{table.name}.{fmt}"
        if fmt == "parquet":
            import pyarrow.parquet as pq

            columns = pq.read_table(path).to_pydict()
        else:
            records = json.loads(path.read_text(encoding="utf-8"))
            columns = {c: [r[c] for r in records] for c in table.columns}
        tables[table.name] = _text_frame(columns, table.columns)
    return tables


def _text_frame(columns: dict[str, list[str]], names: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(columns[name], dtype=str) for name in names}, columns=names)


# --------------------------------------------------------------------------
# Parquet and JSON
# --------------------------------------------------------------------------


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """One table as a Parquet file: a string column per schema column, no index."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({c: pa.array(frame[c].tolist(), type=pa.string()) for c in frame.columns})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def json_bytes(frame: pd.DataFrame) -> bytes:
    """One table as a JSON array of objects, keys in schema order, one object per line."""
    records = frame.to_dict(orient="records")
    lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    return f"[\n{lines}\n]\n".encode() if records else b"[]\n"


# --------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------


def spreadsheet_safe(cells: pd.Series) -> pd.Series:
    """Cells with one more leading apostrophe where a spreadsheet could read a formula, or one starts them.

    >>> spreadsheet_safe(pd.Series(["=1+1", "-5", "-x", "'quoted", "ok"])).tolist()
    ["'=1+1", '-5', "'-x", "''quoted", 'ok']
    """
    escape = schema.is_formula_like(cells) | cells.str.startswith("'")
    return cells.where(~escape, "'" + cells)


def spreadsheet_unsafe(cells: pd.Series) -> pd.Series:
    """The inverse of :func:`spreadsheet_safe`: one leading apostrophe removed where there is one."""
    return cells.where(~cells.str.startswith("'"), cells.str[1:])


def xlsx_problems(frame: pd.DataFrame, label: str) -> list[Problem]:
    """Cells an xlsx workbook cannot hold: control characters, or more than 32,767 characters."""
    problems = []
    for column in frame.columns:
        cells = frame[column]
        for line, value in cells[cells.str.contains(XLSX_ILLEGAL)].items():
            problems.append(Problem(label, int(line), column,
                                    "control character that an xlsx cell cannot hold", value))
        for line, value in cells[cells.str.len() > XLSX_MAX_CELL].items():
            problems.append(Problem(label, int(line), column,
                                    f"longer than {XLSX_MAX_CELL} characters, the most an xlsx cell holds", value))
    return problems


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per table: a header row, then every cell as text (see :func:`spreadsheet_safe`)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook(write_only=True)
    for name, frame in frames.items():
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        safe = {c: spreadsheet_safe(frame[c]).tolist() for c in frame.columns}
        for row in zip(*safe.values()):
            sheet.append([_text_cell(sheet, value, WriteOnlyCell) for value in row])
    book.properties.created = book.properties.modified = _EPOCH
    buffer = io.BytesIO()
    # ExcelWriter rather than book.save(): save() stamps the current time into the file.
    ExcelWriter(book, ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)).save()
    return _reproducible_zip(buffer.getvalue())


def _text_cell(sheet, value: str, cell_type):
    cell = cell_type(sheet, value=value)
    cell.data_type = "s"  # text, whatever it looks like: never a formula, number or date
    return cell


def _reproducible_zip(data: bytes) -> bytes:
    """The same zip archive with every entry's timestamp fixed, so equal content gives equal bytes."""
    out = io.BytesIO()
    with ZipFile(io.BytesIO(data)) as src, ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as dst:
        for info in src.infolist():
            entry = ZipInfo(info.filename, date_time=_EPOCH.timetuple()[:6])
            entry.compress_type = ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def read_xlsx(path: Path) -> dict[str, pd.DataFrame]:
    """The text tables of an exported workbook, apostrophes added by :func:`spreadsheet_safe` removed."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        tables = {}
        for table in schema.TABLES:
            rows = book[table.name].iter_rows(values_only=True)
            header = [str(h) for h in next(rows)]
            body = list(zip(*rows)) or [() for _ in header]
            columns = {h: ["" if v is None else str(v) for v in cells] for h, cells in zip(header, body)}
            frame = _text_frame(columns, table.columns)
            tables[table.name] = pd.DataFrame({c: spreadsheet_unsafe(frame[c]) for c in frame.columns})
    finally:
        book.close()
    return tables

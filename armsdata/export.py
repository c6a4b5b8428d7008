"""Export the validated tables as Parquet, Excel (xlsx), JSON or SQLite, typed, for tools that do not read CSV well.

``export(data_dir, out_dir, fmt)`` validates ``data_dir`` first and writes nothing
if it is invalid. The exports carry real types (:mod:`armsdata.codec`, as loading and the
database type them), so an analyst gets numbers:

* ``integer`` columns (``quantity``) are nullable 64-bit integers, ``number``
  columns (``value``) 64-bit floats, flags (``true``/``false``) booleans;
* everything else is text, partial dates too (``2023``, ``2023-10``: a date type
  would invent a month and a day the source does not state);
* an empty CSV cell ("the source does not say") is a missing value (null, an empty
  spreadsheet cell), never ``""`` beside ``null``; ``"NA"`` stays Namibia.

Nothing is lost: :func:`read_export` turns an export back into the exact CSV text.
A number whose text would not come back the same (``007``, ``2.50``) is refused
with a problem naming its cell, rather than silently rewritten.

Every format holds the same tables (:func:`exported_tables`): the four curated ones
(``transfers``, ``sources``, ``actors``, ``systems``), SIPRI's ``register`` when the data
has one, and the ``deals`` (:func:`armsdata.analysis.deals` of the claims, with the
columns :data:`armsdata.schema.DEALS` defines; flags are booleans). Files written (see
:data:`FORMATS`): ``<table>.parquet`` or ``<table>.json`` per table, one workbook
``armsdata.xlsx`` with a sheet per table, or one database ``armsdata.db`` with its
Datasette ``metadata.json`` (:mod:`armsdata.database`: keys, indexes and full-text
search). They go into an output directory armsdata owns (:mod:`armsdata.outdir`):
exports of several formats can share it, and files it did not write are never touched.

Spreadsheet safety: in the workbook a text cell is always a text cell, never a
formula, and carries Excel's "quote prefix" style, so that editing it keeps it
text (``=1+1`` is not evaluated, ``2023-10`` does not turn into a date). The value
itself is unchanged, so ``pandas.read_excel(path, dtype=str, keep_default_na=False)``
gives back the CSV cells (a flag, stored as an Excel boolean, reads as ``True``/``False``).
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import pandas as pd

from armsdata import codec, database, outdir, schema
from armsdata.database import DATABASE, METADATA
from armsdata.io import DataError, Problem

WORKBOOK = "armsdata.xlsx"
INSTALL_HINT = "uv sync --extra export (or, in a checkout, pip install -e '.[export]')"

#: Characters an xlsx file cannot hold (XML 1.0 forbids them), as openpyxl defines them.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: The longest text an Excel cell holds.
XLSX_MAX_CELL = 32_767
#: Fixed timestamp for the workbook's properties and zip entries, so that exports are reproducible.
_EPOCH = datetime(2000, 1, 1)

Frames = dict[str, pd.DataFrame]


class ExportUsageError(Exception):
    """The export cannot run as asked (unknown format, output inside the data, missing dependency)."""


# --------------------------------------------------------------------------
# Exporting
# --------------------------------------------------------------------------


def export(data_dir: str | os.PathLike = "data", out_dir: str | os.PathLike = "export",
           fmt: str = "parquet", *, force: bool = False) -> list[Path]:
    """Validate ``data_dir``, then write its tables to ``out_dir`` as ``fmt``; return the paths, in table order.

    Raises, before writing anything: :class:`ExportUsageError` if the format is
    unknown, its library is missing or ``out_dir`` lies inside ``data_dir``;
    :class:`armsdata.outdir.OutputError` if ``out_dir`` is not a usable directory or
    holds files armsdata did not write (unless ``force``); :class:`armsdata.DataError`
    if the data does not validate; :class:`armsdata.DataError` too if a cell cannot be stored in ``fmt``.
    """
    from armsdata.validation import check_data_dir

    from armsdata.analysis import deals
    from armsdata.load import typed_data

    check_request(data_dir, out_dir, fmt)
    outdir.check_may_write(out_dir, force=force)
    tables, problems = check_data_dir(data_dir)
    if problems:
        raise DataError(problems)
    # the files: the curated tables, and the optional ones the data has (check_data_dir() read and checked them)
    files = [t for t in exported_tables() if t.name in tables]
    frames = {t.name: tables[t.name][t.columns].fillna("") for t in files}  # cells as in the CSV text
    labels = {t.name: os.path.join(str(data_dir), t.filename) for t in files}
    problems = [p for t in files for p in export_problems(frames[t.name], t, labels[t.name], fmt)]
    if problems:
        raise DataError(problems)
    claims = typed_data(data_dir, {t.name: tables[t.name] for t in schema.TABLES}).claims  # validated above
    frames[schema.DEALS.name] = codec.text_of(deals(claims), schema.DEALS)
    return write_export(frames, Path(out_dir), fmt, force=force)


def exported_tables() -> tuple[schema.Table, ...]:
    """The tables an export may hold, in the order it writes them: the curated ones, the optional ones
    (the register) and the deals. Every format holds the same ones."""
    return (*schema.TABLES, *schema.OPTIONAL_TABLES, schema.DEALS)


def check_request(data_dir: str | os.PathLike, out_dir: str | os.PathLike, fmt: str) -> None:
    """Raise :class:`ExportUsageError` unless ``fmt`` is known and usable and ``out_dir`` is outside the data."""
    if fmt not in FORMATS:
        raise ExportUsageError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    out, data = Path(out_dir).resolve(), Path(data_dir).resolve()
    if out == data or data in out.parents:
        raise ExportUsageError(f"output directory {out_dir} is inside the data directory {data_dir}; "
                               "choose another (default: export)")
    require_library(fmt)


def require_library(fmt: str) -> None:
    """Raise :class:`ExportUsageError` with the install command if ``fmt``'s library is missing."""
    module = FORMATS[fmt].needs
    if module is None:
        return
    try:
        __import__(module)
    except ImportError:
        raise ExportUsageError(f"--format {fmt} needs {module}, which is not installed; "
                               f"install it with: {INSTALL_HINT}") from None


def export_problems(frame: pd.DataFrame, table: schema.Table, label: str, fmt: str) -> list[Problem]:
    """Cells of one text table (index = CSV line, file named ``label``) that ``fmt`` cannot store exactly."""
    cannot_hold = FORMATS[fmt].cannot_hold
    return stored_number_problems(frame, table, label) + (cannot_hold(frame, label) if cannot_hold else [])


def write_export(frames: Frames, out_dir: str | os.PathLike, fmt: str, *, force: bool = False) -> list[Path]:
    """Write text tables (name of a table of :func:`exported_tables` -> frame) to ``out_dir`` as ``fmt``; return
    the paths, in table order. Files of other formats an earlier export wrote there are kept.
    """
    files = FORMATS[fmt].encode(frames)
    outdir.write_tree(files, out_dir, force=force, remove_stale=False)
    return [Path(out_dir) / path for path in files]


def read_export(out_dir: str | os.PathLike, fmt: str) -> Frames:
    """The tables of an export, as text frames (name -> frame), exactly as they were in the CSV files."""
    require_library(fmt)
    return FORMATS[fmt].decode(Path(out_dir))


# --------------------------------------------------------------------------
# Types: CSV text <-> typed columns, by armsdata.codec
# --------------------------------------------------------------------------

_TABLES = {t.name: t for t in exported_tables()}


def stored_number_problems(frame: pd.DataFrame, table: schema.Table, label: str) -> list[Problem]:
    """Numbers whose text would not come back the same from a typed export (``007``, ``2.50``, ``1.0``)."""
    problems = []
    for f in table.fields:
        kind = codec.kind(f).name
        if kind not in ("integer", "number"):
            continue
        cells = frame[f.name]
        for line, text in cells[cells != ""].items():
            try:
                value = int(text) if kind == "integer" or "." not in text else float(text)
            except ValueError:
                continue  # not a number at all: the validator's concern, not the export's
            back = codec.text_cell(float(value) if kind == "number" else value)
            too_big = kind == "integer" and not -(2**63) <= value < 2**63
            if back != text or too_big:
                why = "does not fit a 64-bit integer" if too_big else f"would come back as {back!r}; write it so"
                problems.append(Problem(label, int(line), f.name, f"a typed export stores this number, and it {why}",
                                        text))
    return problems


# --------------------------------------------------------------------------
# Parquet and JSON
# --------------------------------------------------------------------------


def parquet_bytes(frame: pd.DataFrame, table: schema.Table) -> bytes:
    """One table as a Parquet file: int64, double, boolean and string columns, nulls where the source does not say."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_schema = pa.schema([(f.name, pa.type_for_alias(codec.kind(f).arrow)) for f in table.fields])
    # from_pandas records the pandas dtypes, so pandas.read_parquet gives back Int64 and Float64 columns
    arrow = pa.Table.from_pandas(codec.typed_frame(frame, table), schema=arrow_schema, preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer)
    return buffer.getvalue()


def read_parquet_table(path: Path, table: schema.Table) -> pd.DataFrame:
    import pyarrow.parquet as pq

    return codec.text_frame(pq.read_table(path).to_pydict(), table)


def json_bytes(frame: pd.DataFrame, table: schema.Table) -> bytes:
    """One table as a JSON array of objects, one per line, keys in schema order; numbers as numbers, null if empty."""
    records = codec.python_cells(codec.typed_frame(frame, table)).to_dict(orient="records")
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, allow_nan=False) for r in records)
    return f"[\n{lines}\n]\n".encode() if records else b"[]\n"


def read_json_table(path: Path, table: schema.Table) -> pd.DataFrame:
    records = json.loads(path.read_text(encoding="utf-8"))
    return codec.text_frame({c: [r[c] for r in records] for c in table.columns}, table)


# --------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------


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


def xlsx_bytes(frames: Frames) -> bytes:
    """A workbook with one sheet per table: a header row, then numbers as numbers and text as quote-prefixed text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook(write_only=True)
    for name, frame in frames.items():
        table = _TABLES[name]
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        typed = codec.python_cells(codec.typed_frame(frame, table))
        kinds = [codec.kind(f).name for f in table.fields]
        for row in typed.itertuples(index=False):
            sheet.append([_cell(sheet, value, kind, WriteOnlyCell) for value, kind in zip(row, kinds)])
    book.properties.created = book.properties.modified = _EPOCH
    buffer = io.BytesIO()
    # ExcelWriter rather than book.save(): save() stamps the current time into the file.
    ExcelWriter(book, ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)).save()
    return _reproducible_zip(buffer.getvalue())


def _cell(sheet, value, kind: str, cell_type):
    if value is None or kind != "string":
        return value  # an empty cell, or a number
    cell = cell_type(sheet, value=value)
    cell.data_type = "s"  # text, whatever it looks like: never a formula, number or date
    cell.quotePrefix = True  # and it stays text when someone edits it in a spreadsheet
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


def read_xlsx(path: Path) -> Frames:
    """The text tables of an exported workbook."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        tables = {}
        for table in exported_tables():
            if table not in schema.TABLES and table.name not in book.sheetnames:
                continue
            rows = book[table.name].iter_rows(values_only=True)
            header = [str(h) for h in next(rows)]
            # a row ends at its last non-empty cell: pad it, so that zip does not cut every row short
            body = [(*row, *[None] * (len(header) - len(row))) for row in rows]
            tables[table.name] = codec.text_frame({h: [row[i] for row in body] for i, h in enumerate(header)}, table)
    finally:
        book.close()
    return tables


# --------------------------------------------------------------------------
# The formats, defined once (the CLI's choices come from here): a new format is one entry
# of FORMATS and the functions it names
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """One export format: what it writes, the library it needs, and how to read it back as text."""

    description: str
    needs: str | None  #: the module it needs, from the ``export`` extra (None: the core dependencies)
    encode: Callable[..., dict[str, bytes]]  #: text tables -> {file name: bytes}
    decode: Callable[[Path], Frames]  #: the export directory -> the text tables
    #: the cells of a text table (file named by the label) the format cannot hold, besides numbers (None: none)
    cannot_hold: Callable[[pd.DataFrame, str], list[Problem]] | None = None


def _per_table(suffix: str, encode: Callable[[pd.DataFrame, schema.Table], bytes]) -> Callable[[Frames], dict]:
    return lambda frames: {f"{name}.{suffix}": encode(frame, _TABLES[name]) for name, frame in frames.items()}


def _read_per_table(suffix: str, read: Callable[[Path, schema.Table], pd.DataFrame]) -> Callable[[Path], Frames]:
    """Read back each table's file: the curated tables' must be there, the others where they are."""
    return lambda out_dir: {t.name: read(out_dir / f"{t.name}.{suffix}", t) for t in exported_tables()
                            if t in schema.TABLES or (out_dir / f"{t.name}.{suffix}").is_file()}


FORMATS: dict[str, Format] = {
    "parquet": Format("one <table>.parquet per table", None,  # pyarrow is a core dependency
                      _per_table("parquet", parquet_bytes), _read_per_table("parquet", read_parquet_table)),
    "xlsx": Format(f"one workbook {WORKBOOK}, a sheet per table", "openpyxl",
                   lambda frames: {WORKBOOK: xlsx_bytes(frames)}, lambda out_dir: read_xlsx(out_dir / WORKBOOK),
                   xlsx_problems),
    "json": Format("one <table>.json per table: an array of objects", None,
                   _per_table("json", json_bytes), _read_per_table("json", read_json_table)),
    "sqlite": Format(f"one SQLite database {DATABASE} (a table per table, transfers named claims; keys, "
                     f"indexes, full-text search) and its Datasette {METADATA}", None,
                     database.encode, lambda out_dir: {name: codec.text_frame(columns, _TABLES[name]) for name, columns
                                                       in database.read_database(out_dir / DATABASE).items()}),
}

"""SIPRI Arms Transfers Database exports -> the register table, one row per deal.

``read_sipri(path)`` reads either export of SIPRI's site:

* the **trade register** (one row per deal, 16 columns, ``?`` estimate flags in unnamed
  columns after *Year of order*, *Number ordered* and *Number delivered*), also in its
  supplier- or recipient-filtered variant that says *Deliveries in the Year Range*;
* the **transfers by delivery year** export (one row per deal and delivery year, 17 columns,
  ``Yes``/``No`` flags, a database ID), summed to one row per deal.

Real exports are hostile, and every quirk seen in them is read, not guessed around:
latin-1 or UTF-8 (detected, never mojibake), a preamble of any length or none (its
"Data generated" date and year range are kept in ``frame.attrs``), CRLF or LF, trailing
``;;;;`` or ``,,,`` on every line, and records broken over two physical lines by a stray
line break inside an unquoted cell (re-joined: the two pieces of the cell are joined by one
space). Nothing is dropped silently: every record of the file is a deal of the table (or a
delivery year of one), and the attrs say how many were read, re-joined and skipped, and why.
A file that is not a register raises :class:`~armsdata.io.CsvError` naming the file and
what was expected.

Speed: a clean export is parsed by pandas' C parser in one call; a vectorised scan of the
bytes finds the few lines that are not one whole record, and only those are repaired in Python.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.io import FILE_LINE, CsvError, Problem

#: SIPRI's terms ask every use of its data to carry this credit line.
CREDIT = "Information from the SIPRI Arms Transfers Database"
#: Where SIPRI's database lives (as its exports name it).
SIPRI_URL = "https://www.sipri.org/databases/armstransfers"
#: The export that ``data/register/sipri.csv`` is imported from (checked by the tests against the file).
EXTRACT_SOURCE = "trade-register_all_2026-05-18.csv"
EXTRACT_GENERATED = "2026-05-18"
#: The actors whose deals the extract keeps (the states the corpus is about).
EXTRACT_ACTORS = ("Armenia", "Azerbaijan")

REGISTER_FORMAT = "trade register"
PER_YEAR_FORMAT = "transfers by delivery year"

#: How far down a preamble the header line may be.
MAX_PREAMBLE_LINES = 50

# --------------------------------------------------------------------------
# The two header layouts, column by column
# --------------------------------------------------------------------------

#: A SIPRI header cell (lower case, single spaces) -> the register column it fills.
#: None: a column read but not kept (the register table has no place for it; see CODEBOOK.md).
HEADER_NAMES: dict[str, str | None] = {
    "sipri at database id": "sipri_id",
    "supplier": "supplier",
    "recipient": "recipient",
    "weapon designation": "designation",
    "designation": "designation",
    "weapon description": "description",
    "description": "description",
    "armament category": "category",
    "year of order": "order_year",
    "order date": "order_year",
    "order date is estimate": "order_year_estimated",
    "number ordered": "number_ordered",
    "number delivered": "number_delivered",
    "numbers delivered": "number_delivered",
    # the filtered variant: deliveries within the selected years, which is what 'Number delivered' holds too
    "deliveries in the year range": "number_delivered",
    "number delivered is estimate": "number_delivered_estimated",
    "numbers delivered is estimate": "number_delivered_estimated",
    "year(s) of delivery": "delivery_years",
    "delivery year": "delivery_year",  # one row per delivery year: summed to one row per deal
    "status": "status",
    "comments": "comments",
    "sipri tiv per unit": "tiv_per_unit",
    "tiv deal unit": "tiv_per_unit",
    "sipri tiv for total order": "tiv_order",
    "sipri tiv of delivered weapons": "tiv_delivered",
    "tiv delivery values": "tiv_delivered",
    "delivery year is estimate": None,
    "sipri estimate": None,  # TIV of one new unit; tiv_per_unit is the deal's own
    "local production": None,
}
#: Columns an unnamed ``?`` column may follow: it flags their value as a SIPRI estimate.
FLAGGED = ("order_year", "number_ordered", "number_delivered")

TEXT = ("supplier", "recipient", "designation", "description", "category", "delivery_years", "status", "comments")
INTEGERS = ("sipri_id", "order_year", "number_ordered", "number_delivered", "delivery_year")
NUMBERS = ("tiv_per_unit", "tiv_order", "tiv_delivered")
FLAGS = ("order_year_estimated", "number_ordered_estimated", "number_delivered_estimated")

#: The register table: columns in order, with their pandas dtypes.
COLUMNS: dict[str, str] = {
    name: ("Int64" if name in INTEGERS else "Float64" if name in NUMBERS else
           "boolean" if name in FLAGS else "string")
    for name in schema.REGISTER.columns
}

_CORE = ("supplier", "recipient", "designation", "order_year")
#: How the trade register names the columns a header must have, for messages.
_SIPRI_NAMES = {"supplier": "Supplier", "recipient": "Recipient", "designation": "Weapon designation",
                "order_year": "Year of order", "sipri_id": "SIPRI AT Database ID",
                "number_delivered": "Numbers delivered", "tiv_delivered": "TIV delivery values"}
_YEARS = re.compile(r"[0-9]{4}(?:; [0-9]{4})*")

# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


@dataclass
class Layout:
    """What the header line says: where the records start and what each column holds."""

    line: int  # physical line of the header (1-based)
    body_start: int  # byte offset of the line after the header
    names: list[str]  # the header cells as written (trailing separators removed)
    targets: list[str | None]  # register column of each cell (None: not kept)
    preamble: list[str] = field(default_factory=list)

    @property
    def per_year(self) -> bool:
        return "delivery_year" in self.targets

    @property
    def format(self) -> str:
        return PER_YEAR_FORMAT if self.per_year else REGISTER_FORMAT


@dataclass
class Counts:
    records: int = 0  # records read (deals, or deal-years in the per-year export)
    rejoined: int = 0  # records rebuilt from several physical lines
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> physical lines

    def skip(self, reason: str, lines: int = 1) -> None:
        if lines:
            self.skipped[reason] = self.skipped.get(reason, 0) + lines


def read_sipri(path: str | os.PathLike) -> pd.DataFrame:
    """The deals of a SIPRI export, one row per deal, in the register's columns (:data:`COLUMNS`).

    The index is the physical line of the file on which each deal's (first) record starts.
    ``frame.attrs`` holds what the file says about itself and how it was read: ``source``,
    ``format``, ``encoding``, ``title``, ``generated`` (ISO date), ``year_range``,
    ``header_line``, ``records``, ``rejoined``, ``skipped`` ({reason: lines}), ``deals`` and
    ``columns_not_kept``. Raises :class:`~armsdata.io.CsvError` for a file that is not a SIPRI
    register, or one whose records cannot all be read.
    """
    label = str(path)
    raw, encoding = _decoded_bytes(_read_bytes(path, label), label)
    codec = "utf-8" if encoding == "utf-16" else encoding  # a UTF-16 file is read re-encoded as UTF-8
    layout = find_header(raw, codec, label)
    body = raw[layout.body_start:]
    if b"\r" in body:  # CRLF, or a lone CR: both end a line
        body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    counts = Counts()
    parts = [part for part in _records(body, layout, codec, label, counts) if len(part)]
    if not parts:
        _fail(label, "a header but no records after it; the file looks truncated", layout.line)
    typed = [_typed(part, layout, label) for part in parts]
    rows = pd.concat(typed).sort_index() if len(typed) > 1 else typed[0]
    rows = _per_deal(rows, layout, label) if layout.per_year else rows
    found = {**{name: rows[name] for name in rows.columns}, **_iso3_columns(rows)}
    deals = pd.DataFrame({name: _column(found.get(name), dtype, len(rows)) for name, dtype in COLUMNS.items()},
                         index=rows.index)
    title, generated, as_written, years = _preamble_facts(layout.preamble)
    deals.attrs.update(
        source=label, format=layout.format, encoding=encoding, title=title, generated=generated,
        generated_as_written=as_written, year_range=years, header_line=layout.line,
        records=counts.records, rejoined=counts.rejoined, skipped=dict(counts.skipped), deals=len(deals),
        columns_not_kept=[name for name, target in zip(layout.names, layout.targets) if target is None],
    )
    return deals


def _column(values: pd.Series | None, dtype: str, rows: int) -> pd.Series | pd.api.extensions.ExtensionArray:
    """A column of the register in its dtype; one the export does not have is all missing."""
    if values is None:
        return pd.Series(pd.NA, index=range(rows), dtype=dtype).array
    return values.astype(dtype).array  # "str" (missing = NaN) becomes "string" (missing = <NA>)


def _fail(label: str, message: str, line: int = FILE_LINE, column: str = "(file)", value: str | None = None):
    raise CsvError([Problem(label, line, column, message, value)])


EXPECTED = ("expected a SIPRI trade register (the CSV export of the SIPRI Arms Transfers Database, with a "
            "header line 'Recipient,Supplier,Year of order,…' or 'SIPRI AT Database ID,Supplier,Recipient,…')")


def _read_bytes(path: str | os.PathLike, label: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        _fail(label, "file not found")
    except OSError as exc:
        _fail(label, f"cannot read file: {exc.strerror}")
    raise AssertionError("unreachable")


def _decoded_bytes(raw: bytes, label: str) -> tuple[bytes, str]:
    """The file's bytes in an ASCII-compatible encoding, and the name of the file's encoding.

    UTF-8 when the whole file is valid UTF-8; a UTF-16 file is re-encoded as UTF-8; otherwise
    latin-1 (SIPRI's other exports), read as Windows-1252 where it has bytes that only that
    extension of latin-1 gives characters to (``’`` is 0x92 there).
    A file that mixes valid UTF-8 sequences with other bytes is refused rather than read as
    mojibake, and so is one that ends in the middle of a UTF-8 character (a truncated download).
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            _fail(label, "starts like UTF-16 but is not valid UTF-16; " + EXPECTED)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    exc = _utf8_error(raw)
    if exc is None:
        return raw, "utf-8"
    # not UTF-8: latin-1 or Windows-1252, unless it looks like broken or mixed UTF-8
    line = raw.count(b"\n", 0, exc.start) + 1
    if exc.reason == "unexpected end of data":
        _fail(label, "the file ends in the middle of a UTF-8 character; it looks truncated", line)
    high = _high_bytes(raw)
    if _has_utf8_sequences(*high):
        _fail(label, f"mixes UTF-8 with another encoding (byte 0x{raw[exc.start]:02x} is not UTF-8); "
                     "save it again in one encoding", line)
    if not ((high[0] >= 0x80) & (high[0] <= 0x9F)).any():
        return raw, "latin-1"  # latin-1 and Windows-1252 agree on every other byte
    try:
        raw.decode("cp1252")
        return raw, "cp1252"
    except UnicodeDecodeError:
        return raw, "latin-1"


def _utf8_error(raw: bytes) -> UnicodeDecodeError | None:
    """Why ``raw`` is not UTF-8, or None if it is. The first 64 KiB are tried alone first: a latin-1
    export usually fails there, without the cost of decoding the whole file."""
    if raw.isascii():
        return None
    head = raw[:1 << 16]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not (exc.reason == "unexpected end of data" and len(head) < len(raw)):  # not a character cut in two
            return exc
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc
    return None


def _high_bytes(raw: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each byte of ``raw`` above 0x7F, and the two bytes after it (0 past the end), found vectorised."""
    buf = np.frombuffer(raw, dtype=np.uint8)
    at = np.flatnonzero(buf >= 0x80)

    def after(k: int) -> np.ndarray:
        return np.where(at + k < len(buf), buf[np.minimum(at + k, len(buf) - 1)], 0)

    return buf[at], after(1), after(2)


def _has_utf8_sequences(lead: np.ndarray, next1: np.ndarray, next2: np.ndarray) -> bool:
    """Whether the high bytes hold a well-formed multi-byte UTF-8 character (a lead byte and its continuations).

    Latin-1 text almost never has one (an accented letter followed by a symbol such as ``©``),
    so a file that has one but is not valid UTF-8 mixes encodings.
    """
    cont1, cont2 = (next1 >= 0x80) & (next1 <= 0xBF), (next2 >= 0x80) & (next2 <= 0xBF)
    two = (lead >= 0xC2) & (lead <= 0xDF) & cont1
    three = (lead >= 0xE0) & (lead <= 0xEF) & cont1 & cont2
    return bool((two | three).any())


def _cells(line: str, separator: str = ",") -> list[str]:
    """The cells of one header-like line, without the trailing separators some exports append."""
    line = line.rstrip().rstrip(";, \t")
    return next(csv.reader([line], delimiter=separator)) if line else []


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def find_header(raw: bytes, encoding: str, label: str) -> Layout:
    """Find the header line within the first :data:`MAX_PREAMBLE_LINES` lines; refuse what is not a register."""
    if not raw or raw.isspace():
        _fail(label, "file is empty; " + EXPECTED)
    if raw.lstrip().startswith(b"{\\rtf"):
        _fail(label, "is an RTF document; " + EXPECTED + ": choose CSV, not RTF, when downloading")
    start = 0
    preamble: list[str] = []
    for number in range(1, MAX_PREAMBLE_LINES + 1):
        end = raw.find(b"\n", start)
        stop = len(raw) if end == -1 else end + 1
        line = raw[start:stop].decode(encoding).rstrip("\r\n")
        names = _cells(line)
        keys = [_key(name) for name in names]
        if {"supplier", "recipient"} <= set(keys) and keys.count("supplier") == 1:
            return _layout(names, keys, number, stop, preamble, label)
        _refuse_look_alikes(line, keys, number, label)
        preamble.append(line)
        if end == -1:
            break
        start = stop
    _fail(label, f"no header line found in the first {MAX_PREAMBLE_LINES} lines; " + EXPECTED)
    raise AssertionError("unreachable")


def _refuse_look_alikes(line: str, keys: list[str], number: int, label: str) -> None:
    """Name what a file is when it is a SIPRI table but not a register."""
    if keys and keys[0] in ("supplier", "recipient", "") and sum(bool(re.fullmatch(r"[0-9]{4}", k)) for k in keys) >= 2:
        _fail(label, "is a SIPRI TIV table (values by year), not a trade register; " + EXPECTED, number)
    for separator, shown in ((";", "';'"), ("\t", "tabs")):
        other = {_key(name) for name in _cells(line, separator)}
        if {"supplier", "recipient"} <= other:
            _fail(label, f"its header is separated by {shown}, not commas; " + EXPECTED, number)


def _layout(names: list[str], keys: list[str], number: int, body_start: int, preamble: list[str],
            label: str) -> Layout:
    """The register column of each header cell; an unnamed cell is the ``?`` flag of the one before."""
    targets: list[str | None] = []
    problems = []
    for position, (name, key) in enumerate(zip(names, keys)):
        previous = targets[-1] if targets else None
        if key == "":
            if previous in FLAGGED:
                targets.append(f"{previous}_estimated")
                continue
            problems.append(Problem(label, number, f"column {position + 1}", "unnamed column where no '?' flag "
                                    f"column is expected (only after {', '.join(FLAGGED)})", name))
        elif key not in HEADER_NAMES:
            targets.append(None)  # an unknown column: read, not kept, and named in attrs and the summary
            continue
        targets.append(HEADER_NAMES.get(key))
    found = [t for t in targets if t]
    problems += [Problem(label, number, name, "column appears twice in the header")
                 for name, t in zip(names, targets) if t and found.count(t) > 1]
    required = _CORE + (("sipri_id", "number_delivered", "tiv_delivered") if "delivery_year" in found else ())
    missing = [_SIPRI_NAMES[column] for column in required if column not in found]
    if missing:
        problems.append(Problem(label, number, "(header)", f"not a SIPRI register's header (no column "
                                f"{', '.join(missing)}); " + EXPECTED))
    if problems:
        raise CsvError(problems)
    return Layout(number, body_start, names, targets, preamble)


def _preamble_facts(preamble: list[str]) -> tuple[str | None, str | None, str | None, list[str] | None]:
    """Title, generation date (ISO and as written) and year range that the preamble states."""
    lines = [line.strip() for line in preamble if line.strip()]
    title = lines[0] if lines and not lines[0].startswith("Data generated") else None
    generated = as_written = None
    years = None
    for line in lines:
        found = re.match(r"Data generated:\s*(.+)", line)
        if found:
            as_written = found.group(1).strip()
            try:
                generated = datetime.strptime(" ".join(as_written.split()[:3]), "%d %b %Y").date().isoformat()
            except ValueError:
                generated = None
        found = re.search(r"year range '([^']*)' to '([^']*)'", line)
        if found:
            years = [found.group(1), found.group(2)]
    return title, generated, as_written, years


# --------------------------------------------------------------------------
# Records: the fast path, and the repair of broken lines
# --------------------------------------------------------------------------


def _records(body: bytes, layout: Layout, encoding: str, label: str, counts: Counts) -> list[pd.DataFrame]:
    """Frames of one row of cells per record, columns ``c0..c{n-1}`` as parsed; index = physical line.

    A clean export (one record per line) is parsed by pandas in one call. Otherwise a vectorised
    scan counts the fields of every line: the lines that hold one record (the file's usual number
    of fields) are still parsed by pandas, and only the others (blank lines, pieces of a broken
    record, lines with other trailing separators) are read line by line, by :func:`_repair`.
    """
    n = len(layout.names)
    first_line = layout.line + 1
    if b'"' in body:  # a re-saved file with quoted cells: the csv module reads it, record by record
        records, lines = _quoted_records(body.decode(encoding), first_line)
        found, _ = _repair(range(len(records)), lambda p: records[p] if p < len(records) else None,
                           lines.__getitem__, n, 0, label, counts)
        counts.records += len(found)
        return [_frame_of(found, n)]
    frame = _read_clean(body, n, encoding, layout)
    if frame is not None:
        frame.index = pd.RangeIndex(first_line, first_line + len(frame), name="line")
        counts.records += len(frame)
        return [frame]
    buf = np.frombuffer(body, dtype=np.uint8)
    starts, ends = _line_bounds(buf)
    commas = np.flatnonzero(buf == ord(","))
    fields = np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1
    empty = ends == starts
    width = max(int(np.bincount(fields[~empty]).argmax()) if (~empty).any() else n, n)
    good = (fields == width) & ~empty  # the usual line: n fields, or n and the empty ones an export appends
    # What an export appends to every line (';;;;', ',,,'): a piece of a broken record has it too, and it is no data.
    suffix = _appended(body, starts[good], ends[good], width - n, encoding)

    def cells_at(position: int) -> list[str] | None:
        if position >= len(ends):
            return None
        text = body[starts[position]:ends[position]].decode(encoding)
        return (text[:-len(suffix)] if suffix and text.endswith(suffix) else text).split(",")

    frame = _read_lines(body, np.flatnonzero(~good), width, n, encoding, layout, label)
    frame.index = pd.Index(np.flatnonzero(good) + first_line, name="line")
    found, consumed = _repair(np.flatnonzero(~good).tolist(), cells_at, lambda p: p + first_line,
                              n, width - n if not suffix else 0, label, counts)
    taken = [p + first_line for p in consumed if good[p]]  # whole-looking lines that were a broken record's end
    if taken:
        frame = frame.drop(index=taken)
    frame = _drop_blank_rows(frame, counts)
    counts.records += len(frame) + len(found)
    # typed apart and then put together: pandas' numbers and the repaired lines' text do not mix in one column
    return [frame, _frame_of(found, n)] if found else [frame]


def _appended(body: bytes, starts: np.ndarray, ends: np.ndarray, extra: int, encoding: str, sample: int = 200) -> str:
    """The run of separators that ends most whole lines (``;;;;``, ``,,,``), holding at most ``extra`` commas.

    Looked for on up to ``sample`` lines spread over the file; "" when most lines end otherwise.
    """
    picks = np.unique(np.linspace(0, len(starts) - 1, min(sample, len(starts))).astype(int)) if len(starts) else []
    runs: dict[str, int] = {}
    for k in picks:
        line = body[starts[k]:ends[k]].decode(encoding)
        run = line[len(line.rstrip(";,")):]
        while run.count(",") > extra:  # a last field left empty is data, not the appended run
            run = run[1:]
        runs[run] = runs.get(run, 0) + 1
    best = max(runs, key=runs.__getitem__, default="")
    return best if runs.get(best, 0) * 2 > len(picks) else ""


def _line_bounds(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Byte offsets where each line starts and ends (before its newline)."""
    ends = np.flatnonzero(buf == ord("\n"))
    if len(buf) and buf[-1] != ord("\n"):
        ends = np.append(ends, len(buf))
    return np.concatenate(([0], ends[:-1] + 1)).astype(np.int64), ends


def _read_clean(body: bytes, n: int, encoding: str, layout: Layout) -> pd.DataFrame | None:
    """The records of a file that has one on every line, in one pandas call; None for any other file.

    pandas refuses a line with too many fields (only warns, for the first line), but fills a
    short one with empty cells: so the lines whose last cell came out empty (rare: that cell is
    a TIV or a Yes/No flag) are counted here, and any line that is not exactly one record sends
    the file to the careful path.
    """
    if not body or body.startswith(b"\n") or b"\n\n" in body:
        return None  # blank lines: pandas would skip them silently, and the line numbers with them
    try:
        with warnings.catch_warnings():
            # pandas cuts the fields beyond the header's from a first line that has more, with only a warning
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = _read_lines(body, np.array([], dtype=np.int64), n, n, encoding, layout, label="")
    except (pd.errors.ParserError, pd.errors.ParserWarning, CsvError):
        return None
    padded = np.flatnonzero(frame[f"c{n - 1}"].isna().to_numpy())
    if len(padded):
        starts, ends = _line_bounds(np.frombuffer(body, dtype=np.uint8))
        if len(starts) != len(frame):
            return None
        for row in padded.tolist():
            line = body[starts[row]:ends[row]]
            if line.count(b",") != n - 1 or not line.strip(b", ;\t"):
                return None
    return frame


def _read_lines(body: bytes, skip: np.ndarray, width: int, n: int, encoding: str, layout: Layout,
                label: str) -> pd.DataFrame:
    """pandas' C parser on the lines not in ``skip``; the ``width - n`` extra empty fields are checked, then dropped."""
    names = [f"c{j}" for j in range(width)]
    options = dict(header=None, names=names, index_col=False, encoding=encoding, keep_default_na=False,
                   na_values=[""], skip_blank_lines=False, skiprows=skip if len(skip) else None, engine="c")
    if len(skip) and body.count(b"\n") + (not body.endswith(b"\n")) <= len(skip):  # no line left to parse
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in names[:n]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)  # a column of mixed types is read again below
        frame = pd.read_csv(io.BytesIO(body), **options)
    for j, target in enumerate(layout.targets):
        column = f"c{j}"  # a text column that pandas read as numbers (years: 2019 beside 2019; 2020): as text
        if target in TEXT and frame[column].dtype != "str" and frame[column].notna().any():
            frame[column] = pd.read_csv(io.BytesIO(body), usecols=[column], dtype=str, **options)[column]
    extra = list(frame.columns[n:])
    if extra:
        tail = frame[extra].astype("str").apply(lambda s: s.str.strip(" ;\t"))
        bad = (tail.fillna("") != "").any(axis=1).to_numpy()
        if bad.any():
            line = int(np.setdiff1d(np.arange(len(frame) + len(skip)), skip)[np.argmax(bad)]) + layout.line + 1
            _fail(label, f"record has more fields than the header's {n}", line, "(row)")
        frame = frame.drop(columns=extra)
    return frame


def _repair(positions, cells_at, line_of, n: int, extra: int, label: str,
            counts: Counts) -> tuple[list[tuple[int, list[str]]], set[int]]:
    """Records from the lines the fast path did not take, by the re-joining rule; and the lines they used.

    A line of ``n`` fields is a record (once the ``extra`` empty fields that the export appends
    to every line are removed). A line of fewer fields starts a broken record: the following
    lines are joined to it, the last cell of the one and the first cell of the next being two
    pieces of one cell (joined by one space), until the record has ``n`` fields; more than
    ``n``, or the end of the file first, is an error. A blank line is skipped and counted.
    ``cells_at(position)`` gives the cells of a line (None past the end), ``line_of`` its number.
    """
    records: list[tuple[int, list[str]]] = []
    consumed: set[int] = set()
    for position in positions:
        if position in consumed:
            continue
        cells = _trimmed(cells_at(position), extra)
        if not any(c.strip(" ;\t") for c in cells):
            counts.skip("blank line")
            continue
        line, last = line_of(position), position
        while len(cells) < n:
            last += 1
            more = cells_at(last)
            if more is None or not any(c.strip(" ;\t") for c in more):
                where = "the file ends" if more is None else "a blank line follows"
                _fail(label, f"record has {len(cells)} of the header's {n} fields and {where}; "
                             "the file looks truncated", line, "(row)")
            more = _trimmed(more, extra)
            cells = cells[:-1] + [_join_cell(cells[-1], more[0])] + more[1:]
            consumed.add(last)
        if len(cells) > n:
            span = f"lines {line}-{line_of(last)} re-joined" if last > position else "record"
            _fail(label, f"{span} has {len(cells)} fields, not the header's {n}", line, "(row)")
        counts.rejoined += last > position
        records.append((line, cells))
    return records, consumed


def _trimmed(cells: list[str], extra: int) -> list[str]:
    """``cells`` without the ``extra`` trailing empty fields that the export appends to every line."""
    if extra and len(cells) > extra and not any(c.strip(" ;\t") for c in cells[-extra:]):
        return cells[:-extra]
    return cells


def _join_cell(head: str, tail: str) -> str:
    """The two pieces of a cell that a stray line break split: one space where the break was."""
    head, tail = head.rstrip(), tail.lstrip()
    return f"{head} {tail}" if head and tail else head or tail


def _quoted_records(text: str, first_line: int) -> tuple[list[list[str]], list[int]]:
    """Records of a file with quoted cells, and the physical line each starts on (the slow path)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    lines: list[int] = []
    start = first_line
    for record in reader:
        records.append(record or [""])
        lines.append(start)
        start = first_line + reader.line_num
    return records, lines


def _frame_of(records: list[tuple[int, list[str]]], n: int) -> pd.DataFrame:
    return pd.DataFrame([cells for _, cells in records], columns=[f"c{j}" for j in range(n)],
                        index=pd.Index([line for line, _ in records], name="line", dtype="int64"), dtype=object)


def _drop_blank_rows(frame: pd.DataFrame, counts: Counts) -> pd.DataFrame:
    """Lines of separators only (``,,,,``) parse as records of nothing: skipped and counted."""
    blank = frame.isna().all(axis=1)
    if blank.any():
        counts.skip("blank line", int(blank.sum()))
        frame = frame[~blank]
    return frame


# --------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------

_NUMBER_TEXT = r"[0-9]+(?:\.[0-9]+)?"


def _typed(cells: pd.DataFrame, layout: Layout, label: str) -> pd.DataFrame:
    """The cells of each kept column as text, numbers or booleans; every cell that is none of these is a problem."""
    out: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    last = f"c{len(layout.names) - 1}"
    for j, (name, target) in enumerate(zip(layout.names, layout.targets)):
        if target is None:
            continue
        column = cells[f"c{j}"]
        if f"c{j}" == last and column.dtype.kind not in "iufb":  # the ';' some exports put after the last field
            column = _as_str(column).str.rstrip(" ;")
        shown = name if name.strip() else f"{layout.names[j - 1]} ?"
        if target in TEXT:
            out[target], bad, message = _text(column, target)
        elif target in FLAGS:
            out[target], bad, message = _flag(column, unnamed=not name.strip())
        else:
            out[target], bad, message = _number(column, integer=target in INTEGERS)
        if bad.any():
            problems += [Problem(label, int(line), shown, message, str(value)) for line, value in column[bad].items()]
    if problems:
        raise CsvError(sorted(problems))
    return pd.DataFrame(out, index=cells.index)


def _as_str(column: pd.Series) -> pd.Series:
    """A column as pandas' text dtype (missing = NaN), stripped: the fast (Arrow) string functions apply."""
    text = column if column.dtype == "str" else column.astype("str")
    text = text.str.strip()
    return text.where(text != "")


def _text(column: pd.Series, target: str) -> tuple[pd.Series, np.ndarray, str]:
    """Text without surrounding spaces; empty is missing. Delivery years are checked: ``2019; 2020``."""
    text = _as_str(column)
    if target != "delivery_years":
        return text, np.zeros(len(text), dtype=bool), ""

    def misshapen(years: pd.Series) -> np.ndarray:  # (a missing cell matches no pattern, and is no problem)
        return (years.notna() & ~years.str.fullmatch(_YEARS.pattern)).to_numpy(dtype=bool, na_value=False)

    bad = misshapen(text)
    if bad.any():  # '2019;2020' or '2019 ; 2020': the same years, spaced the usual way
        text = text.copy()
        text[bad] = text[bad].str.replace(r"\s*;\s*", "; ", regex=True)
        bad = misshapen(text)
    return text, bad, "not a list of years like '2019; 2020'"


def _number(column: pd.Series, integer: bool) -> tuple[pd.Series, np.ndarray, str]:
    """A nullable number; only digits with an optional decimal point are accepted (no signs, no thousands)."""
    if column.dtype.kind in "iu":  # pandas read whole numbers: only their sign is left to check
        whole = column.to_numpy(dtype=np.int64)
        values = (pd.arrays.IntegerArray(whole, np.zeros(len(whole), dtype=bool)) if integer
                  else pd.arrays.FloatingArray(whole.astype(float), np.zeros(len(whole), dtype=bool)))
        return pd.Series(values, index=column.index), whole < 0, "not a number"
    if column.dtype.kind == "f":  # numbers with gaps, parsed by pandas (numpy, not pandas, checks them: faster)
        x = column.to_numpy(dtype=float)
        bad = x < 0
    else:
        text = _as_str(column)
        ok = (text.isna() | text.str.fullmatch(_NUMBER_TEXT)).to_numpy(dtype=bool, na_value=False)
        x = pd.to_numeric(text.where(ok), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~ok
    missing = np.isnan(x)
    if integer:
        fraction = ~missing & (np.nan_to_num(x) % 1 != 0)
        gap = missing | fraction
        values = pd.arrays.IntegerArray(np.where(gap, 0, x).astype(np.int64), gap)
        return pd.Series(values, index=column.index), bad | fraction, "not a whole number"
    return pd.Series(pd.arrays.FloatingArray(x, missing), index=column.index), bad, "not a number"


def _flag(column: pd.Series, unnamed: bool) -> tuple[pd.Series, np.ndarray, str]:
    """SIPRI's estimate flags as booleans: ``?`` (in an unnamed column) or ``Yes`` is True, ``No`` False.

    An empty unnamed ``?`` column means "not an estimate" (False); an empty ``Yes``/``No`` cell says nothing (<NA>).
    """
    if unnamed and column.dtype in ("str", "float64"):  # the usual '?' or nothing: no string functions
        empty = column.isna().to_numpy(dtype=bool)
        true = ~empty if empty.all() else (column == "?").to_numpy(dtype=bool, na_value=False)
        if (true | empty).all():
            flags = pd.arrays.BooleanArray(true, np.zeros(len(true), dtype=bool))
            return pd.Series(flags, index=column.index), np.zeros(len(true), dtype=bool), ""
    text = _as_str(column).str.lower()
    true = text.isin(["?", "yes"]).to_numpy(dtype=bool)
    false = (text == "no").to_numpy(dtype=bool, na_value=False)
    empty = text.isna().to_numpy(dtype=bool)
    flags = pd.array(true, dtype="boolean")
    if not unnamed:
        flags[empty] = pd.NA
    return pd.Series(flags, index=column.index), ~(true | false | empty), "not an estimate flag ('?', 'Yes' or 'No')"


def _per_deal(rows: pd.DataFrame, layout: Layout, label: str) -> pd.DataFrame:
    """One row per deal of the per-delivery-year export: numbers and TIV delivered summed, years listed.

    The other columns must be the same on every row of a deal (a deal whose rows disagree is
    reported, not merged). A deal's line is that of its first row; deals keep the file's order.
    """
    shown = dict(zip(layout.targets, layout.names))
    missing = rows["sipri_id"].isna().to_numpy()
    if missing.any():
        _fail(label, "must not be empty: it says which deal the row belongs to", int(rows.index[missing][0]),
              shown["sipri_id"])
    deal = pd.factorize(rows["sipri_id"])[0]  # numbered in order of first appearance
    first = pd.Series(np.arange(len(rows))).groupby(deal).transform("min").to_numpy()  # row of the deal's first
    per_year = ("number_delivered", "number_delivered_estimated", "delivery_year", "tiv_delivered")
    constant = [c for c in rows.columns if c not in per_year]
    problems = []
    for column in constant:
        values = rows[column].reset_index(drop=True)
        reference = rows[column].iloc[first].reset_index(drop=True)
        same = ((values == reference).fillna(False) | (values.isna() & reference.isna())).to_numpy(dtype=bool)
        problems += [Problem(label, int(rows.index[k]), shown[column], "differs from the deal's first row, on line "
                             f"{rows.index[first[k]]}", str(values[k])) for k in np.flatnonzero(~same)]
    if problems:
        raise CsvError(sorted(problems))
    grouped = rows.groupby(deal, sort=True)
    deals = rows.iloc[np.unique(first)][constant].copy()
    deals["number_delivered"] = grouped["number_delivered"].sum(min_count=1).to_numpy()
    tiv = grouped["tiv_delivered"].sum(min_count=1).round(_decimals(rows["tiv_delivered"]))
    deals["tiv_delivered"] = tiv.to_numpy()
    estimated = grouped["number_delivered_estimated"].max()  # True if any year's number is estimated
    deals["number_delivered_estimated"] = estimated.astype("boolean").to_numpy()
    deals["delivery_years"] = _listed_years(rows["delivery_year"], deal, len(deals))
    return deals


def _decimals(values: pd.Series, most: int = 6) -> int:
    """The fewest decimal places that write every value exactly (sums are rounded to them, not to float noise)."""
    x = values.dropna().to_numpy(dtype=float)
    return next((k for k in range(most) if np.allclose(np.round(x, k), x, rtol=0, atol=1e-9)), most)


def _listed_years(years: pd.Series, deal: np.ndarray, deals: int) -> np.ndarray:
    """``2019; 2020`` per deal: its distinct delivery years in order, vectorised (no call per deal)."""
    table = pd.DataFrame({"deal": deal, "year": years.to_numpy()}).dropna().drop_duplicates()
    table = table.sort_values(["deal", "year"], kind="stable")
    out = np.full(deals, None, dtype=object)
    if len(table):
        codes = table["deal"].to_numpy()
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        text = (table["year"].astype("Int64").astype(str) + "; ").to_numpy(dtype=object)
        out[codes[starts]] = [joined[:-2] for joined in np.add.reduceat(text, starts)]
    return out


# --------------------------------------------------------------------------
# ISO 3166 codes of SIPRI's names
# --------------------------------------------------------------------------

#: SIPRI's spellings of states that pycountry knows by no name of theirs (checked in the tests to be
#: ISO 3166-1 codes, or ISO 3166-3 codes of former states). Names pycountry knows need no entry here.
SIPRI_SPELLINGS: dict[str, str] = {
    "Bosnia-Herzegovina": "BIH",
    "Brunei": "BRN",
    "DR Congo": "COD",
    "East Germany (GDR)": "DDR",
    "Russia": "RUS",
    "Saint Vincent": "VCT",
    "South Yemen": "YMD",
    "Soviet Union": "SUN",
    "UAE": "ARE",
}


def _fold(name: str) -> str:
    """A name for matching: no accents, no case, single spaces (``Türkiye`` and ``Turkiye`` meet)."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(name.split()).casefold()


@cache
def _iso3_index() -> dict[str, str]:
    """Folded name -> ISO alpha-3, from pycountry: present states first, then former ones (ISO 3166-3)."""
    import pycountry  # loaded only when a register is read

    index: dict[str, str] = {}
    countries = list(pycountry.countries)
    for country in countries:
        for attribute in ("name", "official_name", "common_name"):
            if getattr(country, attribute, None):
                index.setdefault(_fold(getattr(country, attribute)), country.alpha_3)
    # 'Palestine, State of' is also 'Palestine', where no other country's name starts that way ('Korea, …' does)
    shorts = [_fold(c.name.split(", ")[0]) for c in countries if ", " in c.name]
    for country in countries:
        short = _fold(country.name.split(", ")[0])
        if ", " in country.name and shorts.count(short) == 1:
            index.setdefault(short, country.alpha_3)
    for country in pycountry.historic_countries:  # 'Czechoslovakia, Czechoslovak Socialist Republic' -> CSK
        for name in (country.name, country.name.split(", ")[0]):
            index.setdefault(_fold(name), country.alpha_3)
    index.update({_fold(name): code for name, code in SIPRI_SPELLINGS.items()})
    return index


def iso3(name: str) -> str | None:
    """The ISO 3166 alpha-3 code of a SIPRI supplier or recipient, or None.

    None for non-state and multinational actors (SIPRI marks them ``*`` and ``**``), for
    ``unknown supplier(s)`` and the like, and for names that are in no ISO list (Biafra,
    Kosovo, Northern Cyprus), including the states whose code passed to a successor
    (North Yemen, South Vietnam), so that a code always means one state.

    >>> iso3("Soviet Union"), iso3("Turkiye"), iso3("United Nations**"), iso3("unknown supplier(s)")
    ('SUN', 'TUR', None, None)
    """
    name = name.strip()
    if name.endswith("*") or name.casefold().startswith("unknown"):
        return None
    return _iso3_index().get(_fold(name))


def _iso3_columns(deals: pd.DataFrame) -> dict[str, pd.Series]:
    """Codes of supplier and recipient: one look-up per distinct name, not per deal."""
    columns = {}
    for column in ("supplier", "recipient"):
        numbers, names = pd.factorize(deals[column])
        codes = pd.array([iso3(name) for name in names] + [None], dtype="string")
        # -1 (a missing name) takes the None at the end
        columns[f"{column}_iso3"] = pd.Series(codes.take(numbers), index=deals.index)
    return columns


# --------------------------------------------------------------------------
# Selecting, writing and checking the register table
# --------------------------------------------------------------------------


def actor_spellings(names: list[str], actors: pd.DataFrame) -> tuple[set[str], list[str]]:
    """Every spelling (name and aliases of ``actors.csv``) of the named actors, and why a name is refused.

    >>> actors = pd.DataFrame({"name": ["Turkey"], "aliases": ["Türkiye; Turkiye"]})
    >>> actor_spellings(["Turkey"], actors)[0] == {"Turkey", "Türkiye", "Turkiye"}
    True
    >>> actor_spellings(["Turkiye"], actors)[1]
    ["'Turkiye' is an alias; use the actor's name 'Turkey'"]
    """
    from armsdata.validate import alias_table

    aliases = alias_table(actors)
    known = set(actors["name"])
    spellings: set[str] = set()
    refused = []
    for name in names:
        if name in known:
            spellings |= {name} | {alias for alias, actor in aliases.items() if actor == name}
        elif name in aliases:
            refused.append(f"{name!r} is an alias; use the actor's name {aliases[name]!r}")
        else:
            refused.append(f"{name!r} is not an actor of actors.csv (its 'name' column)")
    return spellings, refused


def select_actors(deals: pd.DataFrame, spellings: set[str]) -> pd.DataFrame:
    """The deals whose supplier or recipient is spelled as one of ``spellings``."""
    keep = deals["supplier"].isin(spellings) | deals["recipient"].isin(spellings)
    return deals[keep.fillna(False).to_numpy(dtype=bool)]


#: Rows of the written table are sorted by these columns, then by all the others.
SORT_KEYS = ("supplier", "recipient", "order_year", "designation")


def register_csv(deals: pd.DataFrame) -> str:
    """The register table as CSV text: sorted, numbers as SIPRI writes them (``17.4``, ``4``), booleans
    ``true``/``false``, empty = not stated."""
    from armsdata.io import csv_text

    keys = list(SORT_KEYS) + [c for c in COLUMNS if c not in SORT_KEYS]
    ordered = deals[list(COLUMNS)].sort_values(keys, kind="stable", na_position="first")
    return csv_text(pd.DataFrame({name: _cell_text(ordered[name]) for name in COLUMNS}))


def _cell_text(column: pd.Series) -> np.ndarray:
    """A register column as the text of its cells, vectorised: ``true``/``false``; ``17.4`` and ``4``; "" when missing."""
    missing = column.isna().to_numpy()
    if column.dtype == "boolean":
        return np.where(missing, "", np.where(column.to_numpy(dtype=bool, na_value=False), "true", "false"))
    if column.dtype == "Float64":  # 17.4 and 4, never 17.400000000000002 or 4.0
        x = column.to_numpy(dtype=float, na_value=0.0)
        return np.where(missing, "", _plain_numbers(x))
    return column.astype("string").fillna("").to_numpy(dtype=object)


def _plain_numbers(x: np.ndarray) -> np.ndarray:
    """Each float in its shortest round-trip form without an exponent, a whole number without ``.0``.

    >>> _plain_numbers(np.array([17.4, 4.0, 0.1 + 0.2, 0.00001])).tolist()
    ['17.4', '4', '0.30000000000000004', '0.00001']
    """
    if ((x != 0) & ((np.abs(x) < 1e-4) | (np.abs(x) >= 1e15))).any():  # where str() would write 1e-05
        return np.array([np.format_float_positional(v, trim="-") for v in x], dtype=object)
    text = x.astype(str).astype(object)  # str() of a float is its shortest round-trip form
    whole = x == np.round(x)
    text[whole] = x[whole].astype(np.int64).astype(str)
    return text


def summary(deals: pd.DataFrame, written: int | None = None, actors: list[str] | None = None,
            out: str | None = None) -> str:
    """One line for people: what the file is, records read, re-joined and skipped (and why), deals written."""
    a = deals.attrs
    text = f"import-sipri: {a['source']}: SIPRI {a['format']}"
    if a.get("generated") or a.get("generated_as_written"):
        text += f" generated {a.get('generated') or a['generated_as_written']}"
    if a.get("year_range"):
        text += f", years '{a['year_range'][0]}' to '{a['year_range'][1]}'"
    text += f" ({a['encoding']}); {a['records']} records read"
    if a["rejoined"]:
        text += f", {a['rejoined']} of them re-joined from lines broken inside a cell"
    skipped = sum(a["skipped"].values())
    text += (f"; {skipped} line(s) skipped (" + ", ".join(f"{k}: {v}" for k, v in sorted(a["skipped"].items())) + ")"
             if skipped else "; nothing skipped")
    text += f"; {a['deals']} deals"
    if a["columns_not_kept"]:
        text += f" (columns not kept: {', '.join(a['columns_not_kept'])})"
    if written is not None:
        text += f"; {written} written"
        if actors:
            text += f" (supplier or recipient: {', '.join(actors)})"
        if out:
            text += f" to {out}"
    return text


def register_problems(path: str | os.PathLike) -> list[Problem]:
    """Problems of a register CSV (``data/register/sipri.csv``) against :data:`schema.REGISTER`, sorted."""
    from armsdata.io import read_table
    from armsdata.validate import table_problems

    label = str(path)
    try:
        frame = read_table(path, label=label)
    except CsvError as exc:
        return sorted(exc.problems)
    return sorted(table_problems(frame, schema.REGISTER, label))

"""The records of a SIPRI export: one pandas call for a clean file; the odd lines repaired one by one."""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from armsdata.io import DataError
from armsdata.sipri.header import TEXT, Layout, fail


@dataclass
class Counts:
    records: int = 0  # records read (deals, or deal-years in the per-year export)
    rejoined: int = 0  # records rebuilt from several physical lines
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> physical lines

    def skip(self, reason: str, lines: int = 1) -> None:
        if lines:
            self.skipped[reason] = self.skipped.get(reason, 0) + lines


def read_records(body: bytes, layout: Layout, encoding: str, label: str, counts: Counts) -> list[pd.DataFrame]:
    """Frames of one row of cells per record, columns ``c0..c{n-1}`` as parsed; index = physical line.

    A clean export (one record per line) is parsed by pandas in one call. Otherwise a vectorised
    scan counts the fields of every line: the lines that hold one record (the file's usual number
    of fields, and every column a record fills) are still parsed by pandas, and only the others
    (blank lines, pieces of a broken record, lines with other trailing separators) are read line
    by line, by :func:`_repair`.
    """
    n = len(layout.names)
    first_line = layout.line + 1
    if b'"' in body:  # a re-saved file with quoted cells: the csv module reads it, record by record
        records, lines = _quoted_records(body.decode(encoding), first_line, label)
        found, _ = _repair(range(len(records)), lambda p: records[p] if 0 <= p < len(records) else None,
                           lines.__getitem__, n, 0, layout.core, label, counts)
        counts.records += len(found)
        return [_frame_of(found, n)]
    frame = _read_clean(body, n, encoding, layout)
    if frame is not None and not (_lacking(frame, layout.core).any() or frame[f"c{n - 1}"].isna().any()):
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
        if not 0 <= position < len(ends):
            return None
        text = body[starts[position]:ends[position]].decode(encoding)
        if suffix and text.endswith(suffix):
            return text[:-len(suffix)].split(",")
        stated, run = text.rstrip(","), suffix.rstrip(",")  # a spreadsheet may have padded the line after the run
        if run and stated.endswith(run):
            text = stated[:-len(run)] + text[len(stated):]
        return text.split(",")

    frame = _read_lines(body, np.flatnonzero(~good), width, n, encoding, layout, label)
    frame.index = pd.Index(np.flatnonzero(good) + first_line, name="line")
    # Whole-looking lines that may be the padded end of a broken record (or are blank): those that
    # lack a column every record fills, and those after a line that is not whole or leaves its last cell empty.
    # (A run such as ',,,;' leaves its ';' in a cell of its own, which a spreadsheet's padding then follows.)
    whole, separators = np.flatnonzero(good), ";" in suffix
    open_end = np.zeros(len(good) + 1, dtype=bool)
    open_end[1:] = ~good
    open_end[whole[_unstated(frame[f"c{n - 1}"], separators)] + 1] = True
    doubtful = whole[_lacking(frame, layout.core, separators) | open_end[whole]]
    odd = np.union1d(np.flatnonzero(~good), doubtful).tolist()
    found, consumed = _repair(odd, cells_at, lambda p: p + first_line, n, width - n if not suffix else 0,
                              layout.core, label, counts)
    taken = [p + first_line for p in consumed.union(doubtful.tolist()) if good[p]]  # read by _repair, not pandas
    if taken:
        frame = frame.drop(index=taken)
    counts.records += len(frame) + len(found)
    # typed apart and then put together: pandas' numbers and the repaired lines' text do not mix in one column
    return [frame, _frame_of(found, n)] if found else [frame]


def _lacking(frame: pd.DataFrame, core: list[int], separators: bool = False) -> np.ndarray:
    """Rows of parsed cells that leave a :data:`~armsdata.sipri.header.CORE` column empty (vectorised)."""
    return np.logical_or.reduce([_unstated(frame[f"c{j}"], separators) for j in core])


def _unstated(column: pd.Series, separators: bool) -> np.ndarray:
    """Where a parsed column is empty; with ``separators``, also where it holds only ``;`` (an appended run's)."""
    empty = column.isna().to_numpy(dtype=bool)
    if separators and column.dtype.kind not in "iufb":
        empty = empty | (column.astype("str").str.strip(" ;") == "").to_numpy(dtype=bool, na_value=False)
    return empty


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
    except (pd.errors.ParserError, pd.errors.ParserWarning, DataError):
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
            fail(label, f"record has more fields than the header's {n}", line, "(row)")
        frame = frame.drop(columns=extra)
    return frame


def _repair(positions, cells_at, line_of, n: int, extra: int, core: list[int], label: str,
            counts: Counts) -> tuple[list[tuple[int, list[str]]], set[int]]:
    """Records from the lines the fast path did not take, by the re-joining rules; and the lines they used.

    A line of ``n`` fields is a record (once the ``extra`` empty fields that the export appends
    to every line are removed, and any other empty fields past the ``n``-th: a spreadsheet pads
    short lines). A line of fewer fields starts a broken record: the following lines are joined
    to it, the last cell of the one and the first cell of the next being two pieces of one cell
    (joined by one space), until the record has ``n`` fields; more than ``n`` (other than empty
    padding), or the end of the file first, is an error. When a spreadsheet has padded the first
    piece too, both pieces have ``n`` fields: a line is then the padded end of the record before
    it if what it states fits in the cells that record leaves empty after its last stated one
    (to which its first cell is joined), and it is not a record of its own (it leaves a
    :data:`~armsdata.sipri.header.CORE` column empty, or the record before it its last cell;
    whole records of real exports fill both). A blank line is skipped and counted. ``cells_at(position)`` gives the cells of a line
    (None outside the file), ``line_of`` its number; positions not in ``positions`` are whole
    records read elsewhere, taken here (and returned among the used lines) when a padded end
    continues one.
    """
    records: list[list] = []  # [line, cells, first position, last position]
    consumed: set[int] = set()
    listed = set(positions)
    for position in positions:
        if position in consumed:
            continue
        cells = _trimmed(cells_at(position), extra)
        if _blank(cells):
            counts.skip("blank line")
            continue
        if len(cells) >= n:  # perhaps the padded end of the record before it
            before = _record_before(position, records, cells_at, line_of, listed, consumed, n, extra)
            joined = before and _continued(before[1], _fitted(cells, n), n, core)
            if joined:
                before[1], before[3] = joined, position
                if not records or records[-1] is not before:
                    records.append(before)
                    consumed.add(position - 1)
                continue
        line, last = line_of(position), position
        while len(cells) < n:
            last += 1
            more = cells_at(last)
            if more is None or _blank(more):
                where = "the file ends" if more is None else "a blank line follows"
                fail(label, f"record has {len(cells)} of the header's {n} fields and {where}; "
                             "the file looks truncated", line, "(row)")
            more = _trimmed(more, extra)
            cells = _fitted(cells[:-1] + [_join_cell(cells[-1], more[0])] + more[1:], n)
            consumed.add(last)
        if len(_fitted(cells, n)) > n:
            span = f"lines {line}-{line_of(last)} re-joined" if last > position else "record"
            fail(label, f"{span} has {len(cells)} fields, not the header's {n}", line, "(row)")
        records.append([line, _fitted(cells, n), position, last])
    counts.rejoined += sum(last > first for _, _, first, last in records)
    return [(line, cells) for line, cells, _, _ in records], consumed


def _record_before(position: int, records: list[list], cells_at, line_of, listed: set[int], consumed: set[int],
                   n: int, extra: int) -> list | None:
    """The record that ends on the line before ``position`` (as ``[line, cells, first, last]``), if any."""
    if records and records[-1][3] == position - 1:
        return records[-1]
    if position - 1 in listed or position - 1 in consumed:  # a blank line, or a line already used
        return None
    cells = cells_at(position - 1)
    if cells is None or _blank(cells):
        return None
    return [line_of(position - 1), _fitted(_trimmed(cells, extra), n), position - 1, position - 1]


def _continued(record: list[str], piece: list[str], n: int, core: list[int]) -> list[str] | None:
    """``record`` with the padded ``piece`` joined to its last stated cell; None if ``piece`` is no such end.

    >>> _continued(["Armenia", "France", "Second-hand but", "", ""], ["modernized", "5.94", "", "", ""], 5, [0, 1])
    ['Armenia', 'France', 'Second-hand but modernized', '5.94', '']
    >>> _continued(["Armenia", "France", "New", "", "1"], ["modernized", "5.94", "", "", ""], 5, [0, 1]) is None
    True
    """
    if len(record) != n or (record[-1].strip() and all(piece[j].strip() for j in core)):
        return None  # two records of their own
    stated = [j for j, cell in enumerate(record) if cell.strip()]
    ends = [j for j, cell in enumerate(piece) if cell.strip()]
    last, width = stated[-1], ends[-1] + 1 if ends else 1
    if last + width > n or len(piece) > n and not _blank(piece[n:]):
        return None
    joined = record[:last] + [_join_cell(record[last], piece[0])] + piece[1:width]
    return joined + [""] * (n - len(joined))


def _blank(cells: list[str]) -> bool:
    return not any(c.strip(" ;\t") for c in cells)


def _fitted(cells: list[str], n: int) -> list[str]:
    """``cells`` without the empty fields past the ``n``-th with which a spreadsheet pads a short line."""
    return cells[:n] if len(cells) > n and _blank(cells[n:]) else cells


def _trimmed(cells: list[str], extra: int) -> list[str]:
    """``cells`` without the ``extra`` trailing empty fields that the export appends to every line."""
    if extra and len(cells) > extra and _blank(cells[-extra:]):
        return cells[:-extra]
    return cells


def _join_cell(head: str, tail: str) -> str:
    """The two pieces of a cell that a stray line break split: one space where the break was."""
    head, tail = head.rstrip(), tail.lstrip()
    return f"{head} {tail}" if head and tail else head or tail


def _quoted_records(text: str, first_line: int, label: str) -> tuple[list[list[str]], list[int]]:
    """Records of a file with quoted cells, and the physical line each starts on (the slow path)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    lines: list[int] = []
    start = first_line
    try:
        for record in reader:
            records.append(record or [""])
            lines.append(start)
            start = first_line + reader.line_num
    except csv.Error as exc:  # a NUL byte, say
        fail(label, f"cannot be read as CSV ({exc})", start, "(row)")
    return records, lines


def _frame_of(records: list[tuple[int, list[str]]], n: int) -> pd.DataFrame:
    return pd.DataFrame([cells for _, cells in records], columns=[f"c{j}" for j in range(n)],
                        index=pd.Index([line for line, _ in records], name="line", dtype="int64"), dtype=object)

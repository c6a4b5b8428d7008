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
                fail(label, f"record has {len(cells)} of the header's {n} fields and {where}; "
                             "the file looks truncated", line, "(row)")
            more = _trimmed(more, extra)
            cells = cells[:-1] + [_join_cell(cells[-1], more[0])] + more[1:]
            consumed.add(last)
        if len(cells) > n:
            span = f"lines {line}-{line_of(last)} re-joined" if last > position else "record"
            fail(label, f"{span} has {len(cells)} fields, not the header's {n}", line, "(row)")
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

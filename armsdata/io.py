"""Reading and writing the CSV files: text only, physical line numbers, atomic writes.

Every table is read as text (``dtype=str``, no NA guessing: ``"NA"`` is Namibia).
The returned DataFrame's index is the **physical line** of the file on which each
record starts, so a problem found anywhere later can be reported as
``file:line`` even when quoted fields span several lines.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

#: The line number used for problems with a file as a whole (missing, unreadable).
FILE_LINE = 0


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located for a person to fix.

    >>> str(Problem("data/transfers.csv", 7, "status", "unknown value", "shipd"))
    "data/transfers.csv:7: status: unknown value (value: 'shipd')"
    """

    path: str
    line: int
    column: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.column}: {self.message}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            text += f" (value: {shown!r})"
        return text


class CsvError(Exception):
    """The file cannot be read as a table; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def read_table(path: str | os.PathLike, *, label: str | None = None) -> pd.DataFrame:
    """Read a CSV file as text; index = physical line on which each record starts.

    ``label`` is how the file is named in problems (default: ``path`` as given).
    Blank lines are skipped. Raises :class:`CsvError` for a missing, empty,
    non-UTF-8 or ragged file, or one whose quoting is broken.
    """
    label = label or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise CsvError([Problem(label, FILE_LINE, "(file)", "file not found")]) from None
    except OSError as exc:
        raise CsvError([Problem(label, FILE_LINE, "(file)", f"cannot read file: {exc.strerror}")]) from None
    text = _decode(raw, label)
    if not text.strip():
        raise CsvError([Problem(label, 1, "(file)", "file is empty; expected a header row")])
    frame = _read_fast(raw, text)
    return frame if frame is not None else _read_checked(text, label)


def _decode(raw: bytes, label: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at character {col}); "
                   "save the file with UTF-8 encoding")
        raise CsvError([Problem(label, line, "(file)", message)]) from None


def _record_starts(raw: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Physical start line and field count of every non-blank record, vectorised.

    A newline or comma ends a record or field only outside quotes, i.e. where an
    even number of ``"`` precede it. Exact for well-formed RFC 4180 files; for
    anything else the caller's cross-check falls back to the csv module.
    """
    buf = np.frombuffer(raw, dtype=np.uint8)
    quotes = np.flatnonzero(buf == ord('"'))
    newlines = np.flatnonzero(buf == ord("\n"))
    commas = np.flatnonzero(buf == ord(","))
    ends_mask = np.searchsorted(quotes, newlines) % 2 == 0
    ends = newlines[ends_mask]
    line_of_end = np.flatnonzero(ends_mask) + 1  # 1-based physical line of each terminating newline
    if len(buf) and buf[-1] != ord("\n"):
        ends = np.append(ends, len(buf))
        line_of_end = np.append(line_of_end, len(newlines) + 1)
    starts = np.concatenate(([0], ends[:-1] + 1))
    start_lines = np.concatenate(([1], line_of_end[:-1] + 1))
    length = ends - starts
    last = np.minimum(np.maximum(ends - 1, 0), len(buf) - 1)
    blank = (length == 0) | ((length == 1) & (buf[last] == ord("\r")))
    commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
    fields = np.diff(np.searchsorted(commas, np.concatenate(([-1], ends)))) + 1
    return start_lines[~blank], fields[~blank]


def _read_fast(raw: bytes, text: str) -> pd.DataFrame | None:
    """pandas' C parser plus a vectorised line scan; None when anything looks off."""
    lines, fields = _record_starts(raw)
    if len(fields) == 0 or (fields != fields[0]).any():
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                            skip_blank_lines=True, engine="c")
    except (ValueError, pd.errors.ParserError):
        return None
    header = list(frame.columns)
    if len(frame) != len(lines) - 1 or len(header) != fields[0] or _mangled(header, text):
        return None
    frame.index = pd.Index(lines[1:], name="line")
    return frame


def _mangled(header: list[str], text: str) -> bool:
    """True when pandas renamed duplicate or blank header cells (a.1, Unnamed: 0)."""
    first = next(csv.reader(io.StringIO(text)))
    return [h for h in first] != header


def _read_checked(text: str, label: str) -> pd.DataFrame:
    """The slow, exact reader: the csv module, record by record, collecting problems."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    start = 1
    try:
        for record in reader:
            if record:  # csv yields [] for a blank line
                if header is None:
                    header = record
                    problems += _header_problems(header, label, start)
                elif len(record) != len(header):
                    problems.append(Problem(label, start, "(row)",
                                            f"expected {len(header)} fields like the header, found {len(record)}"))
                else:
                    rows.append(record)
                    lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(label, start, "(row)", f"malformed CSV: {exc}; check the quotes in this record"))
    if problems:
        raise CsvError(problems)
    assert header is not None  # text is not blank, so there was a first record
    return pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=str)


def _header_problems(header: list[str], label: str, line: int) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for name in header:
        if name in seen:
            problems.append(Problem(label, line, name or "(header)", "column appears twice in the header"))
        seen.add(name)
    return problems


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    Readers see either the old file or the new one, never half of it; if
    writing fails, the old file is left as it was.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def csv_text(frame: pd.DataFrame) -> str:
    """A DataFrame as CSV text, the way the data files are written: no index, ``\\n`` line ends."""
    return frame.to_csv(index=False, lineterminator="\n")

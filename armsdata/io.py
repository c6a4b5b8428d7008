"""Reading and writing the CSV files: text only, physical line numbers, atomic writes.

Every table is read as text (``dtype=str``); an empty cell is missing (``<NA>``,
"the source does not say") and nothing else is: ``"NA"`` is Namibia, ``"null"`` is text.
The returned DataFrame's index is the **physical line** of the file on which each
record starts, so a problem found anywhere later can be reported as
``file:line`` even when quoted fields span several lines.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import secrets
import stat
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
        text = f"{self.path}:{self.line}: {_shown_column(self.column)}: {self.message}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            text += f" (value: {shown!r})"
        return text


_PLAIN_COLUMN = re.compile(r"[^\s:]+(?: [^\s:]+)*")


def _shown_column(name: str) -> str:
    r"""A column name as printed: as is, unless a header cell holds a colon, a line break or the like.

    Such names are escaped, so that every problem stays one ``FILE:LINE: COLUMN: MESSAGE`` line.

    >>> print(_shown_column("status"), _shown_column("a:b\n"))
    status 'a\x3ab\n'
    """
    if _PLAIN_COLUMN.fullmatch(name) and name.isprintable():
        return name
    return repr(name).replace(":", "\\x3a")


EMPTY_FILE = "file is empty; expected a header row"


class DataError(Exception):
    """Data that cannot be used as it is: ``problems`` lists each one, located for a person to fix.

    The one exception armsdata raises for bad input: an unreadable or invalid file, data that does
    not validate, a cell that an export format cannot hold.
    """

    SHOWN = 20

    def __init__(self, problems: list[Problem]):
        shown = "\n".join(map(str, problems[:self.SHOWN]))
        more = f"\n… and {len(problems) - self.SHOWN} more" if len(problems) > self.SHOWN else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")
        self.problems = problems


def read_table(path: str | os.PathLike, *, label: str | None = None) -> pd.DataFrame:
    """Read a CSV file as text; index = physical line on which each record starts.

    ``label`` is how the file is named in problems (default: ``path`` as given).
    Blank lines are skipped; empty cells are ``<NA>``. Raises :class:`DataError` for a
    missing, empty, non-UTF-8 or ragged file, one whose quoting is broken, or one saved
    with another separator than the comma.
    """
    label = label or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(label, FILE_LINE, "(file)", "file not found")]) from None
    except OSError as exc:
        raise DataError([Problem(label, FILE_LINE, "(file)", f"cannot read file: {exc.strerror}")]) from None
    if not _is_utf8(raw):
        decode_utf8(raw, label)  # raises, naming the line and character of the first bad byte
    if _is_blank(raw):
        raise DataError([Problem(label, 1, "(file)", EMPTY_FILE)])
    separator = _other_separator(raw)
    if separator:
        raise DataError([Problem(label, 1, "(file)", f"the file uses {separator} as separator; "
                                                     "save it as comma-separated (CSV with commas)")])
    frame = _read_fast(raw)
    return frame if frame is not None else _read_checked(decode_utf8(raw, label), label)


_SEPARATORS = {b";": "';'", b"\t": "tab", b"|": "'|'"}


def _other_separator(raw: bytes) -> str | None:
    """How the file separates its cells when its header has none of our commas but another separator.

    Spreadsheets set to a European locale save ``;``-separated files, and a paste from a sheet is
    tab-separated; either would otherwise give one "wrong number of fields" problem per row.

    >>> _other_separator(b"a;b;c\\n1;2;3\\n"), _other_separator(b"a,b\\n"), _other_separator(b"a\\n")
    ("';'", None, None)
    """
    end = raw.find(b"\n")  # the first line only, without copying the file (a byte order mark holds no separator)
    header = raw[:end if end >= 0 else len(raw)]
    if b"," in header:
        return None
    counts = {sep: header.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=counts.__getitem__)
    return _SEPARATORS[best] if counts[best] else None


def _is_utf8(raw: bytes, chunk: int = 1 << 20) -> bool:
    """Whether ``raw`` is valid UTF-8, checked a chunk at a time so that no copy of a large file is kept."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with memoryview(raw) as view:
            for start in range(0, len(raw), chunk):
                decoder.decode(view[start:start + chunk])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _is_blank(raw: bytes, small: int = 4096) -> bool:
    """Whether the file holds nothing but white space (and maybe a byte order mark).

    Only a small file is decoded to find Unicode white space; a large one is not blank.
    """
    return len(raw) <= small and not raw.decode("utf-8-sig").strip()


def decode_utf8(raw: bytes, label: str) -> str:
    """``raw`` as text; :class:`DataError` naming the line and character of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at character {col}); "
                   "save the file with UTF-8 encoding")
        raise DataError([Problem(label, line, "(file)", message)]) from None


def _record_lines(raw: bytes, block: int = 1 << 22) -> np.ndarray:
    """The physical line on which every non-blank record starts, vectorised.

    A newline ends a record only outside quotes, i.e. where an even number of ``"``
    precede it. Exact for well-formed RFC 4180 files; for anything else the caller's
    cross-check falls back to the csv module. The file is scanned ``block`` bytes at a
    time (counting the quotes before each block), so that the scan's arrays stay small:
    one array of the size of the file costs more to fill than the scan itself.
    """
    buf = np.frombuffer(raw, dtype=np.uint8)
    ends_parts, lines_parts = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    quotes_before = newlines_before = 0
    for start in range(0, len(buf), block):
        part = buf[start:start + block]
        quotes = np.flatnonzero(part == ord('"'))
        newlines = np.flatnonzero(part == ord("\n"))
        ends_mask = (np.searchsorted(quotes, newlines) + quotes_before) % 2 == 0
        ends_parts.append(newlines[ends_mask] + start)
        lines_parts.append(np.flatnonzero(ends_mask) + newlines_before + 1)  # 1-based line of each ending newline
        quotes_before += len(quotes)
        newlines_before += len(newlines)
    ends, line_of_end = np.concatenate(ends_parts), np.concatenate(lines_parts)
    if len(buf) and buf[-1] != ord("\n"):
        ends = np.append(ends, len(buf))
        line_of_end = np.append(line_of_end, newlines_before + 1)
    starts = np.concatenate(([0], ends[:-1] + 1))
    start_lines = np.concatenate(([1], line_of_end[:-1] + 1))
    length = ends - starts
    last = np.minimum(np.maximum(ends - 1, 0), len(buf) - 1)
    blank = (length == 0) | ((length == 1) & (buf[last] == ord("\r")))
    return start_lines[~blank]


_BOM = b"\xef\xbb\xbf"


def _read_fast(raw: bytes) -> pd.DataFrame | None:
    """pyarrow's CSV parser plus a vectorised scan for the line of each record; None when anything looks off.

    ``raw`` is valid UTF-8. pyarrow parses the bytes in place (no decoded copy) and refuses a
    record with another number of fields than the header; the caller then uses the csv
    module, which says where and why.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return None  # a lone CR ends a line for the csv module but not for the line scan
    header = _header(raw)
    if not header or len(set(header)) != len(header):
        return None  # the exact reader reports duplicate header cells
    lines = _record_lines(raw)
    body = pa.py_buffer(raw)
    if raw.startswith(_BOM):
        body = body[len(_BOM):]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(body),
            # 16 MiB blocks (not 1 MiB) parse as fast and give columns of a sixteenth as many chunks,
            # which every later step over Arrow chunks (schema.first_bytes) pays for
            read_options=pacsv.ReadOptions(block_size=16 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={name: pa.string() for name in header},
                                                 null_values=[""], strings_can_be_null=True,
                                                 quoted_strings_can_be_null=True))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if table.column_names != header or table.num_rows != len(lines) - 1:
        return None
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get)
    frame.columns = pd.Index(header)
    frame.index = pd.Index(lines[1:], name="line")
    return frame


def _header(raw: bytes) -> list[str] | None:
    """The cells of the first record, read by the csv module (None if there is none or it is broken)."""
    with io.TextIOWrapper(io.BytesIO(raw[:1 << 20]), encoding="utf-8-sig", newline="") as stream:
        try:
            return next(csv.reader(stream, strict=True), None)
        except (csv.Error, UnicodeDecodeError):
            return None


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
        raise DataError(problems)
    if header is None:  # only blank lines
        raise DataError([Problem(label, 1, "(file)", EMPTY_FILE)])
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line", dtype="int64"), dtype=str)
    return frame.mask(frame == "")


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
    """Write ``data`` to ``path`` via a temporary file, fsync and a rename.

    Readers see either the old file or the new one, never half of it; if
    writing fails, the old file is left as it was. A file that exists keeps its
    mode; a new one gets the mode the user's umask gives (0644 under umask 022),
    not the 0600 of :func:`tempfile.mkstemp`.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temporary(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            try:
                os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))  # an existing file keeps its mode
            except FileNotFoundError:
                pass  # a new file keeps the umask's mode it was created with
            os.fsync(fh.fileno())  # the content is on disk before the rename makes it visible
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new, empty file beside ``path``, opened for writing, with mode 0666 less the umask.

    Opened like :func:`tempfile.mkstemp` (``O_EXCL``, a random name), but letting the
    kernel apply the umask, rather than reading the umask (which means setting it).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable; a no-op where directories cannot be opened (Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems do not support fsync on directories; the rename itself is done
    finally:
        os.close(fd)


def csv_text(frame: pd.DataFrame) -> str:
    """A DataFrame as CSV text, the way the data files are written: no index, ``\\n`` line ends."""
    return frame.to_csv(index=False, lineterminator="\n")

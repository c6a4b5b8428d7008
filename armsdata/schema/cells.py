"""The cell predicates, vectorised over a column of text: what the checks of every field ask of a cell
(blank, trimmed, control characters, formula-like, a real partial date, words), with fast paths over the
UTF-8 bytes of pandas' Arrow-backed text, and the rows entered twice (:func:`same_rows`).

Part of :mod:`armsdata.schema`, which gives every public name here as ``schema.X``.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from armsdata.schema.tables import DATE_PATTERN

_NUMBER_LIKE = r"-[0-9]+(?:\.[0-9]+)?"

#: Control characters no cell may hold: C0 but tab, line feed and carriage return; DEL; C1.
CONTROL_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_CONTROL = re.compile(CONTROL_CHARACTERS)
#: What else a one-line cell may not hold (a line break or tab inside quotes or notes is fine).
_BREAKS = re.compile(r"[\t\n\r]")
_LONE_CR = re.compile(r"\r(?!\n)")


# The cell predicates below look at most cells through a fast path over the UTF-8 bytes of pandas'
# Arrow-backed text (the first and last byte of each cell, or a whole column's bytes at once), and
# leave the cells it cannot decide to their plain definition (``_..._exact``), so that the answers
# are those of the plain definitions (tests/test_fuzz.py holds each fast path to its definition).


def arrow_text(cells: pd.Series):
    """The Arrow ``ChunkedArray`` behind a text Series, without a copy; None if the Series is not Arrow text."""
    import pyarrow as pa

    if not isinstance(cells.array, pd.arrays.ArrowStringArray):
        return None
    chunked = cells.array.__arrow_array__()
    return chunked if pa.types.is_string(chunked.type) or pa.types.is_large_string(chunked.type) else None


def _utf8_chunks(cells: pd.Series):
    """For each Arrow chunk of ``cells``: its cells' offsets into its data and the data as a ``memoryview``
    (the UTF-8 bytes of every cell, one after another); None if ``cells`` is not Arrow text."""
    import pyarrow as pa

    chunked = arrow_text(cells)
    if chunked is None:
        return None
    width = np.int64 if pa.types.is_large_string(chunked.type) else np.int32
    out = []
    for chunk in chunked.chunks:
        _, offsets, data = chunk.buffers()
        offsets = np.frombuffer(offsets, dtype=width, count=chunk.offset + len(chunk) + 1)[chunk.offset:]
        out.append((chunk, offsets, memoryview(data if data is not None else b"")))
    return out


def first_bytes(cells: pd.Series) -> np.ndarray | None:
    """The first byte of each cell's UTF-8 text (0 for an empty or missing cell), or None if ``cells`` is not
    Arrow text.

    >>> first_bytes(pd.Series(["ab", None, "é"], dtype="str")).tolist()
    [97, 0, 195]
    """
    return _end_bytes(cells, last=False)


def last_bytes(cells: pd.Series) -> np.ndarray | None:
    """The last byte of each cell's UTF-8 text (0 for an empty or missing cell), or None if ``cells`` is not
    Arrow text.

    >>> last_bytes(pd.Series(["ab", None, "é"], dtype="str")).tolist()
    [98, 0, 169]
    """
    return _end_bytes(cells, last=True)


def _end_bytes(cells: pd.Series, *, last: bool) -> np.ndarray | None:
    """One byte of each cell, read straight from the Arrow buffers: one gather per chunk, so each predicate
    takes the byte it needs rather than one memo shared by the checks of a column."""
    chunks = _utf8_chunks(cells)
    if chunks is None:
        return None
    out = [np.zeros(0, np.uint8)]
    for chunk, offsets, data in chunks:
        data = np.frombuffer(data, dtype=np.uint8)
        if not len(data):
            out.append(np.zeros(len(chunk), np.uint8))
            continue
        starts, ends = offsets[:-1], offsets[1:]
        found = data.take(ends - 1 if last else starts, mode="clip")  # an empty cell's is cleared below
        empty = ends == starts
        if chunk.null_count:
            empty |= chunk.is_null().to_numpy(zero_copy_only=False)
        found[empty] = 0
        out.append(found)
    return np.concatenate(out)


#: Bytes that are a character no text may begin or end with unnoticed: printable ASCII but the space.
_VISIBLE_ASCII = np.zeros(256, dtype=bool)
_VISIBLE_ASCII[0x21:0x7F] = True
_ALNUM_ASCII = np.zeros(256, dtype=bool)
for _byte in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
    _ALNUM_ASCII[_byte] = True


def _true_unless_exact(cells: pd.Series, sure: np.ndarray | None, exact) -> pd.Series:
    """True where ``sure``; ``exact(cells)`` on the other cells (all of them if ``sure`` is None)."""
    if sure is None:
        return exact(cells)
    out = sure.copy()
    if not sure.all():
        out[~sure] = exact(cells[~sure]).to_numpy(dtype=bool)
    return pd.Series(out, index=cells.index)


#: What a spreadsheet reads as the start of a formula; a leading ``-`` only where the cell is no number.
FORMULA_STARTS = ("=", "+", "@", "-", "\t", "\r")


def is_formula_like(cells: pd.Series) -> pd.Series:
    """True where a spreadsheet would read the cell as a formula, or where a spreadsheet's apostrophe
    keeps it from being one (in a CSV file the apostrophe is part of the cell: ``'=1+1`` is data).

    Cells starting with ``=``, ``+``, ``@``, a tab or a carriage return, a leading ``-`` unless the
    whole cell is a number, and an apostrophe before any of these. Only the first character of
    most cells is looked at.

    >>> is_formula_like(pd.Series(["=1+1", "-5", "-x", "ok", None, "'=1+1", "'-5", "'ok'"])).tolist()
    [True, False, True, False, False, True, True, False]
    """
    first = first_bytes(cells)  # all the characters looked at are ASCII, one byte each
    if first is None:
        return _is_formula_like_exact(cells)
    risky = np.isin(first, np.frombuffer(b"=+@\t\r", dtype=np.uint8))
    dash = first == ord("-")
    if dash.any():
        dash[dash] = ~cells[dash].str.fullmatch(_NUMBER_LIKE).fillna(False).to_numpy(dtype=bool)
    quoted = first == ord("'")
    if quoted.any():
        quoted[quoted] = cells[quoted].str[1:2].isin(FORMULA_STARTS).fillna(False).to_numpy(dtype=bool)
    return pd.Series(risky | dash | quoted, index=cells.index)


def _is_formula_like_exact(cells: pd.Series) -> pd.Series:
    first = cells.str[:1]
    risky = first.isin(["=", "+", "@", "\t", "\r"]).fillna(False).astype(bool)
    dash = (first == "-").fillna(False).astype(bool)
    if dash.any():
        dash[dash] = ~cells[dash].str.fullmatch(_NUMBER_LIKE).fillna(False).astype(bool)
    quoted = ((first == "'").fillna(False) & cells.str[1:2].isin(FORMULA_STARTS).fillna(False)).astype(bool)
    return risky | dash | quoted


def is_not_blank(cells: pd.Series) -> pd.Series:
    """True where a cell holds more than white space (False for an empty or missing cell).

    >>> is_not_blank(pd.Series([" a", " ", "", None], dtype="str")).tolist()
    [True, False, False, False]
    """
    first = first_bytes(cells)
    return _true_unless_exact(cells, None if first is None else _VISIBLE_ASCII[first], _is_not_blank_exact)


def _is_not_blank_exact(cells: pd.Series) -> pd.Series:
    return (cells.str.strip().str.len() > 0).fillna(True).astype(bool)


def is_trimmed(cells: pd.Series) -> pd.Series:
    """True where a cell neither begins nor ends with white space (False for a missing cell).

    >>> is_trimmed(pd.Series(["a b", " a", "a\\n", ""], dtype="str")).tolist()
    [True, False, False, True]
    """
    first = first_bytes(cells)
    sure = None if first is None else _VISIBLE_ASCII[first] & _VISIBLE_ASCII[last_bytes(cells)]
    return _true_unless_exact(cells, sure, _is_trimmed_exact)


def _is_trimmed_exact(cells: pd.Series) -> pd.Series:
    return (cells.str.strip() == cells).fillna(True).astype(bool)


#: Control characters may begin with these bytes in UTF-8: C0 (line breaks and tab among them, which
#: free text may hold), DEL, and 0xC2, the first byte of C1 controls (U+0080-U+009F) and of U+00A0-U+00BF.
_CONTROL_BYTES = {True: bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0D, 0x20), 0x7F, 0xC2]),
                  False: bytes([*range(0x00, 0x20), 0x7F, 0xC2])}
_NOT_CONTROL_BYTES = {breaks: bytes(sorted(set(range(256)) - set(found))) for breaks, found in _CONTROL_BYTES.items()}
_C1 = re.compile(b"\xc2[\x80-\x9f]")


def has_control_characters(cells: pd.Series, *, line_breaks: bool = True) -> pd.Series:
    """True where a cell holds a control character (see :data:`CONTROL_CHARACTERS`).

    With ``line_breaks`` a tab, a line feed and a CR LF pair are allowed (multi-line text);
    without, they count as control characters too (one-line cells).

    >>> has_control_characters(pd.Series(["a\\tb", "a\\x1bb", "a\\r\\nb", "a\\rb"])).tolist()
    [False, True, False, True]
    >>> has_control_characters(pd.Series(["a\\tb"]), line_breaks=False).tolist()
    [True]
    """
    chunks = _utf8_chunks(cells)
    if chunks is None:
        return _has_control_characters_exact(cells, line_breaks=line_breaks)
    # Most columns hold no byte that could start a control character at all: one scan of each
    # chunk's bytes (bytes.translate deleting every other byte) clears all its cells at once.
    clear = np.zeros(len(cells), dtype=bool)
    row = 0
    for chunk, offsets, data in chunks:
        text = data[offsets[0]:offsets[-1]].tobytes()
        found = text.translate(None, _NOT_CONTROL_BYTES[line_breaks])
        if not found or (not found.strip(b"\xc2") and not _C1.search(text)):
            clear[row:row + len(chunk)] = True
        row += len(chunk)
    return ~_true_unless_exact(cells, clear, lambda rest: ~_has_control_characters_exact(rest, line_breaks=line_breaks))


def _has_control_characters_exact(cells: pd.Series, *, line_breaks: bool) -> pd.Series:
    bad = cells.str.contains(CONTROL_CHARACTERS, regex=True).fillna(False).astype(bool)
    extra = _LONE_CR if line_breaks else _BREAKS
    with_cr = cells.str.contains("\r" if line_breaks else r"[\t\n\r]", regex=not line_breaks)
    with_cr = with_cr.fillna(False).astype(bool)
    if with_cr.any():
        bad[with_cr] |= cells[with_cr].str.contains(extra.pattern, regex=True).fillna(False).astype(bool)
    return bad


def first_control_character(text: str, *, line_breaks: bool = True) -> tuple[int, str] | None:
    """``(position, character)`` of the first control character of ``text`` (1-based), or None."""
    found = [m for m in (_CONTROL.search(text), (_LONE_CR if line_breaks else _BREAKS).search(text)) if m]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    return match.start() + 1, match.group()[0]


def is_valid_partial_date(cells: pd.Series) -> pd.Series:
    """True where a cell is ``YYYY``, ``YYYY-MM`` or a real ``YYYY-MM-DD``."""
    shaped = cells.str.fullmatch(DATE_PATTERN).fillna(False).astype(bool)
    month = pd.to_numeric(cells.str[5:7], errors="coerce")
    month_ok = (cells.str.len() < 7) | month.between(1, 12)
    full = cells.str.len() == 10
    day_ok = ~full | pd.to_datetime(cells.where(full), format="%Y-%m-%d", errors="coerce").notna()
    return (shaped & month_ok & day_ok).fillna(False).astype(bool)


_GAPS_AND_ELLIPSES = r"\[\.\.\.\]|\.\.\.|…"


def has_words(cells: pd.Series) -> pd.Series:
    """True where a cell holds something besides white space, ``[...]`` gaps and ellipses.

    >>> has_words(pd.Series(["France will", "   ", "[...]", " [...] … "])).tolist()
    [True, False, False, False]
    """
    first = first_bytes(cells)  # a cell that begins with a letter or digit has words
    return _true_unless_exact(cells, None if first is None else _ALNUM_ASCII[first], _has_words_exact)


def _has_words_exact(cells: pd.Series) -> pd.Series:
    rest = cells.str.replace(_GAPS_AND_ELLIPSES, "", regex=True)
    return (rest.str.strip().str.len() > 0).fillna(False).astype(bool)


@cache
def code_list(codes: str) -> frozenset[str]:
    """The set of valid codes of an ISO standard: ``"iso3166"`` or ``"iso4217"``."""
    import pycountry  # loaded only when codes are checked

    if codes == "iso3166":
        return frozenset(c.alpha_3 for c in pycountry.countries)
    if codes == "iso3166_former":  # states as of the deal: SUN, CSK, YUG, DDR … besides today's
        return code_list("iso3166") | frozenset(c.alpha_3 for c in pycountry.historic_countries)
    if codes == "iso4217":
        return frozenset(c.alpha_3 for c in pycountry.currencies)
    raise ValueError(f"unknown code list {codes!r}")


def same_rows(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """For each row, a code shared by exactly the rows with the same cells in ``columns`` (empty cells
    equal), or -1 for a row that no other row shares its cells with; ``same_rows(...) >= 0`` is
    ``frame.duplicated(subset=columns, keep=False)``.

    One column at a time: each row gets the code of its cells so far, and a row whose code no other
    row has can be a duplicate of none, so the next column is looked at only on the rows left.

    >>> same_rows(pd.DataFrame({"a": ["x", "x", "x", None], "b": ["1", "1", "2", None]}), ["a", "b"]).tolist()
    [0, 0, -1, -1]
    """
    left = np.arange(len(frame))  # positions of the rows that may still be duplicates
    codes = np.zeros(len(frame), dtype=np.int64)
    for column in columns:
        if not len(left):
            break
        cells = frame[column] if len(left) == len(frame) else _take(frame[column], left)
        cell_codes, uniques = pd.factorize(cells)  # an empty cell is -1
        codes, _ = pd.factorize(codes * (len(uniques) + 1) + cell_codes + 1)  # below len(left) ** 2: no overflow
        shared = np.bincount(codes)[codes] > 1
        left, codes = left[shared], codes[shared]
    out = np.full(len(frame), -1, dtype=np.int64)
    out[left] = pd.factorize(codes)[0] if len(left) else codes
    return out


def _take(cells: pd.Series, positions: np.ndarray) -> pd.Series:
    """``cells.iloc[positions]`` (ascending), chunk by chunk for Arrow text: Arrow's take of a chunked
    column joins all its chunks first, a copy of the whole column for a few rows."""
    import pyarrow as pa

    chunked = arrow_text(cells)
    if chunked is None or chunked.num_chunks < 2:
        return cells.iloc[positions]
    ends = np.cumsum([len(chunk) for chunk in chunked.chunks])
    where = np.searchsorted(ends, positions, side="right")
    pieces = [chunk.take(pa.array(positions[where == i] - (ends[i] - len(chunk))))
              for i, chunk in enumerate(chunked.chunks) if (where == i).any()]
    taken = pa.chunked_array(pieces, type=chunked.type)
    return pd.Series(pd.arrays.ArrowStringArray(taken), index=cells.index[positions], dtype=cells.dtype)

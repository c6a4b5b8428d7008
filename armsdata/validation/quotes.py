"""Quotes in their sources' archived texts: every archived text is there and is UTF-8, every passage of
every quote stands in it verbatim once normalised (what copy-paste changes folded), and where one does
not, where it stops matching."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.io import DataError, Problem, decode_utf8


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
                         "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"})
_FOLD_PAIRS = tuple((chr(code), plain) for code, plain in _QUOTES.items())
#: What :func:`fold_bytes` replaces, in UTF-8: curly quotes and dashes by plain ones, and white space
#: other than ASCII's (no-break space, thin space, ...: what ``str.split`` splits on) by a space.
_FOLD_BYTES = {**{char.encode("utf-8"): plain.encode("utf-8") for char, plain in _FOLD_PAIRS},
               **{chr(code).encode("utf-8"): b" " for code in range(0x80, 0x3001) if chr(code).isspace()}}
_FOLD_LEADS = sorted({char[:1] for char in _FOLD_BYTES})  # their first bytes: 0xC2, 0xE1, 0xE2, 0xE3 (a test checks)
_FOLD_PATTERN = re.compile(b"|".join(map(re.escape, _FOLD_BYTES)))


def normalise_text(text: str) -> str:
    """Fold what copy-paste changes: Unicode form, curly quotes, dashes, runs of white space.

    >>> normalise_text("“Bastion”  —\\n vehicles")
    '"Bastion" - vehicles'
    """
    # Same result as re.sub(r"\s+", " ", NFC(text).translate(_QUOTES)).strip(), several times faster:
    # ASCII text is already NFC with nothing to fold, str.replace of the few characters to fold is
    # faster than str.translate visiting every character, and str.split() splits on exactly what \s matches.
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        for char, plain in _FOLD_PAIRS:
            if char in text:
                text = text.replace(char, plain)
    return " ".join(text.split())


def archive_and_quote_problems(transfers: pd.DataFrame, sources: pd.DataFrame, data_dir: Path,
                               labels: dict[str, str]) -> list[Problem]:
    """Every archived text exists and is UTF-8; every passage of every quote stands verbatim (after
    normalising) in its source's archived text.

    The archives are read one at a time, so memory holds one text, not all of them. Most quotes are
    found as they are in the archive's raw bytes (see :func:`found_as_is`), the others mostly in its
    bytes with quotes, dashes and spaces folded (:func:`fold_bytes`); only a source with a quote that
    is in neither is decoded and normalised (see :func:`normalise_text`), which is what takes time. An
    archived text that is not UTF-8 is reported at the archive file itself, with the line and character
    of the first bad byte, like a CSV file that is not.
    """
    problems: list[Problem] = []
    cells = transfers["quote"]
    given = cells.notna().to_numpy()
    lines = transfers.index[given].tolist()
    needles = _utf8(cells[given])  # each quote's bytes: most are found as they are
    gap = schema.QUOTE_GAP.strip()
    gap_bytes = gap.encode("utf-8")
    quoted_by = _rows_by_value(transfers["source_id"][given])
    sources = sources[~sources["source_id"].duplicated().to_numpy()]  # an id given twice: its first row (reported)
    for line, source_id, archive in zip(sources.index.tolist(), sources["source_id"].tolist(),
                                        sources["archive"].tolist()):
        try:
            with open(os.path.join(data_dir, archive), "rb", buffering=0) as fh:  # one read of the whole file
                raw = fh.readall()
        except FileNotFoundError:
            problems.append(Problem(labels["sources"], line, "archive",
                                    f"archived text not found at {Path(data_dir) / archive}", archive))
            continue
        except OSError as exc:
            problems.append(Problem(labels["sources"], line, "archive", f"archived text unreadable ({exc.strerror})",
                                    archive))
            continue
        text, broken = None, ""
        if not raw.isascii():  # ASCII is UTF-8; anything else is decoded once, to know that it is
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                try:
                    decode_utf8(raw, str(Path(data_dir) / archive))  # raises, naming the line and character
                except DataError as exc:
                    problems += exc.problems
                    broken = f"; the archived text is not valid UTF-8 (from its line {exc.problems[0].line} on), " \
                             "which may be why"
                # its quotes are still looked for: most are found, and the others are told why they may not be
                text = raw.decode("utf-8-sig", errors="replace")
        found: dict[bytes, bool] = {}  # each distinct quote of the source is looked for once
        for i in quoted_by(source_id):
            needle = needles[i]
            if needle not in found:
                found[needle] = _found_raw(needle, raw, gap, gap_bytes)
        missed = [needle for needle, yes in found.items() if not yes]
        if missed:  # curly quotes, dashes and line breaks: fold them on the bytes, the fast way, and look again
            folded = fold_bytes(raw)
            for needle in missed:
                found[needle] = (_found(fold_bytes(needle), folded) if gap_bytes not in needle
                                 else _quote_found(needle.decode("utf-8"), gap, folded, fold=True))
            missed = [needle for needle in missed if not found[needle]]
        if missed:
            normal = normalise_text(text if text is not None else raw.decode("ascii"))  # CR LF folds to a space
            said: dict[bytes, list[tuple[str, str]]] = {}  # each missed quote: (passage, where it differs)
            for needle in missed:
                said[needle] = [(piece, where_quote_differs(piece, normal) + broken)
                                for piece in filter(None, map(normalise_text, needle.decode("utf-8").split(gap)))
                                if piece not in normal]
            for i in quoted_by(source_id):
                for piece, where in said.get(needles[i], ()):
                    problems.append(Problem(labels["transfers"], lines[i], "quote",
                                            f"not found verbatim in the archived text of {source_id}: {where}", piece))
    return problems


def _found_raw(needle: bytes, raw: bytes, gap: str, gap_bytes: bytes) -> bool:
    """Whether the quote whose bytes are ``needle`` is :func:`found_as_is` in the raw bytes of its archive."""
    if gap_bytes not in needle:
        at = raw.find(needle)  # the common case first: found, before an ASCII byte or the end
        return at >= 0 and (at + len(needle) == len(raw) or raw[at + len(needle)] < 0x80 or _found(needle, raw))
    return _quote_found(needle.decode("utf-8"), gap, raw)


def _utf8(cells: pd.Series) -> list[bytes]:
    """Each cell's UTF-8 bytes, straight from Arrow where the text is there (no str objects on the way)."""
    import pyarrow as pa

    array = schema.arrow_text(cells)
    if array is None:
        return [cell.encode("utf-8") for cell in cells.tolist()]
    return array.cast(pa.large_binary()).to_pylist()


def _rows_by_value(cells: pd.Series):
    """A function giving the positions of the rows that hold a value, in order (none for another value)."""
    codes, values = pd.factorize(cells)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(values) + 1)).tolist()
    order = order.tolist()
    code_of = dict(zip(values.tolist(), range(len(values))))

    def rows(value) -> list[int]:
        code = code_of.get(value)
        return [] if code is None else order[bounds[code]:bounds[code + 1]]

    return rows


def _quote_found(quote: str, gap: str, raw: bytes, *, fold: bool = False) -> bool:
    """Whether every passage of ``quote`` (the parts between gaps) is :func:`found_as_is` in ``raw``."""
    if gap not in quote:
        return found_as_is(quote, raw, fold=fold)
    # white space around a passage is no part of it once normalised
    return all(found_as_is(piece, raw, fold=fold) for piece in map(str.strip, quote.split(gap)) if piece)


def found_as_is(quote: str, raw: bytes, *, fold: bool = False) -> bool:
    """True when a quote stands as it is in an archive's raw UTF-8 bytes: a fast, sound test.

    Where it is True, the normalised quote is in the normalised text too: normalising works
    character by character (white space, curly quotes, dashes), except that it composes a letter
    with a combining mark after it, so the quote must begin, and the text go on after it, with a
    character that nothing before it combines with (see :func:`_is_boundary`). With ``fold``, ``raw``
    is :func:`fold_bytes` of the archive and the quote is folded the same way first. Where it is
    False, the caller normalises both and looks again.

    >>> found_as_is("GM200 radars", "three GM200 radars to".encode()), found_as_is("e", "cafe\u0301".encode())
    (True, False)
    >>> found_as_is("Turkey's  radars", fold_bytes("Turkey’s\\nradars".encode()), fold=True)
    True
    """
    return _found(fold_bytes(quote.encode("utf-8")) if fold else quote.encode("utf-8"), raw)


def _found(needle: bytes, raw: bytes) -> bool:
    """:func:`found_as_is` of the quote whose (folded) bytes are ``needle``."""
    if not needle or not _is_boundary(needle, 0):
        return False
    start = raw.find(needle)
    while start != -1:
        if _is_boundary(raw, start + len(needle)):
            return True
        start = raw.find(needle, start + 1)
    return False


def _is_boundary(utf8: bytes, at: int) -> bool:
    """Whether normalising (NFC) can never join the character that starts at ``utf8[at]`` to the one
    before it: True for ASCII, U+0080-U+00FF (no-break space, Latin-1 letters) and U+2000-U+207F
    (general punctuation: curly quotes, dashes, spaces), and at the end of the text; False for the
    rest, combining marks among them (tests/test_validation_quotes.py checks each character named here).
    """
    if at >= len(utf8):
        return True
    lead = utf8[at]
    return lead < 0x80 or lead in (0xC2, 0xC3) or (lead == 0xE2 and at + 1 < len(utf8) and utf8[at + 1] in (0x80, 0x81))


def fold_bytes(raw: bytes) -> bytes:
    """UTF-8 bytes with part of :func:`normalise_text` done the fast way, on bytes: curly quotes and
    dashes made plain, runs of white space (ASCII, no-break and other spaces) made one space.

    ``normalise_text`` of the result is ``normalise_text`` of the original, so a passage found in the
    folded bytes (on the boundary conditions of :func:`found_as_is`) is in the normalised text; what
    is left to ``normalise_text`` (Unicode forms) is rare in practice.

    >>> fold_bytes("“Bastion”\u00a0 —\\n vehicles".encode())
    b'"Bastion" - vehicles'
    """
    if not raw.isascii() and any(lead in raw for lead in _FOLD_LEADS):
        raw = _FOLD_PATTERN.sub(lambda match: _FOLD_BYTES[match.group()], raw)
    return b" ".join(raw.split())  # runs of ASCII white space (what bytes.split() splits on), one space


_ELLIPSES = ("...", "…", "[…]", "(...)", "(…)")


def where_quote_differs(piece: str, text: str) -> str:
    """Where a (normalised) passage of a quote stops matching the (normalised) archived text, in words.

    The longest beginning of ``piece`` found in ``text`` is found (see :func:`longest_beginning_found`),
    then the next few words of both are shown.

    >>> where_quote_differs("France will sell 50 jets", "Paris: France will deliver 50 jets.")
    "the first 12 characters match ('France will '), then the quote has 'sell 50 jets' where the text has 'deliver 50 jets.'"
    """
    low = longest_beginning_found(piece, text)
    hint = ""
    if any(mark in piece for mark in _ELLIPSES):
        hint = (f"; the quote has an ellipsis: join two passages with '{schema.QUOTE_GAP.strip()}' "
                "(square brackets, three points), and copy each passage whole")
    if low < min(12, len(piece)):
        return f"its beginning ({_words(piece, 0)!r}) is not in the text; check the source_id and the archive" + hint
    at = text.find(piece[:low])
    return (f"the first {low} characters match ({_words(piece[:low], -1)!r}), then the quote has "
            f"{_words(piece, low)!r} where the text has {_words(text, at + low)!r}" + hint)


def longest_beginning_found(piece: str, text: str, *, probe: int = 12, places: int = 50) -> int:
    """The length of the longest beginning of ``piece`` that ``text`` holds.

    Where it holds the first ``probe`` characters at no more than ``places`` places, the longest beginning
    is at one of them, and is measured there (a few comparisons of the piece, not of the text); else by
    bisection over the length, each step a search of the whole text (a beginning that is found has all
    its own beginnings found). The two give the same answer; the first is several times faster on a long
    text, where every quote of a source may be looked for.

    >>> longest_beginning_found("France will sell 50 jets", "Paris: France will deliver 50 jets.")
    12
    >>> longest_beginning_found("Frankly", "France, Franc"), longest_beginning_found("xyz", "abc")
    (4, 0)
    """
    head = piece[:probe]
    starts: list[int] = []
    at = text.find(head)
    while at >= 0 and len(starts) <= places:
        starts.append(at)
        at = text.find(head, at + 1)
    if starts and len(starts) <= places:
        return max(_common_beginning(piece, text, at) for at in starts)
    low, high = (len(head), len(piece)) if starts else (0, len(head) - 1)
    while low < high:
        middle = (low + high + 1) // 2
        if piece[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low


def _common_beginning(piece: str, text: str, at: int) -> int:
    """How many first characters of ``piece`` stand in ``text`` from ``at`` on (by bisection)."""
    low, high = 0, min(len(piece), len(text) - at)
    while low < high:
        middle = (low + high + 1) // 2
        if text.startswith(piece[:middle], at):
            low = middle
        else:
            high = middle - 1
    return low


def _words(text: str, start: int, size: int = 30) -> str:
    """About ``size`` characters of ``text`` from ``start`` (or, with ``start=-1``, its last ones)."""
    if start < 0:
        return ("…" if len(text) > size else "") + text[-size:]
    part = text[start:start + size]
    return part + ("…" if start + size < len(text) else "")


#: ASCII white space that :func:`normalise_text` would change: a run, an end, or anything but a space.
_FOLDABLE_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f]|  |^ | $"


def already_normal(cells: pd.Series) -> pd.Series:
    """True where :func:`normalise_text` would return the cell unchanged, for ASCII cells; vectorised.

    >>> already_normal(pd.Series(["50 Bastion vehicles", "50  Bastion", "“50”"])).tolist()
    [True, False, False]
    """
    return (cells.str.isascii() & ~cells.str.contains(_FOLDABLE_SPACE, regex=True)).fillna(False).astype(bool)

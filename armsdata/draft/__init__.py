"""Draft claims from a source's text: candidate rows of transfers.csv for a curator to keep, correct or drop.

>>> rows = draft_claims("Serbia delivered 20 howitzers to Cyprus, the ministry said.", source_id="s900")
>>> columns = ["claim_id", "supplier", "recipient", "system", "quantity", "status"]
>>> rows[columns].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'claim_id': 's900-d01', 'supplier': 'Serbia', 'recipient': 'Cyprus', 'system': 'howitzers', 'quantity': '20',
  'status': 'delivered'}]

Each row quotes the text verbatim (a sentence, or two where one refers to the other), takes its
supplier and recipient from actors.csv or any state named, by a demonym or by its capital, its system
from systems.csv or the text's own words, its status from the wording of
``armsdata/draft/wording/statuses.csv``, and a quantity or value only where the quote states one (the
validator's number rules). Its notes say that it is a draft and why each field was chosen. Nothing is
curated: a person decides, and ``armsdata validate`` checks.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from armsdata import schema
from armsdata.datadir import resolve_data_dir
from armsdata.draft.candidates import DRAFT_NOTE, draft_rows
from armsdata.draft.wording import WORDING_DIR, load_wording
from armsdata.errors import UsageError, check_out_file, existing_data_dir

#: The source_id of the rows when none is given.
DEFAULT_SOURCE_ID = "draft"

__all__ = ["DEFAULT_SOURCE_ID", "DRAFT_NOTE", "WORDING_DIR", "Drafted", "draft_claims", "draft_file", "source_id_of",
           "text_of"]

#: The name of standard input, as a file to draft from.
STDIN = "-"


@dataclass(frozen=True)
class Drafted:
    """``armsdata draft``'s result: the candidate ``rows``, the ``label`` of the text read and the ``source_id``."""

    rows: pd.DataFrame
    label: str
    source_id: str


def draft_file(path: str, *, source_id: str | None = None, out: str | os.PathLike | None = None,
               force: bool = False, data_dir: str | os.PathLike | None = None,
               stdin: BinaryIO | None = None) -> Drafted:
    """``armsdata draft``: :func:`draft_claims` of the text in ``path`` (``"-"``: ``stdin``), whose rows are to be
    written to ``out`` (checked here, before reading; standard output without one).

    Raises :class:`~armsdata.errors.UsageError` for a ``source_id`` that is not an id, a missing or unreadable
    ``path``, an ``out`` that is a directory, in a missing directory, the input, or exists without ``force``,
    and a missing data directory; :class:`armsdata.io.DataError` if the text is no plain UTF-8 text.
    """
    from_stdin = path == STDIN
    if source_id is not None and not re.fullmatch(schema.ID_PATTERN, source_id):
        raise UsageError(f"--source-id {source_id!r}: not an id (lower-case letters, digits, '.', '_' or '-')")
    if not from_stdin and Path(path).is_dir():
        raise UsageError(f"{path} is a directory, not a file; give the text of one source (a .txt file)")
    if not from_stdin and not Path(path).is_file():
        raise UsageError(f"no such file: {path}")
    check_out_file(out, () if from_stdin else (path,))
    if out and Path(out).exists() and not force:
        raise UsageError(f"{out} exists; choose another --out, or pass --force to overwrite it")
    data = existing_data_dir(data_dir)
    label = "<stdin>" if from_stdin else path
    try:
        raw = stdin.read() if from_stdin else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {label}: {exc.strerror or exc}") from None
    source_id = source_id or source_id_of("" if from_stdin else path)
    return Drafted(draft_claims(text_of(raw, label), source_id=source_id, data_dir=data), label, source_id)


def draft_claims(text: str, *, source_id: str | None = None,
                 data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Candidate claims found in ``text``, one row each, in transfers.csv's columns (text; empty cells ``<NA>``).

    ``source_id`` goes in the ``source_id`` column and the draft ids (``s900-d01``, ``s900-d02``, ...);
    ``data_dir`` is the data whose actors.csv, systems.csv and transfers.csv it reads (see
    :func:`armsdata.resolve_data_dir`). A text that tells of no transfer gives no row.
    ``frame.attrs["not_in_actors"]`` lists the suppliers and recipients proposed that actors.csv lacks.
    """
    wording = load_wording(resolve_data_dir(data_dir))
    rows = draft_rows(text, wording, source_id or DEFAULT_SOURCE_ID)
    frame = pd.DataFrame(rows, columns=schema.TRANSFERS.columns, dtype="string").replace("", pd.NA)
    frame.attrs["not_in_actors"] = sorted({r[side] for r in rows for side in ("supplier", "recipient")}
                                          - wording.known_actors)
    return frame


def source_id_of(path: str | os.PathLike) -> str:
    """The source id a text's file name gives (``data/archive/s900.txt``: ``s900``), else :data:`DEFAULT_SOURCE_ID`.

    >>> source_id_of("data/archive/s900.txt"), source_id_of("My Article.txt")
    ('s900', 'draft')
    """
    stem = Path(path).stem
    return stem if re.fullmatch(schema.ID_PATTERN, stem) else DEFAULT_SOURCE_ID


def text_of(raw: bytes, label: str) -> str:
    """The text of a source's file as the draft reads it: UTF-8 (a byte-order mark dropped), never empty.

    Raises :class:`armsdata.io.DataError` (one problem, on ``label``) for a file that is a known kind of
    non-text (a PDF, an image, a word-processor document, any binary file), that is not UTF-8, or that
    holds no text.

    >>> text_of("France delivered 24 tanks.".encode(), "s900.txt")
    'France delivered 24 tanks.'
    """
    from armsdata.io import DataError, Problem, decode_utf8
    from armsdata.sipri.filetype import kind_of

    kind = kind_of(raw)
    if kind is not None:
        raise DataError([Problem(label, 0, "(file)", f"is {kind}: the draft reads plain text; save the source's "
                                                    "text as a UTF-8 text file (.txt) and draft that")])
    text = decode_utf8(raw, label)
    if not text.strip():
        raise DataError([Problem(label, 0, "(file)", "holds no text" + (" (it is empty)" if not raw else "")
                                 + ": archive the source's text in it first")])
    return text

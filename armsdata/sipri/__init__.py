"""SIPRI Arms Transfers Database exports -> the register table, one row per deal.

``read_sipri(path)`` reads either export of SIPRI's site:

* the **trade register** (one row per deal, 16 columns, ``?`` estimate flags in unnamed
  columns after *Year of order*, *Number ordered* and *Number delivered*), also in its
  supplier- or recipient-filtered variant that says *Deliveries in the Year Range*;
* the **transfers by delivery year** export (one row per deal and delivery year, 17 columns,
  ``Yes``/``No`` flags, a database ID), summed to one row per deal.

Real exports are hostile, and every quirk seen in them is read, not guessed around:
latin-1, Windows-1252, UTF-8 or UTF-16 (detected, never mojibake), a preamble of any length
or none (its "Data generated" date and year range are kept in ``frame.attrs``), CRLF, CR or
LF, trailing ``;;;;`` or ``,,,`` on every line, and records broken over physical lines by a
stray line break inside an unquoted cell (re-joined: the two pieces of the cell are joined
by one space), also once a spreadsheet has padded the pieces with empty fields. Nothing is
dropped silently: every record of the file is a deal of the table (or a delivery year of
one), and the attrs say how many were read, re-joined and skipped, and why. A file that is
not a register raises :class:`~armsdata.io.DataError` naming the file and what was
expected, or what the file is (an Excel workbook, an image, a web page, ...).

Speed: a clean export is parsed by pandas' C parser in one call; a vectorised scan of the
bytes finds the few lines that are not one whole record, and only those are repaired in Python.

The steps, one module each: ``filetype`` (a file that is not text, named) -> ``encoding``
(bytes and their encoding) -> ``header`` (the header line, the preamble, refusals) ->
``records`` (cells of every record, broken ones re-joined) -> ``values`` (numbers, booleans,
text; the per-year export summed per deal) -> ``names`` (ISO codes); ``read`` puts them
together, and ``table`` is the register as it is selected and written.
"""

from __future__ import annotations

from armsdata.sipri.header import COLUMNS
from armsdata.sipri.names import SIPRI_SPELLINGS, iso3
from armsdata.sipri.read import read_sipri
from armsdata.sipri.table import (
    SORT_KEYS,
    actor_spellings,
    register_csv,
    register_problems,
    select_actors,
    summary,
)

#: SIPRI's terms ask every use of its data to carry this credit line.
CREDIT = "Information from the SIPRI Arms Transfers Database"
#: Where SIPRI's database lives (as its exports name it).
SIPRI_URL = "https://www.sipri.org/databases/armstransfers"

__all__ = [
    "COLUMNS", "CREDIT", "SIPRI_SPELLINGS", "SIPRI_URL", "SORT_KEYS", "actor_spellings", "iso3", "read_sipri",
    "register_csv", "register_problems", "select_actors", "summary",
]

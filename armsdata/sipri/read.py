"""``read_sipri``: a SIPRI export's file to the register table, one row per deal."""

from __future__ import annotations

import os

import pandas as pd

from armsdata.sipri.encoding import decoded_bytes, read_bytes
from armsdata.sipri.filetype import refuse_other_formats
from armsdata.sipri.header import COLUMNS, find_header, fail, preamble_facts
from armsdata.sipri.names import iso3_columns
from armsdata.sipri.records import Counts, read_records
from armsdata.sipri.values import per_deal, register_column, typed_columns


def read_sipri(path: str | os.PathLike) -> pd.DataFrame:
    """The deals of a SIPRI export, one row per deal, in the register's columns (:data:`COLUMNS`).

    The index is the physical line of the file on which each deal's (first) record starts.
    ``frame.attrs`` holds what the file says about itself and how it was read: ``source``,
    ``format``, ``encoding``, ``title``, ``generated`` (ISO date), ``year_range``,
    ``header_line``, ``records``, ``rejoined``, ``skipped`` ({reason: lines}), ``deals`` and
    ``columns_not_kept``. Raises :class:`~armsdata.io.DataError` for a file that is not a SIPRI
    register, or one whose records cannot all be read.
    """
    label = str(path)
    raw = read_bytes(path, label)
    refuse_other_formats(raw, label)  # an image, a workbook, a web page...: named for what it is
    raw, encoding = decoded_bytes(raw, label)
    codec = "utf-8" if encoding == "utf-16" else encoding  # a UTF-16 file is read re-encoded as UTF-8
    if b"\r" in raw:  # CRLF, or a lone CR (old Macintosh files): both end a line
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    layout = find_header(raw, codec, label)
    body = raw[layout.body_start:]
    counts = Counts()
    parts = [part for part in read_records(body, layout, codec, label, counts) if len(part)]
    if not parts:
        fail(label, "a header but no records after it; the file looks truncated", layout.line)
    typed = [typed_columns(part, layout, label) for part in parts]
    rows = pd.concat(typed).sort_index() if len(typed) > 1 else typed[0]
    rows = per_deal(rows, layout, label) if layout.per_year else rows
    found = {**{name: rows[name] for name in rows.columns}, **iso3_columns(rows)}
    deals = pd.DataFrame({name: register_column(found.get(name), dtype, len(rows)) for name, dtype in COLUMNS.items()},
                         index=rows.index)
    title, generated, as_written, years = preamble_facts(layout.preamble)
    deals.attrs.update(
        source=label, format=layout.format, encoding=encoding, title=title, generated=generated,
        generated_as_written=as_written, year_range=years, header_line=layout.line,
        records=counts.records, rejoined=counts.rejoined, skipped=dict(counts.skipped), deals=len(deals),
        columns_not_kept=[name for name, target in zip(layout.names, layout.targets) if target is None],
    )
    return deals

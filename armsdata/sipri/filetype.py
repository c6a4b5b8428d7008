"""What a file given as a SIPRI export is when it is not text: named from its first bytes, with what to do instead.

An image, a PDF, an archive, a workbook, a web page or SIPRI's RTF register would otherwise be
read as text in some encoding and refused for the wrong reason ("mixes UTF-8 with another
encoding"). Each is recognised by its signature (the bytes every file of the kind starts with,
or the parts a zip or an OLE2 compound file holds), before any decoding.
"""

from __future__ import annotations

import io
import zipfile

from armsdata.sipri.encoding import utf16_codec
from armsdata.sipri.header import fail

#: Download the right file instead (SIPRI's site offers the register as CSV, RTF and a web page).
DOWNLOAD = "download SIPRI's CSV export instead"
WORKBOOK = "save it as CSV (comma-separated), or download SIPRI's CSV export"

#: Leading bytes -> what a file that starts with them is, and what to do.
SIGNATURES: dict[bytes, tuple[str, str]] = {
    b"\x89PNG\r\n\x1a\n": ("a PNG image", DOWNLOAD),
    b"\xff\xd8\xff": ("a JPEG image", DOWNLOAD),
    b"GIF87a": ("a GIF image", DOWNLOAD),
    b"GIF89a": ("a GIF image", DOWNLOAD),
    b"%PDF-": ("a PDF document", DOWNLOAD),
    b"{\\rtf": ("an RTF document (SIPRI's register as RTF)", "download SIPRI's CSV export instead of the RTF one"),
    b"\x1f\x8b": ("gzip-compressed", "decompress it (gunzip FILE) and import the CSV file it holds"),
    b"BZh": ("bzip2-compressed", "decompress it (bunzip2 FILE) and import the CSV file it holds"),
    b"\xfd7zXZ\x00": ("xz-compressed", "decompress it (unxz FILE) and import the CSV file it holds"),
    b"7z\xbc\xaf\x27\x1c": ("a 7-Zip archive", "extract it and import the CSV file it holds"),
    b"PK\x03\x04": ("a zip archive", "unzip it and import the CSV file it holds"),
    b"PK\x05\x06": ("an empty zip archive", DOWNLOAD),
}
#: An OLE2 compound file: the legacy Office formats (.xls, .doc).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Parts of a zip that make it an office document: part -> what the file is.
ZIP_PARTS = {"xl/": "an Excel workbook (.xlsx)", "word/": "a Word document (.docx)"}
#: The mimetype part of an OpenDocument file -> what the file is.
OPENDOCUMENT = {b"application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (.ods)",
                b"application/vnd.oasis.opendocument.text": "an OpenDocument text (.odt)"}
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def refuse_other_formats(raw: bytes, label: str) -> None:
    """Raise :class:`~armsdata.io.DataError` naming what ``raw`` is if it is a known kind of file that is not text.

    >>> from armsdata.io import DataError
    >>> refuse_other_formats(b"Recipient,Supplier\\n", "x.csv")  # text: nothing to say
    >>> try:
    ...     refuse_other_formats(b"%PDF-1.7 ...", "x.csv")
    ... except DataError as error:
    ...     print(error.problems[0])
    x.csv:0: (file): is a PDF document, not a CSV file: download SIPRI's CSV export instead
    """
    found = _what_it_is(raw)
    if found:
        what, advice = found
        fail(label, f"is {what}, not a CSV file: {advice}")


def kind_of(raw: bytes) -> str | None:
    """What ``raw`` is when it is a known kind of file that is not text ("a PDF document"), else None; for
    other readers of text files than the SIPRI importer (``armsdata draft``), which give their own advice.

    >>> kind_of(b"%PDF-1.7 ..."), kind_of(b"France delivered 24 tanks.")
    ('a PDF document', None)
    """
    found = _what_it_is(raw)
    return found[0] if found else None


def _what_it_is(raw: bytes) -> tuple[str, str] | None:
    for signature, (what, advice) in SIGNATURES.items():
        if raw.startswith(signature):
            return (_zip_kind(raw) or (what, advice)) if signature == b"PK\x03\x04" else (what, advice)
    if raw.startswith(OLE2):
        return _ole2_kind(raw)
    head = raw[:4096]
    for bom in BOMS:
        head = head.removeprefix(bom)
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:1024] and b"</" in text:
        return "a web page (HTML) saved from the browser", DOWNLOAD
    if text.startswith(b"<?xml"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head or b"excel.sheet" in text:
            return "an Excel workbook (XML Spreadsheet 2003)", WORKBOOK
        return "an XML document", DOWNLOAD
    if b"\x00" in head and not utf16_codec(raw):
        return "a binary file (not text)", DOWNLOAD
    return None


def _zip_kind(raw: bytes) -> tuple[str, str] | None:
    """What a zip file is: an office document, or an archive (naming the CSV files it holds)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return "a damaged zip archive", DOWNLOAD
    if mimetype in OPENDOCUMENT:
        kind = OPENDOCUMENT[mimetype]
        return kind, WORKBOOK if "spreadsheet" in kind else DOWNLOAD
    for part, kind in ZIP_PARTS.items():
        if any(name.startswith(part) for name in names):
            return kind, WORKBOOK if "Excel" in kind else DOWNLOAD
    csvs = sorted(name for name in names if name.lower().endswith(".csv"))
    if csvs:
        shown = ", ".join(csvs[:3]) + (f" and {len(csvs) - 3} more" if len(csvs) > 3 else "")
        return f"a zip archive (of {shown})", "unzip it and import the CSV file"
    return None


def _ole2_kind(raw: bytes) -> tuple[str, str]:
    """What an OLE2 compound file is, from the names of its streams (UTF-16 in its directory)."""
    if "WordDocument".encode("utf-16-le") in raw:
        return "a Word document (.doc)", DOWNLOAD
    if "Workbook".encode("utf-16-le") in raw or "Book".encode("utf-16-le") in raw:  # Book: Excel 5 and 95
        return "an Excel workbook (.xls)", WORKBOOK
    return "a Microsoft Office file (an OLE2 compound document)", DOWNLOAD

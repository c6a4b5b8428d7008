"""A SIPRI export's bytes and their encoding: UTF-8, UTF-16, latin-1 or Windows-1252, never mojibake."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from armsdata.sipri.header import EXPECTED, fail


def read_bytes(path: str | os.PathLike, label: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        fail(label, "file not found")
    except IsADirectoryError:
        fail(label, "is a directory, not a file; " + EXPECTED)
    except OSError as exc:
        fail(label, f"cannot read file: {exc.strerror}")
    raise AssertionError("unreachable")


def decoded_bytes(raw: bytes, label: str) -> tuple[bytes, str]:
    """The file's bytes in an ASCII-compatible encoding, and the name of the file's encoding.

    UTF-8 when the whole file is valid UTF-8; a UTF-16 file (with a byte-order mark or without) is
    re-encoded as UTF-8; otherwise
    latin-1 (SIPRI's other exports), read as Windows-1252 where it has bytes that only that
    extension of latin-1 gives characters to (``’`` is 0x92 there).
    A file that mixes valid UTF-8 sequences with other bytes is refused rather than read as
    mojibake, and so is one that ends in the middle of a UTF-8 character (a truncated download).
    """
    codec = utf16_codec(raw)
    if codec:
        try:
            return raw.decode(codec).encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            fail(label, "starts like UTF-16 but is not valid UTF-16; " + EXPECTED)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    exc = _utf8_error(raw)
    if exc is None:
        return raw, "utf-8"
    # not UTF-8: latin-1 or Windows-1252, unless it looks like broken or mixed UTF-8
    line = raw.count(b"\n", 0, exc.start) + 1
    if exc.reason == "unexpected end of data":
        fail(label, "the file ends in the middle of a UTF-8 character; it looks truncated", line)
    high = _high_bytes(raw)
    if _has_utf8_sequences(*high):
        fail(label, f"mixes UTF-8 with another encoding (byte 0x{raw[exc.start]:02x} is not UTF-8); "
                     "save it again in one encoding", line)
    if not ((high[0] >= 0x80) & (high[0] <= 0x9F)).any():
        return raw, "latin-1"  # latin-1 and Windows-1252 agree on every other byte
    try:
        raw.decode("cp1252")
        return raw, "cp1252"
    except UnicodeDecodeError:
        return raw, "latin-1"


def utf16_codec(raw: bytes) -> str | None:
    """The codec of a UTF-16 file: ``utf-16`` after a byte-order mark; ``utf-16-le`` or ``-be`` without one, when
    every other byte of its start is zero (text in the Latin alphabet); None for any other file.

    >>> utf16_codec("Recipient".encode("utf-16-le")), utf16_codec(b"Recipient")
    ('utf-16-le', None)
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = raw[:4096]
    if len(sample) < 4 or len(raw) % 2:  # two bytes a character
        return None
    for codec, zeros, letters in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        if not letters.count(0) and zeros.count(0) >= 0.9 * len(zeros):
            return codec
    return None


def _utf8_error(raw: bytes) -> UnicodeDecodeError | None:
    """Why ``raw`` is not UTF-8, or None if it is. The first 64 KiB are tried alone first: a latin-1
    export usually fails there, without the cost of decoding the whole file."""
    if raw.isascii():
        return None
    head = raw[:1 << 16]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not (exc.reason == "unexpected end of data" and len(head) < len(raw)):  # not a character cut in two
            return exc
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc
    return None


def _high_bytes(raw: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each byte of ``raw`` above 0x7F, and the two bytes after it (0 past the end), found vectorised."""
    buf = np.frombuffer(raw, dtype=np.uint8)
    at = np.flatnonzero(buf >= 0x80)

    def after(k: int) -> np.ndarray:
        return np.where(at + k < len(buf), buf[np.minimum(at + k, len(buf) - 1)], 0)

    return buf[at], after(1), after(2)


def _has_utf8_sequences(lead: np.ndarray, next1: np.ndarray, next2: np.ndarray) -> bool:
    """Whether the high bytes hold a well-formed multi-byte UTF-8 character (a lead byte and its continuations).

    Latin-1 text almost never has one (an accented letter followed by a symbol such as ``©``),
    so a file that has one but is not valid UTF-8 mixes encodings.
    """
    cont1, cont2 = (next1 >= 0x80) & (next1 <= 0xBF), (next2 >= 0x80) & (next2 <= 0xBF)
    two = (lead >= 0xC2) & (lead <= 0xDF) & cont1
    three = (lead >= 0xE0) & (lead <= 0xEF) & cont1 & cont2
    return bool((two | three).any())

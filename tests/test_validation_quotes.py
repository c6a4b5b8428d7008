"""Quotes found verbatim in their sources' archived texts (once what copy-paste changes is folded), and
the archives themselves: there, readable, UTF-8."""

from __future__ import annotations

import unicodedata

from armsdata.validation import validate
from armsdata.validation.quotes import _is_boundary, fold_bytes, normalise_text
from conftest import ARCHIVE_B, SOURCES, claim, make_data_dir, where


def test_quote_must_be_verbatim_in_the_archive(tmp_path):
    rows = [claim(quote="France will deliver three GM200 radars to Armenia, the president said.")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(2, "quote")]
    assert problems[0].message == (
        "not found verbatim in the archived text of sa: the first 55 characters match "
        "('… GM200 radars to Armenia, the '), then the quote has 'president said.' where the text has "
        "\"minister said. Turkey's presid…\"")


def test_quote_matching_forgives_only_whitespace_quotes_and_dashes(tmp_path):
    # the archive has ’ and “ ” and a line break; the quote uses ' and " and a space
    rows = [claim(quote="Paris - France will deliver three GM200 radars [...] Turkey's president called "
                        "the sale of 50 \"Bastion\"   vehicles")]
    assert validate(make_data_dir(tmp_path, transfers=rows)) == []


def test_a_quote_with_an_ellipsis_is_told_to_use_the_gap_marker(tmp_path):
    rows = [claim(quote="France will deliver three GM200 radars … the minister said.")]
    (problem,) = validate(make_data_dir(tmp_path, transfers=rows))
    assert "then the quote has '… the minister said.' where the text has 'to Armenia, the minister said.…'" \
        in problem.message.replace("said.…", "said.…")
    assert "join two passages with '[...]'" in problem.message


def test_missing_archive_is_reported_on_the_source_row(data_dir):
    (data_dir / "archive" / "sb.txt").unlink()
    assert where(validate(data_dir)) == [("sources.csv", 3, "archive")]


def test_an_unreadable_archive_is_reported_on_the_source_row(data_dir):
    (data_dir / "archive" / "sb.txt").unlink()
    (data_dir / "archive" / "sb.txt").mkdir()  # a directory where the text should be: cannot be read
    (problem,) = validate(data_dir)
    assert where([problem]) == [("sources.csv", 3, "archive")]
    assert problem.message.startswith("archived text unreadable")


def test_an_archive_that_is_not_utf8_is_reported_at_the_archive(data_dir):
    (data_dir / "archive" / "sb.txt").write_bytes(ARCHIVE_B.encode() + "Armenia re\u00e7u".encode("latin-1") + b"\n")
    (problem,) = validate(data_dir)  # the quote of sb is found all the same
    assert (problem.path, problem.line, problem.column) == (str(data_dir / "archive" / "sb.txt"), 2, "(file)")
    assert problem.message == "not valid UTF-8 (byte 0xe7 at character 11); save the file with UTF-8 encoding"


def test_the_quotes_of_an_archive_that_is_not_utf8_are_looked_for_all_the_same(data_dir):
    # they were not looked for until the archive was fixed: a quote not in it came out on the next run
    (data_dir / "archive" / "sb.txt").write_bytes("Armenia re\u00e7u 24 vehicles".encode("latin-1") + b"\n")
    problems = validate(data_dir)
    assert where(problems) == [("transfers.csv", 4, "quote"),
                                                                         ("sb.txt", 1, "(file)")]
    assert problems[0].message.startswith("not found verbatim in the archived text of sb: its beginning")
    assert problems[0].message.endswith("; the archived text is not valid UTF-8 (from its line 1 on), which may be why")


def test_a_source_with_a_bad_cell_still_has_its_quotes_looked_for(tmp_path):
    sources = [{**SOURCES[0], "url": "www.example.org"}, SOURCES[1]]
    problems = validate(make_data_dir(tmp_path, sources=sources, transfers=[claim(quote="France will sell tanks.")]))
    assert where(problems) == [("transfers.csv", 2, "quantity"), ("transfers.csv", 2, "quote"),
                               ("sources.csv", 2, "url")]


def test_a_source_entered_twice_still_has_its_quotes_looked_for(tmp_path):
    sources = [SOURCES[0], SOURCES[0], SOURCES[1]]
    problems = validate(make_data_dir(tmp_path, sources=sources, transfers=[claim(quote="France will sell tanks.")]))
    assert where(problems) == [("transfers.csv", 2, "quantity"), ("transfers.csv", 2, "quote"),
                               ("sources.csv", 2, "source_id"), ("sources.csv", 3, "source_id")]


def test_normalise_text():
    assert normalise_text("“Bastion”\u00a0— ‘GM200’\n\n radars ") == "\"Bastion\" - 'GM200' radars"


def test_fold_bytes_keeps_what_normalise_text_gives_for_every_character():
    for code in range(0x80, 0x10000):
        if not 0xD800 <= code < 0xE000:  # surrogates are no text
            text = f"a {chr(code)}b{chr(code)}"
            assert normalise_text(fold_bytes(text.encode()).decode()) == normalise_text(text), hex(code)


def test_the_characters_taken_as_boundaries_combine_with_nothing_before_them():
    seconds = set()  # every character that NFC may compose with the one before it
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    hangul = {chr(c) for c in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]}  # vowels and finals compose too
    taken = [chr(c) for c in [*range(0x110000)] if not 0xD800 <= c < 0xE000 and _is_boundary(chr(c).encode(), 0)]
    assert len(taken) == 128 + 128 + 128  # ASCII, U+0080-U+00FF, U+2000-U+207F
    for char in taken:
        first = unicodedata.normalize("NFD", char)[0]
        assert unicodedata.combining(first) == 0 and first not in seconds | hangul, hex(ord(char))
    assert not any(_is_boundary(c.encode(), 0) for c in ["\u0301", "\u1161", "\u0bbe", "e\u0301"[1:]])
    assert _is_boundary(b"abc", 3)  # the end of the text

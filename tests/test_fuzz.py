"""Property-based tests: whatever bytes the CSV files hold, the validator answers with problems, not crashes.

The only allowed outcomes of ``armsdata validate`` are exit 0 ("valid"), or exit 1
with every output line of the form ``FILE:LINE: COLUMN: MESSAGE``; never a
traceback, a hang or a file written. And for well-formed tables the fast reader
of :mod:`armsdata.io` and its exact csv-module path agree on cells and lines.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import signal
import sys
import tempfile
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from armsdata import schema
from armsdata.cli import main
from armsdata.io import _read_checked, _read_fast, read_table
from armsdata.validation import validate
from armsdata.validation.quotes import _QUOTES, already_normal, normalise_text
from conftest import examples, make_data_dir

PROBLEM_LINE = re.compile(r"^[^:]+:\d+: [^:]+: .+")
FUZZ = settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
SECONDS_PER_EXAMPLE = 30  # far above the ~0.1 s an example takes: only a hang trips it

FILES = [t.filename for t in schema.TABLES]


@contextlib.contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging: raise TimeoutError if the block runs longer than ``seconds``."""
    def expire(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def listing(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted(root.rglob("*"))}


# --------------------------------------------------------------------------
# Malformed files: a valid file, mutated, or random bytes
# --------------------------------------------------------------------------

NASTY_CELLS = ["=1+1", "+SUM(A1)", "@x", "-cmd", "\tx", "\rx", "'=x", '"', '""', 'a"b', "a,b", "x\ny", "x\r\ny",
               "\x00", "NA", "", " ", "\ufeff", "é", "😀", "x" * 100_000, "Türkiye", "a:b", "\u2028"]


@st.composite
def mutated_file(draw, valid: bytes) -> bytes:
    """A valid CSV file, changed by a few mutations that real files suffer."""
    data = valid
    for _ in range(draw(st.integers(1, 4))):
        mutation = draw(st.sampled_from(["insert_bytes", "insert_cell", "delete", "bom", "crlf", "cr",
                                         "ragged", "truncate", "non_utf8", "nul", "blank_lines", "dup_line"]))
        at = draw(st.integers(0, len(data)))
        if mutation == "insert_bytes":
            data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
        elif mutation == "insert_cell":
            cell = draw(st.sampled_from(NASTY_CELLS) | st.text(max_size=30))
            data = data[:at] + cell.encode("utf-8") + data[at:]
        elif mutation == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)):]
        elif mutation == "bom":
            data = b"\xef\xbb\xbf" + data
        elif mutation == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif mutation == "cr":
            data = data.replace(b"\n", b"\r")
        elif mutation == "ragged":
            data = data[:at] + draw(st.sampled_from([b",", b",,", b"\n", b'"', b'",'])) + data[at:]
        elif mutation == "truncate":
            data = data[:at]
        elif mutation == "non_utf8":
            data = data[:at] + draw(st.sampled_from([b"\xff", b"\xe9", b"\xc3", b"\x80\x80"])) + data[at:]
        elif mutation == "nul":
            data = data[:at] + b"\x00" + data[at:]
        elif mutation == "blank_lines":
            data = data[:at] + b"\n\n \n" + data[at:]
        else:
            lines = data.split(b"\n")
            i = draw(st.integers(0, max(len(lines) - 1, 0)))
            data = b"\n".join(lines[:i + 1] + lines[i:])
    return data


def random_rows(table: schema.Table) -> st.SearchStrategy[list[dict[str, str]]]:
    """Rows of the right shape whose cells are anything: mostly invalid, sometimes hostile."""
    cell = st.sampled_from(NASTY_CELLS) | st.text(max_size=20) | st.sampled_from(
        ["France", "Armenia", "sa", "sb", "agreed", "state", "FRA", "2023", "3", "exact", "archive/sa.txt"])
    return st.lists(st.fixed_dictionaries({c: cell for c in table.columns}), max_size=4)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with time_limit(SECONDS_PER_EXAMPLE), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def assert_clean_outcome(data: Path) -> None:
    """Exit 0 with 'valid', or exit 1 with one FILE:LINE: COLUMN: MESSAGE per line; nothing written."""
    before = listing(data.parent)
    code, out, err = run_cli(["validate", str(data)])
    assert "Traceback" not in err and "internal error" not in err, err
    assert code in (0, 1), (code, err)
    if code == 0:
        assert out == f"{data}: valid\n"
    else:
        lines = out.split("\n")
        assert lines.pop() == "" and lines, out
        bad = [line for line in lines if not PROBLEM_LINE.match(line)]
        assert not bad, bad
    with time_limit(SECONDS_PER_EXAMPLE):
        problems = validate(data)
    assert [str(p) for p in problems] == (out.splitlines() if code else [])
    assert listing(data.parent) == before


@pytest.mark.slow
@FUZZ
@given(st.sampled_from(FILES), st.data())
def test_mutated_files_give_problems_not_crashes(filename, draw):
    with tempfile.TemporaryDirectory() as tmp:
        data = make_data_dir(Path(tmp))
        path = data / filename
        path.write_bytes(draw.draw(mutated_file(path.read_bytes()), label="file"))
        assert_clean_outcome(data)


@pytest.mark.slow
@FUZZ
@given(st.sampled_from(FILES), st.binary(max_size=300))
def test_random_bytes_give_problems_not_crashes(filename, content):
    with tempfile.TemporaryDirectory() as tmp:
        data = make_data_dir(Path(tmp))
        (data / filename).write_bytes(content)
        assert_clean_outcome(data)


@pytest.mark.slow
@FUZZ
@given(st.sampled_from(schema.TABLES), st.data())
def test_random_cells_give_problems_not_crashes(table, draw):
    with tempfile.TemporaryDirectory() as tmp:
        data = make_data_dir(Path(tmp))
        rows = draw.draw(random_rows(table), label="rows")
        quoting = draw.draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), label="quoting")
        with (data / table.filename).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=table.columns, quoting=quoting,
                                    lineterminator=draw.draw(st.sampled_from(["\n", "\r\n"]), label="eol"))
            writer.writeheader()
            writer.writerows(rows)
        assert_clean_outcome(data)


@pytest.mark.slow
@FUZZ
@given(st.binary(max_size=200))
def test_random_archive_text_gives_problems_not_crashes(content):
    with tempfile.TemporaryDirectory() as tmp:
        data = make_data_dir(Path(tmp))
        (data / "archive" / "sa.txt").write_bytes(content)
        assert_clean_outcome(data)


# --------------------------------------------------------------------------
# The fast reader and the exact reader agree on well-formed tables
# --------------------------------------------------------------------------

CELL_TEXT = st.lists(st.characters(codec="utf-8", exclude_characters="\x00")
                     | st.sampled_from([",", '"', "\n", "\r\n", " ", "NA", "#", "'"]), max_size=12).map("".join)


def rfc4180_record(cells: list[str], quote_all: bool, eol: str) -> str:
    """One record as RFC 4180 writes it (unlike Python 3.11's csv.writer, it quotes a lone CR too)."""
    def quoted(cell: str) -> str:
        if quote_all or cells == [""] or any(c in cell for c in ',"\r\n'):  # [""] unquoted is a blank line
            return '"' + cell.replace('"', '""') + '"'
        return cell
    return ",".join(map(quoted, cells)) + eol


@st.composite
def well_formed_csv(draw) -> bytes:
    """A well-formed CSV file: distinct header names, equal-length rows, maybe blank lines and a BOM."""
    header = draw(st.lists(st.text(st.characters(codec="utf-8", categories=["L", "N", "Pc"]), min_size=1,
                                   max_size=8), min_size=1, max_size=5, unique=True))
    rows = draw(st.lists(st.lists(CELL_TEXT, min_size=len(header), max_size=len(header)), max_size=8))
    quote_all, eol = draw(st.booleans()), draw(st.sampled_from(["\n", "\r\n"]))
    text = "\ufeff" if draw(st.booleans()) else ""
    text += rfc4180_record(header, quote_all, eol)
    for row in rows:
        text += rfc4180_record(row, quote_all, eol)
        if draw(st.booleans()) and draw(st.booleans()):
            text += eol  # a blank line between records
    return text.encode("utf-8")


@settings(max_examples=examples(200), deadline=None)
@given(well_formed_csv())
def test_fast_and_exact_readers_agree_on_well_formed_tables(raw):
    text = raw.decode("utf-8-sig")
    exact = _read_checked(text, "t.csv")
    fast = _read_fast(raw)
    if raw.count(b"\r") == raw.count(b"\r\n") and len(exact.columns) > 1:
        assert fast is not None  # falling back is for lone CRs and blank-looking one-column records only
    if fast is not None:
        pd.testing.assert_frame_equal(fast, exact)
        assert fast.index.tolist() == exact.index.tolist()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(raw)
        pd.testing.assert_frame_equal(read_table(path), exact)


# --------------------------------------------------------------------------
# The validator's fast paths give the answers of the plain definitions
# --------------------------------------------------------------------------


def normalise_text_reference(text: str) -> str:
    """normalise_text as first written: NFC, str.translate, then a regex for white space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


def test_str_split_splits_on_what_regex_s_matches():
    space = re.compile(r"\s")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if bool(space.match(c)) != c.isspace()] == []


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.characters() | st.sampled_from([chr(c) for c in _QUOTES] + ["e\u0301", "\u00a0", "\u2028",
                                                                               "\x1c", " ", "\t\n", "a"]))
       .map("".join))
def test_normalise_text_equals_its_plain_definition(text):
    assert normalise_text(text) == normalise_text_reference(text)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.text(st.characters(max_codepoint=127) | st.sampled_from([" ", "\t", "é", "“"]),
                       max_size=40), max_size=5))
def test_cells_already_normal_are_those_normalise_text_keeps(cells):
    cells += [c + " " for c in cells] + [" ".join(cells)]
    flags = already_normal(pd.Series(cells, dtype=str)).tolist()
    assert flags == [c.isascii() and normalise_text(c) == c for c in cells]


TEXTISH = st.lists(st.sampled_from(["Bastion", " ", "  ", "\n", "\r\n", "\t", "’", "'", "“", "\"", "—", "-", "e", "\u0301",
                                    "é", "\u00a0", "radars", ",", ".", "\u2009", "\u3000", "\x85", "…", "\u1100",
                                    "\u1161", "\u0bc6", "\u0bbe", "[...]", " [...] "]) | st.characters(codec="utf-8"),
                   max_size=12).map("".join)


@settings(max_examples=examples(1000), deadline=None)
@given(TEXTISH, TEXTISH, TEXTISH)
@example("", "cafe", "\u0301")  # the text goes on with a mark that joins the quote's last letter
@example("e", " \u0301 x", "")  # the quote begins (after a space) with a mark that joins the text's letter
def test_the_quote_fast_paths_are_sound(before, quote, after):
    from armsdata.schema import QUOTE_GAP
    from armsdata.validation.quotes import _quote_found, fold_bytes, found_as_is

    raw = (before + quote + after).encode("utf-8")
    text = normalise_text(raw.decode("utf-8"))
    for fold in (False, True):
        haystack = fold_bytes(raw) if fold else raw
        if found_as_is(quote, haystack, fold=fold):
            assert normalise_text(quote) in text, (fold, quote)
        if _quote_found(quote, QUOTE_GAP.strip(), haystack, fold=fold):
            assert all(piece in text for piece in map(normalise_text, quote.split(QUOTE_GAP.strip()))), (fold, quote)


@settings(max_examples=examples(1000), deadline=None)
@given(TEXTISH, TEXTISH, TEXTISH, TEXTISH)
def test_a_quote_with_gaps_is_found_only_where_every_passage_is(before, passage, after, other):
    from armsdata.schema import QUOTE_GAP
    from armsdata.validation.quotes import _quote_found, fold_bytes

    raw = (before + passage + after).encode("utf-8")
    text = normalise_text(raw.decode("utf-8"))
    quote = passage + QUOTE_GAP + other
    for fold in (False, True):
        if _quote_found(quote, QUOTE_GAP.strip(), fold_bytes(raw) if fold else raw, fold=fold):
            assert all(piece in text for piece in map(normalise_text, quote.split(QUOTE_GAP.strip()))), (fold, quote)


@settings(max_examples=examples(1000), deadline=None)
@given(TEXTISH)
def test_fold_bytes_keeps_what_normalise_text_gives(text):
    from armsdata.validation.quotes import fold_bytes

    assert normalise_text(fold_bytes(text.encode("utf-8")).decode("utf-8")) == normalise_text(text)
    if text.isascii():  # where there is nothing else to fold: runs of what bytes.split() splits on, one space
        assert fold_bytes(text.encode("ascii")) == b" ".join(text.encode("ascii").split())


TEXT_OR_EMPTY = st.one_of(st.none(), st.sampled_from(["a", "b", "A", "a ", "é", "NA", ""]), st.text(max_size=4))


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(TEXT_OR_EMPTY, max_size=20), st.sets(st.text(max_size=4) | st.sampled_from(["a", "é", "NA", ""])))
def test_is_in_is_pandas_isin(cells, values):
    from armsdata.validation.crossfile import is_in

    for dtype in ("str", object):  # Arrow-backed text as the files are read, and anything else
        series = pd.Series(cells, dtype=dtype)
        expected = [c in values for c in cells]  # an empty cell (None) is in no set of text
        assert is_in(series, values).tolist() == expected == series.isin(values).tolist()


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.integers(0, 3), max_size=12))
def test_other_lines_name_the_first_other_lines_of_the_group_then_how_many_more(codes):
    from armsdata.validation.failures import SHOWN_LINES, lines_named, other_lines

    lines = [2 + 3 * i for i in range(len(codes))]  # ascending, not consecutive
    texts = other_lines(np.array(lines, dtype=np.int64), np.array(codes, dtype=np.int64))
    for line, code, text in zip(lines, codes, texts):
        others = [n for n, c in zip(lines, codes) if c == code and n != line]
        expected = lines_named(others[:SHOWN_LINES], len(others) - SHOWN_LINES) if others else ""
        assert text == expected


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(["sa", "sb", "é", None]), max_size=12), st.sampled_from(["sa", "sb", "é", "sc"]))
def test_rows_by_value_are_the_rows_holding_it_in_order(cells, value):
    from armsdata.validation.quotes import _rows_by_value, _utf8

    for series in (pd.Series(cells, dtype="str"), pd.Series(cells, dtype=object)):
        assert _rows_by_value(series)(value) == [i for i, cell in enumerate(cells) if cell == value]
        known = series.dropna()
        assert _utf8(known) == [cell.encode("utf-8") for cell in cells if cell is not None]


PROBLEMS = st.builds(
    lambda path, line, column, message, value: (path, line, column, message, value),
    st.sampled_from(["d/transfers.csv", "d/sources.csv", "d/systems.csv", "d/archive/b.txt", "d/archive/a.txt"]),
    st.integers(0, 4), st.sampled_from(["claim_id", "quote", "source_id", "(row)", "(file)", "archive", "zz"]),
    st.sampled_from(["b", "a", "unknown"]), st.sampled_from([None, "x", "", "y"]))


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(PROBLEMS, max_size=30))
def test_problems_in_file_order_are_sorted_by_file_line_column_message_and_value_each_once(cells):
    from armsdata.io import Problem
    from armsdata.validation.run import in_file_order

    problems = [Problem(*cell) for cell in cells]
    files = {f"d/{t.filename}": (i, t.columns) for i, t in enumerate(schema.TABLES + schema.OPTIONAL_TABLES)}

    def key(problem):  # the plain definition
        rank, columns = files.get(problem.path, (len(files), []))
        column = columns.index(problem.column) if problem.column in columns else len(columns)
        return rank, problem.path, problem.line, column, problem.column, problem.message, problem.value or ""

    expected = sorted(set(problems), key=key)
    assert [key(p) for p in in_file_order(problems, "d")] == [key(p) for p in expected]
    assert in_file_order(problems, "d") == expected or len({key(p) for p in expected}) < len(expected)


@settings(max_examples=examples(1000), deadline=None)
@given(st.text("ab c", max_size=20), st.text("ab c", max_size=60), st.integers(1, 4), st.integers(0, 3))
def test_the_longest_beginning_found_is_that_of_the_plain_search(piece, text, probe, places):
    from armsdata.validation.quotes import longest_beginning_found

    plain = max(n for n in range(len(piece) + 1) if piece[:n] in text)  # every beginning, the plain way
    assert longest_beginning_found(piece, text, probe=probe, places=places) == plain
    assert longest_beginning_found(piece, text) == plain

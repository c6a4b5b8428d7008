"""Reading CSV as text with physical line numbers; atomic writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armsdata.io import DataError, Problem, read_table, write_atomic, _read_checked
from conftest import examples


def write(tmp_path, text: str | bytes):
    path = tmp_path / "t.csv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def test_cells_are_text_and_only_empty_cells_are_missing(tmp_path):
    frame = read_table(write(tmp_path, 'a,b\nNA,007\n,null\n"",N/A\n'))
    assert frame.fillna("<missing>").to_dict("list") == {"a": ["NA", "<missing>", "<missing>"],
                                                         "b": ["007", "null", "N/A"]}


def test_index_is_the_physical_start_line(tmp_path):
    text = 'a,b\n1,"two\nlines"\n\n3,"x"\r\n4,"y\n\nz"\n5,end'
    # line 1 header; record 1 on lines 2-3; line 4 blank; record 3 on 5; record 4 on 6-8; record 5 on 9
    frame = read_table(write(tmp_path, text))
    assert frame.index.tolist() == [2, 5, 6, 9]
    assert frame["a"].tolist() == ["1", "3", "4", "5"]
    assert frame["b"].tolist() == ["two\nlines", "x", "y\n\nz", "end"]


def test_fast_and_exact_readers_agree(tmp_path):
    text = 'a,b,c\n1,"q ""quoted"", x",3\n"multi\nline",,\n\n7,8,9\n'
    fast = read_table(write(tmp_path, text))
    exact = _read_checked(text, "t.csv")
    assert fast.equals(exact) and fast.index.tolist() == exact.index.tolist() == [2, 3, 6]


def test_duplicate_header_names(tmp_path):
    with pytest.raises(DataError) as err:
        read_table(write(tmp_path, "a,b,a\n1,2,3\n"), label="x.csv")
    assert err.value.problems == [Problem("x.csv", 1, "a", "column appears twice in the header")]


def test_header_only_gives_an_empty_table(tmp_path):
    frame = read_table(write(tmp_path, "a,b\n"))
    assert list(frame.columns) == ["a", "b"] and len(frame) == 0


def test_whitespace_only_file_is_empty(tmp_path):
    with pytest.raises(DataError) as err:
        read_table(write(tmp_path, "\n \n"), label="x.csv")
    assert [(p.line, p.column) for p in err.value.problems] == [(1, "(file)")]


def test_large_file_of_blank_lines_is_empty(tmp_path):
    with pytest.raises(DataError) as err:
        read_table(write(tmp_path, "\r\n" * 10_000), label="x.csv")
    assert [(p.line, p.column, p.message) for p in err.value.problems] == [
        (1, "(file)", "file is empty; expected a header row")]


def test_non_utf8_byte_far_into_a_large_file_is_located(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n" + b"x,\xc3\xa9\n" * 300_000 + b"y,\xff\n")  # past the first 1 MiB chunk
    with pytest.raises(DataError) as err:
        read_table(path, label="x.csv")
    (problem,) = err.value.problems
    assert (problem.line, problem.column) == (300_002, "(file)") and "0xff at character 3" in problem.message


def test_problem_text_truncates_long_values():
    text = str(Problem("f.csv", 3, "quote", "bad", "x" * 200))
    assert text.startswith("f.csv:3: quote: bad (value: 'xxx") and text.endswith("...')") and len(text) < 120


def test_write_atomic_replaces_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "out" / "a.txt"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_text() == "two"
    assert os.listdir(target.parent) == ["a.txt"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["a.txt"]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_write_atomic_gives_a_new_file_the_mode_of_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == mode


def test_write_atomic_keeps_the_mode_of_an_existing_file(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text() == "new"


def test_write_atomic_syncs_the_content_before_the_rename(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync")
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", Path(src).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomic(tmp_path / "a.txt", "content")
    # the file's data is synced (and complete) before it replaces the target; then the directory entry
    assert events == ["fsync", ("replace", b"content"), "fsync"]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from([b"\xef\xbb\xbf", b"\xef", b"a", b",", b";", b"\t", b"|", b"\n", b"\r\n"]), max_size=12)
       .map(b"".join))
def test_the_separator_is_read_from_the_first_line_as_the_whole_file_would_give_it(raw):
    from armsdata.io import _SEPARATORS, _other_separator

    header = raw.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]  # the plain definition: a copy of the whole file
    counts = {sep: header.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=counts.__getitem__)
    expected = None if b"," in header or not counts[best] else _SEPARATORS[best]
    assert _other_separator(raw) == expected


def record_lines_in_one_pass(raw: bytes):
    """_record_lines as first written: one scan of the whole file (the plain definition)."""
    import numpy as np

    buf = np.frombuffer(raw, dtype=np.uint8)
    quotes, newlines = np.flatnonzero(buf == ord('"')), np.flatnonzero(buf == ord("\n"))
    ends_mask = np.searchsorted(quotes, newlines) % 2 == 0
    ends, line_of_end = newlines[ends_mask], np.flatnonzero(ends_mask) + 1
    if len(buf) and buf[-1] != ord("\n"):
        ends, line_of_end = np.append(ends, len(buf)), np.append(line_of_end, len(newlines) + 1)
    starts, start_lines = np.concatenate(([0], ends[:-1] + 1)), np.concatenate(([1], line_of_end[:-1] + 1))
    last = np.minimum(np.maximum(ends - 1, 0), len(buf) - 1)
    blank = (ends - starts == 0) | ((ends - starts == 1) & (buf[last] == ord("\r")))
    return start_lines[~blank].tolist()


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from([b"a", b",", b'"', b'""', b"\n", b"\r\n", b"\n\n", b"\r", b" "]), min_size=1, max_size=30)
       .map(b"".join), st.integers(1, 9))
def test_the_line_scan_block_by_block_is_the_scan_in_one_pass(raw, block):
    from armsdata.io import _record_lines

    assert _record_lines(raw, block=block).tolist() == record_lines_in_one_pass(raw)

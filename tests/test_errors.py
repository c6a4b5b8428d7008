"""armsdata.errors: the --out file checks, and an unwritable output as a usage error."""

from __future__ import annotations

import errno

import pytest

from armsdata.errors import UsageError, cannot_write, check_out_file, write_out_file, writing


def test_check_out_file_refuses_a_directory_a_missing_directory_and_the_input(tmp_path):
    check_out_file(None)  # standard output
    check_out_file(str(tmp_path / "new.csv"))  # a new file in a directory that exists
    with pytest.raises(UsageError, match="is a directory, not a file"):
        check_out_file(str(tmp_path))
    with pytest.raises(UsageError, match="no such directory: .*nowhere"):
        check_out_file(str(tmp_path / "nowhere" / "out.csv"))
    text = tmp_path / "in.txt"
    text.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="is the input"):
        check_out_file(str(tmp_path / "." / "in.txt"), inputs=[str(text)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]  # nothing created


def test_cannot_write_names_the_file_from_the_error_or_else_the_path():
    assert cannot_write(PermissionError(errno.EACCES, "Permission denied", "a/b.csv")).messages == (
        "cannot write a/b.csv: Permission denied",)
    assert cannot_write(OSError(errno.ENOSPC, "No space left on device"), "out.csv").messages == (
        "cannot write out.csv: No space left on device",)
    assert cannot_write(OSError("disk gone")).messages == ("cannot write disk gone",)


def test_writing_turns_an_oserror_into_a_usage_error_and_lets_others_through():
    with pytest.raises(UsageError, match="cannot write x: Read-only file system"):
        with writing():
            raise OSError(errno.EROFS, "Read-only file system", "x")
    with pytest.raises(KeyError):
        with writing():
            raise KeyError("not a write")


def test_write_out_file_writes_the_text_or_says_it_cannot(tmp_path):
    write_out_file(tmp_path / "out.csv", "a,b\n")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "a,b\n"
    with pytest.raises(UsageError, match="cannot write .*out.csv"):  # its directory is a file
        write_out_file(tmp_path / "out.csv" / "inner.csv", "a,b\n")

"""Output directories: a manifest of what armsdata wrote; nothing else rewritten or removed."""

from __future__ import annotations

import os

import pytest

from armsdata import outdir
from armsdata.outdir import MANIFEST, OutputError


def tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_write_tree_writes_lists_and_then_removes_only_what_it_listed(tmp_path):
    out = tmp_path / "out"
    assert outdir.write_tree({"a.csv": b"1", "sub/b.svg": b"2"}, out) == [
        ("missing", MANIFEST), ("missing", "a.csv"), ("missing", "sub/b.svg")]
    assert outdir.read_manifest(out) == ["a.csv", "sub/b.svg"]
    assert outdir.write_tree({"a.csv": b"1", "sub/b.svg": b"2"}, out) == []  # nothing to do
    assert outdir.write_tree({"a.csv": b"changed"}, out) == [
        ("stale", MANIFEST), ("stale", "a.csv"), ("extra", "sub/b.svg")]
    assert tree(out) == {MANIFEST: outdir.manifest_text(["a.csv"]).encode(), "a.csv": b"changed"}


def test_without_remove_stale_earlier_files_are_kept_and_stay_listed(tmp_path):
    outdir.write_tree({"t.json": b"[]"}, tmp_path, remove_stale=False)
    outdir.write_tree({"t.parquet": b"PAR1"}, tmp_path, remove_stale=False)
    assert outdir.read_manifest(tmp_path) == ["t.json", "t.parquet"]
    assert (tmp_path / "t.json").read_bytes() == b"[]"


def test_a_run_cut_off_half_way_leaves_every_written_file_listed(tmp_path, monkeypatch):
    real = outdir.write_atomic
    written = []

    def failing(path, data):
        if path.name == "b.csv":
            raise OSError(28, "No space left on device")
        written.append(path.name)
        real(path, data)

    monkeypatch.setattr(outdir, "write_atomic", failing)
    with pytest.raises(OSError):
        outdir.write_tree({"a.csv": b"1", "b.csv": b"2"}, tmp_path)
    assert written == [MANIFEST, "a.csv"]  # the manifest first, claiming both files
    assert outdir.foreign_files(tmp_path) == []  # so the next run is not refused
    monkeypatch.setattr(outdir, "write_atomic", real)
    outdir.write_tree({"a.csv": b"1", "b.csv": b"2"}, tmp_path)
    assert tree(tmp_path) == {MANIFEST: outdir.manifest_text(["a.csv", "b.csv"]).encode(), "a.csv": b"1",
                              "b.csv": b"2"}


def test_foreign_files_refuse_unless_forced_and_are_never_overwritten(tmp_path):
    (tmp_path / "keep.txt").write_bytes(b"mine")
    with pytest.raises(OutputError, match=r"holds files armsdata did not write \(keep.txt\)") as refused:
        outdir.write_tree({"a.csv": b"1"}, tmp_path)
    assert not refused.value.usage
    assert tree(tmp_path) == {"keep.txt": b"mine"}  # nothing written, not even the manifest
    outdir.write_tree({"a.csv": b"1"}, tmp_path, force=True)
    assert outdir.read_manifest(tmp_path) == ["a.csv"] and (tmp_path / "keep.txt").read_bytes() == b"mine"
    for files in ({"keep.txt": b"x"}, {"keep.txt/inner.csv": b"x"}):
        with pytest.raises(OutputError, match="exists and was not written by armsdata"):
            outdir.write_tree(files, tmp_path, force=True)
    (tmp_path / "dir.csv").mkdir()  # a directory where a file would go
    with pytest.raises(OutputError, match="dir.csv: exists and was not written by armsdata"):
        outdir.write_tree({"dir.csv": b"x"}, tmp_path, force=True)
    assert (tmp_path / "keep.txt").read_bytes() == b"mine"


@pytest.mark.parametrize("entry", ["../outside.txt", "/etc/passwd", "a/../../b", "./a", "a//b", "a\\b", MANIFEST])
def test_a_manifest_cannot_point_outside_its_directory(tmp_path, entry):
    victim = tmp_path / "outside.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text(outdir.manifest_text(["ok.csv"]) + entry + "\n", encoding="utf-8")
    with pytest.raises(OutputError) as refused:
        outdir.write_tree({}, out)
    assert str(refused.value) == f"{out / MANIFEST}:3: not a relative path inside {out} (value: {entry!r})"
    assert victim.read_text() == "precious"


def test_links_are_listed_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.txt").write_text("x")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(elsewhere, out / "linked")
    os.symlink(elsewhere / "x.txt", out / "file_link")
    assert outdir.present_files(out) == ["file_link", "linked"]
    with pytest.raises(OutputError, match="linked: exists and was not written by armsdata"):
        outdir.write_tree({"linked/x.txt": b"overwritten?"}, out, force=True)
    assert (elsewhere / "x.txt").read_text() == "x"


def test_places_that_cannot_hold_a_directory_are_usage_errors(tmp_path):
    (tmp_path / "file").write_text("x")
    for place, message in [(tmp_path / "file", "exists and is not a directory"),
                           (tmp_path / "file" / "sub" / "deeper", f"cannot be created, {tmp_path / 'file'} is not")]:
        with pytest.raises(OutputError, match=message) as refused:
            outdir.check_place(place)
        assert refused.value.usage
    outdir.check_place(tmp_path / "new" / "deeper")  # can be made: fine
    assert not (tmp_path / "new").exists()


def test_differences_compare_the_manifest_too(tmp_path):
    outdir.write_tree({"a.csv": b"1"}, tmp_path)
    assert outdir.differences({"a.csv": b"1"}, tmp_path) == []
    (tmp_path / MANIFEST).write_text("# hand-edited\na.csv\n", encoding="utf-8")
    assert outdir.differences({"a.csv": b"1"}, tmp_path) == [("stale", MANIFEST)]


def test_a_linked_directory_never_leads_a_removal_outside(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("precious")
    out = tmp_path / "reports"
    out.mkdir()
    os.symlink(home, out / "figures")  # planted, with a manifest claiming a file "in" it
    (out / MANIFEST).write_text(outdir.manifest_text(["figures", "figures/.bashrc"]), encoding="utf-8")
    with pytest.raises(OutputError, match="leads outside"):
        outdir.write_tree({"README.md": b"report"}, out)
    assert (home / ".bashrc").read_text() == "precious"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read anywhere")
def test_an_unreadable_subdirectory_is_not_taken_for_empty(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "theirs.txt").write_text("x")
    (tmp_path / "sub").chmod(0)
    try:
        with pytest.raises(OutputError, match="cannot be read"):
            outdir.write_tree({"a.csv": b"1"}, tmp_path, force=True)
    finally:
        (tmp_path / "sub").chmod(0o755)

"""armsdata build: every generated file as one set; --check writes nothing and names every stale file."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")

from armsdata import build, outdir  # noqa: E402
from armsdata.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main  # noqa: E402
from armsdata.codebook import BEGIN, END  # noqa: E402
from armsdata.datapackage import datapackage_json  # noqa: E402
from armsdata.errors import UsageError  # noqa: E402
from armsdata.outdir import MANIFEST  # noqa: E402
from armsdata.report import report_paths  # noqa: E402
from conftest import REPO, make_data_dir  # noqa: E402

CODEBOOK = f"# Codebook\n\nRules written by hand.\n\n{BEGIN}\nold tables\n{END}\n\nMore rules.\n"


@pytest.fixture
def root(tmp_path):
    """A small repository: a codebook with a stale generated part, data, and nothing built yet."""
    make_data_dir(tmp_path)
    (tmp_path / "CODEBOOK.md").write_text(CODEBOOK, encoding="utf-8")
    return tmp_path


def files_under(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def generated_under(root) -> dict[str, bytes]:
    """The files under ``root`` that are not the data."""
    return {path: content for path, content in files_under(root).items() if not path.startswith("data/")}


def test_the_set_holds_codebook_datapackage_and_reports_with_its_manifest(root):
    files = build.generated_files(root)
    expected = ["CODEBOOK.md", "datapackage.json", f"reports/{MANIFEST}", *(f"reports/{p}" for p in report_paths())]
    assert list(files) == sorted(expected)
    codebook = files["CODEBOOK.md"].decode("utf-8")
    assert codebook.startswith("# Codebook\n\nRules written by hand.\n") and codebook.endswith("More rules.\n")
    assert "old tables" not in codebook and "| `shipped` |" in codebook
    assert files["datapackage.json"] == datapackage_json().encode("utf-8")


def test_check_names_every_stale_file_and_writes_nothing(root, capsys, fake_report):
    before = files_under(root)
    assert main(["build", "--check", "--root", str(root)]) == EXIT_INVALID
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [f"{root / 'CODEBOOK.md'}: stale", f"{root / 'datapackage.json'}: missing",
                       f"{root / 'reports' / MANIFEST}: missing"]
    assert len(out) == 3 + len(fake_report)
    assert files_under(root) == before

    assert main(["build", "--root", str(root)]) == EXIT_OK
    assert "changed" in capsys.readouterr().err
    files = build.generated_files(root)
    assert generated_under(root) == files and build.build_differences(files, root) == []

    # one stale file of each part, and one an earlier report wrote that this one no longer makes
    (root / "datapackage.json").write_text("{}\n", encoding="utf-8")
    (root / "reports" / "tables" / "timeline.csv").write_text("edited\n", encoding="utf-8")
    (root / "reports" / "tables" / "old.csv").write_text("old\n", encoding="utf-8")
    (root / "reports" / MANIFEST).write_text(outdir.manifest_text([*fake_report, "tables/old.csv"]),
                                              encoding="utf-8")
    stale = [("stale", "datapackage.json"), ("stale", f"reports/{MANIFEST}"), ("extra", "reports/tables/old.csv"),
             ("stale", "reports/tables/timeline.csv")]
    assert build.build_differences(files, root) == stale
    assert build.write_build(files, root) == stale
    assert generated_under(root) == files  # old.csv removed: the earlier report had written it


def test_build_rewrites_only_what_changed(root, fake_report):
    files = build.generated_files(root)
    build.write_build(files, root)
    untouched = root / "reports" / "figures" / "timeline.svg"
    before = untouched.stat().st_mtime_ns
    (root / "CODEBOOK.md").write_text(CODEBOOK, encoding="utf-8")
    assert build.write_build(files, root) == [("stale", "CODEBOOK.md")]
    assert untouched.stat().st_mtime_ns == before


def test_build_refuses_reports_holding_files_it_did_not_write(root, capsys):
    (root / "reports").mkdir()
    (root / "reports" / "README.md").write_text("mine\n", encoding="utf-8")
    before = files_under(root)
    assert main(["build", "--root", str(root)]) == EXIT_INVALID
    assert "exists and was not written by armsdata" in capsys.readouterr().err
    assert files_under(root) == before  # not even CODEBOOK.md was rewritten


def test_build_outside_a_repository_is_a_usage_error(tmp_path, capsys):
    assert main(["build", "--root", str(tmp_path)]) == EXIT_USAGE
    assert capsys.readouterr().err == (f"armsdata: error: {tmp_path / 'CODEBOOK.md'}: no such file; run "
                                       "'armsdata build' in the repository, or pass --root\n")


def test_invalid_data_builds_nothing(root, capsys):
    path = root / "data" / "transfers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"intent"', '"shipd"'), encoding="utf-8")
    before = files_under(root)
    assert main(["build", "--root", str(root)]) == EXIT_INVALID
    assert "transfers.csv:2: status: unknown value" in capsys.readouterr().out
    assert files_under(root) == before


def test_the_repository_is_built():
    """`armsdata build --check` on the repository itself: CODEBOOK.md, datapackage.json and reports/ are current."""
    files = build.generated_files(REPO)
    differences = build.build_differences(files, REPO)
    assert differences == [], ("generated files are out of date; run `uv run armsdata build`: "
                               + ", ".join(f"{path} ({state})" for state, path in differences))


def test_a_codebook_without_its_markers_builds_nothing(root, capsys):
    (root / "CODEBOOK.md").write_text("# Codebook, markers lost\n", encoding="utf-8")
    before = files_under(root)
    assert main(["build", "--root", str(root)]) == EXIT_INVALID
    assert capsys.readouterr().err.splitlines()[-1].startswith("armsdata: error: CODEBOOK.md must contain the markers")
    assert files_under(root) == before


def test_sync_generated_says_up_to_date_out_of_date_or_rewritten(tmp_path):
    path = tmp_path / "generated.json"
    assert build.sync_generated(path, "{}\n", check=True) == "out of date"  # missing: nothing written
    assert not path.exists()
    assert build.sync_generated(path, "{}\n") == "rewritten"
    assert path.read_text(encoding="utf-8") == "{}\n"
    assert build.sync_generated(path, "{}\n", check=True) == "up to date"
    path.write_text("{\"old\": 1}\n", encoding="utf-8")
    assert build.sync_generated(path, "{}\n", check=True) == "out of date"
    assert path.read_text(encoding="utf-8") == "{\"old\": 1}\n"
    with pytest.raises(UsageError, match="is a directory, not a file"):
        build.sync_generated(tmp_path, "{}\n")


def test_rebuild_repository_refuses_a_root_without_codebook_or_data(tmp_path):
    with pytest.raises(UsageError, match="CODEBOOK.md: no such file"):
        build.rebuild_repository(tmp_path)
    (tmp_path / "CODEBOOK.md").write_text(CODEBOOK, encoding="utf-8")
    with pytest.raises(UsageError, match="no such data directory: .*data"):
        build.rebuild_repository(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CODEBOOK.md"]

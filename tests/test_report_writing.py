"""Building reports/ in memory, comparing it with a directory (the dry run) and writing it."""

from __future__ import annotations

import os
import stat

import matplotlib
import pytest

matplotlib.use("Agg")

from armsdata import outdir, report  # noqa: E402
from armsdata.load import DataError  # noqa: E402
from armsdata.outdir import MANIFEST, OutputError, read_manifest  # noqa: E402
from conftest import make_data_dir  # noqa: E402


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------


def test_the_paths_of_the_report_are_known_before_it_is_built(built):
    assert report.report_paths() == list(built)


def test_report_has_figures_tables_and_readme(built):
    svgs = [p for p in built if p.startswith("figures/") and p.endswith(".svg")]
    pngs = [p for p in built if p.startswith("figures/") and p.endswith(".png")]
    assert len(svgs) >= 5 and len(pngs) == len(svgs)
    assert {p[:-4] for p in svgs} == {p[:-4] for p in pngs}
    assert "tables/discrepancies.csv" in built
    readme = built["README.md"].decode("utf-8")
    for svg in svgs:
        assert f"]({svg})" in readme  # every figure is embedded
    assert list(built) == sorted(built)


def test_the_disagreeing_quotes_are_side_by_side_in_their_own_file_linked_from_the_readme(built):
    readme, differences = built["README.md"].decode("utf-8"), built["differences.md"].decode("utf-8")
    # The fixture's Bastion deal: 50 agreed (sa-02) vs 24 delivered (sb-01): a stage difference.
    assert "## fra-arm-bastion: quantity (stage difference)" in differences
    section = differences.split("## fra-arm-bastion: quantity")[1].split("##")[0]
    assert "sa-02" in section and "sb-01" in section
    assert "Armenia received 24 Bastion armoured vehicles in 2023" in section
    assert "Turkey's president called the sale of 50 \"Bastion\" vehicles a provocation." in section
    # the README keeps one compact row per difference, linked to the quotes, and no quote
    assert ("| France → Armenia, Bastion | quantity | stage difference | 50 (agreed); 24 (delivered) | 2 | "
            "[quotes](differences.md#fra-arm-bastion-quantity-stage-difference) |") in readme
    assert "Armenia received 24 Bastion" not in readme


def test_invalid_data_raises_before_anything_is_built(tmp_path):
    data = make_data_dir(tmp_path)
    path = data / "transfers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"intent"', '"shipd"'), encoding="utf-8")
    with pytest.raises(DataError):
        report.build_report(data)


def test_the_report_checks_each_file_once(tmp_path, monkeypatch):
    from armsdata.report import writing
    from conftest import count_schema_checks
    from test_database import with_register

    data = with_register(make_data_dir(tmp_path))
    (data / "register" / "categories.csv").write_text(  # the register's two descriptions
        "description,sipri_category,category,also,notes\nAPC,Armoured vehicles,armoured_vehicles,,\n"
        "air search radar,Sensors,radars_sensors,air_defence,\n", encoding="utf-8")
    monkeypatch.setattr(writing, "render_figures", lambda views, progress, pool=None: {})  # what is checked, not drawn
    checks = count_schema_checks(monkeypatch)
    files = report.build_report(data)
    assert "press vs register" in files["README.md"].decode("utf-8").lower()  # the register was compared
    assert checks == {"transfers": 1, "sources": 1, "actors": 1, "systems": 1, "register": 1,
                      "register_categories": 1}


# --------------------------------------------------------------------------
# Comparing and writing
# --------------------------------------------------------------------------


def test_differences_name_missing_stale_and_extra_files(built, tmp_path):
    out = tmp_path / "reports"
    assert report.report_differences(built, out) == sorted(
        [("missing", p) for p in [*built, MANIFEST]], key=lambda d: d[1])
    report.write_report(built, out)
    assert report.report_differences(built, out) == []
    assert read_manifest(out) == sorted(built)

    (out / "README.md").write_text("edited by hand\n", encoding="utf-8")
    (out / "tables" / "who_arms_whom.csv").unlink()
    # a figure an earlier report wrote and this one no longer makes
    (out / "figures" / "old_chart.svg").write_text("<svg/>", encoding="utf-8")
    (out / MANIFEST).write_text(outdir.manifest_text([*built, "figures/old_chart.svg"]), encoding="utf-8")
    assert report.report_differences(built, out) == [
        ("stale", MANIFEST), ("stale", "README.md"), ("extra", "figures/old_chart.svg"),
        ("missing", "tables/who_arms_whom.csv")]

    report.write_report(built, out)
    assert report.report_differences(built, out) == []
    assert not (out / "figures" / "old_chart.svg").exists()
    assert read_manifest(out) == sorted(built)


def test_a_file_the_report_did_not_write_is_never_removed_or_overwritten(built, tmp_path):
    out = tmp_path / "reports"
    report.write_report(built, out)
    mine = {"figures/my_sketch.svg": b"<svg/>", "notes.txt": b"not ours"}
    for path, content in mine.items():
        (out / path).write_bytes(content)
    assert report.report_differences(built, out) == []  # not the report's concern
    with pytest.raises(OutputError, match=r"holds files armsdata did not write \(figures/my_sketch.svg and 1 more\)"):
        report.write_report(built, out)
    (out / "README.md").write_text("edited\n", encoding="utf-8")
    assert report.write_report(built, out, force=True) == [("stale", "README.md")]
    assert {path: (out / path).read_bytes() for path in mine} == mine


def test_the_report_refuses_to_overwrite_a_readme_it_did_not_write(built, tmp_path):
    project = tmp_path / "project"  # `armsdata report --out .` at the root of a project
    project.mkdir()
    (project / "README.md").write_text("# My project\n", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(OutputError):
            report.write_report(built, project, force=force)
    assert [p.name for p in project.iterdir()] == ["README.md"]
    assert (project / "README.md").read_text(encoding="utf-8") == "# My project\n"


def test_written_files_get_the_mode_of_the_umask(built, tmp_path):
    old = os.umask(0o022)
    try:
        report.write_report(built, tmp_path / "reports")
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "reports").rglob("*") if p.is_file()}
    assert modes == {0o644}


def test_write_rewrites_only_what_changed(built, tmp_path):
    out = tmp_path / "reports"
    report.write_report(built, out)
    untouched = out / "figures" / "timeline.svg"
    before = untouched.stat().st_mtime_ns
    (out / "README.md").write_text("stale\n", encoding="utf-8")
    assert report.write_report(built, out) == [("stale", "README.md")]
    assert untouched.stat().st_mtime_ns == before

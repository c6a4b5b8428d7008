"""Building reports/ in memory, comparing it with a directory (the dry run) and writing it."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")

from armsdata import report  # noqa: E402
from armsdata.load import DataError  # noqa: E402
from conftest import REPO, make_data_dir  # noqa: E402


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------


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


def test_readme_shows_the_disagreeing_quotes_side_by_side(built):
    readme = built["README.md"].decode("utf-8")
    # The fixture's Bastion deal: 50 agreed (sa-02) vs 24 delivered (sb-01): a stage difference.
    assert "### fra-arm-bastion: quantity (stage difference)" in readme
    section = readme.split("### fra-arm-bastion: quantity")[1].split("###")[0]
    assert "sa-02" in section and "sb-01" in section
    assert "Armenia received 24 Bastion armoured vehicles in 2023" in section
    assert "Turkey's president called the sale of 50 \"Bastion\" vehicles a provocation." in section


def test_invalid_data_raises_before_anything_is_built(tmp_path):
    data = make_data_dir(tmp_path)
    path = data / "transfers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"intent"', '"shipd"'), encoding="utf-8")
    with pytest.raises(DataError):
        report.build_report(data)


# --------------------------------------------------------------------------
# Comparing and writing
# --------------------------------------------------------------------------


def test_differences_name_missing_stale_and_extra_files(built, tmp_path):
    out = tmp_path / "reports"
    assert report.report_differences(built, out) == [("missing", p) for p in built]
    report.write_report(built, out)
    assert report.report_differences(built, out) == []

    (out / "README.md").write_text("edited by hand\n", encoding="utf-8")
    (out / "figures" / "old_chart.svg").write_text("<svg/>", encoding="utf-8")
    (out / "tables" / "who_arms_whom.csv").unlink()
    (out / "notes.txt").write_text("not ours", encoding="utf-8")  # outside figures/ and tables/: left alone
    assert report.report_differences(built, out) == [
        ("stale", "README.md"), ("extra", "figures/old_chart.svg"), ("missing", "tables/who_arms_whom.csv")]

    report.write_report(built, out)
    assert report.report_differences(built, out) == []
    assert not (out / "figures" / "old_chart.svg").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "not ours"


def test_write_rewrites_only_what_changed(built, tmp_path):
    out = tmp_path / "reports"
    report.write_report(built, out)
    untouched = out / "figures" / "timeline.svg"
    before = untouched.stat().st_mtime_ns
    (out / "README.md").write_text("stale\n", encoding="utf-8")
    assert report.write_report(built, out) == [("stale", "README.md")]
    assert untouched.stat().st_mtime_ns == before


# --------------------------------------------------------------------------
# The repository's own reports
# --------------------------------------------------------------------------


def test_committed_reports_match_the_data():
    """The equivalent of `armsdata report --check` on the repository's data/ and reports/."""
    if not (REPO / "data" / "transfers.csv").exists():
        pytest.skip("data/ holds no curated data yet")
    differences = report.report_differences(report.build_report(REPO / "data"), REPO / "reports")
    assert differences == [], ("reports/ is out of date; run `uv run armsdata report`: "
                               + ", ".join(f"{path} ({state})" for state, path in differences))

"""reports/: reproducible output, dry run, atomic writes, markdown escaping."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from armsdata import report  # noqa: E402
from armsdata.load import DataError  # noqa: E402
from conftest import REPO, make_data_dir  # noqa: E402


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    return make_data_dir(tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="module")
def built(small_data) -> dict[str, bytes]:
    return report.build_report(small_data)


# --------------------------------------------------------------------------
# Markdown escaping
# --------------------------------------------------------------------------


def test_md_escape_neutralises_table_breakers_and_markup():
    assert report.md_escape("a | b") == r"a \| b"
    assert report.md_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert report.md_escape("line one\nline two\r\nthree") == "line one<br>line two<br>three"
    assert report.md_escape("*bold* _it_ `code` [link](x) ~~s~~") == r"\*bold\* \_it\_ \`code\` \[link\](x) \~\~s\~\~"
    assert report.md_escape("back\\slash") == r"back\\slash"
    assert report.md_escape("AT&T") == "AT&amp;T"
    assert report.md_escape(None) == report.md_escape(pd.NA) == ""


def test_md_table_keeps_one_row_per_record_with_hostile_quotes():
    frame = pd.DataFrame({"claim": ["a-1", "a-2"],
                          "quote": ["He said | 50 <b>vehicles</b>\nthen left", "plain"]})
    lines = report.md_table(frame).splitlines()
    assert len(lines) == 4  # header, rule, two rows: the newline did not split a row
    for line in lines:
        unescaped_pipes = len(re.findall(r"(?<!\\)\|", line))
        assert unescaped_pipes == 3  # | claim | quote |
    assert "<b>" not in lines[2]


def test_long_tables_are_cut_with_a_note_naming_the_full_csv():
    table = pd.DataFrame({"deal_id": [f"d{i}" for i in range(5)]})
    shown, note = report._limited(table, "provenance", limit=3)
    assert shown["deal_id"].tolist() == ["d0", "d1", "d2"]
    assert "first 3 of 5 rows" in note and "(tables/provenance.csv)" in note
    assert report._limited(table, "provenance", limit=5) == (table, "")


# --------------------------------------------------------------------------
# What a figure draws
# --------------------------------------------------------------------------


def test_top_groups_keeps_the_heaviest_values_and_their_rows():
    pairs = pd.DataFrame({"supplier": ["A", "B", "B", "C", "D"], "deals": [4, 1, 1, 3, 3]})
    # totals: A 4, C 3, D 3 (C first in the table wins the tie), B 2
    assert report.top_groups(pairs, "supplier", 3, "deals")["supplier"].tolist() == ["A", "C", "D"]
    # by rows: B has two, the others one each, in table order
    assert report.top_groups(pairs, "supplier", 2)["supplier"].tolist() == ["A", "B", "B"]


def test_figures_of_large_tables_show_the_largest_part_and_say_so(built, small_data):
    from armsdata.load import load_claims

    tables = report.analysis_tables(load_claims(small_data))
    everything = report.figure_tables(tables)
    assert all(note == "" for _, note in everything.values())  # the small data fits every figure
    shown, note = report.figure_tables(tables, limit=1)["perspective_source_type"]
    claims = tables["perspective_source_type"].set_index("source_type")["claims"]
    assert len(claims) == 2
    assert shown["source_type"].tolist() == [claims.idxmax()]  # the type with most claims
    assert note == "showing the source types with most claims: 1 of 2"


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


def test_figures_carry_no_date_or_software_metadata(built):
    for path, content in built.items():
        if path.endswith(".svg"):
            assert b"<dc:date>" not in content and b"Matplotlib" not in content.split(b"<g id=")[0]
        if path.endswith(".png"):
            assert b"Software" not in content and b"tIME" not in content


def test_report_is_byte_identical_across_runs_and_user_settings(small_data, built):
    with matplotlib.rc_context({"font.size": 20, "font.family": "serif", "svg.hashsalt": None,
                                "figure.dpi": 300}):
        again = report.build_report(small_data)
    assert again == built


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
# Discrepancies in text, CSV and JSON
# --------------------------------------------------------------------------


def test_discrepancy_formats():
    table = pd.DataFrame([{
        "deal_id": "d", "supplier": "X", "recipient": "Y", "system": "Z", "field": "quantity",
        "values": ["50", "24"], "claim_ids": [["a-1", "b-1"], ["c-1"]], "source_ids": [["a", "b"], ["c"]],
        "statuses": [["agreed"], ["delivered"]], "kind": "stage difference", "note": "n"}])
    flat = report.flat_discrepancies(table).iloc[0]
    assert (flat["values"], flat["claim_ids"], flat["source_ids"]) == ("50 | 24", "a-1, b-1 | c-1", "a, b | c")
    assert '"values": [\n      "50",' in report.discrepancies_json(table)
    text = report.discrepancies_text(table).splitlines()
    assert text[1].split()[:4] == ["d", "quantity", "stage", "difference"]
    assert text[2].split() == ["24", "delivered", "c-1"]
    assert "no discrepancies" in report.discrepancies_text(table.iloc[0:0])


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

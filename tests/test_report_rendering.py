"""Figures of the report: reproducible bytes, no metadata, a note when only part of a table is drawn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from armsdata.report import build_report, rendering  # noqa: E402
from armsdata.report.registry import FIGURES  # noqa: E402


def test_every_figure_is_rendered_as_svg_and_png(built):
    assert {p for p in built if p.startswith("figures/")} == {
        f"figures/{f.name}.{ext}" for f in FIGURES for ext in ("svg", "png")}
    for f in FIGURES:
        assert built[f"figures/{f.name}.svg"].startswith(b"<?xml")
        assert built[f"figures/{f.name}.png"].startswith(b"\x89PNG")


def test_figures_carry_no_date_or_software_metadata(built):
    for path, content in built.items():
        if path.endswith(".svg"):
            assert b"<dc:date>" not in content and b"Matplotlib" not in content.split(b"<g id=")[0]
        if path.endswith(".png"):
            assert b"Software" not in content and b"tIME" not in content


def test_report_is_byte_identical_across_runs_and_user_settings(small_data, built):
    with matplotlib.rc_context({"font.size": 20, "font.family": "serif", "svg.hashsalt": None,
                                "figure.dpi": 300}):
        again = build_report(small_data)
    assert again == built


def test_a_figure_of_part_of_its_table_says_so(small_data):
    from armsdata.load import load_claims
    from armsdata.report.registry import analysis_tables, figure_views

    views = figure_views(analysis_tables(load_claims(small_data)))
    plain = rendering.render_figures(views)
    shown, _ = views["timeline"]
    noted = rendering.render_figures({**views, "timeline": (shown, "showing the deals with most dated claims")})
    assert noted["figures/timeline.svg"] != plain["figures/timeline.svg"]  # the note is drawn
    assert noted["figures/provenance.svg"] == plain["figures/provenance.svg"]  # and only on its figure

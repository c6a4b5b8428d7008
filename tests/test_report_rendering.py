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


def test_figures_drawn_by_helper_processes_are_the_figures_drawn_here(small_data, built):
    messages = []
    assert build_report(small_data, processes=3, progress=messages.append) == built
    assert sum("in a helper process" in m for m in messages) == 2  # each of the two helpers drew its share
    messages.clear()
    assert build_report(small_data, processes=1, progress=messages.append) == built
    assert not any("helper" in m for m in messages)


def test_a_helper_that_fails_costs_time_not_figures(small_data, built, monkeypatch):
    send = rendering.Worker.send

    def broken(self, jobs):
        self._process.kill()  # dies before it is given anything to draw
        send(self, jobs)

    monkeypatch.setattr(rendering.Worker, "send", broken)
    messages = []
    assert build_report(small_data, processes=2, progress=messages.append) == built
    assert any("failed to draw its figures (exit code -9); drawing them here" in m for m in messages)


def test_helpers_are_stopped_when_the_report_stops_early(tmp_path, monkeypatch):
    import pytest

    from armsdata import DataError

    started = []
    real = rendering.start_workers

    def recording(processes=None):
        started.extend(real(2))
        return started

    monkeypatch.setattr("armsdata.report.writing.start_workers", recording)
    (tmp_path / "transfers.csv").write_text("not,a,valid,file\n", encoding="utf-8")
    with pytest.raises(DataError):
        build_report(tmp_path)
    assert started and all(w._process.poll() is not None for w in started)

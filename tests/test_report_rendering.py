"""Figures of the report: reproducible bytes, no metadata, a note when only part of a table is drawn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from armsdata.report import build_report, rendering  # noqa: E402
from armsdata.report.registry import FIGURES  # noqa: E402


#: The report's figures, as its readers know them (reports/README.md embeds each).
REPORT_FIGURES = ("who_arms_whom", "supplier_pipeline", "press_vs_register", "register_deliveries", "timeline",
                  "reported_quantities", "perspective_outlet_country", "perspective_source_type", "provenance")


def test_every_figure_is_rendered_as_svg_and_png(built):
    assert {p for p in built if p.startswith("figures/")} == {
        f"figures/{name}.{ext}" for name in REPORT_FIGURES for ext in ("svg", "png")}
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
    from armsdata.load import load_transfers
    from armsdata.report.registry import analysis_tables, figure_views

    views = figure_views(analysis_tables(load_transfers(small_data)))
    plain = rendering.render_figures(views)
    shown, _ = views["timeline"]
    noted = rendering.render_figures({**views, "timeline": (shown, "showing the deals with most dated claims")})
    assert noted["figures/timeline.svg"] != plain["figures/timeline.svg"]  # the note is drawn
    assert noted["figures/provenance.svg"] == plain["figures/provenance.svg"]  # and only on its figure


def test_figures_drawn_by_helper_processes_are_the_figures_drawn_here(small_data, built):
    messages = []
    assert build_report(small_data, processes=2, progress=messages.append) == built
    # every other figure of the registry goes to the pool: four of nine
    assert sum("in a helper process" in m for m in messages) == 4
    messages.clear()
    assert build_report(small_data, progress=messages.append) == built  # the library draws in one process
    assert not any("helper" in m for m in messages)


def test_a_pool_that_fails_costs_time_not_figures(small_data, built, monkeypatch):
    class _Raising:  # a pool whose processes died: every future it gives fails
        def submit(self, *args, **kwargs):
            from concurrent.futures import Future
            from concurrent.futures.process import BrokenProcessPool

            future = Future()
            future.set_exception(BrokenProcessPool("a helper died"))
            return future

        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr("armsdata.report.writing.figure_pool", lambda processes: _Raising())
    messages = []
    assert build_report(small_data, processes=2, progress=messages.append) == built
    assert sum("failed to draw" in m and "(BrokenProcessPool); drawing it here" in m for m in messages) == 4


def test_the_pool_is_shut_down_when_the_report_stops_early(tmp_path, monkeypatch):
    import pytest

    from armsdata import DataError

    pools, processes = [], []

    def recording(n):
        pools.append(rendering.figure_pool(2))
        processes.extend(pools[-1]._processes.values())  # started by the imports it was given at once
        return pools[-1]

    monkeypatch.setattr("armsdata.report.writing.figure_pool", recording)
    (tmp_path / "transfers.csv").write_text("not,a,valid,file\n", encoding="utf-8")
    with pytest.raises(DataError):
        build_report(tmp_path, processes=2)
    assert pools[0] is not None
    with pytest.raises(RuntimeError):  # shut down: it takes no more work, and its processes are gone
        pools[0].submit(print)
    assert processes and not any(p.is_alive() for p in processes)

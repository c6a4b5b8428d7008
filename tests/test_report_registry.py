"""The report's registry: what each figure draws, and that one entry is all a figure needs."""

from __future__ import annotations

import pandas as pd

from armsdata import plots
from armsdata.load import load_transfers
from armsdata.report import registry


def test_top_groups_keeps_the_heaviest_values_and_their_rows():
    pairs = pd.DataFrame({"supplier": ["A", "B", "B", "C", "D"], "deals": [4, 1, 1, 3, 3]})
    # totals: A 4, C 3, D 3 (C first in the table wins the tie), B 2
    assert registry.top_groups(pairs, "supplier", 3, "deals")["supplier"].tolist() == ["A", "C", "D"]
    # by rows: B has two, the others one each, in table order
    assert registry.top_groups(pairs, "supplier", 2)["supplier"].tolist() == ["A", "B", "B"]


def test_selection_applies_its_groups_in_turn_and_names_every_cut():
    pairs = pd.DataFrame({"supplier": ["A", "A", "B", "C"], "recipient": ["x", "y", "y", "z"],
                          "deals": [3, 1, 2, 1]})
    both = registry.Selection("pairs", (("supplier", "deals"), ("recipient", "deals")))
    # suppliers: A 4, B 2 (C 1 is cut); then recipients among those: y 3, x 3 -> x and y (2 of 2 kept)
    shown, note = both.apply(pairs, limit=2)
    assert shown["supplier"].tolist() == ["A", "A", "B"] and note == "showing the pairs: 2 of 3, 2 of 3"
    one = registry.Selection("recipients", (("recipient", "deals"),), where=lambda t: t[t["deals"] >= 2])
    shown, note = one.apply(pairs, limit=5)  # nothing cut among the rows `where` keeps
    assert shown["recipient"].tolist() == ["x", "y"] and note == ""


def test_size_grows_with_the_rows_drawn_from_a_floor():
    size = registry.Size(8, 1.5, 0.5, floor=3.0, rows=lambda view: view["deal_id"].nunique())
    assert size.inches(pd.DataFrame({"deal_id": ["a", "a"]})) == (8, 3.0)  # 1.5 + 0.5 * 1 < 3
    assert size.inches(pd.DataFrame({"deal_id": list("abcde")})) == (8, 4.0)


def test_figures_of_large_tables_show_the_largest_part_and_say_so(small_data):
    tables = registry.analysis_tables(load_transfers(small_data))
    everything = registry.figure_views(tables)
    assert all(note == "" for _, note in everything.values())  # the small data fits every figure
    shown, note = registry.figure_views(tables, limit=1)["perspective_source_type"]
    # the small data's claims: two of a news report (sa-01, sa-02), one of an op-ed (sb-01)
    assert shown["source_type"].tolist() == ["news_report"]  # the type with most claims
    assert note == "showing the source types with most claims: 1 of 2"


def test_the_report_computes_the_deals_once_for_all_its_tables(small_data, monkeypatch):
    from armsdata.analysis import deal_table

    calls = []
    real = deal_table._deals_table
    monkeypatch.setattr(deal_table, "_deals_table", lambda claims: calls.append(len(claims)) or real(claims))
    tables = registry.analysis_tables(load_transfers(small_data))
    assert calls == [3]  # the small data's three claims, once
    assert tables["deals"]["deal_id"].tolist() == ["fra-arm-bastion", "fra-arm-gm200"]


def test_every_figure_names_a_table_a_section_and_a_plot_function():
    names = [f.name for f in registry.FIGURES]
    assert len(names) == len(set(names))
    for f in registry.FIGURES:
        assert f.table in registry.TABLES and f.section in registry.SECTIONS
        assert getattr(plots, f.plot.__name__) is f.plot
    for section in registry.SECTIONS.values():
        assert all(listing.table in registry.TABLES for listing in section.after)


def test_a_new_figure_is_one_registry_entry(small_data, monkeypatch):
    from armsdata.report import build_report

    extra = registry.Figure("who_arms_whom_delivered", "who_arms_whom_delivered", plots.plot_arms_matrix,
                            registry.Selection("suppliers with most deals", (("supplier", "n_deals"),)),
                            registry.Size(6, 1, 0.5), "Delivered deals per supplier and recipient", "timeline")
    monkeypatch.setattr(registry, "FIGURES", (*registry.FIGURES, extra))  # the one declaration
    files = build_report(small_data)
    assert {"figures/who_arms_whom_delivered.svg", "figures/who_arms_whom_delivered.png"} <= set(files)
    timeline = files["README.md"].decode("utf-8").split("## Timeline\n")[1].split("\n## ")[0]
    assert "![Delivered deals per supplier and recipient](figures/who_arms_whom_delivered.svg)" in timeline
    assert "[table](tables/who_arms_whom_delivered.csv)" in timeline

"""reports/README.md: escaping, cut tables, and the order the registry gives it."""

from __future__ import annotations

import re

import pandas as pd

from armsdata.report import markdown
from armsdata.report.registry import FIGURES, SECTIONS


def test_md_escape_neutralises_table_breakers_and_markup():
    assert markdown.md_escape("a | b") == r"a \| b"
    assert markdown.md_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert markdown.md_escape("line one\nline two\r\nthree") == "line one<br>line two<br>three"
    assert markdown.md_escape("*bold* _it_ `code` [link](x) ~~s~~") == r"\*bold\* \_it\_ \`code\` \[link\](x) \~\~s\~\~"
    assert markdown.md_escape("back\\slash") == r"back\\slash"
    assert markdown.md_escape("AT&T") == "AT&amp;T"
    assert markdown.md_escape(None) == markdown.md_escape(pd.NA) == ""


def test_md_table_keeps_one_row_per_record_with_hostile_quotes():
    frame = pd.DataFrame({"claim": ["a-1", "a-2"],
                          "quote": ["He said | 50 <b>vehicles</b>\nthen left", "plain"]})
    lines = markdown.md_table(frame).splitlines()
    assert len(lines) == 4  # header, rule, two rows: the newline did not split a row
    for line in lines:
        unescaped_pipes = len(re.findall(r"(?<!\\)\|", line))
        assert unescaped_pipes == 3  # | claim | quote |
    assert "<b>" not in lines[2]


def test_long_tables_are_cut_with_a_note_naming_the_full_csv():
    table = pd.DataFrame({"deal_id": [f"d{i}" for i in range(5)]})
    shown, note = markdown._limited(table, "provenance", limit=3)
    assert shown["deal_id"].tolist() == ["d0", "d1", "d2"]
    assert "first 3 of 5 rows" in note and "(tables/provenance.csv)" in note
    assert markdown._limited(table, "provenance", limit=5) == (table, "")


def test_sections_hold_their_figures_and_tables_in_registry_order(built):
    readme = built["README.md"].decode("utf-8")
    headings = [line[3:] for line in readme.splitlines() if line.startswith("## ")]
    assert headings == [s.title for s in SECTIONS.values()]
    # each figure is embedded once, in its own section, in registry order within it
    positions = {f.name: readme.index(f"](figures/{f.name}.svg)") for f in FIGURES}
    for f in FIGURES:
        section = readme.split(f"## {SECTIONS[f.section].title}\n")[1].split("\n## ")[0]
        assert f"](figures/{f.name}.svg)" in section and readme.count(f"](figures/{f.name}.svg)") == 1
    assert positions["perspective_outlet_country"] < positions["perspective_source_type"]
    # a listed figure is followed by its table; timeline's listing leaves out the columns the CSV keeps
    timeline = readme.split("## Timeline\n")[1].split("\n## ")[0]
    assert r"| claim\_id | deal\_id |" in timeline and "date_start" not in timeline
    # reported_quantities is drawn but not listed: its section goes on with the discrepancies
    differ = readme.split("## How reports differ\n")[1]
    assert r"| deal\_id | supplier |" not in differ.split("Deals whose claims disagree")[0]


def test_an_inline_listing_names_each_deal_on_one_line():
    table = pd.DataFrame({"supplier": ["France", "India"], "recipient": ["Armenia", "Armenia"],
                          "system": ["arms", "anti*tank"]})
    assert markdown._inline(table) == r"France → Armenia: arms; India → Armenia: anti\*tank."
    assert markdown._inline(table.iloc[0:0]) == "none."


def test_the_readme_lists_no_quotes_and_every_section_is_in_the_contents(built):
    readme = built["README.md"].decode("utf-8")
    assert "\n### " not in readme  # the per-difference quote sections are in differences.md
    differences = built["differences.md"].decode("utf-8")
    assert "| quote |" not in readme and "| quote |" in differences
    # the namings too: the small data's Bastion is "Bastion" in sa-02 and "Bastion armoured vehicles" in sb-01
    assert "The 1 deal whose claims name the system differently are listed in [differences.md](differences.md#" \
           "different-names-for-one-system)." in readme
    assert "| fra-arm-bastion | Bastion \\| Bastion armoured vehicles | sa-02 \\| sb-01 |" in differences


def test_an_inline_listing_is_cut_like_a_table(monkeypatch):
    import functools

    from armsdata import load
    from armsdata.report.registry import analysis_tables, figure_views

    data = load.load_data()
    claims = data.claims
    tables = analysis_tables(claims, register_table=data.register, systems=data.systems, actors=data.actors,
                             categories=data.categories)
    shown = {name: note for name, (_, note) in figure_views(tables).items()}
    from armsdata.register import NOT_COMPARED

    n = int(tables["press_vs_register"]["verdict"].isin(NOT_COMPARED).sum())
    assert n >= 2  # the real data has deals that name no system nor kind, and pairs outside the extract
    monkeypatch.setattr(markdown, "_limited", functools.partial(markdown._limited, limit=1))
    readme = markdown.markdown_report(claims, data.sources, tables, shown)
    lines = readme.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Not compared"))
    following = next(line for line in lines[at + 1:] if line)
    assert lines[at].count("→") == 1 and following.startswith(f"_The first 1 of {n} rows; all of them are in")

"""pandera's failures as problems for people: one per cell and check with the right column, the checks of
whole rows (a record entered twice), groups of rows ("also on lines ..."), what a cell would still have
once its first problem is fixed."""

from __future__ import annotations

import csv

import pytest

from armsdata.validation import validate
from conftest import ACTORS, SOURCES, SYSTEMS, claim, located, make_data_dir, system, where


def test_missing_and_unexpected_columns_are_named_on_line_1(data_dir):
    text = (data_dir / "sources.csv").read_text(encoding="utf-8").replace("outlet_country", "country")
    (data_dir / "sources.csv").write_text(text, encoding="utf-8")
    assert where(validate(data_dir)) == [("sources.csv", 1, "outlet_country"), ("sources.csv", 1, "country")]


def test_columns_out_of_order(data_dir):
    rows = list(csv.reader((data_dir / "actors.csv").open(encoding="utf-8")))
    reordered = [[r[1], r[0], *r[2:]] for r in rows]
    with (data_dir / "actors.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(reordered)
    assert where(validate(data_dir)) == [("actors.csv", 1, "(header)")]


@pytest.mark.parametrize("cell, why", [("=HYPERLINK(\"http://x\")", "spreadsheet formula"),
                                       ("+1", "spreadsheet formula"), ("@SUM(A1)", "spreadsheet formula"),
                                       ("\tx", "spreadsheet formula"), ("-x", "spreadsheet formula"),
                                       # a lone carriage return is a control character first
                                       ("\rx", "control character, U+000D (CARRIAGE RETURN) at position 1")])
def test_formula_like_cells_are_rejected(tmp_path, cell, why):
    data = make_data_dir(tmp_path, transfers=[claim(notes=cell)])
    problems = validate(data)
    assert [(p.line, p.column) for p in problems] == [(2, "notes")]
    assert why in problems[0].message


def test_a_formula_is_to_be_reworded_not_kept_as_text_by_an_apostrophe(tmp_path):
    # the advice was "prefix it with an apostrophe", which a CSV file keeps as data: '=1+1 validated
    rows = [claim(claim_id=f"sa-0{n}", status=status, notes=notes) for n, (status, notes) in enumerate(
        [("intent", "=1+1"), ("agreed", "'=1+1"), ("considered", "'-5"), ("delivered", "'quoted' is fine")])]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(2, "notes"), (3, "notes"), (4, "notes")]
    assert problems[0].message == ("looks like a spreadsheet formula (starts with =, +, @, -, tab or CR); reword it to "
                                   "start otherwise (an apostrophe before it would stay in the data; the xlsx export "
                                   "keeps such cells text)")
    assert problems[1].message == problems[2].message == (
        "starts with an apostrophe before =, +, @, - or tab, a spreadsheet's mark that a CSV file keeps as part of "
        "the cell; remove the apostrophe and reword the cell to start otherwise")


def test_a_negative_number_is_not_a_formula_but_not_a_quantity_either(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(notes="-5"), claim(claim_id="sa-02", quantity="-3")])
    problems = validate(data)
    assert [(p.line, p.column) for p in problems] == [(3, "quantity")]
    assert problems[0].message.startswith("not a whole number")


@pytest.mark.parametrize("changes, column", [
    ({"status": "shipd"}, "status"),
    ({"category": "tanks"}, "category"),
    ({"event_date": "2023-02-30"}, "event_date"),
    ({"event_date": "23-10"}, "event_date"),
    ({"quantity_qualifier": ""}, "quantity_qualifier"),
    ({"currency": "USD"}, "currency"),
    ({"value": "3", "currency": "USD"}, "value_qualifier"),
    ({"value_qualifier": "about"}, "value_qualifier"),
    ({"system_id": "GM 200"}, "system_id"),
    ({"parent_deal_id": "FRA pkg"}, "parent_deal_id"),
    ({"value": "1e6", "currency": "USD"}, "value"),
    ({"quote": ""}, "quote"),
    ({"recipient": "France"}, "recipient"),
    ({"deal_id": "FRA arm"}, "deal_id"),
])
def test_each_cell_rule_reports_its_column(tmp_path, changes, column):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(**changes)]))
    assert (2, column) in [(p.line, p.column) for p in problems]


def test_source_rules(tmp_path):
    bad = dict(SOURCES[1], published="2023-13-01", outlet_country="XXX", url="ftp://x", source_type="blog")
    problems = where(validate(make_data_dir(tmp_path, sources=[SOURCES[0], bad])))
    assert problems == [("sources.csv", 3, c) for c in ("published", "url", "source_type", "outlet_country")]


def test_system_rules(tmp_path):
    bad = system(system_id="GM 200", category="radar", producer_country="XXX", description="")
    problems = where(validate(make_data_dir(tmp_path, systems=[bad, SYSTEMS[1]])))
    assert [p for p in problems if p[0] == "systems.csv"] == [
        ("systems.csv", 2, c) for c in ("system_id", "description", "category", "producer_country")]


def test_NA_is_a_value_not_missing(tmp_path):
    actors = [*ACTORS, {"name": "NA", "kind": "unknown", "iso3": "", "aliases": "", "notes": "NA"}]
    assert validate(make_data_dir(tmp_path, actors=actors)) == []


@pytest.mark.parametrize("cell, column, message", [
    ("=agreeed", "status", "unknown value (expected one of: considered, intent, agreed, in_production, shipped, "
                           "delivered, not_delivered, alleged, denied, unspecified); did you mean 'agreed'? "
                           "(even without what makes it look like a formula)"),
    ("+3.0", "quantity", "not a whole number (digits only, e.g. 24) (even without what makes it look like a formula)"),
    ("2023-13\x1b", "event_date", "not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date) "
                                  "(even without its control characters)"),
    ("\x1b", "supplier", "must not be empty (even without its control characters)"),
])
def test_what_a_cell_would_still_have_once_its_first_problem_is_fixed_is_told_in_the_same_run(tmp_path, cell,
                                                                                            column, message):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(**{column: cell})]))
    assert [(p.line, p.column, p.value) for p in problems] == [(2, column, cell)] * 2
    assert problems[1].message == message


@pytest.mark.parametrize("changes, column", [
    ({"system": "   "}, "system"),
    ({"supplier": "\u00a0"}, "supplier"),  # a no-break space is white space too
    ({"quote": "   "}, "quote"),
    ({"attributed_to": "  "}, "attributed_to"),
])
def test_cells_of_only_white_space_are_rejected(tmp_path, changes, column):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(**changes)]))
    assert [(p.line, p.column) for p in problems] == [(2, column)]
    assert problems[0].message.startswith("holds only white space")


@pytest.mark.parametrize("quote", ["[...]", " [...] [...] ", "…", "..."])
def test_a_quote_of_only_gaps_or_ellipses_is_rejected(tmp_path, quote):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(quote=quote, quantity="", quantity_qualifier="")]))
    assert [(p.line, p.column) for p in problems] == [(2, "quote")]
    assert problems[0].message.startswith("holds no words of the source")


@pytest.mark.parametrize("cell, named", [
    ("Ba\x00stion", "U+0000 (NULL) at position 3"),
    ("Bastion\x1b[31m", "U+001B (ESCAPE) at position 8"),
    ("Bas\x85tion", "U+0085 (control character) at position 4"),
    ("Bastion\nMk 2", "U+000A (LINE FEED) at position 8"),  # a one-line cell
])
def test_control_characters_are_rejected_and_named(tmp_path, cell, named):
    row = claim(system=cell, system_id="bastion", category="armoured_vehicles")  # all right once it is fixed
    problems = validate(make_data_dir(tmp_path, transfers=[row]))
    assert [(p.line, p.column) for p in problems] == [(2, "system")]
    assert named in problems[0].message


def test_line_breaks_and_tabs_are_fine_in_notes_but_escape_is_not(tmp_path):
    rows = [claim(notes="two\nlines\twith a tab"), claim(claim_id="sa-02", status="agreed", notes="esc \x1b")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(4, "notes")]  # the first record spans lines 2-3


def test_duplicate_ids_name_the_other_line(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(), claim(claim_id="sa-02", status="agreed"),
                                              claim(status="delivered")])
    problems = validate(data)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (2, "claim_id", "duplicate id; also on line 4"),
        (4, "claim_id", "duplicate id; also on line 2"),
    ]


def test_duplicate_system_ids_name_the_other_line(tmp_path):
    systems = [*SYSTEMS, system(designation="GM-200 bis", aliases="")]
    assert located(validate(make_data_dir(tmp_path, systems=systems))) == [
        ("systems.csv", 2, "system_id", "duplicate id; also on line 4"),
        ("systems.csv", 4, "system_id", "duplicate id; also on line 2"),
    ]


def test_the_same_claim_entered_twice_is_rejected_naming_both_lines(tmp_path):
    rows = [claim(), claim(claim_id="sa-02", status="agreed"), claim(claim_id="sa-03", notes="entered again")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(2, "(row)"), (4, "(row)")]
    assert "same as on line 4" in problems[0].message and "same as on line 2" in problems[1].message


def test_a_record_entered_many_times_names_three_other_lines_then_how_many_more(tmp_path):
    # one claim pasted six times (lines 2-7), ids and all: each row is another row entered twice, under a used id
    problems = validate(make_data_dir(tmp_path, transfers=[claim()] * 6))
    said = {(p.line, p.column): p.message for p in problems}
    assert set(said) == {(line, column) for line in range(2, 8) for column in ("claim_id", "(row)")}
    assert said[2, "claim_id"] == "duplicate id; also on lines 3, 4, 5 and 2 more"
    assert said[4, "claim_id"] == "duplicate id; also on lines 2, 3, 5 and 2 more"
    assert said[7, "claim_id"] == "duplicate id; also on lines 2, 3, 4 and 2 more"
    assert said[6, "(row)"] == ("entered twice: every cell but claim_id and notes is the same as on lines 2, 3, 4 "
                                "and 2 more; remove one of them")
    assert said[3, "(row)"].endswith("the same as on lines 2, 4, 5 and 2 more; remove one of them")


def test_the_messages_of_a_block_pasted_many_times_stay_short(tmp_path):
    # the work of reporting grows with the rows, not with the square of a group's size: as many characters
    # a row for 300 copies as for 30 (each message named every other line of its group)
    def characters_a_row(copies: int) -> float:
        rows = [claim(claim_id=f"sa-{k:03d}") for k in range(copies)] + [claim(claim_id="sa-000")] * copies
        problems = validate(make_data_dir(tmp_path / str(copies), transfers=rows))
        assert len(problems) == 2 * copies + copies + 1  # every row entered twice; the id sa-000 on copies + 1 rows
        return sum(len(p.message) for p in problems) / len(rows)

    assert characters_a_row(300) < 1.1 * characters_a_row(30)
    assert max(len(p.message) for p in validate(tmp_path / "300" / "data")) < 120

"""The validator: every bad-input case gives file:line: column: message with the right line."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest

from armsdata import schema
from armsdata.validation import validate
from armsdata.validation.quotes import normalise_text
from conftest import ACTORS, ARCHIVE_B, SOURCES, SYSTEMS, TRANSFERS, claim, make_data_dir, system, write_csv


def transfers_text(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=schema.TRANSFERS.columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def problems_at(data: Path) -> list[tuple[str, int, str]]:
    """(file name, line, column) of every problem, for compact assertions."""
    return [(Path(p.path).name, p.line, p.column) for p in validate(data)]


def test_the_hand_made_data_is_valid(data_dir):
    assert validate(data_dir) == []


def test_the_curated_repository_data_is_valid():
    problems = validate(Path(__file__).resolve().parent.parent / "data")
    assert problems == [], "\n".join(map(str, problems))


def test_problem_paths_start_with_the_directory_as_given(data_dir):
    (data_dir / "transfers.csv").write_text(transfers_text([claim(status="shipd")]), encoding="utf-8")
    (problem,) = validate(data_dir)
    assert str(problem) == (f"{data_dir}/transfers.csv:2: status: unknown value (expected one of: "
                            f"{', '.join(schema.STATUS)}); did you mean 'shipped'? (value: 'shipd')")


def test_line_numbers_count_physical_lines_after_multiline_quotes(tmp_path):
    rows = [claim(notes="first line\nsecond line\nthird line"), claim(claim_id="sa-02", status="shipd")]
    data = make_data_dir(tmp_path, transfers=rows)
    # header = line 1; first record spans lines 2-4; the second record starts on line 5
    assert problems_at(data) == [("transfers.csv", 5, "status")]


def test_ragged_rows_are_reported_on_their_own_line(tmp_path):
    data = make_data_dir(tmp_path)
    text = transfers_text(TRANSFERS).splitlines(keepends=True)
    text[2] = text[2].rstrip("\n") + ",extra\n"  # too many fields on line 3
    text[3] = "sb-01,fra-arm-bastion\n"  # too few fields on line 4
    (data / "transfers.csv").write_text("".join(text), encoding="utf-8")
    problems = validate(data)
    assert [(p.line, p.column) for p in problems] == [(3, "(row)"), (4, "(row)")]
    width = len(schema.TRANSFERS.columns)
    assert f"expected {width} fields like the header, found {width + 1}" in problems[0].message
    assert "found 2" in problems[1].message


def test_missing_and_unexpected_columns_are_named_on_line_1(data_dir):
    text = (data_dir / "sources.csv").read_text(encoding="utf-8").replace("outlet_country", "country")
    (data_dir / "sources.csv").write_text(text, encoding="utf-8")
    assert problems_at(data_dir) == [("sources.csv", 1, "outlet_country"), ("sources.csv", 1, "country")]


def test_columns_out_of_order(data_dir):
    rows = list(csv.reader((data_dir / "actors.csv").open(encoding="utf-8")))
    reordered = [[r[1], r[0], *r[2:]] for r in rows]
    with (data_dir / "actors.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(reordered)
    assert problems_at(data_dir) == [("actors.csv", 1, "(header)")]


def test_empty_file(data_dir):
    (data_dir / "actors.csv").write_text("", encoding="utf-8")
    (problem,) = validate(data_dir)
    assert (Path(problem.path).name, problem.line, problem.column) == ("actors.csv", 1, "(file)")
    assert "empty" in problem.message


def test_missing_file(data_dir):
    (data_dir / "sources.csv").unlink()
    (problem,) = validate(data_dir)
    assert (Path(problem.path).name, problem.line, problem.message) == ("sources.csv", 0, "file not found")


def test_non_utf8_bytes_are_located(data_dir):
    raw = transfers_text(TRANSFERS).encode("utf-8").split(b"\n")
    raw[3] = raw[3].replace(b"Armenia", b"Arm\xe9nia", 1)  # Latin-1 byte on line 4
    (data_dir / "transfers.csv").write_bytes(b"\n".join(raw))
    (problem,) = validate(data_dir)
    assert (problem.line, problem.column) == (4, "(file)")
    assert "not valid UTF-8 (byte 0xe9" in problem.message


def test_a_utf8_byte_order_mark_is_accepted(data_dir):
    path = data_dir / "transfers.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate(data_dir) == []


def test_broken_quoting_is_reported_not_raised(data_dir):
    text = transfers_text(TRANSFERS).splitlines(keepends=True)
    text[2] = text[2].replace("sa-02", '"sa-02', 1)  # a quote opened on line 3 and never closed
    (data_dir / "transfers.csv").write_text("".join(text), encoding="utf-8")
    problems = validate(data_dir)
    assert [(p.line, p.column) for p in problems] == [(3, "(row)")]
    assert "malformed CSV" in problems[0].message


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


def test_duplicate_ids_name_the_other_line(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(), claim(claim_id="sa-02", status="agreed"),
                                              claim(status="delivered")])
    problems = validate(data)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (2, "claim_id", "duplicate id; also on line 4"),
        (4, "claim_id", "duplicate id; also on line 2"),
    ]


def test_unknown_actor_and_alias(tmp_path):
    rows = [claim(supplier="Frnace"), claim(claim_id="sa-02", supplier="Türkiye", deal_id="tur-arm-x")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(2, "supplier"), (3, "supplier")]
    assert problems[0].message.startswith("unknown actor")
    assert problems[1].message == "'Türkiye' is an alias; use the actor's name 'Turkey'"


def test_unknown_source_id(tmp_path):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(source_id="zz")]))
    assert [(p.line, p.column, p.message) for p in problems] == [
        (2, "source_id", "unknown source_id (not in sources.csv)")]


def test_quote_must_be_verbatim_in_the_archive(tmp_path):
    rows = [claim(quote="France will deliver three GM200 radars to Armenia, the president said.")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(2, "quote")]
    assert problems[0].message == (
        "not found verbatim in the archived text of sa: the first 55 characters match "
        "('… GM200 radars to Armenia, the '), then the quote has 'president said.' where the text has "
        "\"minister said. Turkey's presid…\"")


def test_quote_matching_forgives_only_whitespace_quotes_and_dashes(tmp_path):
    # the archive has ’ and “ ” and a line break; the quote uses ' and " and a space
    rows = [claim(quote="Paris - France will deliver three GM200 radars [...] Turkey's president called "
                        "the sale of 50 \"Bastion\"   vehicles")]
    assert validate(make_data_dir(tmp_path, transfers=rows)) == []


def test_quantity_and_value_must_be_stated_in_the_quote(tmp_path):
    rows = [claim(quantity="4"), claim(claim_id="sa-02", value="250000000", value_qualifier="exact", currency="USD")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column, p.message, p.value) for p in problems] == [
        (2, "quantity", "quantity 4 not stated in the quote; the counts it states: 3 (three)", "4"),
        (3, "value", "value 250000000 not stated in the quote; the quote states no amount; leave the cell empty "
                     "if the source gives none", "250000000"),
    ]


SALE = "In 2023 France agreed to sell GM200 radars worth US $250 million and 5 lakh rounds to Armenia."


@pytest.mark.parametrize("changes, message", [
    ({"value": "250", "currency": "USD"},
     "value 250 not stated in the quote; the quote states 250000000 (US $250 million): write the value in full units"),
    ({"quantity": "2023", "quantity_qualifier": "exact"},
     "quantity 2023 not stated in the quote; 2023 is a date there (In 2023), not a count"),
    ({"quantity": "250", "quantity_qualifier": "exact"},
     "quantity 250 not stated in the quote; 250 is part of an amount of money there (US $250 million), not a count"),
    ({"quantity": "5", "quantity_qualifier": "exact"},
     "quantity 5 not stated in the quote; the quote states 500000 (5 lakh): write the quantity in full"),
])
def test_numbers_are_stated_with_their_scale_and_years_are_not_counts(tmp_path, changes, message):
    row = claim(quantity="500000", value="250000000", value_qualifier="exact", currency="USD", quote=SALE)
    data = make_data_dir(tmp_path, transfers=[row])
    (data / "archive" / "sa.txt").write_text(SALE + "\n", encoding="utf-8")
    assert validate(data) == []  # in full, both numbers are stated
    write_csv(data / "transfers.csv", [{**row, **changes}], schema.TRANSFERS.columns)
    assert [(p.line, p.column, p.message) for p in validate(data)] == [(2, next(iter(changes)), message)]


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


def test_claims_of_one_deal_share_supplier_and_recipient(tmp_path):
    rows = [claim(), claim(claim_id="sa-02", supplier="Turkey",
                           quote="France will deliver three GM200 radars")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(3, "supplier")]
    assert "line 2" in problems[0].message


def test_missing_archive_is_reported_on_the_source_row(data_dir):
    (data_dir / "archive" / "sb.txt").unlink()
    assert problems_at(data_dir) == [("sources.csv", 3, "archive")]


def test_source_rules(tmp_path):
    bad = dict(SOURCES[1], published="2023-13-01", outlet_country="XXX", url="ftp://x", source_type="blog")
    problems = problems_at(make_data_dir(tmp_path, sources=[SOURCES[0], bad]))
    assert problems == [("sources.csv", 3, c) for c in ("published", "url", "source_type", "outlet_country")]


def test_actor_alias_may_not_be_another_actors_name(tmp_path):
    actors = [*ACTORS[:2], dict(ACTORS[2], aliases="France")]
    assert problems_at(make_data_dir(tmp_path, actors=actors)) == [("actors.csv", 4, "aliases")]


def test_NA_is_a_value_not_missing(tmp_path):
    actors = [*ACTORS, {"name": "NA", "kind": "unknown", "iso3": "", "aliases": "", "notes": "NA"}]
    assert validate(make_data_dir(tmp_path, actors=actors)) == []


def test_validate_never_writes(data_dir):
    (data_dir / "transfers.csv").write_text(transfers_text([claim(status="x")]), encoding="utf-8")
    before = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in data_dir.rglob("*")}
    assert validate(data_dir)
    assert {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in data_dir.rglob("*")} == before


def test_normalise_text():
    assert normalise_text("“Bastion”\u00a0— ‘GM200’\n\n radars ") == "\"Bastion\" - 'GM200' radars"


def test_one_run_reports_schema_and_cross_file_problems_of_every_row(tmp_path):
    rows = [claim(status="shipd"),  # a schema problem on line 2
            claim(claim_id="sa-02", quantity="", quantity_qualifier="", quote="France will sell tanks."),  # line 3
            claim(claim_id="sa-03", status="shipd", quote="Not in the archive")]  # line 4: both (the quote has no 3)
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(2, "status"), (3, "quote"), (4, "quantity"), (4, "status"),
                                                      (4, "quote")]


def test_a_claim_is_not_blamed_for_its_source_row_having_a_problem(tmp_path):
    sources = [{**SOURCES[0], "source_type": "blog"}, SOURCES[1]]  # sa has a problem of its own
    problems = validate(make_data_dir(tmp_path, sources=sources))
    assert [(p.path.endswith("sources.csv"), p.line, p.column) for p in problems] == [(True, 2, "source_type")]


def where(problems) -> list[tuple[str, int, str]]:
    return [(Path(p.path).name, p.line, p.column) for p in problems]


# One run shows every problem of a row: a problem of one cell hid the rules across files from the whole row


def test_a_value_without_currency_is_still_looked_for_in_the_quote(tmp_path):
    row = claim(value="250000000", value_qualifier="exact")  # no currency, and no amount in the quote
    problems = validate(make_data_dir(tmp_path, transfers=[row]))
    assert where(problems) == [("transfers.csv", 2, "value"), ("transfers.csv", 2, "currency")]
    assert problems[0].message.startswith("value 250000000 not stated in the quote")


def test_a_bad_number_is_not_looked_for_in_the_quote_as_well(tmp_path):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(quantity="3.0"), claim(claim_id="sa-02",
                                                                                         quantity="+3")]))
    assert where(problems) == [("transfers.csv", 2, "quantity"), ("transfers.csv", 3, "quantity")]
    assert [p.message.split(" (")[0] for p in problems] == [schema.MESSAGES["integer"].split(" (")[0],
                                                            schema.MESSAGES["formula"].split(" (")[0]]


def test_a_claim_with_a_bad_cell_is_checked_against_the_other_files_on_its_other_cells(tmp_path):
    row = claim(notes="=see below", supplier="Frnace", quote="France will sell tanks.", system_id="bastion")
    problems = validate(make_data_dir(tmp_path, transfers=[row]))
    assert where(problems) == [("transfers.csv", 2, c) for c in ("supplier", "system_id", "category", "quantity",
                                                                 "quote", "notes")]


def test_claims_entered_twice_are_checked_against_the_other_files_too(tmp_path):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(supplier="Frnace")] * 2))
    assert where(problems) == [("transfers.csv", line, c) for line in (2, 3) for c in ("claim_id", "supplier",
                                                                                        "(row)")]


def test_a_source_with_a_bad_cell_still_has_its_quotes_looked_for(tmp_path):
    sources = [{**SOURCES[0], "url": "www.example.org"}, SOURCES[1]]
    problems = validate(make_data_dir(tmp_path, sources=sources, transfers=[claim(quote="France will sell tanks.")]))
    assert where(problems) == [("transfers.csv", 2, "quantity"), ("transfers.csv", 2, "quote"),
                               ("sources.csv", 2, "url")]


def test_a_source_entered_twice_still_has_its_quotes_looked_for(tmp_path):
    sources = [SOURCES[0], SOURCES[0], SOURCES[1]]
    problems = validate(make_data_dir(tmp_path, sources=sources, transfers=[claim(quote="France will sell tanks.")]))
    assert where(problems) == [("transfers.csv", 2, "quantity"), ("transfers.csv", 2, "quote"),
                               ("sources.csv", 2, "source_id"), ("sources.csv", 3, "source_id")]


def test_an_actor_or_system_with_a_bad_cell_still_has_its_aliases_checked(tmp_path):
    actors = [*ACTORS[:2], dict(ACTORS[2], iso3="TR", aliases="France")]
    systems = [SYSTEMS[0], dict(SYSTEMS[1], producer_country="France", aliases="GM200")]
    problems = validate(make_data_dir(tmp_path, actors=actors, systems=systems))
    assert where(problems) == [("actors.csv", 4, "iso3"), ("actors.csv", 4, "aliases"),
                               ("systems.csv", 3, "producer_country"), ("systems.csv", 3, "aliases")]


def test_a_claim_is_held_to_the_category_its_system_has_where_that_is_readable(tmp_path):
    systems = [dict(SYSTEMS[0], category="radar"), SYSTEMS[1]]  # not a category: no claim is blamed for differing
    problems = validate(make_data_dir(tmp_path, systems=systems))
    assert where(problems) == [("systems.csv", 2, "category")]


def test_a_deal_is_held_to_its_first_readable_claim(tmp_path):
    rows = [claim(parent_deal_id="FRA pkg"), claim(claim_id="sa-02", quote="deliver three GM200 radars")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    # line 2's parent_deal_id is no deal_id: line 3 is the deal's first claim with a readable one
    assert where(problems) == [("transfers.csv", 2, "parent_deal_id")]


def test_a_cell_right_but_for_its_white_space_is_read_as_it_will_be_once_fixed(tmp_path):
    rows = [claim(supplier="France ", status=" shiped"), claim(claim_id="sa-02", supplier=" Frnace", status="agreed",
                                                                quote="deliver three GM200 radars")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column, p.message.split(";")[0], p.value) for p in problems] == [
        (2, "supplier", schema.MESSAGES["trimmed"].split(";")[0], "France "),
        (2, "status", schema.MESSAGES["trimmed"].split(";")[0], " shiped"),
        (2, "status", schema.vocabulary_message(schema.TRANSFERS.field("status")), " shiped"),
        (3, "supplier", schema.MESSAGES["trimmed"].split(";")[0], " Frnace"),
        (3, "supplier", "differs from the deal's first claim on line 2 ('France')", "Frnace"),
        (3, "supplier", "unknown actor", "Frnace"),
    ]
    assert problems[2].message.endswith("; did you mean 'shipped'? (even without the white space around it)")


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


def test_cross_file_rules_wait_for_a_readable_header(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(quote="Not in the archive")])
    text = (data / "sources.csv").read_text(encoding="utf-8")
    (data / "sources.csv").write_text(text.replace('"outlet"', '"outlet_name"', 1), encoding="utf-8")
    problems = validate(data)
    assert {p.column for p in problems} == {"outlet", "outlet_name"}  # header problems only, no quote problem


# --------------------------------------------------------------------------
# Holes closed: cells that look filled but say nothing, invisible characters, claims entered twice
# --------------------------------------------------------------------------


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


def test_a_file_with_semicolons_gets_one_line_saying_so(data_dir):
    text = (data_dir / "sources.csv").read_text(encoding="utf-8").replace('","', '";"')
    (data_dir / "sources.csv").write_text(text, encoding="utf-8")
    (problem,) = validate(data_dir)
    assert (Path(problem.path).name, problem.line) == ("sources.csv", 1)
    assert "uses ';' as separator; save it as comma-separated" in problem.message


def test_a_tab_separated_paste_gets_one_line_saying_so(data_dir):
    rows = list(csv.reader((data_dir / "actors.csv").open(encoding="utf-8")))
    (data_dir / "actors.csv").write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    (problem,) = validate(data_dir)
    assert "uses tab as separator" in problem.message


def test_a_look_alike_letter_is_made_visible(tmp_path):
    (problem,) = validate(make_data_dir(tmp_path, transfers=[claim(supplier="Frаnce")]))  # Cyrillic а
    assert problem.column == "supplier"
    assert "U+0430 CYRILLIC SMALL LETTER A at position 3" in problem.message
    assert "did you mean 'France'?" in problem.message


def test_an_invisible_character_is_made_visible(tmp_path):
    (problem,) = validate(make_data_dir(tmp_path, transfers=[claim(status="agreed\u200b")]))
    assert "U+200B ZERO WIDTH SPACE at position 7" in problem.message and "did you mean 'agreed'?" in problem.message


def test_stray_spaces_in_an_actor_name_are_reported_once_where_the_name_is(tmp_path):
    actors = [ACTORS[0], dict(ACTORS[1], name="France "), ACTORS[2]]
    problems = validate(make_data_dir(tmp_path, actors=actors))
    assert [(Path(p.path).name, p.line, p.column) for p in problems] == [("actors.csv", 3, "name")]
    assert problems[0].message.startswith("begins or ends with white space")


@pytest.mark.parametrize("changes, column, suggestion", [
    ({"status": "Delivered"}, "status", "delivered"),
    ({"category": "air_defense"}, "category", "air_defence"),
    ({"supplier": "Frnace"}, "supplier", "France"),
    ({"supplier": "turkey", "deal_id": "tur-arm-x"}, "supplier", "Turkey"),
])
def test_unknown_values_get_the_nearest_valid_one(tmp_path, changes, column, suggestion):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(**changes)]))
    assert [(p.column, f"did you mean {suggestion!r}?" in p.message) for p in problems] == [(column, True)]


def test_nearest_values_are_looked_for_a_bounded_number_of_times(tmp_path, monkeypatch):
    # each look-up compares a value with every valid one: once per row, with all the keys hashed again, a file
    # of many misspellings cost far more than a valid one; now once per distinct value, a bounded number of times
    import difflib

    from armsdata.validation import characters
    calls = []
    plain = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda word, *a, **k: calls.append(word) or plain(word, *a, **k))
    rows = [claim(claim_id=f"sa-{k:03d}", deal_id=f"x-{k}", supplier=f"Frnace{k}", status="shipd") for k in range(300)]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    by_column = {column: [p.message for p in problems if p.column == column] for column in ("supplier", "status")}
    assert [len(by_column["supplier"]), len(by_column["status"])] == [300, 300]
    assert sorted(calls) == sorted({f"frnace{k}" for k in range(characters.SIMILAR_LOOKUPS)} | {"shipd"})
    assert all("did you mean 'shipped'?" in m for m in by_column["status"])  # the same misspelling, once
    said = ["did you mean 'France'?" in m for m in by_column["supplier"]]
    assert said == [True] * characters.SIMILAR_LOOKUPS + [False] * (300 - characters.SIMILAR_LOOKUPS)


def test_among_very_many_keys_only_another_case_is_suggested(tmp_path, monkeypatch):
    from armsdata.validation import characters

    monkeypatch.setattr(characters, "SIMILAR_AMONG", 1)  # five names: as if there were too many to compare
    rows = [claim(supplier="france", deal_id="x-1"), claim(claim_id="sa-02", supplier="Frnace", deal_id="x-2")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.message) for p in problems] == [
        (2, "unknown actor; did you mean 'France'? (add it to actors.csv, or use a name listed there)"),
        (3, "unknown actor (add it to actors.csv, or use a name listed there)")]


def test_a_quote_with_an_ellipsis_is_told_to_use_the_gap_marker(tmp_path):
    rows = [claim(quote="France will deliver three GM200 radars … the minister said.")]
    (problem,) = validate(make_data_dir(tmp_path, transfers=rows))
    assert "then the quote has '… the minister said.' where the text has 'to Armenia, the minister said.…'" \
        in problem.message.replace("said.…", "said.…")
    assert "join two passages with '[...]'" in problem.message


def test_an_archive_that_is_not_utf8_is_reported_at_the_archive(data_dir):
    (data_dir / "archive" / "sb.txt").write_bytes(ARCHIVE_B.encode() + "Armenia re\u00e7u".encode("latin-1") + b"\n")
    (problem,) = validate(data_dir)  # the quote of sb is found all the same
    assert (problem.path, problem.line, problem.column) == (str(data_dir / "archive" / "sb.txt"), 2, "(file)")
    assert problem.message == "not valid UTF-8 (byte 0xe7 at character 11); save the file with UTF-8 encoding"


def test_the_quotes_of_an_archive_that_is_not_utf8_are_looked_for_all_the_same(data_dir):
    # they were not looked for until the archive was fixed: a quote not in it came out on the next run
    (data_dir / "archive" / "sb.txt").write_bytes("Armenia re\u00e7u 24 vehicles".encode("latin-1") + b"\n")
    problems = validate(data_dir)
    assert [(Path(p.path).name, p.line, p.column) for p in problems] == [("transfers.csv", 4, "quote"),
                                                                         ("sb.txt", 1, "(file)")]
    assert problems[0].message.startswith("not found verbatim in the archived text of sb: its beginning")
    assert problems[0].message.endswith("; the archived text is not valid UTF-8 (from its line 1 on), which may be why")


def test_problems_come_in_file_order_header_first(data_dir):
    rows = [claim(status="shipd", category="tanks", quote="   ")]
    (data_dir / "transfers.csv").write_text(transfers_text(rows), encoding="utf-8")
    text = (data_dir / "sources.csv").read_text(encoding="utf-8").replace('"outlet"', '"outlet_name"', 1)
    (data_dir / "sources.csv").write_text(text, encoding="utf-8")
    assert problems_at(data_dir) == [("transfers.csv", 2, "category"), ("transfers.csv", 2, "status"),
                                     ("transfers.csv", 2, "quote"),
                                     ("sources.csv", 1, "outlet"), ("sources.csv", 1, "outlet_name")]


def test_validate_without_a_directory_looks_where_the_loaders_look(data_dir, monkeypatch, tmp_path):
    (data_dir / "transfers.csv").write_text(transfers_text([claim(status="shipd")]), encoding="utf-8")
    monkeypatch.setenv("ARMSDATA_DATA_DIR", str(data_dir))
    monkeypatch.chdir(tmp_path)
    assert [(p.path, p.line, p.column) for p in validate()] == [(str(data_dir / "transfers.csv"), 2, "status")]


def test_an_unreadable_archive_is_reported_on_the_source_row(data_dir):
    (data_dir / "archive" / "sb.txt").unlink()
    (data_dir / "archive" / "sb.txt").mkdir()  # a directory where the text should be: cannot be read
    (problem,) = validate(data_dir)
    assert (Path(problem.path).name, problem.line, problem.column) == ("sources.csv", 3, "archive")
    assert problem.message.startswith("archived text unreadable")


def test_one_alias_given_for_two_actors(tmp_path):
    actors = [dict(ACTORS[0], aliases="Hayastan"), ACTORS[1], dict(ACTORS[2], aliases="Türkiye; Hayastan")]
    problems = validate(make_data_dir(tmp_path, actors=actors))
    assert [(Path(p.path).name, p.line, p.column, p.message) for p in problems] == [
        ("actors.csv", 4, "aliases", "alias also given for 'Armenia'")]


# --------------------------------------------------------------------------
# Systems and packages
# --------------------------------------------------------------------------

#: A claim that names no system and belongs to no package: both references are empty.
GENERIC = dict(claim_id="sa-02", deal_id="fra-arm-general", system="arms", system_id="", category="unspecified",
               quantity="", quantity_qualifier="", quote="France to sell arms to Armenia")


def located(problems) -> list[tuple[str, int, str, str]]:
    return [(Path(p.path).name, p.line, p.column, p.message) for p in problems]


def test_empty_system_id_and_parent_deal_id_refer_to_nothing(tmp_path):
    rows = [claim(), claim(**GENERIC)]
    assert validate(make_data_dir(tmp_path, transfers=rows)) == []


def test_unknown_system_id_and_parent_deal_id(tmp_path):
    rows = [claim(system_id="gm-200", parent_deal_id="fra-arm-package")]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "parent_deal_id",
         "unknown parent_deal_id (not in transfers.csv); did you mean 'fra-arm-gm200'?"),
        ("transfers.csv", 2, "system_id", "unknown system_id (not in systems.csv); did you mean 'gm200'?"),
    ]


def test_a_component_names_a_package_of_the_same_supplier_and_recipient(tmp_path):
    package = dict(GENERIC, deal_id="fra-arm-package")
    assert validate(make_data_dir(tmp_path, transfers=[claim(parent_deal_id="fra-arm-package"), claim(**package)])) == []


def test_a_deal_is_not_its_own_package(tmp_path):
    rows = [claim(parent_deal_id="fra-arm-gm200")]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "parent_deal_id", "a deal cannot be its own package")]


def test_a_package_of_another_supplier_is_refused(tmp_path):
    package = dict(GENERIC, deal_id="tur-arm-package", supplier="Turkey")
    rows = [claim(parent_deal_id="tur-arm-package"), claim(**package)]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "parent_deal_id",
         "the package is from 'Turkey' to 'Armenia'; a component has its package's supplier and recipient")]


def test_a_package_has_no_package_of_its_own(tmp_path):
    # gm200 (line 2) -> fra-arm-package (line 3) -> fra-arm-bigger (line 4): two levels, refused on line 2 only
    rows = [claim(parent_deal_id="fra-arm-package"),
            claim(**dict(GENERIC, deal_id="fra-arm-package", parent_deal_id="fra-arm-bigger")),
            claim(**dict(GENERIC, claim_id="sa-03", deal_id="fra-arm-bigger"))]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "parent_deal_id",
         "the package is itself a component of 'fra-arm-bigger'; a package cannot have a package")]


#: A deal in general words that may be the GM200 deal of the first claim (sa-01).
RADARS = dict(GENERIC, deal_id="fra-arm-radars", system="radars", category="radars_sensors",
              overlaps_deal_id="fra-arm-gm200")


def test_a_deal_may_restate_a_deal_of_the_same_supplier_and_recipient(tmp_path):
    assert validate(make_data_dir(tmp_path, transfers=[claim(), claim(**RADARS)])) == []


def test_the_deal_a_deal_may_restate_is_a_known_other_deal_of_its_pair(tmp_path):
    rows = [claim(), claim(**dict(RADARS, overlaps_deal_id="fra-arm-gm-200")),  # unknown (line 3)
            claim(**dict(RADARS, claim_id="sa-03", deal_id="fra-arm-radar", overlaps_deal_id="fra-arm-radar")),
            claim(**dict(RADARS, claim_id="sa-04", deal_id="tur-arm-radars", supplier="Turkey"))]  # France's GM200
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 3, "overlaps_deal_id",
         "unknown overlaps_deal_id (not in transfers.csv); did you mean 'fra-arm-gm200'?"),
        ("transfers.csv", 4, "overlaps_deal_id", "a deal cannot restate itself"),
        ("transfers.csv", 5, "overlaps_deal_id",
         "the deal it may restate is from 'France' to 'Armenia'; a deal may restate only a deal of its own "
         "supplier and recipient"),
    ]


def test_the_deal_a_deal_may_restate_restates_none_itself(tmp_path):
    # radars (line 3) -> air defence (line 4) -> GM200 (line 2): refused on line 3 only
    rows = [claim(), claim(**dict(RADARS, overlaps_deal_id="fra-arm-air-defence")),
            claim(**dict(RADARS, claim_id="sa-03", deal_id="fra-arm-air-defence", category="air_defence"))]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 3, "overlaps_deal_id",
         "the deal it may restate may itself restate 'fra-arm-gm200'; name the deal that restates none")]


def test_claims_of_one_deal_share_the_deal_they_may_restate(tmp_path):
    rows = [claim(), claim(**RADARS), claim(**dict(RADARS, claim_id="sa-03", overlaps_deal_id=""))]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 4, "overlaps_deal_id",
         "differs from the deal's first claim on line 3 ('fra-arm-gm200'); claims of one deal_id share "
         "overlaps_deal_id")]


def test_claims_of_one_deal_share_package_and_system(tmp_path):
    # the two Bastion claims (lines 3 and 4) disagree on the package and on the system
    package = dict(GENERIC, claim_id="sa-03", deal_id="fra-arm-package")
    rows = [TRANSFERS[0], dict(TRANSFERS[1], parent_deal_id="fra-arm-package"),
            dict(TRANSFERS[2], system_id="", system="armoured vehicles"), claim(**package)]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 4, "parent_deal_id",
         "differs from the deal's first claim on line 3 ('fra-arm-package'); claims of one deal_id share "
         "parent_deal_id"),
        ("transfers.csv", 4, "system_id",
         "differs from the deal's first claim on line 3 ('bastion'); claims of one deal_id share system_id"),
    ]


def test_a_claim_naming_a_system_has_its_category(tmp_path):
    rows = [claim(category="air_defence")]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "category", "differs from the category of system 'gm200' in systems.csv "
                                         "('radars_sensors')")]


def test_a_claim_using_a_systems_name_carries_its_id(tmp_path):
    # line 2 names GM200 without an id; line 3 calls Bastion by its alias (in another case) but links gm200
    rows = [claim(system_id=""), claim(claim_id="sa-02", deal_id="fra-arm-x", system="BASTION ARMOURED VEHICLES")]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "system_id", "'GM200' is a name of system 'gm200' in systems.csv; system_id must be 'gm200'"),
        ("transfers.csv", 3, "system_id",
         "'BASTION ARMOURED VEHICLES' is a name of system 'bastion' in systems.csv; system_id must be 'bastion'"),
    ]


def test_a_system_alias_may_not_be_another_systems_designation(tmp_path):
    systems = [system(aliases="Ground Master 200; BASTION"), SYSTEMS[1]]  # case does not tell names apart
    assert located(validate(make_data_dir(tmp_path, systems=systems))) == [
        ("systems.csv", 2, "aliases", "alias is the designation of system 'bastion'")]


def test_a_system_alias_may_not_name_two_systems(tmp_path):
    systems = [SYSTEMS[0], dict(SYSTEMS[1], aliases="Bastion armoured vehicles; ground master 200")]
    assert located(validate(make_data_dir(tmp_path, systems=systems))) == [
        ("systems.csv", 3, "aliases", "alias also given for system 'gm200'")]


def test_duplicate_system_ids_name_the_other_line(tmp_path):
    systems = [*SYSTEMS, system(designation="GM-200 bis", aliases="")]
    assert located(validate(make_data_dir(tmp_path, systems=systems))) == [
        ("systems.csv", 2, "system_id", "duplicate id; also on line 4"),
        ("systems.csv", 4, "system_id", "duplicate id; also on line 2"),
    ]


def test_system_rules(tmp_path):
    bad = system(system_id="GM 200", category="radar", producer_country="XXX", description="")
    problems = problems_at(make_data_dir(tmp_path, systems=[bad, SYSTEMS[1]]))
    assert [p for p in problems if p[0] == "systems.csv"] == [
        ("systems.csv", 2, c) for c in ("system_id", "description", "category", "producer_country")]


# --------------------------------------------------------------------------
# The register extract, when the data directory has one
# --------------------------------------------------------------------------

REGISTER_HEADER = ",".join(schema.REGISTER.columns)
REGISTER_ROW = ",Belarus,Azerbaijan,BLR,AZE,T-72M1,tank,,2004,true,60,true,60,false,2005; 2006,Second hand,,1.04,62.4,62.4"


def test_the_register_is_checked_against_its_schema_when_it_is_there(data_dir):
    assert validate(data_dir) == []  # no register/: nothing to check
    (data_dir / "register").mkdir()
    path = data_dir / "register" / "sipri.csv"
    path.write_text(f"{REGISTER_HEADER}\n{REGISTER_ROW}\n", encoding="utf-8")
    assert validate(data_dir) == []
    path.write_text(f"{REGISTER_HEADER}\n{REGISTER_ROW.replace(',2004,true,', ',20O4,yes,')}\n", encoding="utf-8")
    assert [(p.path, p.line, p.column) for p in validate(data_dir)] == [
        (str(path), 2, "order_year"), (str(path), 2, "order_year_estimated")]


def test_the_shipped_register_extract_is_valid_and_loads_typed():
    import armsdata

    register = armsdata.load_register()
    assert len(register) > 100 and register["order_year_estimated"].dtype == "boolean"
    assert register["number_delivered"].dtype == "Int64" and register["tiv_delivered"].dtype == "Float64"


def test_a_system_without_designation_is_reported_not_crashed_on(tmp_path):
    # found by fuzzing: the rule naming a claim's system read the designation of a row with a problem of its own
    systems = [system(designation=""), *SYSTEMS[1:]]
    problems = validate(make_data_dir(tmp_path, systems=systems))
    assert [(Path(p.path).name, p.line, p.column) for p in problems] == [("systems.csv", 2, "designation")]


def test_a_system_without_id_is_reported_not_crashed_on(tmp_path):
    # found by fuzzing: the key of a system whose system_id is empty went to Arrow as a float (ArrowTypeError)
    systems = [system(system_id=""), *SYSTEMS[1:]]
    problems = validate(make_data_dir(tmp_path, systems=systems))
    assert [(Path(p.path).name, p.line, p.column, p.message) for p in problems] == [
        ("transfers.csv", 2, "system_id", "unknown system_id (not in systems.csv)"),  # gm200 is no system now
        ("systems.csv", 2, "system_id", "must not be empty")]


def test_fold_bytes_keeps_what_normalise_text_gives_for_every_character():
    from armsdata.validation.quotes import fold_bytes

    for code in range(0x80, 0x10000):
        if not 0xD800 <= code < 0xE000:  # surrogates are no text
            text = f"a {chr(code)}b{chr(code)}"
            assert normalise_text(fold_bytes(text.encode()).decode()) == normalise_text(text), hex(code)


def test_the_characters_taken_as_boundaries_combine_with_nothing_before_them():
    from armsdata.validation.quotes import _is_boundary

    seconds = set()  # every character that NFC may compose with the one before it
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    hangul = {chr(c) for c in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]}  # vowels and finals compose too
    taken = [chr(c) for c in [*range(0x110000)] if not 0xD800 <= c < 0xE000 and _is_boundary(chr(c).encode(), 0)]
    assert len(taken) == 128 + 128 + 128  # ASCII, U+0080-U+00FF, U+2000-U+207F
    for char in taken:
        first = unicodedata.normalize("NFD", char)[0]
        assert unicodedata.combining(first) == 0 and first not in seconds | hangul, hex(ord(char))
    assert not any(_is_boundary(c.encode(), 0) for c in ["\u0301", "\u1161", "\u0bbe", "e\u0301"[1:]])
    assert _is_boundary(b"abc", 3)  # the end of the text

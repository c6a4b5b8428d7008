"""The validator: every bad-input case gives file:line: column: message with the right line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from armsdata import schema
from armsdata.validate import normalise_text, validate
from conftest import ACTORS, SOURCES, TRANSFERS, claim, make_data_dir, write_csv


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
                            f"{', '.join(schema.STATUS)}) (value: 'shipd')")


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
    assert "expected 16 fields like the header, found 17" in problems[0].message
    assert "found 2" in problems[1].message


def test_missing_and_unexpected_columns_are_named_on_line_1(data_dir):
    text = (data_dir / "sources.csv").read_text(encoding="utf-8").replace("outlet_country", "country")
    (data_dir / "sources.csv").write_text(text, encoding="utf-8")
    assert problems_at(data_dir) == [("sources.csv", 1, "country"), ("sources.csv", 1, "outlet_country")]


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


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "\tx", "\rx", "-x"])
def test_formula_like_cells_are_rejected(tmp_path, cell):
    data = make_data_dir(tmp_path, transfers=[claim(notes=cell)])
    problems = validate(data)
    assert [(p.line, p.column) for p in problems] == [(2, "notes")]
    assert "spreadsheet formula" in problems[0].message


def test_a_negative_number_is_not_a_formula_but_not_a_quantity_either(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(notes="-5"), claim(claim_id="sa-02", quantity="-3")])
    problems = validate(data)
    assert [(p.line, p.column) for p in problems] == [(3, "quantity")]
    assert problems[0].message.startswith("not a whole number")


def test_duplicate_ids_name_the_other_line(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(), claim(claim_id="sa-02"), claim()])
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
    assert problems[0].message == "not found verbatim in the archived text of sa"


def test_quote_matching_forgives_only_whitespace_quotes_and_dashes(tmp_path):
    # the archive has ’ and “ ” and a line break; the quote uses ' and " and a space
    rows = [claim(quote="Paris - France will deliver three GM200 radars [...] Turkey's president called "
                        "the sale of 50 \"Bastion\"   vehicles")]
    assert validate(make_data_dir(tmp_path, transfers=rows)) == []


def test_quantity_and_value_must_be_stated_in_the_quote(tmp_path):
    rows = [claim(quantity="4"), claim(claim_id="sa-02", value="250000000", currency="USD")]
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
    row = claim(quantity="500000", value="250000000", currency="USD", quote=SALE)
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
    assert problems == [("sources.csv", 3, c) for c in ("outlet_country", "published", "source_type", "url")]


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


def test_one_run_reports_schema_and_cross_file_problems_of_different_rows(tmp_path):
    rows = [claim(status="shipd"),  # a schema problem on line 2
            claim(claim_id="sa-02", quantity="", quantity_qualifier="", quote="France will sell tanks."),  # line 3
            claim(claim_id="sa-03", status="shipd", quote="Not in the archive")]  # line 4: schema only
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(2, "status"), (3, "quote"), (4, "status")]


def test_a_claim_is_not_blamed_for_its_source_row_having_a_problem(tmp_path):
    sources = [{**SOURCES[0], "source_type": "blog"}, SOURCES[1]]  # sa has a problem of its own
    problems = validate(make_data_dir(tmp_path, sources=sources))
    assert [(p.path.endswith("sources.csv"), p.line, p.column) for p in problems] == [(True, 2, "source_type")]


def test_cross_file_rules_wait_for_a_readable_header(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(quote="Not in the archive")])
    text = (data / "sources.csv").read_text(encoding="utf-8")
    (data / "sources.csv").write_text(text.replace('"outlet"', '"outlet_name"', 1), encoding="utf-8")
    problems = validate(data)
    assert {p.column for p in problems} == {"outlet", "outlet_name"}  # header problems only, no quote problem

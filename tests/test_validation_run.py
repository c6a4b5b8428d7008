"""The validator over a data directory: every file read and checked, problems in file order, as
``file:line: column: message`` with the right line; it never writes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from armsdata import schema
from armsdata.validation import validate
from conftest import TRANSFERS, claim, make_data_dir, where


def transfers_text(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=schema.TRANSFERS.columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


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
    assert where(validate(data)) == [("transfers.csv", 5, "status")]


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


def test_empty_file(data_dir):
    (data_dir / "actors.csv").write_text("", encoding="utf-8")
    (problem,) = validate(data_dir)
    assert where([problem]) == [("actors.csv", 1, "(file)")]
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


def test_validate_never_writes(data_dir):
    (data_dir / "transfers.csv").write_text(transfers_text([claim(status="x")]), encoding="utf-8")
    before = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in data_dir.rglob("*")}
    assert validate(data_dir)
    assert {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in data_dir.rglob("*")} == before


def test_validate_without_a_directory_looks_where_the_loaders_look(data_dir, monkeypatch, tmp_path):
    (data_dir / "transfers.csv").write_text(transfers_text([claim(status="shipd")]), encoding="utf-8")
    monkeypatch.setenv("ARMSDATA_DATA_DIR", str(data_dir))
    monkeypatch.chdir(tmp_path)
    assert [(p.path, p.line, p.column) for p in validate()] == [(str(data_dir / "transfers.csv"), 2, "status")]


def test_one_run_reports_schema_and_cross_file_problems_of_every_row(tmp_path):
    rows = [claim(status="shipd"),  # a schema problem on line 2
            claim(claim_id="sa-02", quantity="", quantity_qualifier="", quote="France will sell tanks."),  # line 3
            claim(claim_id="sa-03", status="shipd", quote="Not in the archive")]  # line 4: both (the quote has no 3)
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(2, "status"), (3, "quote"), (4, "quantity"), (4, "status"),
                                                      (4, "quote")]


def test_cross_file_rules_wait_for_a_readable_header(tmp_path):
    data = make_data_dir(tmp_path, transfers=[claim(quote="Not in the archive")])
    text = (data / "sources.csv").read_text(encoding="utf-8")
    (data / "sources.csv").write_text(text.replace('"outlet"', '"outlet_name"', 1), encoding="utf-8")
    problems = validate(data)
    assert {p.column for p in problems} == {"outlet", "outlet_name"}  # header problems only, no quote problem


def test_problems_come_in_file_order_header_first(data_dir):
    rows = [claim(status="shipd", category="tanks", quote="   ")]
    (data_dir / "transfers.csv").write_text(transfers_text(rows), encoding="utf-8")
    text = (data_dir / "sources.csv").read_text(encoding="utf-8").replace('"outlet"', '"outlet_name"', 1)
    (data_dir / "sources.csv").write_text(text, encoding="utf-8")
    assert where(validate(data_dir)) == [("transfers.csv", 2, "category"), ("transfers.csv", 2, "status"),
                                     ("transfers.csv", 2, "quote"),
                                     ("sources.csv", 1, "outlet"), ("sources.csv", 1, "outlet_name")]


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

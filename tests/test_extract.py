"""The .extract.json beside a register CSV: written by import-sipri, read by the loader, checked by validate,
and what compare makes of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import armsdata
from armsdata import schema
from armsdata.cli import main
from armsdata.io import DataError
from armsdata.extract import extract_json, extract_path, extract_problems, read_extract
from conftest import REPO, make_data_dir

FIXTURES = Path(__file__).parent / "fixtures" / "sipri"


def test_the_sidecar_is_beside_the_csv_and_reads_back():
    assert extract_path("data/register/sipri.csv") == Path("data/register/sipri.extract.json")
    assert extract_path("mine.register.csv") == Path("mine.register.extract.json")


def test_written_and_read_back(tmp_path):
    register = tmp_path / "reg.csv"
    assert read_extract(register) == {"source": None, "generated": None, "actors": None}  # no sidecar: everything
    extract_path(register).write_text(extract_json("export.csv", "2026-05-18", ["Azerbaijan", "Armenia"]), "utf-8")
    assert read_extract(register) == {"source": "export.csv", "generated": "2026-05-18",
                                      "actors": ("Armenia", "Azerbaijan")}
    extract_path(register).write_text(extract_json("export.csv", None, None), "utf-8")
    assert read_extract(register)["actors"] is None


@pytest.mark.parametrize(("text", "expected"), [
    ('{"source": "x.csv",\n "actors": ["Armenia",]}',
     ["reg.extract.json:2: (file): not valid JSON: Expecting value (column 23); write it as "
      "'armsdata import-sipri --out' does"]),
    ('["Armenia"]', ["reg.extract.json:1: (file): not a JSON object; expected the keys source, generated, actors"]),
    ('{"source": "x.csv",\n "actor": ["Armenia"]}',
     ["reg.extract.json:2: actor: unknown key; expected one of source, generated, actors"]),
    ('{"source": "x.csv",\n "generated": "18 May 2026",\n "actors": "Armenia"}',
     ["reg.extract.json:2: generated: not a date YYYY-MM-DD or null (value: '18 May 2026')",
      "reg.extract.json:3: actors: not a non-empty list of actor names, or null (the whole export) "
      "(value: 'Armenia')"]),
    ('{"generated": null}', ["reg.extract.json:0: source: missing or not a text; give the file name of the SIPRI "
                             "export"]),
])
def test_a_wrong_sidecar_is_refused_with_its_line(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    Path("reg.extract.json").write_text(text, encoding="utf-8")
    assert [str(p) for p in extract_problems("reg.csv")] == expected
    with pytest.raises(DataError) as raised:
        read_extract("reg.csv")
    assert [str(p) for p in raised.value.problems] == expected


def test_an_actor_actors_csv_does_not_list_is_named(tmp_path):
    extract_path(tmp_path / "reg.csv").write_text(extract_json("x.csv", None, ["Armenia", "Azerbajan"]), "utf-8")
    problems = extract_problems(tmp_path / "reg.csv", {"Armenia", "Azerbaijan"})
    assert [(p.line, p.column, p.value) for p in problems] == [(6, "actors", "Azerbajan")]


def test_validate_checks_the_shipped_sidecar_against_actors_csv(tmp_path):
    data = make_data_dir(tmp_path)
    (data / "register").mkdir()
    shutil.copy(REPO / "data" / schema.REGISTER.filename, data / schema.REGISTER.filename)
    extract_path(data / schema.REGISTER.filename).write_text(extract_json("x.csv", None, ["Atlantis"]), "utf-8")
    problems = armsdata.validate(data)
    assert [(Path(p.path).name, p.column, p.value) for p in problems] == [("sipri.extract.json", "actors",
                                                                          "Atlantis")]


def test_the_loader_puts_what_the_register_holds_in_attrs(tmp_path):
    shipped = armsdata.load_register(path=REPO / "data" / schema.REGISTER.filename)
    assert shipped.attrs == json.loads((REPO / "data" / "register" / "sipri.extract.json").read_text("utf-8")) | {
        "actors": ("Armenia", "Azerbaijan")}
    copy = tmp_path / "register.csv"
    shutil.copy(REPO / "data" / schema.REGISTER.filename, copy)
    assert armsdata.load_register(path=copy).attrs["actors"] is None  # no sidecar: a whole register
    extract_path(copy).write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON"):
        armsdata.load_register(path=copy)


def test_import_sipri_records_what_it_keeps_beside_what_it_writes(tmp_path, capsys):
    data = make_data_dir(tmp_path)
    out = tmp_path / "israel.csv"
    assert main(["import-sipri", str(FIXTURES / "register.csv"), "--actor", "Armenia", "--data", str(data),
                 "--out", str(out)]) == 0
    assert json.loads(extract_path(out).read_text("utf-8")) == {
        "source": "register.csv", "generated": "2026-05-18", "actors": ["Armenia"]}
    assert f"to {out} (what it covers: {extract_path(out)})" in capsys.readouterr().err
    # the whole export: every actor
    assert main(["import-sipri", str(FIXTURES / "register.csv"), "--out", str(out)]) == 0
    assert json.loads(extract_path(out).read_text("utf-8"))["actors"] is None


def test_import_sipri_to_stdout_says_the_actors_are_not_recorded(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = make_data_dir(tmp_path)
    assert main(["import-sipri", str(FIXTURES / "register.csv"), "--actor", "Armenia", "--data", str(data)]) == 0
    err = capsys.readouterr().err
    assert "the actors it keeps are recorded nowhere" in err and "use --out" in err
    assert not list(tmp_path.glob("*.extract.json"))


def test_import_sipri_does_not_overwrite_a_file_of_that_name_that_is_not_its(tmp_path, capsys):
    out = tmp_path / "notes.csv"
    foreign = extract_path(out)
    foreign.write_text("my own notes\n", encoding="utf-8")
    assert main(["import-sipri", str(FIXTURES / "register.csv"), "--out", str(out)]) == 2
    assert "is not what 'import-sipri' writes" in capsys.readouterr().err
    assert foreign.read_text("utf-8") == "my own notes\n" and not out.exists()


def test_compare_of_a_users_extract_knows_which_pairs_it_holds(tmp_path, capsys):
    # A register of the deals of Azerbaijan only (the shipped extract's rows of Azerbaijan): France ->
    # Armenia is then outside it, not "not in the register".
    rows = (REPO / "data" / schema.REGISTER.filename).read_text("utf-8").splitlines()
    mine = tmp_path / "azerbaijan.csv"
    mine.write_text("\n".join([rows[0], *(r for r in rows[1:] if ",Azerbaijan," in r)]) + "\n", encoding="utf-8")
    extract_path(mine).write_text(extract_json("x.csv", None, ["Azerbaijan"]), encoding="utf-8")
    assert main(["compare", "--data", str(REPO / "data"), "--register", str(mine), "--format", "csv",
                 "--verdict", "not_covered"]) == 0
    listed = capsys.readouterr().out
    assert "fra-arm-bastion," in listed and "tur-aze-bayraktar-tb2" not in listed
    assert "the register extract holds the deals of Azerbaijan only" in listed

"""The command line: exit codes, output format, help, and no tracebacks."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from armsdata.cli import main
from conftest import REPO

LINE = re.compile(r"^[^:]+:\d+: [^:]+: .+$")


def test_validate_ok(data_dir, capsys):
    assert main(["validate", str(data_dir)]) == 0
    assert capsys.readouterr().out == f"{data_dir}: valid\n"
    assert main(["validate", "-q", str(data_dir)]) == 0
    assert capsys.readouterr().out == ""


def test_validate_invalid_prints_one_line_per_problem(data_dir, capsys):
    path = data_dir / "transfers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"intent"', '"shipd"'), encoding="utf-8")
    (data_dir / "sources.csv").write_bytes(b"\xff\xfe")
    assert main(["validate", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert all(LINE.match(line) for line in lines)
    # in file order: transfers.csv, sources.csv, actors.csv
    assert lines[0].startswith(f"{data_dir}/transfers.csv:2: status: unknown value")
    assert lines[1] == (f"{data_dir}/sources.csv:1: (file): not valid UTF-8 (byte 0xff at character 1); "
                        "save the file with UTF-8 encoding")
    assert len(lines) == 2 and err == "2 problem(s) found\n"


def test_missing_directory_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "no such data directory" in capsys.readouterr().err


def test_bad_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--frobnicate"])
    assert exit_.value.code == 2


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"], ["codebook", "--help"]])
def test_help_explains_itself(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    assert "usage: armsdata" in capsys.readouterr().out


def test_installed_command_never_prints_a_traceback(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "transfers.csv").write_text('claim_id,"unterminated\n', encoding="utf-8")
    (data / "sources.csv").write_bytes(b"")
    run = subprocess.run([sys.executable, "-m", "armsdata.cli", "validate", str(data)],
                         capture_output=True, text=True, cwd=tmp_path, env={**os.environ})
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert all(LINE.match(line) for line in run.stdout.splitlines())
    assert f"{data}/actors.csv:0: (file): file not found" in run.stdout


def test_codebook_is_in_sync_with_the_schema(capsys):
    assert main(["codebook", "--check", "--file", str(REPO / "CODEBOOK.md")]) == 0


def test_codebook_checks_with_check_and_rewrites_by_default(tmp_path, capsys):
    from armsdata.codebook import BEGIN, END
    book = tmp_path / "CODEBOOK.md"
    stale = f"# x\nhand-written rules\n{BEGIN}\nstale\n{END}\nmore rules\n"
    book.write_text(stale, encoding="utf-8")
    assert main(["codebook", "--check", "--file", str(book)]) == 1
    assert capsys.readouterr().out == f"{book}: out of date with armsdata/schema/; run 'armsdata codebook'\n"
    assert book.read_text(encoding="utf-8") == stale  # --check wrote nothing
    assert main(["codebook", "--file", str(book)]) == 0
    assert capsys.readouterr().out == f"{book}: rewritten\n"
    text = book.read_text(encoding="utf-8")
    assert "| `shipped` |" in text and text.startswith("# x\nhand-written rules\n") and text.endswith("more rules\n")
    assert main(["codebook", "--check", "--file", str(book)]) == 0
    assert capsys.readouterr().out.endswith(f"{book}: up to date\n")
    with pytest.raises(SystemExit) as exit_:  # writing is the default: there is no --write
        main(["codebook", "--write", "--file", str(book)])
    assert exit_.value.code == 2 and "unrecognized arguments: --write" in capsys.readouterr().err


def test_codebook_without_markers_is_refused(tmp_path, capsys):
    book = tmp_path / "CODEBOOK.md"
    book.write_text("# no markers\n", encoding="utf-8")
    assert main(["codebook", "--file", str(book)]) == 1
    assert "must contain the markers" in capsys.readouterr().err
    assert book.read_text(encoding="utf-8") == "# no markers\n"


@pytest.mark.parametrize("command", [["validate"], ["discrepancies", "--data"]])
def test_a_closed_pipe_ends_the_command_quietly(tmp_path, command):
    """`armsdata validate | head`: the reader goes away; no "internal error", no traceback, exit 141."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "transfers.csv").write_text("claim_id\n" + "x\n" * 5000, encoding="utf-8")  # many problems
    if command[0] == "discrepancies":
        data = REPO / "data"
    run = subprocess.Popen([sys.executable, "-m", "armsdata.cli", *command, str(data)], cwd=tmp_path,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    run.stdout.close()  # long before the command has imported pandas, let alone written a line
    err = run.stderr.read().decode()
    assert run.wait() == 141
    assert "internal error" not in err and "Traceback" not in err and "Exception ignored" not in err


# --------------------------------------------------------------------------
# compare
# --------------------------------------------------------------------------


def comparison_rows():
    """What compare_register gives, by hand: a differing press deal and a register-only deal."""
    from armsdata import register

    rows = [{"deal_id": "fra-arm-bastion", "kind": "single", "supplier": "France", "recipient": "Armenia",
             "system": "Bastion", "register_designation": "Bastion", "register_order_year": 2023,
             "register_ordered": 24, "register_delivered": 24, "register_delivery_years": "2023",
             "press_quantities": "50 agreed; 24 delivered", "press_stage": "delivered", "verdict": "differs",
             "explanation": "press 50 (agreed) vs register 24 ordered, 24 delivered 2023"},
            {"deal_id": None, "supplier": "India", "recipient": "Armenia", "system": "Akash",
             "register_designation": "Akash", "register_order_year": 2023, "register_ordered": 15,
             "register_delivered": 2, "register_delivery_years": "2024; 2025", "verdict": "register_only",
             "explanation": "no press deal of India to Armenia names Akash ordered 2023: 15 ordered, "
                            "2 delivered 2024, 2025"}]
    table = pd.DataFrame(rows, columns=list(register.COLUMNS))
    for column in ("register_order_year", "register_ordered", "register_delivered", "press_order_year"):
        table[column] = table[column].astype("Int64")
    return table


@pytest.fixture
def compared(data_dir, monkeypatch):
    """The data directory with a register file; compare_register replaced by one that loads the register it
    is given (a table, or a path) and records its arguments (for a table, the directory it comes from)."""
    from armsdata import register, schema
    from armsdata.load import load_register
    from conftest import write_csv

    (data_dir / "register").mkdir()
    write_csv(data_dir / schema.REGISTER.filename, [], schema.REGISTER.columns)
    calls = []

    def compare_register(claims, given, *, systems, actors, categories):
        table = given if isinstance(given, pd.DataFrame) else load_register(path=given)
        calls.append((len(claims), table.attrs.get("data_dir", str(given)), list(systems["system_id"]),
                      list(actors["name"]), len(categories) > 0))
        return comparison_rows()

    monkeypatch.setattr(register, "compare_register", compare_register)
    return data_dir, calls


def test_compare_reads_the_data_and_its_register(compared, capsys):
    data_dir, calls = compared
    assert main(["compare", "--data", str(data_dir), "--format", "csv"]) == 0
    # the data's register, loaded with the data; it has no register/categories.csv: the package's is used
    assert calls == [(3, str(data_dir), ["gm200", "bastion"], ["Armenia", "France", "Turkey"], True)]
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("deal_id,kind,supplier,recipient,system,register_designation,register_order_year,"
                        "register_ordered,register_delivered,register_delivery_years,press_quantities,press_stage,"
                        "press_order_year,press_delivery_years,matched_by,verdict,explanation")
    assert lines[1].startswith("fra-arm-bastion,single,France,Armenia,Bastion,Bastion,2023,24,24,2023,")
    assert lines[2].startswith(",,India,Armenia,Akash,Akash,2023,15,2,2024; 2025,,,,,,register_only,")


def test_compare_checks_each_file_once(data_dir, monkeypatch, capsys):
    from conftest import count_schema_checks
    from test_database import with_register

    with_register(data_dir)
    checks = count_schema_checks(monkeypatch)
    assert main(["compare", "--data", str(data_dir), "--format", "csv"]) == 0
    assert "fra-arm-bastion,single,France,Armenia,Bastion,Bastion,2023,24,24,2023; 2024," in capsys.readouterr().out
    # the data has no categories of its own: the package's are checked, once
    assert checks == {"transfers": 1, "sources": 1, "actors": 1, "systems": 1, "register": 1,
                      "register_categories": 1}


def test_compare_formats_and_verdict_filter(compared, capsys):
    import json

    data_dir, _ = compared
    assert main(["compare", "--data", str(data_dir), "--format", "json", "--verdict", "register_only"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["deal_id"], r["system"], r["register_ordered"], r["verdict"]) for r in records] == [
        (None, "Akash", 15, "register_only")]
    assert main(["compare", "--data", str(data_dir)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["verdict", "deal_id", "supplier", "recipient", "system", "explanation"]
    assert table[1].split()[:5] == ["differs", "fra-arm-bastion", "France", "Armenia", "Bastion"]
    assert table[2].split()[:5] == ["register_only", "-", "India", "Armenia", "Akash"]
    assert table[1].endswith("press 50 (agreed) vs register 24 ordered, 24 delivered 2023")


def test_compare_refuses_a_missing_register_and_an_invalid_one(compared, tmp_path, capsys):
    data_dir, _ = compared
    assert main(["compare", "--data", str(data_dir), "--register", str(tmp_path / "none.csv")]) == 2
    assert capsys.readouterr().err == (f"armsdata: error: no such register file: {tmp_path / 'none.csv'} (give one "
                                       "with --register; 'armsdata import-sipri' writes one)\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("supplier,recipient\nFrance,Armenia\n", encoding="utf-8")
    assert main(["compare", "--data", str(data_dir), "--register", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out and all(LINE.match(line) for line in out.splitlines())
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "--data", str(data_dir), "--verdict", "maybe"])
    assert exit_.value.code == 2


def test_an_unexpected_error_is_one_line_and_exit_3(data_dir, monkeypatch, capsys):
    from armsdata import validation

    def broken(directory):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(validation, "validate", broken)
    monkeypatch.delenv("ARMSDATA_DEBUG", raising=False)
    assert main(["validate", str(data_dir)]) == 3
    out, err = capsys.readouterr()
    assert out == "" and err == ("armsdata: internal error: RuntimeError: something nobody foresaw "
                                 "(please report this with the command you ran)\n")


@pytest.mark.parametrize("argv, environment", [
    (["--debug", "validate"], {}),
    (["validate", "--debug"], {}),
    (["validate"], {"ARMSDATA_DEBUG": "1"}),
])
def test_debug_prints_the_traceback_of_an_internal_error(data_dir, monkeypatch, capsys, argv, environment):
    from armsdata import validation

    def broken(directory):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(validation, "validate", broken)
    monkeypatch.delenv("ARMSDATA_DEBUG", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert main([*argv, str(data_dir)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "Traceback (most recent call last):"
    assert err[-2] == "RuntimeError: something nobody foresaw"
    assert any(line.endswith(", in broken") for line in err)  # where it was raised
    assert err[-1] == ("armsdata: internal error: RuntimeError: something nobody foresaw "
                       "(please report this with the command you ran)")


def test_debug_is_an_option_of_every_command_and_says_so(monkeypatch, capsys):
    from armsdata.cli import build_parser

    monkeypatch.setenv("ARMSDATA_DEBUG", "0")  # "0" means off
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    for argv in [[], *([name] for name in commands)]:
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        shown = " ".join(capsys.readouterr().out.split())
        assert "--debug on an internal error (exit 3), also print its traceback (or set ARMSDATA_DEBUG=1)" in shown
    assert len(commands) >= 10

"""The command line: exit codes, output format, help, and no tracebacks."""

from __future__ import annotations

import os
import re
import subprocess
import sys

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
    assert capsys.readouterr().out == f"{book}: out of date with armsdata/schema.py; run 'armsdata codebook'\n"
    assert book.read_text(encoding="utf-8") == stale  # --check wrote nothing
    assert main(["codebook", "--file", str(book)]) == 0
    assert capsys.readouterr().out == f"{book}: rewritten\n"
    text = book.read_text(encoding="utf-8")
    assert "| `shipped` |" in text and text.startswith("# x\nhand-written rules\n") and text.endswith("more rules\n")
    assert main(["codebook", "--check", "--file", str(book)]) == 0
    # the old --write still works, as a no-op spelling of the default
    assert main(["codebook", "--write", "--file", str(book)]) == 0
    assert capsys.readouterr().out.endswith(f"{book}: up to date\n")


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

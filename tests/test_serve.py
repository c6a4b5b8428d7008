"""armsdata serve: builds the database and hands it to Datasette on loopback; says how to install Datasette
where it is missing. No test opens a port: the command Datasette would run is captured instead."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from armsdata.cli import main
from armsdata.database import DATABASE, METADATA
from armsdata.outdir import MANIFEST
from armsdata.serve import PUBLISH_HINT, datasette_command, serve
from conftest import claim, make_data_dir


class FakeDatasette:
    """Stands in for ``subprocess.call``: records the command and what the database held when it ran."""

    def __init__(self, code: int = 0):
        self.code = code
        self.commands: list[list[str]] = []
        self.claims: list[str] = []

    def __call__(self, command: list[str]) -> int:
        self.commands.append(command)
        database = Path(command[command.index("--immutable") + 1])
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            self.claims = [c for (c,) in db.execute("SELECT claim_id FROM claims ORDER BY claim_id")]
        return self.code


def test_serve_builds_the_database_and_runs_datasette_on_it(data_dir):
    fake = FakeDatasette()
    assert serve(data_dir, run=fake) == 0
    (command,) = fake.commands
    assert command[:4] == [sys.executable, "-m", "datasette", "serve"]
    assert command[command.index("--host") + 1] == "127.0.0.1" and command[command.index("--port") + 1] == "8001"
    database, metadata = Path(command[command.index("--immutable") + 1]), Path(command[command.index("--metadata")
                                                                                       + 1])
    assert (database.name, metadata.parent) == (DATABASE, database.parent)
    assert fake.claims == ["sa-01", "sa-02", "sb-01"]  # the three claims of the hand-made data
    assert not database.parent.exists()  # the temporary directory is gone once Datasette stops


def test_serve_keeps_the_database_in_a_given_directory(data_dir, tmp_path):
    fake = FakeDatasette(code=0)
    assert serve(data_dir, out_dir=tmp_path / "site", host="127.0.0.2", port=9000, run=fake) == 0
    assert fake.commands == [datasette_command(tmp_path / "site", host="127.0.0.2", port=9000)]
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [MANIFEST, DATABASE, METADATA]


def test_cli_serve_passes_host_and_port_and_says_where(data_dir, monkeypatch, capsys):
    fake = FakeDatasette()
    monkeypatch.setattr("armsdata.serve.subprocess.call", fake)
    assert main(["serve", "--data", str(data_dir), "--port", "8123"]) == 0
    (command,) = fake.commands
    assert command[-4:] == ["--host", "127.0.0.1", "--port", "8123"]
    assert "http://127.0.0.1:8123/" in capsys.readouterr().err


def test_without_datasette_serve_says_how_to_install_it(data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "datasette", None)  # makes `import datasette` raise ImportError
    fake = FakeDatasette()
    monkeypatch.setattr("armsdata.serve.subprocess.call", fake)
    assert main(["serve", "--data", str(data_dir), "--out", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Datasette" in err and PUBLISH_HINT in err
    assert "uv sync --extra publish" in PUBLISH_HINT and "pip install 'armsdata[publish]'" in PUBLISH_HINT
    assert fake.commands == [] and not (tmp_path / "site").exists()  # nothing built, nothing run


def test_invalid_data_is_not_served(tmp_path, monkeypatch, capsys):
    data = make_data_dir(tmp_path, transfers=[claim(status="shipd")])
    fake = FakeDatasette()
    monkeypatch.setattr("armsdata.serve.subprocess.call", fake)
    assert main(["serve", "--data", str(data)]) == 1
    assert f"{data}/transfers.csv:2: status: unknown value" in capsys.readouterr().out
    assert fake.commands == []


def test_a_datasette_that_fails_is_an_error(data_dir, monkeypatch, capsys):
    monkeypatch.setattr("armsdata.serve.subprocess.call", FakeDatasette(code=1))  # a port in use, say
    assert main(["serve", "--data", str(data_dir)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "armsdata: error: Datasette stopped with exit code 1"


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_bad_port_is_a_usage_error(data_dir, port, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--data", str(data_dir), "--port", port])
    assert stopped.value.code == 2 and "not a port number" in capsys.readouterr().err

"""armsdata serve: builds the database and hands it to Datasette on loopback; says how to install Datasette
where it is missing; however it stops, stops Datasette and removes its temporary directory.

In this process no test opens a port: the command Datasette would run is captured instead. The
tests of stopping run the real command, and Datasette, in processes of their own."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from armsdata.cli import main
from armsdata.database import DATABASE, METADATA
from armsdata.outdir import MANIFEST
from armsdata.serve import PUBLISH_HINT, datasette_command, serve
from conftest import claim, make_data_dir


@pytest.fixture(autouse=True)
def no_server_in_this_process(monkeypatch):
    """A test that forgets its fake fails, rather than serving on a real port until it is killed."""
    def refuse(command):
        raise AssertionError(f"a test started Datasette in the test process: {command}")
    monkeypatch.setattr("armsdata.serve.run_datasette", refuse)


class FakeDatasette:
    """Stands in for ``run_datasette``: records the command and what the database held when it ran."""

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
    monkeypatch.setattr("armsdata.serve.run_datasette", fake)
    assert main(["serve", "--data", str(data_dir), "--port", "8123"]) == 0
    (command,) = fake.commands
    assert command[-4:] == ["--host", "127.0.0.1", "--port", "8123"]
    assert "http://127.0.0.1:8123/" in capsys.readouterr().err


def test_without_datasette_serve_says_how_to_install_it(data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "datasette", None)  # makes `import datasette` raise ImportError
    fake = FakeDatasette()
    monkeypatch.setattr("armsdata.serve.run_datasette", fake)
    assert main(["serve", "--data", str(data_dir), "--out", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Datasette" in err and PUBLISH_HINT in err
    assert "uv sync --extra publish" in PUBLISH_HINT and "pip install 'armsdata[publish]'" in PUBLISH_HINT
    assert fake.commands == [] and not (tmp_path / "site").exists()  # nothing built, nothing run


def test_invalid_data_is_not_served(tmp_path, monkeypatch, capsys):
    data = make_data_dir(tmp_path, transfers=[claim(status="shipd")])
    fake = FakeDatasette()
    monkeypatch.setattr("armsdata.serve.run_datasette", fake)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch := tmp_path / "tmp"))
    scratch.mkdir()
    assert main(["serve", "--data", str(data)]) == 1
    assert f"{data}/transfers.csv:2: status: unknown value" in capsys.readouterr().out
    assert fake.commands == [] and list(scratch.iterdir()) == []  # the error while building left nothing


def test_a_given_out_directory_is_kept_when_datasette_fails(data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr("armsdata.serve.run_datasette", FakeDatasette(code=1))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch := tmp_path / "tmp"))
    scratch.mkdir()
    assert main(["serve", "--data", str(data_dir), "--out", str(tmp_path / "site")]) == 2
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [MANIFEST, DATABASE, METADATA]
    assert list(scratch.iterdir()) == []  # and no temporary directory was made for nothing


def test_a_datasette_that_fails_is_an_error(data_dir, monkeypatch, capsys):
    monkeypatch.setattr("armsdata.serve.run_datasette", FakeDatasette(code=1))  # a port in use, say
    assert main(["serve", "--data", str(data_dir)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "armsdata: error: Datasette stopped with exit code 1"


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_bad_port_is_a_usage_error(data_dir, port, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--data", str(data_dir), "--port", port])
    assert stopped.value.code == 2 and "not a port number" in capsys.readouterr().err


# --------------------------------------------------------------------------
# Stopping the real command: no Datasette left serving, no temporary directory left behind
# --------------------------------------------------------------------------

needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="finds child processes in /proc")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            if f"\nPPid:\t{pid}\n" in status.read_text():
                found.append(int(status.parent.name))
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not exited (a zombie has)."""
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def serve_command(data_dir: Path, tmp_path: Path, port: int):
    """``armsdata serve`` in a session of its own, its temporary files under ``tmp_path/tmp``; killed afterwards,
    with the Datasette it started, whatever the test found."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with open(tmp_path / "stderr.txt", "wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "armsdata.cli", "serve", "--data", str(data_dir),
                                    "--port", str(port)], env={**os.environ, "TMPDIR": str(scratch)},
                                   stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    started: list[int] = []
    try:
        yield process, started, scratch
    finally:
        for pid in [process.pid, *started]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@needs_proc
@pytest.mark.parametrize("signum, to_group", [
    (signal.SIGTERM, False),  # kill PID
    (signal.SIGHUP, True),  # the terminal closed: its foreground process group, Datasette too, gets SIGHUP
    pytest.param(signal.SIGHUP, False, marks=pytest.mark.slow),
    pytest.param(signal.SIGINT, True, marks=pytest.mark.slow),  # Ctrl-C (Datasette stops on its own too)
    (signal.SIGINT, False),  # kill -INT PID
], ids=["SIGTERM", "SIGHUP-group", "SIGHUP", "SIGINT-group", "SIGINT"])
def test_stopping_the_command_stops_datasette_and_removes_its_files(data_dir, tmp_path, signum, to_group):
    pytest.importorskip("datasette")
    port = free_port()
    with serve_command(data_dir, tmp_path, port) as (process, started, scratch):
        assert wait_until(lambda: answers(port) or process.poll() is not None, 120) and process.poll() is None, (
            (tmp_path / "stderr.txt").read_text())
        started += children(process.pid)
        assert len(started) == 1 and len(list(scratch.iterdir())) == 1  # Datasette, and armsdata-serve-*
        (os.killpg if to_group else os.kill)(process.pid, signum)
        code = process.wait(timeout=60)
        assert wait_until(lambda: not any(running(pid) for pid in started), 10), "Datasette is still running"
        assert not answers(port)
        assert list(scratch.iterdir()) == []
        assert code == 128 + signum  # as a shell reports a command the signal stopped


@needs_proc
def test_a_datasette_that_cannot_start_leaves_nothing_behind(data_dir, tmp_path):
    pytest.importorskip("datasette")
    with socket.socket() as taken:  # the port is in use: Datasette exits at once
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with serve_command(data_dir, tmp_path, taken.getsockname()[1]) as (process, _, scratch):
            assert process.wait(timeout=120) == 2
            assert list(scratch.iterdir()) == []
    # uvicorn exits with code 3 when it cannot bind
    assert (tmp_path / "stderr.txt").read_text().splitlines()[-1].startswith(
        "armsdata: error: Datasette stopped with exit code ")

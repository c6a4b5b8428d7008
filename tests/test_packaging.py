"""Installed from a wheel, outside the repository, the package loads its data, analyses and validates it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from armsdata.io import read_table
from conftest import REPO

ANALYSES = """
import armsdata
claims = armsdata.load_transfers()
assert str(armsdata.resolve_data_dir()).endswith("site-packages/armsdata/data"), armsdata.resolve_data_dir()
for name in ["who_arms_whom", "deals", "discrepancies", "provenance", "supplier_pipeline", "timeline"]:
    assert len(getattr(armsdata, name)(claims)) > 0, name
assert len(armsdata.perspective(claims, by="outlet_country")) > 0
print(len(claims))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if shutil.which("uv") is None:
        pytest.skip("uv is needed to build the wheel")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(["uv", "build", "--wheel", "--out-dir", str(out), str(REPO)], check=True, capture_output=True)
    (built,) = out.glob("armsdata-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_ships_the_curated_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"armsdata/data/{p.relative_to(REPO / 'data').as_posix()}"
                for p in (REPO / "data").rglob("*") if p.is_file()}
    assert expected and expected <= names


@pytest.mark.slow
def test_installed_outside_the_repository_it_loads_analyses_and_validates(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(["uv", "pip", "install", "--quiet", "--python", str(python), str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    loaded = subprocess.run([str(python), "-c", ANALYSES], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert int(loaded.stdout) == len(read_table(REPO / "data" / "transfers.csv"))
    validated = subprocess.run([str(venv / "bin" / "armsdata"), "validate"], cwd=elsewhere, env=env,
                               capture_output=True, text=True)
    assert validated.returncode == 0 and validated.stdout.strip().endswith(": valid"), validated.stdout + validated.stderr


@pytest.mark.slow
def test_installed_without_extras_it_exports_sqlite_and_serve_says_how_to_get_datasette(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(["uv", "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), str(wheel)],
                   check=True)
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    armsdata = str(venv / "bin" / "armsdata")
    exported = subprocess.run([armsdata, "export", "--format", "sqlite", "--out", "out"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0 and (tmp_path / "out" / "armsdata.db").is_file(), exported.stderr
    # datasette is the publish extra, not installed here: one line saying how, before anything is built
    served = subprocess.run([armsdata, "serve", "--out", "site"], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=120)
    assert served.returncode == 2 and "pip install 'armsdata[publish]'" in served.stderr, served.stderr
    assert served.stderr.count("\n") == 1 and not (tmp_path / "site").exists()


@pytest.mark.slow
def test_installed_the_draft_reads_the_word_lists_shipped_in_the_wheel(wheel, tmp_path):
    names = set(zipfile.ZipFile(wheel).namelist())
    lists = {f"armsdata/draft/wording/{p.name}" for p in (REPO / "armsdata/draft/wording").glob("*.csv")}
    assert lists and lists <= names
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(["uv", "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), str(wheel)],
                   check=True)
    text = tmp_path / "s900.txt"
    text.write_text("Paris said on Monday that France had delivered 24 Bastion armoured vehicles to Yerevan.\n",
                    encoding="utf-8")
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    drafted = subprocess.run([str(venv / "bin" / "armsdata"), "draft", str(text), "--format", "csv"], cwd=tmp_path,
                             env=env, capture_output=True, text=True)
    assert drafted.returncode == 0, drafted.stderr
    assert "s900-d01,fra-arm-bastion,,,s900,France,Armenia,Bastion armoured vehicles,bastion" in drafted.stdout


def test_uv_run_prints_nothing_but_the_command_s_answer():
    """No 'Bytecode compiled 8181 files' on stderr: uv recompiled the whole environment on every `uv run`
    while pyproject.toml set [tool.uv] compile-bytecode (uv issue 12202)."""
    if shutil.which("uv") is None or Path(sys.prefix).resolve() != (REPO / ".venv").resolve():
        pytest.skip("runs where the tests run in the repository's own uv environment")
    environment = {name: value for name, value in os.environ.items() if name != "UV_COMPILE_BYTECODE"}
    run = subprocess.run(["uv", "run", "--frozen", "--offline", "armsdata", "validate"], cwd=REPO,
                         capture_output=True, text=True, env=environment, timeout=300)
    assert (run.returncode, run.stdout, run.stderr) == (0, "data: valid\n", "")

"""Which data directory: the one rule of every loader, the validator and every command."""

from __future__ import annotations

import ast
from pathlib import Path

from armsdata.datadir import packaged_data_dir, resolve_data_dir
from conftest import REPO


def test_which_data(tmp_path, monkeypatch, data_dir):
    monkeypatch.delenv("ARMSDATA_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path / "data" / "archive")  # no ./data here
    assert resolve_data_dir() == packaged_data_dir()
    assert (packaged_data_dir() / "transfers.csv").is_file()
    monkeypatch.chdir(tmp_path)  # ./data holds transfers.csv
    assert resolve_data_dir() == Path("data")
    monkeypatch.setenv("ARMSDATA_DATA_DIR", str(tmp_path / "other"))
    assert resolve_data_dir() == tmp_path / "other"
    assert resolve_data_dir("given") == Path("given")


def imported_modules(path: Path) -> set[str]:
    """Every armsdata module a source file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("armsdata")}


def test_the_rule_sits_below_the_validator_and_the_loaders():
    # loading validates, so the loaders import the validator; the validator must not import them back
    validator = set().union(*(imported_modules(p) for p in (REPO / "armsdata" / "validation").glob("*.py")))
    assert validator and not {name for name in validator if name.startswith("armsdata.load")}
    assert "armsdata.validation" in imported_modules(REPO / "armsdata" / "load.py")
    assert imported_modules(REPO / "armsdata" / "datadir.py") <= {"armsdata", "armsdata.schema"}

"""Every notebook runs top to bottom in a fresh kernel, on the repository's data, and is committed clean."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_tour.ipynb", "02_how_reports_differ.ipynb", "03_contributing.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "import armsdata" in code[0].source, "notebooks import armsdata rather than copy its logic"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_a_fresh_kernel(path: Path, tmp_path: Path, monkeypatch):
    if not (REPO / "data" / "transfers.csv").exists():
        pytest.skip("data/ holds no curated data yet")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("ARMSDATA_DATA_DIR", raising=False)  # the notebooks show the repository's data
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(tmp_path)}})  # run outside the repo
    client.execute(cwd=str(tmp_path), env={**os.environ})
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []

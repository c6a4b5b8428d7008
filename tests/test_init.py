"""``import armsdata``: the public names, and no heavy library loaded before a command needs it."""

from __future__ import annotations

import subprocess
import sys

import armsdata

#: Libraries that take long to import and that only some commands need.
HEAVY = ("matplotlib", "pandera", "pycountry", "openpyxl", "frictionless", "nbclient")


def test_import_loads_no_heavy_library():
    code = f"import sys, armsdata; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_public_names_exist():
    assert all(hasattr(armsdata, name) for name in armsdata.__all__)
    assert callable(armsdata.validate) and callable(armsdata.discrepancies)


def test_the_readme_python_examples_run_as_written(monkeypatch):
    import re

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert blocks, "the README has Python examples"
    monkeypatch.chdir(REPO)  # as a reader in the repository runs them: ./data is the data
    monkeypatch.delenv("ARMSDATA_DATA_DIR", raising=False)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - the examples are ours

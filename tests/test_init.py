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


def readme_python_section() -> str:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Using it from Python\n", 1)[1].split("\n## ", 1)[0]


def test_every_public_name_is_documented_where_readers_look_for_the_python_api():
    import re

    section = readme_python_section()
    assert [name for name in armsdata.__all__ if not re.search(rf"\b{name}\b", section)] == []


def test_the_python_section_names_only_public_names_and_modules():
    import importlib.util
    import re

    named = set(re.findall(r"\barmsdata\.([A-Za-z_]\w*)", readme_python_section()))
    modules = {name for name in named if importlib.util.find_spec(f"armsdata.{name}") is not None}
    assert named - modules - set(armsdata.__all__) == set()


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

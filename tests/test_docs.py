"""README.md and CODEBOOK.md say what the code does: their examples give what they say, on the shipped data."""

from __future__ import annotations

import ast
import re

import pandas as pd
import pytest

from armsdata import plots
from conftest import REPO


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_every_table_a_readme_example_shows_has_rows(monkeypatch):
    monkeypatch.chdir(REPO)  # as a reader in the repository runs them: ./data is the data
    monkeypatch.delenv("ARMSDATA_DATA_DIR", raising=False)
    shown = 0
    for block in re.findall(r"```python\n(.*?)```", readme(), flags=re.DOTALL):
        names: dict = {}
        for statement in ast.parse(block).body:
            if not isinstance(statement, ast.Expr):
                exec(compile(ast.Module([statement], []), "README.md", "exec"), names)  # noqa: S102 - ours
                continue
            value = eval(compile(ast.Expression(statement.value), "README.md", "eval"), names)  # noqa: S307
            for table in value if isinstance(value, tuple) else (value,):
                if isinstance(table, pd.DataFrame):
                    shown += 1
                    assert len(table), f"README.md: {ast.unparse(statement)} gives no rows on the shipped data"
    assert shown >= 10  # the examples of the analysis functions were all looked at


def test_the_readme_names_the_table_each_figure_draws():
    rows = dict(re.findall(r"^\| `(plot_\w+)` \| `([\w.]+)`", readme(), flags=re.MULTILINE))
    assert sorted(rows) == sorted(name for name in plots.__all__ if name.startswith("plot_"))
    for name, function in rows.items():
        # each plot function names, when given another table, the table it draws: the README says the same
        with pytest.raises(ValueError, match=rf"{name} draws the table of {re.escape(function)}\(\)"):
            getattr(plots, name)(pd.DataFrame({"unrelated": [1]}))


def test_the_codebooks_example_of_press_quantities_is_what_compare_register_gives(monkeypatch):
    import armsdata

    monkeypatch.chdir(REPO)
    monkeypatch.delenv("ARMSDATA_DATA_DIR", raising=False)
    codebook = " ".join((REPO / "CODEBOOK.md").read_text(encoding="utf-8").split())
    (example,) = re.findall(r"`press_quantities` \([^)]*Bastion's: `([^`]+)`\)", codebook)
    comparison = armsdata.compare_register(armsdata.load_transfers())
    (given,) = comparison.loc[(comparison["deal_id"] == "fra-arm-bastion").fillna(False).to_numpy(dtype=bool),
                              "press_quantities"]
    assert example == given

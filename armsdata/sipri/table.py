"""The register table as it is handed over: the deals of some actors, CSV text, a summary line, its problems."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.io import DataError, Problem
from armsdata.sipri.header import COLUMNS


def actor_spellings(names: list[str], actors: pd.DataFrame) -> tuple[set[str], list[str]]:
    """Every spelling (name and aliases of ``actors.csv``) of the named actors, and why a name is refused.

    >>> actors = pd.DataFrame({"name": ["Turkey"], "aliases": ["Türkiye; Turkiye"]})
    >>> actor_spellings(["Turkey"], actors)[0] == {"Turkey", "Türkiye", "Turkiye"}
    True
    >>> actor_spellings(["Turkiye"], actors)[1]
    ["'Turkiye' is an alias; use the actor's name 'Turkey'"]
    """
    from armsdata.validation import alias_table

    aliases = alias_table(actors)
    known = set(actors["name"])
    spellings: set[str] = set()
    refused = []
    for name in names:
        if name in known:
            spellings |= {name} | {alias for alias, actor in aliases.items() if actor == name}
        elif name in aliases:
            refused.append(f"{name!r} is an alias; use the actor's name {aliases[name]!r}")
        else:
            refused.append(f"{name!r} is not an actor of actors.csv (its 'name' column)")
    return spellings, refused


def select_actors(deals: pd.DataFrame, spellings: set[str]) -> pd.DataFrame:
    """The deals whose supplier or recipient is spelled as one of ``spellings``."""
    keep = deals["supplier"].isin(spellings) | deals["recipient"].isin(spellings)
    return deals[keep.fillna(False).to_numpy(dtype=bool)]


#: Rows of the written table are sorted by these columns, then by all the others.
SORT_KEYS = ("supplier", "recipient", "order_year", "designation")


def register_csv(deals: pd.DataFrame) -> str:
    """The register table as CSV text: sorted, numbers as SIPRI writes them (``17.4``, ``4``), booleans
    ``true``/``false``, empty = not stated."""
    from armsdata.io import csv_text

    keys = list(SORT_KEYS) + [c for c in COLUMNS if c not in SORT_KEYS]
    ordered = deals[list(COLUMNS)].sort_values(keys, kind="stable", na_position="first")
    return csv_text(pd.DataFrame({name: cell_text(ordered[name]) for name in COLUMNS}))


def cell_text(column: pd.Series) -> np.ndarray:
    """A register column as the text of its cells, vectorised: ``true``/``false``, ``17.4``, ``4``; "" when missing."""
    missing = column.isna().to_numpy()
    if column.dtype == "boolean":
        return np.where(missing, "", np.where(column.to_numpy(dtype=bool, na_value=False), "true", "false"))
    if column.dtype == "Float64":  # 17.4 and 4, never 17.400000000000002 or 4.0
        x = column.to_numpy(dtype=float, na_value=0.0)
        return np.where(missing, "", _plain_numbers(x))
    return column.astype("string").fillna("").to_numpy(dtype=object)


def _plain_numbers(x: np.ndarray) -> np.ndarray:
    """Each float in its shortest round-trip form without an exponent, a whole number without ``.0``.

    >>> _plain_numbers(np.array([17.4, 4.0, 0.1 + 0.2, 0.00001])).tolist()
    ['17.4', '4', '0.30000000000000004', '0.00001']
    """
    if ((x != 0) & ((np.abs(x) < 1e-4) | (np.abs(x) >= 1e15))).any():  # where str() would write 1e-05
        return np.array([np.format_float_positional(v, trim="-") for v in x], dtype=object)
    text = x.astype(str).astype(object)  # str() of a float is its shortest round-trip form
    whole = x == np.round(x)
    text[whole] = x[whole].astype(np.int64).astype(str)
    return text


def summary(deals: pd.DataFrame, written: int | None = None, actors: list[str] | None = None,
            out: str | None = None) -> str:
    """One line for people: what the file is, records read, re-joined and skipped (and why), deals written."""
    a = deals.attrs
    text = f"import-sipri: {a['source']}: SIPRI {a['format']}"
    if a.get("generated") or a.get("generated_as_written"):
        text += f" generated {a.get('generated') or a['generated_as_written']}"
    text += f", {years_in_words(a.get('year_range'))}"
    text += f" ({a['encoding']}); {a['records']} records read"
    if a["rejoined"]:
        text += f", {a['rejoined']} of them re-joined from lines broken inside a cell"
    skipped = sum(a["skipped"].values())
    text += (f"; {skipped} line(s) skipped (" + ", ".join(f"{k}: {v}" for k, v in sorted(a["skipped"].items())) + ")"
             if skipped else "; nothing skipped")
    text += f"; {a['deals']} deals"
    if a["columns_not_kept"]:
        text += f" (columns not kept: {', '.join(a['columns_not_kept'])})"
    if written is not None:
        text += f"; {written} written"
        if actors:
            text += f" (supplier or recipient: {', '.join(actors)})"
        if out:
            text += f" to {out}"
    return text


def years_in_words(year_range: list[str] | None) -> str:
    """The years an export covers, from the range its preamble states (SIPRI writes ``'Not specified'`` for none).

    >>> years_in_words(["1990", "2023"]), years_in_words(["Not specified", "Not specified"])
    ('years 1990 to 2023', 'all years')
    >>> years_in_words(["2020", "Not specified"]), years_in_words(None)
    ('years from 2020', 'years not stated in the export')
    """
    if not year_range:
        return "years not stated in the export"
    first, last = (None if year.strip().casefold() in ("", "not specified") else year.strip() for year in year_range)
    if first and last:
        return f"year {first}" if first == last else f"years {first} to {last}"
    if first or last:
        return f"years from {first}" if first else f"years up to {last}"
    return "all years"  # no range selected on SIPRI's site


def register_problems(path: str | os.PathLike) -> list[Problem]:
    """Problems of a register CSV (``data/register/sipri.csv``) against :data:`schema.REGISTER`, sorted."""
    from armsdata.io import read_table
    from armsdata.validation import table_problems

    label = str(path)
    try:
        frame = read_table(path, label=label)
    except DataError as exc:
        return sorted(exc.problems)
    return sorted(table_problems(frame, schema.REGISTER, label))

"""Typed, validated tables for analysis: ``load_transfers()`` and friends.

The CSV files hold text; these loaders give analysts proper types: categorical
``status`` and ``category``, nullable integer ``quantity``, ``<NA>`` for "the
source does not say", and partial dates kept as written with their precision.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from armsdata import schema
from armsdata.io import Problem

#: Environment variable that points the loaders at another data directory.
DATA_DIR_ENV = "ARMSDATA_DATA_DIR"


class DataError(Exception):
    """The data directory does not validate; ``problems`` lists why."""

    def __init__(self, problems: list[Problem]):
        shown = "\n".join(map(str, problems[:20]))
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")
        self.problems = problems


def default_data_dir() -> Path:
    """``$ARMSDATA_DATA_DIR`` if set, else the ``data/`` directory of this repository."""
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    return Path(__file__).resolve().parent.parent / "data"


def load_tables(data_dir: str | os.PathLike | None = None, *, validate: bool = True) -> dict[str, pd.DataFrame]:
    """All three tables, typed: ``{"transfers": …, "sources": …, "actors": …}``.

    With ``validate=True`` (the default) the whole directory is validated first
    and :class:`DataError` is raised if anything is wrong.
    """
    from armsdata.validate import check, read_tables

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    tables, problems = check(data_dir) if validate else read_tables(data_dir)
    if problems:
        raise DataError(problems)
    return {table.name: typed(tables[table.name], table) for table in schema.TABLES}


def typed(frame: pd.DataFrame, table: schema.Table) -> pd.DataFrame:
    """Text columns to analysis types; empty cells become ``<NA>``.

    >>> t = typed(pd.DataFrame({"quantity": ["3", ""]}), schema.Table("t", "t.csv", "", (
    ...     schema.Field("quantity", "", type="integer"),), "quantity"))
    >>> t["quantity"].tolist()
    [3, <NA>]
    """
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for f in table.fields:
        cells = frame[f.name].reset_index(drop=True)
        if f.vocabulary:
            out[f.name] = pd.Categorical(cells.where(cells != ""), categories=list(f.vocabulary))
        elif f.type == "integer":
            out[f.name] = pd.to_numeric(cells.where(cells != ""), errors="raise").astype("Int64")
        elif f.type == "number":
            out[f.name] = pd.to_numeric(cells.where(cells != ""), errors="raise").astype("Float64")
        else:
            out[f.name] = cells.where(cells != "").astype("string")
        if f.type == "date":
            out[f"{f.name}_precision"] = date_precision(out[f.name])
    out["line"] = frame.index.to_numpy()
    return out


def date_precision(dates: pd.Series) -> pd.Categorical:
    """``year``, ``month`` or ``day`` for each partial ISO date (``<NA>`` where empty).

    >>> list(date_precision(pd.Series(["2023", "2023-10", "2023-10-23", None])))
    ['year', 'month', 'day', nan]
    """
    kinds = dates.str.len().map({4: "year", 7: "month", 10: "day"})
    return pd.Categorical(kinds, categories=["year", "month", "day"], ordered=True)


def load_transfers(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The claims, one row each, typed (see :func:`typed`)."""
    return load_tables(data_dir)["transfers"]


def load_sources(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The sources, one row per published piece, typed."""
    return load_tables(data_dir)["sources"]


def load_actors(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The actors, typed."""
    return load_tables(data_dir)["actors"]


def load_claims(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Claims joined with their source (``outlet``, ``source_type``, …) and actor kinds.

    Source columns keep their names; actor columns are prefixed ``supplier_`` and ``recipient_``.
    """
    tables = load_tables(data_dir)
    return join_claims(tables["transfers"], tables["sources"], tables["actors"])


def join_claims(transfers: pd.DataFrame, sources: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """The joined view behind :func:`load_claims`, as a pure function of the three tables."""
    source_cols = sources.drop(columns=["notes", "line"]).rename(columns={"archive": "source_archive"})
    out = transfers.merge(source_cols, on="source_id", how="left", validate="many_to_one")
    for role in ("supplier", "recipient"):
        side = actors[["name", "kind", "iso3"]].rename(
            columns={"name": role, "kind": f"{role}_kind", "iso3": f"{role}_iso3"})
        out = out.merge(side, on=role, how="left", validate="many_to_one")
    return out

"""Text <-> typed values: how a cell of the files becomes a typed value and back, for loading, every
export format and the database alike.

The files hold text; an empty cell is missing ("the source does not say") and nothing else is. A
column's :attr:`~armsdata.schema.Field.type` says how its values are stored (:data:`KINDS`):

=========  ===========  =============  ===================  ===========================
type       pandas       Parquet        SQLite               text
=========  ===========  =============  ===================  ===========================
integer    ``Int64``    ``int64``      ``INTEGER``          ``24``
number     ``Float64``  ``double``     ``REAL``             ``2.5``, ``250000000``
boolean    ``boolean``  ``bool``       ``INTEGER`` (1 / 0)  ``true``, ``false``
any other  ``string``   ``string``     ``TEXT``             as written (dates too)
=========  ===========  =============  ===================  ===========================

Missing is ``<NA>``, ``None`` or ``NULL``, never ``""``. For analysis (:func:`analysis_dtype`) a
column with a vocabulary is a categorical (ordered where it is a scale), and a partial date keeps
its text beside a ``<name>_precision`` column (:func:`date_precision`): a date type would invent a
month and a day the source does not state.

>>> from armsdata import schema
>>> t = schema.Table("t", "t.csv", "", (schema.Field("n", "", type="integer"), schema.Field("ok", "", type="boolean")),
...                  "n")
>>> typed = typed_frame(pd.DataFrame({"n": ["24", ""], "ok": ["true", None]}), t)
>>> typed["n"].tolist(), typed["ok"].tolist()
([24, <NA>], [True, <NA>])
>>> text_of(typed, t).values.tolist()
[['24', 'true'], ['', '']]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: How a flag is written in the files.
BOOLEANS: dict[str, bool] = {"true": True, "false": False}

#: The precision of a partial date (``2023``, ``2023-10``, ``2023-10-23``), from coarsest to finest.
PRECISIONS: tuple[str, ...] = ("year", "month", "day")
_PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}
PRECISION_DTYPE = pd.CategoricalDtype(list(PRECISIONS), ordered=True)


@dataclass(frozen=True)
class Kind:
    """How the values of one :attr:`~armsdata.schema.Field.type` are stored: a pandas dtype, an Arrow type
    (Parquet) and an SQL type."""

    name: str
    dtype: str
    arrow: str
    sql: str


#: The storage of each field type; every other type (``string``, ``date``, ``code``) is text.
KINDS: dict[str, Kind] = {
    "integer": Kind("integer", "Int64", "int64", "INTEGER"),
    "number": Kind("number", "Float64", "double", "REAL"),
    "boolean": Kind("boolean", "boolean", "bool", "INTEGER"),  # SQLite has no booleans: 1 and 0
    "string": Kind("string", "string", "string", "TEXT"),
}


def kind(f) -> Kind:
    """How a field's values are stored (:data:`KINDS`)."""
    return KINDS.get(f.type, KINDS["string"])


def analysis_dtype(f):
    """The dtype of a field's column in analysis: a categorical of its vocabulary (ordered where it is a scale),
    else its stored dtype.

    >>> from armsdata import schema
    >>> analysis_dtype(schema.TRANSFERS.field("quantity")), analysis_dtype(schema.TRANSFERS.field("status")).ordered
    (Int64Dtype(), False)
    """
    if f.vocabulary:
        return pd.CategoricalDtype(list(f.vocabulary), ordered=f.ordered)
    return pd.api.types.pandas_dtype(kind(f).dtype)


# --------------------------------------------------------------------------
# Text -> typed
# --------------------------------------------------------------------------


def typed_column(cells: pd.Series, f, *, analysis: bool = False) -> pd.Series:
    """A column of text cells (``""``, ``None`` or NaN where empty) typed as field ``f`` is stored, or, with
    ``analysis``, as analysis types it (:func:`analysis_dtype`); ``<NA>`` where empty, same index.

    Raises ``ValueError`` for a cell that is not text of its type (the validator refuses those first).

    >>> from armsdata import schema
    >>> typed_column(pd.Series(["false", "", None]), schema.ACTORS.field("subject")).tolist()
    [False, <NA>, <NA>]
    """
    stated = cells.where(cells != "")
    dtype = analysis_dtype(f) if analysis else pd.api.types.pandas_dtype(kind(f).dtype)
    if isinstance(dtype, pd.CategoricalDtype):
        codes = dtype.categories.get_indexer(stated)  # -1 where empty or unknown
        _refuse(stated, codes < 0, f, f"expected one of: {', '.join(dtype.categories)}")
        return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=cells.index, name=cells.name)
    if kind(f).name == "boolean":
        flags, false = _equals(stated, "true"), _equals(stated, "false")
        _refuse(stated, ~flags & ~false, f, "expected true or false")
        return pd.Series(pd.array(flags, dtype="boolean"), index=cells.index, name=cells.name).mask(stated.isna())
    return stated.astype(dtype)


def _equals(cells: pd.Series, text: str) -> np.ndarray:
    return cells.eq(text).fillna(False).to_numpy(dtype=bool)


def _refuse(stated: pd.Series, wrong: np.ndarray, f, expected: str) -> None:
    """``ValueError`` naming the first stated cell of ``stated`` that is ``wrong``, if any."""
    wrong = wrong & stated.notna().to_numpy(dtype=bool)
    if wrong.any():
        raise ValueError(f"{f.name}: {stated[wrong].iloc[0]!r} is not a value of this column ({expected})")


def typed_frame(frame: pd.DataFrame, table, *, analysis: bool = False) -> pd.DataFrame:
    """A text table of ``table`` with typed columns (:func:`typed_column`), index from 0; with ``analysis``, a
    ``<name>_precision`` column after the table's columns for each date (:func:`date_precision`).

    >>> from armsdata import schema
    >>> t = typed_frame(pd.DataFrame({"quantity": ["24", ""]}), schema.Table("t", "t.csv", "", (
    ...     schema.Field("quantity", "", type="integer"),), "quantity"))
    >>> t["quantity"].tolist(), str(t["quantity"].dtype)
    ([24, <NA>], 'Int64')
    """
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame({f.name: typed_column(frame[f.name], f, analysis=analysis) for f in table.fields},
                       index=frame.index, columns=table.columns)
    if analysis:
        for f in table.fields:
            if f.type == "date":
                out[f"{f.name}_precision"] = date_precision(out[f.name])
    return out


def date_precision(dates: pd.Series) -> pd.Categorical:
    """``year``, ``month`` or ``day`` for each partial ISO date (``<NA>`` where empty).

    >>> list(date_precision(pd.Series(["2023", "2023-10", "2023-10-23", None])))
    ['year', 'month', 'day', nan]
    """
    kinds = dates.str.len().map(_PRECISION_OF_LENGTH)
    return pd.Categorical(kinds, dtype=PRECISION_DTYPE)


def python_values(cells: pd.Series, f) -> list:
    """A column of text cells as Python values of field ``f``'s kind (``int``, ``float``, ``bool``, ``str``;
    ``None`` where empty): the cells a database row or a JSON object holds.

    >>> from armsdata import schema
    >>> python_values(pd.Series(["24", ""]), schema.TRANSFERS.field("quantity"))
    [24, None]
    """
    return python_cells(typed_column(cells, f))


def python_cells(typed: pd.Series | pd.DataFrame):
    """The cells of typed columns as Python values, ``None`` where missing (a list, or a frame of objects)."""
    cells = typed.astype(object)
    cells = cells.where(cells.notna(), None)
    return cells.tolist() if isinstance(cells, pd.Series) else cells


# --------------------------------------------------------------------------
# Typed -> text
# --------------------------------------------------------------------------


def text_cell(value: object, f=None) -> str:
    """The text of a typed cell: ``""`` for missing, ``true``/``false`` for a flag (also 1 and 0 of a boolean
    field ``f``: SQLite's), integers without a decimal point, floats as Python writes them.

    >>> [text_cell(v) for v in (None, 24, 250000000.0, 2.5, "NA", True)]
    ['', '24', '250000000', '2.5', 'NA', 'true']
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)) or (f is not None and kind(f).name == "boolean"):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text_frame(columns: Mapping[str, Sequence], table) -> pd.DataFrame:
    """Typed columns (name -> cells, ``None``/NaN/``<NA>`` for missing) as the text of ``table``'s columns."""
    return pd.DataFrame({f.name: pd.Series([text_cell(v, f) for v in columns[f.name]], dtype=str)
                         for f in table.fields}, columns=table.columns)


def text_of(frame: pd.DataFrame, table) -> pd.DataFrame:
    """A typed table (stored or analysis types: categoricals, nullable integers, booleans) as the text cells of
    ``table``'s columns; the inverse of :func:`typed_frame`."""
    return text_frame({c: frame[c].astype(object).tolist() for c in table.columns}, table)

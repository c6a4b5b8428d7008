"""What a function takes, checked cheaply on the way in: one place for every table's contract.

:func:`require_columns` is the check of a table's columns that every function taking a table
makes (the analysis, the comparison with the register, the plots), with one wording of the error.
Every analysis function takes the claims as :func:`armsdata.load_transfers` returns them, the
:class:`armsdata.models.Claims` contract (:func:`check_claims`). Validating that model would look
at every value (seconds at a million claims, on every call); the analysis needs only the columns
and their types, so that is what is checked: one dtype comparison per column, whatever the rows.
"""

from __future__ import annotations

from functools import cache

import pandas as pd


@cache
def _dtypes(contract: str) -> dict[str, object]:
    """The pandera dtype of each column of a contract: ``claims`` (:class:`armsdata.models.Claims`) or ``deals``
    (the typed schema of :data:`armsdata.schema.DEALS`). pandera is imported here, not by ``import armsdata``."""
    from armsdata import models, schema

    built = models.Claims.to_schema() if contract == "claims" else models.typed_schema(schema.DEALS)
    return {name: column.dtype for name, column in built.columns.items() if name != "line" or contract == "claims"}


def require_columns(table: pd.DataFrame, columns, takes: str) -> pd.DataFrame:
    """``table`` if it has every one of ``columns``; else a ``ValueError`` saying what the function ``takes``
    (``"plot_timeline draws the table of armsdata.analysis.timeline()"``) and which columns it lacks."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{takes}, a DataFrame; got {type(table).__name__}")
    missing = [name for name in columns if name not in table.columns]
    if missing:
        raise ValueError(f"{takes}; this table lacks the column(s) {', '.join(missing)}")
    return table


def require_types(table: pd.DataFrame, contract: str, takes: str, hint: str = "") -> pd.DataFrame:
    """``table`` if it has every column of ``contract`` (``claims`` or ``deals``, :func:`_dtypes`) with its type;
    else a ``ValueError`` saying what the function ``takes``, and the missing columns or those of the wrong type."""
    from pandera.engines import pandas_engine

    expected = _dtypes(contract)
    require_columns(table, list(expected), takes)
    wrong = []
    for name, dtype in expected.items():
        try:
            fits = dtype.check(pandas_engine.Engine.dtype(table[name].dtype))
        except (TypeError, ValueError):  # a dtype pandera does not know at all
            fits = False
        if not fits:
            wrong.append(f"{name} is {table[name].dtype}, expected {dtype}")
    if wrong:
        raise ValueError(f"{takes}; wrong type: {'; '.join(wrong)}{hint}")
    return table


def check_claims(claims: pd.DataFrame, function: str) -> pd.DataFrame:
    """``claims`` if it has every column of the Claims contract with its type; else a ``ValueError``
    naming ``function``, the missing columns or the columns of the wrong type."""
    return require_types(claims, "claims", f"{function}() takes the claims of armsdata.load_transfers() "
                         "(armsdata.models.Claims)", " (armsdata.models.Claims.validate(table) converts a table read "
                         "as text)")


def check_deals(deals: pd.DataFrame, function: str) -> pd.DataFrame:
    """``deals`` if it has every column of :func:`armsdata.analysis.deals` with its type (the typed schema of
    :data:`armsdata.schema.DEALS`); else a ``ValueError`` naming ``function``."""
    return require_types(deals, "deals", f"{function}(deals=...) takes the table of armsdata.deals(claims) of the "
                         "same claims")

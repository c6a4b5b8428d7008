"""The boundary of the analysis: what its functions accept, checked cheaply on the way in.

Every public function takes the claims as :func:`armsdata.load_transfers` returns them, the
:class:`armsdata.models.Claims` contract. Validating that model would look at every value
(seconds at a million claims, on every call); the analysis needs only the columns and their
types, so that is what is checked here: one dtype comparison per column, whatever the rows.
"""

from __future__ import annotations

from functools import cache

import pandas as pd


@cache
def _claims_dtypes() -> dict[str, object]:
    from armsdata.models import Claims  # pandera is imported here, not by `import armsdata`

    return {name: column.dtype for name, column in Claims.to_schema().columns.items()}


def check_claims(claims: pd.DataFrame, function: str) -> pd.DataFrame:
    """``claims`` if it has every column of the Claims contract with its type; else a ``ValueError``
    naming ``function``, the missing columns or the columns of the wrong type."""
    from pandera.engines import pandas_engine

    if not isinstance(claims, pd.DataFrame):
        raise TypeError(f"{function}() takes the claims of armsdata.load_transfers(), a DataFrame; "
                        f"got {type(claims).__name__}")
    expected = _claims_dtypes()
    missing = [name for name in expected if name not in claims.columns]
    if missing:
        raise ValueError(f"{function}() takes the claims of armsdata.load_transfers() (armsdata.models.Claims); "
                         f"this table lacks the column(s) {', '.join(missing)}")
    wrong = []
    for name, dtype in expected.items():
        try:
            fits = dtype.check(pandas_engine.Engine.dtype(claims[name].dtype))
        except (TypeError, ValueError):  # a dtype pandera does not know at all
            fits = False
        if not fits:
            wrong.append(f"{name} is {claims[name].dtype}, expected {dtype}")
    if wrong:
        raise ValueError(f"{function}() takes the claims of armsdata.load_transfers() (armsdata.models.Claims); "
                         f"wrong type: {'; '.join(wrong)} (armsdata.models.Claims.validate(table) converts a table "
                         "read as text)")
    return claims


def check_deals(deals: pd.DataFrame, columns, function: str) -> pd.DataFrame:
    """``deals`` if it has ``columns`` (those of :func:`armsdata.analysis.deals`); else a ``ValueError``."""
    missing = [name for name in columns if name not in deals.columns]
    if missing:
        raise ValueError(f"{function}(deals=...) takes the table of armsdata.deals(claims) of the same claims; "
                         f"this one lacks the column(s) {', '.join(missing)}")
    return deals

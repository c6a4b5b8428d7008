"""The press' numbers beside the register's, as tables to draw: per deal, what each side counts.

Both take the comparison of :func:`armsdata.register.compare_register` (its ``register_ordered``
and ``register_delivered`` are filled where exactly one register deal is the press deal's).
"""

from __future__ import annotations

import pandas as pd

from armsdata import schema
from armsdata.register.verdicts import NOT_COMPARED

#: The columns of :func:`quantities_beside_register`, in order.
BESIDE_COLUMNS: tuple[str, ...] = (
    "deal_id", "supplier", "recipient", "system", "verdict", "side", "stage", "quantity", "quantity_qualifier",
    "n_claims")

#: ``stage`` of a register row of :func:`quantities_beside_register`: which of the register's numbers it is.
REGISTER_NUMBERS: tuple[str, ...] = ("ordered", "delivered")



def quantities_beside_register(claims: pd.DataFrame, comparison: pd.DataFrame) -> pd.DataFrame:
    """Per press deal the comparison sets beside the register: each distinct quantity its claims
    report (``side`` = ``press``, ``stage`` = the claims' status, ``n_claims`` of them), then the
    register's number ordered and delivered (``side`` = ``register``, ``stage`` = ``ordered`` or
    ``delivered``), where either side gives a number. Columns :data:`BESIDE_COLUMNS`.

    A number the register does not state is left out, not drawn as 0; a register ``0``
    delivered (an order with no delivery yet) is kept. Sorted by supplier, recipient and deal,
    the press' numbers first (by stage, then quantity), then the register's.

    >>> claims = pd.DataFrame({"deal_id": ["b", "b", "b"], "status": ["agreed", "delivered", "delivered"],
    ...                        "quantity": [50, 24, 24], "quantity_qualifier": ["exact"] * 3})
    >>> comparison = pd.DataFrame({"deal_id": ["b"], "supplier": ["France"], "recipient": ["Armenia"],
    ...     "system": ["Bastion"], "verdict": ["differs"], "register_ordered": [24], "register_delivered": [24]})
    >>> out = quantities_beside_register(claims, comparison)
    >>> out[["side", "stage", "quantity"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['press', 'agreed', 50], ['press', 'delivered', 24], ['register', 'ordered', 24],
     ['register', 'delivered', 24]]
    """
    # every press deal set beside the register (not those it does not compare: a package's components are drawn)
    drawn = comparison["deal_id"].notna() & ~comparison["verdict"].isin(NOT_COMPARED).to_numpy(dtype=bool)
    deals = comparison.loc[drawn,
                           ["deal_id", "supplier", "recipient", "system", "verdict", "register_ordered",
                            "register_delivered"]].copy()
    deals["deal_id"] = deals["deal_id"].astype("string")
    stated = claims.loc[claims["quantity"].notna().to_numpy(dtype=bool),
                        ["deal_id", "status", "quantity", "quantity_qualifier"]].astype(
        {"deal_id": "string", "status": "string", "quantity": "Int64", "quantity_qualifier": "string"})
    press = (stated.groupby(["deal_id", "status", "quantity", "quantity_qualifier"], dropna=False, sort=False)
             .size().rename("n_claims").reset_index()
             .rename(columns={"status": "stage"}).assign(side="press"))
    register = pd.concat([deals[["deal_id", f"register_{number}"]].rename(columns={f"register_{number}": "quantity"})
                          .assign(stage=number) for number in REGISTER_NUMBERS], ignore_index=True)
    register = register[register["quantity"].notna().to_numpy(dtype=bool)].assign(side="register")
    rows = pd.concat([press, register], ignore_index=True)
    out = deals.drop(columns=["register_ordered", "register_delivered"]).merge(rows, on="deal_id", how="inner")
    order = {stage: i for i, stage in enumerate([*schema.STATUS, *REGISTER_NUMBERS])}
    out = out.assign(_side=(out["side"] == "register").astype(int), _stage=out["stage"].map(order))
    out = out.sort_values(["supplier", "recipient", "deal_id", "_side", "_stage", "quantity"], kind="stable",
                          ignore_index=True)
    out = out[list(BESIDE_COLUMNS)]
    types = {"deal_id": "string", "supplier": "string", "recipient": "string", "system": "string",
             "side": "string", "stage": "string", "quantity": "Int64", "quantity_qualifier": "string",
             "n_claims": "Int64"}
    out = out.astype(types)
    out["verdict"] = pd.Categorical(out["verdict"].astype("string"), categories=list(schema.VERDICT))
    return out


def with_register_numbers(table: pd.DataFrame, comparison: pd.DataFrame) -> pd.DataFrame:
    """``table`` (one or more rows per ``deal_id``) with the register's ``register_ordered`` and
    ``register_delivered`` of each deal beside it (missing where the comparison has none).

    >>> with_register_numbers(pd.DataFrame({"deal_id": ["b", "x"]}), pd.DataFrame({"deal_id": ["b", None],
    ...     "register_ordered": [24, 5], "register_delivered": [24, 5]})).values.tolist()
    [['b', 24, 24], ['x', <NA>, <NA>]]
    """
    numbers = comparison.loc[comparison["deal_id"].notna(), ["deal_id", "register_ordered", "register_delivered"]]
    numbers = numbers.astype({"deal_id": "string", "register_ordered": "Int64", "register_delivered": "Int64"})
    out = table.merge(numbers, on="deal_id", how="left", validate="many_to_one")
    return out.astype({"register_ordered": "Int64", "register_delivered": "Int64"})

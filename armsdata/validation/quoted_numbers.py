"""Numbers against their quote: a quantity is a count the quote states, a value an amount it states."""

from __future__ import annotations

import pandas as pd

from armsdata.io import Problem
from armsdata.numbers import supports_quantity, supports_value, why_not_stated


def quoted_number_problems(transfers: pd.DataFrame, label: str) -> list[Problem]:
    """A quantity must be a count the quote states, a value an amount it states in full units.

    The rules of reading are those of :mod:`armsdata.numbers`; the message says what the
    quote does state there, so the contributor can fix the cell.
    """
    problems = []
    given = transfers[transfers["quantity"].notna() | transfers["value"].notna()]
    # row by row, so that a quote with both numbers is read (at most) once
    for line, quantity, value, quote in zip(given.index, given["quantity"].tolist(), given["value"].tolist(),
                                            given["quote"].tolist()):
        for column, number, supports in (("quantity", quantity, supports_quantity), ("value", value, supports_value)):
            if isinstance(number, str) and not supports(quote, number):
                hint = why_not_stated(quote, number, amount=column == "value")
                problems.append(Problem(label, line, column, f"{column} {number} not stated in the quote; {hint}",
                                        number))
    return problems

"""The cells of a SIPRI export as numbers, booleans and text; the per-delivery-year export summed per deal."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from armsdata.io import DataError, Problem
from armsdata.sipri.header import CORE, FLAGS, INTEGERS, TEXT, Layout, fail

_YEARS = re.compile(r"[0-9]{4}(?:; [0-9]{4})*")


_NUMBER_TEXT = r"[0-9]+(?:\.[0-9]+)?"


def typed_columns(cells: pd.DataFrame, layout: Layout, label: str) -> pd.DataFrame:
    """The cells of each kept column as text, numbers or booleans; every cell that is none of these is a problem."""
    out: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    last = f"c{len(layout.names) - 1}"
    for j, (name, target) in enumerate(zip(layout.names, layout.targets)):
        if target is None:
            continue
        column = cells[f"c{j}"]
        if f"c{j}" == last and column.dtype.kind not in "iufb":  # the ';' some exports put after the last field
            column = _as_str(column).str.rstrip(" ;")
        shown = name if name.strip() else f"{layout.names[j - 1]} ?"
        if target in TEXT:
            out[target], bad, message = _text(column, target)
        elif target in FLAGS:
            out[target], bad, message = _flag(column, unnamed=not name.strip())
        else:
            out[target], bad, message = _number(column, integer=target in INTEGERS)
        if bad.any():
            problems += [Problem(label, int(line), shown, message, str(value)) for line, value in column[bad].items()]
        if target in CORE:
            empty = out[target].isna().to_numpy(dtype=bool) & ~bad
            problems += [Problem(label, int(line), shown, "must not be empty: every record of a SIPRI export "
                                 "states it (is the line a piece of a record broken over lines?)")
                         for line in column.index[empty]]
    if problems:
        raise DataError(sorted(problems))
    return pd.DataFrame(out, index=cells.index)


def _as_str(column: pd.Series) -> pd.Series:
    """A column as pandas' text dtype (missing = NaN), stripped: the fast (Arrow) string functions apply."""
    text = column if column.dtype == "str" else column.astype("str")
    text = text.str.strip()
    return text.where(text != "")


def _text(column: pd.Series, target: str) -> tuple[pd.Series, np.ndarray, str]:
    """Text without surrounding spaces; empty is missing. Delivery years are checked: ``2019; 2020``."""
    text = _as_str(column)
    if target != "delivery_years":
        return text, np.zeros(len(text), dtype=bool), ""

    def misshapen(years: pd.Series) -> np.ndarray:  # (a missing cell matches no pattern, and is no problem)
        return (years.notna() & ~years.str.fullmatch(_YEARS.pattern)).to_numpy(dtype=bool, na_value=False)

    bad = misshapen(text)
    if bad.any():  # '2019;2020' or '2019 ; 2020': the same years, spaced the usual way
        text = text.copy()
        text[bad] = text[bad].str.replace(r"\s*;\s*", "; ", regex=True)
        bad = misshapen(text)
    return text, bad, "not a list of years like '2019; 2020'"


def _number(column: pd.Series, integer: bool) -> tuple[pd.Series, np.ndarray, str]:
    """A nullable number; only digits with an optional decimal point are accepted (no signs, no thousands)."""
    if column.dtype.kind in "iu":  # pandas read whole numbers: only their sign is left to check
        whole = column.to_numpy(dtype=np.int64)
        values = (pd.arrays.IntegerArray(whole, np.zeros(len(whole), dtype=bool)) if integer
                  else pd.arrays.FloatingArray(whole.astype(float), np.zeros(len(whole), dtype=bool)))
        return pd.Series(values, index=column.index), whole < 0, "not a number"
    if column.dtype.kind == "f":  # numbers with gaps, parsed by pandas (numpy, not pandas, checks them: faster)
        x = column.to_numpy(dtype=float)
        bad = x < 0
    else:
        text = _as_str(column)
        ok = (text.isna() | text.str.fullmatch(_NUMBER_TEXT)).to_numpy(dtype=bool, na_value=False)
        x = pd.to_numeric(text.where(ok), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~ok
    missing = np.isnan(x)
    if integer:
        fraction = ~missing & (np.nan_to_num(x) % 1 != 0)
        gap = missing | fraction
        values = pd.arrays.IntegerArray(np.where(gap, 0, x).astype(np.int64), gap)
        return pd.Series(values, index=column.index), bad | fraction, "not a whole number"
    return pd.Series(pd.arrays.FloatingArray(x, missing), index=column.index), bad, "not a number"


def _flag(column: pd.Series, unnamed: bool) -> tuple[pd.Series, np.ndarray, str]:
    """SIPRI's estimate flags as booleans: ``?`` (in an unnamed column) or ``Yes`` is True, ``No`` False.

    An empty unnamed ``?`` column means "not an estimate" (False); an empty ``Yes``/``No`` cell says nothing (<NA>).
    """
    if unnamed and column.dtype in ("str", "float64"):  # the usual '?' or nothing: no string functions
        empty = column.isna().to_numpy(dtype=bool)
        true = ~empty if empty.all() else (column == "?").to_numpy(dtype=bool, na_value=False)
        if (true | empty).all():
            flags = pd.arrays.BooleanArray(true, np.zeros(len(true), dtype=bool))
            return pd.Series(flags, index=column.index), np.zeros(len(true), dtype=bool), ""
    text = _as_str(column).str.lower()
    true = text.isin(["?", "yes"]).to_numpy(dtype=bool)
    false = (text == "no").to_numpy(dtype=bool, na_value=False)
    empty = text.isna().to_numpy(dtype=bool)
    flags = pd.array(true, dtype="boolean")
    if not unnamed:
        flags[empty] = pd.NA
    return pd.Series(flags, index=column.index), ~(true | false | empty), "not an estimate flag ('?', 'Yes' or 'No')"


def per_deal(rows: pd.DataFrame, layout: Layout, label: str) -> pd.DataFrame:
    """One row per deal of the per-delivery-year export: numbers and TIV delivered summed, years listed.

    The other columns must be the same on every row of a deal (a deal whose rows disagree is
    reported, not merged). A deal's line is that of its first row; deals keep the file's order.
    """
    shown = dict(zip(layout.targets, layout.names))
    missing = rows["sipri_id"].isna().to_numpy()
    if missing.any():
        fail(label, "must not be empty: it says which deal the row belongs to", int(rows.index[missing][0]),
              shown["sipri_id"])
    deal = pd.factorize(rows["sipri_id"])[0]  # numbered in order of first appearance
    first = pd.Series(np.arange(len(rows))).groupby(deal).transform("min").to_numpy()  # row of the deal's first
    per_year = ("number_delivered", "number_delivered_estimated", "delivery_year", "tiv_delivered")
    constant = [c for c in rows.columns if c not in per_year]
    problems = []
    for column in constant:
        values = rows[column].reset_index(drop=True)
        reference = rows[column].iloc[first].reset_index(drop=True)
        same = ((values == reference).fillna(False) | (values.isna() & reference.isna())).to_numpy(dtype=bool)
        problems += [Problem(label, int(rows.index[k]), shown[column], "differs from the deal's first row, on line "
                             f"{rows.index[first[k]]}", str(values[k])) for k in np.flatnonzero(~same)]
    if problems:
        raise DataError(sorted(problems))
    grouped = rows.groupby(deal, sort=True)
    deals = rows.iloc[np.unique(first)][constant].copy()
    deals["number_delivered"] = grouped["number_delivered"].sum(min_count=1).to_numpy()
    tiv = grouped["tiv_delivered"].sum(min_count=1).round(_decimals(rows["tiv_delivered"]))
    deals["tiv_delivered"] = tiv.to_numpy()
    estimated = grouped["number_delivered_estimated"].max()  # True if any year's number is estimated
    deals["number_delivered_estimated"] = estimated.astype("boolean").to_numpy()
    deals["delivery_years"] = _listed_years(rows["delivery_year"], deal, len(deals))
    return deals


def _decimals(values: pd.Series, most: int = 6) -> int:
    """The fewest decimal places that write every value exactly (sums are rounded to them, not to float noise)."""
    x = values.dropna().to_numpy(dtype=float)
    return next((k for k in range(most) if np.allclose(np.round(x, k), x, rtol=0, atol=1e-9)), most)


def _listed_years(years: pd.Series, deal: np.ndarray, deals: int) -> np.ndarray:
    """``2019; 2020`` per deal: its distinct delivery years in order, vectorised (no call per deal)."""
    table = pd.DataFrame({"deal": deal, "year": years.to_numpy()}).dropna().drop_duplicates()
    table = table.sort_values(["deal", "year"], kind="stable")
    out = np.full(deals, None, dtype=object)
    if len(table):
        codes = table["deal"].to_numpy()
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        text = (table["year"].astype("Int64").astype(str) + "; ").to_numpy(dtype=object)
        out[codes[starts]] = [joined[:-2] for joined in np.add.reduceat(text, starts)]
    return out


def register_column(values: pd.Series | None, dtype: str, rows: int) -> pd.Series | pd.api.extensions.ExtensionArray:
    """A column of the register in its dtype; one the export does not have is all missing."""
    if values is None:
        return pd.Series(pd.NA, index=range(rows), dtype=dtype).array
    return values.astype(dtype).array  # "str" (missing = NaN) becomes "string" (missing = <NA>)

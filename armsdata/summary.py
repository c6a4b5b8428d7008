"""A short plain-text overview of the dataset, printed after validation."""

from __future__ import annotations

import os

import pandas as pd

from armsdata.load import load_tables


def summary_table(transfers: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Counts per supplier → recipient pair: claims, deals and sources, most claims first."""
    grouped = transfers.groupby(["supplier", "recipient"], observed=True)
    table = grouped.agg(claims=("claim_id", "size"), deals=("deal_id", "nunique"),
                        sources=("source_id", "nunique")).reset_index()
    return table.sort_values(["claims", "supplier", "recipient"], ascending=[False, True, True],
                             ignore_index=True)


def summary_text(data_dir: str | os.PathLike) -> str:
    """Totals and the supplier → recipient table as text."""
    tables = load_tables(data_dir, validate=False)
    transfers, sources = tables["transfers"], tables["sources"]
    head = (f"{len(transfers)} claims about {transfers['deal_id'].nunique()} deals "
            f"from {transfers['source_id'].nunique()} of {len(sources)} sources")
    return head + "\n\n" + summary_table(transfers, sources).to_string(index=False)

"""When: the dated claims as events, each with the span its (partial) date covers."""

from __future__ import annotations

import pandas as pd

from armsdata.analysis.claims import date_interval
from armsdata.analysis.contract import check_claims
from armsdata.load import date_precision


def timeline(claims: pd.DataFrame) -> pd.DataFrame:
    """The dated claims as events, earliest first, each with the span its date covers.

    Columns: ``claim_id, deal_id, supplier, recipient, system, status, event_date``
    (as written), ``precision`` (year/month/day), ``date_start`` and ``date_end``
    (first and last day covered: a month-precision date is the whole month).
    """
    claims = check_claims(claims, "timeline")
    columns = ["claim_id", "deal_id", "supplier", "recipient", "system", "status", "event_date"]
    dated = claims[columns][claims["event_date"].notna().to_numpy()]  # not the quotes
    out = dated.astype({c: "string" for c in columns if c != "status"})
    out["precision"] = date_precision(out["event_date"])
    out = pd.concat([out, date_interval(dated["event_date"])], axis=1)
    return out.sort_values(["date_start", "date_end", "claim_id"], ignore_index=True)

"""When: the dated claims as events, each with the span its (partial) date covers."""

from __future__ import annotations

import pandas as pd

from armsdata.analysis.claims import date_interval
from armsdata.codec import date_precision
from armsdata.contract import check_claims

#: ``dated_by`` of :func:`timeline`: the claim dates its event, or (with ``published=True``) only its
#: source's publication dates it.
DATED_BY: tuple[str, ...] = ("event", "publication")


def timeline(claims: pd.DataFrame, *, published: bool = False) -> pd.DataFrame:
    """The dated claims as events, earliest first, each with the span its date covers.

    Columns: ``claim_id, deal_id, supplier, recipient, system, status, event_date``
    (as written), ``published`` (the source's date, as written), ``dated_by``, and for the
    date placed on the timeline its ``precision`` (year/month/day), ``date_start`` and
    ``date_end`` (first and last day covered: a month-precision date is the whole month).

    Only claims that date their event (``dated_by`` = ``event``), unless ``published``:
    then also the claims that do not, at their source's publication date (``dated_by`` =
    ``publication``): when the press said it, not when it happened; a claim neither dates
    is left out either way.
    """
    claims = check_claims(claims, "timeline")
    columns = ["claim_id", "deal_id", "supplier", "recipient", "system", "status", "event_date", "published"]
    has_event = claims["event_date"].notna().to_numpy()
    keep = has_event | (claims["published"].notna().to_numpy() if published else False)
    dated = claims.loc[keep, columns]  # not the quotes
    out = dated.astype({c: "string" for c in columns if c != "status"})
    out["dated_by"] = pd.Categorical(["event" if e else "publication" for e in has_event[keep]],
                                     categories=list(DATED_BY))
    drawn = out["event_date"].fillna(out["published"])
    out["precision"] = date_precision(drawn)
    out = pd.concat([out, date_interval(drawn)], axis=1)
    return out.sort_values(["date_start", "date_end", "claim_id"], ignore_index=True)

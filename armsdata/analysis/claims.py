"""Claims one by one: the span of their dates, filters, and where each comes from and what it says.

>>> claims = armsdata.load_transfers()                                    # doctest: +SKIP
>>> filter_claims(claims, status="delivered", start="2023", end="2024")   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.analysis._frames import status_lookup
from armsdata.codec import date_precision
from armsdata.contract import check_claims

#: The stances of :data:`armsdata.schema.STANCE`, in order.
STANCES: tuple[str, ...] = tuple(schema.STANCE)

#: The statuses whose claims assert a transfer (the pipeline stages and ``unspecified``).
SUPPORTING_STATUSES: tuple[str, ...] = tuple(s for s in schema.STATUS if schema.STATUS_STANCE[s] == "supports")

#: The statuses whose claims count a deal as a transfer: those asserting one from
#: :data:`armsdata.schema.COUNTED_FROM` on (``intent``, not ``considered``), or without a stage.
COUNTED_STATUSES: tuple[str, ...] = tuple(
    s for s in SUPPORTING_STATUSES
    if s not in schema.PIPELINE_STAGES or schema.PIPELINE_STAGES.index(s) >= schema.PIPELINE_STAGES.index(
        schema.COUNTED_FROM))


# --------------------------------------------------------------------------
# Dates and filters
# --------------------------------------------------------------------------


def date_interval(dates: pd.Series) -> pd.DataFrame:
    """First and last day covered by each partial ISO date (``NaT`` where empty).

    A month-precision date covers the whole month, not its first day.

    >>> date_interval(pd.Series(["2023", "2023-02", "2023-10-23"])).astype(str).values.tolist()
    [['2023-01-01', '2023-12-31'], ['2023-02-01', '2023-02-28'], ['2023-10-23', '2023-10-23']]
    """
    dates = pd.Series(dates, dtype="string")
    precision = pd.Series(date_precision(dates), index=dates.index)
    padded = dates.where(precision != "year", dates + "-01-01").where(precision != "month", dates + "-01")
    start = pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")
    end = start.where(precision != "year", start + pd.offsets.YearEnd(0))
    end = end.where(precision != "month", start + pd.offsets.MonthEnd(0))
    return pd.DataFrame({"date_start": start, "date_end": end}, index=dates.index)


def statuses(status: str | Iterable[str]) -> list[str]:
    """``status`` as a list of known statuses: a string is one status, not a list of letters.

    >>> statuses("delivered"), statuses(["agreed", "delivered"])
    (['delivered'], ['agreed', 'delivered'])
    """
    wanted = [status] if isinstance(status, str) else list(status)
    unknown = [s for s in wanted if s not in schema.STATUS]
    if unknown:
        raise ValueError(f"unknown status {', '.join(map(repr, unknown))} "
                         f"(expected one of: {', '.join(schema.STATUS)})")
    return wanted


def _period_bound(value: str, name: str) -> pd.Series:
    """The span of one bound of a period, or a ``ValueError`` naming it if it is no partial ISO date."""
    if not isinstance(value, str) or not schema.is_valid_partial_date(pd.Series([value], dtype="string")).iloc[0]:
        raise ValueError(f"{name}: not a date; expected YYYY, YYYY-MM or YYYY-MM-DD (value: {value!r})")
    return date_interval(pd.Series([value])).iloc[0]


def filter_claims(claims: pd.DataFrame, *, status: str | Iterable[str] | None = None,
                  start: str | None = None, end: str | None = None, subject: bool | None = None) -> pd.DataFrame:
    """The claims whose status is one of ``status`` and whose event lies within ``start``…``end``.

    ``status`` is one status or several (``"delivered"`` or ``["agreed", "delivered"]``);
    an unknown one raises ``ValueError``. ``start`` and ``end`` are partial ISO dates
    (``"2023"`` means all of 2023 as an end, its first day as a start); anything else raises
    ``ValueError`` naming it. With a period, undated claims are dropped, and so are claims
    whose date is only partly inside it (``2023`` is not "within 2023-06…2023-12").
    ``subject``: ``True`` keeps the claims whose supplier or recipient is an actor the corpus
    is about (:func:`subject_of`), ``False`` the others, the pairs mentioned in passing.
    """
    claims = check_claims(claims, "filter_claims")
    return claims[_claims_mask(claims, status=status, start=start, end=end, subject=subject)]


def _claims_mask(claims: pd.DataFrame, *, status=None, start=None, end=None, subject=None) -> np.ndarray:
    """Which claims (checked already) :func:`filter_claims` keeps, as a boolean array."""
    keep = np.ones(len(claims), dtype=bool)
    if subject is not None:
        keep &= subject_of(claims).to_numpy(dtype=bool) == bool(subject)
    if status is not None:
        keep &= claims["status"].isin(statuses(status)).fillna(False).to_numpy(dtype=bool)
    if start is not None or end is not None:
        first = _period_bound(start, "start")["date_start"] if start is not None else None
        last = _period_bound(end, "end")["date_end"] if end is not None else None
        span = date_interval(claims["event_date"])
        keep &= span["date_start"].notna().to_numpy()
        if first is not None:
            keep &= (span["date_start"] >= first).fillna(False).to_numpy(dtype=bool)
        if last is not None:
            keep &= (span["date_end"] <= last).fillna(False).to_numpy(dtype=bool)
    return keep


# --------------------------------------------------------------------------
# Origins and stances
# --------------------------------------------------------------------------


def subject_of(claims: pd.DataFrame) -> pd.Series:
    """Whether each claim is about the corpus' subject: its supplier or its recipient is an actor the corpus
    is about (``subject`` of actors.csv). A claim between two other actors is about a pair the sources
    mention in passing."""
    subject = claims["supplier_subject"].fillna(False) | claims["recipient_subject"].fillna(False)
    return subject.astype(bool).rename("subject")


#: The columns of the claims :func:`claim_origins` reads.
ORIGIN_COLUMNS: tuple[str, ...] = ("attributed_to", "outlet", "author", "title", "source_type", "source_id")


def claim_origins(claims: pd.DataFrame) -> pd.Series:
    """Where each claim ultimately comes from, as a reader would name it: ``attributed_to``, else the outlet,
    else the source as :func:`source_names` names it (its author, or what kind of piece it is), never an id.

    Claims with the same origin are one piece of evidence, however many outlets repeat it;
    two sources naming no outlet are two origins, told apart by their titles, else numbered
    (``a reader's comment (2)``). A reader comment speaking in its own voice is its own origin
    (``a reader's comment under CNN``: its ``outlet`` is the article's, not the commenter's).
    """
    return _origins(check_claims(claims, "claim_origins"))


def _origins(claims: pd.DataFrame) -> pd.Series:
    """:func:`claim_origins` of claims already checked; needs only the :data:`ORIGIN_COLUMNS` (the functions of
    this package pass only the columns they need, not the quotes)."""
    outlet = claims["outlet"].astype("string").mask(claims["source_type"] == "reader_comment")
    origin = claims["attributed_to"].astype("string").fillna(outlet)
    unnamed = origin.isna().to_numpy()
    if unnamed.any():
        origin[unnamed] = _unnamed_sources(claims[unnamed]).to_numpy()
    return origin.rename("origin")


def _unnamed_sources(claims: pd.DataFrame) -> pd.Series:
    """Each claim's source as a reader tells it apart, for claims attributed to no one whose source names no
    outlet or is a reader's comment: by :func:`source_names` (a comment: by its author, else the outlet it is
    under); sources that would share a name by their titles, else numbered in source_id order."""
    sources = claims.drop_duplicates("source_id").sort_values("source_id")
    names = source_names(sources.assign(outlet=pd.NA))
    comment = (sources["author"].astype("string") + " (a reader's comment)").fillna(
        "a reader's comment under " + sources["outlet"].astype("string")).fillna("a reader's comment")
    reader = (sources["source_type"] == "reader_comment").fillna(False).to_numpy(dtype=bool)
    names[reader] = comment[reader]
    shared = names.duplicated(keep=False).to_numpy()
    title = sources["title"].astype("string")
    names[shared] = names[shared] + (", “" + title[shared] + "”").fillna("")
    shared = names.duplicated(keep=False).to_numpy()
    rank = names[shared].groupby(names[shared], sort=False).cumcount() + 1
    names[shared] = names[shared] + " (" + rank.astype("string") + ")"
    by_source = pd.Series(names.to_numpy(), index=sources["source_id"].astype("string").to_numpy())
    return pd.Series(by_source.reindex(claims["source_id"].astype("string").to_numpy()).to_numpy(),
                     index=claims.index, dtype="string")


def source_names(claims: pd.DataFrame) -> pd.Series:
    """Each claim's source as a reader would name it: the outlet; else its author, saying no outlet is
    named; else what kind of piece it is (from :data:`armsdata.schema.SOURCE_TYPE`). Never an id.

    >>> source_names(pd.DataFrame({"outlet": ["Armenpress", None, None], "author": [None, "Ragip Soylu", None],
    ...                            "source_type": ["news_report", "news_report", "op_ed"]})).tolist()
    ['Armenpress', 'Ragip Soylu (no outlet named)', 'no outlet named: an opinion piece or column']
    """
    kinds = {kind: f"no outlet named: {meaning}" for kind, (meaning, _) in schema.SOURCE_TYPE.items()}
    author = claims["author"].astype("string") + " (no outlet named)"
    kind = claims["source_type"].astype("string").map(kinds).astype("string")
    return claims["outlet"].astype("string").fillna(author).fillna(kind).rename("source")


def claim_stances(claims: pd.DataFrame) -> pd.Series:
    """What each claim says about whether its transfer takes place: ``supports``, ``disputes`` or
    ``alleges`` (:data:`armsdata.schema.STANCE`, by :data:`armsdata.schema.STATUS_STANCE`)."""
    return _stances(check_claims(claims, "claim_stances"))


def _stances(claims: pd.DataFrame) -> pd.Series:
    """:func:`claim_stances` of claims already checked; needs only ``status``."""
    codes = status_lookup(claims["status"], {s: STANCES.index(v) for s, v in schema.STATUS_STANCE.items()})
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(STANCES)), index=claims.index, name="stance")


def origins(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim: ``deal_id, stance, origin, claim_id, source_id, status``.

    The long table behind :func:`armsdata.analysis.provenance`: which origin each claim
    rests on and whether it supports, disputes or only alleges the transfer. Sorted by
    deal, stance (supports, disputes, alleges), origin and claim.
    """
    claims = check_claims(claims, "origins")
    out = pd.DataFrame({"deal_id": claims["deal_id"].astype("string"), "stance": _stances(claims),
                        "origin": _origins(claims), "claim_id": claims["claim_id"].astype("string"),
                        "source_id": claims["source_id"].astype("string"),
                        "status": claims["status"].astype("string")})
    return out.sort_values(["deal_id", "stance", "origin", "claim_id"], ignore_index=True)


__all__ = ["COUNTED_STATUSES", "STANCES", "SUPPORTING_STATUSES", "claim_origins", "claim_stances", "date_interval",
           "filter_claims", "origins", "source_names", "statuses", "subject_of"]

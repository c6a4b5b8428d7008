"""Analysis tables: pure functions from the typed claims to answers, DataFrame in, DataFrame out.

Every function takes the claims as :func:`armsdata.load_claims` returns them
(transfers joined with their source); most need only the transfer columns.
Nothing here reads files or draws.

>>> claims = armsdata.load_claims()                        # doctest: +SKIP
>>> who_arms_whom(claims, status=["delivered"])            # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable

import pandas as pd

from armsdata import schema
from armsdata.load import date_precision

#: Fields compared across the claims of one deal by :func:`discrepancies`.
COMPARED_FIELDS: tuple[str, ...] = ("status", "quantity", "value", "event_date", "system")

#: Values of the ``kind`` column of :func:`discrepancies`, with what each means.
DISCREPANCY_KINDS: dict[str, str] = {
    "conflict": "claims at the same stage report different values, or one claim denies what another affirms",
    "stage difference": "the values differ, but each is reported at a different stage of the deal "
                        "(50 ordered and 24 delivered can both be true)",
    "precision": "the values differ only in precision and can all be true "
                 "(2023 and 2023-10; at least 20 and 24; about 50 and 50)",
    "naming": "the claims name the system differently; the deal_id says it is one system",
}

#: Status pairs that cannot both be true of one deal.
_CONTRADICTING: tuple[tuple[str, frozenset[str]], ...] = (
    ("denied", frozenset(schema.STATUS) - {"denied"}),
    ("not_delivered", frozenset({"shipped", "delivered"})),
)

#: Label of the column counting deals that no claim places on the pipeline.
NO_STAGE = "no_stage"

_QUALIFIER_WORDS = {"exact": "", "approx": "about ", "at_least": "at least ", "up_to": "up to "}


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


def filter_claims(claims: pd.DataFrame, *, status: Iterable[str] | None = None,
                  start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """The claims whose status is one of ``status`` and whose event lies within ``start``…``end``.

    ``start`` and ``end`` are partial ISO dates (``"2023"`` means all of 2023 as an
    end, its first day as a start). With a period, undated claims are dropped, and so
    are claims whose date is only partly inside it (``2023`` is not "within 2023-06…2023-12").
    """
    keep = pd.Series(True, index=claims.index)
    if status is not None:
        wanted = list(status)
        unknown = set(wanted) - set(schema.STATUS)
        if unknown:
            raise ValueError(f"unknown status {sorted(unknown)} (expected one of: {', '.join(schema.STATUS)})")
        keep &= claims["status"].isin(wanted).fillna(False).astype(bool)
    if start is not None or end is not None:
        span = date_interval(claims["event_date"])
        if start is not None:
            keep &= (span["date_start"] >= date_interval(pd.Series([start]))["date_start"].iloc[0]).fillna(False)
        if end is not None:
            keep &= (span["date_end"] <= date_interval(pd.Series([end]))["date_end"].iloc[0]).fillna(False)
        keep &= span["date_start"].notna()
    return claims[keep.astype(bool)]


# --------------------------------------------------------------------------
# Deals and provenance
# --------------------------------------------------------------------------


def claim_origins(claims: pd.DataFrame) -> pd.Series:
    """Where each claim ultimately comes from: ``attributed_to``, else the outlet, else the source_id.

    Claims with the same origin are one piece of evidence, however many outlets
    repeat it. A reader comment speaking in its own voice is its own origin
    (its ``outlet`` is the article's, not the commenter's).

    >>> claim_origins(pd.DataFrame({"attributed_to": ["Ministry", None, None], "outlet": ["CNN", "CNN", None],
    ...                             "source_id": ["s1", "s2", "s3"], "source_type": ["news_report"] * 3})).tolist()
    ['Ministry', 'CNN', 's3']
    """
    _require(claims, ["attributed_to", "outlet", "source_id"], "claim_origins")
    outlet = claims["outlet"].astype("string")
    if "source_type" in claims:
        outlet = outlet.mask(claims["source_type"].astype("string") == "reader_comment")
    origin = claims["attributed_to"].astype("string").fillna(outlet).fillna(claims["source_id"].astype("string"))
    return origin.rename("origin")


def deals(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per deal: ``deal_id, supplier, recipient, system, category, claims, sources, origins``.

    ``system`` and ``category`` are the ones most claims use (ties: the earliest
    claim_id); ``origins`` counts independent origins (see :func:`claim_origins`).
    """
    _require(claims, ["deal_id", "claim_id", "supplier", "recipient", "system", "category", "source_id"], "deals")
    ordered = _with_origin(claims).sort_values("claim_id", kind="stable")
    grouped = ordered.groupby("deal_id", sort=True, observed=True)
    out = grouped.agg(supplier=("supplier", "first"), recipient=("recipient", "first"),
                      claims=("claim_id", "size"), sources=("source_id", "nunique"),
                      origins=("origin", "nunique"))
    for column in ("system", "category"):
        out.insert(2 if column == "system" else 3, column, _most_common(ordered, column).reindex(out.index))
    return out.reset_index()


def provenance(claims: pd.DataFrame) -> pd.DataFrame:
    """Per deal: claims, sources, independent ``origins`` and their names, most origins first.

    ``origin_list`` names each origin once, ``;``-separated, with the claims that rest on it.
    """
    ordered = _with_origin(claims).sort_values("claim_id")
    ordered = ordered.sort_values(["deal_id", "origin"], kind="stable")  # claim_id order within each
    listing = _joined(ordered[["deal_id", "origin"]], ordered["claim_id"], ", ").rename("claim_id").reset_index()
    entries = listing["origin"] + " (" + listing["claim_id"] + ")"
    names = _joined(listing[["deal_id"]], entries, "; ").rename("origin_list")
    out = deals(claims).merge(names, on="deal_id", how="left")
    columns = ["deal_id", "supplier", "recipient", "system", "claims", "sources", "origins", "origin_list"]
    return out[columns].sort_values(["origins", "claims", "deal_id"], ascending=[False, False, True],
                                    ignore_index=True)


# --------------------------------------------------------------------------
# Who arms whom
# --------------------------------------------------------------------------


def who_arms_whom(claims: pd.DataFrame, *, status: Iterable[str] | None = None,
                  start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Per supplier → recipient pair: ``deals``, ``claims``, ``sources`` and independent ``origins``.

    Filters as :func:`filter_claims` (e.g. ``status=["delivered"]``: deals that at
    least one claim says were delivered). Sorted by deals, then claims, descending.
    """
    kept = _with_origin(filter_claims(claims, status=status, start=start, end=end))
    grouped = kept.groupby(["supplier", "recipient"], sort=True, observed=True)
    out = grouped.agg(deals=("deal_id", "nunique"), claims=("claim_id", "size"),
                      sources=("source_id", "nunique"), origins=("origin", "nunique")).reset_index()
    return out.sort_values(["deals", "claims", "supplier", "recipient"], ascending=[False, False, True, True],
                           ignore_index=True)


def arms_matrix(pairs: pd.DataFrame, value: str = "deals") -> pd.DataFrame:
    """The supplier × recipient matrix of one count of :func:`who_arms_whom` (0 where none).

    Rows (suppliers) and columns (recipients) are sorted by their totals, largest first.
    """
    matrix = pairs.pivot_table(index="supplier", columns="recipient", values=value, aggfunc="sum",
                               fill_value=0, observed=True)
    matrix = matrix.astype("int64")
    rows, cols = matrix.sum(axis=1), matrix.sum(axis=0)
    out = matrix.loc[sorted(rows.index, key=lambda n: (-rows[n], n)),
                     sorted(cols.index, key=lambda n: (-cols[n], n))]
    out.index.name, out.columns.name = "supplier", "recipient"
    return out


# --------------------------------------------------------------------------
# Pipeline
# --------------------------------------------------------------------------


def deal_stages(claims: pd.DataFrame) -> pd.DataFrame:
    """Per deal, the ``furthest_stage`` any claim reports and the most ``conservative_stage``.

    Stages are :data:`armsdata.schema.PIPELINE_STAGES` (considered … delivered);
    both are ``<NA>`` for a deal no claim places on that scale. ``other_statuses``
    lists the statuses off the scale (alleged, denied, not_delivered, unspecified).
    """
    rank = {stage: i for i, stage in enumerate(schema.PIPELINE_STAGES)}
    stage_of = pd.Series(claims["status"].astype("string").map(rank), index=claims.index)
    staged = claims.assign(_rank=stage_of).dropna(subset=["_rank"])
    by_deal = staged.groupby("deal_id", sort=True)["_rank"]
    stages = pd.CategoricalDtype(list(schema.PIPELINE_STAGES), ordered=True)
    furthest = _stage_names(by_deal.max()).rename("furthest_stage")
    conservative = _stage_names(by_deal.min()).rename("conservative_stage")
    off_scale = claims.loc[stage_of.isna(), ["deal_id", "status"]].astype({"status": "string"})
    off_scale = off_scale.drop_duplicates().sort_values(["deal_id", "status"])
    others = _joined(off_scale[["deal_id"]], off_scale["status"], "; ").rename("other_statuses")
    out = deals(claims)[["deal_id", "supplier", "recipient", "system", "claims"]]
    out = out.merge(furthest, on="deal_id", how="left").merge(conservative, on="deal_id", how="left")
    out = out.merge(others, on="deal_id", how="left")
    out["furthest_stage"] = out["furthest_stage"].astype(stages)
    out["conservative_stage"] = out["conservative_stage"].astype(stages)
    out["other_statuses"] = out["other_statuses"].astype("string")
    return out


def supplier_pipeline(claims: pd.DataFrame) -> pd.DataFrame:
    """Per supplier, how many deals have reached each stage (counted once, at their furthest stage).

    Columns: ``supplier``, one per pipeline stage, ``no_stage`` (deals only alleged,
    denied, not delivered or unspecified) and ``deals`` (the total). Most deals first.
    """
    stages = deal_stages(claims)
    stage = stages["furthest_stage"].astype("string").fillna(NO_STAGE)
    columns = [*schema.PIPELINE_STAGES, NO_STAGE]
    table = pd.crosstab(stages["supplier"], pd.Categorical(stage, categories=columns), dropna=False)
    table = table.reindex(columns=columns, fill_value=0).astype("int64")
    table.columns = pd.Index(columns)
    table["deals"] = table.sum(axis=1)
    table = table.reset_index().rename(columns={"index": "supplier", "row_0": "supplier"})
    table.columns.name = None
    return table.sort_values(["deals", "supplier"], ascending=[False, True], ignore_index=True)


def stage_quantities(claims: pd.DataFrame) -> pd.DataFrame:
    """Per deal with a stated quantity: the largest quantity reported at each pipeline stage.

    Answers "how much was pledged or agreed, and how much delivered": for a deal
    with 50 ordered and 24 delivered, ``agreed`` is 50 and ``delivered`` 24.
    Stages no claim reports a quantity for are ``<NA>``.
    """
    staged = claims[claims["status"].isin(schema.PIPELINE_STAGES).fillna(False).astype(bool)
                    & claims["quantity"].notna()]
    table = staged.pivot_table(index="deal_id", columns="status", values="quantity", aggfunc="max",
                               observed=True)
    table = table.reindex(columns=list(schema.PIPELINE_STAGES)).astype("Int64")
    table.columns = pd.Index(list(schema.PIPELINE_STAGES))
    info = deals(claims)[["deal_id", "supplier", "recipient", "system"]]
    return info.merge(table.reset_index(), on="deal_id", how="inner")


# --------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------


def reported_quantities(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that state a quantity, for deals where at least two claims do.

    Columns: ``deal_id, supplier, recipient, system`` (of the deal), ``claim_id,
    source_id, origin, status, quantity, quantity_qualifier``; sorted by deal, then claim.
    """
    stated = _with_origin(claims)
    stated = stated[stated["quantity"].notna()]
    counts = stated.groupby("deal_id")["claim_id"].transform("size")
    stated = stated[counts >= 2]
    info = deals(claims)[["deal_id", "supplier", "recipient", "system"]]
    columns = ["claim_id", "source_id", "origin", "status", "quantity", "quantity_qualifier"]
    out = info.merge(stated[["deal_id", *columns]], on="deal_id", how="inner")
    return out.sort_values(["deal_id", "claim_id"], ignore_index=True)


def timeline(claims: pd.DataFrame) -> pd.DataFrame:
    """The dated claims as events, earliest first, each with the span its date covers.

    Columns: ``claim_id, deal_id, supplier, recipient, system, status, event_date``
    (as written), ``precision`` (year/month/day), ``date_start`` and ``date_end``
    (first and last day covered: a month-precision date is the whole month).
    """
    dated = claims[claims["event_date"].notna()]
    span = date_interval(dated["event_date"])
    out = dated[["claim_id", "deal_id", "supplier", "recipient", "system", "status", "event_date"]].copy()
    out["precision"] = date_precision(out["event_date"])
    out = pd.concat([out, span], axis=1)
    return out.sort_values(["date_start", "date_end", "claim_id"], ignore_index=True)


# --------------------------------------------------------------------------
# How reports differ
# --------------------------------------------------------------------------


def discrepancies(claims: pd.DataFrame, fields: Iterable[str] = COMPARED_FIELDS) -> pd.DataFrame:
    """For each deal with more than one claim, the fields on which its claims disagree.

    One row per (deal, field) with at least two distinct non-empty values. The list
    columns are aligned: ``values[i]`` is held by the claims ``claim_ids[i]`` of the
    sources ``source_ids[i]``, at the stages ``statuses[i]``. ``kind`` is one of
    :data:`DISCREPANCY_KINDS`; ``note`` says why, in words.

    >>> two = pd.DataFrame({"claim_id": ["a-1", "b-1"], "deal_id": ["d", "d"], "source_id": ["a", "b"],
    ...     "supplier": "X", "recipient": "Y", "system": "Z", "category": "uavs", "quantity": [50, 24],
    ...     "quantity_qualifier": "exact", "value": None, "currency": None, "status": ["agreed", "delivered"],
    ...     "event_date": None, "attributed_to": None, "outlet": None})
    >>> discrepancies(two)[["field", "values", "kind"]].values.tolist()
    [['status', ['agreed', 'delivered'], 'stage difference'], ['quantity', ['50', '24'], 'stage difference']]
    """
    fields = list(fields)
    unknown = set(fields) - set(COMPARED_FIELDS)
    if unknown:
        raise ValueError(f"cannot compare {sorted(unknown)} (expected some of: {', '.join(COMPARED_FIELDS)})")
    ordered = claims.sort_values("claim_id", kind="stable")
    shown = _shown_values(ordered)
    rows = []
    for field in fields:
        bounds = _bounds(ordered, field)
        held = pd.DataFrame({"deal_id": ordered["deal_id"].astype("string"), "value": shown[field],
                             "claim_id": ordered["claim_id"], "source_id": ordered["source_id"],
                             "status": ordered["status"].astype("string"),
                             **bounds})
        held = held.dropna(subset=["value"])
        held = held[held.groupby("deal_id")["value"].transform("nunique") >= 2]
        held = held.sort_values("deal_id", kind="stable")  # claims stay in claim_id order within a deal
        records = zip(*(held[c].tolist() for c in ("deal_id", "value", "claim_id", "source_id", "status")),
                      *(held[c].to_numpy(dtype=float, na_value=float("nan")) for c in ("low", "high")))
        for deal_id, group in itertools.groupby(records, key=operator.itemgetter(0)):
            rows.append({"deal_id": deal_id, "field": field, **_disagreement(field, [g[1:] for g in group])})
    rows.sort(key=lambda row: (row["deal_id"], fields.index(row["field"])))
    info = deals(claims).set_index("deal_id")[["supplier", "recipient", "system"]].to_dict("index")
    columns = ["deal_id", "supplier", "recipient", "system", "field", "values", "claim_ids", "source_ids",
               "statuses", "kind", "note"]
    return pd.DataFrame([{**row, **info[row["deal_id"]]} for row in rows], columns=columns)


def _disagreement(field: str, held: list[tuple]) -> dict[str, object]:
    """The aligned lists, ``kind`` and ``note`` of one deal's differing values of ``field``.

    ``held`` has one ``(value, claim_id, source_id, status, low, high)`` per claim
    stating a value, in claim_id order.
    """
    by_value: dict[str, list[tuple]] = {}
    for claim in held:
        by_value.setdefault(claim[0], []).append(claim)
    kind, note = _classify(field, held)
    return {
        "values": list(by_value),  # in claim_id order
        "claim_ids": [[c[1] for c in group] for group in by_value.values()],
        "source_ids": [list(dict.fromkeys(c[2] for c in group)) for group in by_value.values()],
        "statuses": [_stage_sorted({c[3] for c in group}) for group in by_value.values()],
        "kind": kind, "note": note,
    }


def _shown_values(claims: pd.DataFrame) -> dict[str, pd.Series]:
    """Each compared field as the text a person would compare (``<NA>`` where empty)."""
    qualifier = claims["quantity_qualifier"].astype("string").map(_QUALIFIER_WORDS).fillna("")
    quantity = (qualifier + claims["quantity"].astype("string")).where(claims["quantity"].notna())
    value = claims["value"].map(lambda v: f"{v:,.0f}" if v == int(v) else f"{v:,}", na_action="ignore")
    value = (value.astype("string") + " " + claims["currency"].astype("string").fillna("")).str.strip()
    return {"status": claims["status"].astype("string"), "quantity": quantity.astype("string"),
            "value": value.where(claims["value"].notna()), "event_date": claims["event_date"].astype("string"),
            "system": claims["system"].astype("string")}


def _classify(field: str, held: list[tuple]) -> tuple[str, str]:
    """``(kind, note)`` for the differing values of one field in one deal (``held`` as in :func:`_disagreement`)."""
    if field == "system":
        return "naming", "the claims name the system differently"
    if field == "status":
        statuses = {claim[0] for claim in held}
        for negation, affirmations in _CONTRADICTING:
            clash = _stage_sorted(statuses & affirmations)
            if negation in statuses and clash:
                return "conflict", f"{negation} contradicts {', '.join(clash)}"
        return "stage difference", "the claims report different stages of the deal"
    per_stage: dict[str, list[tuple]] = {}
    for claim in held:
        per_stage.setdefault(claim[3], []).append(claim)
    differing = {stage: list(dict.fromkeys(c[0] for c in group))
                 for stage, group in per_stage.items() if len({c[0] for c in group}) > 1}
    clashing = [stage for stage in differing if not _overlap(per_stage[stage])]
    if differing and not clashing:
        return "precision", "the values differ only in precision and can all be true"
    if clashing:
        stage = _stage_sorted(clashing)[0]
        return "conflict", f"claims at the same stage ({stage}) report {' vs '.join(differing[stage])}"
    stages_of: dict[str, set[str]] = {}
    for claim in held:
        stages_of.setdefault(claim[0], set()).add(claim[3])
    pairs = "; ".join(f"{value} ({', '.join(_stage_sorted(stages))})" for value, stages in stages_of.items())
    return "stage difference", f"each value is reported at a different stage: {pairs}"


def _overlap(claims: list[tuple]) -> bool:
    """Whether the ranges ``low…high`` of the claims have a point in common (NaN bounds are ignored)."""
    lows = [c[4] for c in claims if c[4] == c[4]]
    highs = [c[5] for c in claims if c[5] == c[5]]
    return bool(lows and highs) and max(lows) <= min(highs)


def _bounds(claims: pd.DataFrame, field: str) -> dict[str, pd.Series]:
    """``low`` and ``high``: the range of numbers (or days) each claim's value allows.

    ``at least 20`` allows 20…∞, ``up to 36`` 0…36, ``2023`` every day of 2023. Values
    that are compatible at one stage differ only in precision. Where no range is
    defined (status, system, value), ``low > high``, so differing values never overlap.
    """
    nothing = {"low": pd.Series(1.0, index=claims.index), "high": pd.Series(0.0, index=claims.index)}
    if field == "quantity":
        number = claims["quantity"].astype("Float64")
        qualifier = claims["quantity_qualifier"].astype("string")
        return {"low": number.mask(qualifier == "up_to", 0.0),
                "high": number.mask(qualifier == "at_least", float("inf"))}
    if field == "event_date":
        span = date_interval(claims["event_date"])
        return {"low": (span["date_start"] - _EPOCH).dt.days, "high": (span["date_end"] - _EPOCH).dt.days}
    return nothing


_EPOCH = pd.Timestamp("1970-01-01")
_STATUS_ORDER = {status: i for i, status in enumerate(schema.STATUS)}


def _stage_sorted(statuses) -> list[str]:
    """Statuses in lifecycle order (:data:`armsdata.schema.STATUS`)."""
    return sorted(statuses, key=_STATUS_ORDER.__getitem__)


# --------------------------------------------------------------------------
# Perspective
# --------------------------------------------------------------------------


#: Shown for a source attribute (outlet country, outlet …) the data leaves empty.
NOT_STATED = "(not stated)"


def perspective(claims: pd.DataFrame, by: str | list[str] = "outlet_country") -> pd.DataFrame:
    """Claims per source attribute (``outlet_country``, ``source_type``, …) and status.

    One row per value of ``by`` (empty shown as ``(not stated)``), one column per
    status (in :data:`armsdata.schema.STATUS` order), then ``claims`` and ``deals``.
    Most claims first. Which side reports what: an outlet's country against the
    stages its claims assert.
    """
    keys = [by] if isinstance(by, str) else list(by)
    _require(claims, keys, "perspective")
    frame = claims.assign(**{k: claims[k].astype("string").fillna(NOT_STATED) for k in keys})
    status = pd.Categorical(frame["status"].astype("string"), categories=list(schema.STATUS))
    table = pd.crosstab([frame[k] for k in keys], status, dropna=False)
    table = table.reindex(columns=list(schema.STATUS), fill_value=0).astype("int64")
    table.columns = pd.Index(list(schema.STATUS))
    table = table[table.sum(axis=1) > 0]
    table["claims"] = table[list(schema.STATUS)].sum(axis=1)
    table["deals"] = frame.groupby(keys, sort=True)["deal_id"].nunique().reindex(table.index).astype("int64")
    out = table.reset_index()
    out.columns.name = None
    return out.sort_values(["claims", *keys], ascending=[False, *[True] * len(keys)], ignore_index=True)


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _require(claims: pd.DataFrame, columns: list[str], function: str) -> None:
    missing = [c for c in columns if c not in claims.columns]
    if missing:
        raise KeyError(f"{function}() needs the column(s) {', '.join(missing)}; "
                       "pass the joined claims of armsdata.load_claims()")


def _joined(keys: pd.DataFrame, values: pd.Series, separator: str) -> pd.Series:
    """``values`` joined with ``separator`` per run of equal ``keys`` (sorted by the caller), in row order.

    One pass in plain Python: a pandas ``groupby().agg(join)`` calls Python once per group anyway.

    >>> _joined(pd.DataFrame({"k": ["a", "a", "b"]}), pd.Series(["x", "y", "z"]), "; ").to_dict()
    {'a': 'x; y', 'b': 'z'}
    """
    names = list(keys.columns)
    rows = zip(*(keys[n].tolist() for n in names), values.tolist())
    width = len(names)
    joined = [separator.join(row[width] for row in run)
              for _, run in itertools.groupby(rows, key=operator.itemgetter(*range(width)))]
    firsts = keys.drop_duplicates()  # one row per run, as the keys are sorted
    index = pd.MultiIndex.from_frame(firsts) if width > 1 else pd.Index(firsts[names[0]])
    return pd.Series(joined, index=index, dtype="string")


def _stage_names(ranks: pd.Series) -> pd.Series:
    """Pipeline stage names for their ranks (0 = considered)."""
    names = pd.Categorical.from_codes(ranks.astype("int64"), categories=list(schema.PIPELINE_STAGES))
    return pd.Series(names, index=ranks.index).astype("string")


def _with_origin(claims: pd.DataFrame) -> pd.DataFrame:
    return claims.assign(origin=claim_origins(claims))


def _most_common(ordered: pd.DataFrame, column: str) -> pd.Series:
    """Per deal, the most frequent non-empty value of ``column``; ties go to the one seen first in ``ordered``."""
    seen = pd.DataFrame({"deal_id": ordered["deal_id"], "value": ordered[column].astype("string"),
                         "position": range(len(ordered))}).dropna(subset=["value"])
    counted = (seen.groupby(["deal_id", "value"], sort=False, observed=True)["position"]
               .agg(["size", "min"]).reset_index())
    best = counted.sort_values(["deal_id", "size", "min"], ascending=[True, False, True], kind="stable")
    best = best.drop_duplicates("deal_id").set_index("deal_id")["value"]
    return best.astype(ordered[column].dtype)

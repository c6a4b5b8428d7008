"""How reports differ: the fields on which the claims of one deal disagree, and what kind of difference it is.

:func:`discrepancies` is long (one row per claim holding a differing value);
:func:`wide_discrepancies` is the view with one row per deal and field.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.analysis._frames import STATUS_ORDER, joined, run_starts, status_lookup
from armsdata.analysis.claims import ORIGIN_COLUMNS, date_interval, _origins, source_names
from armsdata.contract import check_claims
from armsdata.analysis.deal_table import deal_rows, _given_deals

#: Fields compared across the claims of one deal by :func:`discrepancies`.
COMPARED_FIELDS: tuple[str, ...] = ("status", "quantity", "value", "event_date", "system")

#: The columns of :func:`discrepancies`, in order.
DISCREPANCY_COLUMNS: tuple[str, ...] = ("deal_id", "supplier", "recipient", "system", "field", "kind", "note",
                                        "value", "claim_id", "source_id", "status")

#: Status pairs that cannot both be true of one deal: a status, and those it contradicts.
_CONTRADICTING: tuple[tuple[str, frozenset[str]], ...] = (
    ("denied", frozenset(schema.STATUS) - {"denied"}),
    ("not_delivered", frozenset({"shipped", "delivered"})),
)
#: Status pairs that cannot both be true of one deal on the same day: "in talks" (no commitment) and a
#: contract or more, reported of one day (claims dated that day, or undated and published that day; the note
#: says which: "both told of", "both published").
_CONTRADICTING_SAME_DAY: tuple[tuple[str, frozenset[str]], ...] = (
    ("considered", frozenset(schema.PIPELINE_STAGES[schema.PIPELINE_STAGES.index("agreed"):])),
)
_EPOCH = pd.Timestamp("1970-01-01")
_STATUS_NAMES = np.array(list(schema.STATUS))


def discrepancies(claims: pd.DataFrame, *, fields: str | Iterable[str] = COMPARED_FIELDS,
                  deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each deal with more than one claim, the fields on which its claims disagree: one row per claim.

    A (deal, field) is listed when its claims hold at least two distinct non-empty values;
    each claim holding a value is one row: ``deal_id, supplier, recipient, system`` (of the
    deal), ``field``, ``kind`` (:data:`armsdata.schema.DISCREPANCY_KIND`), ``note`` (why, in
    words; both the same on every row of the deal and field), then the claim's ``value`` (as a
    person compares it: ``about 50``, ``250,000,000 USD``), ``claim_id``, ``source_id`` and
    ``status``. Sorted by deal, field (in ``fields`` order), value (the one the earliest claim
    holds first) and claim. ``field``, ``kind`` and ``status`` are categoricals of their
    vocabularies, the rest text. :func:`wide_discrepancies` gives one row per deal and field.

    ``fields``: some of :data:`COMPARED_FIELDS`. ``deals``: the table of
    :func:`armsdata.analysis.deals` of the same claims, if computed already.
    """
    claims = check_claims(claims, "discrepancies")
    fields = [fields] if isinstance(fields, str) else list(fields)
    unknown = [f for f in fields if f not in COMPARED_FIELDS]
    if unknown:
        raise ValueError(f"cannot compare {', '.join(map(repr, unknown))} "
                         f"(expected some of: {', '.join(COMPARED_FIELDS)})")
    table = _given_deals(claims, deals, "discrepancies")
    # Only the columns compared or shown, in claim_id order (a claim's position is its rank); every
    # grouping below is on integer codes: the deal's row in `table`, the value's code, the status's order.
    ordered = claims[["claim_id", "deal_id", "source_id", "status", "quantity", "quantity_qualifier", "value",
                      "currency", "event_date", "published", "system"]].sort_values("claim_id", kind="stable",
                                                                                    ignore_index=True)
    deal = deal_rows(ordered, table)
    shown = _shown_values(ordered)
    order = status_lookup(ordered["status"], STATUS_ORDER)
    parts, kinds, notes, values = [], [], [], []
    for field in fields:
        value = shown[field]
        held = pd.DataFrame({"deal": deal, "code": pd.factorize(value)[0], "order": order,
                             "position": np.arange(len(ordered)), **_bounds(ordered, field),
                             **({"day": _day_spoken_of(ordered),
                                 "published_day": ordered["event_date"].isna().to_numpy(dtype=bool)}
                                if field == "status" else {})})
        held = held[(held["code"] >= 0).to_numpy()]  # a claim stating no value holds none
        distinct = np.bincount(held[["deal", "code"]].drop_duplicates()["deal"], minlength=len(table))
        held = held[(distinct[held["deal"]] >= 2)]
        if held.empty:
            continue
        kind, note = _classify(field, held, value, len(table))
        first_holder = held.groupby(["deal", "code"])["position"].transform("min").to_numpy()
        parts.append((np.full(len(held), len(parts)), held["deal"].to_numpy(), first_holder,
                      held["position"].to_numpy()))
        kinds.append(pd.Categorical(kind, categories=list(schema.DISCREPANCY_KIND)).codes)
        notes.append(note)
        values.append((field, value))
    if not parts:
        return _typed(pd.DataFrame({c: [] for c in DISCREPANCY_COLUMNS}))
    # Sort on integers, then build each text column with one take: a sort of the text columns would
    # move every string twice.
    slot, rows, value_rank, position = (np.concatenate(columns) for columns in zip(*parts))
    by = np.lexsort((position, value_rank, slot, rows))  # deal, field, value (first holder), claim
    slot, rows, position = slot[by], rows[by], position[by]
    at = slot * len(table) + rows  # this deal in its field's arrays of kinds and notes
    note_codes, note_texts = pd.factorize(np.concatenate(notes))
    shown_values = pd.concat([v for _, v in values], ignore_index=True)
    out = pd.DataFrame({
        **{c: table[c].array.take(rows) for c in ("deal_id", "supplier", "recipient", "system")},
        "field": pd.Categorical.from_codes(np.array([COMPARED_FIELDS.index(f) for f, _ in values])[slot],
                                           categories=list(COMPARED_FIELDS)),
        "kind": pd.Categorical.from_codes(np.concatenate(kinds)[at], categories=list(schema.DISCREPANCY_KIND)),
        "note": pd.array(note_texts, dtype="string").take(note_codes[at]),
        "value": shown_values.array.take(slot * len(ordered) + position),
        "claim_id": ordered["claim_id"].array.take(position), "source_id": ordered["source_id"].array.take(position),
        "status": ordered["status"].array.take(position)})
    return _typed(out)


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """The columns of :func:`discrepancies` with their types: vocabularies as categoricals, the rest text."""
    vocabularies = {"field": COMPARED_FIELDS, "kind": schema.DISCREPANCY_KIND, "status": schema.STATUS}
    return table.astype({c: pd.CategoricalDtype(list(vocabularies[c])) if c in vocabularies else "string"
                         for c in DISCREPANCY_COLUMNS})[list(DISCREPANCY_COLUMNS)]


def wide_discrepancies(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`discrepancies` with one row per deal and field, its values as text.

    ``values`` are separated by `` | ``, in the order of the long table; ``claim_ids``,
    ``source_ids`` and ``statuses`` hold one group per value, in the same order, the
    members of a group separated by ``, `` (``"a-1, b-1 | c-1"``: a-1 and b-1 hold the first
    value). Also ``n_values`` and ``n_claims``.
    """
    keys = ["deal_id", "supplier", "recipient", "system", "field", "kind", "note"]
    columns = [*keys, "values", "claim_ids", "source_ids", "statuses", "n_values", "n_claims"]
    # runs of equal keys (one row of the result each), and within them runs of one value
    heads = run_starts(table[keys])
    runs = heads | run_starts(table[["value"]])
    head, run = np.cumsum(heads) - 1, np.cumsum(runs) - 1
    by_run = pd.DataFrame({"run": run})
    claims = joined(by_run, table["claim_id"], ", ").to_numpy()
    first_source = ~pd.DataFrame({"run": run, "source": table["source_id"].to_numpy()}).duplicated().to_numpy()
    sources = joined(by_run[first_source], table["source_id"][first_source], ", ").to_numpy()
    stages = pd.DataFrame({"run": run, "status": table["status"].astype("string").to_numpy()}).drop_duplicates()
    stages = stages.assign(order=stages["status"].map(STATUS_ORDER)).sort_values(["run", "order"], kind="stable")
    statuses = joined(stages[["run"]], stages["status"], ", ").to_numpy()
    by_head = pd.DataFrame({"head": head[runs]})
    out = table.loc[heads, keys].reset_index(drop=True).astype("string")
    for name, per_run in (("values", table["value"][runs]), ("claim_ids", claims), ("source_ids", sources),
                          ("statuses", statuses)):
        out[name] = joined(by_head, pd.Series(per_run, dtype="string"), " | ").to_numpy()
    out["n_values"] = pd.array(np.bincount(head[runs], minlength=len(out)), dtype="Int64")
    out["n_claims"] = pd.array(np.bincount(head, minlength=len(out)), dtype="Int64")
    return out.astype({c: "string" for c in columns[:-2]})[columns]


def reported_quantities(claims: pd.DataFrame, *, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims that state a quantity, for deals where at least two claims do.

    Columns: ``deal_id, supplier, recipient, system`` (of the deal), ``claim_id,
    source_id, origin, status, quantity, quantity_qualifier``, then who says it:
    ``source`` (:func:`~armsdata.analysis.source_names`: the outlet, never an id) and
    ``attributed_to``; sorted by deal, then claim.
    """
    claims = check_claims(claims, "reported_quantities")
    table = _given_deals(claims, deals, "reported_quantities")
    columns = ["claim_id", "source_id", "status", "quantity", "quantity_qualifier"]
    claims = claims[["deal_id", *dict.fromkeys([*columns, *ORIGIN_COLUMNS])]]  # not the quotes
    stated = claims[claims["quantity"].notna().to_numpy()]
    stated = stated[(stated.groupby("deal_id")["claim_id"].transform("size") >= 2).to_numpy()]
    stated = stated.assign(origin=_origins(stated), deal_id=stated["deal_id"].astype("string"),
                           source=source_names(stated), attributed_to=stated["attributed_to"].astype("string"))
    columns.insert(2, "origin")
    columns += ["source", "attributed_to"]
    out = table[["deal_id", "supplier", "recipient", "system"]].merge(stated[["deal_id", *columns]], on="deal_id",
                                                                      how="inner")
    return out.sort_values(["deal_id", "claim_id"], ignore_index=True)


# --------------------------------------------------------------------------
# Classifying one field's differences, for all deals at once
# --------------------------------------------------------------------------


def _shown_values(claims: pd.DataFrame) -> dict[str, pd.Series]:
    """Each compared field as the text a person would compare (``<NA>`` where empty)."""
    quantity = pd.Series(pd.NA, index=claims.index, dtype="string")
    stated = claims["quantity"].notna().to_numpy()
    wording = claims["quantity_qualifier"][stated].astype("string").map(schema.QUALIFIER_WORDING).fillna("")
    quantity[stated] = wording + claims["quantity"][stated].astype("string")
    value = pd.Series(pd.NA, index=claims.index, dtype="string")
    stated = claims["value"].notna().to_numpy()
    amounts = [f"{v:,.0f}" if v == int(v) else f"{v:,}" for v in claims["value"][stated].tolist()]
    currency = claims["currency"][stated].astype("string").fillna("")
    value[stated] = (pd.Series(amounts, index=currency.index, dtype="string") + " " + currency).str.strip()
    return {"status": claims["status"].astype("string"), "quantity": quantity,
            "value": value, "event_date": claims["event_date"].astype("string"),
            "system": claims["system"].astype("string")}


def _bounds(claims: pd.DataFrame, field: str) -> dict[str, pd.Series]:
    """``low`` and ``high``: the range of numbers (or days) each claim's value allows.

    ``at least 20`` allows 20…∞, ``up to 36`` 0…36, ``2023`` every day of 2023. Values
    that are compatible at one stage differ only in precision. Where no range is
    defined (status, system, value), ``low > high``, so differing values never overlap.
    """
    if field == "quantity":
        number = claims["quantity"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        qualifier = claims["quantity_qualifier"]
        return {"low": np.where((qualifier == "up_to").to_numpy(dtype=bool), 0.0, number),
                "high": np.where((qualifier == "at_least").to_numpy(dtype=bool), np.inf, number)}
    if field == "event_date":
        span = date_interval(claims["event_date"])
        return {"low": (span["date_start"] - _EPOCH).dt.days.to_numpy(dtype=float, na_value=np.nan),
                "high": (span["date_end"] - _EPOCH).dt.days.to_numpy(dtype=float, na_value=np.nan)}
    return {"low": np.ones(len(claims)), "high": np.zeros(len(claims))}


def _classify(field: str, held: pd.DataFrame, value: pd.Series, n_deals: int) -> tuple[np.ndarray, np.ndarray]:
    """``(kind, note)`` per deal row (arrays of ``n_deals``) for the differing values of ``field``.

    ``held`` has one row per claim stating a value, in claim order: ``deal`` (its row in the
    deals table), ``code`` (of its value), ``order`` (of its status), ``position`` (in ``value``,
    the shown values of all claims), ``low`` and ``high``.
    """
    if field == "system":
        return (np.full(n_deals, "naming", dtype=object),
                np.full(n_deals, "the claims name the system differently", dtype=object))
    if field == "status":
        return _classify_statuses(held, n_deals)
    return _classify_numbers(held, value, n_deals)


def _day_spoken_of(claims: pd.DataFrame) -> np.ndarray:
    """The day each claim speaks of, as days since 1970 (NaN where it names none): its event date where that
    is a day; else, where it dates no event, the day its source was published (it tells the state of the
    deal as of that day)."""
    when = claims["event_date"].astype("string").fillna(claims["published"].astype("string"))
    day = (date_interval(when)["date_start"] - _EPOCH).dt.days.to_numpy(dtype=float, na_value=np.nan)
    return np.where((when.str.len() == 10).fillna(False).to_numpy(dtype=bool), day, np.nan)


def _classify_statuses(held: pd.DataFrame, n_deals: int) -> tuple[np.ndarray, np.ndarray]:
    """A denial contradicts any other status, ``not_delivered`` contradicts shipped and delivered, and
    ``considered`` (no commitment yet) contradicts a contract or more reported of the same day; other
    differing statuses are stages of one deal."""
    kind = np.full(n_deals, "stage difference", dtype=object)
    note = np.full(n_deals, "the claims report different stages of the deal", dtype=object)
    present = held[["deal", "order"]].drop_duplicates().sort_values(["deal", "order"], ignore_index=True)
    decided = np.zeros(n_deals, dtype=bool)
    for negation, affirmations in _CONTRADICTING:
        negating = np.zeros(n_deals, dtype=bool)
        negating[present.loc[present["order"] == STATUS_ORDER[negation], "deal"]] = True
        clash = present[(negating & ~decided)[present["deal"]]
                        & present["order"].isin([STATUS_ORDER[s] for s in affirmations]).to_numpy()]
        if clash.empty:
            continue
        listed = joined(clash[["deal"]], pd.Series(_STATUS_NAMES[clash["order"]]), ", ")
        rows = listed.index.to_numpy()
        kind[rows] = "conflict"
        note[rows] = (f"{negation} contradicts " + listed).to_numpy(dtype=object)
        decided[rows] = True
    dated = held.loc[held["day"].notna().to_numpy(), ["deal", "day", "order", "published_day"]]
    # whether a status of a deal is told of that day by the event a claim dates, by a source published that
    # day (dating no event), or both
    same_day = dated.groupby(["deal", "day", "order"], sort=True)["published_day"].agg(["any", "all"]).reset_index()
    for negation, affirmations in _CONTRADICTING_SAME_DAY:
        negating = same_day.loc[same_day["order"] == STATUS_ORDER[negation], ["deal", "day", "any", "all"]]
        clash = same_day[same_day["order"].isin([STATUS_ORDER[s] for s in affirmations]).to_numpy()].merge(
            negating, on=["deal", "day"], suffixes=("", "_negating"))
        clash = clash[~decided[clash["deal"]]].sort_values(["deal", "day", "order"], ignore_index=True)
        clash = clash[clash["day"] == clash.groupby("deal")["day"].transform("min")]  # the first such day
        if clash.empty:
            continue
        listed = joined(clash[["deal"]], pd.Series(_STATUS_NAMES[clash["order"]]), ", ")
        rows = listed.index.to_numpy()
        days = clash.drop_duplicates("deal").set_index("deal")["day"].reindex(rows)
        dates = pd.Series((_EPOCH + pd.to_timedelta(days.to_numpy(), unit="D")).strftime("%Y-%m-%d"), index=rows)
        # "both published" where every claim of the clash dates no event and its source is of that day: the
        # day they were published, not one they speak of; "both told of" where every one dates its event so
        by_deal = clash.groupby("deal")
        published = (by_deal["all"].all() & by_deal["all_negating"].all()).reindex(rows).to_numpy(dtype=bool)
        told = (~by_deal["any"].any() & ~by_deal["any_negating"].any()).reindex(rows).to_numpy(dtype=bool)
        how = np.where(published, ", both published ", np.where(told, ", both told of ", ", told of or published "))
        kind[rows] = "conflict"
        note[rows] = (f"{negation} contradicts " + listed + pd.Series(how, index=rows) + dates
                      + ": talks mean no commitment yet").to_numpy(dtype=object)
        decided[rows] = True
    return kind, note


def _classify_numbers(held: pd.DataFrame, value: pd.Series, n_deals: int) -> tuple[np.ndarray, np.ndarray]:
    """Different values at one stage whose ranges do not overlap are a conflict; overlapping ones
    differ in precision only; one value per stage is a stage difference."""
    per_stage = held.groupby(["deal", "order"], sort=True).agg(n=("code", "nunique"), low=("low", "max"),
                                                                high=("high", "min")).reset_index()
    differing = (per_stage["n"] > 1).to_numpy()
    clashing = differing & ~(per_stage["low"] <= per_stage["high"]).to_numpy()  # NaN bounds never overlap
    kind = np.full(n_deals, "stage difference", dtype=object)
    note = np.full(n_deals, "the values differ only in precision and can all be true", dtype=object)
    any_differing = np.zeros(n_deals, dtype=bool)
    any_differing[per_stage.loc[differing, "deal"]] = True
    kind[any_differing] = "precision"
    # the earliest clashing stage of each deal, in vocabulary order (per_stage is sorted by deal, order)
    first_clash = per_stage[clashing].drop_duplicates("deal")
    if len(first_clash):
        clash_order = np.full(n_deals, -1)
        clash_order[first_clash["deal"]] = first_clash["order"]
        at = held[(held["order"].to_numpy() == clash_order[held["deal"]])].drop_duplicates(["deal", "code"])
        at = at.sort_values(["deal", "position"])  # runs of one deal, its values in claim order
        values = joined(at[["deal"]], value.take(at["position"]), " vs ")
        rows = values.index.to_numpy()
        stage = pd.Series(_STATUS_NAMES[clash_order[rows]], index=values.index)
        kind[rows] = "conflict"
        note[rows] = ("claims at the same stage (" + stage + ") report " + values).to_numpy(dtype=object)
    staged = held[~any_differing[held["deal"]]]
    if len(staged):
        first = staged.groupby(["deal", "code"])["position"].transform("min")
        pairs = staged.assign(first=first).drop_duplicates(["deal", "code", "order"]).sort_values(
            ["deal", "first", "order"], ignore_index=True)
        stages = joined(pairs[["deal", "first"]], pd.Series(_STATUS_NAMES[pairs["order"]]), ", ")
        by_value = pairs.drop_duplicates(["deal", "first"])
        entries = pd.Series(value.take(by_value["position"]).to_numpy(dtype=object) + " ("
                            + stages.to_numpy(dtype=object) + ")")
        listed = joined(by_value[["deal"]].reset_index(drop=True), entries, "; ")
        listed = "each value is reported at a different stage: " + listed
        note[listed.index.to_numpy()] = listed.to_numpy(dtype=object)
    return kind, note

"""Two vintages of SIPRI's register, deal by deal: what SIPRI added, removed, renamed, revised or reworded.

:func:`diff_registers` takes two register tables (as :func:`armsdata.read_sipri` or
:func:`armsdata.load_register` return them; :func:`read_vintage` reads either file) and returns one
row per deal and changed column (:data:`COLUMNS`), ``change`` one of ``schema.REVISION``. Deals are
matched by :func:`armsdata.register.vintage_matching.match`. CODEBOOK.md's "Register vintages"
states the rule for readers; in short:

- **Years.** Each vintage covers a span of years: the range its export states, else the span of its
  data (for the per-delivery-year export, of its delivery years: it lists only deals delivered in
  its range). A deal is ``added`` (or ``removed``) only if the other vintage would list it: a
  delivery year in that vintage's span, or, where that vintage is a trade register, a year of
  order in it. Deals outside that span (ordered or delivered after the older export was made, or
  in years it did not cover) are new data, not revisions: counted in the summary, never rows.
- **Deliveries.** Delivery years are compared within the years both vintages cover; numbers and TIV
  delivered (and their estimate flags) only where every delivery of the deal, in both vintages,
  lies in those years (a vintage sums only its own years' deliveries). Deliveries after the older
  export's last year are new data, not revisions.
- **Changes.** A matched deal gives one row per compared register column whose value differs, as
  the register CSV writes it: ``renamed`` for supplier, recipient and designation; ``reworded`` for
  description and comments, and for a status or category that differs only in case, spaces or
  punctuation; ``revised`` for every other column. A column is compared only when both vintages
  hold values in it (the trade register has no category, the per-delivery-year export no number
  ordered and no comments).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from armsdata import schema
from armsdata.errors import Rejected, UsageError, check_out_file
from armsdata.register.vintage_matching import UNCERTAIN, Vintage, arrow_text, match, spelled, vintage
from armsdata.sipri.table import cell_text

#: The columns of :func:`diff_registers`, in order.
COLUMNS: tuple[str, ...] = ("change", "supplier", "recipient", "designation", "order_year", "field", "old", "new",
                            "explanation")

#: Register columns compared, in the order of the register CSV, and the change a difference in each is.
FIELD_CHANGE: dict[str, str] = {
    "supplier": "renamed", "recipient": "renamed", "designation": "renamed", "description": "reworded",
    "category": "revised", "order_year": "revised", "order_year_estimated": "revised",
    "number_ordered": "revised", "number_ordered_estimated": "revised", "number_delivered": "revised",
    "number_delivered_estimated": "revised", "delivery_years": "revised", "status": "revised",
    "comments": "reworded", "tiv_per_unit": "revised", "tiv_order": "revised", "tiv_delivered": "revised",
}
#: Columns that sum a vintage's deliveries in its own years: compared only where all the deal's deliveries
#: lie in the years both vintages cover.
DELIVERED = ("number_delivered", "number_delivered_estimated", "tiv_delivered")
#: SIPRI writes TIVs in hundredths: each value written may be off by half of one. The per-delivery-year export's
#: TIV delivered is a sum of one rounded value per year, so two TIVs delivered differ only by more than this
#: times the number of values summed on both sides (297.01 summed over years is the 297 of the trade register).
TIV_ROUNDING = 0.005
#: Revised columns that are reworded where the two values differ only in case, spaces or punctuation.
WORDED = ("status", "category")

#: ``format`` of a register CSV read by :func:`read_vintage`.
REGISTER_CSV = "register CSV"

_FIELD_ORDER = {field: k for k, field in enumerate(FIELD_CHANGE)}

_STAGE_TEXT = {
    "exact": "matched on supplier, recipient, year of order and designation",
    "numbers": "matched on supplier, recipient, year of order and all numbers, delivery years and TIV (the only "
               "such deal in each vintage)",
    "spelling": "matched on supplier, recipient and year of order; designations equal ignoring case, spaces and "
                "punctuation",
}


# --------------------------------------------------------------------------
# Reading a vintage
# --------------------------------------------------------------------------

def read_vintage(path: str | os.PathLike) -> pd.DataFrame:
    """A register table from a SIPRI export (any format :func:`armsdata.read_sipri` reads) or a register CSV
    (``data/register/sipri.csv``, as ``armsdata import-sipri`` writes it, told by its header line).

    Raises :class:`~armsdata.io.DataError` for a file that is neither. A register CSV's ``attrs`` give its
    ``source`` and ``format`` (:data:`REGISTER_CSV`).
    """
    from armsdata.load import load_register
    from armsdata.sipri import read_sipri

    if _is_register_csv(path):
        table = load_register(path=path)
        table.attrs.update(source=str(path), format=REGISTER_CSV)
        return table
    return read_sipri(path)


def diff_vintage_files(old: str | os.PathLike, new: str | os.PathLike, *, out: str | os.PathLike | None = None,
                       actors: Sequence[str] = (), data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """``armsdata register-diff``: :func:`diff_registers` of the files ``old`` and ``new`` (:func:`read_vintage`),
    for the deals of ``actors`` (names of ``data_dir``'s actors.csv; all without).

    Raises :class:`~armsdata.errors.UsageError` for a missing file, an unknown actor, or an ``out`` (the file
    the changes are to be written to) that is a directory, in a missing directory, or an input; :class:`~armsdata.errors.Rejected`
    (one line) if ``old`` or ``new`` is not a register that can be read whole.
    """
    from armsdata.io import DataError
    from armsdata.sipri.importing import actor_spellings_in

    for path in (old, new):
        if not Path(path).is_file():
            raise UsageError(f"no such file: {path}")
    check_out_file(out, (old, new))  # a directory, a file in a missing directory, or an input: refused
    spellings = actor_spellings_in(actors, data_dir) if actors else None
    vintages = []
    for path in (old, new):
        try:
            vintages.append(read_vintage(path))
        except DataError as exc:
            more = f" ({len(exc.problems) - 1} more problems)" if len(exc.problems) > 1 else ""
            raise Rejected(f"{exc.problems[0]}{more}; not compared, nothing written") from None
    return diff_registers(*vintages, actors=spellings)


def _is_register_csv(path: str | os.PathLike) -> bool:
    try:
        with open(path, "rb") as file:
            first = file.readline(4096)
    except OSError:
        return False  # read_sipri says why
    header = first.decode("utf-8", errors="replace").lstrip("\ufeff").strip()
    return header.split(",")[:3] == list(schema.REGISTER.columns[:3])


# --------------------------------------------------------------------------
# What each vintage covers
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    """The years a vintage covers, and whether it lists only deals delivered in them (the per-year export)."""

    first: int | None
    last: int | None
    per_year: bool
    stated: bool  # the range the export states, not that of its data

    def text(self) -> str:
        return "no years" if self.first is None else f"{self.first}-{self.last}"


def coverage(table: pd.DataFrame, deliveries: pd.DataFrame) -> Coverage:
    """The years ``table`` covers: the year range its export states, else the span of its years (of its
    delivery years only, for the per-delivery-year export). A table without a ``format`` in its attrs is
    taken for the per-delivery-year export when every deal carries SIPRI's deal ID."""
    from armsdata.sipri.header import PER_YEAR_FORMAT, REGISTER_FORMAT

    fmt = table.attrs.get("format")
    per_year = fmt == PER_YEAR_FORMAT or (fmt != REGISTER_FORMAT and len(table) > 0
                                          and bool(table["sipri_id"].notna().all()))
    stated = table.attrs.get("year_range") or []
    if len(stated) == 2 and all(str(year).strip().isdigit() for year in stated):
        return Coverage(int(stated[0]), int(stated[1]), per_year, True)
    years = deliveries["year"].to_numpy()
    if not per_year:
        years = np.concatenate([years, table["order_year"].dropna().to_numpy(dtype=np.int64)])
    if not len(years):
        return Coverage(None, None, per_year, False)
    return Coverage(int(years.min()), int(years.max()), per_year, False)


def _deliveries(table: pd.DataFrame) -> pd.DataFrame:
    """``deal`` (position), ``year``: one row per delivery year of each deal (``2019; 2020``), sorted; in Arrow,
    without a Python call per cell."""
    items = pc.split_pattern(arrow_text(table["delivery_years"]), ";")
    deal = pc.list_parent_indices(items).to_numpy(zero_copy_only=False)
    year = pc.utf8_trim_whitespace(pc.list_flatten(items))
    stated = pc.not_equal(year, "").to_numpy(zero_copy_only=False)
    deal = deal[stated].astype(np.int64)
    year = pc.cast(pc.filter(year, pa.array(stated)), pa.int64()).to_numpy()
    out = pd.DataFrame({"deal": deal, "year": year})
    if len(deal) and not ((np.diff(deal) > 0) | ((np.diff(deal) == 0) & (np.diff(year) > 0))).all():
        out = out.drop_duplicates().sort_values(["deal", "year"], ignore_index=True)  # (SIPRI lists them in order)
    return out


def _window(old: Coverage, new: Coverage) -> tuple[int, int] | None:
    """The years both vintages cover, or None."""
    if old.first is None or new.first is None:
        return None
    first, last = max(old.first, new.first), min(old.last, new.last)
    return (first, last) if first <= last else None


@dataclass
class _Years:
    """A vintage's deliveries: each deal's first and last delivery year (-1: none), its delivery years within the
    years both vintages cover (as text, an Arrow array: ``""`` for none), and whether all its deliveries lie within
    them."""

    long: pd.DataFrame
    first: np.ndarray
    last: np.ndarray
    compared: pa.Array
    inside: np.ndarray
    summed: np.ndarray  # how many rounded values the vintage's TIV delivered sums (its years, per-year export)


def _years(table: pd.DataFrame, long: pd.DataFrame, window: tuple[int, int] | None, per_year: bool) -> _Years:
    n = len(table)
    summed = np.maximum(np.bincount(long["deal"].to_numpy(), minlength=n), 1) if per_year else np.ones(n, np.int64)
    first = np.full(n, -1, dtype=np.int64)
    last = np.full(n, -1, dtype=np.int64)
    deal, year = long["deal"].to_numpy(), long["year"].to_numpy()
    if len(long):  # long is sorted by deal and year: the first and last row of each deal
        starts = np.r_[True, deal[1:] != deal[:-1]]
        ends = np.r_[deal[1:] != deal[:-1], True]
        first[deal[starts]], last[deal[ends]] = year[starts], year[ends]
    if window is None:
        return _Years(long, first, last, pa.array([""] * n, type=pa.large_string()), first < 0, summed)
    within = (year >= window[0]) & (year <= window[1])
    # each deal's years within the window (long is sorted), joined: one Arrow list per deal, empty for none
    offsets = np.r_[0, np.cumsum(np.bincount(deal[within], minlength=n))].astype(np.int64)
    years = pc.cast(pa.array(year[within], type=pa.int64()), pa.large_string())
    compared = pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), years), pa.scalar("; ", pa.large_string()))
    inside = (first < 0) | ((first >= window[0]) & (last <= window[1]))
    return _Years(long, first, last, compared, inside, summed)


def _visible(long: pd.DataFrame, order_year: np.ndarray, cover: Coverage) -> np.ndarray:
    """Which deals (rows of ``order_year``; ``long`` their delivery years) the vintage of ``cover`` would list: a
    delivery year in its years, or (a trade register) a year of order in them."""
    seen = np.zeros(len(order_year), dtype=bool)
    if cover.first is None:
        return seen
    first, last = cover.first, cover.last
    year = long["year"].to_numpy()
    seen[long["deal"].to_numpy()[(year >= first) & (year <= last)]] = True
    if not cover.per_year:
        seen |= (order_year >= first) & (order_year <= last)
    return seen


def _kept(table: pd.DataFrame, long: pd.DataFrame, keep: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The deals of ``table`` that ``keep`` says, numbered anew, and their delivery years."""
    number = np.cumsum(keep) - 1
    rows = keep[long["deal"].to_numpy()]
    return (table[keep].reset_index(drop=True),
            pd.DataFrame({"deal": number[long["deal"].to_numpy()[rows]], "year": long["year"].to_numpy()[rows]}))


# --------------------------------------------------------------------------
# Changes
# --------------------------------------------------------------------------

def diff_registers(old: pd.DataFrame, new: pd.DataFrame, *, actors: Iterable[str] | None = None) -> pd.DataFrame:
    """What changed from the ``old`` vintage of SIPRI's register to the ``new`` one: one row per deal and changed
    register column (:data:`COLUMNS`), ``change`` one of ``schema.REVISION``; an unchanged deal gives no row.

    ``old`` and ``new`` are register tables as :func:`armsdata.read_sipri` (or :func:`read_vintage`) returns
    them: the columns of ``schema.REGISTER``, and in ``attrs`` the export's ``format`` and ``year_range``
    where the file states them. ``supplier``, ``recipient``, ``designation`` and ``order_year`` are the new
    vintage's (the old one's for a removed deal); ``field`` is the register column that changed, ``old`` and
    ``new`` its two values as the register CSV writes them (empty for an added or removed deal);
    ``explanation`` says how the deal was matched, and ``not certain`` where it is not. Rows are sorted by
    supplier, recipient, year of order and designation, then by deal and register column. The result's
    ``attrs["vintages"]`` says what each vintage covers and how many deals were compared (:func:`summary`).

    ``actors`` keeps only the deals whose supplier or recipient is one of these names, spelled as SIPRI
    spells them (``armsdata register-diff --actor`` passes every spelling of a project actor); the years
    each vintage covers are still those of the whole tables.

    >>> old, new = armsdata.read_sipri("2024.csv"), armsdata.read_sipri("2026.csv")  # doctest: +SKIP
    >>> changes = armsdata.diff_registers(old, new)  # doctest: +SKIP
    """
    for table, which in ((old, "old"), (new, "new")):
        missing = [c for c in schema.REGISTER.columns if c not in table.columns]
        if missing:
            raise ValueError(f"diff_registers: the {which} table lacks the register columns {', '.join(missing)}")
    long_old, long_new = _deliveries(old), _deliveries(new)
    cover_old, cover_new = coverage(old, long_old), coverage(new, long_new)
    window = _window(cover_old, cover_new)
    described = [_described(old, cover_old), _described(new, cover_new)]
    fields = [f for f in FIELD_CHANGE if old[f].notna().any() and new[f].notna().any()]
    if actors is not None:
        mine = [(t["supplier"].isin(set(actors)) | t["recipient"].isin(set(actors))).to_numpy(dtype=bool)
                for t in (old, new)]
        (old, long_old), (new, long_new) = _kept(old, long_old, mine[0]), _kept(new, long_new, mine[1])
    described[0]["chosen"], described[1]["chosen"] = len(old), len(new)
    years_old = _years(old, long_old, window, cover_old.per_year)
    years_new = _years(new, long_new, window, cover_new.per_year)
    a = vintage(old, years_old.first, years_old.compared)
    b = vintage(new, years_new.first, years_new.compared)
    pairs = match(a, b, fields)
    i, j = pairs["old"].to_numpy(dtype=np.int64), pairs["new"].to_numpy(dtype=np.int64)
    comparable = years_old.inside[i] & years_new.inside[j]
    rounding = TIV_ROUNDING * (years_old.summed[i] + years_new.summed[j])
    rows = [_changed(a, b, i, j, field, comparable, window, rounding) for field in fields]
    alone_old, alone_new = np.ones(len(a), dtype=bool), np.ones(len(b), dtype=bool)
    alone_old[i], alone_new[j] = False, False
    removed = alone_old & _visible(long_old, a.year, cover_new)
    added = alone_new & _visible(long_new, b.year, cover_old)
    rows += [_alone(added, "added", f"not in the old vintage, which covers {cover_old.text()}"),
             _alone(removed, "removed", f"not in the new vintage, which covers {cover_new.text()}")]
    out = _finish(rows, a, b, pairs)
    later = (years_new.last[j] > cover_old.last) if cover_old.last is not None else np.zeros(len(j), dtype=bool)
    out.attrs["vintages"] = {
        "old": described[0], "new": described[1],
        "years_compared": list(window) if window else None, "fields": fields, "matched": len(pairs),
        "uncertain": int(_uncertain(a, pairs).sum()),
        "unchanged": len(pairs) - int(out.loc[out["change"].isin(["renamed", "revised", "reworded"]), "_deal"]
                                      .nunique()),
        "old_outside": int((alone_old & ~removed).sum()), "new_outside": int((alone_new & ~added).sum()),
        "delivered_later": int(later.sum()),
    }
    return out.drop(columns="_deal")


def _described(table: pd.DataFrame, cover: Coverage) -> dict:
    attrs = table.attrs
    return {"source": attrs.get("source"), "format": attrs.get("format"), "generated": attrs.get("generated"),
            "first_year": cover.first, "last_year": cover.last, "years_stated": cover.stated, "deals": len(table)}


def _changed(a: Vintage, b: Vintage, i: np.ndarray, j: np.ndarray, field: str, comparable: np.ndarray,
             window: tuple[int, int] | None, rounding: np.ndarray) -> dict[str, np.ndarray]:
    """The rows (:func:`_rows`) of one register column: the matched deals (``i`` in the old vintage, ``j`` in the
    new) whose two values differ (TIV delivered: by more than ``rounding``)."""
    differ = a.compared[field][i] != b.compared[field][j]
    if field in DELIVERED:
        differ &= comparable
    if field == "tiv_delivered":
        gap = np.abs(a.table[field].to_numpy(dtype=float, na_value=np.nan)[i]
                     - b.table[field].to_numpy(dtype=float, na_value=np.nan)[j])
        differ &= ~(gap <= rounding + 1e-9)  # (a missing value on one side still differs)
    at = np.flatnonzero(differ)
    if not len(at):
        return _rows(at, True, at, FIELD_CHANGE[field], field, "")
    before, after = cell_text(a.table[field].take(i[at])), cell_text(b.table[field].take(j[at]))
    change = np.full(len(at), FIELD_CHANGE[field], dtype=object)
    note = np.full(len(at), "", dtype=object)
    if field in WORDED:
        wording = (spelled(pd.Series(before)) == spelled(pd.Series(after))).to_numpy(dtype=bool)
        change[wording] = "reworded"
        note[wording] = "differs only in case, spaces or punctuation"
    if field in ("supplier", "recipient"):
        for k, key in enumerate((a.supplier if field == "supplier" else a.recipient)[i[at]]):
            if key in a.renamed:
                _, name, deals = a.renamed[key]
                note[k] = (f"not certain: '{name}' is named in the old vintage only, '{after[k]}' in the new only, and "
                           f"{deals} of their deals agree on the other actor, year of order and designation")
            elif not key.startswith("~"):
                note[k] = f"same ISO 3166 code ({key})"
    if field == "delivery_years" and window is not None:
        note[:] = f"compared within {window[0]}-{window[1]}, the years both vintages cover"
    return _rows(at, True, j[at], change, field, note, before, after)


def _alone(deals: np.ndarray, change: str, text: str) -> dict[str, np.ndarray]:
    at = np.flatnonzero(deals)
    return _rows(np.full(len(at), -1), change == "added", at, change, "", text)


def _rows(pair: np.ndarray, new: bool, deal: np.ndarray, change, field: str, note, old="", new_value=""
          ) -> dict[str, np.ndarray]:
    """Rows of changes as arrays of one length: ``_pair`` (row of the matched pair, -1 for none), ``_new`` (``_deal``
    is a deal of the new vintage), ``_deal``, ``change``, ``_field`` (position in :data:`FIELD_CHANGE`, -1 for
    none), ``field``, ``old``, ``new``, ``_note``; a single value stands for all."""
    n = len(deal)

    def full(value) -> np.ndarray:
        return value if isinstance(value, np.ndarray) else np.full(n, value, dtype=object)

    return {"_pair": np.asarray(pair, dtype=np.int64), "_new": np.full(n, new), "_deal": np.asarray(deal, np.int64),
            "change": full(change), "_field": np.full(n, _FIELD_ORDER.get(field, -1), dtype=np.int64),
            "field": full(field), "old": full(old), "new": full(new_value), "_note": full(note)}


def _uncertain(a: Vintage, pairs: pd.DataFrame) -> np.ndarray:
    """Which matches are not certain: by model, a neighbouring year, similarity or numbers alike, one of several
    deals of one key, or through an actor named in one vintage only."""
    stage = pairs["stage"].to_numpy()
    several = (pairs["n_old"].to_numpy() > 1) | (pairs["n_new"].to_numpy() > 1)
    i = pairs["old"].to_numpy(dtype=np.int64)
    renamed = list(a.renamed)
    inferred = np.isin(a.supplier[i], renamed) | np.isin(a.recipient[i], renamed)
    return np.isin(stage, UNCERTAIN) | (several & (stage != "id")) | inferred


def _match_text(a: Vintage, b: Vintage, pairs: pd.DataFrame) -> np.ndarray:
    """How each pair was matched, and whether that is certain, in words: the stage's text, with the deal's own
    designations, years or scores where the stage is not certain (a few pairs; the others share one text)."""
    stages = pairs["stage"].to_numpy(dtype=object).copy()
    i, j = pairs["old"].to_numpy(dtype=np.int64), pairs["new"].to_numpy(dtype=np.int64)
    designations = [a.table["designation"].take(i), b.table["designation"].take(j)]
    same = (designations[0].reset_index(drop=True) == designations[1].reset_index(drop=True)).to_numpy(
        dtype=bool, na_value=False)
    stages[(stages == "numbers") & same] = "exact"  # every number alike, and the designation too
    out = np.array([_STAGE_TEXT.get(stage, "") for stage in stages], dtype=object)
    variable = np.flatnonzero(~pairs["stage"].isin(["exact", "numbers", "spelling"]).to_numpy()
                              | (pairs["n_old"] > 1).to_numpy() | (pairs["n_new"] > 1).to_numpy())
    designation_old, designation_new = (d.to_numpy(dtype=object)[variable] for d in designations)
    ids = a.table["sipri_id"].take(i[variable]).to_numpy(dtype=object, na_value=None)
    columns = [pairs[c].to_numpy()[variable] for c in ("stage", "old", "new", "score", "n_old", "n_new")]
    for n, (k, stage, i, j, score, n_old, n_new) in enumerate(zip(variable, *columns)):
        names = f"'{designation_old[n]}' and '{designation_new[n]}'"
        left = f"; deals left: {n_old} in the old vintage, {n_new} in the new)"
        if stage == "id":
            out[k] = f"matched by SIPRI's deal ID {ids[n]}"
        elif stage == "model":
            out[k] = ("not certain: matched on supplier, recipient, year of order and model (the designations' "
                      f"first word without version suffix: {names})")
        elif stage == "year":
            out[k] = (f"not certain: matched on supplier, recipient and designation, years of order {a.year[i]} "
                      f"and {b.year[j]}")
        elif stage == "similar":
            out[k] = ("not certain: matched on supplier, recipient and year of order, the most similar designations "
                      f"left ({names}, similarity {score:.2f}{left}")
        elif stage == "alike":
            out[k] = (f"not certain: matched on supplier, recipient and year of order, and {score:.0f} numbers, "
                      f"delivery years or TIV alike; designations differ ({names}{left}")
        if (n_old > 1 or n_new > 1) and stage not in ("id", "similar", "alike"):
            out[k] += (f"; not certain which: deals of this key: {n_old} in the old vintage, {n_new} in the new, "
                       "paired by the columns they agree on")
    return out


def _finish(parts: list[dict[str, np.ndarray]], a: Vintage, b: Vintage, pairs: pd.DataFrame) -> pd.DataFrame:
    """The rows with their deal's supplier, recipient, designation and year, and the explanation; sorted. Arrays
    until the end: one table is made, of the rows in their final order."""
    rows = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    new_side, deal = rows["_new"], rows["_deal"]
    out = {"change": rows["change"]}
    at = np.where(new_side, len(a) + deal, deal)  # in the old vintage's deals, then the new one's
    for column in ("supplier", "recipient", "designation"):  # (Arrow text: nulls stay missing)
        out[column] = pa.concat_arrays([arrow_text(v.table[column], None) for v in (a, b)]).take(pa.array(at))
    year = np.where(new_side, b.year[np.where(new_side, deal, 0)] if len(b) else -1,
                    a.year[np.where(new_side, 0, deal)] if len(a) else -1)
    for column in ("field", "old", "new"):
        out[column] = rows[column]
    pair = rows["_pair"]
    explanation = rows["_note"].copy()
    matched = np.flatnonzero(pair >= 0)
    if len(matched):
        used, where = np.unique(pair[matched], return_inverse=True)
        how = _match_text(a, b, pairs.iloc[used].reset_index(drop=True))[where]
        noted = explanation[matched] != ""
        how[noted] = how[noted] + "; " + explanation[matched][noted].astype(str)
        explanation[matched] = how
    out["explanation"] = explanation
    number = np.where(new_side, deal, len(b) + deal)  # one number per deal, the removed after the new
    # sorted by supplier, recipient, year of order (missing first), designation, deal and register column: text
    # as its rank among the column's values (a missing name first), as pandas sorts it
    order = np.lexsort((rows["_field"], number, _ranks(out["designation"]), year, _ranks(out["recipient"]),
                        _ranks(out["supplier"])))
    ordered = pa.array(order)
    table = {column: pd.array(out[column].take(ordered) if isinstance(out[column], pa.Array)
                              else pa.array(out[column][order], type=pa.large_string()), dtype="string")
             for column in COLUMNS if column != "order_year"}
    table["order_year"] = pd.arrays.IntegerArray(np.maximum(year[order], 0), year[order] < 0)
    return pd.DataFrame({**{column: table[column] for column in COLUMNS}, "_deal": number[order]})


def _ranks(values: pa.Array) -> np.ndarray:
    """Each text's rank among the distinct values, sorted by code point (UTF-8 bytes) as pandas sorts text; a
    missing value first."""
    ranks = pc.rank(values, tiebreaker="dense").to_numpy(zero_copy_only=False)  # from 1, a missing value last
    return np.where(values.is_null().to_numpy(zero_copy_only=False), 0, ranks)


def summary(changes: pd.DataFrame) -> str:
    """One line for people: what each vintage is and covers, rows per change, deals compared and not.

    ``changes`` is a table of :func:`diff_registers` (its ``attrs["vintages"]``)."""
    facts = changes.attrs["vintages"]

    def described(which: str) -> str:
        v = facts[which]
        what = v["format"] or "register"
        text = f"{which} {v['source'] or '(table)'}: {what if what == REGISTER_CSV else 'SIPRI ' + what}"
        if v["generated"]:
            text += f" generated {v['generated']}"
        if v["first_year"] is None:
            text += ", no years"
        else:
            text += f", years {v['first_year']}-{v['last_year']}" + ("" if v["years_stated"] else " (of its data)")
        text += f", {v['deals']} deals"
        return text + (f" ({v['chosen']} of the actors chosen)" if v["chosen"] != v["deals"] else "")

    counts = changes["change"].value_counts()
    kinds = ", ".join(f"{int(counts.get(kind, 0))} {kind}" for kind in schema.REVISION)
    window = facts["years_compared"]
    text = (f"register-diff: {described('old')}; {described('new')}; compared "
            + (f"{window[0]}-{window[1]}" if window else "no common years") + f": {kinds} (rows); "
            f"{facts['matched']} deals matched ({facts['uncertain']} not certain), {facts['unchanged']} unchanged")
    outside = []
    if facts["new_outside"]:
        outside.append(f"new deals outside the old vintage's years: {facts['new_outside']}")
    if facts["old_outside"]:
        outside.append(f"old deals outside the new vintage's years: {facts['old_outside']}")
    if facts["delivered_later"]:
        outside.append(f"deals delivered after {facts['old']['last_year']}, whose numbers delivered are new data: "
                       f"{facts['delivered_later']}")
    return text + ("; not compared: " + ", ".join(outside) if outside else "")

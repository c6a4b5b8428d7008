"""The words of the comparison: the press' quantities, the register's numbers, and each explanation.

Texts are built only for the rows that need them, vectorised; several values of a row are
joined by :func:`joined`, by position in the group.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from armsdata.analysis._frames import joined as runs_joined
from armsdata.register.matching import YEAR_TOLERANCE

#: How a quantity's qualifier is written before it.
QUALIFIER_WORDS = {"exact": "", "approx": "about ", "at_least": "at least ", "up_to": "up to "}

#: Statuses that assert no transfer: a deal with only these (and no stage) says so in its explanation.
NO_TRANSFER = frozenset({"not_delivered", "alleged", "denied"})

#: The explanation of a press deal that names no system.
GENERIC = "names no system: a generic claim cannot be matched"

#: How many other actor pairs of a designation an explanation names.
_ELSEWHERE = 5


def joined(frame: pd.DataFrame, by: str | list[str], column: str, separator: str,
           limit: int | None = None) -> pd.Series:
    """``column`` joined with ``separator`` per value of ``by`` (the index, sorted), in the frame's row order;
    ``<NA>`` for a group holding a missing value. With ``limit``, a group of more values lists its first
    ``limit`` and says how many more there are.

    One stable sort, then :func:`armsdata.analysis._frames.joined` (one Arrow call for all groups):
    linear in the text joined.

    >>> joined(pd.DataFrame({"k": ["b", "a", "b"], "v": ["x", "y", "z"]}), "k", "v", "; ").to_dict()
    {'a': 'y', 'b': 'x; z'}
    >>> joined(pd.DataFrame({"k": ["a"] * 4, "v": ["w", "x", "y", "z"]}), "k", "v", ", ", limit=2).to_dict()
    {'a': 'w, x and 2 more'}
    """
    names = [by] if isinstance(by, str) else list(by)
    ordered = frame.sort_values(names, kind="stable")
    kept = ordered
    if limit is not None:
        kept = ordered[ordered.groupby(names, sort=False, dropna=False).cumcount().to_numpy() < limit]
    out = runs_joined(kept[names].reset_index(drop=True), kept[column].astype("string").reset_index(drop=True),
                      separator)
    if limit is not None:
        more = ordered.groupby(names, sort=True, dropna=False).size().to_numpy() - limit
        out = out + pd.Series(np.where(more > 0, [f" and {m} more" for m in more], ""), index=out.index,
                              dtype="string")
    return out


def join_nonempty(parts: list[pd.Series], separator: str) -> pd.Series:
    """The non-empty strings of ``parts`` joined, row by row (empty where all are empty)."""
    out = parts[0].fillna("").astype("string")
    for part in parts[1:]:
        part = part.fillna("").astype("string")
        out = out + pd.Series(separator, index=out.index).where((out != "") & (part != ""), "") + part
    return out


def register_numbers(reg: pd.DataFrame) -> pd.Series:
    """``24 ordered, 24 delivered 2023`` / ``3 ordered, none delivered`` for each register row."""
    ordered = (reg["number_ordered"].astype("string") + " ordered").fillna("number ordered not stated")
    years = (" " + reg["delivery_years"].str.replace(";", ",", regex=False)).fillna("")
    delivered = (reg["number_delivered"].astype("string") + " delivered" + years)
    delivered = delivered.where(reg["number_delivered"] != 0, "none delivered")
    delivered = delivered.fillna(("delivered" + years + " (number not stated)").where(
        reg["delivery_years"].notna(), "number delivered not stated"))
    return ordered + ", " + delivered


def estimates(row: pd.DataFrame) -> pd.Series:
    """``; estimated by SIPRI: number ordered, number delivered`` where the register marks its figures uncertain."""
    marks = [pd.Series(label, index=row.index).where(row[column], "")
             for column, label in (("order_year_estimated", "year of order"),
                                   ("number_ordered_estimated", "number ordered"),
                                   ("number_delivered_estimated", "number delivered"))]
    listed = join_nonempty(marks, ", ")
    return ("; estimated by SIPRI: " + listed).where(listed != "", "")


def candidate_text(reg: pd.DataFrame, rows: pd.Series) -> pd.Series:
    """``Spike-MR/LR ordered 2008: 100 ordered, 100 delivered 2009, 2010`` for each register row."""
    chosen = reg.loc[rows.to_numpy()]
    ordered = (" ordered " + chosen["order_year"].astype("string")).fillna(" (year of order not stated)")
    return chosen["designation"] + ordered + ": " + chosen["numbers"]


def _press_dates(press: pd.DataFrame) -> pd.Series:
    ordered = ("ordered " + press["order_year"].astype("string")).fillna("")
    delivered = ("delivered " + press["delivery_years"].str.replace(";", ",", regex=False)).fillna("")
    return join_nonempty([ordered, delivered], ", ")


def quantity_words(quantities: pd.DataFrame) -> pd.Series:
    words = quantities["quantity_qualifier"].map(QUALIFIER_WORDS).fillna("").astype("string")
    return words + quantities["quantity"].astype("string")


def quantities_text(quantities: pd.DataFrame) -> pd.Series:
    """``50 agreed; 26 delivered; 24 delivered`` per deal_id: stage order, then the larger number first."""
    ordered = quantities.sort_values(["rank", "quantity", "quantity_qualifier"], ascending=[True, False, True])
    ordered = ordered.assign(text=quantity_words(ordered) + " " + ordered["status"])
    return joined(ordered, "deal_id", "text", "; ")


def stage_prefix(press: pd.DataFrame) -> pd.Series:
    """What the press claims where it asserts no stage: ``no transfer asserted (press: alleged; denied); ``."""
    statuses = press["off_scale_statuses"]
    no_stage = press["furthest_stage"].isna() & statuses.notna()
    each = statuses.str.split(";").explode().str.strip()
    only_disputed = each.isin(NO_TRANSFER).groupby(level=0).all().reindex(press.index, fill_value=True)
    text = pd.Series("", index=press.index, dtype="string")
    text[no_stage & only_disputed] = "no transfer asserted (press: " + statuses + "); "
    text[no_stage & ~only_disputed] = "a transfer asserted without a stage (press: " + statuses + "); "
    return text


def package_text(press: pd.DataFrame, packages: pd.DataFrame) -> pd.Series:
    """Why each of ``packages`` is not matched, naming its components among the deals of ``press``."""
    components = press.dropna(subset=["parent_deal_id"]).sort_values("deal_id")
    listed = joined(components, "parent_deal_id", "deal_id", ", ").reindex(packages["deal_id"]).to_numpy()
    text = pd.Series(listed, index=packages.index, dtype="string")
    return ("a package: its components are compared, not the package itself ("
            + ("components: " + text).fillna("it has no component deal") + ")")


def ambiguous_text(press: pd.DataFrame, reg: pd.DataFrame, fitting: pd.DataFrame) -> pd.Series:
    fitting = fitting[fitting["press_row"].isin(press["press_row"])]
    each = fitting.assign(text=candidate_text(reg, fitting["register_row"]).to_numpy())
    listed = joined(each, "press_row", "text", "; ")
    count = each.groupby("press_row").size()
    text = count.astype("string") + " register deals could be meant: " + listed
    return text.reindex(press["press_row"]).set_axis(press.index)


def calibre_prefix(press: pd.DataFrame) -> pd.Series:
    """``names no system, only a calibre (155mm), matched to the register's 155mm deals of the pair: ``"""
    return ("names no system, only a calibre (" + press["calibre"] + "), matched to the register's "
            + press["calibre"] + " deals of the pair: ")


def unmatched_text(press: pd.DataFrame, reg: pd.DataFrame, pairs: pd.DataFrame, designations: pd.DataFrame,
                    n_named) -> pd.Series:
    """Why a press deal naming a system has no register deal: its system has no SIPRI designation, the
    register lists no deal of it between the press' supplier and recipient, or only in other years."""
    pair_words = press["supplier"] + " to " + press["recipient"]
    named = designations.sort_values("register_designation")
    spelled = joined(named, "system_id", "register_designation", ", ").reindex(press["system_id"]).to_numpy()
    spelled = pd.Series(spelled, index=press.index, dtype="string")
    text = ("the register lists no deal of " + spelled + " from " + pair_words
            + _elsewhere(press, reg, designations).fillna(""))
    text = text.fillna(("the register lists none from " + pair_words).where(press["calibre"].notna()))
    text = text.fillna("systems.csv gives " + press["system"] + " no SIPRI designation: nothing in the register "
                                                               "to match")
    pairs = pairs[pairs["press_row"].isin(press["press_row"])]
    each = pairs.assign(text=candidate_text(reg, pairs["register_row"]).to_numpy())
    listed = joined(each, "press_row", "text", "; ").reindex(press["press_row"]).set_axis(press.index)
    other_years = ("the register's deals of " + press["system"] + " from " + pair_words + " (" + listed
                   + ") are more than " + str(YEAR_TOLERANCE) + " year from the press' (" + _press_dates(press)
                   + ")")
    return text.where(pd.Series(n_named, index=press.index) == 0, other_years)


def _elsewhere(press: pd.DataFrame, reg: pd.DataFrame, designations: pd.DataFrame) -> pd.Series:
    """`` (it lists Bastion for Russia to Azerbaijan 2011)``: the other pairs with the press deal's designations,
    at most :data:`_ELSEWHERE` of each, so that a designation shared by two systems is seen."""
    wanted = designations[designations["system_id"].isin(set(press["system_id"].dropna()))]
    held = reg[reg["designation"].isin(set(wanted["register_designation"]))]
    if held.empty:
        return pd.Series(pd.NA, index=press.index, dtype="string")
    where = (held["supplier"] + " to " + held["recipient"]
             + (" " + held["order_year"].astype("string")).fillna("")).rename("where")
    where = pd.concat([held["designation"], where], axis=1).drop_duplicates().sort_values(["designation", "where"])
    count = where.groupby("designation").size()
    first = joined(where.groupby("designation").head(_ELSEWHERE), "designation", "where", "; ")
    more = (" and " + (count - _ELSEWHERE).astype("string") + " more").where(count > _ELSEWHERE, "")
    by_designation = (wanted.assign(text=(wanted["register_designation"] + " for " + (first + more).reindex(
        wanted["register_designation"]).to_numpy()).to_numpy()).dropna(subset=["text"]))
    by_system = joined(by_designation.sort_values("text"), "system_id", "text", "; ")
    return (" (it lists " + by_system + ")").reindex(press["system_id"]).set_axis(press.index).astype("string")

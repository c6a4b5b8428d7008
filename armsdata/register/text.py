"""The words of the comparison: the press' quantities, the register's numbers, and each explanation.

Texts are built only for the rows that need them, vectorised; several values of a row are
joined by :func:`joined_by`, by position in the group.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.analysis._frames import joined as runs_joined
from armsdata.register.matching import YEAR_TOLERANCE, completed_before

#: How a quantity's qualifier is written before it.
QUALIFIER_WORDS = {"exact": "", "approx": "about ", "at_least": "at least ", "up_to": "up to "}

#: Statuses that assert no transfer: a deal with only these (and no stage) says so in its explanation.
NO_TRANSFER = frozenset({"not_delivered", "alleged", "denied"})

#: What SIPRI's register covers, said where a press deal names what it does not record.
COVERAGE = "it covers major conventional weapons only"

#: The explanation of a press deal that names no system and no kind of equipment.
GENERIC = "names neither a system nor a kind of equipment: a generic claim cannot be matched"

#: How many other actor pairs of a designation an explanation names.
_ELSEWHERE = 5
#: How many deals an explanation lists of each sort, at most (then "and N more").
LISTED = 5
#: A kind that register/categories.csv gives this few descriptions or fewer is named with them.
_FEW = 3


def joined_by(frame: pd.DataFrame, by: str | list[str], column: str, separator: str,
           limit: int | None = None) -> pd.Series:
    """``column`` joined with ``separator`` per value of ``by`` (the index, sorted), in the frame's row order;
    ``<NA>`` for a group holding a missing value. With ``limit``, a group of more values lists its first
    ``limit`` and says how many more there are.

    One stable sort, then :func:`armsdata.analysis._frames.joined` (one Arrow call for all groups):
    linear in the text joined.

    >>> joined_by(pd.DataFrame({"k": ["b", "a", "b"], "v": ["x", "y", "z"]}), "k", "v", "; ").to_dict()
    {'a': 'y', 'b': 'x; z'}
    >>> joined_by(pd.DataFrame({"k": ["a"] * 4, "v": ["w", "x", "y", "z"]}), "k", "v", ", ", limit=2).to_dict()
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


def candidate_text(reg: pd.DataFrame, rows: pd.Series, *, described: bool = False) -> pd.Series:
    """``Spike-MR/LR ordered 2008: 100 ordered, 100 delivered 2009, 2010`` for each register row; ``described``:
    ``Spike-MR/LR (anti-tank missile) ordered 2008: …``, for a deal found by its kind."""
    chosen = reg.loc[rows.to_numpy(), ["designation", "description", "order_year", "numbers"]]
    ordered = (" ordered " + chosen["order_year"].astype("string")).fillna(" (year of order not stated)")
    name = chosen["designation"]
    if described:
        name = name + (" (" + chosen["description"] + ")").fillna("")
    return name + ordered + ": " + chosen["numbers"]


def _press_dates(press: pd.DataFrame) -> pd.Series:
    ordered = ("ordered " + press["order_year"].astype("string")).fillna("")
    delivered = ("delivered " + press["delivery_years"].str.replace(";", ",", regex=False)).fillna("")
    return join_nonempty([ordered, delivered], ", ")


def misfits_text(press: pd.DataFrame, reg: pd.DataFrame, misfits: pd.DataFrame, what: pd.Series, *,
                 described: bool = False) -> pd.Series:
    """Why the register deals of ``misfits`` (``press_row, register_row``; none fits its press deal's years) are
    not the deal of each of ``press`` (index press_row; ``<NA>`` for one with none): ``what`` (``the register's
    deals of Bastion from France to Armenia``) ``(…) are more than 1 year from the press' (ordered 2010)``, and
    for those that delivered all they ordered before the press first tells of the deal as talks or a pledge
    (:func:`~armsdata.register.matching.completed_before`), that they did so."""
    done = completed_before(misfits, press, reg)
    parts = []
    for chosen, said in ((~done, lambda sub: " are more than " + str(YEAR_TOLERANCE) + " year from the press' ("
                                              + _press_dates(sub) + ")"),
                         (done, lambda sub: " delivered all they ordered before the press first reports talks "
                                            "or a pledge (" + sub["first_told"].astype("string") + "), by the "
                                            "register's figures: talks or a pledge after a deal is complete are not "
                                            "that deal, but may be a further one the register does not hold")):
        rows = misfits[chosen]
        chosen_rows = reg.loc[rows["register_row"].to_numpy()]
        each = rows.assign(text=(candidate_text(reg, rows["register_row"], described=described).to_numpy()
                                 + estimates(chosen_rows).to_numpy()))
        listed = joined_by(each, "press_row", "text", "; ", limit=LISTED).reindex(press.index)
        parts.append((what + " (" + listed + ")" + said(press)).astype("string"))
    years, complete = parts
    return years.fillna(complete).where(years.isna() | complete.isna(), years + "; " + complete)


def after_order_text(press: pd.DataFrame, reg: pd.DataFrame, pairs: pd.DataFrame) -> pd.Series:
    """``ordered 2023, before the talks or pledge the press reports, of 2024`` for each candidate (``press_row,
    register_row``, index kept)."""
    order = reg["order_year"].reindex(pairs["register_row"]).astype("string").to_numpy()
    told = press["first_told"].reindex(pairs["press_row"]).astype("string").to_numpy()
    return ("ordered " + pd.Series(order, index=pairs.index, dtype="string") + ", before the talks or pledge the "
            "press reports, of " + pd.Series(told, index=pairs.index, dtype="string")).fillna("")


def quantity_words(quantities: pd.DataFrame) -> pd.Series:
    words = quantities["quantity_qualifier"].map(QUALIFIER_WORDS).fillna("").astype("string")
    return words + quantities["quantity"].astype("string")


def quantities_text(quantities: pd.DataFrame) -> pd.Series:
    """``50 agreed; 26 delivered; 24 delivered`` per deal_id: stage order, then the larger number first."""
    ordered = quantities.sort_values(["rank", "quantity", "quantity_qualifier"], ascending=[True, False, True])
    ordered = ordered.assign(text=quantity_words(ordered) + " " + ordered["status"])
    return joined_by(ordered, "deal_id", "text", "; ")


def asserted(press: pd.DataFrame) -> np.ndarray:
    """True for each deal some claim asserts: at a stage of the pipeline, or ``unspecified`` (not only
    ``not_delivered``, ``denied`` or ``alleged``)."""
    each = press["off_scale_statuses"].str.split(";").explode().str.strip()
    only_disputed = each.isin(NO_TRANSFER).groupby(level=0).all().reindex(press.index, fill_value=False)
    no_stage = press["furthest_stage"].isna() & press["off_scale_statuses"].notna()
    return ~(no_stage & only_disputed).to_numpy(dtype=bool)


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
    listed = joined_by(components, "parent_deal_id", "deal_id", ", ").reindex(packages["deal_id"]).to_numpy()
    text = pd.Series(listed, index=packages.index, dtype="string")
    return ("a package: its components are compared, not the package itself ("
            + ("components: " + text).fillna("it has no component deal") + ")")


def ambiguous_text(press: pd.DataFrame, reg: pd.DataFrame, fitting: pd.DataFrame, judged: pd.DataFrame) -> pd.Series:
    """``2 register deals could be meant: …`` for each of ``press``, listing its ``fitting`` candidates; where
    every one disagrees with the press in the same way (``judged``: :func:`~armsdata.register.verdicts._judged`
    of ``fitting``), it says so first, else it names how each that disagrees does."""
    marks = estimates(reg.loc[fitting["register_row"].to_numpy()]).str.replace("; estimated by SIPRI: ", "", regex=False)
    flagged = (" (estimated by SIPRI: " + marks + ")").where(marks != "", "").to_numpy()
    each = fitting.assign(items=judged["items"],
                          text=candidate_text(reg, fitting["register_row"]).to_numpy() + flagged)
    same = _same_way(each)
    shown = each["text"] + (" (press " + each["items"] + ")").where(
        (each["items"] != "") & ~each["press_row"].isin(same.index), "")
    listed = joined_by(each.assign(text=shown), "press_row", "text", "; ")
    count = each.groupby("press_row").size()
    agreement = ("; each disagrees with the press in the same way, press " + same).reindex(count.index).fillna("")
    text = count.astype("string") + " register deals could be meant" + agreement + ": " + listed
    return text.reindex(press["press_row"]).set_axis(press.index)


def _same_way(each: pd.DataFrame) -> pd.Series:
    """Per press_row whose candidates (``each``: ``press_row, items``) all disagree with the press, and all in
    the same words: those words (``stage delivered``)."""
    by_row = each.groupby("press_row")["items"]
    same = (by_row.nunique() == 1) & (by_row.first() != "")
    return by_row.first()[same]


def kind_text(press: pd.DataFrame, reg: pd.DataFrame, kinds: pd.DataFrame, fitting: pd.DataFrame,
              categories: pd.DataFrame, identified: pd.DataFrame) -> pd.Series:
    """Why each of ``press`` (deals naming only a kind of equipment, index press_row) is ``consistent`` or
    ``not_in_register``: the register deals of its kind it may be, those of its years that each disagree
    with it, those of other years, or that the register lists none (and whether it records that kind
    at all, and which deals of the pair it cannot tell the kind of).

    ``kinds``: every candidate of the kind (with ``fits``); ``fitting``: those whose years fit, with the
    ``items`` each disagrees on and ``behind``; ``identified``: ``register_row, deal_id`` of the press deals
    that have their register deal (named beside it: a kind may restate a deal named elsewhere).
    """
    owner = joined_by(identified.sort_values("deal_id"), "register_row", "deal_id", ", ", limit=LISTED)
    each = fitting.assign(text=candidate_text(reg, fitting["register_row"], described=True).to_numpy())
    of = pd.Series(owner.reindex(each["register_row"]).to_numpy(), index=each.index, dtype="string")
    later = pd.Series("at a later stage than the press reports", index=each.index).where(each["behind"], "")
    after = after_order_text(press, reg, each).where(each["after_order"], "")
    notes = join_nonempty([("the register deal of " + of).fillna(""), later, after], "; ")
    agree = each["items"] == ""
    each["text"] = each["text"] + (" (" + notes + ")").where(notes != "", "")
    may_be = joined_by(each[agree], "press_row", "text", "; ", limit=LISTED).reindex(press.index)
    same = _same_way(each[~agree])
    disagreeing = each[~agree]
    named = disagreeing["text"] + (" (press " + disagreeing["items"] + ")").where(
        ~disagreeing["press_row"].isin(same.index) | disagreeing["press_row"].isin(each.loc[agree, "press_row"]), "")
    differ = joined_by(disagreeing.assign(text=named), "press_row", "text", "; ", limit=LISTED).reindex(press.index)
    other = kinds[~kinds["fits"] & ~kinds["press_row"].isin(fitting["press_row"])]
    elsewhere = misfits_text(press, reg, other, "the register's " + press["equipment"] + " deals of " + _pair(press),
                             described=True)
    # each text is built for the rows it explains only (a million claims make a hundred thousand such deals),
    # into a plain array: assigning into a Series of Arrow strings took longer than building the texts
    out = np.full(len(press), None, dtype=object)
    rows = press["names_unrecorded"].fillna(False).to_numpy(dtype=bool)
    if rows.any():  # it names what SIPRI does not record: no deal of the register is its candidate
        sub = press[rows]
        out[rows] = (_kind_head(sub) + unrecorded_text(sub) + "; no register deal of the kind is set beside what "
                     "it names").to_numpy(dtype=object)
    rows = pd.isna(out) & may_be.notna().to_numpy(dtype=bool)
    if rows.any():
        out[rows] = (_kind_head(press[rows]) + "; by kind, pair and years it may be: " + may_be[rows]
                     + ("; not: " + differ[rows]).fillna("")).to_numpy(dtype=object)
    rows = pd.isna(out) & differ.notna().to_numpy(dtype=bool)
    if rows.any():
        sub = press[rows]
        same_words = (" in the same way, press " + same.reindex(sub.index)).fillna("")
        out[rows] = (_kind_head(sub) + ": the register's " + sub["equipment"] + " deals of " + _pair(sub)
                     + " in its years each disagree with the press" + same_words + ": "
                     + differ[rows]).to_numpy(dtype=object)
    rows = pd.isna(out) & elsewhere.notna().to_numpy(dtype=bool)
    if rows.any():
        out[rows] = (_kind_head(press[rows]) + "; " + elsewhere[rows]).to_numpy(dtype=object)
    rows = pd.isna(out)
    if rows.any():
        sub = press[rows]
        out[rows] = (_kind_head(sub) + ": the register lists no " + sub["equipment"] + " deal from " + _pair(sub)
                     + _scope(sub["equipment"], categories) + _unmapped(sub, reg)
                     + _pair_deals(sub, reg)).to_numpy(dtype=object)
    return pd.Series(pd.array(out, dtype="string"), index=press.index)


def taken_text(press: pd.DataFrame, reg: pd.DataFrame, taken: pd.DataFrame, identified: pd.DataFrame, *,
               lead: bool = True) -> pd.Series:
    """Why a deal naming only a kind of equipment is ``not_in_register`` when the register's deals of that kind,
    pair and years are other press deals' own (``taken``: ``press_row, register_row``): ``…: the register's
    air_defence deals of France to Armenia in its years are those of other press deals (Ground Master-200 …:
    fra-arm-gm200), which the curation does not say it may restate (overlaps_deal_id)``; without ``lead``, the
    clause that follows what the deal's other candidates are."""
    owner = joined_by(identified.sort_values("deal_id"), "register_row", "deal_id", ", ", limit=LISTED)
    each = taken.assign(text=(candidate_text(reg, taken["register_row"], described=True)
                              + ": " + owner.reindex(taken["register_row"]).to_numpy()).to_numpy())
    listed = joined_by(each, "press_row", "text", "; ", limit=LISTED).reindex(press.index)
    said = ("the register's " + press["equipment"] + " deals of " + _pair(press) + " in its years "
            + ("are" if lead else "that are") + " those of other press deals (" + listed + "), which the curation does "
            "not say it may restate (overlaps_deal_id)" + ("" if lead else ", are left out"))
    return _kind_head(press) + ": " + said if lead else said


def _kind_head(press: pd.DataFrame) -> pd.Series:
    """``names only a kind of equipment (missiles: surface-to-surface, anti-tank and anti-ship missiles)``: the
    kind in the claims' words (the meaning of its ``category``), so that a reader sees which register deals are
    of it (surface-to-air missiles are air defence)."""
    meaning = press["equipment"].map({kind: meaning for kind, (meaning, _) in schema.CATEGORY.items()})
    return "names only a kind of equipment (" + press["equipment"] + (": " + meaning.astype("string")).fillna("") + ")"


def unrecorded_text(press: pd.DataFrame) -> pd.Series:
    """``; SIPRI's register does not record small arms, …: it covers major conventional weapons only`` for a deal
    naming only a kind of which the register does not record all (``not_recorded``), empty for the others."""
    return ("; SIPRI's register does not record " + press["not_recorded"] + ": " + COVERAGE).fillna("")


def _pair(press: pd.DataFrame) -> pd.Series:
    return press["supplier"] + " to " + press["recipient"]


def _scope(equipment: pd.Series, categories: pd.DataFrame) -> pd.Series:
    """``; register/categories.csv maps no SIPRI description to non_lethal: …`` where the register records
    none or only a few descriptions of the kind (ammunition: only guided shells)."""
    mapped = categories[["category", "description"]].dropna().astype("string").sort_values("description")
    count = mapped.groupby("category").size()
    listed = joined_by(mapped, "category", "description", ", ")
    said = {}
    for kind in set(equipment.dropna().unique()) - set(schema.SIPRI_NOT_RECORDED):  # said by unrecorded_text
        n = int(count.get(kind, 0))
        said[kind] = (f"; register/categories.csv maps no SIPRI description to {kind}: the register records no "
                      "such equipment" if n == 0 else
                      f"; of {kind} the register records only what SIPRI describes as: {listed[kind]}"
                      if n <= _FEW else "")
    return equipment.map(said).astype("string").fillna("")


def _unmapped(press: pd.DataFrame, reg: pd.DataFrame) -> pd.Series:
    """``; 2 register deals of the pair have a description register/categories.csv does not list (…)``."""
    unknown = reg.loc[~reg["mapped"], ["supplier_name", "recipient_name", "description"]].dropna(
        subset=["supplier_name", "recipient_name"])
    if unknown.empty:
        return pd.Series("", index=press.index, dtype="string")
    unknown = unknown.assign(description=unknown["description"].fillna("(no description)"))
    count = unknown.groupby(["supplier_name", "recipient_name"]).size()
    listed = joined_by(unknown.drop_duplicates().sort_values("description"), ["supplier_name", "recipient_name"],
                    "description", ", ")
    keys = pd.MultiIndex.from_arrays([press["supplier"], press["recipient"]])
    deals = count.astype("string") + pd.Series(" register deal of the pair has", index=count.index).where(
        count == 1, " register deals of the pair have")
    text = ("; " + deals + " a description that register/categories.csv does not list (" + listed
            + "), so its kind is not known")
    return pd.Series(text.reindex(keys).to_numpy(), index=press.index, dtype="string").fillna("")


def _pair_deals(press: pd.DataFrame, reg: pd.DataFrame) -> pd.Series:
    """`` (for France to Armenia it lists, latest first: Trajan 155mm, towed gun, ordered 2025; …)``."""
    held = reg.dropna(subset=["supplier_name", "recipient_name"])
    held = held.sort_values(["order_year", "designation"], ascending=[False, True], na_position="last")
    text = (held["designation"] + (", " + held["description"]).fillna("")
            + (", ordered " + held["order_year"].astype("string")).fillna("")).rename("text")
    listed = joined_by(held.assign(text=text), ["supplier_name", "recipient_name"], "text", "; ", limit=LISTED)
    keys = pd.MultiIndex.from_arrays([press["supplier"], press["recipient"]])
    said = (" (for " + press["supplier"] + " to " + press["recipient"] + " it lists, latest first: "
            + pd.Series(listed.reindex(keys).to_numpy(), index=press.index, dtype="string") + ")")
    return said.fillna("")


def coverage_text(press: pd.DataFrame, covers: tuple[str, ...]) -> pd.Series:
    """``the register extract holds the deals of Armenia and Azerbaijan only (…): France to Ukraine is outside it``."""
    names = sorted(covers)
    actors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return ("the register extract holds the deals of " + actors + " only (as supplier or recipient; its "
            ".extract.json): " + press["supplier"] + " to " + press["recipient"] + " is outside it").astype("string")


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
    spelled = joined_by(named, "system_id", "register_designation", ", ").reindex(press["system_id"]).to_numpy()
    spelled = pd.Series(spelled, index=press.index, dtype="string")
    text = ("the register lists no deal of " + spelled + " from " + pair_words
            + _elsewhere(press, reg, designations).fillna(""))
    text = text.fillna(("the register lists none from " + pair_words).where(press["calibre"].notna()))
    text = text.fillna("systems.csv gives " + press["system"] + " no SIPRI designation, so no register deal is "
                       "matched to it by name" + _pair_deals(press, reg))
    pairs = pairs[pairs["press_row"].isin(press["press_row"])]
    other_years = misfits_text(press, reg, pairs, "the register's deals of " + press["system"] + " from " + pair_words)
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
    first = joined_by(where.groupby("designation").head(_ELSEWHERE), "designation", "where", "; ")
    more = (" and " + (count - _ELSEWHERE).astype("string") + " more").where(count > _ELSEWHERE, "")
    by_designation = (wanted.assign(text=(wanted["register_designation"] + " for " + (first + more).reindex(
        wanted["register_designation"]).to_numpy()).to_numpy()).dropna(subset=["text"]))
    by_system = joined_by(by_designation.sort_values("text"), "system_id", "text", "; ")
    return (" (it lists " + by_system + ")").reindex(press["system_id"]).set_axis(press.index).astype("string")

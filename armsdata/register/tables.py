"""The inputs of the comparison, typed and keyed: press deals, register deals, quantities, names and years."""

from __future__ import annotations

import re

import pandas as pd

from armsdata import schema
from armsdata.contract import require_columns

#: The columns :func:`~armsdata.register.compare_deals` needs from the press deals (``armsdata.analysis.deals``).
COMPARED_DEAL_COLUMNS: tuple[str, ...] = (
    "deal_id", "parent_deal_id", "overlaps_deal_id", "kind", "supplier", "recipient", "system_id", "system", "category",
    "furthest_stage", "off_scale_statuses", "agreed_low", "agreed_high", "delivered_low", "delivered_high",
    "order_year", "delivery_years", "undated", "committed", "general")

#: The columns it needs from the register (``schema.REGISTER``, typed by ``armsdata.load_register``).
REGISTER_COLUMNS: tuple[str, ...] = (
    "supplier", "recipient", "designation", "description", "order_year", "order_year_estimated", "number_ordered",
    "number_ordered_estimated", "number_delivered", "number_delivered_estimated", "delivery_years")

#: The columns it needs from the categories of the register's descriptions (``schema.REGISTER_CATEGORIES``).
CATEGORY_COLUMNS: tuple[str, ...] = ("description", "category")

#: The columns of a table of reported quantities.
QUANTITY_COLUMNS: tuple[str, ...] = ("deal_id", "quantity", "quantity_qualifier", "status")

#: The columns of a table of the claims' dates: the event date, else the source's publication date.
DATE_COLUMNS: tuple[str, ...] = ("deal_id", "status", "event_date", "published")

#: The stages below ``agreed`` (talks, a pledge): a claim at one of them, dated after the register's order
#: of a deal, is no report of an earlier stage of it.
BEFORE_ORDER: tuple[str, ...] = schema.PIPELINE_STAGES[:schema.PIPELINE_STAGES.index("agreed")]


def require_compared_table(frame: pd.DataFrame, columns, what: str) -> None:
    """A clear error when :func:`~armsdata.register.compare_deals` is given some other table as ``what``."""
    require_columns(frame, columns, f"compare_deals takes as {what} the columns of {_TAKES[what]}")


#: What :func:`~armsdata.register.compare_deals` takes as each of its tables.
_TAKES = {"deals": "armsdata.deals()", "register": "armsdata.load_register()", "systems": "armsdata.load_systems()",
          "actors": "armsdata.load_actors()", "categories": "armsdata.load_register_categories()",
          "quantities": "the claims (deal_id, quantity, quantity_qualifier, status)",
          "dates": "the claims (deal_id, status, event_date, published)"}


def actor_spellings(actors: pd.DataFrame) -> pd.Series:
    """Each spelling of an actor -> its name: every ``name`` and every alias of ``actors.csv``.

    >>> actor_spellings(pd.DataFrame({"name": ["Turkey"], "aliases": ["Türkiye; Turkiye"]})).to_dict()
    {'Turkey': 'Turkey', 'Turkiye': 'Turkey', 'Türkiye': 'Turkey'}
    """
    from armsdata.validation import alias_table  # the validator's reading of the aliases, which it checks unique

    spellings = {**alias_table(actors), **{name: name for name in actors["name"]}}
    return pd.Series(spellings, dtype="string").sort_index()


def system_designations(systems: pd.DataFrame) -> pd.DataFrame:
    """``system_id, register_designation``: one row per SIPRI designation of each system (none for an empty cell)."""
    from armsdata.validation import split_list

    rows = [(system_id, designation) for system_id, cell in zip(systems["system_id"], systems["sipri_designations"])
            for designation in split_list(cell)]
    return pd.DataFrame(rows, columns=["system_id", "register_designation"], dtype="string")


def press_years(press: pd.DataFrame) -> tuple[int, int] | None:
    """(first, last) year that any press deal's order or delivery is dated; None if none is dated.

    >>> press_years(pd.DataFrame({"order_year": [2022, None], "delivery_years": [None, "2020; 2024"]}))
    (2020, 2024)
    """
    years = pd.concat([pd.Series(press["order_year"], dtype="Int64"),
                       years_long(press["delivery_years"])["year"]]).dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def claim_years(claims: pd.DataFrame) -> tuple[int, int] | None:
    """(first, last) year of the claims' events and of their sources' publication; None if nothing is dated.

    The years the press covers: what it dates, up to when it wrote (a 2023 article on a 2020
    delivery covers 2020 to 2023). Wider than :func:`press_years`, which sees only the years of
    agreements and deliveries.

    >>> claim_years(pd.DataFrame({"event_date": ["2020-10", None], "published": ["2023-12-08", "2024"]}))
    (2020, 2024)
    """
    dates = pd.concat([claims["event_date"], claims["published"]]).astype("string").str[:4]
    years = pd.to_numeric(dates, errors="coerce").dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def years_long(cells: pd.Series) -> pd.DataFrame:
    """``2023; 2024`` cells as long rows ``row`` (the cell's position), ``year`` (Int64)."""
    cells = pd.Series(cells, dtype="string").reset_index(drop=True)
    items = cells.str.split(";").explode().str.strip()
    items = items[items.notna() & (items != "")]
    return pd.DataFrame({"row": items.index.to_numpy(), "year": pd.to_numeric(items).astype("Int64").to_numpy()})


def press_table(deals: pd.DataFrame, dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """The deals with text keys, integer years, a ``press_row`` position, ``first_told`` (:func:`first_told`
    of ``dates``), and ``not_recorded``, ``names_unrecorded`` (:func:`not_recorded`)."""
    press = deals[list(COMPARED_DEAL_COLUMNS)].reset_index(drop=True)
    for column in ("deal_id", "parent_deal_id", "overlaps_deal_id", "kind", "supplier", "recipient", "system_id", "system", "category",
                   "off_scale_statuses", "delivery_years"):
        press[column] = press[column].astype("string")
    for column in ("agreed_low", "agreed_high", "delivered_low", "delivered_high", "order_year"):
        press[column] = press[column].astype("Int64")
    press["furthest_stage"] = pd.Categorical(press["furthest_stage"].astype("string"),
                                             categories=list(schema.PIPELINE_STAGES), ordered=True)
    press["press_row"] = press.index
    press["calibre"] = calibres(press)
    press["equipment"] = equipment(press)
    press["first_told"] = first_told(press, dates)
    unrecorded = not_recorded(press)
    press["not_recorded"], press["names_unrecorded"] = unrecorded["what"], unrecorded["named"]
    return press


def first_told(press: pd.DataFrame, dates: pd.DataFrame | None) -> pd.Series:
    """For a deal no claim takes to ``agreed`` or further (only talks or a pledge: :data:`BEFORE_ORDER`), the
    earliest year its claims at those stages are dated: by their event date, else by their source's
    publication date (``dates``: one row per claim, :data:`DATE_COLUMNS`). ``<NA>`` for every other deal, and
    for all without ``dates``.

    >>> press = pd.DataFrame({"deal_id": ["a", "b"], "furthest_stage": ["intent", "agreed"]})
    >>> dates = pd.DataFrame({"deal_id": ["a", "a", "b"], "status": ["intent", "considered", "intent"],
    ...                       "event_date": ["2024-02-23", None, "2020"], "published": [None, "2025", "2023"]})
    >>> first_told(press, dates).tolist()
    [2024, <NA>]
    """
    out = pd.Series(pd.NA, index=press.index, dtype="Int64")
    if dates is None:
        return out
    require_compared_table(dates, DATE_COLUMNS, "dates")
    early = dates[dates["status"].isin(BEFORE_ORDER).fillna(False).to_numpy(dtype=bool)]
    when = early["event_date"].astype("string").fillna(early["published"].astype("string"))
    year = pd.to_numeric(when.str[:4], errors="coerce").astype("Int64")
    first = year.groupby(early["deal_id"].astype("string").to_numpy()).min()
    below = press["furthest_stage"].astype("string").isin(BEFORE_ORDER).fillna(False).to_numpy(dtype=bool)
    found = pd.Series(first.reindex(press["deal_id"].astype("string")).to_numpy(), index=press.index, dtype="Int64")
    return found.where(below, pd.NA)


def equipment(press: pd.DataFrame) -> pd.Series:
    """The kind of equipment (the deal's ``category``) of a deal that names no system and no calibre but a kind
    ("anti-tank missiles"); NA for the others: a system or a calibre is matched more narrowly, a package by
    its components, and ``unspecified`` ("arms") names no kind.

    >>> deals = pd.DataFrame({"system_id": [None, None, "b", None], "category": ["missiles", "unspecified",
    ...     "armoured_vehicles", "artillery"], "kind": ["single"] * 4, "calibre": [None, None, None, "155mm"]})
    >>> equipment(deals).tolist()
    ['missiles', <NA>, <NA>, <NA>]
    """
    category = press["category"].astype("string")
    named = (press["system_id"].isna() & press["calibre"].isna() & (press["kind"] != "package").fillna(True)
             & category.isin(list(schema.KIND_CATEGORY)).fillna(False))
    return category.where(named).astype("string")


def not_recorded(press: pd.DataFrame) -> pd.DataFrame:
    """For each deal naming only a kind of equipment (``equipment``) of which SIPRI's register does not record
    all (:data:`armsdata.schema.SIPRI_NOT_RECORDED`): ``what`` it does not record, where the deal may be of it
    (``<NA>`` for the others), and ``named``, True where the deal's words name it (no register deal of the kind
    is then a candidate: night-vision goggles are no radar).

    >>> press = pd.DataFrame({"equipment": ["radars_sensors", "radars_sensors", "small_arms_ammunition", None],
    ...                       "system": ["night-vision goggles", "radars", "ammunition", "night vision"]})
    >>> out = not_recorded(press)
    >>> out["named"].tolist(), out["what"].notna().tolist()
    ([True, False, False, False], [True, False, True, False])
    """
    kind = press["equipment"].astype("string")
    words = press["system"].astype("string").str.lower().str.replace(r"[-\s]+", " ", regex=True)
    what = pd.Series(pd.NA, index=press.index, dtype="string")
    named = pd.Series(False, index=press.index)
    for category, (meaning, listed) in schema.SIPRI_NOT_RECORDED.items():
        of_kind = (kind == category).fillna(False)
        names = [re.escape(w.strip().lower()) for w in listed.split(";") if w.strip()]
        if names:
            said = words.str.contains(r"\b(?:" + "|".join(names) + r")\b", regex=True).fillna(False) & of_kind
            named |= said
        else:
            said = of_kind
        what = what.mask(said.to_numpy(dtype=bool), meaning)
    return pd.DataFrame({"what": what, "named": named.astype(bool)}, index=press.index)


#: A calibre as the press and SIPRI write it: ``155mm``, ``155 mm``, ``122-mm``.
_CALIBRE = r"(?<![\w.])(\d{2,3}(?:\.\d+)?)\s?-?mm\b"


def calibres(press: pd.DataFrame) -> pd.Series:
    """``155mm`` for a deal that names no system but a calibre ("155mm artillery guns"); NA otherwise.

    SIPRI writes the calibre into the designation of guns, mortars and rocket launchers
    (``ATAGS 155mm``, ``D-30 122mm``), so a calibre narrows a generic claim to the register deals
    that could be meant. Packages are left out: their components are compared.

    >>> calibres(pd.DataFrame({"system": ["155mm artillery guns", "Bastion", "guns"], "system_id": [None, "b", None],
    ...                        "kind": ["single"] * 3})).tolist()
    ['155mm', <NA>, <NA>]
    """
    named = (press["system_id"].isna() & (press["kind"] != "package").fillna(True)).to_numpy(dtype=bool)
    found = press.loc[named, "system"].astype("string").str.extract(_CALIBRE, flags=re.IGNORECASE)[0] + "mm"
    return found.reindex(press.index).astype("string")  # read only where no system is named


def register_table(register: pd.DataFrame, spellings: pd.Series, categories: pd.DataFrame) -> pd.DataFrame:
    """The register with the project's actor names (NA where no actor lists SIPRI's name), the claims'
    ``category`` of each description and the one it may ``also`` be named by (NA where ``categories`` gives
    none; ``mapped`` False where it does not list the description), the span of its deliveries and a
    ``register_row`` position."""
    reg = register[list(REGISTER_COLUMNS)].reset_index(drop=True)
    for column in ("supplier", "recipient", "designation", "description", "delivery_years"):
        reg[column] = reg[column].astype("string")
    described = categories["description"].astype("string").to_numpy()
    for column in ("category", "also"):  # "also" (a second kind the press may name it by) may be left out
        kinds = categories[column] if column in categories.columns else pd.Series(pd.NA, index=categories.index)
        by_description = pd.Series(kinds.astype("string").to_numpy(), index=described)
        reg[column] = reg["description"].map(by_description).astype("string")
    reg["mapped"] = reg["description"].isin(described).fillna(False).astype(bool)
    for column in ("order_year", "number_ordered", "number_delivered"):
        reg[column] = reg[column].astype("Int64")
    for column in ("order_year_estimated", "number_ordered_estimated", "number_delivered_estimated"):
        reg[column] = reg[column].astype("boolean").fillna(False)
    reg["register_row"] = reg.index
    reg["supplier_name"] = reg["supplier"].map(spellings).astype("string")
    reg["recipient_name"] = reg["recipient"].map(spellings).astype("string")
    delivered = years_long(reg["delivery_years"]).groupby("row")["year"]
    reg["first_delivery"] = delivered.min().reindex(reg.index).astype("Int64")
    reg["last_delivery"] = delivered.max().reindex(reg.index).astype("Int64")
    reg["delivered_any"] = ((reg["number_delivered"] > 0).fillna(False)
                            | reg["delivery_years"].notna()).astype(bool)
    # Deliveries may still come (so a later press delivery year can be this deal) until the
    # register has delivered as many as were ordered.
    reg["complete"] = (reg["number_delivered"] >= reg["number_ordered"]).fillna(False).astype(bool)
    return reg


def quantities_table(press: pd.DataFrame, quantities: pd.DataFrame | None) -> pd.DataFrame:
    """The reported quantities, long: ``deal_id, quantity, quantity_qualifier, status, rank`` (rank: stage order)."""
    if quantities is None:
        parts = [press[["deal_id", column]].rename(columns={column: "quantity"}).assign(status=status)
                 for status in ("agreed", "delivered") for column in (f"{status}_low", f"{status}_high")]
        quantities = pd.concat(parts, ignore_index=True).assign(quantity_qualifier="exact")
    require_compared_table(quantities, QUANTITY_COLUMNS, "quantities")
    out = quantities[list(QUANTITY_COLUMNS)].copy()
    out["deal_id"] = out["deal_id"].astype("string")
    out["quantity"] = out["quantity"].astype("Int64")
    out["quantity_qualifier"] = out["quantity_qualifier"].astype("string").fillna("exact")
    out["status"] = out["status"].astype("string")
    out = out.dropna(subset=["quantity"]).drop_duplicates()
    order = {status: i for i, status in enumerate(schema.STATUS)}
    out["rank"] = out["status"].map(order).astype("Int64")
    return out.reset_index(drop=True)

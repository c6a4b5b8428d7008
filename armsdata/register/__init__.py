"""Press deals beside SIPRI's register deals: one verdict for each (see ``schema.VERDICT``).

:func:`compare_deals` is the comparison, a pure function of the press deals table
(``armsdata.analysis.deals``), the register (``armsdata.load_register``), the systems and the
actors; :func:`compare_register` is the one call from the claims, loading whatever it is not given.

The matching rule, which CODEBOOK.md's "Press vs register" states for readers:

- Actors: the register's supplier and recipient, as SIPRI spells them, become the project's
  actor names through ``actors.csv`` (a name or one of its ``aliases``, exactly: ``Turkiye`` is
  ``Turkey``). A SIPRI name no actor lists matches no press deal.
- System: a press deal's ``system_id`` gives the register designations of its system
  (``sipri_designations`` of ``systems.csv``, exactly as SIPRI spells them). The candidates of a
  press deal are the register deals with its supplier, its recipient and one of those
  designations; the designation alone is never enough (the register's "Bastion" is also a
  Russian anti-tank missile sold to Azerbaijan). A deal naming no system but a calibre ("155mm
  artillery guns") has as candidates the register deals of its pair whose designation carries
  that calibre. Any other deal naming no system (a generic claim) and a package (its components
  are compared instead) are matched to nothing.
- Years, with a tolerance of one year (``YEAR_TOLERANCE``): a candidate fits when the press'
  order year is within a year of the register's, and every year the press dates a delivery lies
  within a year of the register deal's span (from its order year to its last delivery year, or
  open-ended while the register has delivered fewer than were ordered). A year the press or the
  register does not give rules nothing out. The tolerance is there because neither side dates
  the same event: the press dates an announcement, a signature or a news report, SIPRI the
  contract, often as its own estimate (the Pinaka contract is 2022 in the press, an uncertain
  2023 in the register); more than a year apart, a deal of the same system between the same
  actors is another order (the register lists Israel's Spike-MR/LR to Azerbaijan in 2008 and
  again in 2015). Talks or a pledge (the stages below ``agreed``) are dated by their claims' event date,
  else their source's publication date: a register deal that delivered all it ordered before the press
  first tells of a deal only so is not that deal (a pledge of 2024 beside 24 of 24 delivered in 2023).
- One fitting candidate is the press deal's register deal: ``matches`` unless a number or a
  stage the press reports disagrees with it (``differs``); none is ``not_in_register``; more than
  one is ``ambiguous``, with every candidate in ``explanation``.
- Numbers: a quantity reported at ``agreed`` is compared with the number ordered, one reported
  at ``delivered`` with the number delivered, by its qualifier (``at_least 20`` agrees with 24,
  ``about 50`` only with 50); quantities at other stages are listed, not compared. Stage: the press
  disagrees when its furthest stage is ``delivered`` and the register records no delivery, when
  it says ``not_delivered`` and the register records one, or when it holds a denial. A press
  stage short of the register's is no disagreement: ``earlier_stage``, the press reports an earlier
  stage of the register's deal, unless the press tells of it only as talks or a pledge first dated after
  the register's order (a pledge to deliver what was ordered: no earlier stage); the explanation says so.
- Register-only rows: the register deals that no press deal fits, whose recipient is one the
  press deals name, ordered or delivered in the press' years: from the earliest to the latest
  year of the claims' events and publication (:func:`claim_years`, used by
  :func:`compare_register`), or, given only deals, of their orders and deliveries
  (:func:`press_years`). Nothing dated gives no window, and then no such rows.

The steps, one module each: ``tables`` (the inputs typed and keyed: deals, register, quantities,
actor spellings, designations, years) -> ``matching`` (candidate pairs by two merges, then the
years) -> ``verdicts`` (one verdict per press deal, the register-only rows, the sorted table),
with ``text`` writing the quantities, numbers and explanations. Beside the comparison, tables to
draw: ``beside`` (each deal's numbers, press and register) and ``deliveries`` (the register's
deliveries by year, with the press' claims of delivery).
"""

from __future__ import annotations

import os

import pandas as pd

from armsdata.register.beside import BESIDE_COLUMNS, quantities_beside_register, with_register_numbers
from armsdata.register.deliveries import DELIVERY_COLUMNS, register_deliveries
from armsdata.register.matching import YEAR_TOLERANCE, candidate_pairs, fits_years, kind_pairs, press_deliveries
from armsdata.register.tables import (
    CATEGORY_COLUMNS,
    COMPARED_DEAL_COLUMNS,
    DATE_COLUMNS,
    QUANTITY_COLUMNS,
    REGISTER_COLUMNS,
    actor_spellings,
    claim_years,
    press_table,
    press_years,
    quantities_table,
    register_table,
    require_compared_table,
    system_designations,
)
from armsdata.register.text import GENERIC, QUALIFIER_WORDS, register_numbers
from armsdata.register.verdicts import BESIDE_ONE, COLUMNS, NOT_COMPARED, finish, press_verdicts, register_only

__all__ = [
    "BESIDE_COLUMNS", "BESIDE_ONE", "CATEGORY_COLUMNS", "COLUMNS", "COMPARED_DEAL_COLUMNS", "DATE_COLUMNS",
    "DELIVERY_COLUMNS",
    "GENERIC", "NOT_COMPARED", "QUALIFIER_WORDS", "QUANTITY_COLUMNS", "REGISTER_COLUMNS", "YEAR_TOLERANCE",
    "actor_spellings", "candidate_pairs", "claim_years", "compare_deals", "compare_register", "press_years",
    "quantities_beside_register", "register_deliveries", "system_designations", "unrecorded_kinds",
    "with_register_numbers",
]


def compare_register(claims: pd.DataFrame, register: pd.DataFrame | str | os.PathLike | None = None, *,
                     systems: pd.DataFrame | None = None, actors: pd.DataFrame | None = None,
                     categories: pd.DataFrame | None = None, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The press deals of ``claims`` beside the register: :func:`compare_deals` of ``armsdata.analysis.deals(claims)``.

    ``register`` is a typed register table or the path of a register CSV (``armsdata import-sipri``
    writes one, with the ``.extract.json`` that says which actors it covers). What is not given
    (``None``: the register, ``systems``, ``actors``, ``categories``) comes from the claims' own data
    directory, ``claims.attrs["data_dir"]`` (set by ``armsdata.load_transfers``), validated once for all
    of them (``armsdata.load_data``), never from another data set; claims that do not say where they
    come from (made by hand, or two data sets concatenated) need every table given (``ValueError``). The
    claims' own quantities are compared and listed (``press_quantities``), their dates tell when the press
    reports talks or a pledge (``dates``), and the register-only rows are those of the claims' years
    (:func:`claim_years`). ``deals`` is ``armsdata.analysis.deals(claims)``, computed when not given (a caller that has it already passes it, as the report does).

    >>> armsdata.compare_register(armsdata.load_transfers())      # doctest: +SKIP
    """
    from armsdata import analysis, load

    if register is not None and not isinstance(register, pd.DataFrame):
        register = load.load_register(path=register)
    if any(table is None for table in (register, systems, actors, categories)):
        data = load.load_data(_data_dir_of(claims))
        register = data.register if register is None else register
        systems = data.systems if systems is None else systems
        actors = data.actors if actors is None else actors
        categories = data.categories if categories is None else categories
    quantities = claims.loc[claims["quantity"].notna(), list(QUANTITY_COLUMNS)]
    deals = analysis.deals(claims) if deals is None else deals
    return compare_deals(deals, register, systems=systems, actors=actors, categories=categories,
                         quantities=quantities, years=claim_years(claims), dates=claims[list(DATE_COLUMNS)])


def unrecorded_kinds(deals: pd.DataFrame) -> pd.Series:
    """What SIPRI's register does not record of the kind each deal names only (``schema.SIPRI_NOT_RECORDED``:
    ``small arms, light weapons and ammunition other than guided shells``), by ``deal_id``; ``<NA>`` for a deal
    that names a system, a calibre, no kind, or a kind of which the register may hold it."""
    require_compared_table(deals, COMPARED_DEAL_COLUMNS, "deals")
    press = press_table(deals)
    return pd.Series(press["not_recorded"].to_numpy(), index=pd.Index(press["deal_id"], name="deal_id"),
                     dtype="string", name="not_recorded")


def _data_dir_of(claims: pd.DataFrame) -> str:
    """The data directory the claims were loaded from; ``ValueError`` if they do not say."""
    from armsdata.load import DATA_DIR

    where = claims.attrs.get(DATA_DIR)
    if where is None:
        raise ValueError("compare_register(): the claims do not say which data directory they come from "
                         f"(attrs[{DATA_DIR!r}], set by armsdata.load_transfers()); give register, systems, actors "
                         "and categories, or claims as armsdata.load_transfers() returns them")
    return where


def compare_deals(deals: pd.DataFrame, register: pd.DataFrame, *, systems: pd.DataFrame, actors: pd.DataFrame,
                  categories: pd.DataFrame, quantities: pd.DataFrame | None = None,
                  years: tuple[int, int] | None = None, dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per press deal and one per register deal no press deal names (:data:`COLUMNS`), sorted.

    ``deals`` has the columns of ``armsdata.analysis.deals`` (:data:`COMPARED_DEAL_COLUMNS`); ``register``
    those of ``schema.REGISTER``, and in ``register.attrs["actors"]`` the actors whose deals it holds
    (as ``armsdata.load_register`` sets it; absent or ``None``: every actor's); ``systems``,
    ``actors`` and ``categories`` those of their files (``categories``: ``register/categories.csv``).
    ``quantities``, one row per reported quantity (``deal_id, quantity, quantity_qualifier, status``),
    gives ``press_quantities`` and the numbers compared; without it they come from the deals' ranges
    (``agreed_low`` … ``delivered_high``, as exact numbers). ``years`` (first, last) overrides the
    window of the register-only rows (default: :func:`press_years`). ``dates``, one row per claim
    (``deal_id, status, event_date, published``), dates the talks and pledges of the deals no claim takes to
    ``agreed``: a register deal ordered before them is no later stage of them, one completed before them is
    not their deal (without it, nothing is dated so, and neither is said). The package's docstring
    states the matching rule. Rows are sorted by supplier and recipient, then the press deals by
    deal_id, then the register-only rows by designation and the register's other columns. The table's
    ``attrs["actors"]`` is the register's.
    """
    require_compared_table(deals, COMPARED_DEAL_COLUMNS, "deals")
    require_compared_table(register, REGISTER_COLUMNS, "register")
    require_compared_table(systems, ("system_id", "sipri_designations"), "systems")
    require_compared_table(actors, ("name", "aliases"), "actors")
    require_compared_table(categories, CATEGORY_COLUMNS, "categories")
    covers = register.attrs.get("actors")
    press = press_table(deals, dates)
    reg = register_table(register, actor_spellings(actors), categories)
    reg["numbers"] = register_numbers(reg)  # "24 ordered, 24 delivered 2023", said of a register deal everywhere
    quantities = quantities_table(press, quantities)
    designations = system_designations(systems)
    delivered = press_deliveries(press)
    pairs = candidate_pairs(press, reg, designations)
    pairs["fits"] = fits_years(pairs, press, reg, delivered)
    kinds = kind_pairs(press, reg)
    kinds["fits"] = fits_years(kinds, press, reg, delivered)
    press_rows, may_be = press_verdicts(press, reg, pairs, kinds, designations, quantities, categories,
                                        None if covers is None else tuple(covers))
    window = press_years(press) if years is None else years
    subjects = set(actors.loc[actors["subject"].fillna(False).to_numpy(dtype=bool), "name"]) if "subject" in actors \
        else set()
    only = register_only(press, reg, pairs, may_be, window, delivered, subjects=subjects or None)
    out = finish(pd.concat([press_rows, only], ignore_index=True))
    out.attrs["actors"] = None if covers is None else tuple(covers)  # what the register compared with holds
    return out

"""The data contract: every column of every table, its vocabulary and its rules.

This module is the single definition of a valid row. The pandera schemas, the
codebook (``CODEBOOK.md``), the Frictionless ``datapackage.json`` and the CLI
help are all generated from the :data:`TABLES` below, so they cannot drift apart.

All cells are read as text (``"NA"`` is Namibia, not a missing value); an
empty string means "the source does not say".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Callable

import pandas as pd

# --------------------------------------------------------------------------
# Vocabularies: value -> (meaning, example). Order matters where it is a scale.
# --------------------------------------------------------------------------

STATUS: dict[str, tuple[str, str]] = {
    "considered": ("talks, negotiations or stated interest; no commitment", "Armenia is in talks to buy …"),
    "intent": ("letter of intent, announced intention, pledge or promise", "France will supply …"),
    "agreed": ("contract signed, deal concluded or approved, order placed", "Paris and Yerevan signed a contract for …"),
    "in_production": ("the equipment is being manufactured for the buyer", "the radars are being built"),
    "shipped": ("dispatched or in transit, not yet received", "the vehicles were sent via Georgia"),
    "delivered": ("received or handed over (in part or whole)", "Armenia received the first Bastions"),
    "not_delivered": ("paid for or agreed but not delivered, cancelled, refused or blocked", "Russia did not deliver weapons Armenia paid for"),
    "alleged": ("an accusation or unconfirmed report, usually by a third party", "X is accused of arming Y"),
    "denied": ("a party denies that the transfer happened or will happen", "the ministry denied supplying …"),
    "unspecified": ("a supply relation is asserted without any stage", "Israel sells weapons to Azerbaijan"),
}

#: The lifecycle stages in order, from earliest to furthest. ``not_delivered``,
#: ``alleged``, ``denied`` and ``unspecified`` are not stages of this scale.
PIPELINE_STAGES: tuple[str, ...] = ("considered", "intent", "agreed", "in_production", "shipped", "delivered")

CATEGORY: dict[str, tuple[str, str]] = {
    "air_defence": ("surface-to-air systems, MANPADS, air-defence radars sold as part of one", "Mistral 3, Akash"),
    "armoured_vehicles": ("tanks, armoured personnel carriers, infantry fighting vehicles", "Bastion"),
    "artillery": ("guns, howitzers, mortars, multiple rocket launchers", "Pinaka, ATAGS, CAESAR"),
    "missiles": ("surface-to-surface, anti-tank and anti-ship missiles", "Iskander, Spike"),
    "uavs": ("unmanned aerial vehicles, including loitering munitions", "Bayraktar TB2, Harop"),
    "aircraft": ("manned fixed-wing aircraft and helicopters", "Su-30SM"),
    "ships": ("naval vessels", "patrol boats"),
    "radars_sensors": ("radars, surveillance, optics and night-vision equipment", "GM200"),
    "electronic_warfare": ("jamming and electronic-warfare systems", "jammers"),
    "small_arms_ammunition": ("small arms, light weapons and ammunition", "rifles, artillery shells"),
    "non_lethal": ("non-lethal military equipment or aid", "European Peace Facility assistance"),
    "unspecified": ("the source does not say what kind of weapons", "weapons, arms"),
}

QUANTITY_QUALIFIER: dict[str, tuple[str, str]] = {
    "exact": ("the number as stated", "50 Bastion vehicles"),
    "approx": ("an approximate number", "about 50"),
    "at_least": ("a lower bound", "more than 20"),
    "up_to": ("an upper bound", "up to 36"),
}

SOURCE_TYPE: dict[str, tuple[str, str]] = {
    "news_report": ("a news article or wire report", "CNN, AFP"),
    "op_ed": ("an opinion piece or column", "a signed commentary"),
    "analysis": ("an analytical essay, think-tank or journal piece", "Foreign Affairs essay"),
    "official_statement": ("a statement published by a government or organisation", "U.S. Department of State press statement"),
    "interview": ("an interview", "minister interviewed by a newspaper"),
    "reader_comment": ("a reader's comment under a published piece", "comment below an article"),
    "other": ("anything else", "a blog post"),
}

ACTOR_KIND: dict[str, tuple[str, str]] = {
    "state": ("a sovereign state", "France"),
    "non_state": ("a non-state armed group or de facto authority", "Nagorno-Karabakh authorities"),
    "organisation": ("an international organisation or alliance", "European Union"),
    "unknown": ("an actor the source does not identify", "Unknown"),
}

# --------------------------------------------------------------------------
# Field definitions
# --------------------------------------------------------------------------

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
DEAL_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
INTEGER_PATTERN = r"^[0-9]+$"
NUMBER_PATTERN = r"^[0-9]+(?:\.[0-9]+)?$"
DATE_PATTERN = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
URL_PATTERN = r"^https?://\S+$"
ARCHIVE_PATTERN = r"^(?!/)(?!.*\.\.)[A-Za-z0-9_./-]+\.txt$"

#: Separator between non-adjacent verbatim passages inside one ``quote``.
QUOTE_GAP = " [...] "


@dataclass(frozen=True)
class Field:
    """One column: its type, whether it may be empty, and what values it allows."""

    name: str
    description: str
    type: str = "string"  # string | integer | number | date (partial ISO) | code | boolean (`true`/`false`)
    required: bool = False  # True: must not be empty
    unique: bool = False
    pattern: str | None = None
    vocabulary: dict[str, tuple[str, str]] | None = None
    codes: str | None = None  # "iso3166" | "iso4217": checked against pycountry
    example: str = ""

    @property
    def enum(self) -> list[str] | None:
        return list(self.vocabulary) if self.vocabulary else None


@dataclass(frozen=True)
class RowRule:
    """A rule across columns of one row. ``ok(df)`` returns True where the row passes."""

    column: str  # the column the problem is reported on
    message: str
    ok: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    description: str
    fields: tuple[Field, ...]
    primary_key: str
    row_rules: tuple[RowRule, ...] = field(default=())

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _both_or_neither(a: str, b: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: (df[a] == "") == (df[b] == "")


TRANSFERS = Table(
    name="transfers",
    filename="transfers.csv",
    description="One row per claim: one source saying one thing about one transfer.",
    primary_key="claim_id",
    fields=(
        Field("claim_id", "Unique id of the claim: `<source_id>-<n>`.", required=True, unique=True,
              pattern=ID_PATTERN, example="s000-01"),
        Field("deal_id", "Groups the claims that speak of the same transfer: "
              "`<supplier>-<recipient>-<system>` in lower case.", required=True, pattern=DEAL_PATTERN,
              example="fra-arm-bastion"),
        Field("source_id", "The source that makes the claim (a `source_id` of sources.csv).",
              required=True, pattern=ID_PATTERN, example="s001f"),
        Field("supplier", "Who reportedly supplies: a `name` of actors.csv.", required=True, example="France"),
        Field("recipient", "Who reportedly receives: a `name` of actors.csv.", required=True, example="Armenia"),
        Field("system", "The designation as reported, or the source's generic description when none is named.",
              required=True, example="Bastion"),
        Field("category", "Kind of equipment.", required=True, vocabulary=CATEGORY, example="armoured_vehicles"),
        Field("quantity", "Number of items, as stated; empty if the source gives none.", type="integer",
              pattern=INTEGER_PATTERN, example="50"),
        Field("quantity_qualifier", "How exact `quantity` is; required when `quantity` is given.",
              vocabulary=QUANTITY_QUALIFIER, example="exact"),
        Field("value", "Value of the deal in full units of `currency`; empty if not stated.", type="number",
              pattern=NUMBER_PATTERN, example="250000000"),
        Field("currency", "ISO 4217 code of `value`; required when `value` is given.", type="code",
              codes="iso4217", example="USD"),
        Field("status", "Stage of the transfer as the claim states it.", required=True, vocabulary=STATUS,
              example="agreed"),
        Field("event_date", "Date of the event the claim describes (not of publication): "
              "`YYYY`, `YYYY-MM` or `YYYY-MM-DD`.", type="date", pattern=DATE_PATTERN, example="2023-10-23"),
        Field("attributed_to", "Whom the outlet says the information comes from; empty when the outlet "
              "speaks for itself.", example="Sébastien Lecornu (defence minister, France)"),
        Field("quote", "Verbatim passage of the source that supports the row; non-adjacent passages "
              f"are joined by `{QUOTE_GAP.strip()}`.", required=True,
              example="France will deliver three GM200 radars to Armenia."),
        Field("notes", "Curator's remarks.", example=""),
    ),
    row_rules=(
        RowRule("quantity_qualifier", "must be given when quantity is, and only then",
                _both_or_neither("quantity", "quantity_qualifier")),
        RowRule("currency", "must be given when value is, and only then", _both_or_neither("value", "currency")),
        RowRule("recipient", "must differ from supplier (unless both are Unknown)",
                lambda df: (df["supplier"] != df["recipient"]) | (df["supplier"] == "Unknown")),
    ),
)

SOURCES = Table(
    name="sources",
    filename="sources.csv",
    description="One row per published piece (an article of a compilation is its own source).",
    primary_key="source_id",
    fields=(
        Field("source_id", "Unique id of the source.", required=True, unique=True, pattern=ID_PATTERN,
              example="s001f"),
        Field("outlet", "Publication as named in the text; empty if unknown.", example="Eurasian Times"),
        Field("title", "Headline or title; empty if unknown.", example="France’s arms sales are a ‘provocation’"),
        Field("author", "Author(s); empty if unknown.", example="Ragip Soylu"),
        Field("published", "Publication date, partial allowed; empty if unknown.", type="date",
              pattern=DATE_PATTERN, example="2023-12-08"),
        Field("url", "Address as given in the text; empty if none.", pattern=URL_PATTERN,
              example="https://www.foreignaffairs.com/armenia/armenia-under-gun"),
        Field("source_type", "Kind of piece.", required=True, vocabulary=SOURCE_TYPE, example="news_report"),
        Field("outlet_country", "ISO 3166-1 alpha-3 code of the outlet's home country; empty if the text "
              "does not make it clear.", type="code", codes="iso3166", example="IND"),
        Field("language", "ISO 639-1 code of the text.", required=True, pattern=LANGUAGE_PATTERN, example="en"),
        Field("archive", "Path, relative to the data directory, of the archived plain-text copy in which "
              "every quote of this source is found.", required=True, pattern=ARCHIVE_PATTERN,
              example="archive/s001f.txt"),
        Field("notes", "Curator's remarks.", example=""),
    ),
)

ACTORS = Table(
    name="actors",
    filename="actors.csv",
    description="Every supplier and recipient, under one canonical name.",
    primary_key="name",
    fields=(
        Field("name", "Canonical English name, used in transfers.csv.", required=True, unique=True,
              example="Turkey"),
        Field("kind", "What sort of actor.", required=True, vocabulary=ACTOR_KIND, example="state"),
        Field("iso3", "ISO 3166-1 alpha-3 code where one exists.", type="code", codes="iso3166", example="TUR"),
        Field("aliases", "Other names for the actor, separated by `;` (not accepted in transfers.csv; "
              "the validator names the canonical one).", example="Türkiye"),
        Field("notes", "Curator's remarks.", example=""),
    ),
)

TABLES: tuple[Table, ...] = (TRANSFERS, SOURCES, ACTORS)

#: References between tables: (table, column) -> (table, column) whose values it must take.
#: Checked by ``armsdata validate``, declared as foreign keys in ``datapackage.json``.
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("transfers", "source_id"): ("sources", "source_id"),
    ("transfers", "supplier"): ("actors", "name"),
    ("transfers", "recipient"): ("actors", "name"),
}

#: What the code lists a :attr:`Field.codes` may name are called, for messages and docs.
CODE_LABELS: dict[str, str] = {"iso3166": "ISO 3166-1 alpha-3 country code", "iso4217": "ISO 4217 currency code",
                               "iso3166_former": "ISO 3166-1 alpha-3 country code, or ISO 3166-3 code of a "
                                                 "former state"}

# --------------------------------------------------------------------------
# Cell-level predicates (vectorised over a Series of str)
# --------------------------------------------------------------------------

_NUMBER_LIKE = re.compile(r"^-[0-9]+(?:\.[0-9]+)?$")


def is_formula_like(cells: pd.Series) -> pd.Series:
    """True where a spreadsheet would read the cell as a formula.

    Cells starting with ``=``, ``+``, ``@``, a tab or a carriage return, and a
    leading ``-`` unless the whole cell is a number.

    >>> is_formula_like(pd.Series(["=1+1", "-5", "-x", "ok"])).tolist()
    [True, False, True, False]
    """
    first = cells.str[:1]
    risky = first.isin(["=", "+", "@", "\t", "\r"])
    dash = (first == "-") & ~cells.str.match(_NUMBER_LIKE.pattern)
    return (risky | dash).fillna(False).astype(bool)


def is_valid_partial_date(cells: pd.Series) -> pd.Series:
    """True where a non-empty cell is ``YYYY``, ``YYYY-MM`` or a real ``YYYY-MM-DD``."""
    shaped = cells.str.fullmatch(DATE_PATTERN).fillna(False).astype(bool)
    month = pd.to_numeric(cells.str[5:7], errors="coerce")
    month_ok = (cells.str.len() < 7) | month.between(1, 12)
    full = cells.str.len() == 10
    day_ok = ~full | pd.to_datetime(cells.where(full), format="%Y-%m-%d", errors="coerce").notna()
    return shaped & month_ok & day_ok


@cache
def code_list(codes: str) -> frozenset[str]:
    """The set of valid codes of an ISO standard: ``"iso3166"`` or ``"iso4217"``."""
    import pycountry  # loaded only when codes are checked

    if codes == "iso3166":
        return frozenset(c.alpha_3 for c in pycountry.countries)
    if codes == "iso3166_former":  # states as of the deal: SUN, CSK, YUG, DDR … besides today's
        return code_list("iso3166") | frozenset(c.alpha_3 for c in pycountry.historic_countries)
    if codes == "iso4217":
        return frozenset(c.alpha_3 for c in pycountry.currencies)
    raise ValueError(f"unknown code list {codes!r}")


def _field_checks(f: Field) -> list[tuple[str, Callable[[pd.Series], pd.Series]]]:
    """(message, ok) pairs for one field; ``ok`` is vectorised and True where the cell passes."""
    checks: list[tuple[str, Callable[[pd.Series], pd.Series]]] = [
        ("looks like a spreadsheet formula (starts with =, +, @, -, tab or CR); "
         "prefix it with an apostrophe or reword", lambda s: ~is_formula_like(s)),
    ]
    filled = lambda s: s != ""  # noqa: E731 - tiny local predicate
    if f.required:
        checks.append(("must not be empty", filled))
    if f.vocabulary:
        allowed = set(f.vocabulary)
        listing = ", ".join(f.vocabulary)
        checks.append((f"unknown value (expected one of: {listing})", lambda s: ~filled(s) | s.isin(allowed)))
    if f.type == "date":
        checks.append(("not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date)",
                       lambda s: ~filled(s) | is_valid_partial_date(s)))
    elif f.pattern:
        what = {
            "integer": "not a whole number (digits only, e.g. 24)",
            "number": "not a number (digits with an optional decimal point, no separators, e.g. 250000000)",
        }.get(f.type, f"does not match the expected form {f.pattern}")
        checks.append((what, lambda s, p=f.pattern: ~filled(s) | s.str.fullmatch(p).fillna(False).astype(bool)))
    if f.codes:
        checks.append((f"not an {CODE_LABELS[f.codes]}", lambda s, c=f.codes: ~filled(s) | s.isin(code_list(c))))
    return checks


def pandera_schema(table: Table):
    """Build the pandera ``DataFrameSchema`` of ``table`` (all columns as text).

    Every check carries a message for people, used verbatim in validator output.
    Row rules are DataFrame-level checks whose message starts with ``"<column>: "``.
    """
    import pandera.pandas as pa  # pandera is slow to import; load it only to validate

    columns = {
        f.name: pa.Column(
            str,
            checks=[pa.Check(ok, error=msg) for msg, ok in _field_checks(f)],
            nullable=False,
            unique=f.unique,
            report_duplicates="all",
        )
        for f in table.fields
    }
    checks = [pa.Check(rule.ok, error=f"{rule.column}: {rule.message}") for rule in table.row_rules]
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=True, name=table.name)

# --------------------------------------------------------------------------
# The register: SIPRI's trade register, one row per deal (not a table of claims;
# read by armsdata.sipri, written to data/register/sipri.csv).
# --------------------------------------------------------------------------

BOOLEAN_PATTERN = r"^(?:true|false)$"
YEAR_PATTERN = r"^[0-9]{4}$"
YEARS_PATTERN = r"^[0-9]{4}(?:; [0-9]{4})*$"

REGISTER = Table(
    name="register",
    filename="register/sipri.csv",
    description="SIPRI's trade register, one row per deal: SIPRI's own names, numbers, estimate flags and "
                "trend-indicator values (TIV, millions), as imported by `armsdata import-sipri`.",
    primary_key="",  # none: the trade register export has no deal ID
    fields=(
        Field("sipri_id", "SIPRI AT Database ID of the deal, where the export has one (the transfers export; "
              "the trade register has none).", type="integer", pattern=INTEGER_PATTERN, example="55238"),
        Field("supplier", "Supplier as SIPRI names it, `*` (non-state) and `**` (multinational) marks included.",
              required=True, example="Soviet Union"),
        Field("recipient", "Recipient as SIPRI names it, marks included.", required=True, example="Armenia"),
        Field("supplier_iso3", "ISO 3166 alpha-3 code of the supplier (a former state's ISO 3166-3 code); empty "
              "for non-state actors, unknown ones and names without a code.", type="code", codes="iso3166_former",
              example="SUN"),
        Field("recipient_iso3", "ISO 3166 alpha-3 code of the recipient, as for `supplier_iso3`.", type="code",
              codes="iso3166_former", example="ARM"),
        Field("designation", "Weapon designation.", required=True, example="T-72"),
        Field("description", "Weapon description.", example="tank"),
        Field("category", "SIPRI's armament category, where the export has one (the transfers export).",
              example="Armoured vehicles"),
        Field("order_year", "Year of order.", type="integer", pattern=YEAR_PATTERN, example="2010"),
        Field("order_year_estimated", "`true` where SIPRI marks the year of order as uncertain (`?`).",
              type="boolean", pattern=BOOLEAN_PATTERN, example="false"),
        Field("number_ordered", "Number ordered; empty where SIPRI has no figure or the export has no column.",
              type="integer", pattern=INTEGER_PATTERN, example="20"),
        Field("number_ordered_estimated", "`true` where SIPRI marks the number ordered as uncertain.",
              type="boolean", pattern=BOOLEAN_PATTERN, example="true"),
        Field("number_delivered", "Number delivered (in the export's selected years), summed over delivery years "
              "in the transfers export; `0` for an order with no delivery yet.", type="integer",
              pattern=INTEGER_PATTERN, example="20"),
        Field("number_delivered_estimated", "`true` where SIPRI marks the number delivered (any year's) as "
              "uncertain.", type="boolean", pattern=BOOLEAN_PATTERN, example="true"),
        Field("delivery_years", "Years of delivery, `; `-separated; empty when nothing is delivered yet.",
              pattern=YEARS_PATTERN, example="2019; 2020"),
        Field("status", "SIPRI's status of the weapons: New, Second hand, Second hand but modernized.",
              example="New"),
        Field("comments", "SIPRI's comments.", example="Second-hand; aid"),
        Field("tiv_per_unit", "SIPRI trend-indicator value of one unit, in millions.", type="number",
              pattern=NUMBER_PATTERN, example="2.9"),
        Field("tiv_order", "TIV of the whole order, in millions; empty where not available.", type="number",
              pattern=NUMBER_PATTERN, example="58"),
        Field("tiv_delivered", "TIV of the weapons delivered (in the selected years), in millions.",
              type="number", pattern=NUMBER_PATTERN, example="58"),
    ),
)

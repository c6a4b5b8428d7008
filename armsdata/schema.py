"""The data contract: every column of every table, its vocabulary and its rules.

This module is the single definition of a valid row. The pandera schemas, the
codebook (``CODEBOOK.md``), the Frictionless ``datapackage.json`` and the CLI
help are all generated from the :data:`TABLES` below, so they cannot drift apart.

All cells are read as text; an empty cell is missing ("the source does not say")
and nothing else is: ``"NA"`` is Namibia, not a missing value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np
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

#: The first stage at which a deal counts as a transfer. A deal no claim takes further than ``considered``
#: (talks, stated interest, a recommendation to study it: "could supply", "should also be studied") is a
#: possibility, not a transfer: the analysis lists it apart and does not count it.
COUNTED_FROM: str = "intent"

#: What a claim says about whether the transfer takes place, by its status. The analysis counts
#: a deal only when a claim ``supports`` it, and counts the origins of each stance apart: a denial
#: or an accusation by the other side is no corroboration.
STANCE: dict[str, tuple[str, str]] = {
    "supports": ("asserts the transfer, at a stage of the pipeline or without one (`unspecified`)",
                 "Paris and Yerevan signed a contract for …"),
    "disputes": ("says the transfer did not or will not take place (`denied`, `not_delivered`)",
                 "the ministry denied supplying …"),
    "alleges": ("only an accusation or an unconfirmed report (`alleged`)", "X is accused of arming Y"),
}

#: What the origin of a claim is (``armsdata.analysis.claim_origins``), in words: claims of one origin are
#: one piece of evidence, however many outlets repeat it.
ORIGIN = "whom it is attributed to, else its outlet (else the source itself)"

#: The stance of each status.
STATUS_STANCE: dict[str, str] = {**dict.fromkeys(PIPELINE_STAGES, "supports"), "unspecified": "supports",
                                 "not_delivered": "disputes", "denied": "disputes", "alleged": "alleges"}

#: The statuses that are not stages of the pipeline scale.
OFF_SCALE_STATUSES: tuple[str, ...] = tuple(s for s in STATUS if s not in PIPELINE_STAGES)

#: Kinds of difference between the claims of one deal (``armsdata discrepancies --kind``).
DISCREPANCY_KIND: dict[str, tuple[str, str]] = {
    "conflict": ("claims at the same stage report different values, one claim denies what another affirms, or "
                 "claims of one day report stages that cannot all be true (in talks, and a contract signed)",
                 "24 delivered vs 30 delivered"),
    "stage difference": ("the values differ, but each is reported at a different stage of the deal "
                         "(50 ordered and 24 delivered can both be true)", "50 agreed vs 24 delivered"),
    "precision": ("the values differ only in precision and can all be true "
                  "(2023 and 2023-10; at least 20 and 24; about 50 and 50)", "2023 vs 2023-10"),
    "naming": ("the claims name the system differently; the deal_id says it is one system",
               "GM200 vs Ground Master 200"),
}

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

#: SIPRI's armament categories, as its transfers export names them (``sipri_category`` of
#: register/categories.csv): SIPRI's vocabulary, mapped to ours (:data:`CATEGORY`) by that file.
SIPRI_CATEGORY: dict[str, tuple[str, str]] = {
    "Aircraft": ("manned and unmanned aircraft and helicopters", "Su-30K, Bayraktar TB-2"),
    "Air defence systems": ("surface-to-air missile systems and anti-aircraft guns", "Tor-M1, Akash"),
    "Armoured vehicles": ("tanks, armoured personnel carriers, infantry fighting vehicles and the like", "Bastion"),
    "Artillery": ("guns, howitzers, mortars, multiple rocket launchers, missile launchers", "CAESAR 155mm"),
    "Engines": ("engines of aircraft, ships and vehicles", "aircraft engine"),
    "Missiles": ("guided missiles, bombs, rockets, shells and torpedoes, portable surface-to-air missiles, "
                 "loitering munitions", "Spike-MR/LR"),
    "Naval weapons": ("naval guns, naval surface-to-air missile systems, anti-submarine weapons", "naval gun"),
    "Other": ("turrets, air-refuelling systems", "IFV turret"),
    "Satellites": ("reconnaissance and surveillance satellites", "OptSat-500"),
    "Sensors": ("radars, sonars, electro-optical and signals-intelligence systems", "Ground Master-200"),
    "Ships": ("naval vessels", "patrol boat"),
}

QUANTITY_QUALIFIER: dict[str, tuple[str, str]] = {
    "exact": ("the number as stated", "50 Bastion vehicles"),
    "approx": ("an approximate number", "about 50"),
    "at_least": ("a lower bound", "more than 20"),
    "up_to": ("an upper bound", "up to 36"),
}

#: How a qualified number reads in text: ``about 50``, ``at least 20`` (nothing before an exact one).
QUALIFIER_WORDING: dict[str, str] = {"exact": "", "approx": "about ", "at_least": "at least ", "up_to": "up to "}

SOURCE_TYPE: dict[str, tuple[str, str]] = {
    "news_report": ("a news article or wire report", "CNN, AFP"),
    "op_ed": ("an opinion piece or column", "a signed commentary"),
    "analysis": ("an analytical essay, think-tank or journal piece", "Foreign Affairs essay"),
    "official_statement": ("a statement published by a government or organisation", "U.S. Department of State press statement"),
    "interview": ("an interview", "minister interviewed by a newspaper"),
    "reader_comment": ("a reader's comment under a published piece", "comment below an article"),
    "other": ("anything else", "a blog post"),
}

@dataclass(frozen=True)
class Verdict:
    """One verdict of the comparison with the register (:data:`VERDICT`): what it means and an example, like
    every vocabulary value (``meaning, example = VERDICT["matches"]``), and what the comparison and the
    report do with the deals it is given to.

    ``beside``: what a press deal with it is set beside: ``one`` register deal (its numbers fill the
    comparison's ``register_*`` columns and are drawn beside the press'), ``several``, ``none``, the deals
    of a ``kind`` it may be, ``press`` for a register deal no press deal names, or ``not_compared``.
    ``summary``: the words the report's summary counts its press deals with, by what they name (``system``,
    a system or a calibre; ``kind``, only a kind of equipment): ``{n}`` is their number, ``{names}`` names
    them, ``{is|are}`` is said as the number requires; a verdict is left out of the summary where it has
    none, and at 0 unless ``said_when_none``. ``detailed``: the label under which the summary lists the
    deals with it and their explanations, if it does.
    """

    meaning: str
    example: str
    beside: str
    summary: dict[str, str] = field(default_factory=dict)
    said_when_none: bool = True
    detailed: str = ""

    def __iter__(self):
        """``meaning, example``: a verdict reads like any vocabulary value."""
        return iter((self.meaning, self.example))


#: What the register says of a press deal (``armsdata.register``): one verdict per row of
#: ``compare_register``, in the order the report lists them. Not a column of any file; documented in
#: CODEBOOK.md's "Press vs register". A new verdict is one entry here and the rule that gives it
#: (``armsdata/register/verdicts.py``).
VERDICT: dict[str, Verdict] = {
    "matches": Verdict(
        "the register lists the deal, and no number or stage the press reports disagrees with it (the press "
        "reports the register's stage or a later one)", "press 3 agreed vs register 3 ordered, none delivered",
        "one", {"system": "{n} match"}),
    "differs": Verdict(
        "the register lists the deal, but a number or stage the press reports disagrees with it; `explanation` "
        "says which", "press 50 (agreed) vs register 24 ordered, 24 delivered 2023",
        "one", {"system": "**{n} {differs|differ}**"}, detailed="Differs"),
    "earlier_stage": Verdict(
        "the register lists the deal (for a deal naming only a kind of equipment, every deal of that kind it may be) "
        "and no number disagrees, but at a later stage than any the press reports: the press' reports are from "
        "before the order or the delivery", "press considered vs register 36 ordered",
        "one", {"system": "for {n} the press reports only an earlier stage than the register's{names}",
                "kind": "for {n} the press reports only an earlier stage than the register deals of that kind it may "
                        "be{names}"},
        said_when_none=False),
    "unasserted": Verdict(
        "no claim asserts the transfer (the press only disputes or alleges it), and the register lists a deal of "
        "its system between its supplier and recipient: set beside it, not judged, since a refusal or a denial may "
        "concern part of a deal (one batch) and an allegation reports no deal",
        "Bastion, France to Ukraine: one batch redirected vs register 61 ordered",
        "one", {"system": "{n} the press only disputes or alleges{names} (set beside it, not judged)"},
        said_when_none=False),
    "ambiguous": Verdict(
        "more than one register deal could be the press deal; `explanation` lists every one, and says so where "
        "every one disagrees with the press in the same way", "Spike-MR/LR ordered 2008 or 2015",
        "several", {"system": "{n} {is|are} ambiguous (more than one register deal could be meant)"},
        detailed="Ambiguous"),
    "consistent": Verdict(
        "the press deal names only a kind of equipment, and the register lists deals of that kind between its "
        "supplier and recipient, in its years, whose numbers and stage agree with the press; `explanation` names "
        "each it may be", "drones, Turkey to Azerbaijan 2020: Bayraktar TB-2",
        "kind", {"kind": "{n} {is|are} consistent with register deals of that kind, pair and years (which one, if "
                         "any, is not known, and it may be one a deal naming its system is: a report may restate a "
                         "deal in general words)"}),
    "not_in_register": Verdict(
        "the register lists no deal between its supplier and recipient, in its years, that could be the press "
        "deal: none of its system, or, for a deal naming only a kind of equipment, none of that kind that agrees "
        "with the press", "Mistral, France to Armenia",
        "none", {"system": "{n} name a system the register does not list for them",
                 "kind": "{n} {is|are} not in the register"}),
    "register_only": Verdict(
        "a register deal, with a recipient and in years the press covers, that no press deal names",
        "Akash, India to Armenia, ordered 2023", "press"),
    "not_comparable": Verdict(
        "the press deal names neither a system nor a kind of equipment (\"arms\"), or is a package whose "
        "components are compared instead", "India supplies arms to Armenia", "not_compared"),
    "not_covered": Verdict(
        "neither the supplier nor the recipient is an actor whose deals the register extract holds (its "
        "`actors`): the register cannot say anything of the deal", "Bastion, France to Ukraine", "not_compared"),
}

#: What a verdict's press deals can be set beside (:attr:`Verdict.beside`).
VERDICT_BESIDE: tuple[str, ...] = ("one", "several", "none", "kind", "press", "not_compared")


#: What sort of deal a row of the deals table is (``armsdata.analysis.deals``).
DEAL_KIND: dict[str, tuple[str, str]] = {
    "package": ("a contract or reported bundle whose systems are deals of their own (its components)",
                "India's 2022 package of artillery, rockets and anti-tank missiles"),
    "component": ("a deal that is part of a package: its parent_deal_id names the package", "Pinaka, in that package"),
    "single": ("any other deal", "GM200 radars"),
}

#: What changed in a deal between two vintages of SIPRI's register (``armsdata.diff_registers``): one per row.
#: Not a column of any file; documented in CODEBOOK.md's "Register vintages".
REVISION: dict[str, tuple[str, str]] = {
    "added": ("a deal in the new vintage only, in years the old one covers", "Akash, India to Armenia, ordered 2023"),
    "removed": ("a deal in the old vintage only, in years the new one covers", "NLAW, Sweden to Finland, 2017"),
    "renamed": ("the same deal under another spelling of its designation, supplier or recipient; one row per "
                "column", "Bayraktar TB2 and Bayraktar TB-2; Turkey and Turkiye"),
    "revised": ("a number, year, estimate flag, delivery years, status or TIV of the deal changed; one row per "
                "column", "tiv_per_unit 1.1 and 1.3"),
    "reworded": ("the wording of its description or comments changed (or a status differs only in case or "
                 "punctuation); one row per column", "APC and armoured personnel carrier"),
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
SYSTEM_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
INTEGER_PATTERN = r"^[0-9]+$"
NUMBER_PATTERN = r"^[0-9]+(?:\.[0-9]+)?$"
DATE_PATTERN = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
URL_PATTERN = r"^https?://\S+$"
ARCHIVE_PATTERN = r"^(?!/)(?!.*\.\.)[A-Za-z0-9_./-]+\.txt$"
BOOLEAN_PATTERN = r"^(?:true|false)$"

#: Separator between non-adjacent verbatim passages inside one ``quote``.
QUOTE_GAP = " [...] "


#: What the description of a column shared by every claim of a deal (:attr:`Field.per_deal`) says of it.
PER_DEAL_NOTE = "The same for all claims of a deal."


@dataclass(frozen=True)
class Field:
    """One column: its type, whether it may be empty, and what values it allows.

    Its type in analysis and in the exports follows from ``type``, ``vocabulary`` and ``ordered``
    (:mod:`armsdata.codec`); its typed column from those and ``required`` (:mod:`armsdata.models`).
    """

    name: str
    meaning: str  #: what the column holds, as people read it (:attr:`description` adds what follows from its flags)
    type: str = "string"  # string | integer | number | date (partial ISO) | code | boolean (`true`/`false`)
    required: bool = False  # True: must not be empty
    unique: bool = False
    pattern: str | None = None
    #: compared, not hashed (a dict): a field, and a table, is hashable, a key of the schemas built from it
    vocabulary: dict[str, tuple[str, str]] | None = field(default=None, hash=False)
    codes: str | None = None  # "iso3166" | "iso4217": checked against pycountry
    example: str = ""
    free_text: bool = False  # several lines and surrounding white space allowed (quotes, notes)
    ordered: bool = False  # the vocabulary is a scale (stages): typed as an ordered categorical
    per_deal: bool = False  # describes the deal as a whole: every claim of a deal has the same value (validated)

    @property
    def description(self) -> str:
        """What the column holds: its :attr:`meaning`, and :data:`PER_DEAL_NOTE` for a column shared by a deal."""
        return f"{self.meaning} {PER_DEAL_NOTE}" if self.per_deal else self.meaning

    @property
    def enum(self) -> list[str] | None:
        return list(self.vocabulary) if self.vocabulary else None


@dataclass(frozen=True)
class RowRule:
    """A rule across the columns of one row, checked by the registered pandera check ``armsdata_<check>``.

    The problem is reported on ``column``; ``columns`` (and ``value``) are the check's arguments.
    """

    column: str  # the column the problem is reported on
    message: str
    check: str  # one of ROW_CHECKS
    columns: tuple[str, ...]
    value: str | None = None


@dataclass(frozen=True)
class Table:
    """One table: its fields and the rules across them. Frozen and hashable, so that what is built from a
    table (its pandera schema, its typed schema) is built once per table, by value."""

    name: str
    filename: str
    description: str
    fields: tuple[Field, ...]
    primary_key: str
    row_rules: tuple[RowRule, ...] = field(default=())
    #: Columns that may differ between two rows that are still the same record entered twice.
    same_record_ignores: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


#: The actor name that stands for a supplier or recipient the source does not name.
UNKNOWN_ACTOR = "Unknown"


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
        Field("parent_deal_id", "The `deal_id` of the package deal this deal is a component of; empty "
              "otherwise.", pattern=DEAL_PATTERN, example="ind-arm-package", per_deal=True),
        Field("overlaps_deal_id", "The `deal_id` of another deal of the same supplier and recipient that this "
              "deal may restate: the same transfer told only as a kind of equipment (\"armored vehicles\" "
              "pledged in 2024 may be the Bastions), where the sources leave open whether it is; empty otherwise. "
              "Counted only in the \"up to\" count of transfers.",
              pattern=DEAL_PATTERN, example="fra-arm-bastion", per_deal=True),
        Field("source_id", "The source that makes the claim (a `source_id` of sources.csv).",
              required=True, pattern=ID_PATTERN, example="s001f"),
        Field("supplier", "Who reportedly supplies: a `name` of actors.csv.", required=True, example="France",
              per_deal=True),
        Field("recipient", "Who reportedly receives: a `name` of actors.csv.", required=True, example="Armenia",
              per_deal=True),
        Field("system", "The designation as reported, or the source's generic description when none is named.",
              required=True, example="Bastion"),
        Field("system_id", "The weapon system the deal is about (a `system_id` of systems.csv); empty when "
              "no system is named (\"arms\", \"weapons\").",
              pattern=SYSTEM_ID_PATTERN, example="bastion", per_deal=True),
        Field("category", "Kind of equipment.", required=True, vocabulary=CATEGORY, example="armoured_vehicles"),
        Field("quantity", "Number of items, as stated; empty if the source gives none.", type="integer",
              pattern=INTEGER_PATTERN, example="50"),
        Field("quantity_qualifier", "How exact `quantity` is; required when `quantity` is given.",
              vocabulary=QUANTITY_QUALIFIER, example="exact"),
        Field("value", "Value of the deal in full units of `currency`; empty if not stated.", type="number",
              pattern=NUMBER_PATTERN, example="250000000"),
        Field("value_qualifier", "How exact `value` is; required when `value` is given.",
              vocabulary=QUANTITY_QUALIFIER, example="approx"),
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
              example="France will deliver three GM200 radars to Armenia.", free_text=True),
        Field("notes", "Curator's remarks.", example="", free_text=True),
    ),
    row_rules=(
        RowRule("quantity_qualifier", "must be given when quantity is, and only then", "both_or_neither",
                ("quantity", "quantity_qualifier")),
        RowRule("currency", "must be given when value is, and only then", "both_or_neither", ("value", "currency")),
        RowRule("value_qualifier", "must be given when value is, and only then", "both_or_neither",
                ("value", "value_qualifier")),
        RowRule("recipient", f"must differ from supplier (unless both are {UNKNOWN_ACTOR})", "differ_unless",
                ("supplier", "recipient"), UNKNOWN_ACTOR),
    ),
    same_record_ignores=("claim_id", "notes"),
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
        Field("outlet_country", "ISO 3166-1 alpha-3 code of the outlet's home country, from the text or from "
              "public knowledge of the outlet (the source's notes say which); empty if unknown.", type="code",
              codes="iso3166", example="IND"),
        Field("language", "ISO 639-1 code of the text.", required=True, pattern=LANGUAGE_PATTERN, example="en"),
        Field("archive", "Path, relative to the data directory, of the archived plain-text copy in which "
              "every quote of this source is found.", required=True, pattern=ARCHIVE_PATTERN,
              example="archive/s001f.txt"),
        Field("notes", "Curator's remarks.", example="", free_text=True),
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
        Field("subject", "`true` for an actor the corpus is about (its arms supplies are what the sources were "
              "collected for); empty or `false` otherwise. A supplier and recipient neither of which is a "
              "subject are a pair the sources mention in passing: the report shows their transfers apart.",
              type="boolean", pattern=BOOLEAN_PATTERN, example="true"),
        Field("notes", "Curator's remarks.", example="", free_text=True),
    ),
)

SYSTEMS = Table(
    name="systems",
    filename="systems.csv",
    description="One row per weapon system the claims name, under one canonical designation.",
    primary_key="system_id",
    fields=(
        Field("system_id", "Unique id of the system, lower case with hyphens; used in transfers.csv.",
              required=True, unique=True, pattern=SYSTEM_ID_PATTERN, example="gm200"),
        Field("designation", "Canonical designation.", required=True, unique=True, example="GM200"),
        Field("description", "What the system is, in SIPRI's words where its register lists the system.",
              required=True, example="air-search radar"),
        Field("category", "Kind of equipment (the claims naming the system have this category).",
              required=True, vocabulary=CATEGORY, example="radars_sensors"),
        Field("producer_country", "ISO 3166-1 alpha-3 code of the country that produces the system.",
              type="code", codes="iso3166", example="FRA"),
        Field("sipri_designations", "The system's `Weapon designation` in the SIPRI trade register, exactly as "
              "spelled there, for deals with the corpus' recipients; several separated by `;`; empty where the "
              "register does not list the system.", example="Ground Master-200"),
        Field("aliases", "Other spellings the claims use for the system, separated by `;` (an alias may not "
              "be another system's designation or alias).", example="Thales Grand Master (GM) 200"),
        Field("notes", "Curator's remarks.", example=""),
    ),
)

TABLES: tuple[Table, ...] = (TRANSFERS, SOURCES, ACTORS, SYSTEMS)

@dataclass(frozen=True)
class DealReference:
    """A column of transfers.csv naming another deal, of the same supplier and recipient, that names none itself.

    The validator checks it like a foreign key to ``deal_id`` (:data:`FOREIGN_KEYS`), as shared by
    all claims of a deal (:data:`DEAL_FIELDS`), and with these rules, each reported with its message
    (``{supplier}``, ``{recipient}``: the deal named's; ``{named}``: the deal it names in turn).
    """

    column: str
    itself: str  #: the message when a deal names itself
    other_pair: str  #: when the deal named has another supplier or recipient
    chain: str  #: when the deal named names a deal in this column itself


#: The references between deals: a component names its package; a deal in general words names the deal it
#: may restate.
DEAL_REFERENCES: tuple[DealReference, ...] = (
    DealReference("parent_deal_id", "a deal cannot be its own package",
                  "the package is from {supplier!r} to {recipient!r}; a component has its package's supplier "
                  "and recipient",
                  "the package is itself a component of {named!r}; a package cannot have a package"),
    DealReference("overlaps_deal_id", "a deal cannot restate itself",
                  "the deal it may restate is from {supplier!r} to {recipient!r}; a deal may restate only a deal of "
                  "its own supplier and recipient",
                  "the deal it may restate may itself restate {named!r}; name the deal that restates none"),
)

#: The columns of transfers.csv that describe a deal as a whole (:attr:`Field.per_deal`): every claim of a deal
#: has the same value.
DEAL_FIELDS: tuple[str, ...] = tuple(f.name for f in TRANSFERS.fields if f.per_deal)

#: References between tables: (table, column) -> (table, column) whose values it must take.
#: An empty cell of a column that may be empty refers to nothing (a claim naming no system).
#: Checked by ``armsdata validate``, declared as foreign keys in ``datapackage.json``.
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("transfers", "source_id"): ("sources", "source_id"),
    ("transfers", "supplier"): ("actors", "name"),
    ("transfers", "recipient"): ("actors", "name"),
    ("transfers", "system_id"): ("systems", "system_id"),
    **{("transfers", r.column): ("transfers", "deal_id") for r in DEAL_REFERENCES},
}

#: What the code lists a :attr:`Field.codes` may name are called, for messages and docs.
CODE_LABELS: dict[str, str] = {"iso3166": "ISO 3166-1 alpha-3 country code", "iso4217": "ISO 4217 currency code",
                               "iso3166_former": "ISO 3166-1 alpha-3 country code, or ISO 3166-3 code of a "
                                                 "former state"}

# --------------------------------------------------------------------------
# Cell predicates (vectorised over a Series of text)
# --------------------------------------------------------------------------

_NUMBER_LIKE = r"-[0-9]+(?:\.[0-9]+)?"

#: Control characters no cell may hold: C0 but tab, line feed and carriage return; DEL; C1.
CONTROL_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_CONTROL = re.compile(CONTROL_CHARACTERS)
#: What else a one-line cell may not hold (a line break or tab inside quotes or notes is fine).
_BREAKS = re.compile(r"[\t\n\r]")
_LONE_CR = re.compile(r"\r(?!\n)")


# The cell predicates below look at most cells through a fast path over the UTF-8 bytes of pandas'
# Arrow-backed text (the first and last byte of each cell, or a whole column's bytes at once), and
# leave the cells it cannot decide to their plain definition (``_..._exact``), so that the answers
# are those of the plain definitions (tests/test_fuzz.py holds each fast path to its definition).


def arrow_text(cells: pd.Series):
    """The Arrow ``ChunkedArray`` behind a text Series, without a copy; None if the Series is not Arrow text."""
    import pyarrow as pa

    if not isinstance(cells.array, pd.arrays.ArrowStringArray):
        return None
    chunked = cells.array.__arrow_array__()
    return chunked if pa.types.is_string(chunked.type) or pa.types.is_large_string(chunked.type) else None


def _utf8_chunks(cells: pd.Series):
    """For each Arrow chunk of ``cells``: its cells' offsets into its data and the data as a ``memoryview``
    (the UTF-8 bytes of every cell, one after another); None if ``cells`` is not Arrow text."""
    import pyarrow as pa

    chunked = arrow_text(cells)
    if chunked is None:
        return None
    width = np.int64 if pa.types.is_large_string(chunked.type) else np.int32
    out = []
    for chunk in chunked.chunks:
        _, offsets, data = chunk.buffers()
        offsets = np.frombuffer(offsets, dtype=width, count=chunk.offset + len(chunk) + 1)[chunk.offset:]
        out.append((chunk, offsets, memoryview(data if data is not None else b"")))
    return out


def first_bytes(cells: pd.Series) -> np.ndarray | None:
    """The first byte of each cell's UTF-8 text (0 for an empty or missing cell), or None if ``cells`` is not
    Arrow text.

    >>> first_bytes(pd.Series(["ab", None, "é"], dtype="str")).tolist()
    [97, 0, 195]
    """
    return _end_bytes(cells, last=False)


def last_bytes(cells: pd.Series) -> np.ndarray | None:
    """The last byte of each cell's UTF-8 text (0 for an empty or missing cell), or None if ``cells`` is not
    Arrow text.

    >>> last_bytes(pd.Series(["ab", None, "é"], dtype="str")).tolist()
    [98, 0, 169]
    """
    return _end_bytes(cells, last=True)


def _end_bytes(cells: pd.Series, *, last: bool) -> np.ndarray | None:
    """One byte of each cell, read straight from the Arrow buffers: one gather per chunk, so each predicate
    takes the byte it needs rather than one memo shared by the checks of a column."""
    chunks = _utf8_chunks(cells)
    if chunks is None:
        return None
    out = [np.zeros(0, np.uint8)]
    for chunk, offsets, data in chunks:
        data = np.frombuffer(data, dtype=np.uint8)
        if not len(data):
            out.append(np.zeros(len(chunk), np.uint8))
            continue
        starts, ends = offsets[:-1], offsets[1:]
        found = data.take(ends - 1 if last else starts, mode="clip")  # an empty cell's is cleared below
        empty = ends == starts
        if chunk.null_count:
            empty |= chunk.is_null().to_numpy(zero_copy_only=False)
        found[empty] = 0
        out.append(found)
    return np.concatenate(out)


#: Bytes that are a character no text may begin or end with unnoticed: printable ASCII but the space.
_VISIBLE_ASCII = np.zeros(256, dtype=bool)
_VISIBLE_ASCII[0x21:0x7F] = True
_ALNUM_ASCII = np.zeros(256, dtype=bool)
for _byte in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
    _ALNUM_ASCII[_byte] = True


def _true_unless_exact(cells: pd.Series, sure: np.ndarray | None, exact) -> pd.Series:
    """True where ``sure``; ``exact(cells)`` on the other cells (all of them if ``sure`` is None)."""
    if sure is None:
        return exact(cells)
    out = sure.copy()
    if not sure.all():
        out[~sure] = exact(cells[~sure]).to_numpy(dtype=bool)
    return pd.Series(out, index=cells.index)


#: What a spreadsheet reads as the start of a formula; a leading ``-`` only where the cell is no number.
FORMULA_STARTS = ("=", "+", "@", "-", "\t", "\r")


def is_formula_like(cells: pd.Series) -> pd.Series:
    """True where a spreadsheet would read the cell as a formula, or where a spreadsheet's apostrophe
    keeps it from being one (in a CSV file the apostrophe is part of the cell: ``'=1+1`` is data).

    Cells starting with ``=``, ``+``, ``@``, a tab or a carriage return, a leading ``-`` unless the
    whole cell is a number, and an apostrophe before any of these. Only the first character of
    most cells is looked at.

    >>> is_formula_like(pd.Series(["=1+1", "-5", "-x", "ok", None, "'=1+1", "'-5", "'ok'"])).tolist()
    [True, False, True, False, False, True, True, False]
    """
    first = first_bytes(cells)  # all the characters looked at are ASCII, one byte each
    if first is None:
        return _is_formula_like_exact(cells)
    risky = np.isin(first, np.frombuffer(b"=+@\t\r", dtype=np.uint8))
    dash = first == ord("-")
    if dash.any():
        dash[dash] = ~cells[dash].str.fullmatch(_NUMBER_LIKE).fillna(False).to_numpy(dtype=bool)
    quoted = first == ord("'")
    if quoted.any():
        quoted[quoted] = cells[quoted].str[1:2].isin(FORMULA_STARTS).fillna(False).to_numpy(dtype=bool)
    return pd.Series(risky | dash | quoted, index=cells.index)


def _is_formula_like_exact(cells: pd.Series) -> pd.Series:
    first = cells.str[:1]
    risky = first.isin(["=", "+", "@", "\t", "\r"]).fillna(False).astype(bool)
    dash = (first == "-").fillna(False).astype(bool)
    if dash.any():
        dash[dash] = ~cells[dash].str.fullmatch(_NUMBER_LIKE).fillna(False).astype(bool)
    quoted = ((first == "'").fillna(False) & cells.str[1:2].isin(FORMULA_STARTS).fillna(False)).astype(bool)
    return risky | dash | quoted


def is_not_blank(cells: pd.Series) -> pd.Series:
    """True where a cell holds more than white space (False for an empty or missing cell).

    >>> is_not_blank(pd.Series([" a", " ", "", None], dtype="str")).tolist()
    [True, False, False, False]
    """
    first = first_bytes(cells)
    return _true_unless_exact(cells, None if first is None else _VISIBLE_ASCII[first], _is_not_blank_exact)


def _is_not_blank_exact(cells: pd.Series) -> pd.Series:
    return (cells.str.strip().str.len() > 0).fillna(True).astype(bool)


def is_trimmed(cells: pd.Series) -> pd.Series:
    """True where a cell neither begins nor ends with white space (False for a missing cell).

    >>> is_trimmed(pd.Series(["a b", " a", "a\\n", ""], dtype="str")).tolist()
    [True, False, False, True]
    """
    first = first_bytes(cells)
    sure = None if first is None else _VISIBLE_ASCII[first] & _VISIBLE_ASCII[last_bytes(cells)]
    return _true_unless_exact(cells, sure, _is_trimmed_exact)


def _is_trimmed_exact(cells: pd.Series) -> pd.Series:
    return (cells.str.strip() == cells).fillna(True).astype(bool)


#: Control characters may begin with these bytes in UTF-8: C0 (line breaks and tab among them, which
#: free text may hold), DEL, and 0xC2, the first byte of C1 controls (U+0080-U+009F) and of U+00A0-U+00BF.
_CONTROL_BYTES = {True: bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0D, 0x20), 0x7F, 0xC2]),
                  False: bytes([*range(0x00, 0x20), 0x7F, 0xC2])}
_NOT_CONTROL_BYTES = {breaks: bytes(sorted(set(range(256)) - set(found))) for breaks, found in _CONTROL_BYTES.items()}
_C1 = re.compile(b"\xc2[\x80-\x9f]")


def has_control_characters(cells: pd.Series, *, line_breaks: bool = True) -> pd.Series:
    """True where a cell holds a control character (see :data:`CONTROL_CHARACTERS`).

    With ``line_breaks`` a tab, a line feed and a CR LF pair are allowed (multi-line text);
    without, they count as control characters too (one-line cells).

    >>> has_control_characters(pd.Series(["a\\tb", "a\\x1bb", "a\\r\\nb", "a\\rb"])).tolist()
    [False, True, False, True]
    >>> has_control_characters(pd.Series(["a\\tb"]), line_breaks=False).tolist()
    [True]
    """
    chunks = _utf8_chunks(cells)
    if chunks is None:
        return _has_control_characters_exact(cells, line_breaks=line_breaks)
    # Most columns hold no byte that could start a control character at all: one scan of each
    # chunk's bytes (bytes.translate deleting every other byte) clears all its cells at once.
    clear = np.zeros(len(cells), dtype=bool)
    row = 0
    for chunk, offsets, data in chunks:
        text = data[offsets[0]:offsets[-1]].tobytes()
        found = text.translate(None, _NOT_CONTROL_BYTES[line_breaks])
        if not found or (not found.strip(b"\xc2") and not _C1.search(text)):
            clear[row:row + len(chunk)] = True
        row += len(chunk)
    return ~_true_unless_exact(cells, clear, lambda rest: ~_has_control_characters_exact(rest, line_breaks=line_breaks))


def _has_control_characters_exact(cells: pd.Series, *, line_breaks: bool) -> pd.Series:
    bad = cells.str.contains(CONTROL_CHARACTERS, regex=True).fillna(False).astype(bool)
    extra = _LONE_CR if line_breaks else _BREAKS
    with_cr = cells.str.contains("\r" if line_breaks else r"[\t\n\r]", regex=not line_breaks)
    with_cr = with_cr.fillna(False).astype(bool)
    if with_cr.any():
        bad[with_cr] |= cells[with_cr].str.contains(extra.pattern, regex=True).fillna(False).astype(bool)
    return bad


def first_control_character(text: str, *, line_breaks: bool = True) -> tuple[int, str] | None:
    """``(position, character)`` of the first control character of ``text`` (1-based), or None."""
    found = [m for m in (_CONTROL.search(text), (_LONE_CR if line_breaks else _BREAKS).search(text)) if m]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    return match.start() + 1, match.group()[0]


def is_valid_partial_date(cells: pd.Series) -> pd.Series:
    """True where a cell is ``YYYY``, ``YYYY-MM`` or a real ``YYYY-MM-DD``."""
    shaped = cells.str.fullmatch(DATE_PATTERN).fillna(False).astype(bool)
    month = pd.to_numeric(cells.str[5:7], errors="coerce")
    month_ok = (cells.str.len() < 7) | month.between(1, 12)
    full = cells.str.len() == 10
    day_ok = ~full | pd.to_datetime(cells.where(full), format="%Y-%m-%d", errors="coerce").notna()
    return (shaped & month_ok & day_ok).fillna(False).astype(bool)


_GAPS_AND_ELLIPSES = r"\[\.\.\.\]|\.\.\.|…"


def has_words(cells: pd.Series) -> pd.Series:
    """True where a cell holds something besides white space, ``[...]`` gaps and ellipses.

    >>> has_words(pd.Series(["France will", "   ", "[...]", " [...] … "])).tolist()
    [True, False, False, False]
    """
    first = first_bytes(cells)  # a cell that begins with a letter or digit has words
    return _true_unless_exact(cells, None if first is None else _ALNUM_ASCII[first], _has_words_exact)


def _has_words_exact(cells: pd.Series) -> pd.Series:
    rest = cells.str.replace(_GAPS_AND_ELLIPSES, "", regex=True)
    return (rest.str.strip().str.len() > 0).fillna(False).astype(bool)


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


# --------------------------------------------------------------------------
# The messages of the checks (the pandera schemas: armsdata.checks)
# --------------------------------------------------------------------------

#: Messages of the checks, as printed after ``file:line: column:``. A check's ``error`` is its message.
MESSAGES = {
    "required": "must not be empty",
    "blank": "holds only white space; write the value or leave the cell empty",
    "trimmed": "begins or ends with white space; remove it",
    "control": "holds a control character; remove it",
    "formula": "looks like a spreadsheet formula (starts with =, +, @, -, tab or CR); reword it to start "
               "otherwise (an apostrophe before it would stay in the data; the xlsx export keeps such cells text)",
    "formula_apostrophe": "starts with an apostrophe before =, +, @, - or tab, a spreadsheet's mark that a CSV "
                          "file keeps as part of the cell; remove the apostrophe and reword the cell to start "
                          "otherwise",
    "date": "not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date)",
    "integer": "not a whole number (digits only, e.g. 24)",
    "number": "not a number (digits with an optional decimal point, no separators, e.g. 250000000)",
    "boolean": "not true or false",
    "words": "holds no words of the source (only white space, gaps or ellipses); "
             "copy the passage from the archived text",
    "duplicate_id": "duplicate id",
    "same_record": "entered twice",
}


def vocabulary_message(f: Field) -> str:
    return f"unknown value (expected one of: {', '.join(f.vocabulary or ())})"


def code_message(f: Field) -> str:
    return f"not an {CODE_LABELS[f.codes]}" if f.codes else ""


def pattern_message(f: Field) -> str:
    return MESSAGES.get(f.type, f"does not match the expected form {f.pattern}")


def row_rule_message(rule: RowRule) -> str:
    """The ``error`` of a row rule's check: ``"<column>: <message>"``, so it can be told apart and located."""
    return f"{rule.column}: {rule.message}"


def same_rows(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """For each row, a code shared by exactly the rows with the same cells in ``columns`` (empty cells
    equal), or -1 for a row that no other row shares its cells with; ``same_rows(...) >= 0`` is
    ``frame.duplicated(subset=columns, keep=False)``.

    One column at a time: each row gets the code of its cells so far, and a row whose code no other
    row has can be a duplicate of none, so the next column is looked at only on the rows left.

    >>> same_rows(pd.DataFrame({"a": ["x", "x", "x", None], "b": ["1", "1", "2", None]}), ["a", "b"]).tolist()
    [0, 0, -1, -1]
    """
    left = np.arange(len(frame))  # positions of the rows that may still be duplicates
    codes = np.zeros(len(frame), dtype=np.int64)
    for column in columns:
        if not len(left):
            break
        cells = frame[column] if len(left) == len(frame) else _take(frame[column], left)
        cell_codes, uniques = pd.factorize(cells)  # an empty cell is -1
        codes, _ = pd.factorize(codes * (len(uniques) + 1) + cell_codes + 1)  # below len(left) ** 2: no overflow
        shared = np.bincount(codes)[codes] > 1
        left, codes = left[shared], codes[shared]
    out = np.full(len(frame), -1, dtype=np.int64)
    out[left] = pd.factorize(codes)[0] if len(left) else codes
    return out


def _take(cells: pd.Series, positions: np.ndarray) -> pd.Series:
    """``cells.iloc[positions]`` (ascending), chunk by chunk for Arrow text: Arrow's take of a chunked
    column joins all its chunks first, a copy of the whole column for a few rows."""
    import pyarrow as pa

    chunked = arrow_text(cells)
    if chunked is None or chunked.num_chunks < 2:
        return cells.iloc[positions]
    ends = np.cumsum([len(chunk) for chunk in chunked.chunks])
    where = np.searchsorted(ends, positions, side="right")
    pieces = [chunk.take(pa.array(positions[where == i] - (ends[i] - len(chunk))))
              for i, chunk in enumerate(chunked.chunks) if (where == i).any()]
    taken = pa.chunked_array(pieces, type=chunked.type)
    return pd.Series(pd.arrays.ArrowStringArray(taken), index=cells.index[positions], dtype=cells.dtype)


def same_record_columns(table: Table) -> list[str]:
    """The columns whose cells make two rows of ``table`` one record entered twice."""
    return [c for c in table.columns if c not in table.same_record_ignores]


#: The names of the registered row checks a :class:`RowRule` may use (``armsdata.checks``).
ROW_CHECKS = ("both_or_neither", "differ_unless")


# --------------------------------------------------------------------------
# The register: SIPRI's trade register, one row per deal (not a table of claims;
# read by armsdata.sipri, written to data/register/sipri.csv).
# --------------------------------------------------------------------------

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

#: The claims' categories that name a kind of equipment: all but ``unspecified``.
KIND_CATEGORY: dict[str, tuple[str, str]] = {k: v for k, v in CATEGORY.items() if k != "unspecified"}

REGISTER_CATEGORIES = Table(
    name="register_categories",
    filename="register/categories.csv",
    description="Each weapon description of SIPRI's exports, mapped once to the claims' `category`: the "
                "register's trade-register export carries only a description, so this is how a press deal naming "
                "only a kind of equipment is set beside the register's deals of that kind. Curated; extend it "
                "when an export brings a new description.",
    primary_key="description",
    fields=(
        Field("description", "A weapon description as SIPRI's exports write it (the register's `description`).",
              required=True, unique=True, example="armoured personnel carrier"),
        Field("sipri_category", "SIPRI's armament category of the weapons with this description, as SIPRI's "
              "transfers export gives it (directly, or through the designations both exports list); by analogy "
              "where no export gives one, as `notes` says.", required=True, vocabulary=SIPRI_CATEGORY,
              example="Armoured vehicles"),
        Field("category", "The claims' `category` of the weapons with this description; empty where none fits "
              "(engines): the register's deals with it are then no candidate of any kind.",
              vocabulary=KIND_CATEGORY, example="armoured_vehicles"),
        Field("also", "A second `category` the press may name weapons with this description by (an air-search "
              "radar is what the press may call an air defence system); empty for none.", vocabulary=KIND_CATEGORY,
              example="air_defence"),
        Field("notes", "Why, where the category is not SIPRI's own or SIPRI's is inferred, or there is a second.",
              free_text=True, example="Our `uavs` include loitering munitions; SIPRI counts them as missiles."),
    ),
)

#: Tables checked by ``armsdata validate`` when their file is there: the register (imported) and the
#: categories of its descriptions (curated); no rule across files refers to them.
OPTIONAL_TABLES: tuple[Table, ...] = (REGISTER, REGISTER_CATEGORIES)


# --------------------------------------------------------------------------
# The deals: one row per deal, computed from the claims by armsdata.analysis.deals (not a file).
# Its columns are defined here, as the files' are, so that every table armsdata publishes (the
# exports, the SQLite database and its Datasette descriptions) has one definition of each column.
# --------------------------------------------------------------------------


def _origins_of(stance: str) -> str:
    meaning, _ = STANCE[stance]
    return (f"How many distinct origins the deal's claims of stance `{stance}` have. Stance `{stance}`: {meaning}. "
            f"A claim's origin: {ORIGIN}.")


DEALS = Table(
    name="deals",
    filename="",
    description="One row per deal (one `deal_id`), computed from the claims by `armsdata.analysis.deals`: what "
                "its claims report (system, stages, numbers agreed and delivered, years), how well it is "
                "sourced, and whether it is counted as a transfer (CODEBOOK.md, Counting deals).",
    primary_key="deal_id",
    fields=(
        TRANSFERS.field("deal_id"),
        TRANSFERS.field("parent_deal_id"),
        Field("kind", "What sort of deal: " + "; ".join(f"`{k}`, {meaning}" for k, (meaning, _) in DEAL_KIND.items())
              + ".", required=True, vocabulary=DEAL_KIND, example="single"),
        TRANSFERS.field("supplier"),
        TRANSFERS.field("recipient"),
        TRANSFERS.field("system_id"),
        Field("system", "The system: the designation of systems.csv where `system_id` is set, else the name most "
              "of the deal's claims use (ties: the earliest `claim_id`).", required=True, example="Bastion"),
        Field("category", "Kind of equipment: the category most of the deal's claims give.", required=True,
              vocabulary=CATEGORY, example="armoured_vehicles"),
        Field("furthest_stage", "The furthest pipeline stage any claim of the deal reports ("
              + " → ".join(PIPELINE_STAGES) + "); empty when no claim is on that scale.",
              vocabulary={s: STATUS[s] for s in PIPELINE_STAGES}, ordered=True, example="delivered"),
        Field("conservative_stage", "The earliest pipeline stage any claim of the deal reports: the most cautious "
              "reading; empty when no claim is on that scale.", vocabulary={s: STATUS[s] for s in PIPELINE_STAGES},
              ordered=True, example="agreed"),
        Field("off_scale_statuses", "The statuses off the pipeline scale that the deal's claims report ("
              + ", ".join(f"`{s}`" for s in OFF_SCALE_STATUSES) + "), `; `-separated in vocabulary order; empty if "
              "none.", example="alleged; denied"),
        Field("agreed_low", "The smallest quantity a claim reports at `agreed`; empty if none states one.",
              type="integer", pattern=INTEGER_PATTERN, example="24"),
        Field("agreed_high", "The largest quantity a claim reports at `agreed`; empty if none states one.",
              type="integer", pattern=INTEGER_PATTERN, example="50"),
        Field("delivered_low", "The smallest quantity a claim reports at `delivered`; empty if none states one.",
              type="integer", pattern=INTEGER_PATTERN, example="24"),
        Field("delivered_high", "The largest quantity a claim reports at `delivered`; empty if none states one.",
              type="integer", pattern=INTEGER_PATTERN, example="24"),
        Field("order_year", "The earliest year of the event date of a claim at `agreed`; empty if none dates one.",
              type="integer", pattern=YEAR_PATTERN, example="2023"),
        Field("delivery_years", "The years of the event dates of the claims at `delivered`, `; `-separated; empty "
              "if none dates one.", pattern=YEARS_PATTERN, example="2023; 2024"),
        Field("undated", "`true` when a claim asserting the transfer from `" + COUNTED_FROM + "` on dates no event: "
              "`order_year` and `delivery_years` may then not be all the deal's years (\"Ankara has been arming "
              "Baku\").", type="boolean", required=True, pattern=BOOLEAN_PATTERN, example="false"),
        Field("n_claims", "How many claims speak of the deal.", type="integer", required=True,
              pattern=INTEGER_PATTERN, example="3"),
        Field("n_sources", "How many distinct sources those claims come from.", type="integer", required=True,
              pattern=INTEGER_PATTERN, example="2"),
        *(Field(f"n_{adjective}_origins", _origins_of(stance), type="integer", required=True,
                pattern=INTEGER_PATTERN, example="1")
          for stance, adjective in (("supports", "supporting"), ("disputes", "disputing"), ("alleges", "alleging"))),
        Field("asserted", "`true` when a claim asserts the transfer (stance `supports`); a deal its claims only "
              "dispute or allege is not counted.", type="boolean", required=True, pattern=BOOLEAN_PATTERN,
              example="true"),
        Field("committed", "`true` when a claim asserts the transfer from `" + COUNTED_FROM + "` on, or without a "
              "stage (`unspecified`); a deal only `considered` (talks, \"could supply\") is not counted.",
              type="boolean", required=True, pattern=BOOLEAN_PATTERN, example="true"),
        Field("general", "`true` for a single deal that names neither a system (`system_id` empty) nor a kind of "
              "equipment (`category` `unspecified`): what sources say of the relation as a whole (\"India supplies "
              "arms to Armenia\").", type="boolean", required=True, pattern=BOOLEAN_PATTERN, example="false"),
        TRANSFERS.field("overlaps_deal_id"),
        Field("subject", "`true` when the supplier or the recipient is an actor the corpus is about (`subject` of "
              "actors.csv); a deal between other actors is mentioned in passing.", type="boolean", required=True,
              pattern=BOOLEAN_PATTERN, example="true"),
        Field("counted", "`true` when the deal is counted as a transfer: asserted, not a package whose components "
              "are counted, not a general deal of a supplier and recipient with a more specific counted deal, and not a "
              "deal that may restate a counted one (`overlaps_deal_id`).",
              type="boolean", required=True, pattern=BOOLEAN_PATTERN, example="true"),
        Field("counted_up_to", "`true` when the deal is counted in the \"up to\" count: `counted`, or a deal that "
              "may restate a counted one and would otherwise be counted.", type="boolean", required=True,
              pattern=BOOLEAN_PATTERN, example="true"),
    ),
)

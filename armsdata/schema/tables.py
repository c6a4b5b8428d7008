"""The tables: every column of every file (and of the deals table), its type, whether it may be empty,
the values it allows, and the references between tables.

Part of :mod:`armsdata.schema`, which gives every name here as ``schema.X``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from armsdata.schema.vocabularies import (
    ACTOR_KIND,
    CATEGORY,
    COUNTED_FROM,
    DEAL_KIND,
    KIND_CATEGORY,
    OFF_SCALE_STATUSES,
    ORIGIN,
    PIPELINE_STAGES,
    QUANTITY_QUALIFIER,
    SIPRI_CATEGORY,
    SOURCE_TYPE,
    STANCE,
    STATUS,
)

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


def same_record_columns(table: Table) -> list[str]:
    """The columns whose cells make two rows of ``table`` one record entered twice."""
    return [c for c in table.columns if c not in table.same_record_ignores]


#: The names of the registered row checks a :class:`RowRule` may use (:mod:`armsdata.schema.checks`).
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

"""Press deals beside the register, on small hand-made deals, register, systems and actors tables.

Every expected verdict and explanation is worked out here by hand from the rule in
armsdata/register/__init__.py (and CODEBOOK.md's "Press vs register").
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from armsdata import register, schema
from armsdata.load import typed
from conftest import REPO, make_claims

# --------------------------------------------------------------------------
# Hand-made tables
# --------------------------------------------------------------------------

ACTORS = pd.DataFrame([
    {"name": "Armenia", "aliases": pd.NA},
    {"name": "Azerbaijan", "aliases": pd.NA},
    {"name": "France", "aliases": pd.NA},
    {"name": "India", "aliases": pd.NA},
    {"name": "Israel", "aliases": pd.NA},
    {"name": "Russia", "aliases": "Russian Federation"},
    {"name": "Turkey", "aliases": "Türkiye; Turkiye"},
    {"name": "Ukraine", "aliases": pd.NA},
])

SYSTEMS = pd.DataFrame([
    {"system_id": "bastion", "sipri_designations": "Bastion"},
    {"system_id": "gm200", "sipri_designations": "Ground Master-200"},
    {"system_id": "mistral", "sipri_designations": pd.NA},
    {"system_id": "pinaka", "sipri_designations": "Pinaka 214mm"},
    {"system_id": "spike", "sipri_designations": "Spike-MR/LR; Spike-LR2"},
    {"system_id": "tb2", "sipri_designations": "Bayraktar TB-2"},
])


#: The claims' category of each register description the tests use (register/categories.csv, by hand).
CATEGORIES = pd.DataFrame([
    {"description": "armoured personnel carrier", "category": "armoured_vehicles"},
    {"description": "anti-tank missile", "category": "missiles"},
    {"description": "air-search radar", "category": "radars_sensors", "also": "air_defence"},
    {"description": "towed gun", "category": "artillery"},
    {"description": "self-propelled gun", "category": "artillery"},
    {"description": "multiple rocket launcher", "category": "artillery"},
    {"description": "armed drone", "category": "uavs"},
    {"description": "surface-to-air missile", "category": "air_defence"},
    {"description": "guided shell", "category": "small_arms_ammunition"},
    {"description": "aircraft engine", "category": pd.NA},
])


def head(kind: str) -> str:
    """How an explanation names a kind of equipment: its category, and what that is in the claims' words."""
    return f"names only a kind of equipment ({kind}: {schema.CATEGORY[kind][0]})"


def deal(deal_id: str, **changes) -> dict:
    """A press deal in the columns of analysis.deals(); a France-Armenia GM200 deal unless changed."""
    row = {"deal_id": deal_id, "parent_deal_id": pd.NA, "overlaps_deal_id": pd.NA, "kind": "single", "supplier": "France",
           "recipient": "Armenia", "system_id": "gm200", "system": "GM200", "category": "radars_sensors",
           "furthest_stage": "agreed", "conservative_stage": "agreed", "off_scale_statuses": pd.NA,
           "agreed_low": pd.NA, "agreed_high": pd.NA, "delivered_low": pd.NA, "delivered_high": pd.NA,
           "order_year": pd.NA, "delivery_years": pd.NA, "n_claims": 1, "n_sources": 1,
           "n_supporting_origins": 1, "n_disputing_origins": 0, "n_alleging_origins": 0}
    row.update(changes)
    # as analysis.deals() gives them: asserted from intent on, or without a stage; general when it names nothing
    statuses = str(row["off_scale_statuses"]) if pd.notna(row["off_scale_statuses"]) else ""
    staged = pd.notna(row["furthest_stage"]) and row["furthest_stage"] != "considered"
    row.setdefault("committed", staged or "unspecified" in statuses)
    row.setdefault("general", row["kind"] == "single" and pd.isna(row["system_id"]) and row["category"] == "unspecified")
    row.setdefault("undated", pd.isna(row["order_year"]) and pd.isna(row["delivery_years"]))
    return row


def deals(*rows: dict) -> pd.DataFrame:
    """The deals typed as analysis.deals() gives them: stages ordered categoricals, numbers Int64."""
    frame = pd.DataFrame(list(rows))
    for column in ("furthest_stage", "conservative_stage"):
        frame[column] = pd.Categorical(frame[column], categories=list(schema.PIPELINE_STAGES), ordered=True)
    for column in ("agreed_low", "agreed_high", "delivered_low", "delivered_high", "order_year", "n_claims",
                   "n_sources", "n_supporting_origins", "n_disputing_origins", "n_alleging_origins"):
        frame[column] = frame[column].astype("Int64")
    for column in ("deal_id", "parent_deal_id", "kind", "supplier", "recipient", "system_id", "system",
                   "off_scale_statuses", "delivery_years"):
        frame[column] = frame[column].astype("string")
    return frame


def entry(supplier: str, recipient: str, designation: str, order_year: str, ordered: str, delivered: str,
          years: str = "", **changes: str) -> dict[str, str]:
    """A register row as the file holds it (text; empty = not stated); no estimates unless changed."""
    row = {c: "" for c in schema.REGISTER.columns}
    row.update(supplier=supplier, recipient=recipient, designation=designation, order_year=order_year,
               order_year_estimated="false", number_ordered=ordered, number_ordered_estimated="false",
               number_delivered=delivered, number_delivered_estimated="false", delivery_years=years)
    row.update(changes)
    return row


def register_table(*rows: dict[str, str], covers: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The register typed the way load_register() types the file; ``covers``: whose deals it holds (None: all)."""
    text = pd.DataFrame(list(rows), columns=schema.REGISTER.columns)
    text = text.mask(text == "")
    text.index = pd.RangeIndex(2, 2 + len(text))
    out = typed(text, schema.REGISTER)
    out.attrs["actors"] = covers
    return out


FRENCH_BASTION = entry("France", "Armenia", "Bastion", "2023", "24", "24", "2023",
                       description="armoured personnel carrier")
RUSSIAN_BASTION = entry("Russia", "Azerbaijan", "Bastion", "2011", "1000", "1000", "2013; 2014; 2015",
                        description="anti-tank missile")
GM200 = entry("France", "Armenia", "Ground Master-200", "2023", "3", "0", description="air-search radar")


def compare(deal_rows, register_rows, *, covers: tuple[str, ...] | None = None, **options) -> pd.DataFrame:
    options = {"systems": SYSTEMS, "actors": ACTORS, "categories": CATEGORIES, **options}
    return register.compare_deals(deals(*deal_rows), register_table(*register_rows, covers=covers), **options)


def row_of(out: pd.DataFrame, deal_id: str) -> pd.Series:
    found = out[out["deal_id"] == deal_id]
    assert len(found) == 1, f"{deal_id}: {len(found)} rows"
    return found.iloc[0]


# --------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------


def test_matches_when_the_register_lists_the_deal_with_the_press_numbers_and_stage():
    out = compare([deal("fra-arm-gm200", agreed_low=3, agreed_high=3)], [GM200])
    assert list(out.columns) == list(register.COLUMNS)
    row = row_of(out, "fra-arm-gm200")
    assert row["verdict"] == "matches"
    assert (row["register_designation"], row["register_order_year"], row["register_ordered"],
            row["register_delivered"]) == ("Ground Master-200", 2023, 3, 0)
    assert pd.isna(row["register_delivery_years"])
    assert row["press_quantities"] == "3 agreed"  # from the deal's range: no quantities table given
    assert row["explanation"] == "the register lists it: 3 ordered, none delivered; no press number or stage disagrees"


def test_differs_names_each_reported_number_that_disagrees_and_the_bastion_missile_is_no_candidate():
    # The press: 50 agreed, 24 and 26 delivered. The register: France-Armenia 24 ordered, 24 delivered
    # in 2023 -- and a Russian "Bastion" anti-tank missile for Azerbaijan, which must play no part.
    quantities = pd.DataFrame({"deal_id": ["fra-arm-bastion"] * 4, "quantity": [50, 24, 26, 24],
                               "quantity_qualifier": ["exact"] * 4,
                               "status": ["agreed", "delivered", "delivered", "delivered"]})
    press = deal("fra-arm-bastion", system_id="bastion", system="Bastion", furthest_stage="delivered",
                 agreed_low=50, agreed_high=50, delivered_low=24, delivered_high=26)
    out = compare([press], [RUSSIAN_BASTION, FRENCH_BASTION], quantities=quantities)
    row = row_of(out, "fra-arm-bastion")
    assert row["verdict"] == "differs"
    assert row["press_quantities"] == "50 agreed; 26 delivered; 24 delivered"
    assert (row["register_order_year"], row["register_ordered"], row["register_delivered"],
            row["register_delivery_years"]) == (2023, 24, 24, "2023")
    # 50 is not 24 ordered, 26 is not 24 delivered; 24 delivered agrees and is not named
    assert row["explanation"] == "press 50 (agreed), 26 (delivered) vs register 24 ordered, 24 delivered 2023"
    assert len(out) == 1  # Azerbaijan is no recipient of the press: no register-only row


def test_not_in_register_names_where_else_the_register_has_the_designation():
    press = deal("fra-ukr-bastion", recipient="Ukraine", system_id="bastion", system="Bastion",
                 furthest_stage=pd.NA, off_scale_statuses="not_delivered")
    row = row_of(compare([press], [FRENCH_BASTION, RUSSIAN_BASTION]), "fra-ukr-bastion")
    assert row["verdict"] == "not_in_register"
    assert row["explanation"] == ("no transfer asserted (press: not_delivered); the register lists no deal of "
                                  "Bastion from France to Ukraine (it lists Bastion for France to Armenia 2023; "
                                  "Russia to Azerbaijan 2011)")
    assert pd.isna(row["register_designation"])


def test_a_system_without_a_sipri_designation_is_not_in_the_register():
    press = deal("fra-arm-mistral", system_id="mistral", system="Mistral")
    row = row_of(compare([press], [GM200]), "fra-arm-mistral")
    assert row["verdict"] == "not_in_register"
    # what the register does list for the pair is said, so that a reader sees none of it is the system
    assert row["explanation"] == ("systems.csv gives Mistral no SIPRI designation, so no register deal is matched to "
                                  "it by name (for France to Armenia it lists, latest first: Ground Master-200, "
                                  "air-search radar, ordered 2023)")


def test_ambiguous_lists_every_candidate_and_fills_no_register_column():
    # Two Spike orders, 2008 and 2015; the press dates nothing, so both could be meant.
    press = deal("isr-aze-spike", supplier="Israel", recipient="Azerbaijan", system_id="spike", system="Spike",
                 furthest_stage="delivered")
    spikes = [entry("Israel", "Azerbaijan", "Spike-MR/LR", "2015", "250", "250", "2016"),
              entry("Israel", "Azerbaijan", "Spike-MR/LR", "2008", "100", "100", "2009; 2010")]
    row = row_of(compare([press], spikes), "isr-aze-spike")
    assert row["verdict"] == "ambiguous"
    assert row["explanation"] == ("2 register deals could be meant: Spike-MR/LR ordered 2015: 250 ordered, "
                                  "250 delivered 2016; Spike-MR/LR ordered 2008: 100 ordered, 100 delivered "
                                  "2009, 2010")
    assert row[["register_designation", "register_order_year", "register_ordered"]].isna().all()
    # SIPRI's estimates are named for each candidate, as for a deal with one
    spikes[1] = {**spikes[1], "number_ordered_estimated": "true"}
    row = row_of(compare([press], spikes), "isr-aze-spike")
    assert row["explanation"].endswith("Spike-MR/LR ordered 2008: 100 ordered, 100 delivered 2009, 2010 (estimated "
                                       "by SIPRI: number ordered)")


def test_a_press_year_picks_the_one_order_it_fits():
    spikes = [entry("Israel", "Azerbaijan", "Spike-MR/LR", "2008", "100", "100", "2009; 2010"),
              entry("Israel", "Azerbaijan", "Spike-MR/LR", "2015", "250", "250", "2016")]
    press = deal("isr-aze-spike", supplier="Israel", recipient="Azerbaijan", system_id="spike", system="Spike",
                 furthest_stage="delivered", order_year=2014)
    row = row_of(compare([press], spikes, years=(2014, 2014)), "isr-aze-spike")
    # 2014 is a year from 2015 (fits) and six from 2008 (does not)
    assert (row["verdict"], row["register_order_year"]) == ("matches", 2015)


@pytest.mark.parametrize(("order_year", "delivery_years", "fits"), [
    (2022, pd.NA, True),      # ordered 2023 in the register: a year apart
    (2024, pd.NA, True),
    (2021, pd.NA, False),     # two years apart
    (pd.NA, "2024", True),    # delivered 2023-2024 in the register
    (pd.NA, "2025", True),    # a year after the last delivery
    (pd.NA, "2026", False),   # all 24 were delivered by 2024: a 2026 delivery is another deal
    (pd.NA, "2021", False),   # two years before the order
    (2023, "2023; 2026", False),  # every press year must fit
])
def test_years_fit_within_one_year_of_the_register_deal(order_year, delivery_years, fits):
    pinaka = entry("India", "Armenia", "Pinaka 214mm", "2023", "24", "24", "2023; 2024", order_year_estimated="true")
    press = deal("ind-arm-pinaka", supplier="India", system_id="pinaka", system="Pinaka",
                 furthest_stage="delivered", order_year=order_year, delivery_years=delivery_years)
    row = row_of(compare([press], [pinaka], years=None), "ind-arm-pinaka")
    assert row["verdict"] == ("matches" if fits else "not_in_register")
    if not fits:
        assert re.fullmatch(r"the register's deals of Pinaka from India to Armenia \(Pinaka 214mm ordered 2023: "
                            r"24 ordered, 24 delivered 2023, 2024; estimated by SIPRI: year of order\) are more than "
                            r"1 year from the press' \(.+\)",  # the register's year of order is SIPRI's estimate
                            row["explanation"])


def test_an_order_still_being_delivered_fits_a_later_delivery():
    dita = entry("Czechia", "Azerbaijan", "DITA 155mm", "2023", "70", "5", "2025")
    actors = pd.concat([ACTORS, pd.DataFrame([{"name": "Czechia", "aliases": "Czech Republic"}])])
    systems = pd.concat([SYSTEMS, pd.DataFrame([{"system_id": "dita", "sipri_designations": "DITA 155mm"}])])
    press = deal("cze-aze-dita", supplier="Czechia", recipient="Azerbaijan", system_id="dita", system="DITA",
                 furthest_stage="delivered", delivery_years="2027")
    out = compare([press], [dita], systems=systems, actors=actors)
    # 5 of 70 delivered: deliveries may go on, so 2027 is still this order
    assert row_of(out, "cze-aze-dita")["verdict"] == "matches"


def test_aliases_map_sipri_names_to_the_project_actors_exactly():
    tb2 = deal("tur-aze-tb2", supplier="Turkey", recipient="Azerbaijan", system_id="tb2", system="Bayraktar TB2",
               furthest_stage="delivered")
    out = compare([tb2], [entry("Turkiye", "Azerbaijan", "Bayraktar TB-2", "2020", "12", "12", "2020")])
    assert row_of(out, "tur-aze-tb2")["verdict"] == "matches"
    # "Turkei" is no alias of Turkey: nothing matches
    out = compare([tb2], [entry("Turkei", "Azerbaijan", "Bayraktar TB-2", "2020", "12", "12", "2020")])
    assert row_of(out, "tur-aze-tb2")["verdict"] == "not_in_register"


def test_a_generic_deal_is_matched_to_nothing_and_says_so():
    press = deal("fra-arm-general", system_id=pd.NA, system="arms", category="unspecified")
    out = compare([press], [GM200], years=None)
    row = row_of(out, "fra-arm-general")
    assert row["verdict"] == "not_comparable" and pd.isna(row["matched_by"])
    assert row["explanation"] == register.GENERIC == ("names neither a system nor a kind of equipment: a generic "
                                                      "claim cannot be matched")
    assert len(out) == 1


ATAGS = entry("India", "Armenia", "ATAGS 155mm", "2022", "6", "0", description="towed gun")
MARG = entry("India", "Armenia", "MArG 155mm", "2022", "", "0", description="self-propelled gun")
INDIAN_GUNS = deal("ind-arm-155mm-guns", supplier="India", system_id=pd.NA, system="155mm artillery guns",
                   category="artillery", furthest_stage="delivered", conservative_stage="delivered")


def test_a_deal_naming_only_a_calibre_lists_the_register_deals_of_that_calibre():
    # the press: "India is also delivering 155mm artillery guns"; the register: two 155mm gun deals of 2022
    pinaka = entry("India", "Armenia", "Pinaka 214mm", "2022", "24", "24", "2023")
    out = compare([INDIAN_GUNS], [ATAGS, MARG, pinaka], years=None)
    row = row_of(out, "ind-arm-155mm-guns")
    assert row["verdict"] == "ambiguous" and pd.isna(row["register_designation"])
    assert row["matched_by"] == "calibre"
    # the press says delivered; neither register deal records a delivery: each disagrees the same way
    assert row["explanation"] == (
        "names no system, only a calibre (155mm), matched to the register's 155mm deals of the pair: "
        "2 register deals could be meant; each disagrees with the press in the same way, press stage delivered: "
        "ATAGS 155mm ordered 2022: 6 ordered, none delivered; "
        "MArG 155mm ordered 2022: number ordered not stated, none delivered")


def test_an_ambiguous_deal_says_how_each_candidate_disagrees_when_they_differ():
    # 30 agreed: ATAGS has 6 ordered (disagrees), MArG states no number (no disagreement)
    quantities = pd.DataFrame({"deal_id": ["ind-arm-155mm-guns"], "quantity": [30], "quantity_qualifier": ["exact"],
                               "status": ["agreed"]})
    guns = {**INDIAN_GUNS, "furthest_stage": "agreed"}
    row = row_of(compare([guns], [ATAGS, MARG], quantities=quantities, years=None), "ind-arm-155mm-guns")
    assert row["explanation"].endswith(
        "2 register deals could be meant: ATAGS 155mm ordered 2022: 6 ordered, none delivered (press 30 (agreed)); "
        "MArG 155mm ordered 2022: number ordered not stated, none delivered")
    # both 6 ordered: both disagree with 30, in the same words
    six = {**MARG, "number_ordered": "6"}
    row = row_of(compare([guns], [ATAGS, six], quantities=quantities, years=None), "ind-arm-155mm-guns")
    assert "; each disagrees with the press in the same way, press 30 (agreed): ATAGS" in row["explanation"]


def test_one_deal_of_the_calibre_is_compared_and_none_is_not_in_the_register():
    one = row_of(compare([INDIAN_GUNS], [ATAGS], years=None), "ind-arm-155mm-guns")
    # the press says delivered, the register records no delivery: a disagreement, matched by calibre only
    assert (one["verdict"], one["register_designation"]) == ("differs", "ATAGS 155mm")
    assert one["explanation"].startswith("names no system, only a calibre (155mm), matched to the register's "
                                         "155mm deals of the pair: press stage delivered vs register 6 ordered")
    french = entry("France", "Armenia", "CAESAR 155mm", "2024", "36", "0")  # another pair: no candidate
    none = row_of(compare([INDIAN_GUNS], [french], years=None), "ind-arm-155mm-guns")
    assert none["verdict"] == "not_in_register"
    assert none["explanation"].endswith("the register lists none from India to Armenia")


def test_a_package_is_not_matched_its_components_are():
    package = deal("ind-arm-package", kind="package", supplier="India", system_id=pd.NA,
                   system="Pinaka, anti-tank munitions and ammunition", furthest_stage="agreed")
    pinaka = deal("ind-arm-pinaka", kind="component", parent_deal_id="ind-arm-package", supplier="India",
                  system_id="pinaka", system="Pinaka", furthest_stage="agreed")
    ammunition = deal("ind-arm-ammunition", kind="component", parent_deal_id="ind-arm-package", supplier="India",
                      system_id=pd.NA, system="ammunition", category="small_arms_ammunition")
    lonely = deal("fra-arm-package", kind="package", system_id=pd.NA, system="a bundle", category="unspecified")
    out = compare([package, pinaka, ammunition, lonely],
                  [entry("India", "Armenia", "Pinaka 214mm", "2023", "24", "0")], years=None)
    assert row_of(out, "ind-arm-package")["verdict"] == "not_comparable"
    assert row_of(out, "ind-arm-package")["explanation"] == (
        "a package: its components are compared, not the package itself "
        "(components: ind-arm-ammunition, ind-arm-pinaka)")
    assert row_of(out, "fra-arm-package")["explanation"].endswith("(it has no component deal)")
    assert row_of(out, "ind-arm-pinaka")["verdict"] == "matches"
    # a component naming only its kind is compared by its kind: the register lists no ammunition of the pair
    assert row_of(out, "ind-arm-ammunition")["verdict"] == "not_in_register"


def test_a_package_with_a_system_id_is_still_not_matched():
    package = deal("fra-arm-package", kind="package")  # names GM200, which the register lists
    row = row_of(compare([package], [GM200], years=None), "fra-arm-package")
    assert row["verdict"] == "not_comparable"
    assert pd.isna(row["register_designation"])
    assert row["explanation"].startswith("a package: its components are compared")


# --------------------------------------------------------------------------
# What the register holds: a pair outside its extract
# --------------------------------------------------------------------------


def test_a_pair_outside_the_extract_is_not_covered_and_one_inside_is_compared():
    # The extract holds the deals of Armenia and Azerbaijan; France -> Ukraine is neither: the register
    # would list no such deal whether or not SIPRI has one (it has: Bastion, ordered 2022).
    ukraine = deal("fra-ukr-bastion", recipient="Ukraine", system_id="bastion", system="Bastion",
                   furthest_stage=pd.NA, off_scale_statuses="not_delivered")
    weapons = deal("deu-ukr-general", supplier="Germany", recipient="Ukraine", system_id=pd.NA, system="weapons",
                   category="unspecified")
    karabakh = deal("arm-nk-general", supplier="Armenia", recipient="Nagorno-Karabakh", system_id=pd.NA,
                    system="weapons", category="unspecified")
    out = compare([ukraine, weapons, karabakh, deal("fra-arm-gm200")], [FRENCH_BASTION, GM200],
                  covers=("Azerbaijan", "Armenia"))
    row = row_of(out, "fra-ukr-bastion")
    assert row["verdict"] == "not_covered" and pd.isna(row["matched_by"]) and pd.isna(row["register_designation"])
    assert row["explanation"] == ("no transfer asserted (press: not_delivered); the register extract holds the deals "
                                  "of Armenia and Azerbaijan only (as supplier or recipient; its .extract.json): "
                                  "France to Ukraine is outside it")
    assert row_of(out, "deu-ukr-general")["verdict"] == "not_covered"
    assert row_of(out, "arm-nk-general")["verdict"] == "not_comparable"  # Armenia supplies: inside the extract
    assert row_of(out, "fra-arm-gm200")["verdict"] == "matches"
    assert out.attrs["actors"] == ("Azerbaijan", "Armenia")
    # a register that holds every pair (no actors recorded) says it has no such deal
    whole = compare([ukraine], [FRENCH_BASTION, GM200])
    assert row_of(whole, "fra-ukr-bastion")["verdict"] == "not_in_register" and whole.attrs["actors"] is None


def test_a_deal_no_claim_asserts_is_set_beside_its_register_deal_not_judged():
    # s000-10: a batch of Bastions "initially planned for Kyiv" was redirected to Armenia (not_delivered);
    # SIPRI's full register lists Bastions for Ukraine, 61 ordered, 36 delivered: a refusal of one batch does
    # not contradict the deal, and is no match either
    ukraine = deal("fra-ukr-bastion", recipient="Ukraine", system_id="bastion", system="Bastion",
                   furthest_stage=pd.NA, conservative_stage=pd.NA, off_scale_statuses="not_delivered")
    register = entry("France", "Ukraine", "Bastion", "2022", "61", "36", "2024; 2025",
                     description="armoured personnel carrier")
    row = row_of(compare([ukraine], [register]), "fra-ukr-bastion")
    assert (row["verdict"], row["register_ordered"], row["register_delivered"]) == ("unasserted", 61, 36)
    assert row["explanation"] == (
        "no transfer asserted (press: not_delivered); the register lists a deal of its system and pair: 61 ordered, "
        "36 delivered 2024, 2025; not judged: a non-delivery or a denial may concern part of a deal (one batch), and an "
        "allegation reports no deal")
    # a deal asserted without a stage (unspecified) beside a refusal is asserted: judged as any other
    both = {**ukraine, "off_scale_statuses": "not_delivered; unspecified"}
    assert row_of(compare([both], [register]), "fra-ukr-bastion")["verdict"] != "unasserted"


# --------------------------------------------------------------------------
# Deals naming only a kind of equipment
# --------------------------------------------------------------------------

PINAKA = entry("India", "Armenia", "Pinaka 214mm", "2023", "24", "24", "2023; 2024", description="multiple rocket launcher")
AKASH = entry("India", "Armenia", "Akash-1", "2023", "400", "0", description="surface-to-air missile")
ROCKETS = deal("ind-arm-rockets", kind="component", supplier="India", system_id=pd.NA, system="rockets",
               category="artillery", furthest_stage="delivered")


def test_a_kind_is_consistent_with_the_register_deals_of_that_kind_that_agree_and_names_them():
    pinaka = deal("ind-arm-pinaka", supplier="India", system_id="pinaka", system="Pinaka", category="artillery",
                  furthest_stage="delivered")
    # the rockets are curated as possibly restating the Pinaka deal (overlaps_deal_id)
    rockets = {**ROCKETS, "overlaps_deal_id": "ind-arm-pinaka"}
    out = compare([rockets, pinaka], [PINAKA, ATAGS, AKASH], years=(2022, 2024))
    row = row_of(out, "ind-arm-rockets")
    # artillery of India to Armenia: Pinaka (delivered, as the press says) and ATAGS (no delivery: ruled out);
    # the Akash-1 missiles are air defence, another kind. Pinaka is already the deal of ind-arm-pinaka.
    assert (row["verdict"], row["matched_by"]) == ("consistent", "kind")
    assert row["explanation"] == (
        head("artillery") + "; by kind, pair and years it may be: Pinaka 214mm (multiple rocket "
        "launcher) ordered 2023: 24 ordered, 24 delivered 2023, 2024 (the register deal of ind-arm-pinaka); not: "
        "ATAGS 155mm (towed gun) ordered 2022: 6 ordered, none delivered (press stage delivered)")
    assert row[["register_designation", "register_ordered"]].isna().all()  # which one is not known
    # ATAGS is no deal the press names, nor one the rockets may be; the kind deal is suggested for it
    only = out[out["verdict"] == "register_only"]
    assert list(only["system"]) == ["ATAGS 155mm", "Akash-1"]
    assert only.iloc[0]["explanation"].endswith("of a kind and years that fit: ind-arm-rockets")


def test_a_kind_is_not_a_register_deal_another_press_deal_names_unless_it_may_restate_it():
    # Surveillance radars are radars_sensors, as the GM200 radars are; the register's GM200 deal is the press
    # deal fra-arm-gm200's, and nothing says the radars may be it: no candidate, said so (not "none").
    radars = deal("fra-arm-radars", system_id=pd.NA, system="surveillance radars", category="radars_sensors")
    out = compare([radars, deal("fra-arm-gm200")], [GM200, FRENCH_BASTION])
    row = row_of(out, "fra-arm-radars")
    assert (row["verdict"], row["matched_by"]) == ("not_in_register", "kind")
    assert row["explanation"] == (
        head("radars_sensors") + ": the register's radars_sensors deals of France to Armenia "
        "in its years are those of other press deals (Ground Master-200 (air-search radar) ordered 2023: 3 ordered, "
        "none delivered: fra-arm-gm200), which the curation does not say it may restate (overlaps_deal_id)")
    # "air defense systems" that may restate the package the GM200 deal is a component of: it may be that deal
    gm200 = deal("fra-arm-gm200", parent_deal_id="fra-arm-package")
    package = deal("fra-arm-package", kind="package", system_id=pd.NA, system="air defense systems",
                   category="air_defence")
    pledge = deal("fra-arm-air-defence-2024", system_id=pd.NA, system="air defense systems", category="air_defence",
                  furthest_stage="intent", overlaps_deal_id="fra-arm-package")
    row = row_of(compare([gm200, package, pledge], [GM200]), "fra-arm-air-defence-2024")
    # it may be (a pledge, undated here, beside the radars' order: at an earlier stage than the register's)
    assert row["verdict"] == "earlier_stage" and "(the register deal of fra-arm-gm200" in row["explanation"]
    # the same pledge said to restate another deal: the GM200 deal is not its
    other = {**pledge, "overlaps_deal_id": "fra-arm-mistral"}
    row = row_of(compare([gm200, package, other, deal("fra-arm-mistral", system_id="mistral", system="Mistral")],
                         [GM200]), "fra-arm-air-defence-2024")
    assert row["verdict"] == "not_in_register"


def test_a_kind_whose_every_register_deal_is_at_a_later_stage_is_earlier_stage_and_says_so():
    # a pledge (intent) of armoured vehicles; the register's one such deal is ordered and delivered: the press
    # reports an earlier stage, as for a deal naming its system (CAESAR), not a "consistent" deal
    vehicles = deal("fra-arm-vehicles", system_id=pd.NA, system="armored vehicles", category="armoured_vehicles",
                    furthest_stage="intent")
    row = row_of(compare([vehicles], [FRENCH_BASTION, GM200]), "fra-arm-vehicles")
    assert row["verdict"] == "earlier_stage"
    assert row["explanation"] == (head("armoured_vehicles") + "; by kind, pair and years it "
                                  "may be: Bastion (armoured personnel carrier) ordered 2023: 24 ordered, 24 delivered "
                                  "2023 (at a later stage than the press reports)")


def pledged(deal_id: str, *dated: tuple[str, str | None, str | None]) -> pd.DataFrame:
    """The claims' dates of one deal (``compare_deals(dates=...)``): (status, event_date, published) each."""
    return pd.DataFrame([{"deal_id": deal_id, "status": status, "event_date": event, "published": published}
                         for status, event, published in dated])


def test_a_pledge_after_the_register_deal_was_completed_is_not_that_deal():
    # France pledges "armored vehicles" on 23 February 2024 (s004-10); the register's one armoured-vehicle deal
    # of the pair, 24 Bastions ordered in 2023, was delivered in full in 2023: a pledge to supply made after that
    # is no earlier stage of it, nor is the deal its (the 26 more, or a new order, which the register does not hold)
    vehicles = deal("fra-arm-armoured-vehicles-2024", system_id=pd.NA, system="armored vehicles",
                    category="armoured_vehicles", furthest_stage="intent", conservative_stage="intent")

    def judged(register_row, event_date, published=None):
        dates = pledged("fra-arm-armoured-vehicles-2024", ("intent", event_date, published))
        return row_of(compare([vehicles], [register_row], dates=dates), "fra-arm-armoured-vehicles-2024")

    row = judged(FRENCH_BASTION, "2024-02-23")
    assert row["verdict"] == "not_in_register"
    assert row["explanation"] == (
        head("armoured_vehicles") + "; the register's armoured_vehicles deals of France to "
        "Armenia (Bastion (armoured personnel carrier) ordered 2023: 24 ordered, 24 delivered 2023) delivered all "
        "they ordered before the press first reports talks or a pledge (2024), by the register's figures: talks or a "
        "pledge after a deal is complete are not that deal, but may be a further one the register does not hold")
    # figures SIPRI marks as its estimates are said to be
    estimated = {**FRENCH_BASTION, "number_ordered_estimated": "true", "number_delivered_estimated": "true"}
    assert ("24 ordered, 24 delivered 2023; estimated by SIPRI: number ordered, number delivered) delivered all they "
            "ordered") in judged(estimated, "2024-02-23")["explanation"]
    # dated by its source's publication where it dates no event: the same
    assert judged(FRENCH_BASTION, None, "2024-04")["verdict"] == "not_in_register"
    # the same pledge told in 2023, the year of the deliveries: it may be from before them (earlier_stage)
    assert judged(FRENCH_BASTION, "2023-02")["verdict"] == "earlier_stage"
    # a deal still being delivered (24 ordered, 12 delivered 2023) may be what was pledged in 2024: ordered
    # before the pledge, so no later stage of it either: consistent, and said so
    part = entry("France", "Armenia", "Bastion", "2023", "24", "12", "2023", description="armoured personnel carrier")
    row = judged(part, "2024-02-23")
    assert row["verdict"] == "consistent"
    assert row["explanation"] == (
        head("armoured_vehicles") + "; by kind, pair and years it may be: Bastion (armoured "
        "personnel carrier) ordered 2023: 24 ordered, 12 delivered 2023 (ordered 2023, before the talks or pledge "
        "the press reports, of 2024)")


def test_a_pledge_naming_its_system_after_the_order_is_no_earlier_stage_and_after_completion_no_match():
    # "air defense systems" pledged in 2024 beside the radars ordered in 2023, none delivered: a pledge to
    # deliver what was ordered, not a report from before the order
    pledge = deal("fra-arm-gm200", furthest_stage="intent", conservative_stage="intent")
    row = row_of(compare([pledge], [GM200], dates=pledged("fra-arm-gm200", ("intent", "2024-02-23", None))),
                 "fra-arm-gm200")
    assert row["verdict"] == "matches"
    assert row["explanation"] == ("the register lists it: 3 ordered, none delivered; ordered 2023, before the talks "
                                  "or pledge the press reports, of 2024; no press number or stage disagrees (the press "
                                  "reports no number to compare)")
    # talks of 2022, before the order of 2023: the press reports an earlier stage
    row = row_of(compare([pledge], [GM200], dates=pledged("fra-arm-gm200", ("considered", None, "2022-05"),
                                                          ("intent", "2024", None))), "fra-arm-gm200")
    assert row["verdict"] == "earlier_stage"
    # a Bastion pledge of 2024, where the register's Bastion deal was complete in 2023: not in the register
    bastion = deal("fra-arm-bastion", system_id="bastion", system="Bastion", furthest_stage="intent")
    row = row_of(compare([bastion], [FRENCH_BASTION], dates=pledged("fra-arm-bastion", ("intent", "2024", None))),
                 "fra-arm-bastion")
    assert row["verdict"] == "not_in_register"
    assert row["explanation"] == (
        "the register's deals of Bastion from France to Armenia (Bastion ordered 2023: 24 ordered, 24 delivered 2023) "
        "delivered all they ordered before the press first reports talks or a pledge (2024), by the register's "
        "figures: talks or a pledge after a deal is complete are not that deal, but may be a further one the register "
        "does not hold")
    # a deal the press takes to agreed is dated by its order year, not by its pledges: it fits, at an earlier
    # stage than the register's delivery
    agreed = {**bastion, "furthest_stage": "agreed"}
    row = row_of(compare([agreed], [FRENCH_BASTION], dates=pledged("fra-arm-bastion", ("intent", "2024", None))),
                 "fra-arm-bastion")
    assert row["verdict"] == "earlier_stage"


def test_a_match_shows_the_press_order_year_where_it_is_not_the_registers():
    # Pinaka: "in 2022, India inked the deal" (s001h-17); SIPRI's order year is 2023, one year off (it fits)
    pinaka = deal("ind-arm-pinaka", supplier="India", system_id="pinaka", system="Pinaka", category="artillery",
                  furthest_stage="delivered", order_year=2022)
    row = row_of(compare([pinaka], [PINAKA]), "ind-arm-pinaka")
    assert row["verdict"] == "matches"
    assert row["explanation"] == ("the register lists it: 24 ordered, 24 delivered 2023, 2024; press order 2022, "
                                  "register order 2023; no press number or stage disagrees (the press reports no "
                                  "number to compare)")
    # the same year: nothing more to say
    row = row_of(compare([{**pinaka, "order_year": 2023}], [PINAKA]), "ind-arm-pinaka")
    assert "press order" not in row["explanation"]


def test_a_kind_may_be_a_register_deal_of_the_kind_its_description_may_also_be_named_by():
    # "air defense systems", where the register lists an air-search radar (s000: the air defence systems
    # France would sell are the GM200 radars and Mistral missiles)
    defence = deal("fra-arm-air-defence", system_id=pd.NA, system="air defense systems", category="air_defence")
    row = row_of(compare([defence], [GM200, FRENCH_BASTION]), "fra-arm-air-defence")
    assert row["verdict"] == "consistent"
    assert row["explanation"] == (head("air_defence") + "; by kind, pair and years it may be: "
                                  "Ground Master-200 (air-search radar) ordered 2023: 3 ordered, none delivered")
    # without the second kind, the radar is no air defence: nothing of the kind
    plain = CATEGORIES.drop(columns="also")
    row = row_of(compare([defence], [GM200, FRENCH_BASTION], categories=plain), "fra-arm-air-defence")
    assert row["verdict"] == "not_in_register"


def test_a_kind_whose_register_deals_all_disagree_is_not_in_the_register_and_says_the_same_way():
    row = row_of(compare([ROCKETS], [ATAGS, MARG]), "ind-arm-rockets")
    assert row["verdict"] == "not_in_register"
    assert row["explanation"] == (
        head("artillery") + ": the register's artillery deals of India to Armenia in its years "
        "each disagree with the press in the same way, press stage delivered: ATAGS 155mm (towed gun) ordered 2022: "
        "6 ordered, none delivered; MArG 155mm (self-propelled gun) ordered 2022: number ordered not stated, none "
        "delivered")


def test_a_kind_the_register_lists_none_of_says_what_it_lists_for_the_pair():
    antitank = deal("ind-arm-antitank", supplier="India", system_id=pd.NA, system="anti-tank missiles",
                    category="missiles", furthest_stage="delivered")
    row = row_of(compare([antitank], [PINAKA, AKASH]), "ind-arm-antitank")
    # CATEGORIES maps one description to missiles (anti-tank missile): few enough to be named
    assert (row["verdict"], row["matched_by"]) == ("not_in_register", "kind")
    # the kind is named in the claims' words: the pair's surface-to-air missiles listed after it are no missiles
    # of this kind (they are air defence), which "no missiles deal" alone left a reader to guess
    assert row["explanation"] == (
        "names only a kind of equipment (missiles: surface-to-surface, anti-tank and anti-ship missiles): the "
        "register lists no missiles deal from India to Armenia; "
        "of missiles the register records only what SIPRI describes as: anti-tank missile (for India to Armenia it "
        "lists, latest first: Akash-1, surface-to-air missile, ordered 2023; Pinaka 214mm, multiple rocket "
        "launcher, ordered 2023)")


def test_a_kind_no_description_maps_to_and_deals_of_unknown_kind_are_said():
    jammers = deal("fra-arm-jammers", system_id=pd.NA, system="jammers", category="electronic_warfare")
    dazzler = entry("France", "Armenia", "Dazzle-1", "2023", "2", "0", description="laser dazzler")
    row = row_of(compare([jammers], [GM200, dazzler]), "fra-arm-jammers")
    assert row["explanation"] == (
        head("electronic_warfare") + ": the register lists no electronic_warfare deal from France to Armenia; "
        "register/categories.csv maps no SIPRI description to electronic_warfare: the register records no such "
        "equipment; "
        "1 register deal of the pair has a description that register/categories.csv does not list (laser "
        "dazzler), so its kind is not known (for France to Armenia it lists, latest first: Dazzle-1, laser dazzler, "
        "ordered 2023; Ground Master-200, air-search radar, ordered 2023)")


def test_a_kind_sipri_does_not_record_is_said_so_and_goggles_are_no_radar():
    # "night vision goggles and equipment" (s001h-15) are radars_sensors, as the GM200 radars are, and no press
    # deal names the radars here: by kind alone the goggles would be "consistent" with them; but SIPRI does not
    # record hand-held optics (schema.SIPRI_NOT_RECORDED), so no register deal is set beside them, and it says why
    goggles = deal("fra-arm-night-vision", system_id=pd.NA, system="night vision goggles and equipment",
                   category="radars_sensors")
    row = row_of(compare([goggles], [GM200]), "fra-arm-night-vision")
    assert row["verdict"] == "not_in_register"
    assert row["explanation"] == (
        "names only a kind of equipment (radars_sensors: radars, surveillance, optics and night-vision equipment); "
        "SIPRI's register does not record night-vision goggles and other hand-held optics (of sensors, it records "
        "radars, sonars, and electro-optical and signals-intelligence systems): it covers major conventional weapons "
        "only; no register deal of the kind is set beside what it names")
    # "Night-Vision goggles", spelled otherwise, are the same; radars are not
    assert row_of(compare([{**goggles, "system": "Night-Vision Goggles"}], [GM200]),
                  "fra-arm-night-vision")["verdict"] == "not_in_register"
    radars = {**goggles, "system": "radars"}
    assert row_of(compare([radars], [GM200]), "fra-arm-night-vision")["verdict"] == "consistent"
    # "ammunition" (s001h-17): the register records guided shells only; none for the pair, and it says so
    ammunition = deal("ind-arm-ammunition", supplier="India", system_id=pd.NA, system="ammunition",
                      category="small_arms_ammunition")
    row = row_of(compare([ammunition], [PINAKA]), "ind-arm-ammunition")
    assert row["verdict"] == "not_in_register"
    assert row["explanation"].startswith(
        "names only a kind of equipment (small_arms_ammunition: small arms, light weapons and ammunition): the "
        "register lists no small_arms_ammunition deal from India to Armenia (for India to Armenia it lists")
    assert row["explanation"].endswith(
        "; SIPRI's register does not record small arms, light weapons and ammunition other than guided shells: it "
        "covers major conventional weapons only")
    # a guided shell of the pair, which SIPRI does record, may be it
    shell = entry("India", "Armenia", "Excalibur", "2023", "100", "0", description="guided shell")
    assert row_of(compare([{**ammunition, "furthest_stage": "agreed"}], [shell]),
                  "ind-arm-ammunition")["verdict"] == "consistent"
    # which deals these are, by deal_id (the summary counts those not in the register)
    said = register.unrecorded_kinds(deals(goggles, ammunition, deal("fra-arm-gm200")))
    assert said.notna().to_dict() == {"fra-arm-night-vision": True, "ind-arm-ammunition": True,
                                      "fra-arm-gm200": False}


def test_a_kind_whose_register_deals_are_of_other_years_says_so():
    vehicles = deal("fra-arm-vehicles", system_id=pd.NA, system="armored vehicles", category="armoured_vehicles",
                    order_year=2010)
    row = row_of(compare([vehicles], [FRENCH_BASTION]), "fra-arm-vehicles")
    assert row["verdict"] == "not_in_register"
    assert row["explanation"] == (head("armoured_vehicles") + "; the register's "
                                  "armoured_vehicles deals of France to Armenia (Bastion (armoured personnel carrier) "
                                  "ordered 2023: 24 ordered, 24 delivered 2023) are more than 1 year from the press' "
                                  "(ordered 2010)")


def test_register_only_rows_suggest_press_deals_of_a_plausible_kind_and_years():
    akash = entry("India", "Armenia", "Akash-1", "2023", "400", "0", description="surface-to-air missile")
    engine = entry("India", "Armenia", "aircraft engine", "2023", "4", "0", description="aircraft engine")
    general = deal("ind-arm-general", supplier="India", system_id=pd.NA, system="arms", category="unspecified")
    old = deal("ind-arm-old", supplier="India", system_id=pd.NA, system="arms", category="unspecified",
               furthest_stage="delivered", delivery_years="2010")
    antitank = deal("ind-arm-antitank", supplier="India", system_id=pd.NA, system="anti-tank missiles",
                    category="missiles")
    defence = deal("ind-arm-defence", supplier="India", system_id=pd.NA, system="air defence systems",
                   category="air_defence", furthest_stage="delivered")  # delivered: Akash-1 has none, disagrees
    out = compare([general, old, antitank, defence], [akash, engine], years=(2022, 2024))
    only = out[out["verdict"] == "register_only"].set_index("system")["explanation"]
    # Akash-1, air defence: the generic deal of no years and the air-defence deal fit; the anti-tank
    # missiles are another kind, the delivery of 2010 is 13 years before its order
    assert only["Akash-1"].endswith("of a kind and years that fit: ind-arm-defence, ind-arm-general")
    # an engine has no kind of the claims': any kind may hold it, if its years fit
    assert only["aircraft engine"].endswith("of a kind and years that fit: ind-arm-antitank, ind-arm-defence, "
                                            "ind-arm-general")


def test_register_only_rows_suggest_only_deals_the_press_asserts_and_undated_relations_of_any_year():
    swathi = entry("India", "Armenia", "Swathi", "2020", "4", "4", "2021", description="artillery locating radar")
    mi17 = entry("Russia", "Armenia", "Mi-17", "2020", "4", "4", "2022", description="transport helicopter")
    # s001f: "India is considering sending another batch" (talks, no date); s001h: "Russia failed to provide ...
    # ordered weapons" (refused): neither is an order the register could list
    batch = deal("ind-arm-another-batch", supplier="India", system_id=pd.NA, system="weapons", category="unspecified",
                 furthest_stage="considered", conservative_stage="considered")
    failed = deal("rus-arm-general", supplier="Russia", system_id=pd.NA, system="ordered weapons",
                  category="unspecified", furthest_stage=pd.NA, conservative_stage=pd.NA,
                  off_scale_statuses="not_delivered")
    out = compare([batch, failed], [swathi, mi17], years=(2020, 2024))
    only = out[out["verdict"] == "register_only"].set_index("system")["explanation"]
    assert "may be among" not in only["Swathi"] and "may be among" not in only["Mi-17"]
    # "Ankara has been arming Baku" (asserted, no date) beside one claim dated 2020: the relation over the
    # years, which may hold a deal ordered in 2022 and delivered in 2024
    akinci = entry("Turkey", "Azerbaijan", "Akinci", "2022", "4", "4", "2024; 2025", description="armed drone")
    arming = deal("tur-aze-general", supplier="Turkey", recipient="Azerbaijan", system_id=pd.NA, system="arms",
                  category="unspecified", furthest_stage="delivered", delivery_years="2020", undated=True)
    dated = {**arming, "undated": False}  # had every claim been dated 2020, it could not be
    said = compare([arming], [akinci], years=(2020, 2024))
    assert said[said["verdict"] == "register_only"].iloc[0]["explanation"] == (
        "no press deal of Turkey to Azerbaijan names Akinci ordered 2022: 4 ordered, 4 delivered 2024, 2025; it may be "
        "among the press' deals of the pair naming no system, of a kind and years that fit: tur-aze-general")
    later = compare([dated], [akinci], years=(2020, 2024))
    assert "may be among" not in later[later["verdict"] == "register_only"].iloc[0]["explanation"]


# --------------------------------------------------------------------------
# Numbers and stages
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("quantity", "qualifier", "verdict"), [
    (24, "exact", "matches"), (25, "exact", "differs"),
    (20, "at_least", "matches"), (30, "at_least", "differs"),   # at least 30 is not 24
    (30, "up_to", "matches"), (20, "up_to", "differs"),
    (24, "approx", "matches"), (25, "approx", "differs"),       # "about 25" is written beside the 24
])
def test_a_quantity_is_compared_by_its_qualifier(quantity, qualifier, verdict):
    quantities = pd.DataFrame({"deal_id": ["fra-arm-bastion"], "quantity": [quantity],
                               "quantity_qualifier": [qualifier], "status": ["agreed"]})
    press = deal("fra-arm-bastion", system_id="bastion", system="Bastion", furthest_stage="delivered")
    row = row_of(compare([press], [FRENCH_BASTION], quantities=quantities), "fra-arm-bastion")
    assert row["verdict"] == verdict
    words = {"exact": "", "approx": "about ", "at_least": "at least ", "up_to": "up to "}[qualifier]
    assert row["press_quantities"] == f"{words}{quantity} agreed"
    if verdict == "differs":
        assert row["explanation"] == f"press {words}{quantity} (agreed) vs register 24 ordered, 24 delivered 2023"


def test_quantities_at_other_stages_are_listed_not_compared():
    quantities = pd.DataFrame({"deal_id": ["fra-arm-bastion"] * 2, "quantity": [50, 26],
                               "quantity_qualifier": ["exact", "exact"], "status": ["intent", "in_production"]})
    press = deal("fra-arm-bastion", system_id="bastion", system="Bastion", furthest_stage="delivered")
    row = row_of(compare([press], [FRENCH_BASTION], quantities=quantities), "fra-arm-bastion")
    assert (row["verdict"], row["press_quantities"]) == ("matches", "50 intent; 26 in_production")
    assert row["explanation"] == ("the register lists it: 24 ordered, 24 delivered 2023; no press number or stage "
                                  "disagrees (the press reports no number to compare)")


def test_a_press_delivery_the_register_does_not_record_differs():
    row = row_of(compare([deal("fra-arm-gm200", furthest_stage="delivered")], [GM200]), "fra-arm-gm200")
    assert row["verdict"] == "differs"
    assert row["explanation"] == "press stage delivered vs register 3 ordered, none delivered"
    # a delivered number that disagrees already says it: the stage is not named twice
    row = row_of(compare([deal("fra-arm-gm200", furthest_stage="delivered", delivered_low=3, delivered_high=3)],
                         [GM200]), "fra-arm-gm200")
    assert row["explanation"] == "press 3 (delivered) vs register 3 ordered, none delivered"


def test_a_press_stage_short_of_the_register_is_no_disagreement_and_no_match():
    row = row_of(compare([deal("fra-arm-bastion", system_id="bastion", system="Bastion",
                               furthest_stage="considered")], [FRENCH_BASTION]), "fra-arm-bastion")
    # considered, where the register has the order and its delivery: the press reports an earlier stage
    assert row["verdict"] == "earlier_stage"
    assert row["press_stage"] == "considered"
    assert (row["register_designation"], row["register_ordered"]) == ("Bastion", 24)
    assert row["explanation"] == ("the register lists it, at a later stage than the press reports (the press' "
                                  "furthest: considered): 24 ordered, 24 delivered 2023; no press number disagrees "
                                  "(the press reports no number to compare)")
    # agreed, where the register has the order but no delivery: the same stage, a match
    row = row_of(compare([deal("fra-arm-gm200")], [GM200]), "fra-arm-gm200")
    assert row["verdict"] == "matches"
    # intent, and a number that disagrees: the disagreement comes first
    quantities = pd.DataFrame({"deal_id": ["fra-arm-gm200"], "quantity": [5], "quantity_qualifier": ["exact"],
                               "status": ["agreed"]})
    row = row_of(compare([deal("fra-arm-gm200", furthest_stage="intent")], [GM200], quantities=quantities),
                 "fra-arm-gm200")
    assert (row["verdict"], row["explanation"]) == ("differs", "press 5 (agreed) vs register 3 ordered, none delivered")


# a deal no claim asserts is set beside its register deal, not judged: a refusal may concern one batch of it
@pytest.mark.parametrize(("statuses", "register_row", "verdict", "explanation"), [
    ("not_delivered", FRENCH_BASTION, "unasserted",
     "no transfer asserted (press: not_delivered); the register lists a deal of its system and pair: 24 ordered, "
     "24 delivered 2023; " "not judged: a non-delivery or a denial may concern part of a deal (one batch), and an "
     "allegation reports no deal"),
    ("not_delivered", entry("France", "Armenia", "Bastion", "2023", "24", "0"), "unasserted",
     "no transfer asserted (press: not_delivered); the register lists a deal of its system and pair: 24 ordered, "
     "none delivered; " "not judged: a non-delivery or a denial may concern part of a deal (one batch), and an "
     "allegation reports no deal"),
    ("alleged; denied", FRENCH_BASTION, "unasserted",
     "no transfer asserted (press: alleged; denied); the register lists a deal of its system and pair: 24 ordered, "
     "24 delivered 2023; " "not judged: a non-delivery or a denial may concern part of a deal (one batch), and an "
     "allegation reports no deal"),
    ("unspecified", FRENCH_BASTION, "matches",
     "a transfer asserted without a stage (press: unspecified); the register lists it: 24 ordered, 24 delivered "
     "2023; no press number or stage disagrees (the press reports no number to compare)"),
])
def test_deals_with_no_stage_are_compared_and_say_what_the_press_claims(statuses, register_row, verdict,
                                                                         explanation):
    press = deal("fra-arm-bastion", system_id="bastion", system="Bastion", furthest_stage=pd.NA,
                 conservative_stage=pd.NA, off_scale_statuses=statuses)
    row = row_of(compare([press], [register_row]), "fra-arm-bastion")
    assert (row["verdict"], row["explanation"]) == (verdict, explanation)
    assert pd.isna(row["press_stage"])


def test_sipri_estimates_are_named():
    estimated = entry("France", "Armenia", "Bastion", "2023", "24", "24", "2023", number_ordered_estimated="true",
                      number_delivered_estimated="true")
    row = row_of(compare([deal("fra-arm-bastion", system_id="bastion", system="Bastion", furthest_stage="delivered",
                               agreed_low=50, agreed_high=50)], [estimated]), "fra-arm-bastion")
    assert row["explanation"] == ("press 50 (agreed) vs register 24 ordered, 24 delivered 2023; "
                                  "estimated by SIPRI: number ordered, number delivered")


# --------------------------------------------------------------------------
# Register-only rows and the window
# --------------------------------------------------------------------------


def window_register() -> list[dict[str, str]]:
    return [
        GM200,                                                                  # matched by the press
        entry("India", "Armenia", "Akash", "2023", "15", "2", "2024; 2025"),    # ordered in the window
        entry("Russia", "Armenia", "Su-30SM", "2019", "4", "4", "2022"),        # delivered in the window
        entry("Russia", "Armenia", "Su-30SM", "2016", "4", "4", "2017"),        # wholly before it
        entry("Russia", "Armenia", "Iskander", "2025", "4", "0"),               # after it
        entry("Russia", "Georgia", "T-72", "2023", "10", "10", "2023"),         # not a press recipient
        entry("Soviet Union", "Armenia", "T-72", "2022", "5", "5", "2022"),     # no actor: SIPRI's name kept
    ]


def test_register_only_rows_are_the_unnamed_register_deals_of_the_press_recipients_in_its_years():
    press = [deal("fra-arm-gm200", agreed_low=3, agreed_high=3, order_year=2022),
             deal("rus-arm-general", supplier="Russia", system_id=pd.NA, system="weapons", delivery_years="2024",
                  category="unspecified")]
    out = compare(press, window_register())
    # press_years: ordered 2022, delivered 2024 -> the window is 2022-2024
    assert register.press_years(deals(*press)) == (2022, 2024)
    only = out[out["verdict"] == "register_only"]
    assert list(zip(only["supplier"], only["system"], only["register_order_year"])) == [
        ("India", "Akash", 2023), ("Russia", "Su-30SM", 2019), ("Soviet Union", "T-72", 2022)]
    assert only["deal_id"].isna().all() and only["press_stage"].isna().all()
    su30 = only[only["system"] == "Su-30SM"].iloc[0]
    # rus-arm-general names no system, but its delivery of 2024 is two years after the last of these
    # Su-30SM (all 4 delivered in 2022): not suggested
    assert su30["explanation"] == ("no press deal of Russia to Armenia names Su-30SM ordered 2019: 4 ordered, "
                                   "4 delivered 2022")
    # press deals first (by deal_id) within each pair, then the register-only rows
    assert list(zip(out["supplier"], out["deal_id"].fillna("-"), out["system"])) == [
        ("France", "fra-arm-gm200", "GM200"), ("India", "-", "Akash"),
        ("Russia", "rus-arm-general", "weapons"), ("Russia", "-", "Su-30SM"), ("Soviet Union", "-", "T-72")]


def test_register_only_rows_are_of_the_corpus_subject_where_actors_declare_one():
    # a corpus about Armenia mentions Ukraine in passing: SIPRI's deals for Ukraine are no gap in its coverage
    press = [deal("fra-arm-gm200", order_year=2023),
             deal("deu-ukr-general", supplier="Germany", recipient="Ukraine", system_id=pd.NA, system="weapons",
                  category="unspecified", order_year=2023)]
    register_rows = [GM200, entry("Germany", "Ukraine", "Leopard-2A6", "2023", "18", "18", "2023", description="tank"),
                     entry("India", "Armenia", "Akash", "2023", "15", "2", "2024", description="SAM system")]
    actors = pd.concat([ACTORS, pd.DataFrame({"name": ["Germany", "Ukraine"], "aliases": [pd.NA, pd.NA]})])
    subject = actors.assign(subject=actors["name"] == "Armenia")
    for given, expected in ((actors, ["Akash", "Leopard-2A6"]), (subject, ["Akash"])):
        out = compare(press, register_rows, actors=given)
        assert sorted(out.loc[out["verdict"] == "register_only", "system"]) == expected


def test_the_window_can_be_given_and_nothing_dated_gives_no_register_only_rows():
    press = [deal("fra-arm-gm200")]
    assert register.press_years(deals(*press)) is None
    assert list(compare(press, window_register())["verdict"]) == ["matches"]
    only = compare(press, window_register(), years=(2016, 2017))
    assert list(only.loc[only["verdict"] == "register_only", "register_order_year"]) == [2016]


def test_a_register_deal_ruled_out_by_years_says_which_press_deal_names_its_system():
    press = [deal("fra-arm-gm200", order_year=2015)]
    out = compare(press, [GM200], years=(2015, 2023))
    assert row_of(out, "fra-arm-gm200")["verdict"] == "not_in_register"
    only = out[out["verdict"] == "register_only"].iloc[0]
    assert only["explanation"] == ("no press deal of France to Armenia names Ground Master-200 ordered 2023: "
                                   "3 ordered, none delivered; fra-arm-gm200 names the system, in other years")


def test_claim_years_span_events_and_publication():
    claims = pd.DataFrame({"event_date": ["2020-10", pd.NA, pd.NA], "published": ["2023-12-08", "2024", pd.NA]})
    assert register.claim_years(claims) == (2020, 2024)
    assert register.claim_years(claims.iloc[2:]) is None


# --------------------------------------------------------------------------
# Inputs, the call from claims, the codebook
# --------------------------------------------------------------------------


def test_missing_deal_columns_are_named():
    with pytest.raises(ValueError, match=r"compare_deals takes as deals the columns of armsdata\.deals\(\); this "
                                         r"table lacks the column\(s\) furthest_stage"):
        register.compare_deals(deals(deal("d")).drop(columns="furthest_stage"), register_table(GM200),
                               systems=SYSTEMS, actors=ACTORS, categories=CATEGORIES)
    with pytest.raises(ValueError, match=r"as categories the columns of armsdata\.load_register_categories\(\); this "
                                         r"table lacks the column\(s\) category"):
        register.compare_deals(deals(deal("d")), register_table(GM200), systems=SYSTEMS, actors=ACTORS,
                               categories=CATEGORIES.drop(columns="category"))


def test_compare_register_takes_deals_quantities_and_years_from_the_claims(monkeypatch):
    from armsdata import analysis

    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed", "quantity": "50",
         "system_id": "bastion", "event_date": "2023-06"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered",
         "quantity": "24", "quantity_qualifier": "at_least", "system_id": "bastion"},
    ], sources={"a": {"published": "2024-01"}})
    seen = []

    def deals_of(given):  # what analysis.deals will give for these claims
        seen.append(list(given["claim_id"]))
        return deals(deal("fra-arm-bastion", system_id="bastion", system="Bastion", furthest_stage="delivered",
                          order_year=2023))

    monkeypatch.setattr(analysis, "deals", deals_of)
    stale = entry("France", "Armenia", "Bastion", "2019", "7", "7", "2019")
    radars = entry("France", "Armenia", "Ground Master-200", "2024", "3", "0")
    out = register.compare_register(claims, register_table(FRENCH_BASTION, stale, radars), systems=SYSTEMS,
                                    actors=ACTORS, categories=CATEGORIES)
    assert seen == [["a-1", "b-1"]]
    row = row_of(out, "fra-arm-bastion")
    assert row["press_quantities"] == "50 agreed; at least 24 delivered"
    assert row["explanation"] == "press 50 (agreed) vs register 24 ordered, 24 delivered 2023"
    # The claims' years are 2023 (event) to 2024 (publication): the 2024 radars are register-only, the
    # 2019 Bastions (four years from the press' 2023) are outside the window.
    assert list(zip(out["verdict"], out["register_order_year"])) == [("differs", 2023), ("register_only", 2024)]


def test_compare_register_dates_pledges_by_event_else_publication():
    # "armored vehicles" pledged (no event date) in a source of 2024: after the Bastions of 2023 were all
    # delivered; the same pledge in a source of 2023 may be from before (a year is all the register gives)
    claims = make_claims([{"claim_id": "a-1", "deal_id": "fra-arm-vehicles", "source_id": "a", "status": "intent",
                           "system": "armored vehicles"},
                          {"claim_id": "b-1", "deal_id": "fra-arm-vehicles-old", "source_id": "b", "status": "intent",
                           "system": "armored vehicles", "event_date": "2023-01"}],
                         sources={"a": {"published": "2024-02-25"}, "b": {"published": "2024-02-25"}})
    out = register.compare_register(claims, register_table(FRENCH_BASTION), systems=SYSTEMS, actors=ACTORS,
                                    categories=CATEGORIES)
    assert row_of(out, "fra-arm-vehicles")["verdict"] == "not_in_register"
    assert row_of(out, "fra-arm-vehicles-old")["verdict"] == "earlier_stage"


@pytest.fixture
def two_data_sets(tmp_path, monkeypatch) -> tuple:
    """Two data directories: ``a``, the hand-made one with a register listing its French Bastions; ``b``, where
    the default rule points, with the same claims, systems that name no SIPRI designation, and no register."""
    from conftest import make_data_dir, system, write_csv

    a = make_data_dir(tmp_path / "a")
    (a / "register").mkdir()
    write_csv(a / schema.REGISTER.filename, [FRENCH_BASTION], schema.REGISTER.columns)
    b = make_data_dir(tmp_path / "b", systems=[
        system(sipri_designations=""),
        system(system_id="bastion", designation="Bastion", description="armoured personnel carrier",
               category="armoured_vehicles", sipri_designations="", aliases="Bastion armoured vehicles")])
    monkeypatch.setenv("ARMSDATA_DATA_DIR", str(b))
    return a, b


def test_compare_register_reads_what_it_is_not_given_from_the_claims_own_data(two_data_sets):
    import armsdata

    a, _ = two_data_sets
    claims = armsdata.load_transfers(a)
    # a's systems give the Bastions the register's "Bastion", a's register lists them: 24 ordered, not the
    # 50 a claim says were agreed. b's systems name no designation, and b has no register at all.
    for out in (register.compare_register(claims),
                register.compare_register(claims, armsdata.load_register(path=a / schema.REGISTER.filename)),
                register.compare_register(claims[claims["deal_id"] == "fra-arm-bastion"])):
        row = row_of(out, "fra-arm-bastion")
        assert (row["register_designation"], row["register_ordered"], row["verdict"]) == ("Bastion", 24, "differs")


def test_compare_register_will_not_guess_where_claims_without_a_data_directory_come_from(two_data_sets):
    import armsdata

    a, b = two_data_sets
    mixed = pd.concat([armsdata.load_transfers(a), armsdata.load_transfers(b)], ignore_index=True)
    with pytest.raises(ValueError, match=r"the claims do not say which data directory they come from"):
        register.compare_register(mixed)
    data = armsdata.load_data(a)  # every table given: nothing to guess
    out = register.compare_register(mixed.iloc[:3], data.register, systems=data.systems, actors=data.actors,
                                    categories=data.categories)
    assert row_of(out, "fra-arm-bastion")["verdict"] == "differs"


def test_the_codebook_lists_every_verdict_with_its_meaning():
    text = (REPO / "CODEBOOK.md").read_text(encoding="utf-8")
    section = text.split("\n## Press vs register\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| (.+?) \| (.*?) \|$", section, flags=re.M)
    assert [(value, meaning) for value, meaning, _ in rows] == [
        (value, meaning) for value, (meaning, _) in schema.VERDICT.items()]


# --------------------------------------------------------------------------
# Tables to draw: the numbers beside each other, the register's deliveries by year
# --------------------------------------------------------------------------


def beside_claims() -> pd.DataFrame:
    return make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "intent", "quantity": "50",
         "system_id": "bastion"},
        {"claim_id": "a-2", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed", "quantity": "50",
         "system_id": "bastion"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered", "quantity": "24",
         "system_id": "bastion"},
        {"claim_id": "c-1", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "delivered", "quantity": "24",
         "system_id": "bastion"},
        {"claim_id": "c-2", "deal_id": "fra-arm-gm200", "source_id": "c", "status": "agreed", "system": "GM200",
         "system_id": "gm200"},
        {"claim_id": "c-3", "deal_id": "fra-arm-general", "source_id": "c", "status": "agreed", "quantity": "7",
         "system": "arms", "category": "unspecified"},
    ])


def beside_comparison() -> pd.DataFrame:
    """The comparison these claims would get, written out: Bastion differs (24 ordered and delivered), GM200
    matches (3 ordered, 0 delivered), the generic deal is not comparable, and a register-only row."""
    rows = [("fra-arm-bastion", "Bastion", "differs", 24, 24),
            ("fra-arm-general", "arms", "not_comparable", None, None),
            ("fra-arm-gm200", "GM200", "matches", 3, 0), (None, "Mistral", "register_only", 40, 40)]
    return pd.DataFrame([{"deal_id": d, "supplier": "France", "recipient": "Armenia", "system": s, "verdict": v,
                          "register_ordered": o, "register_delivered": n} for d, s, v, o, n in rows]).astype(
        {"deal_id": "string", "register_ordered": "Int64", "register_delivered": "Int64"})


def test_quantities_beside_register_lists_each_sides_numbers_per_deal():
    out = register.quantities_beside_register(beside_claims(), beside_comparison())
    assert list(out.columns) == list(register.BESIDE_COLUMNS)
    # Bastion: 50 at intent and at agreed (one claim each), 24 delivered (two claims), then the register's
    # 24 and 24; GM200: the press states no number, the register 3 ordered and 0 delivered (kept: nothing
    # delivered yet is a number). The generic deal and the register-only row are not drawn.
    assert out[["deal_id", "side", "stage", "quantity", "n_claims"]].astype(object).where(out.notna(), None) \
        .values.tolist() == [
        ["fra-arm-bastion", "press", "intent", 50, 1], ["fra-arm-bastion", "press", "agreed", 50, 1],
        ["fra-arm-bastion", "press", "delivered", 24, 2], ["fra-arm-bastion", "register", "ordered", 24, None],
        ["fra-arm-bastion", "register", "delivered", 24, None], ["fra-arm-gm200", "register", "ordered", 3, None],
        ["fra-arm-gm200", "register", "delivered", 0, None]]
    assert list(out["verdict"].astype(str).unique()) == ["differs", "matches"]
    empty = register.quantities_beside_register(beside_claims(), beside_comparison().iloc[0:0])
    assert empty.empty and list(empty.columns) == list(register.BESIDE_COLUMNS)


def test_with_register_numbers_puts_each_deals_numbers_beside_its_rows():
    from armsdata import analysis

    table = analysis.reported_quantities(beside_claims())
    out = register.with_register_numbers(table, beside_comparison())
    assert list(out["claim_id"]) == ["a-1", "a-2", "b-1", "c-1"]  # Bastion's four stated quantities
    assert set(zip(out["register_ordered"], out["register_delivered"])) == {(24, 24)}
    no_register = register.with_register_numbers(table, beside_comparison().iloc[0:0])
    assert no_register["register_ordered"].isna().all() and len(no_register) == 4


def test_register_deliveries_spread_tiv_evenly_and_mark_the_press_claims_of_delivery():
    claims = make_claims([
        # dated delivery: Turkey to Azerbaijan in 2020
        {"claim_id": "a-1", "deal_id": "tur-aze-tb2", "source_id": "a", "supplier": "Turkey",
         "recipient": "Azerbaijan", "status": "delivered", "event_date": "2020", "system": "TB2"},
        # undated delivery, in a source of 2023: counted at 2023
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered"},
        # not a delivery: no mark
        {"claim_id": "b-2", "deal_id": "fra-arm-gm200", "source_id": "b", "status": "agreed", "system": "GM200"},
    ], sources={"a": {"published": "2023-12-08"}, "b": {"published": "2023-12-08"}})
    reg = register_table(
        entry("Turkiye", "Azerbaijan", "Bayraktar TB-2", "2020", "12", "12", "2019; 2020; 2021", tiv_delivered="30"),
        entry("France", "Armenia", "Bastion", "2023", "24", "24", "2023", tiv_delivered="3.84"),
        entry("France", "Armenia", "Ground Master-200", "2023", "3", "0"),  # nothing delivered: no row
        entry("Russia", "Ukraine", "T-72", "2020", "10", "10", "2021", tiv_delivered="5"))  # not a press recipient
    out = register.register_deliveries(reg, claims, actors=ACTORS)
    assert list(out.columns) == list(register.DELIVERY_COLUMNS)
    got = out[["recipient", "supplier", "year", "tiv_delivered", "n_register_deals", "n_press_deals_dated",
               "n_press_deals_undated", "press_deals"]].astype(object).where(out.notna(), None).values.tolist()
    assert got == [
        ["Armenia", "France", 2023, 3.84, 1, 0, 1, "fra-arm-bastion"],
        ["Azerbaijan", "Turkey", 2019, 10.0, 1, 0, 0, None],  # 30 TIV over three years: 10 a year
        ["Azerbaijan", "Turkey", 2020, 10.0, 1, 1, 0, "tur-aze-tb2"],
        ["Azerbaijan", "Turkey", 2021, 10.0, 1, 0, 0, None]]


# --------------------------------------------------------------------------
# The shipped corpus
# --------------------------------------------------------------------------


@pytest.mark.skipif(not (REPO / "data" / schema.REGISTER.filename).is_file(), reason="needs the shipped data")
def test_the_shipped_corpus_gives_the_bastion_deal_its_verdict():
    import armsdata

    data = REPO / "data"
    out = register.compare_register(armsdata.load_transfers(data), data / schema.REGISTER.filename,
                                    systems=armsdata.load_systems(data), actors=armsdata.load_actors(data),
                                    categories=armsdata.load_register_categories(data))
    row = row_of(out, "fra-arm-bastion")
    # The press: 50 agreed (s001g-01), 24 delivered (s001g-03, s001h-12); 26 in production (s001g-04).
    # The register (export of 18 May 2026): 24 ordered, 24 delivered in 2023, both SIPRI estimates.
    assert row["verdict"] == "differs"
    assert (row["register_ordered"], row["register_delivered"], row["register_delivery_years"]) == (24, 24, "2023")
    assert set(row["press_quantities"].split("; ")) >= {"50 agreed", "24 delivered"}
    assert row["explanation"].startswith("press 50 (agreed) vs register 24 ordered, 24 delivered 2023")
    # the Russian anti-tank "Bastion" of 2011 is another deal, not a candidate
    assert not (out["register_designation"].eq("Bastion") & out["register_order_year"].eq(2011)).any()


# --------------------------------------------------------------------------
# The categories of SIPRI's descriptions (register/categories.csv), against the exports
# --------------------------------------------------------------------------

CATEGORY_EXCERPTS = REPO / "tests" / "fixtures" / "categories"
SHARED_SIPRI = REPO.parent / "shared" / "sipri"
EXPORTS = ("trade-register_all_2026-05-18.csv", "transfers_by_delivery_year.csv")

#: The claims' categories each of SIPRI's armament categories allows (worked out from the two
#: vocabularies: surface-to-air missiles are air defence for the claims, missiles for SIPRI; loitering
#: munitions drones; guided shells ammunition; guided rockets the rockets of a launcher; a turret
#: the vehicle it is fitted to; an engine no kind).
ALLOWED = {
    "Aircraft": {"aircraft", "uavs"}, "Air defence systems": {"air_defence"},
    "Armoured vehicles": {"armoured_vehicles"}, "Artillery": {"artillery"}, "Engines": {None},
    "Missiles": {"missiles", "air_defence", "uavs", "small_arms_ammunition", "artillery"},
    "Naval weapons": {"artillery", "air_defence"}, "Other": {"armoured_vehicles", "aircraft"},
    "Satellites": {"radars_sensors"}, "Sensors": {"radars_sensors"}, "Ships": {"ships"},
}


def shipped_categories() -> pd.DataFrame:
    import armsdata

    return armsdata.load_register_categories(REPO / "data")


#: The second kinds a description may be named by: an air-search radar may be what the press calls air defence.
ALSO = {"Sensors": {"air_defence"}}


def test_every_category_is_one_sipris_category_allows():
    table = shipped_categories()
    wrong = [(d, s, c) for d, s, c in zip(table["description"], table["sipri_category"], table["category"])
             if (None if pd.isna(c) else c) not in ALLOWED[s]]
    assert wrong == []
    also = table[table["also"].notna()]
    assert [(d, s, a) for d, s, a in zip(also["description"], also["sipri_category"], also["also"])
            if a not in ALSO.get(s, set())] == []
    assert "air-search radar" in set(also["description"])


def test_the_shipped_extract_has_a_category_for_every_description():
    import armsdata

    extract = armsdata.load_register(REPO / "data")
    assert set(extract["description"].dropna()) - set(shipped_categories()["description"]) == set()


def _most_common(frame: pd.DataFrame, by: str) -> dict[str, str]:
    """``by`` -> the armament category SIPRI gives most often for it (ties: the first in name order)."""
    counts = frame.assign(category=frame["category"].astype(str)).groupby([by, "category"]).size().reset_index()
    counts = counts.sort_values([by, 0, "category"], ascending=[True, False, True])
    return dict(counts.drop_duplicates(by)[[by, "category"]].itertuples(index=False))


@pytest.mark.parametrize("where", ["excerpt", "full"])
def test_categories_agree_with_the_export_that_carries_sipris_categories(where):
    """Each description of both exports is listed, with the armament category SIPRI gives it: the
    per-delivery-year export's own, for its descriptions; through the designations both exports
    list, for the trade register's."""
    import armsdata

    folder = CATEGORY_EXCERPTS if where == "excerpt" else SHARED_SIPRI
    if not all((folder / name).is_file() for name in EXPORTS):
        pytest.skip(f"SIPRI's exports are not in {folder}")
    register_deals = armsdata.read_sipri(folder / EXPORTS[0])
    transfers = armsdata.read_sipri(folder / EXPORTS[1])
    table = shipped_categories()
    listed = dict(zip(table["description"], table["sipri_category"].astype(str)))
    assert set(register_deals["description"].dropna()) - set(listed) == set()
    assert set(transfers["description"].dropna()) - set(listed) == set()
    direct = _most_common(transfers.dropna(subset=["description", "category"]), "description")
    assert {d: c for d, c in direct.items() if listed[d] != c} == {}
    by_designation = _most_common(transfers.dropna(subset=["designation", "category"]), "designation")
    linked = register_deals.assign(category=register_deals["designation"].map(by_designation)).dropna(
        subset=["description", "category"])
    inferred = {d: c for d, c in _most_common(linked, "description").items() if d not in direct}
    assert inferred, "no description of the trade register is linked to a category"
    assert {d: c for d, c in inferred.items() if listed[d] != c} == {}

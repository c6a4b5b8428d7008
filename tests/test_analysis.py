"""Analysis functions on small hand-made tables; every expected answer is worked out here, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdata import analysis, schema
from conftest import make_claims, system

# --------------------------------------------------------------------------
# Dates and filters
# --------------------------------------------------------------------------


def test_date_interval_covers_the_whole_year_or_month():
    span = date_strings(analysis.date_interval(pd.Series(["2023", "2024-02", "2023-10-23", None])))
    assert span == [("2023-01-01", "2023-12-31"), ("2024-02-01", "2024-02-29"),  # 2024 is a leap year
                    ("2023-10-23", "2023-10-23"), ("NaT", "NaT")]


def date_strings(span: pd.DataFrame) -> list[tuple[str, str]]:
    return [(str(a.date()) if pd.notna(a) else "NaT", str(b.date()) if pd.notna(b) else "NaT")
            for a, b in zip(span["date_start"], span["date_end"])]


def dated_claims() -> pd.DataFrame:
    return make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "agreed", "event_date": "2023"},
        {"claim_id": "a-2", "deal_id": "d1", "source_id": "a", "status": "delivered", "event_date": "2023-07"},
        {"claim_id": "a-3", "deal_id": "d1", "source_id": "a", "status": "agreed", "event_date": "2023-05-31"},
        {"claim_id": "a-4", "deal_id": "d1", "source_id": "a", "status": "delivered", "event_date": "2023-12-31"},
        {"claim_id": "a-5", "deal_id": "d1", "source_id": "a", "status": "agreed"},
    ])


def test_filter_by_period_keeps_only_claims_wholly_inside_it():
    claims = dated_claims()
    # June–December 2023: the year 2023 is only partly inside; May 31st is before; undated is unknown.
    kept = analysis.filter_claims(claims, start="2023-06", end="2023")
    assert list(kept["claim_id"]) == ["a-2", "a-4"]
    assert list(analysis.filter_claims(claims, start="2023")["claim_id"]) == ["a-1", "a-2", "a-3", "a-4"]


def test_filter_by_status_one_or_several_and_unknown_status():
    claims = dated_claims()
    assert list(analysis.filter_claims(claims, status=["delivered"])["claim_id"]) == ["a-2", "a-4"]
    # a string is one status, not the letters of one ("agreed" is not a, g, r, e, d)
    assert list(analysis.filter_claims(claims, status="agreed")["claim_id"]) == ["a-1", "a-3", "a-5"]
    assert len(analysis.filter_claims(claims, status=("agreed", "delivered"))) == 5
    with pytest.raises(ValueError, match="unknown status 'shipd'"):
        analysis.filter_claims(claims, status=["shipd"])
    with pytest.raises(ValueError, match="unknown status 'deliverd'"):
        analysis.filter_claims(claims, status="deliverd")


@pytest.mark.parametrize(("option", "value"), [("start", "June 2023"), ("start", "2023-13"), ("end", "2023-02-30"),
                                               ("end", "23"), ("start", ""), ("end", "2023-1")])
def test_an_unparseable_date_is_an_error_naming_it(option, value):
    with pytest.raises(ValueError, match=f"{option}: not a date.*'{value}'"):
        analysis.filter_claims(dated_claims(), **{option: value})
    with pytest.raises(ValueError, match=f"{option}: not a date"):
        analysis.who_arms_whom(dated_claims(), **{option: value})


# --------------------------------------------------------------------------
# The contract, and options by keyword only
# --------------------------------------------------------------------------


def test_every_function_checks_the_claims_contract_by_its_columns_and_types():
    claims = dated_claims()
    with pytest.raises(ValueError, match=r"who_arms_whom\(\) .* lacks the column\(s\) outlet, outlet_country"):
        analysis.who_arms_whom(claims.drop(columns=["outlet", "outlet_country"]))
    with pytest.raises(ValueError, match=r"deals\(\) .*wrong type: status is object"):
        analysis.deals(claims.astype({"status": object}))
    # a categorical with another vocabulary is not the contract's status either
    with pytest.raises(ValueError, match="wrong type: status is category"):
        analysis.timeline(claims.astype({"status": pd.CategoricalDtype(["agreed", "delivered"])}))
    with pytest.raises(TypeError, match="a DataFrame; got list"):
        analysis.provenance([])
    with pytest.raises(ValueError, match=r"provenance\(deals=...\) .*lacks the column\(s\) kind"):
        analysis.provenance(claims, deals=analysis.deals(claims).drop(columns=["kind"]))
    # the deals read back from their CSV are text: not the deals' contract, whose counts are integers
    as_text = analysis.deals(claims).astype({"n_claims": "string", "counted": "string"})
    with pytest.raises(ValueError, match=r"who_arms_whom\(deals=...\) .*wrong type: n_claims is string, expected "
                                         r"Int64; counted is string, expected boolean"):
        analysis.who_arms_whom(claims, deals=as_text)


def test_options_are_keyword_only():
    claims = dated_claims()
    pairs = analysis.who_arms_whom(claims)
    for call in (lambda: analysis.perspective(claims, "source_type"),
                 lambda: analysis.discrepancies(claims, ["quantity"]),
                 lambda: analysis.filter_claims(claims, ["agreed"]),
                 lambda: analysis.who_arms_whom(claims, ["delivered"]),
                 lambda: analysis.arms_matrix(pairs, "n_claims")):
        with pytest.raises(TypeError, match="positional argument"):
            call()


# --------------------------------------------------------------------------
# Stances and origins
# --------------------------------------------------------------------------


def test_every_status_has_one_stance():
    assert set(schema.STATUS_STANCE) == set(schema.STATUS)
    assert set(schema.STATUS_STANCE.values()) == set(schema.STANCE)
    supporting = [s for s, stance in schema.STATUS_STANCE.items() if stance == "supports"]
    assert supporting == [*schema.PIPELINE_STAGES, "unspecified"]
    assert schema.OFF_SCALE_STATUSES == ("not_delivered", "alleged", "denied", "unspecified")


def chain_of_citations() -> pd.DataFrame:
    """Outlet B cites outlet A, which cites the ministry; C reports on its own; a reader comments;
    France's ministry denies the deal and Azerbaijan's president alleges it; GM200 has one claim."""
    return make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed",
         "attributed_to": "Ministry of Defence of Armenia"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "agreed",
         "attributed_to": "Ministry of Defence of Armenia"},
        {"claim_id": "c-1", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "delivered"},
        {"claim_id": "c-2", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "delivered"},
        {"claim_id": "r-1", "deal_id": "fra-arm-bastion", "source_id": "r", "status": "unspecified"},
        {"claim_id": "x-1", "deal_id": "fra-arm-bastion", "source_id": "x", "status": "denied",
         "attributed_to": "Ministry of the Armed Forces of France"},
        {"claim_id": "y-1", "deal_id": "fra-arm-bastion", "source_id": "y", "status": "alleged",
         "attributed_to": "Ilham Aliyev"},
        {"claim_id": "y-2", "deal_id": "fra-arm-bastion", "source_id": "y", "status": "alleged",
         "attributed_to": "Ilham Aliyev"},
        {"claim_id": "n-1", "deal_id": "fra-arm-gm200", "source_id": "n", "status": "intent", "system": "GM200"},
    ], sources={"a": {"outlet": "Armenpress"}, "b": {"outlet": "Eurasian Times"}, "c": {"outlet": "CNN"},
                "r": {"outlet": "CNN", "source_type": "reader_comment"}})


def test_claim_origins_and_stances():
    claims = chain_of_citations()
    assert list(analysis.claim_origins(claims)) == [
        "Ministry of Defence of Armenia", "Ministry of Defence of Armenia", "CNN", "CNN",
        "a reader's comment under CNN",  # a reader comment is not the outlet speaking
        "Ministry of the Armed Forces of France", "Ilham Aliyev", "Ilham Aliyev",
        "no outlet named: a news article or wire report"]  # no outlet: the source itself, named, not "n"
    assert list(analysis.claim_stances(claims)) == [
        "supports", "supports", "supports", "supports", "supports", "disputes", "alleges", "alleges", "supports"]


def test_provenance_counts_the_origins_of_each_stance_apart():
    table = analysis.provenance(chain_of_citations()).set_index("deal_id")
    bastion = table.loc["fra-arm-bastion"]
    # 8 claims from 6 sources (a, b, c, r, x, y); 3 origins support it (the Armenian ministry twice
    # repeated, CNN, the reader), 1 denies it, 1 alleges it twice: not "5 independent origins".
    assert bastion[["n_claims", "n_sources", "n_supporting_origins", "n_disputing_origins",
                    "n_alleging_origins"]].tolist() == [8, 6, 3, 1, 1]
    assert bastion["supporting_origins"] == (
        "CNN (c-1, c-2); Ministry of Defence of Armenia (a-1, b-1); a reader's comment under CNN (r-1)")
    assert bastion["disputing_origins"] == "Ministry of the Armed Forces of France (x-1)"
    assert bastion["alleging_origins"] == "Ilham Aliyev (y-1, y-2)"
    gm200 = table.loc["fra-arm-gm200"]
    assert gm200[["n_claims", "n_supporting_origins", "n_disputing_origins"]].tolist() == [1, 1, 0]
    assert pd.isna(gm200["disputing_origins"]) and pd.isna(gm200["alleging_origins"])
    assert list(table.index) == ["fra-arm-bastion", "fra-arm-gm200"]  # most supporting origins first


def test_an_origin_that_both_supports_and_alleges_counts_in_both():
    claims = make_claims([
        {"claim_id": "z-1", "deal_id": "d", "source_id": "z", "status": "agreed"},
        {"claim_id": "z-2", "deal_id": "d", "source_id": "z", "status": "alleged"},
    ], sources={"z": {"outlet": "Daily Z"}})
    row = analysis.provenance(claims).iloc[0]
    assert (row["n_supporting_origins"], row["n_alleging_origins"]) == (1, 1)


def test_origins_is_the_long_table_one_row_per_claim():
    long = analysis.origins(chain_of_citations())
    assert list(long.columns) == ["deal_id", "stance", "origin", "claim_id", "source_id", "status"]
    # sorted by deal, stance (supports, disputes, alleges), origin, claim
    assert list(long["claim_id"]) == ["c-1", "c-2", "a-1", "b-1", "r-1", "x-1", "y-1", "y-2", "n-1"]
    assert list(long["stance"][:6]) == ["supports"] * 5 + ["disputes"]


# --------------------------------------------------------------------------
# Deals
# --------------------------------------------------------------------------

#: The columns the register and export engineers code against, in this order.
SPECIFIED_COLUMNS = [
    "deal_id", "parent_deal_id", "kind", "supplier", "recipient", "system_id", "system", "category",
    "furthest_stage", "conservative_stage", "off_scale_statuses", "agreed_low", "agreed_high",
    "delivered_low", "delivered_high", "order_year", "delivery_years", "undated", "n_claims", "n_sources",
    "n_supporting_origins", "n_disputing_origins", "n_alleging_origins"]


def bastion_deal() -> pd.DataFrame:
    """One deal told six ways, and a Russian deal only refused and denied."""
    rows = [
        {"claim_id": "a-1", "source_id": "a", "status": "intent", "quantity": "50", "system": "Bastion vehicles"},
        {"claim_id": "b-1", "source_id": "b", "status": "agreed", "quantity": "50", "event_date": "2022-11"},
        {"claim_id": "c-1", "source_id": "c", "status": "agreed", "quantity": "48", "event_date": "2023",
         "system": "Bastion vehicles"},
        {"claim_id": "c-2", "source_id": "c", "status": "delivered", "quantity": "24", "event_date": "2023-10",
         "system": "Bastion vehicles"},
        {"claim_id": "d-1", "source_id": "d", "status": "delivered", "quantity": "26", "event_date": "2024"},
        {"claim_id": "e-1", "source_id": "e", "status": "alleged", "attributed_to": "Ilham Aliyev"},
    ]
    russia = [
        {"claim_id": "f-1", "deal_id": "rus-arm-general", "source_id": "f", "supplier": "Russia",
         "status": "denied", "system": "weapons", "category": "unspecified"},
        {"claim_id": "f-2", "deal_id": "rus-arm-general", "source_id": "f", "supplier": "Russia",
         "status": "not_delivered", "system": "weapons", "category": "unspecified"},
    ]
    return make_claims([{"deal_id": "fra-arm-bastion", "system_id": "bastion", **row} for row in rows] + russia)


def test_deals_has_the_specified_columns_and_types():
    table = analysis.deals(bastion_deal())
    assert list(table.columns) == [*SPECIFIED_COLUMNS, "asserted", "committed", "general", "overlaps_deal_id",
                                   "subject", "counted", "counted_up_to"]
    stages = pd.CategoricalDtype(list(schema.PIPELINE_STAGES), ordered=True)
    assert table["furthest_stage"].dtype == stages and table["conservative_stage"].dtype == stages
    counts = [c for c in table.columns if c.startswith("n_") or c.endswith(("_low", "_high")) or c == "order_year"]
    assert {str(table[c].dtype) for c in counts} == {"Int64"}
    assert list(table["deal_id"]) == ["fra-arm-bastion", "rus-arm-general"]  # sorted


def test_deals_summarise_what_the_claims_report():
    bastion, russia = analysis.deals(bastion_deal()).to_dict(orient="records")
    # systems.csv's designation, though most claims say "Bastion vehicles"
    assert (bastion["system_id"], bastion["system"], bastion["kind"]) == ("bastion", "Bastion", "single")
    assert (bastion["furthest_stage"], bastion["conservative_stage"], bastion["off_scale_statuses"]) == (
        "delivered", "intent", "alleged")
    # agreed: 50 (b-1) and 48 (c-1); delivered: 24 (c-2) and 26 (d-1); the intent's 50 is neither
    assert [bastion[c] for c in ("agreed_low", "agreed_high", "delivered_low", "delivered_high")] == [48, 50, 24, 26]
    # the earliest agreed year (2022-11, not 2023); delivered in 2023 and 2024
    assert (bastion["order_year"], bastion["delivery_years"]) == (2022, "2023; 2024")
    # 6 claims, 5 sources; a, b, c, d support it (no outlets: each source is its own origin), Aliyev alleges it
    assert [bastion[c] for c in ("n_claims", "n_sources", "n_supporting_origins", "n_disputing_origins",
                                 "n_alleging_origins")] == [6, 5, 4, 0, 1]
    assert (bastion["asserted"], bastion["general"], bastion["counted"]) == (True, False, True)
    assert bastion["undated"]  # a-1's intent dates no event
    # Russia: nothing on the pipeline scale, nothing agreed or delivered; refused and denied (vocabulary order)
    assert pd.isna(russia["furthest_stage"]) and pd.isna(russia["conservative_stage"])
    assert russia["off_scale_statuses"] == "not_delivered; denied"
    assert all(pd.isna(russia[c]) for c in ("agreed_low", "delivered_high", "order_year", "delivery_years",
                                            "system_id"))
    assert russia["system"] == "weapons"  # no system_id: the name the claims use
    assert not russia["undated"]  # a refusal and a denial assert nothing
    assert [russia[c] for c in ("n_supporting_origins", "n_disputing_origins", "n_alleging_origins")] == [0, 1, 0]
    assert (russia["asserted"], russia["general"], russia["counted"]) == (False, True, False)


def test_deals_name_the_system_most_claims_use_ties_to_the_earliest_claim():
    claims = make_claims([
        {"claim_id": "c-1", "deal_id": "d1", "source_id": "c", "status": "agreed", "system": "Caesar"},
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "agreed", "system": "CAESAR"},
        {"claim_id": "b-1", "deal_id": "d1", "source_id": "b", "status": "agreed", "system": "Caesar"},
        # a tie, one each: a-1 comes first in claim_id order, though b-1 comes first in the file
        {"claim_id": "b-2", "deal_id": "d2", "source_id": "b", "status": "agreed", "system": "Mistral 3"},
        {"claim_id": "a-2", "deal_id": "d2", "source_id": "a", "status": "agreed", "system": "Mistral"},
    ])
    table = analysis.deals(claims).set_index("deal_id")
    assert table.loc["d1", "system"] == "Caesar"  # two claims against one
    assert table.loc["d2", "system"] == "Mistral"
    assert table["n_claims"].tolist() == [3, 2]


# --------------------------------------------------------------------------
# Who arms whom: non-events, packages and general deals
# --------------------------------------------------------------------------


def non_events() -> pd.DataFrame:
    """France arms Armenia; four other pairs are only refused, denied or alleged."""
    def row(claim_id, deal_id, supplier, recipient, status, **more):
        return {"claim_id": claim_id, "deal_id": deal_id, "source_id": claim_id.split("-")[0],
                "supplier": supplier, "recipient": recipient, "status": status, **more}

    return make_claims([
        row("a-1", "fra-arm-bastion", "France", "Armenia", "agreed"),
        row("a-2", "rus-arm-general", "Russia", "Armenia", "not_delivered", category="unspecified"),
        row("a-3", "fra-ukr-bastion", "France", "Ukraine", "not_delivered"),
        row("b-1", "usa-arm-general", "United States", "Armenia", "alleged", category="unspecified"),
        row("b-2", "arm-karabakh-general", "Armenia", "Nagorno-Karabakh", "alleged", category="unspecified"),
        row("c-1", "arm-karabakh-general", "Armenia", "Nagorno-Karabakh", "denied", category="unspecified"),
    ])


def test_who_arms_whom_counts_no_refusal_denial_or_allegation():
    claims = non_events()
    pairs = analysis.who_arms_whom(claims)
    assert pairs.to_dict(orient="records") == [
        {"supplier": "France", "recipient": "Armenia", "subject": True, "n_deals": 1, "n_deals_up_to": 1,
         "n_claims": 1, "n_sources": 1, "n_origins": 1}]
    shown = analysis.unasserted_deals(claims)
    assert shown[["deal_id", "off_scale_statuses", "n_claims", "n_disputing_origins",
                  "n_alleging_origins"]].values.tolist() == [
        ["arm-karabakh-general", "alleged; denied", 2, 1, 1],  # sorted by supplier, recipient
        ["fra-ukr-bastion", "not_delivered", 1, 1, 0],
        ["rus-arm-general", "not_delivered", 1, 1, 0],
        ["usa-arm-general", "alleged", 1, 0, 1]]
    # asked for, allegations are counted like anything else
    alleged = analysis.who_arms_whom(claims, status="alleged")
    assert alleged[["supplier", "recipient", "n_deals"]].values.tolist() == [
        ["Armenia", "Nagorno-Karabakh", 1], ["United States", "Armenia", 1]]


def india_armenia() -> pd.DataFrame:
    """A 2022 package of Pinaka and anti-tank missiles, an anti-drone system, and "India arms Armenia"."""
    def row(claim_id, deal_id, status, **more):
        return {"claim_id": claim_id, "deal_id": deal_id, "source_id": claim_id.split("-")[0], "supplier": "India",
                "status": status, **more}

    pinaka = {"system": "Pinaka", "system_id": "pinaka", "category": "artillery", "parent_deal_id": "ind-arm-package"}
    antitank = {"system": "anti-tank missiles", "category": "missiles", "parent_deal_id": "ind-arm-package"}
    general = {"system": "arms", "category": "unspecified"}
    return make_claims([
        row("a-1", "ind-arm-package", "agreed", system="weapons", category="unspecified", event_date="2022"),
        row("b-1", "ind-arm-package", "delivered", system="weapons", category="unspecified"),
        row("a-2", "ind-arm-pinaka", "agreed", **pinaka),
        row("c-1", "ind-arm-pinaka", "shipped", **pinaka),
        row("a-3", "ind-arm-antitank", "agreed", **antitank),
        row("d-1", "ind-arm-zads", "agreed", system="ZADS", category="air_defence"),
        row("e-1", "ind-arm-general", "unspecified", **general),
        row("f-1", "ind-arm-general", "agreed", **general),
        row("g-1", "ind-arm-general", "alleged", attributed_to="Ilham Aliyev", **general),
        # Greece: only a general deal, which is then the pair's one transfer
        {"claim_id": "h-1", "deal_id": "grc-arm-general", "source_id": "h", "supplier": "Greece", "status": "intent",
         **general},
    ], systems=[system(system_id="pinaka", designation="Pinaka", category="artillery", producer_country="IND",
                       sipri_designations="Pinaka 214mm", aliases="")])


def test_a_package_counts_as_its_components_and_a_general_deal_only_alone():
    claims = india_armenia()
    table = analysis.deals(claims).set_index("deal_id")
    assert table["kind"].to_dict() == {
        "grc-arm-general": "single", "ind-arm-antitank": "component", "ind-arm-general": "single",
        "ind-arm-package": "package", "ind-arm-pinaka": "component", "ind-arm-zads": "single"}
    assert table["general"].to_dict() == {
        "grc-arm-general": True, "ind-arm-antitank": False,  # names a kind of equipment, though no system
        "ind-arm-general": True, "ind-arm-package": False, "ind-arm-pinaka": False, "ind-arm-zads": False}
    # India: Pinaka, anti-tank (the package's components) and ZADS; not the package beside them, and not
    # "India arms Armenia" beside deals that say what is supplied. Greece: its general deal.
    assert table.index[table["counted"]].tolist() == [
        "grc-arm-general", "ind-arm-antitank", "ind-arm-pinaka", "ind-arm-zads"]
    pairs = analysis.who_arms_whom(claims).set_index("supplier")
    # n_claims counts every claim asserting a transfer between the pair, the package's and the
    # general deal's included (all but g-1, the allegation): 8 claims from 6 sources (a, b, c, d, e, f)
    assert pairs.loc["India", ["n_deals", "n_claims", "n_sources", "n_origins"]].tolist() == [3, 8, 6, 6]
    assert pairs.loc["Greece", ["n_deals", "n_claims"]].tolist() == [1, 1]


def test_a_package_without_a_chosen_component_counts_once():
    # Only the package (b-1) is said to be delivered; the components were only agreed or shipped.
    delivered = analysis.who_arms_whom(india_armenia(), status="delivered")
    assert delivered[["supplier", "n_deals", "n_claims"]].values.tolist() == [["India", 1, 1]]
    # shipped: the Pinaka component alone; agreed: Pinaka, anti-tank and ZADS (the package and the
    # general deal beside them are not counted)
    assert analysis.who_arms_whom(india_armenia(), status="shipped")["n_deals"].tolist() == [1]
    agreed = analysis.who_arms_whom(india_armenia(), status="agreed")
    assert agreed[["supplier", "n_deals", "n_claims"]].values.tolist() == [["India", 3, 5]]


def test_a_general_deal_counts_beside_a_specific_deal_that_is_not_asserted():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "isr-aze-general", "source_id": "a", "supplier": "Israel",
         "recipient": "Azerbaijan", "status": "delivered", "system": "weapons", "category": "unspecified"},
        {"claim_id": "b-1", "deal_id": "isr-aze-harop", "source_id": "b", "supplier": "Israel",
         "recipient": "Azerbaijan", "status": "alleged", "system": "Harop", "category": "uavs"},
    ])
    assert analysis.who_arms_whom(claims)[["supplier", "n_deals"]].values.tolist() == [["Israel", 1]]
    assert analysis.deals(claims).set_index("deal_id")["counted"].to_dict() == {
        "isr-aze-general": True, "isr-aze-harop": False}


def test_supplier_pipeline_counts_the_same_transfers_as_who_arms_whom():
    claims = india_armenia()
    table = analysis.supplier_pipeline(claims).set_index("supplier")
    # India: Pinaka shipped, anti-tank and ZADS agreed; Greece: its general deal at intent
    assert table.loc["India", ["agreed", "shipped", "no_stage", "n_deals"]].tolist() == [2, 1, 0, 3]
    assert table.loc["Greece", ["intent", "n_deals"]].tolist() == [1, 1]
    pairs = analysis.who_arms_whom(claims)
    assert table["n_deals"].to_dict() == pairs.groupby("supplier")["n_deals"].sum().to_dict()
    assert list(table.index) == ["India", "Greece"]  # most deals first


def test_supplier_pipeline_has_no_stage_for_a_transfer_asserted_without_one():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "tur-aze-general", "source_id": "a", "supplier": "Turkey",
         "recipient": "Azerbaijan", "status": "unspecified", "category": "unspecified"},
        {"claim_id": "a-2", "deal_id": "rus-arm-general", "source_id": "a", "supplier": "Russia",
         "status": "not_delivered", "category": "unspecified"},
    ])
    table = analysis.supplier_pipeline(claims)
    assert table[["supplier", "no_stage", "n_deals"]].values.tolist() == [["Turkey", 1, 1]]  # Russia: not asserted


# --------------------------------------------------------------------------
# Who arms whom: deals only considered, deals that may restate another, pairs mentioned in passing
# --------------------------------------------------------------------------


def france_armenia() -> pd.DataFrame:
    """Bastion agreed; CAESAR only to be studied; Mistral in talks, then a letter of intent; "armored vehicles"
    pledged in 2024, which may be the Bastions; "air defence" pledged, which may be the package of GM200 and
    Mistral; VAB only "could supply", and "armoured vehicles" that may be the VAB. Germany → Ukraine, in passing."""
    row = told
    kind = {"system": "armored vehicles", "category": "armoured_vehicles"}
    package = {"parent_deal_id": "fra-arm-package"}
    return make_claims([
        row("a-1", "fra-arm-bastion", "agreed", system_id="bastion"),
        row("a-2", "fra-arm-caesar", "considered", system="Caesar", category="artillery"),
        row("a-3", "fra-arm-mistral", "considered", system="Mistral", category="air_defence", **package),
        row("b-1", "fra-arm-mistral", "intent", system="Mistral", category="air_defence", **package),
        row("b-2", "fra-arm-gm200", "agreed", system="GM200", system_id="gm200", category="radars_sensors", **package),
        row("b-3", "fra-arm-package", "intent", system="air defense systems", category="air_defence"),
        row("c-1", "fra-arm-armoured-vehicles-2024", "intent", overlaps_deal_id="fra-arm-bastion", **kind),
        row("c-2", "fra-arm-air-defence-2024", "intent", system="air defense systems", category="air_defence",
            overlaps_deal_id="fra-arm-package"),
        row("d-1", "fra-arm-vab", "considered", system="VAB"),
        row("d-2", "fra-arm-vehicles", "intent", overlaps_deal_id="fra-arm-vab", **kind),
        row("e-1", "deu-ukr-general", "shipped", supplier="Germany", recipient="Ukraine", system="weapons",
            category="unspecified"),
    ])


def test_a_deal_only_considered_is_listed_apart_and_not_counted():
    claims = france_armenia()
    table = analysis.deals(claims).set_index("deal_id")
    # CAESAR and VAB: asserted, but only as considered; Mistral: considered, then intent (committed)
    assert table.loc[["fra-arm-caesar", "fra-arm-vab", "fra-arm-mistral"], ["asserted", "committed",
                                                                          "counted"]].values.tolist() == [
        [True, False, False], [True, False, False], [True, True, True]]
    considered = analysis.considered_deals(claims)
    assert considered[["deal_id", "n_claims", "n_supporting_origins"]].values.tolist() == [
        ["fra-arm-caesar", 1, 1], ["fra-arm-vab", 1, 1]]
    assert analysis.unasserted_deals(claims).empty  # considered is not disputed or alleged
    # the claims "in talks" (a-2, a-3, d-1) count nowhere in who arms whom; asked for, they do
    france = analysis.who_arms_whom(claims).set_index("supplier").loc["France"]
    assert france["n_claims"] == 7  # of 10 claims of France, all but a-2, a-3, d-1
    assert analysis.who_arms_whom(claims, status="considered")["n_deals"].tolist() == [3]  # CAESAR, Mistral, VAB


def test_a_deal_that_may_restate_a_counted_deal_counts_only_up_to():
    claims = france_armenia()
    table = analysis.deals(claims).set_index("deal_id")
    sure, up_to = table["counted"], table["counted_up_to"]
    # Bastion, GM200 and Mistral for certain (the package as its components); the 2024 pledges may restate
    # the Bastions and the package's air defence systems, so only "up to"; the vehicles that may be the VAB
    # count for certain, the VAB itself not being counted (only considered)
    assert sorted(sure.index[sure]) == ["deu-ukr-general", "fra-arm-bastion", "fra-arm-gm200", "fra-arm-mistral",
                                        "fra-arm-vehicles"]
    assert sorted(up_to.index[up_to & ~sure]) == ["fra-arm-air-defence-2024", "fra-arm-armoured-vehicles-2024"]
    assert table.loc["fra-arm-armoured-vehicles-2024", "overlaps_deal_id"] == "fra-arm-bastion"
    pairs = analysis.who_arms_whom(claims).set_index("supplier")
    assert pairs.loc["France", ["n_deals", "n_deals_up_to"]].tolist() == [4, 6]
    # only what was agreed: the Bastions are not chosen, so the pledge that may restate them is not there
    # either; only delivered: nothing of France's
    agreed = analysis.who_arms_whom(claims, status="agreed").set_index("supplier")
    assert agreed.loc["France", ["n_deals", "n_deals_up_to"]].tolist() == [2, 2]  # Bastion, GM200
    pledged = analysis.who_arms_whom(claims, status="intent").set_index("supplier")
    # at intent: Mistral, the 2024 pledges and the vehicles; the Bastion is not chosen at this stage, so the
    # 2024 armoured vehicles count for certain; the air defence pledge may restate the package, whose
    # component Mistral is chosen
    assert pledged.loc["France", ["n_deals", "n_deals_up_to"]].tolist() == [3, 4]
    # the pipeline counts the transfers counted for certain
    pipeline = analysis.supplier_pipeline(claims).set_index("supplier")
    assert pipeline.loc["France", ["considered", "intent", "agreed", "n_deals"]].tolist() == [0, 2, 2, 4]


def test_pairs_mentioned_in_passing_are_told_apart_from_the_corpus_subject():
    claims = france_armenia()
    pairs = analysis.who_arms_whom(claims)
    assert pairs[["supplier", "recipient", "subject"]].values.tolist() == [
        ["France", "Armenia", True], ["Germany", "Ukraine", False]]
    assert analysis.who_arms_whom(claims, subject=False)["supplier"].tolist() == ["Germany"]
    assert analysis.who_arms_whom(claims, subject=True)["supplier"].tolist() == ["France"]
    table = analysis.deals(claims)
    counted = table["counted"].tolist()
    assert analysis.supplier_pipeline(claims, subject=True, deals=table)["supplier"].tolist() == ["France"]
    assert table["counted"].tolist() == counted  # the deals table handed in is left as it was
    assert analysis.deals(claims).set_index("deal_id")["subject"].to_dict()["deu-ukr-general"] == False  # noqa: E712
    assert analysis.filter_claims(claims, subject=False)["claim_id"].tolist() == ["e-1"]
    # a supplier that is the subject counts too (Armenia → Nagorno-Karabakh), and nothing is the subject
    # where actors.csv declares no actor so
    other = make_claims([{"claim_id": "a-1", "deal_id": "arm-nk", "source_id": "a", "status": "shipped",
                          "supplier": "Armenia", "recipient": "Nagorno-Karabakh"}])
    assert analysis.who_arms_whom(other)["subject"].tolist() == [True]
    assert analysis.who_arms_whom(make_claims([{"claim_id": "a-1", "deal_id": "d", "source_id": "a",
                                                "status": "shipped"}], subjects=()))["subject"].tolist() == [False]


def test_origins_are_named_as_a_reader_knows_them_never_by_source_id():
    claims = make_claims([
        *({"claim_id": f"s{i}-1", "deal_id": "d", "source_id": f"s{i}", "status": "agreed"} for i in range(1, 7)),
        {"claim_id": "s7-1", "deal_id": "d", "source_id": "s7", "status": "considered",
         "attributed_to": "Unnamed reports"},
    ], sources={"s1": {"author": "Ragip Soylu"},
                "s2": {"source_type": "op_ed"}, "s3": {"source_type": "op_ed"},  # two anonymous op-eds
                "s4": {"source_type": "analysis", "title": "Armenia under the gun"},
                "s5": {"source_type": "analysis", "title": "The South Caucasus"},  # two analyses, told by title
                "s6": {"source_type": "reader_comment"}})
    assert analysis.claim_origins(claims).tolist() == [
        "Ragip Soylu (no outlet named)",
        "no outlet named: an opinion piece or column (1)", "no outlet named: an opinion piece or column (2)",
        "no outlet named: an analytical essay, think-tank or journal piece, “Armenia under the gun”",
        "no outlet named: an analytical essay, think-tank or journal piece, “The South Caucasus”",
        "a reader's comment", "Unnamed reports"]
    # seven origins, none an id, whichever table counts or lists them
    assert analysis.who_arms_whom(claims, status=list(schema.PIPELINE_STAGES))["n_origins"].tolist() == [7]
    listed = analysis.provenance(claims)["supporting_origins"].iloc[0]
    assert not any(f"{s} (" in listed for s in ("s1", "s2", "s3", "s4", "s5", "s6", "s7"))


def two_suppliers() -> pd.DataFrame:
    return make_claims([
        # France → Armenia: two deals, four claims, three sources.
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed"},
        {"claim_id": "a-2", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "delivered"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered"},
        {"claim_id": "c-1", "deal_id": "fra-arm-gm200", "source_id": "c", "status": "intent", "system": "GM200"},
        # India → Armenia: one deal, one claim.
        {"claim_id": "c-2", "deal_id": "ind-arm-pinaka", "source_id": "c", "supplier": "India", "status": "agreed",
         "system": "Pinaka", "event_date": "2022"},
        # Turkey → Azerbaijan: one deal, delivered.
        {"claim_id": "b-2", "deal_id": "tur-aze-tb2", "source_id": "b", "supplier": "Turkey",
         "recipient": "Azerbaijan", "status": "delivered", "system": "TB2"},
    ], sources={"a": {"outlet": "Daily A"}, "b": {"outlet": "Daily B"}, "c": {"outlet": "Daily C"}})


def test_who_arms_whom_counts_deals_claims_sources_and_origins():
    table = analysis.who_arms_whom(two_suppliers())
    assert list(table.columns) == ["supplier", "recipient", "subject", "n_deals", "n_deals_up_to", "n_claims",
                                   "n_sources", "n_origins"]
    assert {str(table[c].dtype) for c in table.columns[3:]} == {"Int64"} and table["subject"].dtype == "boolean"
    rows = {(r.supplier, r.recipient): (r.n_deals, r.n_claims, r.n_sources, r.n_origins) for r in table.itertuples()}
    assert rows == {("France", "Armenia"): (2, 4, 3, 3), ("India", "Armenia"): (1, 1, 1, 1),
                    ("Turkey", "Azerbaijan"): (1, 1, 1, 1)}
    assert list(table["supplier"]) == ["France", "India", "Turkey"]  # most deals first, then by name


def test_who_arms_whom_only_delivered_and_by_period():
    delivered = analysis.who_arms_whom(two_suppliers(), status=["delivered"])
    # France: only the Bastion deal was delivered (two claims, two sources); Turkey: TB2.
    assert delivered[["supplier", "n_deals", "n_claims", "n_sources"]].values.tolist() == [
        ["France", 1, 2, 2], ["Turkey", 1, 1, 1]]
    in_2022 = analysis.who_arms_whom(two_suppliers(), start="2022", end="2022")
    assert in_2022[["supplier", "recipient", "n_deals"]].values.tolist() == [["India", "Armenia", 1]]


def test_deals_computed_once_give_the_same_tables():
    claims = india_armenia()
    table = analysis.deals(claims)
    for function in (analysis.who_arms_whom, analysis.supplier_pipeline, analysis.provenance,
                     analysis.unasserted_deals, analysis.discrepancies, analysis.stage_quantities,
                     analysis.reported_quantities):
        pd.testing.assert_frame_equal(function(claims, deals=table), function(claims))


def test_arms_matrix_is_supplier_by_recipient_with_zeros():
    matrix = analysis.arms_matrix(analysis.who_arms_whom(two_suppliers()))
    assert list(matrix.index) == ["France", "India", "Turkey"]
    assert list(matrix.columns) == ["Armenia", "Azerbaijan"]  # Armenia receives 3 deals, Azerbaijan 1
    assert matrix.values.tolist() == [[2, 0], [1, 0], [0, 1]]
    claims = analysis.arms_matrix(analysis.who_arms_whom(two_suppliers()), value="n_claims")
    assert claims.values.tolist() == [[4, 0], [1, 0], [0, 1]]


# --------------------------------------------------------------------------
# Quantities per stage, timeline
# --------------------------------------------------------------------------


def pipeline_claims() -> pd.DataFrame:
    return make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "intent", "quantity": "50"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "agreed", "quantity": "50"},
        {"claim_id": "c-1", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "delivered", "quantity": "24"},
        {"claim_id": "d-1", "deal_id": "fra-arm-bastion", "source_id": "d", "status": "alleged"},
        {"claim_id": "a-2", "deal_id": "fra-arm-gm200", "source_id": "a", "status": "agreed", "system": "GM200"},
    ])


def test_stage_quantities_pledged_agreed_delivered():
    table = analysis.stage_quantities(pipeline_claims())
    assert list(table["deal_id"]) == ["fra-arm-bastion"]  # the only deal with a quantity
    row = table.iloc[0]
    assert (row["intent"], row["agreed"], row["delivered"]) == (50, 50, 24)
    assert pd.isna(row["shipped"])


def test_timeline_keeps_precision_and_sorts_by_date():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "delivered", "event_date": "2023-10-23"},
        {"claim_id": "a-2", "deal_id": "d1", "source_id": "a", "status": "agreed", "event_date": "2023-10"},
        {"claim_id": "a-3", "deal_id": "d1", "source_id": "a", "status": "intent", "event_date": "2022"},
        {"claim_id": "a-4", "deal_id": "d1", "source_id": "a", "status": "intent"},
    ])
    events = analysis.timeline(claims)
    assert list(events["claim_id"]) == ["a-3", "a-2", "a-1"]  # undated a-4 left out
    assert list(events["event_date"]) == ["2022", "2023-10", "2023-10-23"]  # as written, not the 1st of a month
    assert list(events["precision"].astype(str)) == ["year", "month", "day"]
    assert date_strings(events) == [("2022-01-01", "2022-12-31"), ("2023-10-01", "2023-10-31"),
                                    ("2023-10-23", "2023-10-23")]
    assert set(events["dated_by"]) == {"event"}


def test_timeline_falls_back_to_the_publication_date_only_when_asked_and_says_so():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "delivered", "event_date": "2020"},
        {"claim_id": "a-2", "deal_id": "d1", "source_id": "a", "status": "agreed"},
        {"claim_id": "b-1", "deal_id": "d2", "source_id": "b", "status": "intent"},
        {"claim_id": "c-1", "deal_id": "d2", "source_id": "c", "status": "intent"},
    ], sources={"a": {"published": "2023-12-08"}, "b": {"published": "2024-06"}})  # c: no date at all
    assert list(analysis.timeline(claims)["claim_id"]) == ["a-1"]
    events = analysis.timeline(claims, published=True)
    # a-1 at its event (2020, not its source's 2023); a-2 and b-1 at their sources' dates; c-1 dated by neither
    assert list(events["claim_id"]) == ["a-1", "a-2", "b-1"]
    assert list(events["dated_by"]) == ["event", "publication", "publication"]
    assert list(events["precision"].astype(str)) == ["year", "day", "month"]
    assert date_strings(events) == [("2020-01-01", "2020-12-31"), ("2023-12-08", "2023-12-08"),
                                    ("2024-06-01", "2024-06-30")]
    assert events["event_date"].isna().tolist() == [False, True, True]


# --------------------------------------------------------------------------
# How reports differ
# --------------------------------------------------------------------------


def kinds(table: pd.DataFrame) -> dict[tuple[str, str], str]:
    """``{(deal_id, field): kind}`` of the long table (kind is the same on every row of a deal and field)."""
    return dict(zip(zip(table["deal_id"], table["field"]), table["kind"]))


def test_ordered_and_delivered_quantities_are_a_stage_difference_one_row_per_claim():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed", "quantity": "50"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered", "quantity": "24"},
        {"claim_id": "b-2", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered", "quantity": "24"},
        {"claim_id": "c-1", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "agreed", "quantity": "50",
         "quantity_qualifier": "approx"},
    ])
    table = analysis.discrepancies(claims)
    assert list(table.columns) == list(analysis.DISCREPANCY_COLUMNS)
    quantity = table[table["field"] == "quantity"]
    # values in the order the earliest claim holding each comes, then the claims holding it
    assert quantity[["value", "claim_id", "source_id", "status"]].values.tolist() == [
        ["50", "a-1", "a", "agreed"], ["24", "b-1", "b", "delivered"], ["24", "b-2", "b", "delivered"],
        ["about 50", "c-1", "c", "agreed"]]
    # "50" and "about 50", both agreed, can both be true; 24 is another stage: no conflict.
    assert kinds(table) == {("fra-arm-bastion", "status"): "stage difference",
                            ("fra-arm-bastion", "quantity"): "precision"}  # system, value, event_date agree
    wide = analysis.wide_discrepancies(table).set_index("field").loc["quantity"]
    assert (wide["values"], wide["claim_ids"], wide["source_ids"], wide["statuses"]) == (
        "50 | 24 | about 50", "a-1 | b-1, b-2 | c-1", "a | b | c", "agreed | delivered | agreed")
    assert (wide["n_values"], wide["n_claims"]) == (3, 4)


def test_same_numbers_at_different_stages_are_not_a_conflict():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d", "source_id": "a", "status": "agreed", "quantity": "50"},
        {"claim_id": "b-1", "deal_id": "d", "source_id": "b", "status": "delivered", "quantity": "24"},
        {"claim_id": "c-1", "deal_id": "d", "source_id": "c", "status": "in_production", "quantity": "26"},
        {"claim_id": "d-1", "deal_id": "d", "source_id": "d", "status": "intent", "quantity": "50"},
    ])
    quantity = analysis.discrepancies(claims, fields="quantity")  # one field, given as a string
    assert set(quantity["kind"]) == {"stage difference"}
    assert set(quantity["note"]) == {"each value is reported at a different stage: 50 (intent, agreed); "
                                     "24 (delivered); 26 (in_production)"}


def test_different_numbers_at_one_stage_are_a_conflict():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d", "source_id": "a", "status": "delivered", "quantity": "24"},
        {"claim_id": "b-1", "deal_id": "d", "source_id": "b", "status": "delivered", "quantity": "30"},
        {"claim_id": "b-2", "deal_id": "d", "source_id": "b", "status": "agreed", "value": "250000000",
         "currency": "USD", "value_qualifier": "exact"},
        {"claim_id": "c-1", "deal_id": "d", "source_id": "c", "status": "agreed", "value": "300000000",
         "currency": "USD", "value_qualifier": "exact"},
    ])
    table = analysis.discrepancies(claims)
    assert kinds(table)[("d", "quantity")] == "conflict"
    assert set(table.loc[table["field"] == "quantity", "note"]) == {
        "claims at the same stage (delivered) report 24 vs 30"}
    assert table.loc[table["field"] == "value", "value"].tolist() == ["250,000,000 USD", "300,000,000 USD"]
    assert kinds(table)[("d", "value")] == "conflict"


def test_notes_of_deals_whose_claims_interleave():
    # in claim_id order the claims of d1 and d2 alternate; each note speaks of its own deal only
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "delivered", "quantity": "24"},
        {"claim_id": "b-1", "deal_id": "d2", "source_id": "b", "status": "delivered", "quantity": "5"},
        {"claim_id": "c-1", "deal_id": "d1", "source_id": "c", "status": "delivered", "quantity": "30"},
        {"claim_id": "d-1", "deal_id": "d2", "source_id": "d", "status": "delivered", "quantity": "7"},
        {"claim_id": "e-1", "deal_id": "d3", "source_id": "e", "status": "agreed", "quantity": "9"},
        {"claim_id": "f-1", "deal_id": "d4", "source_id": "f", "status": "agreed", "quantity": "3"},
        {"claim_id": "g-1", "deal_id": "d3", "source_id": "g", "status": "delivered", "quantity": "8"},
        {"claim_id": "h-1", "deal_id": "d4", "source_id": "h", "status": "delivered", "quantity": "2"},
    ])
    table = analysis.discrepancies(claims, fields="quantity")
    assert dict(zip(table["deal_id"], table["note"])) == {
        "d1": "claims at the same stage (delivered) report 24 vs 30",
        "d2": "claims at the same stage (delivered) report 5 vs 7",
        "d3": "each value is reported at a different stage: 9 (agreed); 8 (delivered)",
        "d4": "each value is reported at a different stage: 3 (agreed); 2 (delivered)"}
    assert table["claim_id"].tolist() == ["a-1", "c-1", "b-1", "d-1", "e-1", "g-1", "f-1", "h-1"]


def test_bounded_quantities_at_one_stage():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "delivered", "quantity": "24"},
        {"claim_id": "b-1", "deal_id": "d1", "source_id": "b", "status": "delivered", "quantity": "20",
         "quantity_qualifier": "at_least"},
        {"claim_id": "a-2", "deal_id": "d2", "source_id": "a", "status": "delivered", "quantity": "24"},
        {"claim_id": "b-2", "deal_id": "d2", "source_id": "b", "status": "delivered", "quantity": "20",
         "quantity_qualifier": "up_to"},
    ])
    table = analysis.discrepancies(claims, fields=["quantity"])
    # 24 is "at least 20"; 24 is not "up to 20".
    assert kinds(table) == {("d1", "quantity"): "precision", ("d2", "quantity"): "conflict"}
    assert table["value"].tolist() == ["24", "at least 20", "24", "up to 20"]


def told(claim_id: str, deal_id: str, status: str, **more: str) -> dict[str, str]:
    """A claim row whose source is the part of its claim_id before the hyphen."""
    return {"claim_id": claim_id, "deal_id": deal_id, "source_id": claim_id.split("-")[0], "status": status, **more}


def test_denial_contradicts_delivery_but_not_delivered_fits_agreed():
    claims = make_claims([
        told("a-1", "d1", "delivered"), told("b-1", "d1", "denied"),
        told("a-2", "d2", "agreed"), told("b-2", "d2", "not_delivered"),
        told("a-3", "d3", "shipped"), told("b-3", "d3", "not_delivered"), told("c-3", "d3", "delivered"),
    ])
    table = analysis.discrepancies(claims)
    assert kinds(table) == {("d1", "status"): "conflict", ("d2", "status"): "stage difference",
                            ("d3", "status"): "conflict"}
    notes = dict(zip(table["deal_id"], table["note"]))
    assert notes["d1"] == "denied contradicts delivered"
    assert notes["d3"] == "not_delivered contradicts shipped, delivered"


def test_in_talks_and_a_contract_told_of_one_day_are_a_conflict_not_stages():
    day = {"published": "2023-12-08"}
    claims = make_claims([
        # Mistral, 8 December 2023: "finalised a deal", "in talks", "letter of intent"
        told("f-1", "mistral", "agreed"), told("g-1", "mistral", "considered"), told("h-1", "mistral", "intent"),
        # talks in October, a contract told in December: the deal moved on
        told("o-1", "gm200", "considered"), told("f-2", "gm200", "agreed"),
        # the contract dated 2022 by its claim, talks told on 8 December: not one day
        told("f-3", "pinaka", "agreed", event_date="2022"), told("g-3", "pinaka", "considered"),
        # a delivery dated 8 December by its event, talks told that day by an undated claim
        told("u-4", "caesar", "delivered", event_date="2023-12-08"), told("g-4", "caesar", "considered"),
        # a letter of intent and a contract told on one day can both be true
        told("f-5", "bastion", "agreed"), told("h-5", "bastion", "intent"),
        # sources of unknown date: nothing to say they speak of one day
        told("u-6", "vab", "agreed"), told("v-6", "vab", "considered"),
    ], sources={"f": day, "g": day, "h": day, "o": {"published": "2023-10-02"}})
    table = analysis.discrepancies(claims, fields=["status"])
    assert kinds(table) == {("mistral", "status"): "conflict", ("gm200", "status"): "stage difference",
                            ("pinaka", "status"): "stage difference", ("caesar", "status"): "conflict",
                            ("bastion", "status"): "stage difference", ("vab", "status"): "stage difference"}
    notes = dict(zip(table["deal_id"], table["note"]))
    # none of the Mistral claims dates an event: 8 December is the day they were published, not one they speak of
    # (s001f-06 says "two months ago"), and the note says so
    assert notes["mistral"] == "considered contradicts agreed, both published 2023-12-08: talks mean no commitment yet"
    # one claim dates its event that day, the other was published that day
    assert notes["caesar"].startswith("considered contradicts delivered, told of or published 2023-12-08")
    # both dating their event that day: told of it
    claims = make_claims([told("f-1", "mistral", "agreed", event_date="2023-12-08"),
                          told("g-1", "mistral", "considered", event_date="2023-12-08")])
    table = analysis.discrepancies(claims, fields=["status"])
    assert set(table["note"]) == {"considered contradicts agreed, both told of 2023-12-08: talks mean no commitment "
                                  "yet"}


def test_dates_differing_in_precision_only():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "agreed", "event_date": "2023"},
        {"claim_id": "b-1", "deal_id": "d1", "source_id": "b", "status": "agreed", "event_date": "2023-10"},
        {"claim_id": "a-2", "deal_id": "d2", "source_id": "a", "status": "agreed", "event_date": "2023-09"},
        {"claim_id": "b-2", "deal_id": "d2", "source_id": "b", "status": "agreed", "event_date": "2023-10"},
    ])
    table = analysis.discrepancies(claims, fields=["event_date"])
    assert kinds(table) == {("d1", "event_date"): "precision", ("d2", "event_date"): "conflict"}


def test_system_names_and_lone_claims():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "agreed", "system": "GM200"},
        {"claim_id": "b-1", "deal_id": "d1", "source_id": "b", "status": "agreed", "system": "Grand Master 200"},
        {"claim_id": "a-2", "deal_id": "d2", "source_id": "a", "status": "agreed", "quantity": "3"},
    ])
    table = analysis.discrepancies(claims)
    assert kinds(table) == {("d1", "system"): "naming"}  # d2 has one claim
    with pytest.raises(ValueError, match="cannot compare 'quote'"):
        analysis.discrepancies(claims, fields=["quote"])


def test_no_discrepancies_gives_an_empty_table_with_its_columns():
    claims = make_claims([{"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "agreed"}])
    table = analysis.discrepancies(claims)
    assert table.empty and list(table.columns) == list(analysis.DISCREPANCY_COLUMNS)
    assert analysis.wide_discrepancies(table).empty


def test_reported_quantities_only_deals_with_two_numbers():
    table = analysis.reported_quantities(pipeline_claims())
    assert list(table["claim_id"]) == ["a-1", "b-1", "c-1"]  # Bastion; GM200 has no quantity
    assert list(table["quantity"]) == [50, 50, 24]


def test_reported_quantities_name_the_source_and_the_attribution_not_ids():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed", "quantity": "50",
         "attributed_to": "French parliamentarians"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered", "quantity": "24"},
        {"claim_id": "c-1", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "delivered", "quantity": "24"},
    ], sources={"a": {"outlet": "Eurasian Times"}, "b": {"author": "Ragip Soylu"}, "c": {"source_type": "op_ed"}})
    table = analysis.reported_quantities(claims)
    assert table[["source", "attributed_to"]].astype(object).where(table[["source", "attributed_to"]].notna(),
                                                                    None).values.tolist() == [
        ["Eurasian Times", "French parliamentarians"], ["Ragip Soylu (no outlet named)", None],
        ["no outlet named: an opinion piece or column", None]]


# --------------------------------------------------------------------------
# Perspective
# --------------------------------------------------------------------------


def test_perspective_by_outlet_country_and_source_type():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "delivered"},
        {"claim_id": "a-2", "deal_id": "d2", "source_id": "a", "status": "alleged"},
        {"claim_id": "b-1", "deal_id": "d1", "source_id": "b", "status": "alleged"},
        {"claim_id": "c-1", "deal_id": "d1", "source_id": "c", "status": "denied"},
    ], sources={"a": {"outlet_country": "IND"}, "b": {"outlet_country": "AZE", "source_type": "op_ed"}})
    table = analysis.perspective(claims).set_index("outlet_country")
    assert list(table.index) == ["IND", "(not stated)", "AZE"]  # most claims first, then by name
    assert table.loc["IND", ["delivered", "alleged", "n_claims", "n_deals"]].tolist() == [1, 1, 2, 2]
    assert table.loc["AZE", ["alleged", "n_claims"]].tolist() == [1, 1]
    assert table.loc["(not stated)", ["denied", "n_claims"]].tolist() == [1, 1]
    by_type = analysis.perspective(claims, by="source_type").set_index("source_type")
    assert by_type["n_claims"].to_dict() == {"news_report": 3, "op_ed": 1}
    with pytest.raises(ValueError, match="no column 'outlet_colour'"):
        analysis.perspective(claims, by="outlet_colour")
    # by two attributes: one row per combination that has claims
    both = analysis.perspective(claims, by=["source_type", "outlet_country"])
    assert both[["source_type", "outlet_country", "n_claims", "n_deals"]].values.tolist() == [
        ["news_report", "IND", 2, 2], ["news_report", "(not stated)", 1, 1], ["op_ed", "AZE", 1, 1]]


# --------------------------------------------------------------------------
# Every table
# --------------------------------------------------------------------------


def test_every_count_column_of_every_table_is_Int64():
    claims = india_armenia()
    tables = [analysis.deals(claims), analysis.who_arms_whom(claims), analysis.unasserted_deals(claims),
              analysis.supplier_pipeline(claims), analysis.provenance(claims), analysis.perspective(claims),
              analysis.wide_discrepancies(analysis.discrepancies(claims))]
    counts = {f"{i}.{c}": str(t[c].dtype) for i, t in enumerate(tables) for c in t.columns if c.startswith("n_")}
    assert len(counts) >= 20 and set(counts.values()) == {"Int64"}


def test_every_function_gives_an_empty_table_with_its_columns_for_no_claims():
    none = india_armenia().iloc[0:0]
    assert list(analysis.deals(none).columns) == list(analysis.DEAL_COLUMNS)
    for function, columns in ((analysis.who_arms_whom, ["supplier", "recipient", "n_deals"]),
                              (analysis.unasserted_deals, ["deal_id", "off_scale_statuses"]),
                              (analysis.supplier_pipeline, ["supplier", "no_stage", "n_deals"]),
                              (analysis.provenance, ["deal_id", "supporting_origins"]),
                              (analysis.discrepancies, list(analysis.DISCREPANCY_COLUMNS)),
                              (analysis.timeline, ["claim_id", "date_start"]),
                              (analysis.perspective, ["outlet_country", "n_claims", "n_deals"]),
                              (analysis.origins, ["deal_id", "stance", "origin"])):
        table = function(none)
        assert table.empty and set(columns) <= set(table.columns), function.__name__


@pytest.mark.parametrize("arrow", [True, False], ids=["with pyarrow", "without pyarrow"])
def test_origins_are_listed_alike_with_or_without_pyarrow(arrow, monkeypatch):
    if not arrow:
        from armsdata.analysis import _frames

        monkeypatch.setattr(_frames, "_arrow", lambda: None)  # as where pyarrow is not installed
    table = analysis.provenance(chain_of_citations()).set_index("deal_id")
    assert table.loc["fra-arm-bastion", "supporting_origins"] == (
        "CNN (c-1, c-2); Ministry of Defence of Armenia (a-1, b-1); a reader's comment under CNN (r-1)")


def _wide_by_definition(table: pd.DataFrame) -> pd.DataFrame:
    """wide_discrepancies as its docstring defines it, row by row: the plain version the vectorised one must equal."""
    import itertools
    import operator

    order = {s: i for i, s in enumerate(schema.STATUS)}
    keys = ["deal_id", "supplier", "recipient", "system", "field", "kind", "note"]
    rows = []
    records = table[[*keys, "value", "claim_id", "source_id", "status"]].astype(object).itertuples(index=False)
    width = len(keys)
    for head, run in itertools.groupby(records, key=operator.itemgetter(*range(width))):
        groups = [list(g) for _, g in itertools.groupby(run, key=operator.itemgetter(width))]
        rows.append((*head, " | ".join(g[0][width] for g in groups),
                     " | ".join(", ".join(r[width + 1] for r in g) for g in groups),
                     " | ".join(", ".join(dict.fromkeys(r[width + 2] for r in g)) for g in groups),
                     " | ".join(", ".join(sorted({r[width + 3] for r in g}, key=order.__getitem__)) for g in groups),
                     len(groups), sum(map(len, groups))))
    columns = [*keys, "values", "claim_ids", "source_ids", "statuses", "n_values", "n_claims"]
    out = pd.DataFrame(rows, columns=columns).astype({c: "string" for c in columns[:-2]})
    return out.astype({"n_values": "Int64", "n_claims": "Int64"})


def test_wide_discrepancies_is_its_definition_on_any_long_table():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from conftest import examples

    row = st.tuples(st.sampled_from(["d1", "d2", "d3"]), st.sampled_from(["quantity", "status"]),
                    st.sampled_from(["conflict", "stage difference"]), st.sampled_from(["50", "24", "x | y"]),
                    st.sampled_from(["c1", "c2", "c3", "c4"]), st.sampled_from(["s1", "s2"]),
                    st.sampled_from(list(schema.STATUS)))

    @settings(max_examples=examples(300), deadline=None)
    @given(st.lists(row, max_size=25))
    def check(rows):
        rows = sorted(rows, key=lambda r: r[:2])  # the long table is sorted by deal and field
        table = pd.DataFrame(rows, columns=["deal_id", "field", "kind", "value", "claim_id", "source_id", "status"])
        table = table.assign(supplier="France", recipient="Armenia", system="Bastion", note="n").astype(
            {"field": pd.CategoricalDtype(list(analysis.COMPARED_FIELDS)),
             "kind": pd.CategoricalDtype(list(schema.DISCREPANCY_KIND)),
             "status": pd.CategoricalDtype(list(schema.STATUS))})
        table = table.astype({c: "string" for c in table.columns if c not in ("field", "kind", "status")})
        expected = _wide_by_definition(table)
        pd.testing.assert_frame_equal(analysis.wide_discrepancies(table), expected, check_index_type=False)

    check()

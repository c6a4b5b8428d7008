"""Analysis functions on small hand-made tables; every expected answer is worked out here, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdata import analysis
from conftest import make_claims


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


def test_filter_by_period_keeps_only_claims_wholly_inside_it():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "agreed", "event_date": "2023"},
        {"claim_id": "a-2", "deal_id": "d1", "source_id": "a", "status": "agreed", "event_date": "2023-07"},
        {"claim_id": "a-3", "deal_id": "d1", "source_id": "a", "status": "agreed", "event_date": "2023-05-31"},
        {"claim_id": "a-4", "deal_id": "d1", "source_id": "a", "status": "agreed", "event_date": "2023-12-31"},
        {"claim_id": "a-5", "deal_id": "d1", "source_id": "a", "status": "agreed"},
    ])
    # June–December 2023: the year 2023 is only partly inside; May 31st is before; undated is unknown.
    kept = analysis.filter_claims(claims, start="2023-06", end="2023")
    assert list(kept["claim_id"]) == ["a-2", "a-4"]
    assert list(analysis.filter_claims(claims, start="2023")["claim_id"]) == ["a-1", "a-2", "a-3", "a-4"]


def test_filter_by_status_and_unknown_status():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "agreed"},
        {"claim_id": "a-2", "deal_id": "d1", "source_id": "a", "status": "delivered"},
    ])
    assert list(analysis.filter_claims(claims, status=["delivered"])["claim_id"]) == ["a-2"]
    with pytest.raises(ValueError, match="shipd"):
        analysis.filter_claims(claims, status=["shipd"])


# --------------------------------------------------------------------------
# Provenance
# --------------------------------------------------------------------------


def chain_of_citations() -> pd.DataFrame:
    """Outlet B cites outlet A, which cites the ministry; C reports on its own; a reader comments."""
    return make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed",
         "attributed_to": "Ministry of Defence of Armenia"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "agreed",
         "attributed_to": "Ministry of Defence of Armenia"},
        {"claim_id": "c-1", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "delivered"},
        {"claim_id": "c-2", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "delivered"},
        {"claim_id": "r-1", "deal_id": "fra-arm-bastion", "source_id": "r", "status": "unspecified"},
        {"claim_id": "n-1", "deal_id": "fra-arm-gm200", "source_id": "n", "status": "intent", "system": "GM200"},
    ], sources={"a": {"outlet": "Armenpress"}, "b": {"outlet": "Eurasian Times"}, "c": {"outlet": "CNN"},
                "r": {"outlet": "CNN", "source_type": "reader_comment"}})


def test_claim_origins():
    origins = analysis.claim_origins(chain_of_citations())
    assert list(origins) == ["Ministry of Defence of Armenia", "Ministry of Defence of Armenia", "CNN", "CNN",
                             "r",  # a reader comment is not the outlet speaking
                             "n"]  # no outlet: the source itself


def test_provenance_counts_one_origin_once():
    table = analysis.provenance(chain_of_citations()).set_index("deal_id")
    # Bastion: 5 claims from 4 sources (a, b, c, r) rest on 3 origins: the ministry, CNN, the reader.
    assert table.loc["fra-arm-bastion", ["claims", "sources", "origins"]].tolist() == [5, 4, 3]
    assert table.loc["fra-arm-gm200", ["claims", "sources", "origins"]].tolist() == [1, 1, 1]
    assert table.loc["fra-arm-bastion", "origin_list"] == ("CNN (c-1, c-2); Ministry of Defence of Armenia "
                                                           "(a-1, b-1); r (r-1)")
    assert list(table.index) == ["fra-arm-bastion", "fra-arm-gm200"]  # most origins first


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
    assert table["claims"].tolist() == [3, 2]


# --------------------------------------------------------------------------
# Who arms whom
# --------------------------------------------------------------------------


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


def test_who_arms_whom_counts_deals_claims_and_sources():
    table = analysis.who_arms_whom(two_suppliers())
    rows = {(r.supplier, r.recipient): (r.deals, r.claims, r.sources, r.origins) for r in table.itertuples()}
    assert rows == {("France", "Armenia"): (2, 4, 3, 3), ("India", "Armenia"): (1, 1, 1, 1),
                    ("Turkey", "Azerbaijan"): (1, 1, 1, 1)}
    assert list(table["supplier"]) == ["France", "India", "Turkey"]  # most deals first, then by name


def test_who_arms_whom_only_delivered_and_by_period():
    delivered = analysis.who_arms_whom(two_suppliers(), status=["delivered"])
    # France: only the Bastion deal was delivered (two claims, two sources); Turkey: TB2.
    assert delivered[["supplier", "deals", "claims", "sources"]].values.tolist() == [
        ["France", 1, 2, 2], ["Turkey", 1, 1, 1]]
    in_2022 = analysis.who_arms_whom(two_suppliers(), start="2022", end="2022")
    assert in_2022[["supplier", "recipient", "deals"]].values.tolist() == [["India", "Armenia", 1]]


def test_arms_matrix_is_supplier_by_recipient_with_zeros():
    matrix = analysis.arms_matrix(analysis.who_arms_whom(two_suppliers()))
    assert list(matrix.index) == ["France", "India", "Turkey"]
    assert list(matrix.columns) == ["Armenia", "Azerbaijan"]  # Armenia receives 3 deals, Azerbaijan 1
    assert matrix.values.tolist() == [[2, 0], [1, 0], [0, 1]]


# --------------------------------------------------------------------------
# Pipeline
# --------------------------------------------------------------------------


def pipeline_claims() -> pd.DataFrame:
    return make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "intent", "quantity": "50"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "agreed", "quantity": "50"},
        {"claim_id": "c-1", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "delivered", "quantity": "24"},
        {"claim_id": "d-1", "deal_id": "fra-arm-bastion", "source_id": "d", "status": "alleged"},
        {"claim_id": "a-2", "deal_id": "fra-arm-gm200", "source_id": "a", "status": "agreed", "system": "GM200"},
        {"claim_id": "e-1", "deal_id": "rus-arm-general", "source_id": "e", "supplier": "Russia",
         "status": "not_delivered", "system": "weapons"},
        {"claim_id": "e-2", "deal_id": "rus-arm-general", "source_id": "e", "supplier": "Russia",
         "status": "denied", "system": "weapons"},
    ])


def test_deal_stages_furthest_and_most_conservative():
    stages = analysis.deal_stages(pipeline_claims()).set_index("deal_id")
    assert stages.loc["fra-arm-bastion", ["furthest_stage", "conservative_stage", "other_statuses"]].tolist() == [
        "delivered", "intent", "alleged"]
    assert stages.loc["fra-arm-gm200", ["furthest_stage", "conservative_stage"]].tolist() == ["agreed", "agreed"]
    assert pd.isna(stages.loc["fra-arm-gm200", "other_statuses"])
    # Russia: nothing on the pipeline scale.
    assert pd.isna(stages.loc["rus-arm-general", "furthest_stage"])
    assert stages.loc["rus-arm-general", "other_statuses"] == "denied; not_delivered"


def test_supplier_pipeline_counts_each_deal_once_at_its_furthest_stage():
    table = analysis.supplier_pipeline(pipeline_claims()).set_index("supplier")
    assert table.loc["France", ["agreed", "delivered", "intent", "no_stage", "deals"]].tolist() == [1, 1, 0, 0, 2]
    assert table.loc["Russia", ["no_stage", "deals"]].tolist() == [1, 1]
    assert list(table.index) == ["France", "Russia"]


def test_stage_quantities_pledged_agreed_delivered():
    table = analysis.stage_quantities(pipeline_claims())
    assert list(table["deal_id"]) == ["fra-arm-bastion"]  # the only deal with a quantity
    row = table.iloc[0]
    assert (row["intent"], row["agreed"], row["delivered"]) == (50, 50, 24)
    assert pd.isna(row["shipped"])


# --------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# How reports differ
# --------------------------------------------------------------------------


def rows_by_field(table: pd.DataFrame, deal_id: str) -> dict[str, dict]:
    return {r["field"]: r for r in table[table["deal_id"] == deal_id].to_dict(orient="records")}


def test_ordered_and_delivered_quantities_are_a_stage_difference():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed", "quantity": "50"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered", "quantity": "24"},
        {"claim_id": "b-2", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered", "quantity": "24"},
        {"claim_id": "c-1", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "agreed", "quantity": "50",
         "quantity_qualifier": "approx"},
    ])
    rows = rows_by_field(analysis.discrepancies(claims), "fra-arm-bastion")
    quantity = rows["quantity"]
    assert quantity["values"] == ["50", "24", "about 50"]
    assert quantity["claim_ids"] == [["a-1"], ["b-1", "b-2"], ["c-1"]]
    assert quantity["source_ids"] == [["a"], ["b"], ["c"]]
    assert quantity["statuses"] == [["agreed"], ["delivered"], ["agreed"]]
    # "50" and "about 50", both agreed, can both be true; 24 is another stage: no conflict.
    assert quantity["kind"] == "precision"
    assert rows["status"]["kind"] == "stage difference"
    assert set(rows) == {"quantity", "status"}  # system, value and event_date agree or are empty


def test_same_numbers_at_different_stages_are_not_a_conflict():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d", "source_id": "a", "status": "agreed", "quantity": "50"},
        {"claim_id": "b-1", "deal_id": "d", "source_id": "b", "status": "delivered", "quantity": "24"},
        {"claim_id": "c-1", "deal_id": "d", "source_id": "c", "status": "in_production", "quantity": "26"},
    ])
    quantity = rows_by_field(analysis.discrepancies(claims), "d")["quantity"]
    assert quantity["kind"] == "stage difference"
    assert "50 (agreed)" in quantity["note"] and "24 (delivered)" in quantity["note"]


def test_different_numbers_at_one_stage_are_a_conflict():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d", "source_id": "a", "status": "delivered", "quantity": "24"},
        {"claim_id": "b-1", "deal_id": "d", "source_id": "b", "status": "delivered", "quantity": "30"},
        {"claim_id": "b-2", "deal_id": "d", "source_id": "b", "status": "agreed", "value": "250000000",
         "currency": "USD"},
        {"claim_id": "c-1", "deal_id": "d", "source_id": "c", "status": "agreed", "value": "300000000",
         "currency": "USD"},
    ])
    rows = rows_by_field(analysis.discrepancies(claims), "d")
    assert rows["quantity"]["kind"] == "conflict"
    assert "delivered" in rows["quantity"]["note"]
    assert rows["value"]["values"] == ["250,000,000 USD", "300,000,000 USD"]
    assert rows["value"]["kind"] == "conflict"


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
    assert dict(zip(table["deal_id"], table["kind"])) == {"d1": "precision", "d2": "conflict"}
    assert table["values"].tolist() == [["24", "at least 20"], ["24", "up to 20"]]


def test_denial_contradicts_delivery_but_not_delivered_fits_agreed():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "delivered"},
        {"claim_id": "b-1", "deal_id": "d1", "source_id": "b", "status": "denied"},
        {"claim_id": "a-2", "deal_id": "d2", "source_id": "a", "status": "agreed"},
        {"claim_id": "b-2", "deal_id": "d2", "source_id": "b", "status": "not_delivered"},
        {"claim_id": "a-3", "deal_id": "d3", "source_id": "a", "status": "shipped"},
        {"claim_id": "b-3", "deal_id": "d3", "source_id": "b", "status": "not_delivered"},
    ])
    table = analysis.discrepancies(claims)
    kinds = dict(zip(table["deal_id"], table["kind"]))
    assert kinds == {"d1": "conflict", "d2": "stage difference", "d3": "conflict"}


def test_dates_differing_in_precision_only():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "agreed", "event_date": "2023"},
        {"claim_id": "b-1", "deal_id": "d1", "source_id": "b", "status": "agreed", "event_date": "2023-10"},
        {"claim_id": "a-2", "deal_id": "d2", "source_id": "a", "status": "agreed", "event_date": "2023-09"},
        {"claim_id": "b-2", "deal_id": "d2", "source_id": "b", "status": "agreed", "event_date": "2023-10"},
    ])
    table = analysis.discrepancies(claims, fields=["event_date"])
    assert dict(zip(table["deal_id"], table["kind"])) == {"d1": "precision", "d2": "conflict"}


def test_system_names_and_lone_claims():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "agreed", "system": "GM200"},
        {"claim_id": "b-1", "deal_id": "d1", "source_id": "b", "status": "agreed", "system": "Grand Master 200"},
        {"claim_id": "a-2", "deal_id": "d2", "source_id": "a", "status": "agreed", "quantity": "3"},
    ])
    table = analysis.discrepancies(claims)
    assert table[["deal_id", "field", "kind"]].values.tolist() == [["d1", "system", "naming"]]  # d2 has one claim
    with pytest.raises(ValueError, match="quote"):
        analysis.discrepancies(claims, fields=["quote"])


def test_no_discrepancies_gives_an_empty_table_with_its_columns():
    claims = make_claims([{"claim_id": "a-1", "deal_id": "d1", "source_id": "a", "status": "agreed"}])
    table = analysis.discrepancies(claims)
    assert table.empty
    assert {"deal_id", "supplier", "recipient", "system", "field", "values", "claim_ids", "source_ids",
            "kind"} <= set(table.columns)


def test_reported_quantities_only_deals_with_two_numbers():
    table = analysis.reported_quantities(pipeline_claims())
    assert list(table["claim_id"]) == ["a-1", "b-1", "c-1"]  # Bastion; GM200 has no quantity
    assert list(table["quantity"]) == [50, 50, 24]


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
    assert table.loc["IND", ["delivered", "alleged", "claims", "deals"]].tolist() == [1, 1, 2, 2]
    assert table.loc["AZE", ["alleged", "claims"]].tolist() == [1, 1]
    assert table.loc["(not stated)", ["denied", "claims"]].tolist() == [1, 1]
    by_type = analysis.perspective(claims, "source_type").set_index("source_type")
    assert by_type["claims"].to_dict() == {"news_report": 3, "op_ed": 1}


def test_functions_name_the_missing_columns():
    with pytest.raises(KeyError, match="outlet"):
        analysis.claim_origins(pd.DataFrame({"attributed_to": [], "source_id": []}))

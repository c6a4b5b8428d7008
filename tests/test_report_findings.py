"""The report's opening: a summary built from its own tables, a table of contents, and the facts of sections."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from armsdata import analysis, schema  # noqa: E402
from armsdata.report import build_report, findings, markup  # noqa: E402
from armsdata.report.registry import SECTIONS  # noqa: E402
from armsdata.report.registry import analysis_tables  # noqa: E402
from conftest import make_claims, make_data_dir, write_csv  # noqa: E402


def test_anchors_are_the_ones_github_gives_headings():
    assert markup.anchor("Reported, but not counted: talks, non-deliveries, denials, allegations") == \
        "reported-but-not-counted-talks-non-deliveries-denials-allegations"
    assert markup.anchor("Press vs register") == "press-vs-register"


def opening(readme: str) -> str:
    """What comes before the first section: the first screen."""
    return readme.split("\n## ", 1)[0]


def test_the_readme_opens_with_the_findings_then_the_contents(built):
    first = opening(built["README.md"].decode("utf-8"))
    # The small data: 3 claims (sa-01 GM200 intent; sa-02 Bastion 50 agreed; sb-01 Bastion 24 delivered)
    # from both sources, about 2 deals, both asserted and counted, none only denied or alleged.
    assert "- **3 claims** about **2 deals**, from **2** of the 2 sources" in first
    assert "- **2 transfers** to or from Armenia are asserted and counted under [Who arms whom](#who-arms-whom): " \
           "France → Armenia 2." in first
    assert "**0** deals only considered (talks, interest, “could supply”), **0** only not delivered, denied or " \
           "alleged" in first
    assert "Up to" not in first and "in passing" not in first
    # no conflict; the Bastion quantities differ by stage
    assert "- **No conflict**" in first
    assert "- **Numbers reported differently**: France → Armenia, Bastion: quantity 50 (agreed) vs 24 (delivered) " \
           "(stage difference)." in first
    assert f"this data has no register (`{schema.REGISTER.filename}`)" in first
    contents = [line for line in first.splitlines() if line.startswith("**Contents:**")]
    assert len(contents) == 1
    for section in SECTIONS.values():
        assert f"[{section.title}](#{markup.anchor(section.title)})" in contents[0].replace("\\_", "_")
    assert "(differences.md)" in contents[0]
    assert first.index("**3 claims**") < first.index("**Contents:**")


@pytest.fixture(scope="module")
def with_register(tmp_path_factory):
    """The small data with a register: France's Bastions, 24 ordered and delivered in 2023 (against the press'
    50 agreed), its GM200 radars, 3 ordered, and an Indian deal to Armenia no press deal names."""
    data = make_data_dir(tmp_path_factory.mktemp("register"))
    (data / "register").mkdir()

    def entry(supplier, designation, order_year, ordered, delivered, years, tiv):
        row = {c: "" for c in schema.REGISTER.columns}
        row.update(supplier=supplier, recipient="Armenia", designation=designation, order_year=order_year,
                   order_year_estimated="false", number_ordered=ordered, number_ordered_estimated="false",
                   number_delivered=delivered, number_delivered_estimated="false", delivery_years=years,
                   tiv_delivered=tiv)
        return row

    write_csv(data / schema.REGISTER.filename, [
        entry("France", "Bastion", "2023", "24", "24", "2023", "3.84"),
        entry("France", "Ground Master-200", "2023", "3", "0", "", ""),
        entry("India", "Akash", "2023", "15", "2", "2023", "32")], schema.REGISTER.columns)
    return build_report(data)


def test_the_summary_counts_the_verdicts_and_names_the_deal_that_differs(with_register):
    readme = with_register["README.md"].decode("utf-8")
    first = opening(readme)
    # Bastion differs (press 50 agreed vs 24 ordered); GM200 is reported at intent only, the register has the
    # order: an earlier stage, not a match (the press' 3 at intent is not compared); Akash (2023, a press
    # recipient, inside the press' years, 2023 only) is register-only.
    assert ("Of the 2 naming a system (or a calibre), SIPRI's register lists **2**: 0 match, **1 differs**, and for "
            "1 the press reports only an earlier stage than the register's (France → Armenia, GM200); 0 are "
            "ambiguous") in first
    assert "No press deal names **1** register deal with Armenia as recipient, ordered or delivered in 2023 (one" in first
    assert "Differs: France → Armenia, Bastion: press 50 (agreed) vs register 24 ordered, 24 delivered 2023." in first
    assert "naming only a kind" not in first and "does not hold" not in first  # none of either
    section = readme.split("\n## Press vs register\n")[1].split("\n## ")[0]
    assert "Verdicts: 0 `matches`, 1 `differs`, 1 `earlier_stage`, 0 `unasserted`, 0 `ambiguous`, 0 `consistent`, " \
           "0 `not_in_register`, 1 `register_only`, 0 `not_comparable`, 0 `not_covered`." in section
    assert "| India | Armenia | Akash | 2023 | 15 | 2 | 2023 |" in section  # the register-only listing
    assert "](figures/press_vs_register.svg)" in section and "](figures/register_deliveries.svg)" in section


def comparison(*rows: tuple) -> pd.DataFrame:
    """A comparison table by hand: (deal_id, supplier, recipient, system, matched_by, verdict, explanation)."""
    columns = ["deal_id", "supplier", "recipient", "system", "matched_by", "verdict", "explanation"]
    table = pd.DataFrame(list(rows), columns=columns)
    table["verdict"] = pd.Categorical(table["verdict"], categories=list(schema.VERDICT))
    return table


def test_the_register_line_says_what_each_press_deal_names_and_which_recipients_it_means():
    table = comparison(
        ("fra-ukr-bastion", "France", "Ukraine", "Bastion", None, "not_covered", "outside"),
        ("unk-ukr-general", "Unknown", "Ukraine", "weapons", None, "not_covered", "outside"),
        ("fra-arm-general", "France", "Armenia", "arms", None, "not_comparable", "generic"),
        ("fra-arm-caesar", "France", "Armenia", "CAESAR", "system", "earlier_stage", "later"),
        ("fra-arm-gm200", "France", "Armenia", "GM200", "system", "matches", "listed"),
        ("ind-arm-guns", "India", "Armenia", "155mm guns", "calibre", "ambiguous", "2 register deals could be meant"),
        ("ind-arm-rockets", "India", "Armenia", "rockets", "kind", "consistent", "may be Pinaka"),
        ("tur-aze-drones", "Turkey", "Azerbaijan", "drones", "kind", "consistent", "may be TB2"),
        ("ind-arm-ammunition", "India", "Armenia", "ammunition", "kind", "not_in_register", "none"),
        (None, "India", "Armenia", "Akash", None, "register_only", "unnamed"),
        (None, "Israel", "Azerbaijan", "Hermes", None, "register_only", "unnamed"))
    claims = pd.DataFrame({"event_date": ["2020-10", None], "published": [None, "2024-06-25"]})
    line = findings._register_line(table, claims)
    assert line.startswith("- **[Press vs register](#press-vs-register)**: of the 9 press deals, 2 are between actors "
                           "whose deals the register extract does not hold (France → Ukraine, Unknown → Ukraine), "
                           "and 1 is not compared: it names neither a system nor a kind of equipment, or is a package")
    # a press deal at an earlier stage is not counted a match, and is named
    assert ("Of the 3 naming a system (or a calibre), SIPRI's register lists **2**: 1 match, **0 differ**, and for 1 "
            "the press reports only an earlier stage than the register's (France → Armenia, CAESAR); 1 is ambiguous"
            ) in line
    # no deal of a kind at an earlier stage: not said at 0
    assert ("Of the 3 naming only a kind of equipment, 2 are consistent with register deals of that kind, pair and "
            "years (which one, if any, is not known, and it may be one a deal naming its system is: a report may "
            "restate a deal in general words), 1 is not in the register.") in line
    # the register deals no press deal names: whose they are, and of which years
    assert ("No press deal names **2** register deals with Armenia and Azerbaijan as recipient, ordered or delivered "
            "2020–2024 (one that speaks only of arms, or of a kind, may hold some).") in line
    assert line.endswith("Ambiguous: India → Armenia, 155mm guns: 2 register deals could be meant.")


def test_the_register_line_says_how_many_kinds_not_in_the_register_sipri_does_not_record():
    # night-vision goggles and ammunition: SIPRI's register does not record them (schema.SIPRI_NOT_RECORDED);
    # "armored vehicles" it does, so that one is not in it for another reason (the deal it might be was complete)
    claims = make_claims([
        {"claim_id": "h-1", "deal_id": "fra-arm-night-vision", "source_id": "h", "status": "agreed",
         "system": "night vision goggles and equipment", "category": "radars_sensors"},
        {"claim_id": "h-2", "deal_id": "ind-arm-ammunition", "source_id": "h", "status": "agreed", "supplier": "India",
         "system": "ammunition", "category": "small_arms_ammunition"},
        {"claim_id": "h-3", "deal_id": "fra-arm-vehicles", "source_id": "h", "status": "intent",
         "system": "armored vehicles", "category": "armoured_vehicles"},
        {"claim_id": "h-4", "deal_id": "fra-arm-radars", "source_id": "h", "status": "agreed",
         "system": "radars", "category": "radars_sensors"}])
    table = comparison(
        ("fra-arm-night-vision", "France", "Armenia", "night vision goggles", "kind", "not_in_register", "none"),
        ("ind-arm-ammunition", "India", "Armenia", "ammunition", "kind", "not_in_register", "none"),
        ("fra-arm-vehicles", "France", "Armenia", "armored vehicles", "kind", "not_in_register", "none"),
        ("fra-arm-radars", "France", "Armenia", "radars", "kind", "consistent", "may be GM200"))
    line = findings._register_line(table, claims, analysis.deals(claims))
    assert ("Of the 4 naming only a kind of equipment, 1 is consistent with register deals of that kind, pair and "
            "years (which one, if any, is not known, and it may be one a deal naming its system is: a report may "
            "restate a deal in general words), 3 are not in the register (2 of kinds SIPRI does not record).") in line


def test_the_register_line_sets_a_deal_only_disputed_apart_from_the_matches():
    table = comparison(
        ("fra-arm-gm200", "France", "Armenia", "GM200", "system", "matches", "listed"),
        ("fra-ukr-bastion", "France", "Ukraine", "Bastion", "system", "unasserted", "one batch redirected"))
    line = findings._register_line(table, pd.DataFrame({"event_date": ["2023"], "published": [None]}))
    # no deal at an earlier stage: not said at 0
    assert ("Of the 2 naming a system (or a calibre), SIPRI's register lists **2**: 1 match, **0 differ**, and 1 the "
            "press only disputes or alleges (France → Ukraine, Bastion) (set beside it, not judged); 0 are ambiguous"
            ) in line


def test_section_facts_say_what_the_timeline_and_not_stated_hold(built):
    readme = built["README.md"].decode("utf-8")
    # sa-01, sa-02: no event date, source sa published 2023-12; sb-01: event 2023; sb has no date
    assert "Of the 3 claims, 1 date their event; 2 more are drawn at their source's publication date; 0 are " \
           "dated by neither" in readme
    # sb names no outlet and no country: its claim is the one "(not stated)"
    assert "_(not stated)_ in the figure by outlet country holds the 1 claim of the 1 source that record no " \
           "outlet country: no outlet named: an opinion piece or column (`sb`)." in readme


def summary_of(claims) -> str:
    sources = claims.drop_duplicates("source_id")
    return findings.summary(claims, sources, analysis_tables(claims))


def france_and_an_aside():
    """France → Armenia, told on 8 December 2023 by three outlets: Bastion agreed, then delivered; Mistral
    "finalised" by one and "in talks" by another; CAESAR only to be studied; "armored vehicles" pledged, which
    may be the Bastions; Russia refuses arms; Aliyev alleges unnamed suppliers arm Armenia, Armenpress that CAESAR
    were sent. In passing: Aliyev says Germany sends weapons to Ukraine; Russia denies sending Ukraine any."""
    day = {"published": "2023-12-08"}

    def row(claim_id, deal_id, status, **more):
        return {"claim_id": claim_id, "deal_id": deal_id, "source_id": claim_id.split("-")[0], "status": status,
                **more}

    return make_claims([
        row("f-1", "fra-arm-bastion", "agreed", system_id="bastion"),
        row("g-1", "fra-arm-bastion", "delivered", system_id="bastion", attributed_to="Armenpress"),
        row("f-2", "fra-arm-mistral", "agreed", system="Mistral", category="air_defence"),
        row("g-2", "fra-arm-mistral", "considered", system="Mistral", category="air_defence",
            attributed_to="Armenpress"),
        row("g-3", "fra-arm-caesar", "considered", system="Caesar", category="artillery", attributed_to="Le Figaro"),
        row("h-1", "fra-arm-vehicles", "intent", system="armored vehicles", overlaps_deal_id="fra-arm-bastion"),
        row("h-2", "deu-ukr-general", "shipped", supplier="Germany", recipient="Ukraine", system="weapons",
            category="unspecified", attributed_to="Ilham Aliyev"),
        row("h-3", "rus-arm-general", "not_delivered", supplier="Russia", system="weapons", category="unspecified"),
        row("h-4", "unk-arm-general", "alleged", supplier="Unknown", system="weapons", category="unspecified",
            attributed_to="Ilham Aliyev"),
        row("g-4", "fra-arm-caesar", "alleged", system="Caesar", category="artillery", attributed_to="Armenpress"),
        row("h-5", "rus-ukr-general", "denied", supplier="Russia", recipient="Ukraine", system="weapons",
            category="unspecified"),
    ], sources={"f": {**day, "outlet": "Swarajya"}, "g": {**day, "author": "Ragip Soylu"},
                "h": {**day, "outlet": "Baku Dialogues"}})


def test_the_headline_counts_for_certain_and_up_to_and_sets_apart_talks_and_asides():
    text = summary_of(france_and_an_aside())
    # Bastion and Mistral for certain; the pledged armoured vehicles may be the Bastions: up to 3
    assert "- **2 transfers** to or from Armenia are asserted and counted under [Who arms whom](#who-arms-whom): " \
           "France → Armenia 2 (up to 3). **Up to 3**, if 1 more deal that may restate one already counted is a " \
           "further transfer (France → Armenia, armored vehicles).\n" in text
    # CAESAR only considered (and alleged), the Russian weapons only not delivered (nobody refused or denied
    # them), the unnamed supplier's only alleged: none counted; the Russian denial to Ukraine is not about Armenia
    assert "**1** deal only considered (talks, interest, “could supply”), **2** only not delivered, denied or " \
           "alleged." in text
    assert "- Mentioned in passing, not about Armenia: 1 transfer between other actors (Germany → Ukraine) and 1 " \
           "deal only not delivered, denied or alleged (Russia → Ukraine), shown apart and not in the counts above." \
           in text
    # of the claims about Armenia, origins asserting a transfer: Swarajya, Armenpress, Baku Dialogues (Aliyev's
    # German weapons are not about Armenia); Le Figaro only reports talks; Baku Dialogues disputes one (Russia);
    # Aliyev and Armenpress allege one, Aliyev nothing else
    # Baku Dialogues says the Russian weapons were not delivered: that is what disputing one means here
    assert "- Independent origins of the claims about Armenia (a ministry statement repeated by three outlets is " \
           "one origin; origins are counted as the outlets attribute them, so two may rest on one document): **3** " \
           "assert a transfer, 1 more only talks (`considered`); **1** dispute one (say it was not delivered, or deny " \
           "it), **2** allege one (1 of them nothing else)." in text
    # "finalised" and "in talks" on one day: a conflict, with why
    assert "France → Armenia, Mistral: status agreed vs considered (considered contradicts agreed, both published " \
           "2023-12-08: talks mean no commitment yet)" in text


def test_the_pipeline_says_which_deals_it_draws_have_stages_in_conflict():
    # Mistral: "finalised" and "in talks" published the same day: counted, drawn at agreed, and said to be in
    # conflict; the Bastion's stages (agreed, delivered) differ but can all be true: not named
    claims = france_and_an_aside()
    text = findings.pipeline_facts(claims, claims.drop_duplicates("source_id"), analysis_tables(claims))
    assert text == ("Stages in conflict: 1 deal drawn here has claims whose stages cannot all be true, and is drawn at "
                    "the furthest: France → Armenia, Mistral (drawn at `agreed`; its most conservative claim says "
                    "`considered`). See the conflicts under [How reports differ](#how-reports-differ).\n")
    # no conflict among the deals drawn: nothing said
    calm = claims[claims["deal_id"] != "fra-arm-mistral"]
    assert findings.pipeline_facts(calm, calm.drop_duplicates("source_id"), analysis_tables(calm)) == ""


def test_without_a_declared_subject_every_pair_is_the_corpus_own():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed"},
        {"claim_id": "a-2", "deal_id": "deu-ukr-general", "source_id": "a", "status": "shipped",
         "supplier": "Germany", "recipient": "Ukraine", "category": "unspecified"}], subjects=())
    text = summary_of(claims)
    assert "- **2 transfers** are asserted and counted under [Who arms whom](#who-arms-whom)." in text
    assert "in passing" not in text
    assert findings.who_arms_whom_facts(claims, claims, analysis_tables(claims)) == ""


def test_a_new_verdict_is_said_in_the_summary_by_its_declaration_alone(monkeypatch):
    # a verdict the rules of armsdata/register might give one day: declared once, with its summary words
    partial = schema.Verdict("the register lists part of the deal", "press 50 vs register 24 of 50",
                             "one", {"system": "{n} {is|are} partly listed{names}"}, detailed="Partly listed")
    monkeypatch.setattr(schema, "VERDICT", {**schema.VERDICT, "partial": partial})
    table = comparison(
        ("fra-arm-gm200", "France", "Armenia", "GM200", "system", "matches", "listed"),
        ("fra-arm-bastion", "France", "Armenia", "Bastion", "system", "partial", "24 of the 50"))
    line = findings._register_line(table, pd.DataFrame({"event_date": ["2023"], "published": [None]}))
    # it counts among the deals the register lists (set beside one register deal), after the others
    assert ("SIPRI's register lists **2**: 1 match, **0 differ**, and 1 is partly listed (France → Armenia, "
            "Bastion); 0 are ambiguous") in line
    assert line.endswith("Partly listed: France → Armenia, Bastion: 24 of the 50.")

"""armsdata draft: candidate claims from a text, each field worked out by hand from the sentence it reads."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

import armsdata
from armsdata import schema
from armsdata.cli import main
from armsdata.draft import draft_claims, wording
from armsdata.draft.text import sentences
from armsdata.io import csv_text, read_table
from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "draft"
DATA = REPO / "data"


def drafted(text: str, **kwargs) -> list[dict[str, str]]:
    """The candidate rows of ``text`` against the repository's data, empty cells as ''."""
    return draft_claims(text, data_dir=kwargs.pop("data_dir", DATA), **kwargs).fillna("").to_dict("records")


def fields(rows: list[dict[str, str]], *names: str) -> list[tuple[str, ...]]:
    return [tuple(r[n] for n in names) for r in rows]


def article(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------


def test_sentences_end_at_full_stops_and_lines_but_not_after_abbreviations_or_inside_a_wrapped_line():
    text = ("Headline without a full stop\nThe U.S. Secretary of State spoke. France shipped the vehicles to Armenia\n"
            "last week, the ministry said.\n\nA new paragraph.")
    assert [text[s.start:s.end] for s in sentences(text)] == [
        "Headline without a full stop",
        "The U.S. Secretary of State spoke.",
        "France shipped the vehicles to Armenia\nlast week, the ministry said.",
        "A new paragraph."]
    assert [s.paragraph for s in sentences(text)] == [0, 0, 0, 1]
    windows = text.replace("\n", "\r\n")
    assert [windows[s.start:s.end].replace("\r", "") for s in sentences(windows)] == \
        [text[s.start:s.end] for s in sentences(text)]
    assert [s.paragraph for s in sentences(windows)] == [0, 0, 0, 1]


# --------------------------------------------------------------------------
# Who, what, at what stage: one sentence at a time
# --------------------------------------------------------------------------


def test_a_refusal_is_not_delivered():
    rows = drafted("Germany has refused to supply Taurus cruise missiles to Ukraine, Chancellor Olaf Scholz said.")
    assert fields(rows, "supplier", "recipient", "system", "category", "status") == [
        ("Germany", "Ukraine", "Taurus cruise missiles", "missiles", "not_delivered")]


def test_a_denial_is_denied_and_the_denier_supplies():
    rows = drafted(article("f02_denial"))
    assert fields(rows, "supplier", "recipient", "system", "status")[0] == ("Egypt", "Sudan", "drones", "denied")
    assert rows[0]["quote"] == ("Egypt's foreign ministry on Tuesday denied reports that it had delivered combat "
                                'drones to the Sudanese army, calling them "baseless".')


def test_an_unconfirmed_sale_is_alleged_with_its_number_in_words():
    rows = drafted("South Korea has sold forty-eight K9 howitzers to Poland, according to a person familiar with the "
                   "negotiations.")
    assert fields(rows, "supplier", "recipient", "system", "quantity", "quantity_qualifier", "status") == [
        ("South Korea", "Poland", "K9 howitzers", "48", "exact", "alleged")]


@pytest.mark.parametrize(("sentence", "status"), [
    ("France will deliver 24 tanks to Armenia.", "intent"),
    ("France delivered 24 tanks to Armenia.", "delivered"),
    ("France shipped 24 tanks to Armenia.", "shipped"),
    ("Armenia signed a contract with France for the purchase of 24 tanks.", "agreed"),
    ("France could supply 24 tanks to Armenia.", "considered"),
    ("France supplies tanks to Armenia.", "unspecified"),
    ("Reports say France delivered 24 tanks to Armenia.", "alleged"),
    ("France denied that it delivered 24 tanks to Armenia.", "denied"),
    ("France failed to deliver 24 tanks to Armenia.", "not_delivered"),
])
def test_the_status_comes_from_the_verb_and_the_words_that_change_it(sentence, status):
    assert fields(drafted(sentence), "supplier", "recipient", "status", "quantity") == [
        ("France", "Armenia", status, "24" if "24" in sentence else "")]


def test_capitals_stand_for_their_states_and_the_subject_of_receive_is_the_recipient():
    rows = drafted("Scholz said that Berlin would send two more Patriot air defence systems to Kyiv.")
    assert fields(rows, "supplier", "recipient", "system", "category", "quantity", "status") == [
        ("Germany", "Ukraine", "Patriot air defence systems", "air_defence", "2", "intent")]
    rows = drafted("The Nigerian Air Force received three JF-17 Thunder fighter jets from Pakistan on Wednesday.")
    assert fields(rows, "supplier", "recipient", "system", "quantity", "status") == [
        ("Pakistan", "Nigeria", "JF-17 Thunder fighter jets", "3", "delivered")]  # 17 is part of the name


def test_a_demonym_names_the_origin_of_equipment_but_a_speaker_or_source_is_no_party():
    rows = drafted("Manila could also buy Indian-made patrol boats, a navy spokesman said.")
    assert fields(rows, "supplier", "recipient", "category", "status") == [
        ("India", "Philippines", "ships", "considered")]
    rows = drafted("Turkish President Erdogan said that France delivered 24 Bastion armoured vehicles to Armenia, "
                   "Serbian media reported.")
    assert fields(rows, "supplier", "recipient", "system_id") == [("France", "Armenia", "bastion")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Two Gepard anti-aircraft guns were delivered to Ukraine by Germany last month.",
     ("Germany", "Ukraine", "Gepard anti-aircraft guns", "delivered", "2")),
    ("Greece took delivery of six Rafale jets from France on Thursday.",
     ("France", "Greece", "Rafale jets", "delivered", "6")),
    ("Egypt ordered 24 more Rafale aircraft from Paris in 2021.",
     ("France", "Egypt", "Rafale aircraft", "agreed", "24")),
    ("Sweden and Brazil signed an agreement under which Saab will deliver 36 Gripen fighter jets to the Brazilian "
     "Air Force.", ("Sweden", "Brazil", "Gripen fighter jets", "intent", "36")),
    ("Chile will not buy the Leopard tanks that Germany offered, its defence minister said.",
     ("Germany", "Chile", "Leopard tanks", "not_delivered", "")),
    ("Iran has denied supplying Shahed drones to Russia for use in Ukraine.",
     ("Iran", "Russia", "Shahed drones", "denied", "")),
])
def test_passive_voice_acquiring_verbs_and_names_in_two_places(sentence, expected):
    assert fields(drafted(sentence), "supplier", "recipient", "system", "status", "quantity") == [expected]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a pledge or promise is itself a transfer word (intent); a count before a designation holding a digit
    ("The British government has pledged fourteen Challenger 2 tanks to Ukraine.",
     ("United Kingdom", "Ukraine", "Challenger 2 tanks", "intent", "14", "exact", "")),
    ("Tokyo promised Manila two patrol boats.", ("Japan", "Philippines", "patrol boats", "intent", "2", "exact", "")),
    # a refusal of a request: who asks receives ('a request from Kyiv'), who turns it down supplies
    ("London had turned down a request from Kyiv for longer-range Storm Shadow missiles.",
     ("United Kingdom", "Ukraine", "longer-range Storm Shadow missiles", "not_delivered", "", "", "")),
    ("Berlin rejected Kyiv's request for Taurus cruise missiles.",
     ("Germany", "Ukraine", "Taurus cruise missiles", "not_delivered", "", "", "")),
    # what is only believed is alleged; 'South Korean intelligence' is who says it, no party
    ("North Korea is believed to have shipped artillery shells to Russia, South Korean intelligence said.",
     ("North Korea", "Russia", "artillery shells", "alleged", "", "", "")),
    # the 'over' of 'handed over' is no qualifier of the count after it
    ("Japan handed over three destroyers to the Philippine Navy.",
     ("Japan", "Philippines", "destroyers", "delivered", "3", "exact", "")),
    # a count after an actor is no part of a name ('Ukraine 18')
    ("Germany gave Ukraine 18 Leopard 2 tanks.",
     ("Germany", "Ukraine", "Leopard 2 tanks", "delivered", "18", "exact", "")),
    # a seat of government stands for its state, as a capital does
    ("The Pentagon announced a $400 million military aid package for Ukraine, including HIMARS rocket launchers.",
     ("United States", "Ukraine", "HIMARS rocket launchers", "unspecified", "", "", "")),
    # where equipment arrives is its recipient
    ("The first two Chinese-built submarines arrived in Pakistan last week.",
     ("China", "Pakistan", "submarines", "delivered", "2", "exact", "")),
    ("Ukraine is expected to receive F-16 jets from Denmark.",
     ("Denmark", "Ukraine", "F-16 jets", "intent", "", "", "")),
    ("Israel will sell Arrow 3 missile defence systems to Germany.",
     ("Israel", "Germany", "Arrow 3 missile defence systems", "intent", "", "", "")),
    # British spelling; 'a dozen'
    ("The ministry confirmed that a dozen Stormer vehicles had been despatched to Ukraine by Britain.",
     ("United Kingdom", "Ukraine", "Stormer vehicles", "shipped", "12", "exact", "")),
    ("Pakistan is to purchase forty J-10C fighter aircraft from China.",
     ("China", "Pakistan", "J-10C fighter aircraft", "intent", "40", "exact", "")),
    ("France has offered Ukraine a further batch of CAESAR howitzers.",
     ("France", "Ukraine", "CAESAR howitzers", "considered", "", "", "")),
    ("Serbia took possession of six FK-3 air defence systems from China on Saturday.",
     ("China", "Serbia", "FK-3 air defence systems", "delivered", "6", "exact", "")),
    # 'with X' is a partner, never the subject of the verb after it: who signs to acquire receives
    ("The Philippines signed a contract with Israel to acquire 32 Sherpa armoured vehicles.",
     ("Israel", "Philippines", "Sherpa armoured vehicles", "agreed", "32", "exact", "")),
    # 'The Kremlin' at the start of a sentence is 'the Kremlin'; who denies supplies what 'it' supplied
    ("The Kremlin dismissed reports that it had supplied weapons to North Korea.",
     ("Russia", "North Korea", "weapons", "denied", "", "", "")),
    # a demonym just before the equipment names its origin, whatever word stands before it
    ("Thailand cancelled an order for Chinese submarines.",
     ("China", "Thailand", "submarines", "not_delivered", "", "", "")),
    # an amount 'worth of' the equipment, or spent on it, is its value
    ("Ukraine has received two billion dollars' worth of weapons from Germany.",
     ("Germany", "Ukraine", "weapons", "delivered", "", "", "2000000000")),
    ("Azerbaijan spent an estimated $2 billion on Israeli weapons between 2016 and 2020.",
     ("Israel", "Azerbaijan", "weapons", "agreed", "", "", "2000000000")),
])
def test_wordings_of_other_texts(sentence, expected):
    assert fields(drafted(sentence), "supplier", "recipient", "system", "status", "quantity", "quantity_qualifier",
                  "value") == [expected]


def test_a_designation_counted_without_a_word_for_its_kind_is_equipment():
    rows = drafted("Denmark and Norway have handed over a total of 19 F-16s to Ukraine.")
    assert fields(rows, "supplier", "recipient", "system", "category", "status", "quantity") == [
        ("Denmark", "Ukraine", "F-16s", "unspecified", "delivered", "19"),
        ("Norway", "Ukraine", "F-16s", "unspecified", "delivered", "19")]
    assert "category unspecified: 'F-16s' (a designation after a count)" in rows[0]["notes"]


def test_with_x_is_the_subject_of_a_verb_unless_it_is_the_partner_of_a_deal():
    rows = drafted("It benefited from its ties with Turkey and Israel, both of which provided weapons to the "
                   "Azerbaijani army.")
    assert fields(rows, "supplier", "recipient") == [("Turkey", "Azerbaijan"), ("Israel", "Azerbaijan")]
    rows = drafted("Armenia signed a deal with India to buy Pinaka rocket launchers.")
    assert fields(rows, "supplier", "recipient", "status") == [("India", "Armenia", "agreed")]


def test_assistance_that_the_text_does_not_call_arms_proposes_nothing():
    """Codebook rule 14: military assistance or support is no arms unless the source says so."""
    assert drafted("The EU will provide military assistance to Armenia under the European Peace Facility.") == []
    assert drafted("Azerbaijan criticised the military support for Armenia.") == []
    assert fields(drafted("France provided military aid to Armenia, including 24 Bastion armoured vehicles."),
                  "supplier", "recipient", "system", "quantity") == [
        ("France", "Armenia", "Bastion armoured vehicles", "24")]


def test_each_side_named_takes_the_other_from_the_sentence_before_where_only_one_can_play_it():
    text = ("This shipment is part of France's continued military aid to Yerevan. Initially planned for Kyiv, these "
            "troop carriers were redirected to Armenia.")
    rows = drafted(text)
    assert fields(rows, "supplier", "recipient", "system", "quote") == [
        ("France", "Ukraine", "troop carriers", text), ("France", "Armenia", "troop carriers", text)]


def test_two_parties_of_one_list_signing_for_a_purchase_are_not_both_suppliers_and_recipients():
    text = ("Armenia was pressed hard. Paris and Yerevan would formalize agreements on the purchase of French "
            "weaponry, including air defense systems.")
    rows = drafted(text)
    assert fields(rows, "supplier", "recipient", "system") == [
        ("France", "Armenia", "weaponry"), ("France", "Armenia", "air defense systems")]
    assert "Armenia receives: an actor the corpus is about" in rows[1]["notes"]


def test_a_bare_system_refers_to_the_equipment_of_the_sentence_before():
    text = ("Serbia has signed a contract with China for the purchase of FK-3 air defence systems. The first systems "
            "will be delivered to the Serbian army next year.")
    rows = drafted(text)
    assert fields(rows, "supplier", "recipient", "system", "category", "status") == [
        ("China", "Serbia", "FK-3 air defence systems", "air_defence", "agreed"),
        ("China", "Serbia", "systems", "unspecified", "intent")]
    assert rows[1]["quote"] == text
    assert drafted("The country's political system will change, the president said.") == []


def test_a_participle_after_a_comma_has_the_subject_of_the_sentence():
    rows = drafted("India has overtaken Russia as Armenia's largest supplier, delivering howitzers to the Armenian "
                   "army since 2020.")
    assert fields(rows, "supplier", "recipient", "system") == [("India", "Armenia", "howitzers")]


def test_a_system_inside_words_widened_over_it_is_one_piece_of_equipment():
    rows = drafted("France will deliver the Mistral short-range air defence missiles to Armenia.")
    assert fields(rows, "supplier", "recipient", "system", "system_id", "category") == [
        ("France", "Armenia", "Mistral short-range air defence missiles", "mistral", "air_defence")]


def test_equipment_as_a_threat_or_in_use_is_not_transferred():
    rows = drafted("France redirected the troop carriers to Armenia, deemed less suitable for the front due to their "
                   "vulnerability to artillery fire and anti-tank missiles.")
    assert fields(rows, "supplier", "recipient", "system") == [("France", "Armenia", "troop carriers")]
    rows = drafted("Armenia bought air defence systems against drones from France after drone attacks.")
    assert fields(rows, "supplier", "recipient", "system") == [("France", "Armenia", "air defence systems")]


def test_a_list_of_suppliers_gives_one_candidate_each():
    rows = drafted("Armenia’s recent procurement of arms from countries such as France, India, Greece, and others "
                   "indicates a departure from peace rhetoric.")
    assert fields(rows, "supplier", "recipient", "status") == [
        ("France", "Armenia", "agreed"), ("India", "Armenia", "agreed"), ("Greece", "Armenia", "agreed"),
        ("Unknown", "Armenia", "agreed")]


def test_a_text_with_no_transfer_proposes_nothing_and_has_the_columns_of_transfers_csv():
    rows = draft_claims(article("f06_no_transfer"), data_dir=DATA)
    assert rows.empty and list(rows.columns) == schema.TRANSFERS.columns
    weather = "Heavy snow closed several roads, and flights were delayed. The ministers met in Geneva."
    assert drafted(weather) == []
    mixed = drafted("It rained in Paris on Monday. France delivered 24 tanks to Armenia.")
    assert [r["quote"] for r in mixed] == ["France delivered 24 tanks to Armenia."]


# --------------------------------------------------------------------------
# Numbers: only what the quote states, by the validator's rules
# --------------------------------------------------------------------------


def test_quantity_and_value_only_where_the_quote_states_them():
    rows = drafted("India has supplied Armenia with weapons worth close to half a billion dollars in 2023.")
    assert fields(rows, "quantity", "value", "value_qualifier", "currency") == [("", "500000000", "approx", "USD")]
    rows = drafted("In 2022, Serbia signed a contract with China for the purchase of FK-3 air defence systems.")
    assert fields(rows, "supplier", "recipient", "quantity", "status") == [("China", "Serbia", "", "agreed")]
    rows = drafted("Israeli firm Elbit will supply Azerbaijan with Hermes 900 drones, officials said.")
    assert fields(rows, "supplier", "recipient", "system", "quantity", "status") == [
        ("Israel", "Azerbaijan", "Hermes 900 drones", "", "intent")]
    rows = drafted("Armenia and France finalised a deal for three GM200 radars and short-range surface-to-air "
                   "missiles.")
    assert fields(rows, "supplier", "system_id", "quantity") == [("France", "gm200", "3"), ("France", "", "")]


# --------------------------------------------------------------------------
# Quotes, context, ids, notes
# --------------------------------------------------------------------------


def test_a_sentence_that_names_one_side_takes_the_other_from_the_sentence_before_and_quotes_both():
    rows = drafted("Armenia paid for 50 tanks in 2022. The remaining 26 tanks were delivered by France in May.")
    assert fields(rows, "supplier", "recipient", "quantity", "status") == [("France", "Armenia", "26", "delivered")]
    assert rows[0]["quote"] == ("Armenia paid for 50 tanks in 2022. The remaining 26 tanks were delivered by France "
                                "in May.")
    assert "named in the sentence before" in rows[0]["notes"]


def test_every_quote_is_a_slice_of_the_text_with_only_line_breaks_read_as_spaces():
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        folded = " ".join(text.split())
        for row in drafted(text):
            assert " ".join(row["quote"].split()) in folded, (path.name, row["quote"])


def test_ids_and_notes_say_it_is_a_draft_and_why_each_field_was_chosen():
    rows = drafted(article("f01_refusal"), source_id="s900")
    # the headline ('Berlin rejects Kyiv's request for cruise missiles'), the refusal, the promise
    assert [r["claim_id"] for r in rows] == ["s900-d01", "s900-d02", "s900-d03"]
    assert {r["source_id"] for r in rows} == {"s900"}
    notes = rows[1]["notes"]
    assert notes.startswith("DRAFT") and "'refused to' ... 'supply'" in notes and "'to Ukraine'" in notes
    assert "not in actors.csv" not in notes  # Germany and Ukraine are actors of the repository's data
    assert rows[1]["deal_id"] == "deu-ukr-missiles"
    assert "'rejects' ... 'request'" in rows[0]["notes"] and "Germany supplies: the other party" in rows[0]["notes"]


def test_the_notes_say_which_part_a_side_taken_from_beside_the_transfer_plays():
    [row] = drafted("Egypt's foreign ministry said it had delivered drones to Sudan.")
    assert (row["supplier"], row["recipient"]) == ("Egypt", "Sudan")
    assert "Egypt supplies: only the source of the sentence ('Egypt') is left" in row["notes"]
    [row] = drafted("Berlin rejects Kyiv's request for cruise missiles")
    assert (row["supplier"], row["recipient"]) == ("Germany", "Ukraine")
    assert "Ukraine receives: it is named before 'request'; Germany supplies: the other party named beside it" \
        in row["notes"]


def test_an_actor_missing_from_actors_csv_is_flagged_and_a_listed_one_is_not():
    rows = drafted("Serbia delivered 20 howitzers to Cyprus.")
    assert "'Serbia' is not in actors.csv" in rows[0]["notes"] and "'Cyprus' is not in actors.csv" in rows[0]["notes"]
    rows = drafted("France delivered 20 howitzers to Armenia.")
    assert "not in actors.csv" not in rows[0]["notes"]


def test_a_system_of_systems_csv_gives_its_category_and_the_deal_of_transfers_csv():
    rows = drafted("France will deliver three GM200 radars to Armenia.")
    assert fields(rows, "system", "system_id", "category", "deal_id", "parent_deal_id", "quantity") == [
        ("GM200 radars", "gm200", "radars_sensors", "fra-arm-gm200", "fra-arm-package", "3")]


def test_the_same_text_gives_the_same_rows():
    text = article("f07_value")
    assert csv_text(draft_claims(text, data_dir=DATA)) == csv_text(draft_claims(text, data_dir=DATA))


# --------------------------------------------------------------------------
# Kept unchanged, a candidate passes the validator
# --------------------------------------------------------------------------


def _with_source(tmp_path: Path, text: str, source_id: str, rows: pd.DataFrame, actors: list[str] = ()) -> Path:
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    (data / "archive" / f"{source_id}.txt").write_text(text, encoding="utf-8")
    with (data / "sources.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [source_id, "", "", "", "", "", "other", "", "en", f"archive/{source_id}.txt", "a test article"])
    with (data / "actors.csv").open("a", encoding="utf-8", newline="") as fh:
        for name in actors:
            csv.writer(fh, lineterminator="\n").writerow([name, "state", "", "", "", ""])
    transfers = read_table(data / "transfers.csv")
    both = pd.concat([transfers.reset_index(drop=True), rows.reset_index(drop=True)], ignore_index=True)
    (data / "transfers.csv").write_text(csv_text(both), encoding="utf-8")
    return data


def test_candidates_kept_unchanged_pass_validate(tmp_path):
    text = ("France delivered 24 Bastion armoured vehicles to Armenia in 2023, the ministry said.\n\n"
            "India has supplied Armenia with weapons worth close to half a billion dollars. "
            "Paris and Yerevan signed a contract for three GM200 radars.")
    rows = draft_claims(text, source_id="s901", data_dir=DATA)
    assert len(rows) == 3
    assert armsdata.validate(_with_source(tmp_path, text, "s901", rows)) == []


def test_candidates_with_new_actors_pass_validate_once_the_actors_are_added(tmp_path):
    text = article("f03_unconfirmed")
    rows = draft_claims(text, source_id="s902", data_dir=DATA)
    problems = armsdata.validate(_with_source(tmp_path / "before", text, "s902", rows))
    assert problems and {p.column for p in problems} <= {"supplier", "recipient"}
    added = _with_source(tmp_path / "after", text, "s902", rows, actors=["South Korea", "Poland", "Norway"])
    assert armsdata.validate(added) == []


# --------------------------------------------------------------------------
# The wording is data
# --------------------------------------------------------------------------


def test_a_word_added_to_statuses_csv_is_read(tmp_path, monkeypatch):
    sentence = "Italy mothballed the sale of 12 helicopters to Egypt."
    assert fields(drafted(sentence), "status") == [("agreed",)]  # 'sale'
    copy = Path(shutil.copytree(wording.WORDING_DIR, tmp_path / "wording"))
    with (copy / "statuses.csv").open("a", encoding="utf-8") as fh:
        fh.write("mothballed,not_delivered,modifies_next,,a test\n")
    monkeypatch.setattr(wording, "WORDING_DIR", copy)
    assert fields(drafted(sentence), "supplier", "recipient", "status", "quantity") == [
        ("Italy", "Egypt", "not_delivered", "12")]


def test_every_word_list_uses_the_schema_vocabularies():
    statuses = read_table(wording.WORDING_DIR / "statuses.csv").fillna("")
    assert set(statuses["status"]) - {""} <= set(schema.STATUS)
    assert set(statuses["role"]) <= {*wording.TRANSFER_ROLES, *wording.MODIFIER_ROLES, "none"}
    assert set(read_table(wording.WORDING_DIR / "equipment.csv")["category"]) <= set(schema.CATEGORY)
    assert set(read_table(wording.WORDING_DIR / "qualifiers.csv")["qualifier"]) <= set(schema.QUANTITY_QUALIFIER)
    assert set(read_table(wording.WORDING_DIR / "currencies.csv")["currency"]) <= schema.code_list("iso4217")
    import pycountry

    codes = read_table(wording.WORDING_DIR / "countries.csv")["iso3"]
    assert all(pycountry.countries.get(alpha_3=c) for c in codes) and codes.is_unique


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------


def test_cli_writes_csv_in_transfers_columns_with_the_source_id_from_the_file_name(tmp_path, capsys):
    text = tmp_path / "s903.txt"
    text.write_text("France delivered 24 Bastion armoured vehicles to Armenia.\n", encoding="utf-8")
    out = tmp_path / "drafts.csv"
    assert main(["draft", str(text), "--format", "csv", "--out", str(out), "--data", str(DATA)]) == 0
    rows = read_table(out).fillna("")
    assert list(rows.columns) == schema.TRANSFERS.columns and rows["claim_id"].tolist() == ["s903-d01"]
    assert "1 candidate(s) for s903" in capsys.readouterr().err
    assert main(["draft", str(text), "--out", str(out), "--data", str(DATA)]) == 2  # exists: not overwritten
    assert read_table(out)["claim_id"].tolist() == ["s903-d01"]
    assert main(["draft", str(text), "--out", str(out), "--force", "--format", "json", "--data", str(DATA)]) == 0
    assert out.read_text(encoding="utf-8").startswith("[")


def test_cli_refuses_a_missing_file_and_text_that_is_not_utf8(tmp_path, capsys):
    assert main(["draft", str(tmp_path / "missing.txt"), "--data", str(DATA)]) == 2
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"France delivered tanks to Armenia for 5 \xe9.")
    assert main(["draft", str(bad), "--data", str(DATA)]) == 1
    assert "not valid UTF-8" in capsys.readouterr().out
    assert main(["draft", str(bad), "--source-id", "Not An Id", "--data", str(DATA)]) == 2


def test_cli_refuses_what_is_no_plain_text_with_one_line_each_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "drafts.csv"
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert main(["draft", str(folder), "--out", str(out), "--data", str(DATA)]) == 2
    assert "folder.txt is a directory, not a file" in capsys.readouterr().err
    pdf = tmp_path / "article.txt"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert main(["draft", str(pdf), "--out", str(out), "--data", str(DATA)]) == 1
    said = capsys.readouterr()
    assert said.out == f"{pdf}:0: (file): is a PDF document: the draft reads plain text; save the source's text as " \
                       "a UTF-8 text file (.txt) and draft that\n" and "Traceback" not in said.err
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    assert main(["draft", str(binary), "--out", str(out), "--data", str(DATA)]) == 1
    assert "is a binary file (not text)" in capsys.readouterr().out
    for content in (b"", b"\xef\xbb\xbf \n\n\t\n"):  # empty; a byte-order mark and white space
        empty = tmp_path / "empty.txt"
        empty.write_bytes(content)
        assert main(["draft", str(empty), "--out", str(out), "--data", str(DATA)]) == 1
        assert "empty.txt:0: (file): holds no text" in capsys.readouterr().out
    assert not out.exists()


def test_cli_out_in_a_missing_directory_or_onto_the_text_is_a_usage_error(tmp_path, capsys):
    text = tmp_path / "s904.txt"
    text.write_text("France delivered 24 Bastion armoured vehicles to Armenia.\n", encoding="utf-8")
    missing = tmp_path / "missing" / "drafts.csv"
    assert main(["draft", str(text), "--out", str(missing), "--data", str(DATA)]) == 2
    assert f"no such directory: {missing.parent} (create it first)" in capsys.readouterr().err
    assert not missing.parent.exists()
    assert main(["draft", str(text), "--out", str(text), "--force", "--data", str(DATA)]) == 2
    assert "is the input" in capsys.readouterr().err
    assert text.read_text(encoding="utf-8") == "France delivered 24 Bastion armoured vehicles to Armenia.\n"


def test_cli_help_says_what_is_read_what_is_written_and_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["draft", "--help"])
    assert exit_.value.code == 0
    shown = capsys.readouterr().out
    for words in ("TEXT", "--source-id", "--format", "--out", "--force", "--data", "armsdata/draft/wording/",
                  "statuses.csv", "armsdata validate", "Exit 0", "1 TEXT is no plain UTF-8 text", "2 usage error"):
        assert words in shown, words
    assert max(len(line) for line in shown.splitlines()) <= 100

"""The rules across files: keys, actor names and aliases, deals and their packages, systems; each on
every row whose cells it reads passed their own checks, so that one run shows every problem of a row."""

from __future__ import annotations

from armsdata import schema
from armsdata.validation import validate
from conftest import ACTORS, SOURCES, SYSTEMS, TRANSFERS, claim, located, make_data_dir, system, where


def test_unknown_actor_and_alias(tmp_path):
    rows = [claim(supplier="Frnace"), claim(claim_id="sa-02", supplier="Türkiye", deal_id="tur-arm-x")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(2, "supplier"), (3, "supplier")]
    assert problems[0].message.startswith("unknown actor")
    assert problems[1].message == "'Türkiye' is an alias; use the actor's name 'Turkey'"


def test_unknown_source_id(tmp_path):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(source_id="zz")]))
    assert [(p.line, p.column, p.message) for p in problems] == [
        (2, "source_id", "unknown source_id (not in sources.csv)")]


def test_actor_alias_may_not_be_another_actors_name(tmp_path):
    actors = [*ACTORS[:2], dict(ACTORS[2], aliases="France")]
    assert where(validate(make_data_dir(tmp_path, actors=actors))) == [("actors.csv", 4, "aliases")]


def test_one_alias_given_for_two_actors(tmp_path):
    actors = [dict(ACTORS[0], aliases="Hayastan"), ACTORS[1], dict(ACTORS[2], aliases="Türkiye; Hayastan")]
    problems = validate(make_data_dir(tmp_path, actors=actors))
    assert located(problems) == [
        ("actors.csv", 4, "aliases", "alias also given for 'Armenia'")]


def test_stray_spaces_in_an_actor_name_are_reported_once_where_the_name_is(tmp_path):
    actors = [ACTORS[0], dict(ACTORS[1], name="France "), ACTORS[2]]
    problems = validate(make_data_dir(tmp_path, actors=actors))
    assert where(problems) == [("actors.csv", 3, "name")]
    assert problems[0].message.startswith("begins or ends with white space")


def test_claims_of_one_deal_share_supplier_and_recipient(tmp_path):
    rows = [claim(), claim(claim_id="sa-02", supplier="Turkey",
                           quote="France will deliver three GM200 radars")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column) for p in problems] == [(3, "supplier")]
    assert "line 2" in problems[0].message


def test_a_claim_is_not_blamed_for_its_source_row_having_a_problem(tmp_path):
    sources = [{**SOURCES[0], "source_type": "blog"}, SOURCES[1]]  # sa has a problem of its own
    problems = validate(make_data_dir(tmp_path, sources=sources))
    assert [(p.path.endswith("sources.csv"), p.line, p.column) for p in problems] == [(True, 2, "source_type")]


def test_a_claim_with_a_bad_cell_is_checked_against_the_other_files_on_its_other_cells(tmp_path):
    row = claim(notes="=see below", supplier="Frnace", quote="France will sell tanks.", system_id="bastion")
    problems = validate(make_data_dir(tmp_path, transfers=[row]))
    assert where(problems) == [("transfers.csv", 2, c) for c in ("supplier", "system_id", "category", "quantity",
                                                                 "quote", "notes")]


def test_claims_entered_twice_are_checked_against_the_other_files_too(tmp_path):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(supplier="Frnace")] * 2))
    assert where(problems) == [("transfers.csv", line, c) for line in (2, 3) for c in ("claim_id", "supplier",
                                                                                        "(row)")]


def test_an_actor_or_system_with_a_bad_cell_still_has_its_aliases_checked(tmp_path):
    actors = [*ACTORS[:2], dict(ACTORS[2], iso3="TR", aliases="France")]
    systems = [SYSTEMS[0], dict(SYSTEMS[1], producer_country="France", aliases="GM200")]
    problems = validate(make_data_dir(tmp_path, actors=actors, systems=systems))
    assert where(problems) == [("actors.csv", 4, "iso3"), ("actors.csv", 4, "aliases"),
                               ("systems.csv", 3, "producer_country"), ("systems.csv", 3, "aliases")]


def test_a_claim_is_held_to_the_category_its_system_has_where_that_is_readable(tmp_path):
    systems = [dict(SYSTEMS[0], category="radar"), SYSTEMS[1]]  # not a category: no claim is blamed for differing
    problems = validate(make_data_dir(tmp_path, systems=systems))
    assert where(problems) == [("systems.csv", 2, "category")]


def test_a_deal_is_held_to_its_first_readable_claim(tmp_path):
    rows = [claim(parent_deal_id="FRA pkg"), claim(claim_id="sa-02", quote="deliver three GM200 radars")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    # line 2's parent_deal_id is no deal_id: line 3 is the deal's first claim with a readable one
    assert where(problems) == [("transfers.csv", 2, "parent_deal_id")]


def test_a_cell_right_but_for_its_white_space_is_read_as_it_will_be_once_fixed(tmp_path):
    rows = [claim(supplier="France ", status=" shiped"), claim(claim_id="sa-02", supplier=" Frnace", status="agreed",
                                                                quote="deliver three GM200 radars")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column, p.message.split(";")[0], p.value) for p in problems] == [
        (2, "supplier", schema.MESSAGES["trimmed"].split(";")[0], "France "),
        (2, "status", schema.MESSAGES["trimmed"].split(";")[0], " shiped"),
        (2, "status", schema.vocabulary_message(schema.TRANSFERS.field("status")), " shiped"),
        (3, "supplier", schema.MESSAGES["trimmed"].split(";")[0], " Frnace"),
        (3, "supplier", "differs from the deal's first claim on line 2 ('France')", "Frnace"),
        (3, "supplier", "unknown actor", "Frnace"),
    ]
    assert problems[2].message.endswith("; did you mean 'shipped'? (even without the white space around it)")


#: A claim that names no system and belongs to no package: both references are empty.
GENERIC = dict(claim_id="sa-02", deal_id="fra-arm-general", system="arms", system_id="", category="unspecified",
               quantity="", quantity_qualifier="", quote="France to sell arms to Armenia")


def test_empty_system_id_and_parent_deal_id_refer_to_nothing(tmp_path):
    rows = [claim(), claim(**GENERIC)]
    assert validate(make_data_dir(tmp_path, transfers=rows)) == []


def test_unknown_system_id_and_parent_deal_id(tmp_path):
    rows = [claim(system_id="gm-200", parent_deal_id="fra-arm-package")]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "parent_deal_id",
         "unknown parent_deal_id (not in transfers.csv); did you mean 'fra-arm-gm200'?"),
        ("transfers.csv", 2, "system_id", "unknown system_id (not in systems.csv); did you mean 'gm200'?"),
    ]


def test_a_component_names_a_package_of_the_same_supplier_and_recipient(tmp_path):
    package = dict(GENERIC, deal_id="fra-arm-package")
    assert validate(make_data_dir(tmp_path, transfers=[claim(parent_deal_id="fra-arm-package"), claim(**package)])) == []


def test_a_deal_is_not_its_own_package(tmp_path):
    rows = [claim(parent_deal_id="fra-arm-gm200")]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "parent_deal_id", "a deal cannot be its own package")]


def test_a_package_of_another_supplier_is_refused(tmp_path):
    package = dict(GENERIC, deal_id="tur-arm-package", supplier="Turkey")
    rows = [claim(parent_deal_id="tur-arm-package"), claim(**package)]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "parent_deal_id",
         "the package is from 'Turkey' to 'Armenia'; a component has its package's supplier and recipient")]


def test_a_package_has_no_package_of_its_own(tmp_path):
    # gm200 (line 2) -> fra-arm-package (line 3) -> fra-arm-bigger (line 4): two levels, refused on line 2 only
    rows = [claim(parent_deal_id="fra-arm-package"),
            claim(**dict(GENERIC, deal_id="fra-arm-package", parent_deal_id="fra-arm-bigger")),
            claim(**dict(GENERIC, claim_id="sa-03", deal_id="fra-arm-bigger"))]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "parent_deal_id",
         "the package is itself a component of 'fra-arm-bigger'; a package cannot have a package")]


#: A deal in general words that may be the GM200 deal of the first claim (sa-01).
RADARS = dict(GENERIC, deal_id="fra-arm-radars", system="radars", category="radars_sensors",
              overlaps_deal_id="fra-arm-gm200")


def test_a_deal_may_restate_a_deal_of_the_same_supplier_and_recipient(tmp_path):
    assert validate(make_data_dir(tmp_path, transfers=[claim(), claim(**RADARS)])) == []


def test_the_deal_a_deal_may_restate_is_a_known_other_deal_of_its_pair(tmp_path):
    rows = [claim(), claim(**dict(RADARS, overlaps_deal_id="fra-arm-gm-200")),  # unknown (line 3)
            claim(**dict(RADARS, claim_id="sa-03", deal_id="fra-arm-radar", overlaps_deal_id="fra-arm-radar")),
            claim(**dict(RADARS, claim_id="sa-04", deal_id="tur-arm-radars", supplier="Turkey"))]  # France's GM200
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 3, "overlaps_deal_id",
         "unknown overlaps_deal_id (not in transfers.csv); did you mean 'fra-arm-gm200'?"),
        ("transfers.csv", 4, "overlaps_deal_id", "a deal cannot restate itself"),
        ("transfers.csv", 5, "overlaps_deal_id",
         "the deal it may restate is from 'France' to 'Armenia'; a deal may restate only a deal of its own "
         "supplier and recipient"),
    ]


def test_the_deal_a_deal_may_restate_restates_none_itself(tmp_path):
    # radars (line 3) -> air defence (line 4) -> GM200 (line 2): refused on line 3 only
    rows = [claim(), claim(**dict(RADARS, overlaps_deal_id="fra-arm-air-defence")),
            claim(**dict(RADARS, claim_id="sa-03", deal_id="fra-arm-air-defence", category="air_defence"))]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 3, "overlaps_deal_id",
         "the deal it may restate may itself restate 'fra-arm-gm200'; name the deal that restates none")]


def test_claims_of_one_deal_share_the_deal_they_may_restate(tmp_path):
    rows = [claim(), claim(**RADARS), claim(**dict(RADARS, claim_id="sa-03", overlaps_deal_id=""))]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 4, "overlaps_deal_id",
         "differs from the deal's first claim on line 3 ('fra-arm-gm200'); claims of one deal_id share "
         "overlaps_deal_id")]


def test_claims_of_one_deal_share_package_and_system(tmp_path):
    # the two Bastion claims (lines 3 and 4) disagree on the package and on the system
    package = dict(GENERIC, claim_id="sa-03", deal_id="fra-arm-package")
    rows = [TRANSFERS[0], dict(TRANSFERS[1], parent_deal_id="fra-arm-package"),
            dict(TRANSFERS[2], system_id="", system="armoured vehicles"), claim(**package)]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 4, "parent_deal_id",
         "differs from the deal's first claim on line 3 ('fra-arm-package'); claims of one deal_id share "
         "parent_deal_id"),
        ("transfers.csv", 4, "system_id",
         "differs from the deal's first claim on line 3 ('bastion'); claims of one deal_id share system_id"),
    ]


def test_a_claim_naming_a_system_has_its_category(tmp_path):
    rows = [claim(category="air_defence")]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "category", "differs from the category of system 'gm200' in systems.csv "
                                         "('radars_sensors')")]


def test_a_claim_using_a_systems_name_carries_its_id(tmp_path):
    # line 2 names GM200 without an id; line 3 calls Bastion by its alias (in another case) but links gm200
    rows = [claim(system_id=""), claim(claim_id="sa-02", deal_id="fra-arm-x", system="BASTION ARMOURED VEHICLES")]
    assert located(validate(make_data_dir(tmp_path, transfers=rows))) == [
        ("transfers.csv", 2, "system_id", "'GM200' is a name of system 'gm200' in systems.csv; system_id must be 'gm200'"),
        ("transfers.csv", 3, "system_id",
         "'BASTION ARMOURED VEHICLES' is a name of system 'bastion' in systems.csv; system_id must be 'bastion'"),
    ]


def test_a_system_alias_may_not_be_another_systems_designation(tmp_path):
    systems = [system(aliases="Ground Master 200; BASTION"), SYSTEMS[1]]  # case does not tell names apart
    assert located(validate(make_data_dir(tmp_path, systems=systems))) == [
        ("systems.csv", 2, "aliases", "alias is the designation of system 'bastion'")]


def test_a_system_alias_may_not_name_two_systems(tmp_path):
    systems = [SYSTEMS[0], dict(SYSTEMS[1], aliases="Bastion armoured vehicles; ground master 200")]
    assert located(validate(make_data_dir(tmp_path, systems=systems))) == [
        ("systems.csv", 3, "aliases", "alias also given for system 'gm200'")]


def test_a_system_without_designation_is_reported_not_crashed_on(tmp_path):
    # found by fuzzing: the rule naming a claim's system read the designation of a row with a problem of its own
    systems = [system(designation=""), *SYSTEMS[1:]]
    problems = validate(make_data_dir(tmp_path, systems=systems))
    assert where(problems) == [("systems.csv", 2, "designation")]


def test_a_system_without_id_is_reported_not_crashed_on(tmp_path):
    # found by fuzzing: the key of a system whose system_id is empty went to Arrow as a float (ArrowTypeError)
    systems = [system(system_id=""), *SYSTEMS[1:]]
    problems = validate(make_data_dir(tmp_path, systems=systems))
    assert located(problems) == [
        ("transfers.csv", 2, "system_id", "unknown system_id (not in systems.csv)"),  # gm200 is no system now
        ("systems.csv", 2, "system_id", "must not be empty")]

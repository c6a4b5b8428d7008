"""datapackage.json and .pre-commit-hooks.yaml: generated from the schema, accepted by the tools that read them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from armsdata import schema
from armsdata.cli import main
from armsdata.datapackage import datapackage, datapackage_json, field_descriptor
from conftest import REPO, TRANSFERS, claim, make_data_dir, write_csv

frictionless = pytest.importorskip("frictionless")


def frictionless_errors(descriptor: Path) -> list[tuple[str, int | None, str | None, str]]:
    """(resource, row, field, error type) of every error the Frictionless validator reports."""
    report = frictionless.Package(str(descriptor)).validate()
    return [(task.name, e.get("rowNumber"), e.get("fieldName"), e["type"])
            for task in report.tasks for e in (err.to_descriptor() for err in task.errors)]


@pytest.fixture
def package_dir(tmp_path: Path) -> Path:
    """A hand-made valid data directory with the generated datapackage.json beside it."""
    make_data_dir(tmp_path)
    (tmp_path / "data" / "register").mkdir()
    for table in (schema.REGISTER, schema.REGISTER_CATEGORIES):
        shutil.copy(REPO / "data" / table.filename, tmp_path / "data" / table.filename)
    (tmp_path / "datapackage.json").write_text(datapackage_json(), encoding="utf-8")
    return tmp_path


def test_the_committed_descriptor_is_the_generated_one():
    committed = (REPO / "datapackage.json").read_text(encoding="utf-8")
    assert committed == datapackage_json(), "datapackage.json is stale: run 'armsdata datapackage'"


def test_every_schema_field_is_described_in_order():
    resources = {r["name"]: r for r in datapackage()["resources"]}
    for table in schema.TABLES:
        fields = resources[table.name]["schema"]["fields"]
        assert [f["name"] for f in fields] == table.columns
        assert resources[table.name]["schema"]["primaryKey"] == [table.primary_key]
        for f, spec in zip(table.fields, fields):
            constraints = spec.get("constraints", {})
            assert constraints.get("required", False) == f.required
            assert constraints.get("unique", False) == f.unique
            assert constraints.get("enum") == f.enum


def test_the_register_resource_credits_sipri_and_has_boolean_flags():
    register = {r["name"]: r for r in datapackage()["resources"]}["register"]
    assert (register["name"], register["path"]) == ("register", "data/register/sipri.csv")
    assert register["sources"] == [{"title": "Information from the SIPRI Arms Transfers Database",
                                    "path": "https://www.sipri.org/databases/armstransfers"}]
    assert "data/register/sipri.extract.json names the SIPRI export" in register["description"]
    assert [f["name"] for f in register["schema"]["fields"]] == schema.REGISTER.columns
    assert "primaryKey" not in register["schema"]  # the trade register has no deal ID
    flag = field_descriptor(schema.REGISTER.field("order_year_estimated"))
    assert (flag["type"], flag["trueValues"], flag["falseValues"]) == ("boolean", ["true"], ["false"])


def test_frictionless_checks_the_register_extract(package_dir):
    path = package_dir / "data" / schema.REGISTER.filename
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",true,", ",yes,", 1).replace(",false,", ",no,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = frictionless_errors(package_dir / "datapackage.json")
    assert {(resource, row, error) for resource, row, _, error in errors} == {("register", 2, "type-error")}


def test_types_and_missing_values_follow_the_text_convention():
    assert field_descriptor(schema.TRANSFERS.field("quantity")) == {
        "name": "quantity", "type": "integer", "description": schema.TRANSFERS.field("quantity").description,
        "example": "50", "constraints": {"minimum": 0}}
    assert field_descriptor(schema.TRANSFERS.field("value"))["type"] == "number"
    event_date = field_descriptor(schema.TRANSFERS.field("event_date"))
    assert (event_date["type"], event_date["constraints"]) == (
        "string", {"pattern": "[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"})
    assert field_descriptor(schema.SOURCES.field("outlet_country"))["constraints"] == {"pattern": "[A-Z]{3}"}
    assert {r["schema"]["missingValues"][0] for r in datapackage()["resources"]} == {""}


def test_foreign_keys_point_claims_at_sources_actors_systems_and_packages():
    transfers = datapackage()["resources"][0]
    assert transfers["schema"]["foreignKeys"] == [
        {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}},
        {"fields": ["supplier"], "reference": {"resource": "actors", "fields": ["name"]}},
        {"fields": ["recipient"], "reference": {"resource": "actors", "fields": ["name"]}},
        {"fields": ["system_id"], "reference": {"resource": "systems", "fields": ["system_id"]}},
        {"fields": ["parent_deal_id"], "reference": {"resource": "", "fields": ["deal_id"]}},  # the table itself
        {"fields": ["overlaps_deal_id"], "reference": {"resource": "", "fields": ["deal_id"]}},
    ]


def test_licence_is_cc_by_for_the_data():
    assert [lic["name"] for lic in datapackage()["licenses"]] == ["CC-BY-4.0"]


def test_frictionless_accepts_valid_data(package_dir):
    assert frictionless_errors(package_dir / "datapackage.json") == []


def test_frictionless_sees_what_the_descriptor_promises(package_dir):
    rows = [claim(status="shipd", quantity="-3"),  # enum; integer minimum
            claim(claim_id="sa-02", source_id="nowhere", event_date="2023-1"),  # foreign key; date pattern
            TRANSFERS[2]]
    write_csv(package_dir / "data" / "transfers.csv", rows, schema.TRANSFERS.columns)
    errors = frictionless_errors(package_dir / "datapackage.json")
    assert ("transfers", 2, "status", "constraint-error") in errors
    assert ("transfers", 2, "quantity", "constraint-error") in errors
    assert ("transfers", 3, "event_date", "constraint-error") in errors
    assert ("transfers", 3, None, "foreign-key") in errors


def test_frictionless_checks_system_and_package_references(package_dir):
    rows = [claim(system_id="nowhere"),  # unknown system (row 2)
            claim(claim_id="sa-02", deal_id="fra-arm-bastion", parent_deal_id="no-such-deal",  # unknown deal (row 3)
                  system_id="bastion", category="armoured_vehicles"),
            claim(claim_id="sa-03", deal_id="fra-arm-mistral", parent_deal_id="fra-arm-bastion",  # known (row 4)
                  system_id="")]
    write_csv(package_dir / "data" / "transfers.csv", rows, schema.TRANSFERS.columns)
    errors = frictionless_errors(package_dir / "datapackage.json")
    assert [e for e in errors if e[3] == "foreign-key"] == [("transfers", 2, None, "foreign-key"),
                                                            ("transfers", 3, None, "foreign-key")]


def test_frictionless_accepts_the_curated_repository_data(tmp_path):
    if not (REPO / "data" / "transfers.csv").exists():
        pytest.skip("data/ has no transfers.csv yet")
    shutil.copy(REPO / "datapackage.json", tmp_path)
    shutil.copytree(REPO / "data", tmp_path / "data", ignore=shutil.ignore_patterns("archive"))
    assert frictionless_errors(tmp_path / "datapackage.json") == []


def test_datapackage_command_checks_and_rewrites(tmp_path, capsys):
    path = tmp_path / "datapackage.json"
    assert main(["datapackage", "--check", "--file", str(path)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert not path.exists()  # --check writes nothing
    assert main(["datapackage", "--file", str(path)]) == 0
    assert json.loads(path.read_text(encoding="utf-8")) == datapackage()
    assert main(["datapackage", "--check", "--file", str(path)]) == 0
    with pytest.raises(SystemExit) as exit_:  # writing is the default: there is no --write
        main(["datapackage", "--write", "--file", str(path)])
    assert exit_.value.code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datapackage.json"]  # no temporary file left


def test_pre_commit_hook_runs_the_validator(data_dir, capsys):
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert re.match(hook["files"], "data/transfers.csv") and not re.match(hook["files"], "armsdata/io.py")
    program, *command = hook["entry"].split()
    assert program == "armsdata"
    assert main([*command, str(data_dir)]) == 0
    assert capsys.readouterr().out == f"{data_dir}: valid\n"

"""armsdata.schema.checks, pandera's side of the schema: the registered checks, and schemas that read back from
YAML in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from armsdata import schema
from armsdata.schema import checks

#: Every table armsdata checks or publishes: the files, the register and its categories, and the deals.
ALL_TABLES = (*schema.TABLES, *schema.OPTIONAL_TABLES, schema.DEALS)

#: Run in a fresh process: read a schema back from its YAML after importing armsdata.schema.checks (and nothing that
#: registered its checks before), compare it with the one built there, and validate a bad cell with it.
READ_BACK = """
import json, sys
import pandas as pd
import pandera.pandas as pa
registered_before = hasattr(pa.Check, "armsdata_not_blank")
import armsdata.schema.checks
from armsdata import schema
table = {t.name: t for t in (*schema.TABLES, *schema.OPTIONAL_TABLES, schema.DEALS)}[sys.argv[1]]
back = pa.DataFrameSchema.from_yaml(open(sys.argv[2], encoding="utf-8").read())
built = armsdata.schema.checks.pandera_schema(table)
same = back == built and all(
    [(c.name, c.error, c.statistics) for c in back.columns[n].checks]
    == [(c.name, c.error, c.statistics) for c in column.checks] for n, column in built.columns.items())
frame = pd.DataFrame({f.name: [f.example or None] for f in table.fields}, dtype="str")
first = table.fields[0].name
frame[first] = ["=1+1"]
try:
    back.validate(frame, lazy=True)
    found = []
except pa.errors.SchemaErrors as exc:
    cases = exc.failure_cases
    found = sorted(set(cases.loc[cases["column"] == first, "check"].astype(str)))
print(json.dumps({"registered_before": registered_before, "same": same, "found": found}))
"""


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.name)
def test_a_schema_reads_back_from_yaml_in_a_fresh_process(table, tmp_path):
    text = checks.pandera_schema(table).to_yaml()
    serialised = yaml.safe_load(text)["columns"]
    for name in table.columns:  # every column's checks are written out by name, with their arguments
        assert "armsdata_not_blank" in serialised[name], name
    (tmp_path / "schema.yaml").write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", READ_BACK, table.name, str(tmp_path / "schema.yaml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["registered_before"] is False  # a fresh process: importing armsdata.schema.checks registered them
    assert result["same"] is True
    assert schema.MESSAGES["formula"] in result["found"]  # the registered check runs, with its message


def test_the_checks_are_registered_on_import():
    import pandera.pandas as pa

    names = [n for n in dir(checks) if n.startswith("armsdata_")]
    assert len(names) == 9 and all(hasattr(pa.Check, n) for n in names)
    row_checks = {n.removeprefix("armsdata_") for n in names} & set(schema.ROW_CHECKS)
    assert row_checks == set(schema.ROW_CHECKS)  # every check a RowRule may name is registered


def test_the_schema_module_does_not_import_pandera():
    done = subprocess.run([sys.executable, "-c", "import sys, armsdata.schema; print('pandera' in sys.modules)"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert schema.pandera_schema is checks.pandera_schema and schema.field_checks is checks.field_checks


def test_a_tables_pandera_schema_is_built_once_by_its_value():
    from dataclasses import replace

    same = replace(schema.TRANSFERS)  # an equal table, another object
    assert same is not schema.TRANSFERS and checks.pandera_schema(same) is checks.pandera_schema(schema.TRANSFERS)
    extra = replace(schema.ACTORS, fields=(*schema.ACTORS.fields, schema.Field("motto", "A motto.")))
    assert "motto" in checks.pandera_schema(extra).columns
    assert "motto" not in checks.pandera_schema(schema.ACTORS).columns

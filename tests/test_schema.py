"""The schema: each rule accepts a good value and rejects a bad one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armsdata import schema
from conftest import examples


def check_column(table: schema.Table, column: str, value: str) -> bool:
    """True when ``value`` passes every check of ``column`` (other cells are left valid)."""
    frame = pd.DataFrame({f.name: [f.example or None] for f in table.fields}, dtype=str)
    frame[column] = [value or None]  # an empty cell is missing, as read_table gives it
    field_schema = schema.pandera_schema(table).columns[column]
    try:
        field_schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors:
        return False
    return True


@pytest.mark.parametrize("table, column, good, bad", [
    (schema.TRANSFERS, "claim_id", "s001f-03", "S 1"),
    (schema.TRANSFERS, "deal_id", "fra-arm-bastion", "fra_arm"),
    (schema.TRANSFERS, "deal_id", "fra-arm-bastion", "fra-arm-"),
    (schema.TRANSFERS, "supplier", "France", ""),
    (schema.TRANSFERS, "category", "air_defence", "air defence"),
    (schema.TRANSFERS, "quantity", "24", "24.5"),
    (schema.TRANSFERS, "quantity", "", "about 20"),
    (schema.TRANSFERS, "quantity_qualifier", "approx", "about"),
    (schema.TRANSFERS, "value", "250000000", "250,000,000"),
    (schema.TRANSFERS, "value", "1.5", "$1.5"),
    (schema.TRANSFERS, "currency", "USD", "usd"),
    (schema.TRANSFERS, "currency", "EUR", "XYZ"),
    (schema.TRANSFERS, "status", "not_delivered", "cancelled"),
    (schema.TRANSFERS, "event_date", "2023", "2023/10"),
    (schema.TRANSFERS, "event_date", "2023-10", "2023-00"),
    (schema.TRANSFERS, "event_date", "2024-02-29", "2023-02-29"),
    (schema.TRANSFERS, "quote", "Paris will sell.", ""),
    (schema.TRANSFERS, "notes", "", "=1+1"),
    (schema.TRANSFERS, "notes", "-5", "- a dash"),
    (schema.SOURCES, "published", "2023-12-08", "8 Dec 2023"),
    (schema.SOURCES, "url", "https://example.org/a", "example.org"),
    (schema.SOURCES, "source_type", "reader_comment", "comment"),
    (schema.SOURCES, "outlet_country", "IND", "IN"),
    (schema.SOURCES, "language", "en", "eng"),
    (schema.SOURCES, "archive", "archive/s000.txt", "../etc/passwd.txt"),
    (schema.SOURCES, "archive", "archive/s000.txt", "/archive/s000.txt"),
    (schema.ACTORS, "kind", "non_state", "rebel"),
    (schema.ACTORS, "iso3", "ARM", "ARX"),
    (schema.ACTORS, "name", "Nagorno-Karabakh", ""),
    (schema.ACTORS, "subject", "true", "yes"),
    (schema.TRANSFERS, "overlaps_deal_id", "fra-arm-bastion", "FRA bastion"),
])
def test_rule_accepts_good_and_rejects_bad(table, column, good, bad):
    assert check_column(table, column, good)
    assert not check_column(table, column, bad)


#: The public names of armsdata.schema when it was one module, each still ``schema.X`` now that it is a package
#: (``first_and_last_bytes`` became ``first_bytes`` and ``last_bytes``).
PUBLIC_NAMES = (
    "ACTORS", "ACTOR_KIND", "ARCHIVE_PATTERN", "BOOLEAN_PATTERN", "CATEGORY", "CODE_LABELS", "CONTROL_CHARACTERS",
    "COUNTED_FROM", "DATE_PATTERN", "DEALS", "DEAL_FIELDS", "DEAL_KIND", "DEAL_PATTERN", "DEAL_REFERENCES",
    "DISCREPANCY_KIND", "DealReference", "FOREIGN_KEYS", "FORMULA_STARTS", "Field", "ID_PATTERN", "INTEGER_PATTERN",
    "KIND_CATEGORY", "LANGUAGE_PATTERN", "MESSAGES", "NUMBER_PATTERN", "OFF_SCALE_STATUSES", "OPTIONAL_TABLES",
    "ORIGIN", "PIPELINE_STAGES", "QUALIFIER_WORDING", "QUANTITY_QUALIFIER", "QUOTE_GAP", "REGISTER",
    "REGISTER_CATEGORIES", "REVISION", "ROW_CHECKS", "RowRule", "SIPRI_CATEGORY", "SOURCES", "SOURCE_TYPE", "STANCE",
    "STATUS", "STATUS_STANCE", "SYSTEMS", "SYSTEM_ID_PATTERN", "TABLES", "TRANSFERS", "Table", "UNKNOWN_ACTOR",
    "URL_PATTERN", "VERDICT", "VERDICT_BESIDE", "Verdict", "YEARS_PATTERN", "YEAR_PATTERN", "arrow_text", "code_list",
    "code_message", "field_checks", "first_control_character", "has_control_characters", "has_words",
    "is_formula_like", "is_not_blank", "is_trimmed", "is_valid_partial_date", "pandera_schema", "pattern_message",
    "row_rule_message", "same_record_columns", "same_rows", "vocabulary_message",
)


def test_every_public_name_of_the_schema_is_still_schema_x():
    missing = [name for name in PUBLIC_NAMES if not hasattr(schema, name)]
    assert not missing
    assert schema.TRANSFERS is schema.tables.TRANSFERS and schema.STATUS is schema.vocabularies.STATUS


def test_is_formula_like():
    cells = pd.Series(["=A1", "+1", "@x", "\tx", "\rx", "-x", "-1.5", "a=b", "", "1-2", "'=A1", "'-1", "'x", "'"])
    assert schema.is_formula_like(cells).tolist() == [True, True, True, True, True, True, False, False, False, False,
                                                      True, True, False, False]


def test_partial_dates():
    cells = pd.Series(["2023", "2023-12", "2023-12-31", "2023-13", "2023-11-31", "202", "2023-1-01"])
    assert schema.is_valid_partial_date(cells).tolist() == [True, True, True, False, False, False, False]


@pytest.mark.parametrize("rule_column, good, bad", [
    ("quantity_qualifier", {"quantity": "3", "quantity_qualifier": "exact"}, {"quantity": "3"}),
    ("quantity_qualifier", {}, {"quantity_qualifier": "exact"}),
    ("currency", {"value": "5", "currency": "USD"}, {"value": "5"}),
    ("value_qualifier", {"value": "5", "value_qualifier": "approx"}, {"value": "5"}),
    ("value_qualifier", {}, {"value_qualifier": "exact"}),
    ("recipient", {"supplier": "Unknown", "recipient": "Unknown"}, {"supplier": "France", "recipient": "France"}),
])
def test_row_rules(rule_column, good, bad):
    (rule,) = [r for r in schema.TRANSFERS.row_rules if r.column == rule_column]
    base = {c: None for c in schema.TRANSFERS.columns} | {"supplier": "France", "recipient": "Armenia"}
    frame = pd.DataFrame([base | good, base | bad], dtype=str)
    (check,) = [c for c in schema.pandera_schema(schema.TRANSFERS).checks if c.error == schema.row_rule_message(rule)]
    assert check(frame).check_output.tolist() == [True, False]


def test_a_check_of_whole_rows_names_one_failing_row_to_pandera():
    # pandera lists each failing row of such a check cell by cell (100 us a row: 10 s for 100,000 rows entered
    # twice); it names one, and the validator asks the check for the others (validation.failures.row_check_problems)
    base = {c: "x" for c in schema.TRANSFERS.columns} | {"supplier": "France", "recipient": "France", "value": "5",
                                                         "currency": None}
    frame = pd.DataFrame([base] * 50, dtype="str")
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema.pandera_schema(schema.TRANSFERS).validate(frame, lazy=True)
    cases = raised.value.failure_cases
    on_rows = cases[cases["schema_context"] == "DataFrameSchema"].dropna(subset=["index"])
    expected = {schema.MESSAGES["same_record"], *(schema.row_rule_message(r) for r in schema.TRANSFERS.row_rules
                                                 if r.column in ("recipient", "currency"))}
    assert set(on_rows["check"]) == expected
    assert on_rows.groupby("check")["index"].nunique().tolist() == [1, 1, 1]


def test_every_vocabulary_value_has_a_meaning_and_example():
    for vocabulary in (schema.STATUS, schema.CATEGORY, schema.QUANTITY_QUALIFIER, schema.SOURCE_TYPE,
                       schema.ACTOR_KIND):
        for value, (meaning, example) in vocabulary.items():
            assert value == value.lower().replace(" ", "_") and meaning and example, value


def test_pipeline_stages_are_statuses():
    assert set(schema.PIPELINE_STAGES) <= set(schema.STATUS)
    assert schema.COUNTED_FROM in schema.PIPELINE_STAGES


def test_every_reference_between_deals_is_a_shared_key_to_a_deal():
    assert [r.column for r in schema.DEAL_REFERENCES] == ["parent_deal_id", "overlaps_deal_id"]
    for reference in schema.DEAL_REFERENCES:
        assert schema.FOREIGN_KEYS[("transfers", reference.column)] == ("transfers", "deal_id")
        assert reference.column in schema.DEAL_FIELDS  # the same for all claims of a deal
        assert schema.TRANSFERS.field(reference.column).pattern == schema.DEAL_PATTERN


def test_the_columns_shared_by_a_deals_claims_are_declared_once_and_say_so():
    assert schema.DEAL_FIELDS == ("parent_deal_id", "overlaps_deal_id", "supplier", "recipient", "system_id")
    for f in schema.TRANSFERS.fields:
        assert f.description.endswith(" The same for all claims of a deal.") == (f.name in schema.DEAL_FIELDS), f.name
        assert f.description.count("The same for all claims") <= 1, f.name
    assert schema.DEALS.field("supplier").description == schema.TRANSFERS.field("supplier").description


def test_field_examples_pass_their_own_rules():
    for table in schema.TABLES:
        for f in table.fields:
            if f.example:
                assert check_column(table, f.name, f.example), (table.name, f.name)


# --------------------------------------------------------------------------
# The fast paths over Arrow text give the answers of the plain definitions
# --------------------------------------------------------------------------

#: Characters each fast path must tell apart: control characters (C0, DEL, C1 and line breaks),
#: other bytes 0xC2 begins (no-break space), Unicode white space, formula starts, gaps and ellipses.
TRICKY = ["a", "Z", "5", " ", "\t", "\n", "\r", "\r\n", "\x00", "\x1b", "\x1c", "\x7f", "\x85", "\x9f", "\xa0",
          "\xa9", "é", "\u2028", "\u3000", "=", "+", "@", "-", "-5", ".", "[...]", "...", "…", "“", "😀"]
# codec="utf-8": no lone surrogates, which no UTF-8 file (nor Arrow) can hold
CELLS = st.one_of(st.none(),
                  st.lists(st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=6).map("".join))


def arrow_series(parts: list[list[str | None]], large: bool, offset: bool) -> pd.Series:
    """Text as read_table gives it: Arrow-backed, in several chunks (sliced ones too, when ``offset``)."""
    import pyarrow

    kind = pyarrow.large_string() if large else pyarrow.string()
    chunks = [pyarrow.array(["=x\x1b", *part] if offset else part, type=kind)[1 if offset else 0:] for part in parts]
    table = pyarrow.table({"c": pyarrow.chunked_array(chunks, type=kind)})
    return table.to_pandas(types_mapper={kind: pd.StringDtype("pyarrow", na_value=np.nan)}.get)["c"]


FAST_AND_PLAIN = [
    ("is_formula_like", lambda c: schema.is_formula_like(c), lambda c: schema.cells._is_formula_like_exact(c)),
    ("is_not_blank", lambda c: schema.is_not_blank(c), lambda c: schema.cells._is_not_blank_exact(c)),
    ("is_trimmed", lambda c: schema.is_trimmed(c), lambda c: schema.cells._is_trimmed_exact(c)),
    ("has_words", lambda c: schema.has_words(c), lambda c: schema.cells._has_words_exact(c)),
    *[(f"has_control_characters(line_breaks={b})", lambda c, b=b: schema.has_control_characters(c, line_breaks=b),
       lambda c, b=b: schema.cells._has_control_characters_exact(c, line_breaks=b)) for b in (True, False)],
]


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.lists(CELLS, max_size=5), min_size=1, max_size=4), st.booleans(), st.booleans())
def test_the_cell_predicates_fast_paths_give_their_plain_answers(parts, large, offset):
    cells = arrow_series(parts, large, offset)
    plain = pd.Series([c for part in parts for c in part], dtype=object)
    assert cells.isna().tolist() == plain.isna().tolist() and cells.dropna().tolist() == plain.dropna().tolist()
    for name, fast, exact in FAST_AND_PLAIN:  # the plain definitions on the same cells are the answers
        assert fast(cells).tolist() == exact(cells).tolist(), name
        assert fast(plain).tolist() == exact(plain).tolist(), name  # other text takes the plain path


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(["a", "b", None]), st.sampled_from(["x", "y", None]),
                                   st.sampled_from(["1", None])), max_size=6), min_size=1, max_size=4),
       st.booleans())
def test_same_rows_are_pandas_duplicated_rows_grouped_by_their_cells(parts, offset):
    columns = {name: arrow_series([[row[i] for row in part] for part in parts], True, offset)
               for i, name in enumerate("pqr")}
    frame = pd.DataFrame(columns)
    expected = frame.astype(object).duplicated(subset=["p", "q", "r"], keep=False).tolist()
    codes = schema.same_rows(frame, ["p", "q", "r"])
    assert (codes >= 0).tolist() == expected
    cells = [tuple(None if pd.isna(c) else c for c in row) for row in frame.astype(object).itertuples(index=False)]
    for i in range(len(frame)):
        for j in range(len(frame)):
            assert (codes[i] >= 0 and codes[i] == codes[j]) == (i != j and cells[i] == cells[j] or
                                                                 i == j and expected[i])
    two = frame.duplicated(subset=["r", "p"], keep=False).tolist()
    assert (schema.same_rows(frame, ["r", "p"]) >= 0).tolist() == two
    positions = np.flatnonzero(np.arange(len(frame)) % 2 == 0)
    taken = schema.cells._take(frame["p"], positions)
    assert taken.tolist() == frame["p"].iloc[positions].tolist() and taken.index.equals(frame.index[positions])

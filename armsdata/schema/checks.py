"""pandera's side of the schema: armsdata's own checks, registered with pandera on import, and the pandera
schema of each table, built from its :class:`~armsdata.schema.Field` declarations.

Registered checks are part of pandera's vocabulary: a schema writes them by name with their arguments
(``to_yaml``), and any process that has imported this module reads them back (``from_yaml``):

>>> import pandera.pandas as pa
>>> import armsdata.schema.checks
>>> from armsdata import schema
>>> text = schema.pandera_schema(schema.TRANSFERS).to_yaml()
>>> pa.DataFrameSchema.from_yaml(text) == schema.pandera_schema(schema.TRANSFERS)
True

This module imports pandera, so ``armsdata.schema`` imports it only when ``schema.pandera_schema`` or
``schema.field_checks`` is first asked for: the validator does, when it runs.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera import extensions

from armsdata.schema.cells import (
    code_list,
    has_control_characters,
    has_words,
    is_formula_like,
    is_not_blank,
    is_trimmed,
    is_valid_partial_date,
    same_rows,
)
from armsdata.schema.messages import MESSAGES, code_message, pattern_message, row_rule_message, vocabulary_message
from armsdata.schema.tables import Field, Table, same_record_columns

# --------------------------------------------------------------------------
# The registered checks. Each returns True where the cell (or row) passes; pandera skips missing cells.
# Everything the built-in checks express (isin, str_matches, unique, nullable) uses those.
# --------------------------------------------------------------------------

_ON_CELLS = {"supported_types": pd.Series, "check_type": "vectorized"}
_ON_ROWS = {"supported_types": pd.DataFrame, "check_type": "vectorized"}


@extensions.register_check_method(**_ON_CELLS)
def armsdata_partial_date(cells: pd.Series) -> pd.Series:
    return is_valid_partial_date(cells)


@extensions.register_check_method(**_ON_CELLS)
def armsdata_not_formula(cells: pd.Series) -> pd.Series:
    return ~is_formula_like(cells)


@extensions.register_check_method(**_ON_CELLS)
def armsdata_not_blank(cells: pd.Series) -> pd.Series:
    return is_not_blank(cells)


@extensions.register_check_method(**_ON_CELLS)
def armsdata_trimmed(cells: pd.Series) -> pd.Series:
    return is_trimmed(cells)


@extensions.register_check_method(**_ON_CELLS)
def armsdata_has_words(cells: pd.Series) -> pd.Series:
    return has_words(cells)


@extensions.register_check_method(statistics=["line_breaks"], **_ON_CELLS)
def armsdata_no_control_characters(cells: pd.Series, *, line_breaks: bool) -> pd.Series:
    return ~has_control_characters(cells, line_breaks=line_breaks)


@extensions.register_check_method(statistics=["columns"], **_ON_ROWS)
def armsdata_both_or_neither(frame: pd.DataFrame, *, columns: list[str]) -> pd.Series:
    """Both cells given, or both empty."""
    first, second = columns
    return frame[first].isna() == frame[second].isna()


@extensions.register_check_method(statistics=["columns", "value"], **_ON_ROWS)
def armsdata_differ_unless(frame: pd.DataFrame, *, columns: list[str], value: str) -> pd.Series:
    """The two cells differ, unless the first is ``value``."""
    first, second = columns
    same = (frame[first] == frame[second]).fillna(False).astype(bool)
    return ~same | (frame[first] == value).fillna(False).astype(bool)


@extensions.register_check_method(statistics=["columns"], **_ON_ROWS)
def armsdata_unique_rows(frame: pd.DataFrame, *, columns: list[str]) -> pd.Series:
    """No other row has the same cells in ``columns`` (two empty cells are the same): pandera's
    ``unique=columns`` with every duplicate reported, as a check of its own because pandas' test of
    many columns at once grows faster than the rows (2.2 s for 1,000,000 claims; this, 0.4 s)."""
    return pd.Series(same_rows(frame, columns) < 0, index=frame.index)


# --------------------------------------------------------------------------
# The pandera schemas
# --------------------------------------------------------------------------


def field_checks(f: Field) -> list[pa.Check]:
    """The pandera checks of one field, each with its message as ``error`` (see :data:`armsdata.schema.MESSAGES`)."""
    checks = [
        pa.Check.armsdata_no_control_characters(line_breaks=f.free_text, error=MESSAGES["control"]),
        pa.Check.armsdata_not_blank(error=MESSAGES["blank"]),
        pa.Check.armsdata_not_formula(error=MESSAGES["formula"]),
    ]
    if not f.free_text:
        checks.append(pa.Check.armsdata_trimmed(error=MESSAGES["trimmed"]))
    if f.vocabulary:
        checks.append(pa.Check.isin(list(f.vocabulary), error=vocabulary_message(f)))
    if f.type == "date":
        checks.append(pa.Check.armsdata_partial_date(error=MESSAGES["date"]))
    elif f.pattern:
        checks.append(pa.Check.str_matches(f.pattern, error=pattern_message(f)))
    if f.codes:
        checks.append(pa.Check.isin(sorted(code_list(f.codes)), error=code_message(f)))
    if f.name == "quote":
        checks.append(pa.Check.armsdata_has_words(error=MESSAGES["words"]))
    return checks


@cache  # built once per table (building compiles every check), by the table's value
def pandera_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera ``DataFrameSchema`` of ``table`` as its file is read: text, empty cells missing.

    Built from the :class:`~armsdata.Field` declarations with pandera's built-in checks (``isin``,
    ``str_matches``, ``unique``, ``nullable``) and the registered ones above (``armsdata_*``).
    Every check's ``error`` is the message a person reads. Every caller gets the same schema: pandera's
    methods that change a schema (``update_column``, ``add_columns``, ...) return a new one.

    >>> from armsdata.schema import TRANSFERS
    >>> pandera_schema(TRANSFERS).columns["status"].checks[-1]       # doctest: +ELLIPSIS
    <Check isin: unknown value (expected one of: considered, ...)>
    """
    columns = {
        f.name: pa.Column(str, checks=field_checks(f), nullable=not f.required, unique=f.unique,
                          report_duplicates="all", title=f.name, description=f.description)
        for f in table.fields
    }
    # A check of whole rows names one failing row only: pandera lists each failing row cell by cell, which
    # costs 100 us a row (a file of 100,000 rows entered twice: 10 s); the validator asks the check for the
    # others (validation.failures.row_check_problems).
    checks = [getattr(pa.Check, f"armsdata_{rule.check}")(
        columns=list(rule.columns), **({"value": rule.value} if rule.value is not None else {}),
        error=row_rule_message(rule), n_failure_cases=1) for rule in table.row_rules]
    if table.same_record_ignores:  # a record entered twice: the same cells but for those
        checks.append(pa.Check.armsdata_unique_rows(
            columns=same_record_columns(table), error=MESSAGES["same_record"], n_failure_cases=1))
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=True, name=table.name)

"""The messages of the checks, as people read them after ``file:line: column:``: a check's ``error`` is its
message (the pandera schemas: :mod:`armsdata.schema.checks`), and the validator explains each.

Part of :mod:`armsdata.schema`, which gives every name here as ``schema.X``.
"""

from __future__ import annotations

from armsdata.schema.tables import CODE_LABELS, Field, RowRule

#: Messages of the checks, as printed after ``file:line: column:``. A check's ``error`` is its message.
MESSAGES = {
    "required": "must not be empty",
    "blank": "holds only white space; write the value or leave the cell empty",
    "trimmed": "begins or ends with white space; remove it",
    "control": "holds a control character; remove it",
    "formula": "looks like a spreadsheet formula (starts with =, +, @, -, tab or CR); reword it to start "
               "otherwise (an apostrophe before it would stay in the data; the xlsx export keeps such cells text)",
    "formula_apostrophe": "starts with an apostrophe before =, +, @, - or tab, a spreadsheet's mark that a CSV "
                          "file keeps as part of the cell; remove the apostrophe and reword the cell to start "
                          "otherwise",
    "date": "not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date)",
    "integer": "not a whole number (digits only, e.g. 24)",
    "number": "not a number (digits with an optional decimal point, no separators, e.g. 250000000)",
    "boolean": "not true or false",
    "words": "holds no words of the source (only white space, gaps or ellipses); "
             "copy the passage from the archived text",
    "duplicate_id": "duplicate id",
    "same_record": "entered twice",
}


def vocabulary_message(f: Field) -> str:
    return f"unknown value (expected one of: {', '.join(f.vocabulary or ())})"


def code_message(f: Field) -> str:
    return f"not an {CODE_LABELS[f.codes]}" if f.codes else ""


def pattern_message(f: Field) -> str:
    return MESSAGES.get(f.type, f"does not match the expected form {f.pattern}")


def row_rule_message(rule: RowRule) -> str:
    """The ``error`` of a row rule's check: ``"<column>: <message>"``, so it can be told apart and located."""
    return f"{rule.column}: {rule.message}"

"""The data contract: every column of every table, its vocabulary and its rules.

This package is the single definition of a valid row. The pandera schemas, the
codebook (``CODEBOOK.md``), the Frictionless ``datapackage.json`` and the CLI
help are all generated from its :data:`TABLES`, so they cannot drift apart.

All cells are read as text; an empty cell is missing ("the source does not say")
and nothing else is: ``"NA"`` is Namibia, not a missing value.

One module per concern, every public name given here as ``schema.X``:

* :mod:`~armsdata.schema.vocabularies`: the values a column may take, with their meanings;
* :mod:`~armsdata.schema.tables`: the fields of every table, the keys and references between them;
* :mod:`~armsdata.schema.messages`: the checks' messages, as people read them;
* :mod:`~armsdata.schema.cells`: the cell predicates, with fast paths over Arrow text's UTF-8 bytes;
* :mod:`~armsdata.schema.checks`: the pandera schemas built from the tables, and armsdata's checks,
  registered with pandera when it is imported (it imports pandera, which ``import armsdata`` does
  not: ``schema.pandera_schema`` and ``schema.field_checks`` import it when first asked for).
"""

from __future__ import annotations

from armsdata.schema.vocabularies import (  # noqa: F401
    ACTOR_KIND,
    CATEGORY,
    COUNTED_FROM,
    DEAL_KIND,
    DISCREPANCY_KIND,
    KIND_CATEGORY,
    OFF_SCALE_STATUSES,
    ORIGIN,
    PIPELINE_STAGES,
    QUALIFIER_WORDING,
    QUANTITY_QUALIFIER,
    REVISION,
    SIPRI_CATEGORY,
    SIPRI_NOT_RECORDED,
    SOURCE_TYPE,
    STANCE,
    STATUS,
    STATUS_STANCE,
    VERDICT,
    VERDICT_BESIDE,
    Verdict,
)

from armsdata.schema.tables import (  # noqa: F401
    same_record_columns,
    ACTORS,
    ARCHIVE_PATTERN,
    BOOLEAN_PATTERN,
    CODE_LABELS,
    DATE_PATTERN,
    DEALS,
    DEAL_FIELDS,
    DEAL_PATTERN,
    DEAL_REFERENCES,
    DealReference,
    FOREIGN_KEYS,
    Field,
    ID_PATTERN,
    INTEGER_PATTERN,
    LANGUAGE_PATTERN,
    NUMBER_PATTERN,
    OPTIONAL_TABLES,
    PER_DEAL_NOTE,
    QUOTE_GAP,
    REGISTER,
    REGISTER_CATEGORIES,
    ROW_CHECKS,
    RowRule,
    SOURCES,
    SYSTEMS,
    SYSTEM_ID_PATTERN,
    TABLES,
    TRANSFERS,
    Table,
    UNKNOWN_ACTOR,
    URL_PATTERN,
    YEARS_PATTERN,
    YEAR_PATTERN,
)

from armsdata.schema.messages import (  # noqa: F401
    code_message,
    pattern_message,
    row_rule_message,
    vocabulary_message,
    MESSAGES,
)

from armsdata.schema.cells import (  # noqa: F401
    arrow_text,
    code_list,
    first_bytes,
    first_control_character,
    has_control_characters,
    has_words,
    is_formula_like,
    is_not_blank,
    is_trimmed,
    is_valid_partial_date,
    last_bytes,
    same_rows,
    CONTROL_CHARACTERS,
    FORMULA_STARTS,
)


#: The names :mod:`armsdata.schema.checks` gives here, importing pandera when first asked for.
_PANDERA_NAMES = ("pandera_schema", "field_checks")


def __getattr__(name: str):
    if name in _PANDERA_NAMES:
        from armsdata.schema import checks

        return getattr(checks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

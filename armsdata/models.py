"""The typed contract between loading and analysis: pandera models generated from the schema's fields.

:class:`Claims` is what :func:`armsdata.load_transfers` returns and what every analysis
function accepts: one row per claim, joined with its source, the kinds and codes of its
two actors and its system, with analysis types (categorical vocabularies, nullable integers,
``<NA>`` for "the source does not say"; :mod:`armsdata.codec`). Like :func:`typed_schema`, the
typed schema of one file's table, it is generated from the :class:`~armsdata.schema.Field`
declarations, so a column is declared once, in :mod:`armsdata.schema`.

>>> from armsdata.models import Claims
>>> claims = Claims.validate(frame)    # coerces the types; raises if a column is missing  # doctest: +SKIP

This module imports pandera, so ``import armsdata`` does not load it; the loaders do.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from armsdata import codec, schema

#: What a claim takes from the other files (``armsdata.load.join_claims`` joins them): each table, and the
#: name in the claims of each of its columns taken. The source's columns keep their names (``archive``
#: becomes ``source_archive``); the actors' are prefixed with their role; the system's canonical
#: ``designation`` becomes ``system_designation``.
JOINED: tuple[tuple[schema.Table, dict[str, str]], ...] = (
    (schema.SOURCES, {c: "source_archive" if c == "archive" else c for c in schema.SOURCES.columns
                      if c not in ("source_id", "notes")}),
    *((schema.ACTORS, {c: f"{role}_{c}" for c in ("kind", "iso3", "subject")}) for role in ("supplier", "recipient")),
    (schema.SYSTEMS, {"designation": "system_designation", "sipri_designations": "sipri_designations"}),
)

#: The claim's line in transfers.csv, after the columns of every typed table.
LINE = "line"


#: A typed column: its analysis dtype, the arguments of its pandera ``Field``, and the field whose text it
#: decodes (:mod:`armsdata.codec`; None: pandera's coercion alone).
Column = tuple[object, dict, "schema.Field | None"]


def typed_columns(f: schema.Field, *, joined: bool = False) -> dict[str, Column]:
    """The typed column(s) of a field by name (:data:`Column`): the field's, and a ``<name>_precision`` for a date.
    A ``joined`` column (taken from another file) may be empty.

    Every number the files hold is written without a sign (``schema.INTEGER_PATTERN``, ``NUMBER_PATTERN``,
    ``YEAR_PATTERN``), so a typed one is at least 0.
    """
    dtype = codec.analysis_dtype(f)
    arguments: dict[str, object] = {"nullable": joined or not f.required, "unique": f.unique and not joined}
    if codec.kind(f).name in ("integer", "number"):
        arguments["ge"] = 0
    out: dict[str, Column] = {f.name: (dtype, arguments, f)}
    if f.type == "date":
        out[f"{f.name}_precision"] = (codec.PRECISION_DTYPE, {"nullable": True}, None)
    return out


def typed_model(class_name: str, columns: dict[str, Column], doc: str, **config) -> type[pa.DataFrameModel]:
    """A pandera ``DataFrameModel`` class ``class_name`` with ``columns`` and the ``Config`` options ``config``.

    It coerces the types and allows other columns; a column of text (as the files are read) is decoded as its
    field says first (a parser: ``true``/``false`` become flags, which pandera's coercion does not do).
    """
    annotations, attributes = {}, {}
    for column, (dtype, arguments, f) in columns.items():
        annotations[column] = Series[type(dtype)]
        if isinstance(dtype, pd.CategoricalDtype):
            arguments = {**arguments, "dtype_kwargs": {"categories": list(dtype.categories), "ordered": dtype.ordered}}
        attributes[column] = pa.Field(**arguments)
        if f is not None and not pd.api.types.is_string_dtype(dtype):
            attributes[f"_parse_{column}"] = pa.parser(column)(_decoder(f))
    options = type("Config", (), {"coerce": True, "strict": False, **config})
    attributes |= {"__annotations__": annotations, "__doc__": doc, "__module__": __name__, "Config": options}
    return type(class_name, (pa.DataFrameModel,), attributes)


def _decoder(f: schema.Field):
    def decode(cls, cells: pd.Series) -> pd.Series:
        """Text becomes the column's type (armsdata.codec); a typed column is left as it is."""
        text = pd.api.types.is_object_dtype(cells.dtype) or pd.api.types.is_string_dtype(cells.dtype)
        return codec.typed_column(cells, f, analysis=True) if text else cells

    return decode


def claims_columns() -> dict[str, Column]:
    """The columns of :class:`Claims`: transfers.csv's, those of :data:`JOINED`, and ``line``."""
    columns = {}
    for f in schema.TRANSFERS.fields:
        columns |= typed_columns(f)
    for table, names in JOINED:
        for column, name in names.items():
            columns |= typed_columns(replace(table.field(column), name=name), joined=True)
    return columns | {LINE: (pd.Int64Dtype(), {"nullable": False}, None)}


Claims = typed_model("Claims", claims_columns(), """The claims as analysis sees them (``coerce=True``: text from
    the files becomes these types; ``strict=False``: analysts may add columns of their own).

    Transfer columns keep their names (see CODEBOOK.md); ``<date>_precision`` says how precise
    a partial date is; then the columns of :data:`JOINED`: the source's keep their names (``archive`` becomes
    ``source_archive``), the actor columns ``kind``, ``iso3`` and ``subject`` are prefixed ``supplier_`` and
    ``recipient_``, the system's canonical ``designation`` becomes ``system_designation``
    (``sipri_designations`` keeps its name); ``line`` is the claim's line in transfers.csv.
    """)


@cache  # generated once per table, by the table's value
def typed_schema(table: schema.Table) -> pa.DataFrameSchema:
    """The typed schema of one file's table (``coerce=True``), generated from its :class:`~armsdata.schema.Field`s.

    Vocabularies become categoricals, ``integer`` nullable integers, ``number`` nullable floats,
    ``boolean`` nullable booleans, everything else text (:func:`armsdata.codec.analysis_dtype`); dates get a
    ``<name>_precision`` column; ``line`` is the row's line in its file. Every caller gets the same schema
    (pandera's methods that change a schema return a new one).
    """
    columns = {}
    for f in table.fields:
        columns |= typed_columns(f)
    columns[LINE] = (pd.Int64Dtype(), {"nullable": False}, None)
    return typed_model(f"Typed{table.name.title()}", columns, f"The typed {table.name} table.",
                       name=f"typed {table.name}").to_schema()

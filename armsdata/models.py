"""The typed contract between loading and analysis: the pandera model of the claims.

:class:`Claims` is what :func:`armsdata.load_transfers` returns and what every analysis
function accepts: one row per claim, joined with its source and the kinds and codes of its
two actors, with analysis types (categorical vocabularies, nullable integers, ``<NA>`` for
"the source does not say"). Its columns are tested against :mod:`armsdata.schema`, the
single definition of the files.

>>> from armsdata.models import Claims
>>> claims = Claims.validate(frame)    # coerces the types; raises if a column is missing  # doctest: +SKIP

This module imports pandera, so ``import armsdata`` does not load it; the loaders do.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from armsdata import schema

#: The precision of a partial date, from coarsest to finest.
PRECISIONS = ["year", "month", "day"]


def _category(vocabulary, *, nullable: bool = True, ordered: bool = False):
    return pa.Field(dtype_kwargs={"categories": list(vocabulary), "ordered": ordered}, nullable=nullable)


def _text(*, nullable: bool = True, unique: bool = False):
    return pa.Field(nullable=nullable, unique=unique)


class Claims(pa.DataFrameModel):
    """The claims as analysis sees them (``coerce=True``: text from the files becomes these types).

    Transfer columns keep their names (see CODEBOOK.md); ``<date>_precision`` says how precise
    a partial date is; source columns keep theirs (``archive`` becomes ``source_archive``); the
    actor columns ``kind``, ``iso3`` and ``subject`` are prefixed ``supplier_`` and ``recipient_``;
    the system's canonical ``designation`` becomes ``system_designation`` (``sipri_designations``
    keeps its name); ``line`` is the claim's line in transfers.csv.
    """

    claim_id: Series[str] = _text(nullable=False, unique=True)
    deal_id: Series[str] = _text(nullable=False)
    parent_deal_id: Series[str] = _text()
    overlaps_deal_id: Series[str] = _text()
    source_id: Series[str] = _text(nullable=False)
    supplier: Series[str] = _text(nullable=False)
    recipient: Series[str] = _text(nullable=False)
    system: Series[str] = _text(nullable=False)
    system_id: Series[str] = _text()
    category: Series[pd.CategoricalDtype] = _category(schema.CATEGORY, nullable=False)
    quantity: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    quantity_qualifier: Series[pd.CategoricalDtype] = _category(schema.QUANTITY_QUALIFIER)
    value: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=0)
    value_qualifier: Series[pd.CategoricalDtype] = _category(schema.QUANTITY_QUALIFIER)
    currency: Series[str] = _text()
    status: Series[pd.CategoricalDtype] = _category(schema.STATUS, nullable=False)
    event_date: Series[str] = _text()
    event_date_precision: Series[pd.CategoricalDtype] = _category(PRECISIONS, ordered=True)
    attributed_to: Series[str] = _text()
    quote: Series[str] = _text(nullable=False)
    notes: Series[str] = _text()
    # the source
    outlet: Series[str] = _text()
    title: Series[str] = _text()
    author: Series[str] = _text()
    published: Series[str] = _text()
    published_precision: Series[pd.CategoricalDtype] = _category(PRECISIONS, ordered=True)
    url: Series[str] = _text()
    source_type: Series[pd.CategoricalDtype] = _category(schema.SOURCE_TYPE)
    outlet_country: Series[str] = _text()
    language: Series[str] = _text()
    source_archive: Series[str] = _text()
    # the actors
    supplier_kind: Series[pd.CategoricalDtype] = _category(schema.ACTOR_KIND)
    supplier_iso3: Series[str] = _text()
    supplier_subject: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    recipient_kind: Series[pd.CategoricalDtype] = _category(schema.ACTOR_KIND)
    recipient_iso3: Series[str] = _text()
    recipient_subject: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    # the system (empty where the claim names none)
    system_designation: Series[str] = _text()
    sipri_designations: Series[str] = _text()
    line: Series[pd.Int64Dtype] = pa.Field(nullable=False)

    class Config:
        coerce = True
        strict = False  # analysts may add columns of their own


def typed_schema(table: schema.Table) -> pa.DataFrameSchema:
    """The typed schema of one file's table (``coerce=True``), generated from its :class:`~armsdata.schema.Field`s.

    Vocabularies become categoricals, ``integer`` nullable integers, ``number`` nullable floats,
    ``boolean`` nullable booleans, everything else text; dates get a ``<name>_precision`` column.
    """
    columns = {}
    for f in table.fields:
        if f.vocabulary:
            dtype = pd.CategoricalDtype(list(f.vocabulary), ordered=f.ordered)
        else:
            dtype = {"integer": pd.Int64Dtype(), "number": pd.Float64Dtype(),
                     "boolean": pd.BooleanDtype()}.get(f.type, pd.StringDtype())
        columns[f.name] = pa.Column(dtype, nullable=not f.required, unique=f.unique)
        if f.type == "date":
            columns[f"{f.name}_precision"] = pa.Column(pd.CategoricalDtype(PRECISIONS, ordered=True), nullable=True)
    columns["line"] = pa.Column(pd.Int64Dtype())
    return pa.DataFrameSchema(columns, coerce=True, name=f"typed {table.name}")

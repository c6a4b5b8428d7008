"""armsdata: a curated, schema-validated dataset of reported arms transfers.

>>> import armsdata
>>> claims = armsdata.load_transfers()          # doctest: +SKIP
>>> data = armsdata.load_data()                 # every table, validated once  # doctest: +SKIP
>>> problems = armsdata.validate("data")        # [] when the data is valid  # doctest: +SKIP

Heavy libraries (pandera, matplotlib) are imported only when a function needs them.
"""

from armsdata.analysis import (
    considered_deals,
    deals,
    discrepancies,
    perspective,
    provenance,
    supplier_pipeline,
    timeline,
    unasserted_deals,
    who_arms_whom,
)
from armsdata.draft import draft_claims
from armsdata.datadir import resolve_data_dir
from armsdata.io import DataError, Problem
from armsdata.load import (
    load_actors,
    load_data,
    load_register,
    load_register_categories,
    load_sources,
    load_systems,
    load_tables,
    load_transfers,
)
from armsdata.register import compare_register
from armsdata.register.vintages import diff_registers
from armsdata.sipri import read_sipri
from armsdata.validation import validate

__all__ = [
    "DataError",
    "Problem",
    "compare_register",
    "considered_deals",
    "deals",
    "diff_registers",
    "discrepancies",
    "draft_claims",
    "load_actors",
    "load_data",
    "load_register",
    "load_register_categories",
    "load_sources",
    "load_systems",
    "load_tables",
    "load_transfers",
    "perspective",
    "provenance",
    "resolve_data_dir",
    "read_sipri",
    "supplier_pipeline",
    "timeline",
    "unasserted_deals",
    "validate",
    "who_arms_whom",
]
__version__ = "0.1.0"

"""Analysis tables: pure functions from the typed claims to answers, DataFrame in, DataFrame out.

Every function takes the claims as :func:`armsdata.load_transfers` returns them (the
:class:`armsdata.models.Claims` contract; its columns and types are checked on the way in)
and returns a tidy table: snake_case columns, counts named ``n_…`` of type ``Int64``,
one value per cell (lists are long rows, with wide views beside them). Options are
keyword-only. Nothing here reads files or draws.

Functions that need the deals take ``deals=``, the table of :func:`deals` of the same
claims, so that a caller computing several tables computes the deals once; it is checked against
the deals' contract (its columns and types: :data:`armsdata.schema.DEALS`). Each function is
public once: what the package's own functions share among themselves is private (``_origins``).

>>> claims = armsdata.load_transfers()                       # doctest: +SKIP
>>> table = deals(claims)                                    # doctest: +SKIP
>>> who_arms_whom(claims, status="delivered", deals=table)   # doctest: +SKIP

One module per job: :mod:`.claims` (dates, filters, origins and stances of single claims),
:mod:`.deal_table` (one row per deal, and which deals count as transfers), :mod:`.headline`
(who arms whom, the pipeline per supplier), :mod:`.sourcing` (provenance), :mod:`.events`
(the timeline), :mod:`.differences` (how reports differ), :mod:`.perspectives` (who reports what).
The modules are not named after the functions, so that ``armsdata.analysis.deals`` is always
the function.
"""

from armsdata.analysis.claims import (
    COUNTED_STATUSES,
    STANCES,
    SUPPORTING_STATUSES,
    claim_origins,
    claim_stances,
    date_interval,
    filter_claims,
    origins,
    source_names,
    subject_of,
)
from armsdata.analysis.deal_table import (
    DEAL_COLUMNS,
    DEAL_KINDS,
    considered_deals,
    deals,
    stage_quantities,
    unasserted_deals,
)
from armsdata.analysis.differences import (
    COMPARED_FIELDS,
    DISCREPANCY_COLUMNS,
    discrepancies,
    reported_quantities,
    wide_discrepancies,
)
from armsdata.analysis.headline import NO_STAGE, arms_matrix, supplier_pipeline, who_arms_whom
from armsdata.analysis.events import DATED_BY, timeline
from armsdata.analysis.perspectives import NOT_STATED, perspective
from armsdata.analysis.sourcing import provenance

__all__ = [
    "COMPARED_FIELDS", "COUNTED_STATUSES", "DATED_BY", "DEAL_COLUMNS", "DEAL_KINDS", "DISCREPANCY_COLUMNS",
    "NOT_STATED", "NO_STAGE", "STANCES", "SUPPORTING_STATUSES", "arms_matrix", "claim_origins", "claim_stances",
    "considered_deals", "date_interval", "deals", "discrepancies", "filter_claims", "origins", "perspective",
    "provenance", "reported_quantities", "source_names", "stage_quantities", "subject_of", "supplier_pipeline",
    "timeline", "unasserted_deals", "who_arms_whom", "wide_discrepancies",
]

"""Charts of the analysis tables: ``plot_x(table, *, ax=None, **kwargs) -> Axes``.

Each function takes the table an :mod:`armsdata.analysis` function returns,
draws on ``ax`` (a new figure when ``None``) and returns it. Options are
keyword-only; ``**kwargs`` go to one matplotlib call, named in each docstring,
and override the defaults of that call (``plot_timeline(events, alpha=0.5)``).
Colours come from the vocabularies in :mod:`armsdata.schema`, so a status added
there gets a colour of its own. Nothing here writes files or shows windows;
:mod:`armsdata.report` does that.

>>> from armsdata import analysis, plots
>>> ax = plots.plot_arms_matrix(analysis.who_arms_whom(claims))   # doctest: +SKIP

One module per chart's subject, as in :mod:`armsdata.analysis`: :mod:`.headline`
(who arms whom, the pipeline), :mod:`.events` (the timeline), :mod:`.differences`
(quantities per claim), :mod:`.perspectives` (who reports what), :mod:`.sourcing`
(provenance), :mod:`.register` (press vs register); :mod:`.style` holds the colours,
markers and names every chart shares, :mod:`.frame` the helpers.
"""

from armsdata.plots.differences import plot_reported_quantities
from armsdata.plots.events import plot_timeline
from armsdata.plots.headline import plot_arms_matrix, plot_supplier_pipeline
from armsdata.plots.perspectives import plot_perspective
from armsdata.plots.register import plot_press_vs_register, plot_register_deliveries
from armsdata.plots.sourcing import plot_provenance
from armsdata.plots.style import (
    REGISTER_NOTE,
    SOURCE_NOTE,
    STATUS_COLOURS,
    STATUS_LABELS,
    qualifier_markers,
    stance_colours,
    status_colours,
    status_labels,
)

__all__ = [
    "REGISTER_NOTE", "SOURCE_NOTE", "STATUS_COLOURS", "STATUS_LABELS", "plot_arms_matrix", "plot_perspective",
    "plot_press_vs_register", "plot_provenance", "plot_register_deliveries", "plot_reported_quantities",
    "plot_supplier_pipeline", "plot_timeline", "qualifier_markers", "stance_colours", "status_colours",
    "status_labels",
]

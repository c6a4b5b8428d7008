"""The look shared by every chart: colours, markers and legend names from the vocabularies of
:mod:`armsdata.schema`, and the source note. Defined once here; the plot modules look them up."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from armsdata import schema
from armsdata.analysis import NO_STAGE

#: The note every figure carries: what the numbers are, and what they are not.
SOURCE_NOTE = "Source: armsdata, reported claims; not verified transfers"

#: The colour of each status today: the pipeline from light to dark blue, the rest apart.
_KNOWN_COLOURS: dict[str, str] = {
    "considered": "#c6dbef", "intent": "#9ecae1", "agreed": "#6baed6", "in_production": "#4292c6",
    "shipped": "#2171b5", "delivered": "#08306b", "not_delivered": "#8c2d04", "alleged": "#fd8d3c",
    "denied": "#d62728", "unspecified": "#969696", NO_STAGE: "#d9d9d9",
}
#: Colours for statuses added to the vocabulary later, in turn (matplotlib's tab10 less the ones in use).
_SPARE_COLOURS = ("#9467bd", "#2ca02c", "#e377c2", "#bcbd22", "#17becf", "#8c564b")
_KNOWN_MARKERS = {"exact": "o", "approx": "D", "at_least": ">", "up_to": "<"}
_SPARE_MARKERS = ("s", "^", "v", "P", "X", "*")


def status_colours(statuses: Iterable[str] | None = None) -> dict[str, str]:
    """A colour for each status (default: :data:`armsdata.schema.STATUS`) and for ``no_stage``.

    Today's statuses keep their colours; any other gets the next spare colour.

    >>> colours = status_colours([*schema.STATUS, "transferred"])
    >>> colours["delivered"], colours["transferred"], colours["no_stage"]
    ('#08306b', '#9467bd', '#d9d9d9')
    """
    return _assign([*(schema.STATUS if statuses is None else statuses), NO_STAGE], _KNOWN_COLOURS, _SPARE_COLOURS)


def status_labels(statuses: Iterable[str] | None = None) -> dict[str, str]:
    """How each status (default: :data:`armsdata.schema.STATUS`) and ``no_stage`` are named in legends."""
    names = list(schema.STATUS if statuses is None else statuses)
    return {s: s.replace("_", " ") for s in names} | {NO_STAGE: "no stage reported"}


def qualifier_markers(qualifiers: Iterable[str] | None = None) -> dict[str, str]:
    """A marker for each quantity qualifier (default: :data:`armsdata.schema.QUANTITY_QUALIFIER`)."""
    return _assign(list(schema.QUANTITY_QUALIFIER if qualifiers is None else qualifiers), _KNOWN_MARKERS,
                   _SPARE_MARKERS)


def _assign(values: list[str], known: dict[str, str], spares: tuple[str, ...]) -> dict[str, str]:
    """``known[value]`` where there is one, else the next spare (cycling: shared beats a crash)."""
    spare = itertools.cycle(spares)
    return {v: known[v] if v in known else next(spare) for v in values}


#: The colours and legend labels of the statuses as the package was imported (plots look them up when drawing).
STATUS_COLOURS: dict[str, str] = status_colours()
STATUS_LABELS: dict[str, str] = status_labels()


#: The colour of each stance of :data:`armsdata.schema.STANCE`: as its statuses are coloured.
_KNOWN_STANCE_COLOURS = {"supports": "#08306b", "disputes": "#d62728", "alleges": "#fd8d3c"}
#: How each stance's origins are named in the legend of :func:`plot_provenance`.
STANCE_LABELS = {"supports": "origins supporting", "disputes": "origins disputing", "alleges": "origins only alleging"}


def stance_colours(stances: Iterable[str] | None = None) -> dict[str, str]:
    """A colour for each stance (default: :data:`armsdata.schema.STANCE`); a new one gets a spare colour.

    >>> stance_colours()["disputes"]
    '#d62728'
    """
    return _assign(list(schema.STANCE if stances is None else stances), _KNOWN_STANCE_COLOURS, _SPARE_COLOURS)


"""The look shared by every chart: colours, markers and legend names from the vocabularies of
:mod:`armsdata.schema`, and the source note. Defined once here; the plot modules look them up."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from armsdata import schema
from armsdata.analysis import NO_STAGE

#: The note every figure carries: what the numbers are, and what they are not.
SOURCE_NOTE = "Source: armsdata, reported claims; not verified transfers"
#: The note of a figure drawing SIPRI's register, with the credit line SIPRI asks for.
REGISTER_NOTE = ("Sources: Information from the SIPRI Arms Transfers Database; armsdata, reported claims "
                 "(not verified transfers)")

#: The pipeline stages are coloured from this ColorBrewer map (colour-blind safe), light for the
#: earliest stage to dark for the furthest, sampled evenly over the part of it from ``_STAGE_RANGE[0]``
#: (lighter is hard to see on white) to its end, so that any two neighbouring stages differ in lightness
#: and in hue, also to eyes that confuse red and green or blue and yellow (tests/test_plots.py measures it).
_STAGE_MAP = "YlGnBu"
_STAGE_RANGE = (0.25, 1.0)
#: The statuses off the scale, from Okabe and Ito's and Paul Tol's colour-blind-safe palettes: warm
#: colours for what disputes or only alleges a transfer, grey for a transfer asserted without a stage.
_OFF_SCALE_COLOURS: dict[str, str] = {
    "not_delivered": "#d55e00", "denied": "#882255", "alleged": "#e69f00", "unspecified": "#777777",
    NO_STAGE: "#eeeeee",  # also hatched wherever it is drawn
}
#: Colours for statuses added to the vocabulary later, in turn: none near a colour in use.
_SPARE_COLOURS = ("#117733", "#ee3377", "#999933", "#f0e442", "#8c564b", "#000000")
#: How the register's numbers are drawn beside the press': hollow for the number ordered, filled for
#: the number delivered, both squares (the press' numbers are round or pointed).
REGISTER_MARKS: dict[str, dict[str, object]] = {
    "ordered": {"marker": "s", "markerfacecolor": "white", "markeredgecolor": "black", "label": "register: ordered"},
    "delivered": {"marker": "s", "markerfacecolor": "black", "markeredgecolor": "black",
                  "label": "register: delivered"},
}
#: How the register's numbers are drawn as reference lines across the claims of a deal
#: (:func:`armsdata.plots.plot_reported_quantities`): dashed for the number ordered, solid for the number delivered.
REGISTER_LINES: dict[str, str] = {"ordered": "dashed", "delivered": "solid"}
_KNOWN_MARKERS = {"exact": "o", "approx": "D", "at_least": ">", "up_to": "<"}
_SPARE_MARKERS = ("s", "^", "v", "P", "X", "*")


def status_colours(statuses: Iterable[str] | None = None) -> dict[str, str]:
    """A colour for each status (default: :data:`armsdata.schema.STATUS`) and for ``no_stage``.

    The stages of :data:`armsdata.schema.PIPELINE_STAGES` get evenly spaced steps of one
    colour-blind-safe sequential map, in their order; the statuses off the scale their own colours;
    a status new to the vocabulary the next spare colour.

    >>> colours = status_colours([*schema.STATUS, "transferred"])
    >>> colours["considered"], colours["delivered"], colours["transferred"], colours["no_stage"]
    ('#c6e9b4', '#081d58', '#117733', '#eeeeee')
    """
    return _assign([*(schema.STATUS if statuses is None else statuses), NO_STAGE],
                   _stage_colours() | _OFF_SCALE_COLOURS, _SPARE_COLOURS)


def _stage_colours() -> dict[str, str]:
    import matplotlib
    from matplotlib.colors import to_hex

    stages = schema.PIPELINE_STAGES
    low, high = _STAGE_RANGE
    colour_map = matplotlib.colormaps[_STAGE_MAP]
    steps = [low + (high - low) * i / max(len(stages) - 1, 1) for i in range(len(stages))]
    return {stage: to_hex(colour_map(step)) for stage, step in zip(stages, steps)}


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


#: How each stance's origins are named in the legend of :func:`plot_provenance`.
STANCE_LABELS = {"supports": "origins supporting", "disputes": "origins disputing", "alleges": "origins only alleging"}


def stance_colours(stances: Iterable[str] | None = None) -> dict[str, str]:
    """A colour for each stance (default: :data:`armsdata.schema.STANCE`), as its statuses are coloured:
    ``supports`` as the furthest stage, any other as its first status; a stance without one gets a spare.

    >>> stance_colours()["supports"] == STATUS_COLOURS["delivered"], stance_colours()["disputes"]
    (True, '#d55e00')
    """
    colours = status_colours()
    known = {"supports": colours[schema.PIPELINE_STAGES[-1]]}
    for status, stance in schema.STATUS_STANCE.items():
        known.setdefault(stance, colours[status])
    return _assign(list(schema.STANCE if stances is None else stances), known, _SPARE_COLOURS)


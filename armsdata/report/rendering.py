"""Drawing the figures of :data:`~armsdata.report.registry.FIGURES` as SVG and PNG bytes, reproducibly.

Output is byte-identical across runs and machines with the locked dependencies:
matplotlib's defaults (not the user's matplotlibrc) with its bundled DejaVu fonts,
text drawn as paths, a fixed SVG hash salt and no date or software metadata.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from armsdata.report.registry import FIGURES

#: matplotlib settings on top of its built-in defaults, for figures that do not depend on the machine.
REPORT_RC = {
    "svg.hashsalt": "armsdata",
    "svg.fonttype": "path",
    "font.family": ["DejaVu Sans"],
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.15,
}
_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_PNG_METADATA = {"Software": None}

Progress = Callable[[str], None]


def render_figures(views: dict[str, tuple[pd.DataFrame, str]],
                   progress: Progress = lambda _: None) -> dict[str, bytes]:
    """``{"figures/<name>.svg": …, "figures/<name>.png": …}`` for every figure, reproducibly.

    ``views`` are :func:`~armsdata.report.registry.figure_views`; a figure that shows
    only part of its table says so above its top right corner.
    """
    import matplotlib
    from matplotlib.figure import Figure

    files = {}
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # ignore the user's matplotlibrc
        matplotlib.rcParams.update(REPORT_RC)
        for spec in FIGURES:
            view, note = views[spec.name]
            progress(f"drawing figures/{spec.name}.svg and .png")
            figure = Figure(figsize=spec.size.inches(view))
            ax = spec.plot(view, ax=figure.add_subplot(), **spec.options)
            if note:
                ax.annotate(note, xy=(1, 1), xycoords="axes fraction", xytext=(0, 18),
                            textcoords="offset points", ha="right", va="bottom", fontsize=8, color="0.35")
            files[f"figures/{spec.name}.svg"] = _save(figure, "svg", _SVG_METADATA)
            files[f"figures/{spec.name}.png"] = _save(figure, "png", _PNG_METADATA)
    return files


def _save(figure, fmt: str, metadata: dict) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()

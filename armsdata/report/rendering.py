"""Drawing the figures of :data:`~armsdata.report.registry.FIGURES` as SVG and PNG bytes, reproducibly.

Output is byte-identical across runs and machines with the locked dependencies:
matplotlib's defaults (not the user's matplotlibrc) with its bundled DejaVu fonts,
text drawn as paths, a fixed SVG hash salt and no date or software metadata.

Drawing is most of the report's time (laying out text, encoding PNG). :func:`figure_pool` gives a
standard library process pool that draws a share of the figures beside this process; it is started
before the data is checked, so that its processes' imports of matplotlib overlap the validation
and the analysis. Each figure is drawn by the same code, in a fresh state, wherever it runs: the
bytes are the same either way. A pool that fails costs time, not figures: its share is drawn here.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

import pandas as pd

from armsdata.report import registry

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
Views = dict[str, tuple[pd.DataFrame, str]]


def render_figures(views: Views, progress: Progress = lambda _: None, *, pool: ProcessPoolExecutor | None = None,
                   figures: Sequence[registry.Figure] | None = None) -> dict[str, bytes]:
    """``{"figures/<name>.svg": …, "figures/<name>.png": …}`` for every figure, reproducibly.

    ``views`` are :func:`~armsdata.report.registry.figure_views`; a figure that shows only part
    of its table says so above its top right corner. ``pool`` (:func:`figure_pool`) draws every
    other figure while this process draws the rest; without it, every figure is drawn here.
    ``figures``: the figures to draw (default: :data:`~armsdata.report.registry.FIGURES`).
    """
    specs = list(registry.FIGURES if figures is None else figures)
    jobs = [(spec, *views[spec.name]) for spec in specs]
    away: list[tuple[registry.Figure, pd.DataFrame, str, Future]] = []
    if pool is not None:
        for spec, view, note in jobs[1::2]:
            away.append((spec, view, note, pool.submit(_render_named, spec.name, view, note)))
    here = jobs[0::2] if pool is not None else jobs
    files = {}
    for spec, view, note in here:
        progress(f"drawing figures/{spec.name}.svg and .png")
        files.update(render_figure(spec, view, note))
    for spec, view, note, future in away:
        try:
            files.update(future.result())
            progress(f"drew figures/{spec.name}.svg and .png in a helper process")
        except Exception as exc:  # noqa: BLE001 (a broken pool or a helper that died: drawn here instead)
            progress(f"a helper process failed to draw figures/{spec.name} ({exc.__class__.__name__}); "
                     "drawing it here")
            files.update(render_figure(spec, view, note))
    return dict(sorted(files.items()))


def render_figure(spec: registry.Figure, view: pd.DataFrame, note: str = "") -> dict[str, bytes]:
    """The SVG and PNG bytes of the figure ``spec`` drawing ``view``, with ``note`` (if any) above its top
    right corner."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # ignore the user's matplotlibrc
        matplotlib.rcParams.update(REPORT_RC)
        figure = Figure(figsize=spec.size.inches(view))
        ax = spec.plot(view, ax=figure.add_subplot(), **spec.options)
        if note:
            ax.annotate(note, xy=(1, 1), xycoords="axes fraction", xytext=(0, 18),
                        textcoords="offset points", ha="right", va="bottom", fontsize=8, color="0.35")
        return {f"figures/{spec.name}.svg": _save(figure, "svg", _SVG_METADATA),
                f"figures/{spec.name}.png": _save(figure, "png", _PNG_METADATA)}


def figure_pool(processes: int | None) -> ProcessPoolExecutor | None:
    """A pool of ``processes - 1`` helper processes for :func:`render_figures` (``None`` for one process; all
    the cores this process may use for ``None``), each already importing matplotlib and the plots.

    Its processes are started fresh (``spawn``: nothing of this process' state, threads or open files is
    copied into them). The caller shuts it down (``with figure_pool(n) as pool``, or ``pool.shutdown()``).
    """
    if processes is None:
        processes = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    helpers = min(processes, len(registry.FIGURES)) - 1
    if helpers < 1:
        return None
    try:
        pool = ProcessPoolExecutor(helpers, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(helpers):
            pool.submit(_ready)  # each starts importing now, while the data is checked
    except OSError:  # no process to be had: this one draws
        return None
    return pool


def _render_named(name: str, view: pd.DataFrame, note: str) -> dict[str, bytes]:
    """:func:`render_figure` in a helper process, of the figure of :data:`~armsdata.report.registry.FIGURES`
    named ``name`` (a figure's declaration holds functions of its own, which do not travel between processes)."""
    return render_figure(next(f for f in registry.FIGURES if f.name == name), view, note)


def _ready() -> None:
    """Import what drawing needs (run first in each helper process)."""
    import matplotlib.figure  # noqa: F401

    import armsdata.plots  # noqa: F401


def _save(figure, fmt: str, metadata: dict) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


"""Drawing the figures of :data:`~armsdata.report.registry.FIGURES` as SVG and PNG bytes, reproducibly.

Output is byte-identical across runs and machines with the locked dependencies:
matplotlib's defaults (not the user's matplotlibrc) with its bundled DejaVu fonts,
text drawn as paths, a fixed SVG hash salt and no date or software metadata.

Drawing is most of the report's time (laying out text, encoding PNG), so where the machine
has more than one core, helper processes draw some of the figures while this process draws
the others: :func:`start_workers` starts them (``python -m armsdata.report.rendering``) before
the data is checked, so that their imports overlap the validation and the analysis, and
:func:`render_figures` hands them their share. Each figure is drawn by the same code, in a
fresh state, wherever it runs: the bytes are the same either way. A helper that fails costs
time, not figures: its share is drawn here.
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import threading
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
                   progress: Progress = lambda _: None, *, workers: list[Worker] | None = None) -> dict[str, bytes]:
    """``{"figures/<name>.svg": …, "figures/<name>.png": …}`` for every figure, reproducibly.

    ``views`` are :func:`~armsdata.report.registry.figure_views`; a figure that shows
    only part of its table says so above its top right corner. ``workers`` (from
    :func:`start_workers`) draw a share of the figures each, in turn; without them
    every figure is drawn in this process.
    """
    jobs = [(spec.name, *views[spec.name]) for spec in FIGURES]
    shares = [jobs[i::len(workers) + 1] for i in range(len(workers) + 1)] if workers else [jobs]
    for worker, share in zip(workers or [], shares[1:]):
        worker.send(share)
    files = {}
    for name, view, note in shares[0]:
        progress(f"drawing figures/{name}.svg and .png")
        files.update(render_figure(name, view, note))
    for worker, share in zip(workers or [], shares[1:]):
        drawn = worker.receive()
        if drawn is None:
            progress(f"a helper process failed to draw its figures ({worker.error}); drawing them here")
            drawn = {}
            for name, view, note in share:
                progress(f"drawing figures/{name}.svg and .png")
                drawn.update(render_figure(name, view, note))
        else:
            progress(f"drew figures/{{{','.join(name for name, _, _ in share)}}}.svg and .png in a helper process")
        files.update(drawn)
    return dict(sorted(files.items()))


def render_figure(name: str, view: pd.DataFrame, note: str = "") -> dict[str, bytes]:
    """The SVG and PNG bytes of the figure ``name`` of :data:`FIGURES` drawing ``view``, with ``note`` (if any)
    above its top right corner."""
    import matplotlib
    from matplotlib.figure import Figure

    spec = next(f for f in FIGURES if f.name == name)
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # ignore the user's matplotlibrc
        matplotlib.rcParams.update(REPORT_RC)
        figure = Figure(figsize=spec.size.inches(view))
        ax = spec.plot(view, ax=figure.add_subplot(), **spec.options)
        if note:
            ax.annotate(note, xy=(1, 1), xycoords="axes fraction", xytext=(0, 18),
                        textcoords="offset points", ha="right", va="bottom", fontsize=8, color="0.35")
        return {f"figures/{name}.svg": _save(figure, "svg", _SVG_METADATA),
                f"figures/{name}.png": _save(figure, "png", _PNG_METADATA)}


def start_workers(processes: int | None = None) -> list[Worker]:
    """Helper processes for :func:`render_figures`, started now so that they import matplotlib and the plots
    while this process goes on. ``processes``: how many draw at once, this one included (default: the
    cores this process may use); none are started for 1."""
    if processes is None:
        try:
            processes = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            processes = os.cpu_count() or 1
    processes = min(processes, len(FIGURES))
    workers = []
    for _ in range(processes - 1):
        try:
            workers.append(Worker())
        except OSError:  # no process to be had: this one draws
            break
    return workers


class Worker:
    """A helper process drawing figures: it reads a pickled list of ``(name, view, note)`` on its standard
    input and writes the pickled ``{path: bytes}`` of :func:`render_figure` on its standard output."""

    def __init__(self) -> None:
        # the same interpreter and import path as this process, so that it draws with the same code
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self._process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self._result: tuple[bytes, bytes] | None = None
        self._thread: threading.Thread | None = None
        self.error = ""  #: why it failed, once :meth:`receive` has returned ``None``

    def send(self, jobs: list[tuple[str, pd.DataFrame, str]]) -> None:
        """Give it its figures (in a thread: they may not fit in the pipe while it is still importing)."""
        data = pickle.dumps(jobs, protocol=pickle.HIGHEST_PROTOCOL)
        self._thread = threading.Thread(target=self._talk, args=(data,), daemon=True)
        self._thread.start()

    def _talk(self, data: bytes) -> None:
        try:
            self._result = self._process.communicate(data)
        except OSError:
            self._result = None

    def receive(self) -> dict[str, bytes] | None:
        """The figures it drew, or ``None`` if it failed (then :attr:`error` says why, if it said)."""
        if self._thread is None:
            self.close()
            return None
        self._thread.join()
        if self._result is None or self._process.returncode != 0:
            said = (self._result[1] if self._result else b"").decode("utf-8", "replace").strip().splitlines()
            self.error = said[-1] if said else f"exit code {self._process.returncode}"
            return None
        try:
            return pickle.loads(self._result[0])
        except Exception as exc:  # noqa: BLE001 (a truncated or garbled answer: drawn here instead)
            self.error = f"unreadable answer ({exc})"
            return None

    def close(self) -> None:
        """Stop it, if it has not finished (for a report that stopped before drawing)."""
        if self._process.poll() is None:
            self._process.kill()
        if self._thread is not None:
            self._thread.join()  # its communicate() ends with the process
        else:
            self._process.communicate()


def _serve() -> None:
    """The helper process: draw the figures asked for on standard input."""
    jobs = pickle.loads(sys.stdin.buffer.read())
    files = {}
    for name, view, note in jobs:
        files.update(render_figure(name, view, note))
    sys.stdout.buffer.write(pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


def _save(figure, fmt: str, metadata: dict) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


if __name__ == "__main__":
    _serve()

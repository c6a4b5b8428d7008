"""Building ``reports/`` in memory and bringing a directory up to date with it.

:func:`build_report` computes everything (``{relative path: bytes}``);
:func:`report_differences` compares that with a directory (the dry run of
``armsdata report --check``); :func:`write_report` writes what changed,
atomically, and removes files an earlier report wrote that it no longer makes,
keeping a manifest of its files (:mod:`armsdata.outdir`), so that it never
touches a file it did not write.
"""

from __future__ import annotations

import os

from armsdata import analysis, outdir
from armsdata.load import load_data
from armsdata.report.markdown import DIFFERENCES, differences_report, markdown_report
from armsdata.report import registry
from armsdata.report.registry import TABLES, analysis_tables, figure_views
from armsdata.report.rendering import Progress, figure_pool, render_figures
from armsdata.report.tables import table_csv

README = "README.md"


def build_report(data_dir: str | os.PathLike | None = None, *,
                 progress: Progress = lambda _: None, processes: int | None = 1) -> dict[str, bytes]:
    """Everything ``reports/`` should hold, in memory: ``{relative path: bytes}``, sorted by path.

    Validates first: raises :class:`armsdata.DataError` if the data is invalid. ``processes``: how
    many processes draw the figures at once (default 1, this one; ``None``: one per core; see
    :mod:`armsdata.report.rendering`). The bytes are the same whatever the number.
    """
    pool = figure_pool(processes)  # its processes get ready to draw while the data is checked and analysed
    try:
        progress("validating and loading the data")
        data = load_data(data_dir)  # validated once, the register with the rest
        claims = data.claims
        register = data.register if data.has_register else None
        progress(f"analysing {len(claims)} claims"
                 + ("" if register is None else f" and {len(register)} register deals"))
        tables = analysis_tables(claims, register_table=register, systems=data.systems, actors=data.actors,
                                 categories=None if register is None else data.categories)
        views = figure_views(tables)
        files = render_figures(views, progress, pool=pool)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    progress("writing tables/*.csv")
    for name, table in tables.items():
        files[f"tables/{name}.csv"] = table_csv(name, table).encode("utf-8")
    progress(f"writing {README} and {DIFFERENCES}")
    shown = {name: note for name, (_, note) in views.items()}
    wide = analysis.wide_discrepancies(tables["discrepancies"])  # for both files, computed once
    files[README] = markdown_report(claims, data.sources, tables, shown, wide=wide).encode("utf-8")
    files[DIFFERENCES] = differences_report(claims, tables, wide=wide).encode("utf-8")
    return dict(sorted(files.items()))


def report_paths() -> list[str]:
    """The relative paths :func:`build_report` writes, known from the registry without building anything."""
    figures = [f"figures/{f.name}.{ext}" for f in registry.FIGURES for ext in ("svg", "png")]
    return sorted([README, DIFFERENCES, *figures, *(f"tables/{name}.csv" for name in TABLES)])


def report_differences(files: dict[str, bytes], out_dir: str | os.PathLike) -> list[tuple[str, str]]:
    """``(state, path)`` for each file of ``out_dir`` that differs: ``stale``, ``missing`` or ``extra``; sorted by path.

    ``extra`` files are ones an earlier report wrote (see :mod:`armsdata.outdir`) that
    the report no longer makes; other files in ``out_dir`` are not the report's concern.
    """
    return outdir.differences(files, out_dir)


def write_report(files: dict[str, bytes], out_dir: str | os.PathLike, *, force: bool = False) -> list[tuple[str, str]]:
    """Write what differs (each file atomically) and remove files an earlier report wrote that it no longer makes.

    Returns the differences. Raises :class:`armsdata.outdir.OutputError`, having written
    nothing, if ``out_dir`` holds files the report did not write (unless ``force``;
    those files are never overwritten).
    """
    return outdir.write_tree(files, out_dir, force=force, remove_stale=True)

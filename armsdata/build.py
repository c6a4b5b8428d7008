"""Every file the repository generates, as one ``{path: bytes}`` set: ``armsdata build [--check]``.

Three things are derived rather than written by hand: the generated part of
``CODEBOOK.md`` and the whole of ``datapackage.json`` (from :mod:`armsdata.schema`),
and ``reports/`` (from the data). :func:`generated_files` computes all of them in
memory; :func:`build_differences` names every file that is stale, missing or extra
(the dry run: ``--check`` writes nothing); :func:`write_build` writes only those,
each atomically. ``reports/`` keeps its manifest (:mod:`armsdata.outdir`), which is
one of the generated files too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from armsdata import outdir
from armsdata.io import write_atomic

CODEBOOK = "CODEBOOK.md"
DATAPACKAGE = "datapackage.json"
REPORTS = "reports"

Progress = Callable[[str], None]


def generated_files(root: str | os.PathLike = ".", data_dir: str | os.PathLike | None = None, *,
                    progress: Progress = lambda _: None, processes: int | None = 1) -> dict[str, bytes]:
    """``{path relative to root: bytes}`` of every generated file, sorted by path.

    ``data_dir`` defaults to ``root/data``; ``processes`` draw the report's figures (see
    :func:`armsdata.report.build_report`). Raises :class:`FileNotFoundError` if
    ``root/CODEBOOK.md`` is missing, :class:`ValueError` if it lacks the markers
    of its generated part, and :class:`armsdata.DataError` if the data is invalid.
    """
    from armsdata.codebook import updated
    from armsdata.datapackage import datapackage_json
    from armsdata.report import build_report

    root = Path(root)
    progress(f"generating {CODEBOOK} and {DATAPACKAGE}")
    files = {CODEBOOK: updated((root / CODEBOOK).read_text(encoding="utf-8")).encode("utf-8"),
             DATAPACKAGE: datapackage_json().encode("utf-8")}
    report = build_report(data_dir if data_dir is not None else root / "data", progress=progress,
                          processes=processes)
    files.update(_in_reports(report))
    files[f"{REPORTS}/{outdir.MANIFEST}"] = outdir.manifest_text(report).encode("utf-8")
    return dict(sorted(files.items()))


def build_differences(files: dict[str, bytes], root: str | os.PathLike = ".") -> list[tuple[str, str]]:
    """``(state, path)`` for every generated file that differs under ``root``: ``stale``, ``missing`` or ``extra``.

    ``extra`` files are ones an earlier report wrote that it no longer makes. Sorted by path.
    """
    root = Path(root)
    found = []
    for path in (CODEBOOK, DATAPACKAGE):
        target = root / path
        if not target.is_file():
            found.append(("missing", path))
        elif target.read_bytes() != files[path]:
            found.append(("stale", path))
    found += [(state, f"{REPORTS}/{path}") for state, path in outdir.differences(_report_part(files), root / REPORTS)]
    return sorted(found, key=lambda d: d[1])


def write_build(files: dict[str, bytes], root: str | os.PathLike = ".", *,
                force: bool = False) -> list[tuple[str, str]]:
    """Write every generated file that differs (each atomically); return the differences.

    Raises :class:`armsdata.outdir.OutputError`, before writing anything, if
    ``root/reports`` holds files armsdata did not write (unless ``force``).
    """
    root = Path(root)
    report = _report_part(files)
    outdir.check_may_write(root / REPORTS, force=force, writes=report)
    differences = build_differences(files, root)
    for state, path in differences:
        if path in (CODEBOOK, DATAPACKAGE):
            write_atomic(root / path, files[path])
    outdir.write_tree(report, root / REPORTS, force=force)
    return differences


def _in_reports(report: dict[str, bytes]) -> dict[str, bytes]:
    return {f"{REPORTS}/{path}": content for path, content in report.items()}


def _report_part(files: dict[str, bytes]) -> dict[str, bytes]:
    """The report's own files (its manifest aside: :mod:`armsdata.outdir` writes that), relative to ``reports/``."""
    prefix = f"{REPORTS}/"
    return {path[len(prefix):]: content for path, content in files.items()
            if path.startswith(prefix) and path != f"{prefix}{outdir.MANIFEST}"}

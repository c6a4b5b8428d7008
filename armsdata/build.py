"""Every file the repository generates, as one ``{path: bytes}`` set: ``armsdata build [--check]``.

Three things are derived rather than written by hand: the generated part of
``CODEBOOK.md`` and the whole of ``datapackage.json`` (from :mod:`armsdata.schema`),
and ``reports/`` (from the data). :func:`generated_files` computes all of them in
memory; :func:`build_differences` names every file that is stale, missing or extra
(the dry run: ``--check`` writes nothing); :func:`write_build` writes only those,
each atomically. ``reports/`` keeps its manifest (:mod:`armsdata.outdir`), which is
one of the generated files too.

:func:`rebuild_repository` and :func:`rebuild_report` are ``armsdata build`` and
``armsdata report``: refuse a bad output place before the slow part, build, then check or
write. :func:`sync_generated` is ``armsdata codebook`` and ``armsdata datapackage``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from armsdata import outdir
from armsdata.errors import UsageError, existing_data_dir, writing
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


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild did: ``files`` made; with ``check``, the ``(state, path)`` ``differences`` found, else the
    number of files ``written`` and of files an earlier run wrote and this one ``removed``."""

    files: int
    differences: list[tuple[str, str]]
    written: int = 0
    removed: int = 0


def rebuild_repository(root: str | os.PathLike = ".", data_dir: str | os.PathLike | None = None, *,
                       check: bool = False, force: bool = False, progress: Progress = lambda _: None,
                       processes: int | None = None) -> Rebuilt:
    """``armsdata build``: every generated file under ``root`` brought up to date, or with ``check`` only compared.

    Raises :class:`~armsdata.errors.UsageError` if ``root`` has no ``CODEBOOK.md`` or there is no ``data_dir``
    (default: ``root/data``); see :func:`_rebuild`.
    """
    root = Path(root)
    if not (root / CODEBOOK).is_file():
        raise UsageError(f"{root / CODEBOOK}: no such file; run 'armsdata build' in the repository, or pass --root")
    data = data_dir if data_dir is not None else root / "data"
    existing_data_dir(data)
    return _rebuild(root / REPORTS, check=check, force=force, progress=progress,
                    make=lambda: generated_files(root, data, progress=progress, processes=processes),
                    differences=lambda files: build_differences(files, root),
                    write=lambda files: write_build(files, root, force=force))


def rebuild_report(data_dir: str | os.PathLike, out_dir: str | os.PathLike = REPORTS, *, check: bool = False,
                   force: bool = False, progress: Progress = lambda _: None, processes: int | None = None) -> Rebuilt:
    """``armsdata report``: ``out_dir`` brought up to date with the report of ``data_dir``, or with ``check`` only
    compared; see :func:`_rebuild`."""
    from armsdata.report import build_report, report_differences, write_report

    return _rebuild(Path(out_dir), check=check, force=force, progress=progress,
                    make=lambda: build_report(data_dir, progress=progress, processes=processes),
                    differences=lambda files: report_differences(files, out_dir),
                    write=lambda files: write_report(files, out_dir, force=force))


def _rebuild(reports: Path, *, check: bool, force: bool, progress: Progress, make, differences, write) -> Rebuilt:
    """Refuse a bad ``reports`` place before the slow part (:class:`~armsdata.outdir.OutputError`), make the files,
    then compare or write them. Raises :class:`armsdata.DataError` if the data is invalid,
    :class:`~armsdata.codebook.CodebookError` if the codebook lacks its markers, and
    :class:`~armsdata.errors.UsageError` if a file cannot be read or written."""
    from armsdata.report import report_paths

    with writing():
        if check:
            outdir.check_place(reports)
        else:
            outdir.check_may_write(reports, force=force, writes=report_paths())
        files = make()
        if check:
            return Rebuilt(len(files), differences(files))
        changed = write(files)
    written = sum(path in files for _, path in changed)  # not the manifest, nor the files removed
    removed = sum(state == "extra" for state, _ in changed)
    return Rebuilt(len(files), changed, written, removed)


def sync_generated(path: str | os.PathLike, fresh: str, *, check: bool = False) -> str:
    """Bring a file generated from schema.py up to date with ``fresh`` (atomically), or with ``check`` only compare.

    Returns ``"up to date"``, ``"out of date"`` (with ``check``) or ``"rewritten"``; raises
    :class:`~armsdata.errors.UsageError` if ``path`` is a directory or cannot be written.
    """
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{path}: is a directory, not a file")
    if path.is_file() and path.read_text(encoding="utf-8") == fresh:
        return "up to date"
    if check:
        return "out of date"
    with writing():
        write_atomic(path, fresh)
    return "rewritten"

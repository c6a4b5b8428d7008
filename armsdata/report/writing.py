"""Building ``reports/`` in memory and bringing a directory up to date with it.

:func:`build_report` computes everything (``{relative path: bytes}``);
:func:`report_differences` compares that with a directory (the dry run of
``armsdata report --check``); :func:`write_report` writes what changed,
atomically, and removes files the report no longer makes.
"""

from __future__ import annotations

import os
from pathlib import Path

from armsdata.io import write_atomic
from armsdata.load import join_claims, load_tables
from armsdata.report.markdown import markdown_report
from armsdata.report.registry import analysis_tables, figure_views
from armsdata.report.rendering import Progress, render_figures
from armsdata.report.tables import table_csv

#: The files the report manages under its output directory; anything else there is left alone.
README = "README.md"
MANAGED_DIRS = ("figures", "tables")


def build_report(data_dir: str | os.PathLike | None = None, *,
                 progress: Progress = lambda _: None) -> dict[str, bytes]:
    """Everything ``reports/`` should hold, in memory: ``{relative path: bytes}``, sorted by path.

    Validates first: raises :class:`armsdata.DataError` if the data is invalid.
    """
    progress("validating and loading the data")
    loaded = load_tables(data_dir)
    claims = join_claims(loaded["transfers"], loaded["sources"], loaded["actors"])
    progress(f"analysing {len(claims)} claims")
    tables = analysis_tables(claims)
    views = figure_views(tables)
    files = render_figures(views, progress)
    progress("writing tables/*.csv")
    for name, table in tables.items():
        files[f"tables/{name}.csv"] = table_csv(name, table).encode("utf-8")
    progress(f"writing {README}")
    shown = {name: note for name, (_, note) in views.items()}
    files[README] = markdown_report(claims, loaded["sources"], tables, shown).encode("utf-8")
    return dict(sorted(files.items()))


def managed_files(out_dir: str | os.PathLike) -> list[str]:
    """The files under ``out_dir`` the report owns (README.md, figures/, tables/), relative, sorted."""
    out = Path(out_dir)
    found = [README] if (out / README).is_file() else []
    for sub in MANAGED_DIRS:
        if (out / sub).is_dir():
            found += [p.relative_to(out).as_posix() for p in (out / sub).rglob("*")
                      if p.is_file() and not p.name.startswith(".")]
    return sorted(found)


def report_differences(files: dict[str, bytes], out_dir: str | os.PathLike) -> list[tuple[str, str]]:
    """``(state, path)`` for each file that differs: ``stale``, ``missing`` or ``extra``; sorted by path."""
    out = Path(out_dir)
    existing = set(managed_files(out))
    differences = [("extra", path) for path in existing - set(files)]
    for path, content in files.items():
        if path not in existing:
            differences.append(("missing", path))
        elif (out / path).read_bytes() != content:
            differences.append(("stale", path))
    return sorted(differences, key=lambda d: d[1])


def write_report(files: dict[str, bytes], out_dir: str | os.PathLike) -> list[tuple[str, str]]:
    """Write what differs (each file atomically) and remove extra managed files; returns the differences."""
    out = Path(out_dir)
    differences = report_differences(files, out)
    for state, path in differences:
        if state == "extra":
            (out / path).unlink()
        else:
            write_atomic(out / path, files[path])
    return differences

"""Where the data is, and the typed, validated tables for analysis: ``load_transfers()`` and friends.

One rule says which data every loader, :func:`armsdata.validate` and every command uses
(:func:`resolve_data_dir`). The CSV files hold text; the loaders give analysts proper types (see
:class:`armsdata.models.Claims`): categorical ``status`` and ``category``, nullable integer
``quantity``, ``<NA>`` for "the source does not say", partial dates kept as written with
their precision. Loading validates the data once per version of its files.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pandas as pd

from armsdata import codec, schema
from armsdata.io import DataError

#: Environment variable that points the loaders (and the commands) at another data directory.
DATA_DIR_ENV = "ARMSDATA_DATA_DIR"

__all__ = ["DATA_DIR_ENV", "DataError", "load_actors", "load_claims", "load_register", "load_register_categories",
           "load_sources", "load_systems", "load_tables", "load_transfers", "packaged_data_dir", "resolve_data_dir"]


def resolve_data_dir(path: str | os.PathLike | None = None) -> Path:
    """Which data to use: ``path`` if given, else ``$ARMSDATA_DATA_DIR``, else ``./data`` when it is an
    armsdata data directory (it holds ``transfers.csv``), else the copy shipped inside the package.

    >>> resolve_data_dir("elsewhere")
    PosixPath('elsewhere')
    """
    if path is not None:
        return Path(path)
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    here = Path("data")
    if (here / schema.TRANSFERS.filename).is_file():
        return here
    return packaged_data_dir()


def packaged_data_dir() -> Path:
    """The curated data shipped with the package (``armsdata/data`` in an installed wheel, built from
    the repository's ``data/``), or the repository's own ``data/`` when running from a checkout."""
    shipped = Path(str(resources.files("armsdata") / "data"))
    if (shipped / schema.TRANSFERS.filename).is_file():
        return shipped
    return Path(__file__).resolve().parent.parent / "data"


# --------------------------------------------------------------------------
# Loading, once per version of the files
# --------------------------------------------------------------------------

_CACHE: dict[Path, tuple[tuple, dict[str, pd.DataFrame]]] = {}


def _version(directory: Path) -> tuple:
    """What changes when any file of the data directory changes: every file's path, size and mtime.

    Walked with ``os.scandir`` (a data set of a million claims has some 170,000 archived texts:
    ``Path.rglob`` and ``Path.stat`` took 2.5 s over them, this half of it).
    """
    stats = []
    pending = [str(directory)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=True):
                    pending.append(entry.path)  # and its own mtime: a file added or removed changes it
                info = entry.stat()
            except OSError:
                continue
            stats.append((Path(entry.path).as_posix(), info.st_size, info.st_mtime_ns))
    return tuple(sorted(stats))


def load_tables(data_dir: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Every table, typed: ``{"transfers": …, "sources": …, "actors": …}`` (see :func:`typed`).

    The whole directory is validated first and :class:`DataError` is raised if anything is
    wrong. The result is cached until a file of the directory changes; each call returns copies.
    """
    directory = resolve_data_dir(data_dir)
    key = directory.resolve()
    version = _version(key)
    cached = _CACHE.get(key)
    if cached is None or cached[0] != version:
        from armsdata.validate import check

        tables, problems = check(directory)
        if problems:
            raise DataError(problems)
        cached = (version, {t.name: typed(tables[t.name], t) for t in schema.TABLES})
        _CACHE.clear()  # one data directory at a time: a cache of several would hold several copies
        _CACHE[key] = cached
    return {name: frame.copy(deep=False) for name, frame in cached[1].items()}  # pandas copies on write


def typed(frame: pd.DataFrame, table: schema.Table) -> pd.DataFrame:
    """A text table of the files with analysis types (:func:`armsdata.codec.typed_frame`), checked by the schema
    :func:`armsdata.models.typed_schema` generates from ``table``; the index becomes the ``line`` column.

    >>> t = schema.Table("t", "t.csv", "", (schema.Field("n", "", type="integer"),), "n")
    >>> typed(pd.DataFrame({"n": ["3", None]}, index=[2, 3]), t)["n"].tolist()
    [3, <NA>]
    """
    from armsdata.models import typed_schema

    out = codec.typed_frame(frame, table, analysis=True)
    out["line"] = frame.index.to_numpy()
    return typed_schema(table).validate(out)


def load_transfers(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The claims, one row each, ready for every analysis function: typed, with their source and actors.

    A :class:`armsdata.models.Claims` table: the columns of transfers.csv, the source's
    (``outlet``, ``source_type``, ``outlet_country``, …) and the actors' kinds, ISO codes and whether the
    corpus is about them (``supplier_subject``, ``recipient_subject``).

    >>> import armsdata
    >>> armsdata.who_arms_whom(armsdata.load_transfers())   # doctest: +SKIP
    """
    tables = load_tables(data_dir)
    return join_claims(tables["transfers"], tables["sources"], tables["actors"], tables["systems"])


#: The same as :func:`load_transfers` (its name in earlier versions).
load_claims = load_transfers


def load_sources(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The sources, one row per published piece, typed."""
    return load_tables(data_dir)["sources"]


def load_actors(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The actors, typed."""
    return load_tables(data_dir)["actors"]


def load_systems(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The weapon systems the claims name, one row each, typed."""
    return load_tables(data_dir)["systems"]


def load_register(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """SIPRI's register deals as ``armsdata import-sipri`` writes them, typed (nullable numbers, booleans).

    ``path`` is a register CSV; by default the extract shipped with the data
    (``register/sipri.csv`` of :func:`resolve_data_dir`). What the file holds is in ``attrs``, from
    the ``.extract.json`` beside it (:mod:`armsdata.extract`): ``source`` and ``generated`` (the
    export and its date) and ``actors``, the actors whose deals it keeps (``None``: the whole export,
    also when there is no such file). Raises :class:`DataError` if the file does not match the
    register's schema, or its ``.extract.json`` is wrong. For a SIPRI export as downloaded, use
    :func:`armsdata.read_sipri`.
    """
    from armsdata.extract import read_extract

    path = Path(path) if path is not None else resolve_data_dir() / schema.REGISTER.filename
    out = _checked_file(path, schema.REGISTER)
    out.attrs.update(read_extract(path))
    return out


def load_register_categories(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The register's weapon descriptions and their categories (``register/categories.csv``), typed.

    From ``data_dir`` (:func:`resolve_data_dir`) when it has the file, else the one shipped with the
    package: the mapping is of SIPRI's descriptions, not of any corpus. Raises :class:`DataError` if
    the file does not match its schema.
    """
    table = schema.REGISTER_CATEGORIES
    path = resolve_data_dir(data_dir) / table.filename
    return _checked_file(path if path.is_file() else packaged_data_dir() / table.filename, table)


def _checked_file(path: Path, table: schema.Table) -> pd.DataFrame:
    """One file of an optional table, typed; :class:`DataError` if it does not match ``table``."""
    from armsdata.io import read_table
    from armsdata.validate import table_problems

    frame = read_table(path)
    problems = table_problems(frame, table, str(path))
    if problems:
        raise DataError(sorted(problems))
    return typed(frame, table)


def join_claims(transfers: pd.DataFrame, sources: pd.DataFrame, actors: pd.DataFrame,
                systems: pd.DataFrame) -> pd.DataFrame:
    """The claims joined with their source, actors and system, validated as :class:`armsdata.models.Claims`."""
    from armsdata.models import Claims

    source_cols = sources.drop(columns=["notes", "line"]).rename(columns={"archive": "source_archive"})
    out = transfers.merge(source_cols, on="source_id", how="left", validate="many_to_one")
    for role in ("supplier", "recipient"):
        side = actors[["name", "kind", "iso3", "subject"]].rename(
            columns={"name": role, "kind": f"{role}_kind", "iso3": f"{role}_iso3", "subject": f"{role}_subject"})
        out = out.merge(side, on=role, how="left", validate="many_to_one")
    system = systems[["system_id", "designation", "sipri_designations"]].rename(
        columns={"designation": "system_designation"})
    out = out.merge(system, on="system_id", how="left", validate="many_to_one")
    return Claims.validate(out)

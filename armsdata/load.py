"""The typed, validated tables for analysis: ``load_transfers()`` and friends.

Which data every loader reads is one rule, :func:`armsdata.datadir.resolve_data_dir` (also the
validator's and every command's). The CSV files hold text; the loaders give analysts proper types (see
:class:`armsdata.models.Claims`): categorical ``status`` and ``category``, nullable integer
``quantity``, ``<NA>`` for "the source does not say", partial dates kept as written with
their precision. Each loader validates the whole data directory first, every time: nothing is kept
between calls. :func:`load_data` validates once and gives every table, as a :class:`Data`. Every
table remembers its directory in ``attrs["data_dir"]``, so that a function needing more of the data
(:func:`armsdata.compare_register`) reads the same data set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from armsdata import codec, schema
from armsdata.datadir import DATA_DIR_ENV, packaged_data_dir, resolve_data_dir
from armsdata.extract import read_extract
from armsdata.io import DataError, Problem, read_table
from armsdata.validation import check_data_dir, table_problems

__all__ = ["DATA_DIR_ENV", "Data", "DataError", "load_actors", "load_data", "load_register",
           "load_register_categories", "load_sources", "load_systems", "load_tables", "load_transfers",
           "packaged_data_dir", "resolve_data_dir", "typed_data"]

#: The key of ``DataFrame.attrs`` naming the data directory a loaded table comes from (a string, so that
#: the attrs stay what pandas can write into a Parquet file).
DATA_DIR = "data_dir"


class Data:
    """One validated data directory, typed: every table of it, read once.

    ``directory`` is where it is; ``transfers``, ``sources``, ``actors`` and ``systems`` its tables
    (see :func:`typed`), ``claims`` them joined (:func:`load_transfers`), ``register`` SIPRI's
    register extract (where the directory has one: ``has_register``) and ``categories`` the categories of
    the register's descriptions (:func:`load_register_categories`). Each is a copy that may be
    changed freely (pandas copies on write); ``claims`` and ``categories`` are computed on first use
    and kept by this object, which is all the state there is.

    >>> data = armsdata.load_data()                                    # doctest: +SKIP
    >>> armsdata.who_arms_whom(data.claims), data.actors               # doctest: +SKIP
    """

    def __init__(self, directory: str | os.PathLike, tables: dict[str, pd.DataFrame]):
        self.directory = Path(directory)
        self._tables = dict(tables)

    def __repr__(self) -> str:
        return f"Data({str(self.directory)!r})"

    def _table(self, name: str) -> pd.DataFrame:
        return self._tables[name].copy(deep=False)

    @property
    def transfers(self) -> pd.DataFrame:
        """The claims as transfers.csv holds them, typed (without their sources', actors' and systems' columns)."""
        return self._table(schema.TRANSFERS.name)

    @property
    def sources(self) -> pd.DataFrame:
        """The sources, one row per published piece, typed."""
        return self._table(schema.SOURCES.name)

    @property
    def actors(self) -> pd.DataFrame:
        """The actors, typed."""
        return self._table(schema.ACTORS.name)

    @property
    def systems(self) -> pd.DataFrame:
        """The weapon systems the claims name, one row each, typed."""
        return self._table(schema.SYSTEMS.name)

    @property
    def claims(self) -> pd.DataFrame:
        """The claims joined with their source, actors and system: what :func:`load_transfers` returns."""
        if "claims" not in self._tables:
            self._tables["claims"] = join_claims(*(self._tables[t.name] for t in schema.TABLES))
        return self._table("claims")

    @property
    def has_register(self) -> bool:
        """Whether the directory has SIPRI's register extract (``register/sipri.csv``)."""
        return schema.REGISTER.name in self._tables

    @property
    def register(self) -> pd.DataFrame:
        """SIPRI's register extract (``register/sipri.csv``), typed, what it holds in ``attrs`` (see
        :func:`load_register`); :class:`DataError` where the directory has none (:attr:`has_register`)."""
        if not self.has_register:
            raise DataError([Problem(str(self.directory / schema.REGISTER.filename), 0, "(file)",
                                     "file not found; write one with 'armsdata import-sipri EXPORT --out PATH'")])
        return self._table(schema.REGISTER.name)

    @property
    def categories(self) -> pd.DataFrame:
        """The register's weapon descriptions and their categories: the directory's
        ``register/categories.csv``, else the one shipped with the package (checked on first use)."""
        name = schema.REGISTER_CATEGORIES.name
        if name not in self._tables:
            self._tables[name] = _checked_file(packaged_data_dir() / schema.REGISTER_CATEGORIES.filename,
                                               schema.REGISTER_CATEGORIES)
        return self._table(name)


def load_data(data_dir: str | os.PathLike | None = None) -> Data:
    """The data directory (:func:`resolve_data_dir`) validated once, every table typed: a :class:`Data`.

    Raises :class:`DataError` listing every problem if the data is not valid.
    """
    directory = resolve_data_dir(data_dir)
    tables, problems = check_data_dir(directory)
    if problems:
        raise DataError(problems)
    return typed_data(directory, tables)


def typed_data(directory: str | os.PathLike, tables: dict[str, pd.DataFrame]) -> Data:
    """The text tables of a valid data directory, as :func:`armsdata.validation.check_data_dir` gives them
    (name -> frame: the four of ``schema.TABLES``, and the optional ones it has), typed: a :class:`Data`.
    Each typed table remembers ``directory`` (``attrs["data_dir"]``); the register also what its
    ``.extract.json`` says it holds."""
    where = os.path.abspath(directory)  # still the same directory after a chdir
    known = {t.name: t for t in (*schema.TABLES, *schema.OPTIONAL_TABLES)}
    typed_tables = {}
    for name, frame in tables.items():
        table = typed(frame, known[name])
        if name == schema.REGISTER.name:
            table.attrs.update(read_extract(Path(directory) / schema.REGISTER.filename))
        table.attrs[DATA_DIR] = where
        typed_tables[name] = table
    return Data(directory, typed_tables)


def load_tables(data_dir: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Every table of ``schema.TABLES``, typed: ``{"transfers": …, "sources": …, "actors": …, "systems": …}``.

    The whole directory is validated first and :class:`DataError` is raised if anything is wrong.
    """
    data = load_data(data_dir)
    return {t.name: data._table(t.name) for t in schema.TABLES}


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
    corpus is about them (``supplier_subject``, ``recipient_subject``). Validates the whole data
    directory first (:func:`load_data`).

    >>> import armsdata
    >>> armsdata.who_arms_whom(armsdata.load_transfers())   # doctest: +SKIP
    """
    return load_data(data_dir).claims


def load_sources(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The sources, one row per published piece, typed; validates the whole data directory first."""
    return load_data(data_dir).sources


def load_actors(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The actors, typed; validates the whole data directory first."""
    return load_data(data_dir).actors


def load_systems(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The weapon systems the claims name, one row each, typed; validates the whole data directory first."""
    return load_data(data_dir).systems


def load_register(data_dir: str | os.PathLike | None = None, *, path: str | os.PathLike | None = None
                  ) -> pd.DataFrame:
    """SIPRI's register deals as ``armsdata import-sipri`` writes them, typed (nullable numbers, booleans).

    By default the extract of the data directory (``register/sipri.csv`` of :func:`resolve_data_dir`),
    validated with the whole directory as every loader does; ``path``, instead, reads any register
    CSV (and checks that file only). What the file holds is in ``attrs``, from the ``.extract.json``
    beside it (:mod:`armsdata.extract`): ``source`` and ``generated`` (the export and its date) and
    ``actors``, the actors whose deals it keeps (``None``: the whole export, also when there is no
    such file). Raises :class:`DataError` if the file does not match the register's schema, or its
    ``.extract.json`` is wrong, or the data directory has no register. For a SIPRI export as
    downloaded, use :func:`armsdata.read_sipri`.
    """
    if path is not None:
        if data_dir is not None:
            raise TypeError("load_register() takes a data directory or a path, not both")
        out = _checked_file(Path(path), schema.REGISTER)
        out.attrs.update(read_extract(path))
        return out
    return load_data(data_dir).register


def load_register_categories(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The register's weapon descriptions and their categories (``register/categories.csv``), typed.

    From ``data_dir`` (:func:`resolve_data_dir`) when it has the file, else the one shipped with the
    package: the mapping is of SIPRI's descriptions, not of any corpus. Validates the whole data
    directory first, and raises :class:`DataError` if it, or the shipped file, is not valid.
    """
    return load_data(data_dir).categories


def _checked_file(path: Path, table: schema.Table) -> pd.DataFrame:
    """One file of an optional table, typed; :class:`DataError` if it does not match ``table``."""
    frame = read_table(path)
    problems = table_problems(frame, table, str(path))
    if problems:
        raise DataError(sorted(problems))
    return typed(frame, table)


def join_claims(transfers: pd.DataFrame, sources: pd.DataFrame, actors: pd.DataFrame,
                systems: pd.DataFrame) -> pd.DataFrame:
    """The claims joined with their source, actors and system, validated as :class:`armsdata.models.Claims`;
    their ``attrs`` are those of ``transfers`` (the data directory, see :func:`typed_data`)."""
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
    out = Claims.validate(out)
    out.attrs.update(transfers.attrs)  # a merge keeps no attrs
    return out

"""Which data directory: one rule for every loader, the validator and every command.

Below both :mod:`armsdata.validate` and :mod:`armsdata.load`: it reads no data, it only says where it is.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from armsdata import schema

#: Environment variable that points the loaders (and the commands) at another data directory.
DATA_DIR_ENV = "ARMSDATA_DATA_DIR"

__all__ = ["DATA_DIR_ENV", "packaged_data_dir", "resolve_data_dir"]


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

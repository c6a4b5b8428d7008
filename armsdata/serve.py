"""``armsdata serve``: build the SQLite database and browse it with Datasette, in one command.

The database and its metadata are built by the sqlite export (:mod:`armsdata.database`)
into a temporary directory, removed when Datasette stops, or into a given output
directory, kept (with the export's rules for output directories). Datasette runs as
``python -m datasette`` of this interpreter, on loopback unless told otherwise.
Datasette is the optional extra ``publish``; without it, :func:`serve` says how to
install it before building anything.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from armsdata.database import DATABASE, METADATA
from armsdata.export import ExportUsageError, export

PUBLISH_HINT = "uv sync --extra publish (or pip install 'armsdata[publish]')"
DEFAULT_HOST = "127.0.0.1"
#: Datasette's own default port.
DEFAULT_PORT = 8001


def require_datasette() -> None:
    """Raise :class:`ExportUsageError`, one line saying how to install it, if Datasette is not installed."""
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise ExportUsageError(f"serve needs Datasette, which is not installed; install it with: {PUBLISH_HINT}"
                               ) from None


def datasette_command(directory: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """The command that serves ``directory``'s database with its metadata.

    ``--immutable``: the file is rebuilt whole, never changed in place, so Datasette may count
    and cache freely.
    """
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(directory / DATABASE),
            "--metadata", str(directory / METADATA), "--host", host, "--port", str(port)]


def serve(data_dir: str | os.PathLike, *, out_dir: str | os.PathLike | None = None, host: str = DEFAULT_HOST,
          port: int = DEFAULT_PORT, force: bool = False, run: Callable[[list[str]], int] | None = None,
          progress: Callable[[str], None] = lambda step: None) -> int:
    """Build the database of ``data_dir`` and serve it until Datasette stops; return Datasette's exit code.

    Raises what :func:`armsdata.export.export` raises, before serving anything, and
    :class:`ExportUsageError` if Datasette is not installed. ``run`` runs the command
    (default: :func:`subprocess.call`; the tests pass their own, so that no port is opened).
    """
    require_datasette()
    with tempfile.TemporaryDirectory(prefix="armsdata-serve-") as scratch:
        directory = Path(out_dir) if out_dir is not None else Path(scratch)
        export(data_dir, directory, "sqlite", force=force)
        where = "a temporary directory, removed when it stops" if out_dir is None else str(directory)
        progress(f"built {DATABASE} and {METADATA} in {where}; Datasette serves them on http://{host}:{port}/ "
                 "(Ctrl-C stops it)")
        return (run or subprocess.call)(datasette_command(directory, host=host, port=port))

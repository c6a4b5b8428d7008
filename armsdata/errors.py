"""Why a command stops, as exceptions the modules raise and ``armsdata.cli`` maps to exit codes in one place.

Together with :class:`armsdata.io.DataError` (invalid data, exit 1) and
:class:`armsdata.outdir.OutputError` (an output directory armsdata will not write to):

* :class:`UsageError`: the request is wrong (no such file, an unknown actor, an output that
  cannot be written): exit 2, each message one line for people;
* :class:`Rejected`: an input is not what the command reads: exit 1, nothing written;
* :class:`OutOfDate`: ``--check`` found generated files that differ: exit 1.

A data directory that is not there is a usage error (:func:`existing_data_dir`). An output place
is checked before the slow part of a command (:func:`check_out_file`), and
written atomically (:func:`write_out_file`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from armsdata.datadir import resolve_data_dir
from armsdata.io import write_atomic


class UsageError(Exception):
    """The command was asked for something it cannot do; ``messages`` are one line each for people."""

    def __init__(self, *messages: str):
        super().__init__("; ".join(messages))
        self.messages = messages


class Rejected(Exception):
    """An input is not what the command reads; ``details`` (one line each) come before ``str(error)``."""

    def __init__(self, message: str, details: Sequence[object] = ()):
        super().__init__(message)
        self.details = tuple(details)


class OutOfDate(Exception):
    """``--check`` found generated files that differ from what would be written; ``str(error)`` may be empty."""


def existing_data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data directory :func:`armsdata.datadir.resolve_data_dir` names; :class:`UsageError` if there is none."""
    directory = resolve_data_dir(path)
    if not directory.is_dir():
        raise UsageError(f"no such data directory: {directory}")
    return directory


def cannot_write(exc: OSError, path: str | os.PathLike | None = None) -> UsageError:
    """The usage error for an output that could not be written (``path`` names it when the error does not)."""
    where = exc.filename or path
    return UsageError(f"cannot write {f'{where}: ' if where else ''}{exc.strerror or exc}")


@contextmanager
def writing(path: str | os.PathLike | None = None) -> Iterator[None]:
    """Turn an :class:`OSError` inside the block into :func:`cannot_write`'s usage error."""
    try:
        yield
    except OSError as exc:
        raise cannot_write(exc, path) from exc


def check_out_file(out: str | os.PathLike | None, inputs: Sequence[str | os.PathLike] = ()) -> None:
    """Raise :class:`UsageError` if ``out`` is a place no output file goes (a directory, a file in a missing
    directory, one of ``inputs``); nothing is created. ``None`` (standard output) is always fine."""
    if not out:
        return
    if Path(out).is_dir():
        raise UsageError(f"--out is a directory, not a file: {out}")
    if not Path(out).absolute().parent.is_dir():
        raise UsageError(f"--out {out}: no such directory: {Path(out).parent} (create it first)")
    if any(Path(out).resolve() == Path(path).resolve() for path in inputs):
        raise UsageError(f"--out {out} is the input; choose another file")


def write_out_file(out: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``out`` atomically; :class:`UsageError` if it cannot be written."""
    with writing():
        write_atomic(out, text)

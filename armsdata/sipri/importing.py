"""``armsdata import-sipri``: a SIPRI export read and written as the register table, with what it covers beside it.

:func:`import_sipri` checks the request, reads the export, keeps the deals of the actors asked for
and writes the register CSV and its ``.extract.json`` (:mod:`armsdata.extract`);
:func:`actor_spellings_in` turns the names of ``actors.csv`` into SIPRI's spellings (also for
``armsdata register-diff``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from armsdata.errors import Rejected, UsageError, check_out_file, existing_data_dir, writing
from armsdata.extract import extract_json, extract_path, read_extract
from armsdata.io import DataError, read_table, write_atomic
from armsdata.sipri.read import read_sipri
from armsdata.sipri.table import actor_spellings, register_csv, select_actors, summary

#: How many of the problems of an export that cannot be read are shown: a file wrong throughout would
#: otherwise give a line per record.
SHOWN = 20


@dataclass(frozen=True)
class Imported:
    """The register CSV's ``text`` (written to the ``--out`` file when there is one) and the ``summary`` line."""

    text: str
    summary: str


def actor_spellings_in(names: Sequence[str], data_dir: str | os.PathLike | None = None) -> set[str]:
    """Every SIPRI spelling of the actors ``names`` (through ``actors.csv`` of ``data_dir``).

    Raises :class:`~armsdata.errors.UsageError` (one message per unknown name) if there is no such data
    directory, its actors.csv cannot be read, or a name is not an actor of it.
    """
    actors_csv = existing_data_dir(data_dir) / "actors.csv"
    try:
        actors = read_table(actors_csv)
    except DataError as exc:
        raise UsageError(f"--actor needs {actors_csv}: {exc.problems[0].message}") from None
    spellings, refused = actor_spellings(names, actors)
    if refused:
        raise UsageError(*(f"--actor {reason}" for reason in refused))
    return spellings


def import_sipri(file: str | os.PathLike, *, out: str | os.PathLike | None = None, actors: Sequence[str] = (),
                 data_dir: str | os.PathLike | None = None) -> Imported:
    """Read the SIPRI export ``file``; keep the deals of ``actors`` (all without); write them to ``out`` (with
    ``out``'s ``.extract.json`` beside it) when given.

    Raises :class:`~armsdata.errors.UsageError` (nothing written) for a missing ``file``, a bad ``out``, an
    unknown actor, an ``.extract.json`` in the way that armsdata did not write, or a file that cannot be
    written; :class:`~armsdata.errors.Rejected` if ``file`` is not a SIPRI export that can be read whole.
    """
    if Path(file).is_dir():
        raise UsageError(f"{file} is a directory, not a file; give the SIPRI export (a .csv file)")
    if not Path(file).is_file():
        raise UsageError(f"no such file: {file}")
    check_out_file(out)
    spellings = actor_spellings_in(actors, data_dir) if actors else None
    try:
        deals = read_sipri(file)
    except DataError as exc:
        more = f" ({len(exc.problems)} problems, the first {SHOWN} shown)" if len(exc.problems) > SHOWN else ""
        raise Rejected(f"{file}: not imported; nothing written{more}", exc.problems[:SHOWN]) from None
    kept = select_actors(deals, spellings) if spellings is not None else deals
    text = register_csv(kept)
    written_to = None
    if out:
        sidecar = extract_path(out)
        try:  # a file of that name that is not ours is not overwritten
            read_extract(out)
        except DataError:
            raise UsageError(f"{sidecar} exists and is not what 'import-sipri' writes beside {out}; "
                             "move it away or choose another --out; nothing written") from None
        with writing(out):
            write_atomic(out, text)
            write_atomic(sidecar, extract_json(Path(file).name, deals.attrs.get("generated"), actors or None))
        written_to = f"{out} (what it covers: {sidecar})"
    return Imported(text, summary(deals, written=len(kept), actors=actors, out=written_to))

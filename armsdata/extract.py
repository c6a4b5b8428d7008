"""What a register file holds: ``<name>.extract.json`` beside ``<name>.csv``, written by ``import-sipri``.

An extract of SIPRI's register keeps the deals of some actors only; a comparison that did not
know it would take every deal of another pair for one the register does not list. So the
importer records, beside the CSV it writes, which export it read and which actors it kept::

    {
      "source": "trade-register_all_2026-05-18.csv",
      "generated": "2026-05-18",
      "actors": ["Armenia", "Azerbaijan"]
    }

``actors`` are names of ``actors.csv``: the file holds every deal of the export whose supplier
or recipient is one of them (SIPRI's spellings read through the actors' aliases). Without
``actors`` (``null``), or without the file, the register is the whole export: it covers every
pair. ``generated`` is the export's "Data generated" date (ISO), ``null`` where it states none.
This file is the one definition of the shipped extract's coverage, source and date:
:func:`armsdata.load_register` puts them in the frame's ``attrs``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from armsdata.io import DataError, Problem

#: The sidecar of ``sipri.csv`` is ``sipri.extract.json``.
SUFFIX = ".extract.json"

#: Each key of the file: what it holds.
KEYS: dict[str, str] = {
    "source": "the file name of the SIPRI export the register was imported from",
    "generated": "the export's 'Data generated' date, YYYY-MM-DD, or null",
    "actors": "the actors (names of actors.csv) whose deals, as supplier or recipient, the file keeps; "
              "null: every deal of the export",
}

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def extract_path(register: str | os.PathLike) -> Path:
    """The sidecar of a register CSV.

    >>> extract_path("data/register/sipri.csv")
    PosixPath('data/register/sipri.extract.json')
    """
    register = Path(register)
    return register.with_name(register.stem + SUFFIX)


def extract_json(source: str, generated: str | None, actors: list[str] | tuple[str, ...] | None) -> str:
    """The sidecar's text: keys in :data:`KEYS` order, actors sorted, two-space indent, a final newline.

    >>> print(extract_json("export.csv", None, ["Azerbaijan", "Armenia"]), end="")
    {
      "source": "export.csv",
      "generated": null,
      "actors": [
        "Armenia",
        "Azerbaijan"
      ]
    }
    """
    content = {"source": source, "generated": generated, "actors": None if actors is None else sorted(set(actors))}
    return json.dumps(content, indent=2, ensure_ascii=False) + "\n"


def read_extract(register: str | os.PathLike) -> dict[str, object]:
    """``{"source", "generated", "actors"}`` of a register CSV, from its sidecar; ``actors`` a tuple, or
    ``None`` for the whole export (also when there is no sidecar: ``source`` and ``generated`` are then
    ``None`` too). Raises :class:`DataError` for a sidecar that cannot be read or has a wrong key or value."""
    path = extract_path(register)
    if not path.is_file():
        return {"source": None, "generated": None, "actors": None}
    content, problems = _parsed(path)
    if problems:
        raise DataError(problems)
    actors = content.get("actors")
    return {"source": content.get("source"), "generated": content.get("generated"),
            "actors": None if actors is None else tuple(actors)}


def extract_problems(register: str | os.PathLike, actor_names: set[str] | None = None) -> list[Problem]:
    """The problems of a register CSV's sidecar (none without one); with ``actor_names``, also each actor
    it names that ``actors.csv`` does not."""
    path = extract_path(register)
    if not path.is_file():
        return []
    content, problems = _parsed(path)
    if problems or actor_names is None:
        return problems
    text = path.read_text(encoding="utf-8")
    return [Problem(str(path), _line_of(text, f'"{actor}"'), "actors",
                    "not an actor of actors.csv (its 'name' column); name the actor as actors.csv does", actor)
            for actor in content.get("actors") or [] if actor not in actor_names]


def _parsed(path: Path) -> tuple[dict, list[Problem]]:
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return {}, [Problem(label, 0, "(file)", f"not valid UTF-8 (byte {exc.object[exc.start]:#04x}); "
                                                "save the file with UTF-8 encoding")]
    try:
        content = json.loads(text)
    except json.JSONDecodeError as exc:
        return {}, [Problem(label, exc.lineno, "(file)", f"not valid JSON: {exc.msg} (column {exc.colno}); "
                                                         "write it as 'armsdata import-sipri --out' does")]
    if not isinstance(content, dict):
        return {}, [Problem(label, 1, "(file)", "not a JSON object; expected the keys " + ", ".join(KEYS))]
    problems = [Problem(label, _line_of(text, f'"{key}"'), key, "unknown key; expected one of " + ", ".join(KEYS))
                for key in content if key not in KEYS]
    if not isinstance(content.get("source"), str) or not content.get("source"):
        problems.append(Problem(label, _line_of(text, '"source"'), "source",
                                "missing or not a text; give the file name of the SIPRI export"))
    generated = content.get("generated")
    if generated is not None and not (isinstance(generated, str) and _DATE.match(generated)):
        problems.append(Problem(label, _line_of(text, '"generated"'), "generated",
                                "not a date YYYY-MM-DD or null", str(generated)))
    actors = content.get("actors")
    if actors is not None and not (isinstance(actors, list) and actors
                                   and all(isinstance(a, str) and a for a in actors)):
        problems.append(Problem(label, _line_of(text, '"actors"'), "actors",
                                "not a non-empty list of actor names, or null (the whole export)", str(actors)))
    return content, problems


def _line_of(text: str, needle: str) -> int:
    """The line on which ``needle`` first appears (1-based); 0, the file as a whole, if nowhere."""
    at = text.find(needle)
    return 0 if at < 0 else text.count("\n", 0, at) + 1

"""Check a data directory: the schema of each file, then the rules across files; the problems in file order.

``validate(data_dir)`` returns the list of :class:`~armsdata.io.Problem` in file order (the files in
:data:`armsdata.schema.TABLES` order, then the register when it is there, then by line and column); an
empty list means the data is valid. It only reads, never writes.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.datadir import resolve_data_dir
from armsdata.io import DataError, Problem, read_table
from armsdata.validation.crossfile import cross_file_problems
from armsdata.validation.failures import HEADER_LINE, BadCells, schema_problems


def validate(data_dir: str | os.PathLike | None = None) -> list[Problem]:
    """All problems in ``data_dir`` (default: where the loaders look, see :func:`armsdata.datadir.resolve_data_dir`).

    Paths in the problems are ``data_dir`` joined with the file name, as given.
    """
    return check_data_dir(data_dir)[1]


def check_data_dir(data_dir: str | os.PathLike | None = None) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The text tables of ``data_dir`` and all its problems, in file order: one reading for those who need both.

    The tables are those that passed their schema; all of them are there when there are no problems,
    the optional ones (the register) too where the directory has them.
    The rules across files are checked as soon as every file can be read and has the right header,
    each on every row whose cells it reads passed their own checks (a value without its currency is
    still looked for in the quote), so one run shows a contributor every problem.
    """
    from armsdata.extract import extract_problems

    data_dir = resolve_data_dir(data_dir)
    checked, problems = _checked_tables(data_dir, schema.TABLES)
    present = [t for t in schema.OPTIONAL_TABLES if (Path(data_dir) / t.filename).exists()]
    optional, found = _checked_tables(data_dir, present)
    problems += found
    actors = checked.get("actors")  # what the register's .extract.json says it covers: actors of actors.csv
    problems += extract_problems(os.path.join(str(data_dir), schema.REGISTER.filename),
                                 None if actors is None else set(actors[0]["name"].dropna()))
    if len(checked) == len(schema.TABLES):
        readable = {name: frame for name, (_, frame, _, _) in checked.items()}
        problems += cross_file_problems(readable, Path(data_dir), {name: bad for name, (*_, bad, _) in checked.items()})
    return ({name: frame for name, (frame, *_, valid) in (checked | optional).items() if valid},
            in_file_order(problems, data_dir))


def in_file_order(problems: set[Problem] | list[Problem], data_dir: str | os.PathLike) -> list[Problem]:
    """``problems`` sorted as a person reads the files, each once: by file (tables in schema order, then any
    other file), line (the header's problems first) and column (in the header's order), then column name,
    message and value.

    The files, lines and columns are sorted as numbers, at once; only the problems of one cell are compared
    as text (a sort of Problems by a key of text took 7 us a problem: 5 s for a file of 100,000 bad rows).
    """
    files = {os.path.join(str(data_dir), t.filename): (i, {c: n for n, c in enumerate(t.columns)})
             for i, t in enumerate(schema.TABLES + schema.OPTIONAL_TABLES)}
    problems = list(problems)
    paths = [p.path for p in problems]
    codes, _ = pd.factorize(np.asarray(paths, dtype=object), sort=True)
    other = (len(files), {})
    last = max(len(t.columns) for t in schema.TABLES + schema.OPTIONAL_TABLES)  # after every column of a file
    ranks = np.fromiter((files.get(path, other)[0] for path in paths), dtype=np.int64, count=len(problems))
    columns = np.fromiter((files.get(p.path, other)[1].get(p.column, last) for p in problems), dtype=np.int64,
                          count=len(problems))
    lines = np.fromiter((p.line for p in problems), dtype=np.int64, count=len(problems))
    order = np.lexsort((columns, lines, codes, ranks))
    cell = np.stack([codes[order], lines[order], columns[order]])  # each problem's file, line and column
    starts = np.flatnonzero(np.r_[True, (cell[:, 1:] != cell[:, :-1]).any(axis=0)]) if len(order) else order
    ends = np.r_[starts[1:], len(order)]
    order = order.tolist()
    out: list[Problem] = []
    for start, end in zip(starts.tolist(), ends.tolist()):
        if end - start == 1:
            out.append(problems[order[start]])
        else:  # the problems of one cell: by column name, message and value, each once
            out += sorted({problems[i] for i in order[start:end]}, key=lambda p: (p.column, p.message, p.value or ""))
    return out


def _checked_tables(data_dir: str | os.PathLike, tables: tuple[schema.Table, ...] | list[schema.Table]
                    ) -> tuple[dict[str, tuple[pd.DataFrame, pd.DataFrame, BadCells, bool]], list[Problem]]:
    """Each table that can be read and has the right header, as read and as the rules across files read it
    (see :func:`~armsdata.validation.failures.schema_problems`), with its cells that fail their checks and
    whether it has no problem at all."""
    checked: dict[str, tuple[pd.DataFrame, pd.DataFrame, BadCells, bool]] = {}
    problems: list[Problem] = []
    for table in tables:
        label = os.path.join(str(data_dir), table.filename)
        try:
            frame = read_table(label)
        except DataError as exc:
            problems += exc.problems
            continue
        found, readable, bad = schema_problems(frame, table, label)
        problems += found
        if min((p.line for p in found), default=HEADER_LINE + 1) > HEADER_LINE:  # none with the file or its header
            checked[table.name] = (frame, readable, bad, not found)
    return checked, problems

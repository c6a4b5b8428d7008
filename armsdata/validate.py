"""Check a data directory: the schema of each file, then the rules across files.

``validate(data_dir)`` returns a sorted list of :class:`~armsdata.io.Problem`;
an empty list means the data is valid. It only reads, never writes.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pandas as pd

from armsdata import schema
from armsdata.io import CsvError, Problem, read_table

#: The line of the header; a problem reported there (or on line 0) concerns the whole file.
HEADER_LINE = 1
from armsdata.numbers import supports_quantity, supports_value, why_not_stated


def validate(data_dir: str | os.PathLike = "data") -> list[Problem]:
    """All problems in ``data_dir`` (transfers.csv, sources.csv, actors.csv, archive/), sorted.

    Paths in the problems are ``data_dir`` joined with the file name, as given.
    """
    return check(data_dir)[1]


def check(data_dir: str | os.PathLike = "data") -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The text tables of ``data_dir`` and all its problems, sorted: one reading for those who need both.

    The tables are those that passed their schema; all three are there when there are no problems.
    The rules across files are checked on every row that passed its schema, as soon as all three
    files can be read and have the right header, so one run shows a contributor every problem.
    """
    checked, problems = _checked_tables(data_dir)
    if len(checked) == len(schema.TABLES):
        whole = {name: frame for name, (frame, _) in checked.items()}
        passed = {name: frame[~frame.index.isin(bad)] for name, (frame, bad) in checked.items()}
        problems += cross_file_problems(passed, Path(data_dir), whole)
    return {name: frame for name, (frame, bad) in checked.items() if not bad}, sorted(set(problems))


def read_tables(data_dir: str | os.PathLike) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read and schema-check each table; a table with problems is left out of the dict."""
    checked, problems = _checked_tables(data_dir)
    return {name: frame for name, (frame, bad) in checked.items() if not bad}, problems


def _checked_tables(data_dir: str | os.PathLike) -> tuple[dict[str, tuple[pd.DataFrame, set[int]]], list[Problem]]:
    """Each table that can be read and has the right header, with the lines of the rows that fail its schema."""
    checked: dict[str, tuple[pd.DataFrame, set[int]]] = {}
    problems: list[Problem] = []
    for table in schema.TABLES:
        label = os.path.join(str(data_dir), table.filename)
        try:
            frame = read_table(label)
        except CsvError as exc:
            problems += exc.problems
            continue
        found = table_problems(frame, table, label)
        problems += found
        bad = {p.line for p in found}
        if min(bad, default=HEADER_LINE + 1) > HEADER_LINE:  # no problem with the file or its header
            checked[table.name] = (frame, bad)
    return checked, problems


def table_problems(frame: pd.DataFrame, table: schema.Table, label: str) -> list[Problem]:
    """Problems of one table against its schema (header first, then every cell)."""
    header = header_problems(list(frame.columns), table, label)
    if header:
        return header
    import pandera.pandas as pa  # slow import, only needed here

    try:
        schema.pandera_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _from_failure_cases(exc.failure_cases, frame, table, label)
    return []


def header_problems(columns: list[str], table: schema.Table, label: str) -> list[Problem]:
    expected = table.columns
    problems = [Problem(label, 1, name, "missing column") for name in expected if name not in columns]
    problems += [Problem(label, 1, name or "(header)", f"unexpected column (expected: {', '.join(expected)})")
                 for name in columns if name not in expected]
    if not problems and columns != expected:
        problems.append(Problem(label, 1, "(header)", f"columns out of order (expected: {', '.join(expected)})"))
    return problems


def _from_failure_cases(cases: pd.DataFrame, frame: pd.DataFrame, table: schema.Table,
                        label: str) -> list[Problem]:
    problems = []
    rule_columns = {f"{r.column}: {r.message}": r.column for r in table.row_rules}
    for case in cases.itertuples(index=False):
        check = str(case.check)
        if check in rule_columns:
            column, message = rule_columns[check], check.split(": ", 1)[1]
            if case.column != column:  # pandera lists a row rule once per column; keep one
                continue
        else:
            column, message = str(case.column), check
        if pd.isna(case.index):
            problems.append(Problem(label, 1, column, message))
            continue
        line = int(case.index)
        value = str(frame.at[line, column]) if column in frame.columns else None
        if check == "field_uniqueness":
            others = frame.index[(frame[column] == value) & (frame.index != line)]
            message = f"duplicate id; also on line {', '.join(map(str, others))}"
        problems.append(Problem(label, line, column, message, value))
    return problems


# --------------------------------------------------------------------------
# Rules across files
# --------------------------------------------------------------------------


def cross_file_problems(tables: dict[str, pd.DataFrame], data_dir: Path,
                        whole: dict[str, pd.DataFrame] | None = None) -> list[Problem]:
    """Foreign keys, actor names, deal consistency, archived texts, quotes and numbers.

    The rows of ``tables`` are checked; the keys they may refer to are those of ``whole``
    (default: ``tables``), so a row referring to a row with a problem of its own is not blamed.
    """
    whole = whole or tables
    transfers, sources, actors = tables["transfers"], tables["sources"], whole["actors"]
    labels = {t.name: os.path.join(str(data_dir), t.filename) for t in schema.TABLES}
    t_label = labels["transfers"]
    texts, problems = archived_texts(sources, data_dir, labels["sources"])
    problems += alias_problems(tables["actors"], labels["actors"])
    for (name, column), (other, key) in schema.FOREIGN_KEYS.items():
        if other == "actors":  # names an alias, when the value is one
            problems += actor_problems(tables[name], column, actors, labels[name])
        else:
            problems += foreign_key_problems(tables[name], column, set(whole[other][key]),
                                             os.path.basename(labels[other]), labels[name])
    problems += deal_problems(transfers, t_label)
    problems += quote_problems(transfers, texts, t_label)
    problems += number_problems(transfers, t_label)
    return problems


def foreign_key_problems(frame: pd.DataFrame, column: str, known: set[str], other: str,
                         label: str) -> list[Problem]:
    bad = frame[~frame[column].isin(known)]
    return [Problem(label, line, column, f"unknown {column} (not in {other})", value)
            for line, value in bad[column].items()]


def alias_table(actors: pd.DataFrame) -> dict[str, str]:
    """Alias -> canonical name, from the ``aliases`` column (``;``-separated)."""
    pairs = {}
    for name, aliases in zip(actors["name"], actors["aliases"]):
        for alias in filter(None, (a.strip() for a in aliases.split(";"))):
            pairs[alias] = name
    return pairs


def alias_problems(actors: pd.DataFrame, label: str) -> list[Problem]:
    problems = []
    names = set(actors["name"])
    seen: dict[str, str] = {}
    for line, name, aliases in zip(actors.index, actors["name"], actors["aliases"]):
        for alias in filter(None, (a.strip() for a in aliases.split(";"))):
            if alias in names:
                problems.append(Problem(label, line, "aliases", "alias is also an actor's name", alias))
            elif alias in seen and seen[alias] != name:
                problems.append(Problem(label, line, "aliases", f"alias also given for {seen[alias]!r}", alias))
            seen[alias] = name
    return problems


def actor_problems(transfers: pd.DataFrame, column: str, actors: pd.DataFrame, label: str) -> list[Problem]:
    aliases = alias_table(actors)
    bad = transfers[~transfers[column].isin(set(actors["name"]))]
    problems = []
    for line, value in bad[column].items():
        if value in aliases:
            message = f"{value!r} is an alias; use the actor's name {aliases[value]!r}"
        else:
            message = "unknown actor (add it to actors.csv, or use a name listed there)"
        problems.append(Problem(label, line, column, message, value))
    return problems


def deal_problems(transfers: pd.DataFrame, label: str) -> list[Problem]:
    """All claims of one deal must name the same supplier and recipient."""
    problems = []
    first_line = transfers.reset_index().groupby("deal_id", sort=False)["line"].transform("first")
    first_line.index = transfers.index
    for column in ("supplier", "recipient"):
        first = transfers.groupby("deal_id", sort=False)[column].transform("first")
        differs = transfers[column] != first
        for line in transfers.index[differs]:
            problems.append(Problem(
                label, line, column,
                f"differs from the deal's first claim on line {first_line[line]} ({first[line]!r}); "
                "claims of one deal_id share supplier and recipient", transfers.at[line, column]))
    return problems


def archived_texts(sources: pd.DataFrame, data_dir: Path, label: str) -> tuple[dict[str, str], list[Problem]]:
    """source_id -> normalised archived text; problems for missing or unreadable archives."""
    texts, problems = {}, []
    for line, source_id, archive in zip(sources.index, sources["source_id"].tolist(), sources["archive"].tolist()):
        path = data_dir / archive
        try:
            texts[source_id] = normalise_text(path.read_bytes().decode("utf-8"))  # CR LF folds to a space
        except FileNotFoundError:
            problems.append(Problem(label, line, "archive", f"archived text not found at {path}", archive))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(label, line, "archive", f"archived text unreadable ({exc.__class__.__name__})",
                                    archive))
    return texts, problems


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
                         "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"})
_FOLD_PAIRS = tuple((chr(code), plain) for code, plain in _QUOTES.items())


def normalise_text(text: str) -> str:
    """Fold what copy-paste changes: Unicode form, curly quotes, dashes, runs of white space.

    >>> normalise_text("“Bastion”  —\\n vehicles")
    '"Bastion" - vehicles'
    """
    # Same result as re.sub(r"\s+", " ", NFC(text).translate(_QUOTES)).strip(), several times faster:
    # ASCII text is already NFC with nothing to fold, str.replace of the few characters to fold is
    # faster than str.translate visiting every character, and str.split() splits on exactly what \s matches.
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        for char, plain in _FOLD_PAIRS:
            if char in text:
                text = text.replace(char, plain)
    return " ".join(text.split())


def quote_problems(transfers: pd.DataFrame, texts: dict[str, str], label: str) -> list[Problem]:
    """Every passage of every quote must stand verbatim (after normalising) in its source's archive."""
    problems = []
    gap = schema.QUOTE_GAP.strip()
    quotes = transfers["quote"]
    as_is = already_normal(quotes) & ~quotes.str.contains(gap, regex=False)  # most quotes: one vectorised pass
    for line, source_id, quote, whole in zip(transfers.index, transfers["source_id"].tolist(), quotes.tolist(),
                                             as_is.tolist()):
        text = texts.get(source_id)
        if text is None or not quote:
            continue  # unknown source or missing archive is reported elsewhere
        for piece in [quote] if whole else map(normalise_text, quote.split(gap)):
            if piece and piece not in text:
                problems.append(Problem(label, line, "quote",
                                        f"not found verbatim in the archived text of {source_id}", piece))
    return problems


#: ASCII white space that :func:`normalise_text` would change: a run, an end, or anything but a space.
_FOLDABLE_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f]|  |^ | $"


def already_normal(cells: pd.Series) -> pd.Series:
    """True where :func:`normalise_text` would return the cell unchanged, for ASCII cells; vectorised.

    >>> already_normal(pd.Series(["50 Bastion vehicles", "50  Bastion", "“50”"])).tolist()
    [True, False, False]
    """
    return cells.str.isascii() & ~cells.str.contains(_FOLDABLE_SPACE, regex=True)


def number_problems(transfers: pd.DataFrame, label: str) -> list[Problem]:
    """A quantity must be a count the quote states, a value an amount it states in full units.

    The rules of reading are those of :mod:`armsdata.numbers`; the message says what the
    quote does state there, so the contributor can fix the cell.
    """
    problems = []
    given = transfers[(transfers["quantity"] != "") | (transfers["value"] != "")]
    # row by row, so that a quote with both numbers is read (at most) once
    for line, quantity, value, quote in zip(given.index, given["quantity"].tolist(), given["value"].tolist(),
                                            given["quote"].tolist()):
        for column, number, supports in (("quantity", quantity, supports_quantity), ("value", value, supports_value)):
            if number and not supports(quote, number):
                hint = why_not_stated(quote, number, amount=column == "value")
                problems.append(Problem(label, line, column, f"{column} {number} not stated in the quote; {hint}",
                                        number))
    return problems

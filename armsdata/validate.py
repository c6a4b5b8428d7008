"""Check a data directory: the schema of each file, then the rules across files.

``validate(data_dir)`` returns the list of :class:`~armsdata.io.Problem` in file order
(the files in :data:`armsdata.schema.TABLES` order, then the register when it is there, then
by line and column); an empty
list means the data is valid. It only reads, never writes.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.datadir import resolve_data_dir
from armsdata.io import FILE_LINE, DataError, Problem, decode_utf8, read_table
from armsdata.numbers import supports_quantity, supports_value, why_not_stated

#: The line of the header; a problem reported there (or on line 0) concerns the whole file.
HEADER_LINE = 1


def validate(data_dir: str | os.PathLike | None = None) -> list[Problem]:
    """All problems in ``data_dir`` (default: where the loaders look, see :func:`armsdata.datadir.resolve_data_dir`).

    Paths in the problems are ``data_dir`` joined with the file name, as given.
    """
    return check(data_dir)[1]


def check(data_dir: str | os.PathLike | None = None) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The text tables of ``data_dir`` and all its problems, in file order: one reading for those who need both.

    The tables are those that passed their schema; all of them are there when there are no problems,
    the optional ones (the register) too where the directory has them.
    The rules across files are checked on every row that passed its schema, as soon as every
    file can be read and has the right header, so one run shows a contributor every problem.
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
        whole = {name: frame for name, (frame, _) in checked.items()}
        passed = {name: frame[~frame.index.isin(bad)] for name, (frame, bad) in checked.items()}
        problems += cross_file_problems(passed, Path(data_dir), whole)
    return ({name: frame for name, (frame, bad) in (checked | optional).items() if not bad},
            in_file_order(set(problems), data_dir))


def in_file_order(problems: set[Problem] | list[Problem], data_dir: str | os.PathLike) -> list[Problem]:
    """``problems`` sorted as a person reads the files: by file (tables in schema order, then any
    other file), line (the header's problems first) and column (in the header's order)."""
    files = {os.path.join(str(data_dir), t.filename): (i, t.columns)
             for i, t in enumerate(schema.TABLES + schema.OPTIONAL_TABLES)}

    def key(problem: Problem):
        rank, columns = files.get(problem.path, (len(files), []))
        column = columns.index(problem.column) if problem.column in columns else len(columns)
        return rank, problem.path, problem.line, column, problem.column, problem.message, problem.value or ""

    return sorted(problems, key=key)


def _checked_tables(data_dir: str | os.PathLike, tables: tuple[schema.Table, ...] | list[schema.Table]
                    ) -> tuple[dict[str, tuple[pd.DataFrame, set[int]]], list[Problem]]:
    """Each table that can be read and has the right header, with the lines of the rows that fail its schema."""
    checked: dict[str, tuple[pd.DataFrame, set[int]]] = {}
    problems: list[Problem] = []
    for table in tables:
        label = os.path.join(str(data_dir), table.filename)
        try:
            frame = read_table(label)
        except DataError as exc:
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
    problems = []
    for name in expected:
        if name not in columns:
            near = did_you_mean(name, [c for c in columns if c not in expected])
            problems.append(Problem(label, HEADER_LINE, name, "missing column" + (f"; is {near[0]!r} meant to be it?"
                                                                                   if near else "")))
    problems += [Problem(label, HEADER_LINE, name or "(header)",
                         f"unexpected column{unusual_characters(name)} (expected: {', '.join(expected)})")
                 for name in columns if name not in expected]
    if not problems and columns != expected:
        problems.append(Problem(label, HEADER_LINE, "(header)",
                                f"columns out of order (expected: {', '.join(expected)})"))
    return problems


def _from_failure_cases(cases: pd.DataFrame, frame: pd.DataFrame, table: schema.Table,
                        label: str) -> list[Problem]:
    """pandera's failure cases as problems for people: one per cell and check (one per row for row rules)."""
    rules = {schema.row_rule_message(r): r.column for r in table.row_rules}
    fields = {f.name: f for f in table.fields}
    problems: set[Problem] = set()
    cases = _root_causes(cases)
    same_lines: dict[str, dict] = {}  # lines of the same value (of a column, or of a record), looked up once
    for case in cases.itertuples(index=False):
        check, column = str(case.check), str(case.column)
        if pd.isna(case.index):  # a check on the column as a whole
            problems.add(Problem(label, HEADER_LINE, column, check))
            continue
        line = int(case.index)
        if check == schema.MESSAGES["same_record"]:
            if "(row)" not in same_lines:
                same_lines["(row)"] = _lines_by_value(frame, [c for c in table.columns
                                                              if c not in table.same_record_ignores])
            problems.add(_same_record(frame, table, label, line, same_lines["(row)"]))
            continue
        if check in rules:
            column, check = rules[check], check.split(": ", 1)[1]
        value = frame.at[line, column] if column in frame.columns else None
        value = None if pd.isna(value) else str(value)
        if check == "not_nullable":
            problems.add(Problem(label, line, column, schema.MESSAGES["required"]))
        elif check == "field_uniqueness":
            if column not in same_lines:
                same_lines[column] = _lines_by_value(frame, [column])
            others = [n for n in same_lines[column].get((value,), ()) if n != line]
            problems.add(Problem(label, line, column, f"{schema.MESSAGES['duplicate_id']}; also on line "
                                                      f"{', '.join(map(str, others))}", value))
        else:
            problems.add(Problem(label, line, column, _explained(check, value, fields.get(column)), value))
    return list(problems)


#: When a cell fails several checks, only the first of these is reported: the others follow from it
#: (a status `` shipped`` is unknown only because of its space).
_ROOT_CAUSES = [schema.MESSAGES[k] for k in ("control", "blank", "trimmed", "formula")]


def _root_causes(cases: pd.DataFrame) -> pd.DataFrame:
    """The failure cases without those that follow from another failure of the same cell."""
    rank = cases["check"].astype(str).map({m: i for i, m in enumerate(_ROOT_CAUSES)})
    cell = cases["column"].astype(str) + "\0" + cases["index"].astype(str)
    first = rank.groupby(cell).transform("min")
    return cases[first.isna() | (rank == first)]


def _lines_by_value(frame: pd.DataFrame, columns: list[str]) -> dict[tuple, list[int]]:
    """The lines of the rows that share their cells of ``columns`` with another row, by those cells
    (an empty cell as None, equal to another empty one), in file order: found once for all the rows,
    so that many duplicates cost no more than a pass over the table."""
    shared = frame.duplicated(subset=columns, keep=False).to_numpy(dtype=bool)
    rows = frame.loc[shared, columns].astype(object)
    lines: dict[tuple, list[int]] = {}
    for line, *cells in zip(rows.index.tolist(), *(rows[c].tolist() for c in columns)):
        lines.setdefault(tuple(None if pd.isna(c) else c for c in cells), []).append(line)
    return lines


def _same_record(frame: pd.DataFrame, table: schema.Table, label: str, line: int,
                 same_lines: dict[tuple, list[int]]) -> Problem:
    key = [c for c in table.columns if c not in table.same_record_ignores]
    cells = tuple(None if pd.isna(c) else c for c in frame.loc[line, key].tolist())
    others = [str(n) for n in same_lines.get(cells, ()) if n != line]
    ignored = " and ".join(table.same_record_ignores)
    return Problem(label, line, "(row)", f"{schema.MESSAGES['same_record']}: every cell but {ignored} is the same "
                                         f"as on line {', '.join(others)}; remove one of them",
                   str(frame.at[line, table.primary_key]))


def _explained(message: str, value: str | None, f: schema.Field | None) -> str:
    """The check's message, with what a person cannot see in the value and the nearest valid value."""
    if value is None or f is None:
        return message
    if message == schema.MESSAGES["control"]:
        position, char = schema.first_control_character(value, line_breaks=f.free_text) or (0, "")
        return f"holds a control character, {character_name(char)} at position {position}; remove it"
    message += unusual_characters(value)
    if f.vocabulary and message.startswith(schema.vocabulary_message(f)):
        message += _suggestion(value, tuple(f.vocabulary))
    return message


# --------------------------------------------------------------------------
# What a person cannot see: look-alike and invisible characters; near misses
# --------------------------------------------------------------------------


def character_name(char: str) -> str:
    """``U+0430 CYRILLIC SMALL LETTER A`` (control characters have no Unicode name: their usual one).

    >>> character_name("а"), character_name("\\x1b")
    ('U+0430 CYRILLIC SMALL LETTER A', 'U+001B (ESCAPE)')
    """
    name = unicodedata.name(char, "")
    if name:
        return f"U+{ord(char):04X} {name}"
    return f"U+{ord(char):04X} ({_CONTROL_NAMES.get(ord(char), 'control character')})"


_CONTROL_NAMES = {0: "NULL", 7: "BELL", 8: "BACKSPACE", 9: "TAB", 10: "LINE FEED", 11: "VERTICAL TAB",
                  12: "FORM FEED", 13: "CARRIAGE RETURN", 27: "ESCAPE", 127: "DELETE"}


def unusual_characters(value: str) -> str:
    """``"; it contains U+0430 CYRILLIC SMALL LETTER A at position 3"`` for characters a reader cannot
    tell from others: invisible ones (format, control, unusual spaces) and letters of another
    script than the rest of the value (a Cyrillic ``а`` in ``France``); ``""`` if there are none.

    >>> unusual_characters("Frаnce")
    '; it contains U+0430 CYRILLIC SMALL LETTER A at position 3'
    >>> unusual_characters("Türkiye"), unusual_characters("Ukraine\\u200b")
    ('', '; it contains U+200B ZERO WIDTH SPACE at position 8')
    """
    if value.isascii():
        found = [(i, c) for i, c in enumerate(value) if not c.isprintable()]
    else:
        scripts = [_script(c) for c in value if c.isalpha()]
        usual = max(set(scripts), key=scripts.count) if scripts else None
        found = [(i, c) for i, c in enumerate(value)
                 if (not c.isprintable() and c != " ") or (c.isspace() and c != " ")
                 or unicodedata.category(c) in ("Cf", "Co", "Cn")
                 or (c.isalpha() and _script(c) != usual)]
    if not found:
        return ""
    shown = ", ".join(f"{character_name(c)} at position {i + 1}" for i, c in found[:3])
    return f"; it contains {shown}" + (f" and {len(found) - 3} more" if len(found) > 3 else "")


def _script(char: str) -> str:
    """The script a letter belongs to, as the first word of its Unicode name (LATIN, CYRILLIC, …)."""
    return unicodedata.name(char, "?").split(" ")[0]


def did_you_mean(value: str, choices: list[str]) -> list[str]:
    """The valid values closest to ``value``: same letters in another case, else the most similar spelling.

    >>> did_you_mean("Shipped", ["shipped", "delivered"]), did_you_mean("delivred", ["shipped", "delivered"])
    (['shipped'], ['delivered'])
    """
    plain = unicodedata.normalize("NFKC", value).strip().casefold()
    folded = {c.casefold(): c for c in choices}
    if plain in folded:
        return [folded[plain]]
    near = difflib.get_close_matches(plain, list(folded), n=1, cutoff=0.6)
    return [folded[near[0]]] if near else []


@lru_cache(maxsize=4096)  # the same misspelling, on many rows, is looked up once
def _suggestion(value: str, choices: tuple[str, ...]) -> str:
    near = did_you_mean(value, list(choices))
    return f"; did you mean {near[0]!r}?" if near else ""


# --------------------------------------------------------------------------
# Rules across files
# --------------------------------------------------------------------------


def cross_file_problems(tables: dict[str, pd.DataFrame], data_dir: Path,
                        whole: dict[str, pd.DataFrame] | None = None) -> list[Problem]:
    """Foreign keys, actor names, deal consistency, deal references, systems, archived texts, quotes and numbers.

    The rows of ``tables`` are checked; the keys they may refer to are those of ``whole``
    (default: ``tables``), so a row referring to a row with a problem of its own is not blamed.
    """
    whole = whole or tables
    transfers, sources, actors = tables["transfers"], tables["sources"], whole["actors"]
    labels = {t.name: os.path.join(str(data_dir), t.filename) for t in schema.TABLES}
    t_label = labels["transfers"]
    problems = archive_and_quote_problems(transfers, sources, data_dir, labels)
    problems += alias_problems(tables["actors"], labels["actors"])
    for (name, column), (other, key) in schema.FOREIGN_KEYS.items():
        if other == "actors":  # names an alias, when the value is one
            problems += actor_problems(tables[name], column, actors, labels[name])
        else:
            problems += foreign_key_problems(tables[name], column, _keys(whole[other][key]),
                                             os.path.basename(labels[other]), labels[name])
    problems += deal_problems(transfers, t_label)
    for reference in schema.DEAL_REFERENCES:
        problems += deal_reference_problems(transfers, whole["transfers"], t_label, reference)
    problems += system_alias_problems(tables["systems"], labels["systems"])
    problems += system_category_problems(transfers, whole["systems"], t_label)
    problems += system_name_problems(transfers, whole["systems"], t_label)
    problems += number_problems(transfers, t_label)
    return problems


def _keys(cells: pd.Series) -> set[str]:
    """The values a reference may take: the keys as written and without stray white space.

    A key with stray spaces is reported once, where it is defined; the rows that refer to it
    as it was meant to be written are not reported again.
    """
    keys = cells.dropna()
    padded = keys[keys.str.strip() != keys]  # few or none: strip only those
    return set(keys.tolist()) | set(padded.str.strip().tolist())  # tolist: iterating Arrow text is slow


def is_in(cells: pd.Series, values: set[str]) -> np.ndarray:
    """``cells.isin(values).to_numpy()``, fast for the Arrow-backed text columns the files are read into.

    pandas converts each of ``values`` to an Arrow scalar on its own before Arrow's ``is_in``
    (0.1 s for 20,000 keys); here they go to Arrow as one array. An empty cell is in no set.

    >>> is_in(pd.Series(["a", "b", None], dtype="str"), {"a", "c"}).tolist()
    [True, False, False]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    array = getattr(cells.array, "_pa_array", None)
    if array is None or not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
        return cells.isin(values).to_numpy(dtype=bool)
    found = pc.is_in(array, value_set=pa.array(list(values), type=array.type))
    return np.asarray(found.fill_null(False), dtype=bool)


def foreign_key_problems(frame: pd.DataFrame, column: str, known: set[str], other: str,
                         label: str) -> list[Problem]:
    """An empty cell refers to nothing and is not a problem here (the schema says whether it may be empty)."""
    cells = frame[column]
    bad = cells[cells.notna().to_numpy() & ~is_in(cells, known)]
    choices = tuple(sorted(known)) if len(bad) else ()
    return [Problem(label, line, column, f"unknown {column} (not in {other}){unusual_characters(value)}"
                    + _suggestion(value, choices), value)
            for line, value in bad.items()]


def split_list(cell: object) -> list[str]:
    """The items of a ``;``-separated cell (aliases, designations), stripped, empty ones dropped."""
    if cell is None or cell is pd.NA or (isinstance(cell, float) and pd.isna(cell)):
        return []
    return [item.strip() for item in str(cell).split(";") if item.strip()]


def alias_table(actors: pd.DataFrame) -> dict[str, str]:
    """Alias -> canonical name, from the ``aliases`` column (``;``-separated)."""
    return {alias: name for name, aliases in zip(actors["name"], actors["aliases"]) for alias in split_list(aliases)}


def alias_problems(actors: pd.DataFrame, label: str) -> list[Problem]:
    problems = []
    names = set(actors["name"])
    seen: dict[str, str] = {}
    for line, name, aliases in zip(actors.index, actors["name"], actors["aliases"]):
        for alias in split_list(aliases):
            if alias in names:
                problems.append(Problem(label, line, "aliases", "alias is also an actor's name", alias))
            elif alias in seen and seen[alias] != name:
                problems.append(Problem(label, line, "aliases", f"alias also given for {seen[alias]!r}", alias))
            seen[alias] = name
    return problems


def actor_problems(transfers: pd.DataFrame, column: str, actors: pd.DataFrame, label: str) -> list[Problem]:
    aliases = alias_table(actors)
    names = _keys(actors["name"])
    cells = transfers[column]
    bad = cells[~is_in(cells, names)]
    choices = tuple(sorted(names | set(aliases))) if len(bad) else ()
    problems = []
    for line, value in bad.items():
        if value in aliases:
            message = f"{value!r} is an alias; use the actor's name {aliases[value]!r}"
        else:
            message = ("unknown actor" + unusual_characters(value) + _suggestion(value, choices)
                       + " (add it to actors.csv, or use a name listed there)")
        problems.append(Problem(label, line, column, message, value))
    return problems


#: Columns that describe a deal as a whole, so that every claim of the deal has the same value.
DEAL_COLUMNS = schema.DEAL_FIELDS


def deal_problems(transfers: pd.DataFrame, label: str) -> list[Problem]:
    """All claims of one deal name the same supplier, recipient, package (``parent_deal_id``), deal it may
    restate (``overlaps_deal_id``) and system."""
    problems = []
    columns = transfers[["deal_id", *DEAL_COLUMNS]].assign(line=transfers.index)
    # one grouping for every column; an empty cell of the first claim is its value too
    firsts = columns.groupby("deal_id", sort=False).transform("first", skipna=False)
    firsts.index = transfers.index
    first_line = firsts["line"]
    for column in DEAL_COLUMNS:
        first = firsts[column]
        same = (transfers[column] == first).fillna(False).astype(bool) | (transfers[column].isna() & first.isna())
        for line in transfers.index[~same]:
            value, expected = transfers.at[line, column], first[line]
            shown = "empty" if pd.isna(expected) else repr(expected)
            problems.append(Problem(
                label, line, column, f"differs from the deal's first claim on line {first_line[line]} ({shown}); "
                                     f"claims of one deal_id share {column}", None if pd.isna(value) else value))
    return problems


def deal_reference_problems(transfers: pd.DataFrame, whole: pd.DataFrame, label: str,
                            reference: schema.DealReference) -> list[Problem]:
    """The deal a :class:`~armsdata.schema.DealReference` column names (a package, the deal it may restate) is
    another deal of the same supplier and recipient, which names none in that column itself.

    ``whole`` holds every claim, so that the deal named is found even where the checked rows leave it out;
    a deal named that is no deal at all is an unknown reference, reported by the foreign-key rule.
    """
    column = reference.column
    columns = ["deal_id", column, "supplier", "recipient"]  # cutting these only is fast on large tables
    given = transfers.loc[transfers[column].notna().to_numpy(), columns]
    named = whole.loc[is_in(whole["deal_id"], set(given[column].tolist())), columns]
    firsts = named.groupby("deal_id", sort=False)[["supplier", "recipient", column]].first()
    # plain Python values: looking rows up in pandas one at a time is slow on large tables
    deals = dict(zip(firsts.index.tolist(), zip(*(firsts[c].tolist() for c in firsts.columns))))
    problems = []
    for line, deal_id, target, supplier, recipient in zip(given.index.tolist(), *(given[c].tolist() for c in columns)):
        if target == deal_id:
            problems.append(Problem(label, line, column, reference.itself, target))
        elif target in deals:
            target_supplier, target_recipient, target_names = deals[target]
            if (target_supplier, target_recipient) != (supplier, recipient):
                problems.append(Problem(label, line, column, reference.other_pair.format(
                    supplier=target_supplier, recipient=target_recipient), target))
            if pd.notna(target_names):
                problems.append(Problem(label, line, column, reference.chain.format(named=target_names), target))
    return problems


def system_alias_problems(systems: pd.DataFrame, label: str) -> list[Problem]:
    """An alias names one system only: it is neither another system's designation nor its alias.

    Compared without regard to case, since "Caesar" and "CAESAR" would name the same thing in a text.
    """
    owner = {d.casefold(): s for s, d in zip(systems["system_id"], systems["designation"]) if isinstance(d, str)}
    problems = []
    seen: dict[str, str] = {}
    for line, system_id, aliases in zip(systems.index, systems["system_id"], systems["aliases"]):
        for alias in split_list(aliases):
            key = alias.casefold()
            if owner.get(key, system_id) != system_id:
                problems.append(Problem(label, line, "aliases",
                                        f"alias is the designation of system {owner[key]!r}", alias))
            elif seen.get(key, system_id) != system_id:
                problems.append(Problem(label, line, "aliases", f"alias also given for system {seen[key]!r}",
                                        alias))
            seen.setdefault(key, system_id)
    return problems


def system_category_problems(transfers: pd.DataFrame, systems: pd.DataFrame, label: str) -> list[Problem]:
    """A claim that names a system has the system's category (unknown system ids are reported elsewhere)."""
    category = dict(zip(systems["system_id"].tolist(), systems["category"].tolist()))
    named = transfers.loc[is_in(transfers["system_id"], set(category)), ["system_id", "category"]]
    expected = named["system_id"].map(category)
    wrong = (named["category"] != expected).fillna(True).to_numpy(dtype=bool)  # an empty category differs too
    named, expected = named[wrong], expected[wrong]
    return [Problem(label, line, "category",
                    f"differs from the category of system {system_id!r} in systems.csv ({want!r})", value)
            for line, system_id, value, want in zip(named.index.tolist(), named["system_id"].tolist(),
                                                    named["category"].tolist(), expected.tolist())]


def system_name_problems(transfers: pd.DataFrame, systems: pd.DataFrame, label: str) -> list[Problem]:
    """A claim whose ``system`` is a system's designation or alias (in any case) carries that system's id,
    so that a new "Bastion" claim is not left unlinked.

    A name given to two systems is left out (the alias rule reports it), and so is a claim whose
    system_id is unknown (the foreign-key rule reports it).
    """
    owners: dict[str, set[str]] = {}
    for system_id, designation, aliases in zip(systems["system_id"], systems["designation"], systems["aliases"]):
        # the systems' rows with problems of their own are here too: a designation may be missing
        for name in [*([designation] if isinstance(designation, str) else []), *split_list(aliases)]:
            owners.setdefault(name.casefold(), set()).add(system_id)
    names = {name: ids.pop() for name, ids in owners.items() if len(ids) == 1}
    named = transfers["system"].str.casefold().map(names)
    known = set(systems["system_id"].tolist())
    checked = transfers["system_id"].isna().to_numpy() | is_in(transfers["system_id"], known)
    wrong = checked & named.notna() & ~(named == transfers["system_id"]).fillna(False).astype(bool)
    return [Problem(label, line, "system_id",
                    f"{system!r} is a name of system {want!r} in systems.csv; system_id must be {want!r}",
                    None if pd.isna(value) else value)
            for line, system, want, value in zip(transfers.index[wrong], transfers.loc[wrong, "system"],
                                                 named[wrong], transfers.loc[wrong, "system_id"])]


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
                         "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"})
_FOLD_PAIRS = tuple((chr(code), plain) for code, plain in _QUOTES.items())
#: What :func:`fold_bytes` replaces, in UTF-8: curly quotes and dashes by plain ones, and white space
#: other than ASCII's (no-break space, thin space, ...: what ``str.split`` splits on) by a space.
_FOLD_BYTES = {**{char.encode("utf-8"): plain.encode("utf-8") for char, plain in _FOLD_PAIRS},
               **{chr(code).encode("utf-8"): b" " for code in range(0x80, 0x3001) if chr(code).isspace()}}
_FOLD_LEADS = sorted({char[:1] for char in _FOLD_BYTES})  # their first bytes: 0xC2, 0xE1, 0xE2, 0xE3 (a test checks)
_FOLD_PATTERN = re.compile(b"|".join(map(re.escape, _FOLD_BYTES)))
_ASCII_SPACE = bytes.maketrans(b"\t\n\x0b\x0c\r", b"     ")  # what bytes.split() splits on, as a space


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


def archive_and_quote_problems(transfers: pd.DataFrame, sources: pd.DataFrame, data_dir: Path,
                               labels: dict[str, str]) -> list[Problem]:
    """Every archived text exists and is UTF-8; every passage of every quote stands verbatim (after
    normalising) in its source's archived text.

    The archives are read one at a time, so memory holds one text, not all of them. Most quotes are
    found as they are in the archive's raw bytes (see :func:`found_as_is`), the others mostly in its
    bytes with quotes, dashes and spaces folded (:func:`fold_bytes`); only a source with a quote that
    is in neither is decoded and normalised (see :func:`normalise_text`), which is what takes time. An
    archived text that is not UTF-8 is reported at the archive file itself, with the line and character
    of the first bad byte, like a CSV file that is not.
    """
    problems: list[Problem] = []
    cells = transfers["quote"]
    given = cells.notna().to_numpy()
    lines = transfers.index[given].tolist()
    needles = _utf8(cells[given])  # each quote's bytes: most are found as they are
    gap = schema.QUOTE_GAP.strip()
    gap_bytes = gap.encode("utf-8")
    quoted_by = _rows_by_value(transfers["source_id"][given])
    for line, source_id, archive in zip(sources.index.tolist(), sources["source_id"].tolist(),
                                        sources["archive"].tolist()):
        try:
            with open(os.path.join(data_dir, archive), "rb", buffering=0) as fh:  # one read of the whole file
                raw = fh.readall()
        except FileNotFoundError:
            problems.append(Problem(labels["sources"], line, "archive",
                                    f"archived text not found at {Path(data_dir) / archive}", archive))
            continue
        except OSError as exc:
            problems.append(Problem(labels["sources"], line, "archive", f"archived text unreadable ({exc.strerror})",
                                    archive))
            continue
        text = None
        if not raw.isascii():  # ASCII is UTF-8; anything else is decoded once, to know that it is
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                try:
                    decode_utf8(raw, str(Path(data_dir) / archive))  # raises, naming the line and character
                except DataError as exc:
                    problems += exc.problems
                continue
        missed = []
        for i in quoted_by(source_id):
            needle = needles[i]
            if gap_bytes not in needle:
                at = raw.find(needle)  # the common case inline: found, before an ASCII byte or the end
                if at >= 0 and (at + len(needle) == len(raw) or raw[at + len(needle)] < 0x80 or _found(needle, raw)):
                    continue
            elif _quote_found(needle.decode("utf-8"), gap, raw):
                continue
            missed.append(i)
        if missed:  # curly quotes, dashes and line breaks: fold them on the bytes, the fast way, and look again
            folded = fold_bytes(raw)
            missed = [i for i in missed if not (_found(fold_bytes(needles[i]), folded) if gap_bytes not in needles[i]
                                                else _quote_found(needles[i].decode("utf-8"), gap, folded, fold=True))]
        if missed:
            normal = normalise_text(text if text is not None else raw.decode("ascii"))  # CR LF folds to a space
            for i in missed:
                for piece in filter(None, map(normalise_text, needles[i].decode("utf-8").split(gap))):
                    if piece not in normal:
                        problems.append(Problem(labels["transfers"], lines[i], "quote",
                                                f"not found verbatim in the archived text of {source_id}: "
                                                f"{where_quote_differs(piece, normal)}", piece))
    return problems


def _utf8(cells: pd.Series) -> list[bytes]:
    """Each cell's UTF-8 bytes, straight from Arrow where the text is there (no str objects on the way)."""
    import pyarrow as pa

    array = schema.arrow_text(cells)
    if array is None:
        return [cell.encode("utf-8") for cell in cells.tolist()]
    return array.cast(pa.large_binary()).to_pylist()


def _rows_by_value(cells: pd.Series):
    """A function giving the positions of the rows that hold a value, in order (none for another value)."""
    codes, values = pd.factorize(cells)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(values) + 1)).tolist()
    order = order.tolist()
    code_of = dict(zip(values.tolist(), range(len(values))))

    def rows(value) -> list[int]:
        code = code_of.get(value)
        return [] if code is None else order[bounds[code]:bounds[code + 1]]

    return rows


def _quote_found(quote: str, gap: str, raw: bytes, *, fold: bool = False) -> bool:
    """Whether every passage of ``quote`` (the parts between gaps) is :func:`found_as_is` in ``raw``."""
    if gap not in quote:
        return found_as_is(quote, raw, fold=fold)
    # white space around a passage is no part of it once normalised
    return all(found_as_is(piece, raw, fold=fold) for piece in map(str.strip, quote.split(gap)) if piece)


def found_as_is(quote: str, raw: bytes, *, fold: bool = False) -> bool:
    """True when a quote stands as it is in an archive's raw UTF-8 bytes: a fast, sound test.

    Where it is True, the normalised quote is in the normalised text too: normalising works
    character by character (white space, curly quotes, dashes), except that it composes a letter
    with a combining mark after it, so the quote must begin, and the text go on after it, with a
    character that nothing before it combines with (see :func:`_is_boundary`). With ``fold``, ``raw``
    is :func:`fold_bytes` of the archive and the quote is folded the same way first. Where it is
    False, the caller normalises both and looks again.

    >>> found_as_is("GM200 radars", "three GM200 radars to".encode()), found_as_is("e", "cafe\u0301".encode())
    (True, False)
    >>> found_as_is("Turkey's  radars", fold_bytes("Turkey’s\\nradars".encode()), fold=True)
    True
    """
    return _found(fold_bytes(quote.encode("utf-8")) if fold else quote.encode("utf-8"), raw)


def _found(needle: bytes, raw: bytes) -> bool:
    """:func:`found_as_is` of the quote whose (folded) bytes are ``needle``."""
    if not needle or not _is_boundary(needle, 0):
        return False
    start = raw.find(needle)
    while start != -1:
        if _is_boundary(raw, start + len(needle)):
            return True
        start = raw.find(needle, start + 1)
    return False


def _is_boundary(utf8: bytes, at: int) -> bool:
    """Whether normalising (NFC) can never join the character that starts at ``utf8[at]`` to the one
    before it: True for ASCII, U+0080-U+00FF (no-break space, Latin-1 letters) and U+2000-U+207F
    (general punctuation: curly quotes, dashes, spaces), and at the end of the text; False for the
    rest, combining marks among them (tests/test_validate.py checks each character named here).
    """
    if at >= len(utf8):
        return True
    lead = utf8[at]
    return lead < 0x80 or lead in (0xC2, 0xC3) or (lead == 0xE2 and at + 1 < len(utf8) and utf8[at + 1] in (0x80, 0x81))


def fold_bytes(raw: bytes) -> bytes:
    """UTF-8 bytes with part of :func:`normalise_text` done the fast way, on bytes: curly quotes and
    dashes made plain, runs of white space (ASCII, no-break and other spaces) made one space.

    ``normalise_text`` of the result is ``normalise_text`` of the original, so a passage found in the
    folded bytes (on the boundary conditions of :func:`found_as_is`) is in the normalised text; what
    is left to ``normalise_text`` (Unicode forms) is rare in practice.

    >>> fold_bytes("“Bastion”\u00a0 —\\n vehicles".encode())
    b'"Bastion" - vehicles'
    """
    if not raw.isascii() and any(lead in raw for lead in _FOLD_LEADS):
        raw = _FOLD_PATTERN.sub(lambda match: _FOLD_BYTES[match.group()], raw)
    raw = raw.translate(_ASCII_SPACE)
    while b"  " in raw:  # each pass halves every run of spaces
        raw = raw.replace(b"  ", b" ")
    return raw.strip(b" ")


_ELLIPSES = ("...", "…", "[…]", "(...)", "(…)")


def where_quote_differs(piece: str, text: str) -> str:
    """Where a (normalised) passage of a quote stops matching the (normalised) archived text, in words.

    The longest beginning of ``piece`` found in ``text`` is found by bisection (a beginning that is
    found has all its own beginnings found), then the next few words of both are shown.

    >>> where_quote_differs("France will sell 50 jets", "Paris: France will deliver 50 jets.")
    "the first 12 characters match ('France will '), then the quote has 'sell 50 jets' where the text has 'deliver 50 jets.'"
    """
    low, high = 0, len(piece)
    while low < high:
        middle = (low + high + 1) // 2
        if piece[:middle] in text:
            low = middle
        else:
            high = middle - 1
    hint = ""
    if any(mark in piece for mark in _ELLIPSES):
        hint = (f"; the quote has an ellipsis: join two passages with '{schema.QUOTE_GAP.strip()}' "
                "(square brackets, three points), and copy each passage whole")
    if low < min(12, len(piece)):
        return f"its beginning ({_words(piece, 0)!r}) is not in the text; check the source_id and the archive" + hint
    at = text.find(piece[:low])
    return (f"the first {low} characters match ({_words(piece[:low], -1)!r}), then the quote has "
            f"{_words(piece, low)!r} where the text has {_words(text, at + low)!r}" + hint)


def _words(text: str, start: int, size: int = 30) -> str:
    """About ``size`` characters of ``text`` from ``start`` (or, with ``start=-1``, its last ones)."""
    if start < 0:
        return ("…" if len(text) > size else "") + text[-size:]
    part = text[start:start + size]
    return part + ("…" if start + size < len(text) else "")


#: ASCII white space that :func:`normalise_text` would change: a run, an end, or anything but a space.
_FOLDABLE_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f]|  |^ | $"


def already_normal(cells: pd.Series) -> pd.Series:
    """True where :func:`normalise_text` would return the cell unchanged, for ASCII cells; vectorised.

    >>> already_normal(pd.Series(["50 Bastion vehicles", "50  Bastion", "“50”"])).tolist()
    [True, False, False]
    """
    return (cells.str.isascii() & ~cells.str.contains(_FOLDABLE_SPACE, regex=True)).fillna(False).astype(bool)


def number_problems(transfers: pd.DataFrame, label: str) -> list[Problem]:
    """A quantity must be a count the quote states, a value an amount it states in full units.

    The rules of reading are those of :mod:`armsdata.numbers`; the message says what the
    quote does state there, so the contributor can fix the cell.
    """
    problems = []
    given = transfers[transfers["quantity"].notna() | transfers["value"].notna()]
    # row by row, so that a quote with both numbers is read (at most) once
    for line, quantity, value, quote in zip(given.index, given["quantity"].tolist(), given["value"].tolist(),
                                            given["quote"].tolist()):
        for column, number, supports in (("quantity", quantity, supports_quantity), ("value", value, supports_value)):
            if isinstance(number, str) and not supports(quote, number):
                hint = why_not_stated(quote, number, amount=column == "value")
                problems.append(Problem(label, line, column, f"{column} {number} not stated in the quote; {hint}",
                                        number))
    return problems

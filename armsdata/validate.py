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
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.io import FILE_LINE, DataError, Problem, decode_utf8, read_table
from armsdata.numbers import supports_quantity, supports_value, why_not_stated

#: The line of the header; a problem reported there (or on line 0) concerns the whole file.
HEADER_LINE = 1


def validate(data_dir: str | os.PathLike | None = None) -> list[Problem]:
    """All problems in ``data_dir`` (default: where the loaders look, see :func:`armsdata.load.resolve_data_dir`).

    Paths in the problems are ``data_dir`` joined with the file name, as given.
    """
    return check(data_dir)[1]


def check(data_dir: str | os.PathLike | None = None) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The text tables of ``data_dir`` and all its problems, in file order: one reading for those who need both.

    The tables are those that passed their schema; all of them are there when there are no problems.
    The rules across files are checked as soon as every file can be read and has the right header,
    each on every row whose cells it reads passed their own checks (a value without its currency is
    still looked for in the quote), so one run shows a contributor every problem.
    """
    from armsdata.load import resolve_data_dir
    from armsdata.extract import extract_problems

    data_dir = resolve_data_dir(data_dir)
    checked, problems = _checked_tables(data_dir, schema.TABLES)
    present = [t for t in schema.OPTIONAL_TABLES if (Path(data_dir) / t.filename).exists()]
    problems += _checked_tables(data_dir, present)[1]
    actors = checked.get("actors")  # what the register's .extract.json says it covers: actors of actors.csv
    problems += extract_problems(os.path.join(str(data_dir), schema.REGISTER.filename),
                                 None if actors is None else set(actors[0]["name"].dropna()))
    if len(checked) == len(schema.TABLES):
        readable = {name: frame for name, (_, frame, _, _) in checked.items()}
        problems += cross_file_problems(readable, Path(data_dir), {name: bad for name, (*_, bad, _) in checked.items()})
    return ({name: frame for name, (frame, *_, valid) in checked.items() if valid},
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


#: The cells of a table that failed their own checks: for each column with one, True on the rows where it did.
BadCells = dict[str, np.ndarray]


def _checked_tables(data_dir: str | os.PathLike, tables: tuple[schema.Table, ...] | list[schema.Table]
                    ) -> tuple[dict[str, tuple[pd.DataFrame, pd.DataFrame, BadCells, bool]], list[Problem]]:
    """Each table that can be read and has the right header, as read and as the rules across files read it
    (see :func:`schema_problems`), with its cells that fail their checks and whether it has no problem at all."""
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


def table_problems(frame: pd.DataFrame, table: schema.Table, label: str) -> list[Problem]:
    """Problems of one table against its schema (header first, then every cell)."""
    return schema_problems(frame, table, label)[0]


def schema_problems(frame: pd.DataFrame, table: schema.Table, label: str
                    ) -> tuple[list[Problem], pd.DataFrame, BadCells]:
    """:func:`table_problems`; the table as the rules across files read it; the cells that fail a check of
    their own, which those rules do not read (a duplicate id, or a row rule, leaves the cells readable).

    A cell that is right but for white space around it, control characters or a formula's mark is read
    as it will be once fixed (`` France`` as ``France``), so that the rules across files tell now what
    they would tell then.
    """
    header = header_problems(list(frame.columns), table, label)
    if header:
        return header, frame, {}
    import pandera.pandas as pa  # slow import, only needed here

    try:
        schema.pandera_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _from_failure_cases(exc.failure_cases, frame, table, label)
    return [], frame, {}


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
                        label: str) -> tuple[list[Problem], pd.DataFrame, BadCells]:
    """pandera's failure cases as problems for people (one per cell and check, one per row for the checks of
    whole rows: a row rule, a record entered twice), the table as the rules across files read it, and the
    cells they do not read (see :func:`schema_problems`)."""
    checks = cases["check"].astype(str)
    whole = cases["index"].isna().to_numpy()  # a check on a column as a whole
    problems = [Problem(label, HEADER_LINE, str(column), check)
                for column, check in zip(cases["column"][whole].tolist(), checks[whole].tolist())]
    on_rows = checks.isin(list(_row_checks(table))).to_numpy()
    for message in sorted(set(checks[~whole & on_rows].tolist())):
        problems += row_check_problems(frame, table, label, message)
    cells = cases[~whole & ~on_rows]
    found, fixed = _cell_problems(cells, table, label)
    mine = (cells["check"].astype(str) != "field_uniqueness").to_numpy()  # a duplicate id is a readable key
    bad = {}
    readable = frame.copy(deep=False) if fixed else frame
    for column, lines in cells[mine].groupby(cells["column"][mine].astype(str))["index"]:
        bad[column] = frame.index.isin(lines.astype("int64").to_numpy())
        if column in fixed:
            bad[column] &= ~frame.index.isin(fixed[column].index)
            readable[column] = frame[column].mask(frame.index.isin(fixed[column].index),
                                                  fixed[column].reindex(frame.index))
    return problems + found, readable, bad


def _row_checks(table: schema.Table) -> dict[str, schema.RowRule | None]:
    """The messages of the checks of whole rows of ``table``: a row rule's, or None for a record entered twice."""
    rules: dict[str, schema.RowRule | None] = {schema.row_rule_message(r): r for r in table.row_rules}
    if table.same_record_ignores:
        rules[schema.MESSAGES["same_record"]] = None
    return rules


def row_check_problems(frame: pd.DataFrame, table: schema.Table, label: str, message: str) -> list[Problem]:
    """One problem for each row that fails the check of whole rows whose message is ``message``.

    pandera names one failing row of such a check (see :func:`armsdata.schema.pandera_schema`); the check
    itself is asked for all of them here, so that every row costs what a cell does.
    """
    rule = _row_checks(table)[message]
    if rule is None:
        return _same_record_problems(frame, table, label)
    check = next(c for c in schema.pandera_schema(table).checks if c.error == message)
    failed = ~check(frame).check_output.to_numpy(dtype=bool)
    return [Problem(label, line, rule.column, rule.message, _text(value))
            for line, value in zip(frame.index[failed].tolist(), frame[rule.column][failed].tolist())]


def _same_record_problems(frame: pd.DataFrame, table: schema.Table, label: str) -> list[Problem]:
    codes = schema.same_rows(frame, schema.same_record_columns(table))
    twice = codes >= 0
    ignored = " and ".join(table.same_record_ignores)
    lines = frame.index[twice].to_numpy()
    return [Problem(label, line, "(row)", f"{schema.MESSAGES['same_record']}: every cell but {ignored} is the same "
                                          f"as on {others}; remove one of them", _text(key))
            for line, others, key in zip(lines.tolist(), other_lines(lines, codes[twice]),
                                         frame[table.primary_key][twice].tolist())]


def _text(cell: object) -> str | None:
    """A cell as text, None where it is empty (pandas' NaN or NA)."""
    if isinstance(cell, str):  # nearly always: checked first, as pd.isna is slow on many cells
        return cell
    return None if cell is None or cell is pd.NA or cell != cell else str(cell)  # NaN is no NaN's equal


#: How many other lines a message about a group of rows (a duplicate id, a record entered twice) names,
#: before it says how many more there are: a group of thousands of rows gives short messages all the same.
SHOWN_LINES = 3


def lines_named(lines: list[int], more: int = 0) -> str:
    """``line 4``, ``lines 4 and 9``, ``lines 4, 9, 12 and 221 more``.

    >>> lines_named([4]), lines_named([4, 9, 12]), lines_named([91, 180, 269], more=221)
    ('line 4', 'lines 4, 9 and 12', 'lines 91, 180, 269 and 221 more')
    """
    named = [str(n) for n in lines] + ([f"{more} more"] if more > 0 else [])
    if len(named) <= 1:
        return f"line {named[0]}" if named else ""
    return f"lines {', '.join(named[:-1])} and {named[-1]}"


def other_lines(lines: np.ndarray, codes: np.ndarray) -> list[str]:
    """For each row (its line in ``lines``, ascending), the other lines of the rows with the same code, as
    :func:`lines_named` says them: the first :data:`SHOWN_LINES` of them, then how many more.

    Every row but the first few of a group gets the same text, made once for the group: a group of many
    rows costs what as many rows of small groups do.

    >>> print(*other_lines(np.array([2, 3, 5, 8, 9, 10, 11]), np.array([0, 1, 0, 0, 0, 1, 0])), sep="\\n")
    lines 5, 8, 9 and 1 more
    line 10
    lines 2, 8, 9 and 1 more
    lines 2, 5, 9 and 1 more
    lines 2, 5, 8 and 1 more
    line 3
    lines 2, 5, 8 and 1 more
    """
    order = np.argsort(codes, kind="stable")  # each group's rows together, in file order
    ordered = codes[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(codes) else np.zeros(0, np.int64)
    sizes = np.diff(np.r_[starts, len(codes)])
    group = np.repeat(np.arange(len(starts)), sizes)  # of each row in ``order``
    rank = np.arange(len(codes)) - starts[group]  # its place in its group
    heads: list[list[int]] = [[] for _ in range(len(starts))]  # the first lines of each group
    first = rank <= SHOWN_LINES
    for g, line in zip(group[first].tolist(), lines[order][first].tolist()):
        heads[g].append(line)
    common = [lines_named(head[:SHOWN_LINES], size - 1 - SHOWN_LINES) if size > SHOWN_LINES else ""
              for head, size in zip(heads, sizes.tolist())]
    texts = [""] * len(codes)
    for position, g, r, line in zip(order.tolist(), group.tolist(), rank.tolist(), lines[order].tolist()):
        if r >= SHOWN_LINES:
            texts[position] = common[g]
        else:  # one of the lines the common text names: the next one is named instead
            others = [n for n in heads[g] if n != line][:SHOWN_LINES]
            texts[position] = lines_named(others, int(sizes[g]) - 1 - len(others))
    return texts


def _cell_problems(cases: pd.DataFrame, table: schema.Table, label: str
                   ) -> tuple[list[Problem], dict[str, pd.Series]]:
    """Problems of the cells: one per cell and check, but for a check that follows from another (see
    :func:`_root_causes`); what such a cell would still have once that is fixed is told too, and the
    cells that would then pass are given fixed (see :func:`_hidden_problems`)."""
    fields = {f.name: f for f in table.fields}
    cases, causes = _root_causes(cases)
    checks, columns = cases["check"].astype(str).tolist(), cases["column"].astype(str).tolist()
    values = [_text(v) for v in cases["failure_case"].tolist()]
    lines = cases["index"].astype("int64").tolist()
    problems = []
    repeated: dict[str, tuple[list[int], list[str]]] = {}  # the lines and values of each column's duplicate ids
    suggest = {name: suggester(f.vocabulary) for name, f in fields.items() if f.vocabulary}
    for line, column, check, value in zip(lines, columns, checks, values):
        if check == "not_nullable":
            problems.append(Problem(label, line, column, schema.MESSAGES["required"]))
        elif check == "field_uniqueness":
            repeated.setdefault(column, ([], []))
            repeated[column][0].append(line)
            repeated[column][1].append(value)
        else:
            problems.append(Problem(label, line, column, _explained(check, value, fields.get(column),
                                                                    suggest.get(column)), value))
    for column, (found, ids) in repeated.items():
        order = np.argsort(found, kind="stable")
        found, ids = np.asarray(found)[order], [ids[i] for i in order.tolist()]
        others = other_lines(found, pd.factorize(np.asarray(ids, dtype=object))[0])
        problems += [Problem(label, line, column, f"{schema.MESSAGES['duplicate_id']}; also on {named}", value)
                     for line, named, value in zip(found.tolist(), others, ids)]
    hidden, fixed = _hidden_problems(causes, fields, label, suggest)
    return problems + hidden, fixed


#: When a cell fails several checks, only the first of these is reported as it is: the others follow from
#: it (a status `` shipped`` is unknown only because of its space). What it would still have once it is
#: fixed is reported too, as what the cell is "even without" what the first names (see :func:`_hidden_problems`).
_ROOT_CAUSES = {schema.MESSAGES["control"]: "its control characters", schema.MESSAGES["blank"]: "",
                schema.MESSAGES["trimmed"]: "the white space around it",
                schema.MESSAGES["formula"]: "what makes it look like a formula"}
_UNPRINTABLE = re.compile(schema.CONTROL_CHARACTERS[:-1] + "\t\n\r]")


def _without_root_causes(value: str) -> str:
    """``value`` without what the root causes name: control characters (line breaks and tabs among them,
    which a one-line cell may not hold), white space around it, and formula marks at its start.

    >>> _without_root_causes(" shiped\\x1b"), _without_root_causes("'=1+1"), _without_root_causes("-x")
    ('shiped', '1+1', 'x')
    """
    return _UNPRINTABLE.sub("", value).strip().lstrip("'" + "".join(schema.FORMULA_STARTS)).strip()


def _hidden_problems(causes: pd.DataFrame, fields: dict[str, schema.Field], label: str,
                     suggest: dict) -> tuple[list[Problem], dict[str, pd.Series]]:
    """The problems the cells of ``causes`` (failure cases of a root cause) would still have once it is
    fixed: their other checks, run again on each value without it (a misspelt status with a space after
    it is misspelt too, and was told so only on the next run); and, by column, the cells that would then
    pass, fixed."""
    problems: list[Problem] = []
    passing: dict[str, pd.Series] = {}
    causes = causes[causes["check"].astype(str) != schema.MESSAGES["blank"]]  # nothing is left of a blank cell
    for column, cells in causes.groupby(causes["column"].astype(str)):
        f = fields[column]
        said = dict(zip(cells["index"].astype("int64").tolist(), cells["check"].astype(str).tolist()))
        given = dict(zip(said, [str(v) for v in cells["failure_case"].tolist()]))
        fixed = pd.Series({line: _without_root_causes(value) or None for line, value in given.items()}, dtype="str")
        failed = set(fixed.index[fixed.isna().to_numpy()].tolist()) if f.required else set()
        problems += [Problem(label, line, column, f"{schema.MESSAGES['required']} (even without "
                                                  f"{_ROOT_CAUSES[said[line]]})", given[line])
                     for line in sorted(failed)]
        for check in schema.field_checks(f):
            if check.error in _ROOT_CAUSES:
                continue
            passed = check(fixed).check_output  # on the cells left, not empty
            for line in passed.index[~passed.to_numpy(dtype=bool)].tolist():
                message = _explained(check.error, fixed[line], f, suggest.get(column))
                problems.append(Problem(label, line, column, f"{message} (even without {_ROOT_CAUSES[said[line]]})",
                                        given[line]))
                failed.add(line)
        passing[column] = fixed[~fixed.index.isin(failed)]
    return problems, passing


def _root_causes(cases: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The failure cases without those that follow from another failure of the same cell, and those of
    the root causes."""
    rank = cases["check"].astype(str).map({m: i for i, m in enumerate(_ROOT_CAUSES)})
    cell = cases["column"].astype(str) + "\0" + cases["index"].astype(str)
    first = rank.groupby(cell).transform("min")
    return cases[first.isna() | (rank == first)], cases[rank == first]


def _explained(message: str, value: str | None, f: schema.Field | None, suggest=None) -> str:
    """The check's message, with what a person cannot see in the value and (from ``suggest``, a
    :func:`suggester` of the field's vocabulary) the nearest valid value."""
    if value is None or f is None:
        return message
    if message == schema.MESSAGES["control"]:
        position, char = schema.first_control_character(value, line_breaks=f.free_text) or (0, "")
        return f"holds a control character, {character_name(char)} at position {position}; remove it"
    if message == schema.MESSAGES["formula"] and value.startswith("'"):
        message = schema.MESSAGES["formula_apostrophe"]
    message += unusual_characters(value)
    if suggest is not None and message.startswith(schema.vocabulary_message(f)):
        message += suggest(value)
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
        found = [] if value.isprintable() else [(i, c) for i, c in enumerate(value) if not c.isprintable()]
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
    near = _nearest(value, {c.casefold(): c for c in choices})
    return [near] if near else []


def _nearest(value: str, folded: dict[str, str], *, similar: bool = True) -> str | None:
    """The choice (``folded`` maps each choice, case-folded, to itself) with the letters of ``value`` in another
    case or Unicode form; else, with ``similar``, the most similar spelling; None if none is close."""
    plain = unicodedata.normalize("NFKC", value).strip().casefold()
    if plain in folded or not similar:
        return folded.get(plain)
    near = difflib.get_close_matches(plain, list(folded), n=1, cutoff=0.6)
    return folded[near[0]] if near else None


#: A nearest valid value is looked for by similarity (``difflib``) for at most this many distinct values
#: of a column, among at most ``SIMILAR_AMONG`` valid values; past that only a value that differs in case
#: or Unicode form is suggested. Each look-up compares the value with every valid one: unbounded, a file
#: with many misspellings, or many keys to compare them with, would cost far more than a valid one.
SIMILAR_LOOKUPS = 100
SIMILAR_AMONG = 1000


def suggester(choices) -> Callable[[str], str]:
    """A function giving ``"; did you mean 'X'?"`` (or ``""``) for a value not among ``choices``: the
    answer of :func:`did_you_mean`, within the bounds above, each distinct value looked up once.

    >>> suggest = suggester(["shipped", "delivered"])
    >>> suggest("Shipped"), suggest("delivred"), suggest("tanks")
    ("; did you mean 'shipped'?", "; did you mean 'delivered'?", '')
    """
    folded = {choice.casefold(): choice for choice in choices}
    answers: dict[str, str] = {}

    def suggest(value: str) -> str:
        if value not in answers:
            similar = len(folded) <= SIMILAR_AMONG and len(answers) < SIMILAR_LOOKUPS
            near = _nearest(value, folded, similar=similar)
            answers[value] = f"; did you mean {near!r}?" if near else ""
        return answers[value]

    return suggest


# --------------------------------------------------------------------------
# Rules across files
# --------------------------------------------------------------------------


def cross_file_problems(tables: dict[str, pd.DataFrame], data_dir: Path,
                        bad: dict[str, BadCells] | None = None) -> list[Problem]:
    """Foreign keys, actor names, deal consistency, deal references, systems, archived texts, quotes and numbers.

    Each rule checks the rows whose cells it reads have no problem of their own (``bad``: the cells that
    failed their checks, by table), so that a row with a bad cell is still checked on its other cells. The
    keys a row may refer to are all those of the files, so a row referring to a row with a problem of its
    own is not blamed.
    """
    bad = bad or {}

    def rows(name: str, *columns: str, also: tuple[str, ...] = ()) -> pd.DataFrame:
        """The cells of ``columns`` (and ``also``) of table ``name``, on the rows where those of ``columns``
        passed their checks: only what a rule reads is taken (taking every column of 1,000,000 claims
        costs a second)."""
        frame, failed = tables[name][[*columns, *also]], bad.get(name, {})
        masks = [failed[c] for c in columns if c in failed and failed[c].any()]
        return frame[~np.logical_or.reduce(masks)] if masks else frame

    transfers, actors, systems = tables["transfers"], tables["actors"], tables["systems"]
    labels = {t.name: os.path.join(str(data_dir), t.filename) for t in schema.TABLES}
    t_label = labels["transfers"]
    problems = archive_and_quote_problems(rows("transfers", "source_id", "quote"), rows("sources", "source_id",
                                                                                        "archive"),
                                          data_dir, labels)
    problems += alias_problems(rows("actors", "name", "aliases"), labels["actors"])
    for (name, column), (other, key) in schema.FOREIGN_KEYS.items():
        if other == "actors":  # names an alias, when the value is one
            problems += actor_problems(rows(name, column), column, actors, labels[name])
        else:
            problems += foreign_key_problems(rows(name, column), column, _keys(tables[other][key]),
                                             os.path.basename(labels[other]), labels[name])
    if any(c in bad.get("transfers", {}) for c in ("deal_id", *schema.DEAL_FIELDS)):
        for column in schema.DEAL_FIELDS:  # each against the first claim whose cell of it is readable
            problems += deal_problems(rows("transfers", "deal_id", column), t_label, [column])
    else:
        problems += deal_problems(transfers, t_label)
    for reference in schema.DEAL_REFERENCES:
        columns = ("deal_id", reference.column, "supplier", "recipient")
        problems += deal_reference_problems(rows("transfers", *columns), rows("transfers", *columns), t_label,
                                            reference)
    problems += system_alias_problems(rows("systems", "system_id", "aliases", also=("designation",)),
                                      labels["systems"])
    problems += system_category_problems(rows("transfers", "system_id", "category"),
                                         rows("systems", "system_id", "category"), t_label)
    problems += system_name_problems(rows("transfers", "system", "system_id"), systems, t_label)
    numbers = rows("transfers", "quote", also=("quantity", "value"))
    for column in ("quantity", "value"):  # a bad number is no number to look for
        if column in bad.get("transfers", {}):
            numbers = numbers.assign(**{column: numbers[column].mask(bad["transfers"][column][
                transfers.index.get_indexer(numbers.index)])})
    problems += number_problems(numbers, t_label)
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
    (0.1 s for 20,000 keys); here they go to Arrow as one array. An empty cell is in no set, and a missing
    value in ``values`` (the key of a row whose key cell is empty) is no value.

    >>> is_in(pd.Series(["a", "b", None], dtype="str"), {"a", "c", float("nan")}).tolist()
    [True, False, False]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = {value for value in values if isinstance(value, str)}
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
    suggest = suggester(sorted(known) if len(bad) else ())
    return [Problem(label, line, column, f"unknown {column} (not in {other}){unusual_characters(value)}"
                    + suggest(value), value)
            for line, value in zip(bad.index.tolist(), bad.tolist())]


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
    suggest = suggester(sorted(names | set(aliases)) if len(bad) else ())
    problems = []
    for line, value in zip(bad.index.tolist(), bad.tolist()):
        if value in aliases:
            message = f"{value!r} is an alias; use the actor's name {aliases[value]!r}"
        else:
            message = ("unknown actor" + unusual_characters(value) + suggest(value)
                       + " (add it to actors.csv, or use a name listed there)")
        problems.append(Problem(label, line, column, message, value))
    return problems


def deal_problems(transfers: pd.DataFrame, label: str,
                  columns: tuple[str, ...] | list[str] = schema.DEAL_FIELDS) -> list[Problem]:
    """All claims of one deal have the same cells of ``columns`` as its first claim: by default the columns that
    describe the deal as a whole (:data:`armsdata.schema.DEAL_FIELDS`: supplier, recipient, package, the deal it
    may restate, system)."""
    problems = []
    cells = transfers[["deal_id", *columns]].assign(line=transfers.index)
    # one grouping for every column; an empty cell of the first claim is its value too
    firsts = cells.groupby("deal_id", sort=False).transform("first", skipna=False)
    firsts.index = transfers.index
    for column in columns:
        first = firsts[column]
        same = (transfers[column] == first).fillna(False).astype(bool) | (transfers[column].isna() & first.isna())
        wrong = ~same.to_numpy()
        for line, value, expected, at in zip(transfers.index[wrong].tolist(), transfers[column][wrong].tolist(),
                                             first[wrong].tolist(), firsts["line"][wrong].tolist()):
            shown = "empty" if _text(expected) is None else repr(expected)
            problems.append(Problem(label, line, column, f"differs from the deal's first claim on line {at} ({shown}); "
                                                         f"claims of one deal_id share {column}",
                                    _text(value)))
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
                    _text(value))
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
    sources = sources[~sources["source_id"].duplicated().to_numpy()]  # an id given twice: its first row (reported)
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
        text, broken = None, ""
        if not raw.isascii():  # ASCII is UTF-8; anything else is decoded once, to know that it is
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                try:
                    decode_utf8(raw, str(Path(data_dir) / archive))  # raises, naming the line and character
                except DataError as exc:
                    problems += exc.problems
                    broken = f"; the archived text is not valid UTF-8 (from its line {exc.problems[0].line} on), " \
                             "which may be why"
                # its quotes are still looked for: most are found, and the others are told why they may not be
                text = raw.decode("utf-8-sig", errors="replace")
        found: dict[bytes, bool] = {}  # each distinct quote of the source is looked for once
        for i in quoted_by(source_id):
            needle = needles[i]
            if needle not in found:
                found[needle] = _found_raw(needle, raw, gap, gap_bytes)
        missed = [needle for needle, yes in found.items() if not yes]
        if missed:  # curly quotes, dashes and line breaks: fold them on the bytes, the fast way, and look again
            folded = fold_bytes(raw)
            for needle in missed:
                found[needle] = (_found(fold_bytes(needle), folded) if gap_bytes not in needle
                                 else _quote_found(needle.decode("utf-8"), gap, folded, fold=True))
            missed = [needle for needle in missed if not found[needle]]
        if missed:
            normal = normalise_text(text if text is not None else raw.decode("ascii"))  # CR LF folds to a space
            said: dict[bytes, list[tuple[str, str]]] = {}  # each missed quote: (passage, where it differs)
            for needle in missed:
                said[needle] = [(piece, where_quote_differs(piece, normal) + broken)
                                for piece in filter(None, map(normalise_text, needle.decode("utf-8").split(gap)))
                                if piece not in normal]
            for i in quoted_by(source_id):
                for piece, where in said.get(needles[i], ()):
                    problems.append(Problem(labels["transfers"], lines[i], "quote",
                                            f"not found verbatim in the archived text of {source_id}: {where}", piece))
    return problems


def _found_raw(needle: bytes, raw: bytes, gap: str, gap_bytes: bytes) -> bool:
    """Whether the quote whose bytes are ``needle`` is :func:`found_as_is` in the raw bytes of its archive."""
    if gap_bytes not in needle:
        at = raw.find(needle)  # the common case first: found, before an ASCII byte or the end
        return at >= 0 and (at + len(needle) == len(raw) or raw[at + len(needle)] < 0x80 or _found(needle, raw))
    return _quote_found(needle.decode("utf-8"), gap, raw)


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
    return b" ".join(raw.split())  # runs of ASCII white space (what bytes.split() splits on), one space


_ELLIPSES = ("...", "…", "[…]", "(...)", "(…)")


def where_quote_differs(piece: str, text: str) -> str:
    """Where a (normalised) passage of a quote stops matching the (normalised) archived text, in words.

    The longest beginning of ``piece`` found in ``text`` is found (see :func:`longest_beginning_found`),
    then the next few words of both are shown.

    >>> where_quote_differs("France will sell 50 jets", "Paris: France will deliver 50 jets.")
    "the first 12 characters match ('France will '), then the quote has 'sell 50 jets' where the text has 'deliver 50 jets.'"
    """
    low = longest_beginning_found(piece, text)
    hint = ""
    if any(mark in piece for mark in _ELLIPSES):
        hint = (f"; the quote has an ellipsis: join two passages with '{schema.QUOTE_GAP.strip()}' "
                "(square brackets, three points), and copy each passage whole")
    if low < min(12, len(piece)):
        return f"its beginning ({_words(piece, 0)!r}) is not in the text; check the source_id and the archive" + hint
    at = text.find(piece[:low])
    return (f"the first {low} characters match ({_words(piece[:low], -1)!r}), then the quote has "
            f"{_words(piece, low)!r} where the text has {_words(text, at + low)!r}" + hint)


def longest_beginning_found(piece: str, text: str, *, probe: int = 12, places: int = 50) -> int:
    """The length of the longest beginning of ``piece`` that ``text`` holds.

    Where it holds the first ``probe`` characters at no more than ``places`` places, the longest beginning
    is at one of them, and is measured there (a few comparisons of the piece, not of the text); else by
    bisection over the length, each step a search of the whole text (a beginning that is found has all
    its own beginnings found). The two give the same answer; the first is several times faster on a long
    text, where every quote of a source may be looked for.

    >>> longest_beginning_found("France will sell 50 jets", "Paris: France will deliver 50 jets.")
    12
    >>> longest_beginning_found("Frankly", "France, Franc"), longest_beginning_found("xyz", "abc")
    (4, 0)
    """
    head = piece[:probe]
    starts: list[int] = []
    at = text.find(head)
    while at >= 0 and len(starts) <= places:
        starts.append(at)
        at = text.find(head, at + 1)
    if starts and len(starts) <= places:
        return max(_common_beginning(piece, text, at) for at in starts)
    low, high = (len(head), len(piece)) if starts else (0, len(head) - 1)
    while low < high:
        middle = (low + high + 1) // 2
        if piece[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low


def _common_beginning(piece: str, text: str, at: int) -> int:
    """How many first characters of ``piece`` stand in ``text`` from ``at`` on (by bisection)."""
    low, high = 0, min(len(piece), len(text) - at)
    while low < high:
        middle = (low + high + 1) // 2
        if text.startswith(piece[:middle], at):
            low = middle
        else:
            high = middle - 1
    return low


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

"""pandera's failure cases as problems for people: one per cell and check, with what a person cannot see
in the value and the nearest valid value; one per row for the checks of whole rows (a row rule, a record
entered twice); and the lines of the other rows of a group ("also on lines 4, 9 and 12")."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.io import Problem
from armsdata.validation.characters import character_name, did_you_mean, suggester, unusual_characters

#: The line of the header; a problem reported there (or on line 0) concerns the whole file.
HEADER_LINE = 1


#: The cells of a table that failed their own checks: for each column with one, True on the rows where it did.
BadCells = dict[str, np.ndarray]


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
    return [Problem(label, line, rule.column, rule.message, text_or_none(value))
            for line, value in zip(frame.index[failed].tolist(), frame[rule.column][failed].tolist())]


def _same_record_problems(frame: pd.DataFrame, table: schema.Table, label: str) -> list[Problem]:
    codes = schema.same_rows(frame, schema.same_record_columns(table))
    twice = codes >= 0
    ignored = " and ".join(table.same_record_ignores)
    lines = frame.index[twice].to_numpy()
    return [Problem(label, line, "(row)", f"{schema.MESSAGES['same_record']}: every cell but {ignored} is the same "
                                          f"as on {others}; remove one of them", text_or_none(key))
            for line, others, key in zip(lines.tolist(), other_lines(lines, codes[twice]),
                                         frame[table.primary_key][twice].tolist())]


def text_or_none(cell: object) -> str | None:
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
    values = [text_or_none(v) for v in cases["failure_case"].tolist()]
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
    :func:`~armsdata.validation.characters.suggester` of the field's vocabulary) the nearest valid value."""
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

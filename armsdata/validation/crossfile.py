"""Rules across files: foreign keys, actor names and aliases, deal consistency, deal references and
systems; :func:`cross_file_problems` runs them with the quotes' and the numbers' rules."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from armsdata import schema
from armsdata.io import Problem
from armsdata.validation.characters import suggester, unusual_characters
from armsdata.validation.failures import BadCells, text_or_none
from armsdata.validation.quoted_numbers import quoted_number_problems
from armsdata.validation.quotes import archive_and_quote_problems


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
            problems += foreign_key_problems(rows(name, column), column, referable_keys(tables[other][key]),
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
    problems += quoted_number_problems(numbers, t_label)
    return problems


def referable_keys(cells: pd.Series) -> set[str]:
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
    names = referable_keys(actors["name"])
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
            shown = "empty" if text_or_none(expected) is None else repr(expected)
            problems.append(Problem(label, line, column, f"differs from the deal's first claim on line {at} ({shown}); "
                                                         f"claims of one deal_id share {column}",
                                    text_or_none(value)))
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
                    text_or_none(value))
            for line, system, want, value in zip(transfers.index[wrong], transfers.loc[wrong, "system"],
                                                 named[wrong], transfers.loc[wrong, "system_id"])]

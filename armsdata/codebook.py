"""The generated part of CODEBOOK.md: one table per file and one per vocabulary, from armsdata.schema.

The hand-written curation rules live in CODEBOOK.md itself; everything between
the markers below is rewritten by ``armsdata codebook`` (or ``armsdata build``)
and checked by the tests, so the codebook always says what the validator enforces.
"""

from __future__ import annotations

from armsdata import schema

BEGIN = "<!-- BEGIN GENERATED: armsdata codebook -->"
END = "<!-- END GENERATED -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def vocabulary_names() -> dict[int, str]:
    """Each vocabulary under the name of the first field that uses it, so that one shared by two
    fields (``quantity_qualifier`` and ``value_qualifier``) is listed once."""
    names: dict[int, str] = {}
    for table in schema.TABLES:
        for f in table.fields:
            if f.vocabulary:
                names.setdefault(id(f.vocabulary), f.name)
    return names


def _rule(f: schema.Field) -> str:
    parts = ["required" if f.required else "may be empty"]
    if f.unique:
        parts.append("unique")
    if f.vocabulary:
        parts.append(f"one of the `{vocabulary_names()[id(f.vocabulary)]}` values below")
    elif f.codes:
        parts.append(schema.CODE_LABELS[f.codes])
    elif f.type == "date":
        parts.append("`YYYY`, `YYYY-MM` or `YYYY-MM-DD`")
    elif f.pattern:
        parts.append(f"matches `{f.pattern}`")
    return "; ".join(parts)


def table_section(table: schema.Table) -> str:
    rows = [f"### `{table.filename}`", "", table.description, "",
            "| column | type | rule | meaning | example |", "| --- | --- | --- | --- | --- |"]
    rows += [f"| `{f.name}` | {f.type} | {_cell(_rule(f))} | {_cell(f.description)} | "
             f"{'`' + _cell(f.example) + '`' if f.example else ''} |" for f in table.fields]
    if table.row_rules:
        rows += ["", "Rules across columns:", ""]
        rows += [f"- `{r.column}` {r.message}." for r in table.row_rules]
    return "\n".join(rows)


def vocabulary_section(name: str, vocabulary: dict[str, tuple[str, str]]) -> str:
    rows = [f"### `{name}`", "", "| value | meaning | example |", "| --- | --- | --- |"]
    rows += [f"| `{value}` | {_cell(meaning)} | {_cell(example)} |" for value, (meaning, example) in vocabulary.items()]
    return "\n".join(rows)


def not_recorded_section() -> str:
    """What SIPRI's register does not record of each kind of equipment of which it records part
    (``schema.SIPRI_NOT_RECORDED``), and the words a claim names that by."""
    rows = ["### What SIPRI's register does not record", "",
            "SIPRI's register covers major conventional weapons only. Of these kinds of equipment (`category`) it "
            "does not record what the table says: a press deal naming only such a kind is compared with the "
            "register's deals of the kind that SIPRI does record (none where its words name what it does not "
            "record), and where none is its deal its explanation and the summary say so.", "",
            "| category | not recorded | named by (in a claim's `system`) |", "| --- | --- | --- |"]
    rows += [f"| `{category}` | {_cell(what)} | {_cell(words) if words else '(any deal naming only this kind)'} |"
             for category, (what, words) in schema.SIPRI_NOT_RECORDED.items()]
    return "\n".join(rows)


def generated_markdown() -> str:
    """The generated codebook body (tables of columns, then vocabularies)."""
    vocabularies = {}
    for table in schema.TABLES:
        for f in table.fields:
            if f.vocabulary:
                vocabularies.setdefault(vocabulary_names()[id(f.vocabulary)], f.vocabulary)
    parts = ["## Files and columns", *map(table_section, schema.TABLES), "## Vocabularies",
             *(vocabulary_section(n, v) for n, v in vocabularies.items()), not_recorded_section(),
             "The pipeline stages, from earliest to furthest: "
             + " → ".join(f"`{s}`" for s in schema.PIPELINE_STAGES)
             + ". " + ", ".join(f"`{s}`" for s in schema.OFF_SCALE_STATUSES[:-1])
             + f" and `{schema.OFF_SCALE_STATUSES[-1]}` are outside that scale."]
    return "\n\n".join(parts)


class CodebookError(ValueError):
    """The codebook lacks the markers around its generated part."""


def updated(document: str) -> str:
    """``document`` with its generated section replaced by the current one; :class:`CodebookError` without markers."""
    head, found, rest = document.partition(BEGIN)
    _, found_end, tail = rest.partition(END)
    if not (found and found_end):
        raise CodebookError(f"CODEBOOK.md must contain the markers {BEGIN!r} and {END!r}")
    return f"{head}{BEGIN}\n\n{generated_markdown()}\n\n{END}{tail}"

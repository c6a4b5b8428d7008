"""``reports/``: the analysis tables, figures and a markdown report, rebuilt reproducibly.

:func:`build_report` computes everything in memory (``{relative path: bytes}``);
:func:`report_differences` compares that with a directory (the dry run of
``armsdata report --check``); :func:`write_report` writes what changed,
atomically, and removes files the report no longer makes.

Output is byte-identical across runs and machines with the locked dependencies:
matplotlib's defaults (not the user's matplotlibrc) with its bundled DejaVu fonts,
text drawn as paths, a fixed SVG hash salt, no date or software metadata, sorted
tables and no timestamps.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from armsdata import analysis, schema
from armsdata.io import csv_text, write_atomic
from armsdata.load import join_claims, load_tables

#: The files the report manages under its output directory; anything else there is left alone.
README = "README.md"
MANAGED_DIRS = ("figures", "tables")

#: matplotlib settings on top of its built-in defaults, for figures that do not depend on the machine.
REPORT_RC = {
    "svg.hashsalt": "armsdata",
    "svg.fonttype": "path",
    "font.family": ["DejaVu Sans"],
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.15,
}
_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_PNG_METADATA = {"Software": None}

Progress = Callable[[str], None]


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------


def analysis_tables(claims: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table of the report, by name, computed from the joined claims."""
    return {
        "who_arms_whom": analysis.who_arms_whom(claims),
        "who_arms_whom_delivered": analysis.who_arms_whom(claims, status=["delivered"]),
        "deal_stages": analysis.deal_stages(claims),
        "supplier_pipeline": analysis.supplier_pipeline(claims),
        "stage_quantities": analysis.stage_quantities(claims),
        "timeline": analysis.timeline(claims),
        "provenance": analysis.provenance(claims),
        "discrepancies": analysis.discrepancies(claims),
        "reported_quantities": analysis.reported_quantities(claims),
        "perspective_outlet_country": analysis.perspective(claims, "outlet_country"),
        "perspective_source_type": analysis.perspective(claims, "source_type"),
    }


#: The most suppliers, deals or rows one figure draws; the tables beside it list them all.
FIGURE_LIMIT = 30


def top_groups(frame: pd.DataFrame, column: str, limit: int = FIGURE_LIMIT,
               weight: str | None = None) -> pd.DataFrame:
    """The rows of the ``limit`` values of ``column`` with the largest total ``weight`` (default: most rows).

    Ties go to the value that comes first in ``frame``; rows keep their order.

    >>> t = pd.DataFrame({"deal": ["a", "b", "b", "c"], "n": [5, 1, 1, 3]})
    >>> top_groups(t, "deal", 2)["deal"].tolist(), top_groups(t, "deal", 2, weight="n")["deal"].tolist()
    (['a', 'b', 'b'], ['a', 'c'])
    """
    totals = frame.groupby(column, sort=False, observed=True).agg(
        total=(weight or column, "sum" if weight else "size")).reset_index()
    kept = totals.sort_values("total", ascending=False, kind="stable")[column].head(limit)
    return frame[frame[column].isin(kept)]


def figure_tables(tables: dict[str, pd.DataFrame], limit: int = FIGURE_LIMIT) -> dict[str, tuple[pd.DataFrame, str]]:
    """Per figure: the rows it draws, and ``"the 30 … of N"`` when that is fewer than the table holds, else ``""``.

    A figure of a thousand deals is neither readable nor quick to draw; it shows
    the largest ones and says so, and the CSV tables keep every row.
    """
    pairs = tables["who_arms_whom"]
    matrix = top_groups(top_groups(pairs, "supplier", limit, "deals"), "recipient", limit, "deals")
    provenance = tables["provenance"][tables["provenance"]["claims"] >= 2]
    views = {
        "who_arms_whom": (matrix, "suppliers and recipients with most deals", pairs, ["supplier", "recipient"]),
        "supplier_pipeline": (top_groups(tables["supplier_pipeline"], "supplier", limit, "deals"),
                              "suppliers with most deals", tables["supplier_pipeline"], ["supplier"]),
        "timeline": (top_groups(tables["timeline"], "deal_id", limit), "deals with most dated claims",
                     tables["timeline"], ["deal_id"]),
        "reported_quantities": (top_groups(tables["reported_quantities"], "deal_id", limit),
                                "deals with most stated quantities", tables["reported_quantities"], ["deal_id"]),
        "perspective_outlet_country": (top_groups(tables["perspective_outlet_country"], "outlet_country", limit,
                                                  "claims"), "outlet countries with most claims",
                                       tables["perspective_outlet_country"], ["outlet_country"]),
        "perspective_source_type": (top_groups(tables["perspective_source_type"], "source_type", limit, "claims"),
                                    "source types with most claims", tables["perspective_source_type"],
                                    ["source_type"]),
        "provenance": (top_groups(provenance, "deal_id", limit), "deals with most independent origins",
                       provenance, ["deal_id"]),
    }
    out = {}
    for name, (shown, what, full, keys) in views.items():
        cut = [f"{shown[k].nunique()} of {full[k].nunique()}" for k in keys if shown[k].nunique() < full[k].nunique()]
        out[name] = (shown, f"showing the {what}: {', '.join(cut)}" if cut else "")
    return out


def _figure_specs(views: dict[str, pd.DataFrame]) -> list[tuple[str, tuple[float, float], Callable]]:
    """(name, size in inches, draw(ax)) of each figure; sizes grow with the rows drawn."""
    from armsdata import plots

    def rows(name: str, per_row: float, base: float, floor: float = 3.0) -> float:
        return max(floor, base + per_row * len(views[name]))

    n_deals = views["timeline"]["deal_id"].nunique()
    n_quantity_rows = len(views["reported_quantities"]) + views["reported_quantities"]["deal_id"].nunique()
    n_suppliers = views["who_arms_whom"]["supplier"].nunique()
    return [
        ("who_arms_whom", (8, max(3.5, 1.5 + 0.45 * n_suppliers)),
         lambda ax: plots.plot_arms_matrix(views["who_arms_whom"], ax=ax)),
        ("supplier_pipeline", (8, rows("supplier_pipeline", 0.35, 1.5)),
         lambda ax: plots.plot_supplier_pipeline(views["supplier_pipeline"], ax=ax)),
        ("timeline", (9, max(3.0, 1.8 + 0.4 * n_deals)),
         lambda ax: plots.plot_timeline(views["timeline"], ax=ax)),
        ("reported_quantities", (8, max(3.0, 1.5 + 0.3 * n_quantity_rows)),
         lambda ax: plots.plot_reported_quantities(views["reported_quantities"], ax=ax)),
        ("perspective_outlet_country", (8, rows("perspective_outlet_country", 0.45, 1.6)),
         lambda ax: plots.plot_perspective(views["perspective_outlet_country"], ax=ax, by="outlet_country")),
        ("perspective_source_type", (8, rows("perspective_source_type", 0.45, 1.6)),
         lambda ax: plots.plot_perspective(views["perspective_source_type"], ax=ax, by="source_type")),
        ("provenance", (8, rows("provenance", 0.45, 1.5)),
         lambda ax: plots.plot_provenance(views["provenance"], ax=ax)),
    ]


def render_figures(views: dict[str, tuple[pd.DataFrame, str]],
                   progress: Progress = lambda _: None) -> dict[str, bytes]:
    """``{"figures/<name>.svg": …, "figures/<name>.png": …}`` for every figure, reproducibly.

    ``views`` are :func:`figure_tables`; a figure that shows only part of its table says so
    above its top right corner.
    """
    import matplotlib
    from matplotlib.figure import Figure

    files = {}
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # ignore the user's matplotlibrc
        matplotlib.rcParams.update(REPORT_RC)
        for name, size, draw in _figure_specs({n: view for n, (view, _) in views.items()}):
            progress(f"drawing figures/{name}.svg and .png")
            figure = Figure(figsize=size)
            ax = draw(figure.add_subplot())
            if views[name][1]:
                ax.annotate(views[name][1], xy=(1, 1), xycoords="axes fraction", xytext=(0, 18),
                            textcoords="offset points", ha="right", va="bottom", fontsize=8, color="0.35")
            files[f"figures/{name}.svg"] = _save(figure, "svg", _SVG_METADATA)
            files[f"figures/{name}.png"] = _save(figure, "png", _PNG_METADATA)
    return files


def _save(figure, fmt: str, metadata: dict) -> bytes:
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def build_report(data_dir: str | os.PathLike | None = None, *,
                 progress: Progress = lambda _: None) -> dict[str, bytes]:
    """Everything ``reports/`` should hold, in memory: ``{relative path: bytes}``.

    Validates first: raises :class:`armsdata.DataError` if the data is invalid.
    """
    progress("validating and loading the data")
    loaded = load_tables(data_dir)
    claims = join_claims(loaded["transfers"], loaded["sources"], loaded["actors"])
    progress(f"analysing {len(claims)} claims")
    tables = analysis_tables(claims)
    views = figure_tables(tables)
    files = render_figures(views, progress)
    progress("writing tables/*.csv")
    for name, table in tables.items():
        if name == "discrepancies":
            table = flat_discrepancies(table)
        files[f"tables/{name}.csv"] = csv_text(_dates_as_text(table)).encode("utf-8")
    progress(f"writing {README}")
    shown = {name: note for name, (_, note) in views.items()}
    files[README] = markdown_report(claims, loaded["sources"], tables, shown).encode("utf-8")
    return dict(sorted(files.items()))


# --------------------------------------------------------------------------
# Comparing and writing
# --------------------------------------------------------------------------


def managed_files(out_dir: str | os.PathLike) -> list[str]:
    """The files under ``out_dir`` the report owns (README.md, figures/, tables/), relative, sorted."""
    out = Path(out_dir)
    found = [README] if (out / README).is_file() else []
    for sub in MANAGED_DIRS:
        if (out / sub).is_dir():
            found += [p.relative_to(out).as_posix() for p in (out / sub).rglob("*")
                      if p.is_file() and not p.name.startswith(".")]
    return sorted(found)


def report_differences(files: dict[str, bytes], out_dir: str | os.PathLike) -> list[tuple[str, str]]:
    """``(state, path)`` for each file that differs: ``stale``, ``missing`` or ``extra``; sorted by path."""
    out = Path(out_dir)
    existing = set(managed_files(out))
    differences = [("extra", path) for path in existing - set(files)]
    for path, content in files.items():
        if path not in existing:
            differences.append(("missing", path))
        elif (out / path).read_bytes() != content:
            differences.append(("stale", path))
    return sorted(differences, key=lambda d: d[1])


def write_report(files: dict[str, bytes], out_dir: str | os.PathLike) -> list[tuple[str, str]]:
    """Write what differs (each file atomically) and remove extra managed files; returns the differences."""
    out = Path(out_dir)
    differences = report_differences(files, out)
    for state, path in differences:
        if state == "extra":
            (out / path).unlink()
        else:
            write_atomic(out / path, files[path])
    return differences


# --------------------------------------------------------------------------
# Discrepancies as text, CSV and JSON
# --------------------------------------------------------------------------


def flat_discrepancies(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`~armsdata.analysis.discrepancies` with its list columns as text.

    Values are separated by `` | ``; the claims (sources, stages) holding one value by ``, ``,
    so the n-th group of ``claim_ids`` holds the n-th value.
    """
    out = table.copy()
    out["values"] = out["values"].map(" | ".join)
    for column in ("claim_ids", "source_ids", "statuses"):
        out[column] = out[column].map(lambda groups: " | ".join(", ".join(g) for g in groups))
    return out


def discrepancies_csv(table: pd.DataFrame) -> str:
    return csv_text(flat_discrepancies(table))


def discrepancies_json(table: pd.DataFrame) -> str:
    """A JSON list, one object per (deal, field); list columns stay lists."""
    return json.dumps(table.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n"


def discrepancies_text(table: pd.DataFrame) -> str:
    """An aligned table for people: one line per value, the deal and field on their first line."""
    if table.empty:
        return "no discrepancies: no deal has claims that disagree\n"
    lines = []
    for row in table.itertuples(index=False):
        first = True
        for value, claims, statuses in zip(row.values, row.claim_ids, row.statuses):
            head = (row.deal_id, row.field, row.kind) if first else ("", "", "")
            lines.append((*head, value, ", ".join(statuses), ", ".join(claims)))
            first = False
    header = ("deal_id", "field", "kind", "value", "stage", "claims")
    widths = [min(max(len(str(r[i])) for r in [header, *lines]), 40) for i in range(len(header) - 1)]
    text = [header, *lines]
    return "\n".join("  ".join(_fit(str(r[i]), widths[i]) for i in range(len(widths))) + "  " + str(r[-1])
                     for r in text) + "\n"


def _fit(text: str, width: int) -> str:
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def md_escape(text: object) -> str:
    """``text`` made safe inside a markdown table cell: no markup, no HTML, one line.

    >>> md_escape('a | b <script>\\n*c*')
    'a \\\\| b &lt;script&gt;<br>\\\\*c\\\\*'
    """
    if text is None or text is pd.NA or (isinstance(text, float) and pd.isna(text)):
        return ""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))
    return _NEWLINE.sub("<br>", escaped).strip()


def md_table(frame: pd.DataFrame) -> str:
    """A markdown table of ``frame`` (every cell escaped; empty cells for missing values)."""
    if frame.empty:
        return "_(none)_\n"
    header = "| " + " | ".join(md_escape(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(frame[c]) else "---" for c in frame.columns) + "|"
    body = ["| " + " | ".join(md_escape(_cell(v)) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body]) + "\n"


#: The most rows (or discrepancies) the markdown report lists in one place; the CSV tables hold every row.
MARKDOWN_LIMIT = 200


def _limited(table: pd.DataFrame, csv_name: str, limit: int = MARKDOWN_LIMIT) -> tuple[pd.DataFrame, str]:
    """The first ``limit`` rows of ``table``, and a line saying where the rest are ("" if none are cut)."""
    if len(table) <= limit:
        return table, ""
    return table.head(limit), (f"\n_The first {limit} of {len(table)} rows; all of them are in "
                               f"[tables/{csv_name}.csv](tables/{csv_name}.csv)._\n")


def _md_table_of(tables: dict[str, pd.DataFrame], name: str, drop: tuple[str, ...] = ()) -> str:
    """The markdown table of ``tables[name]``, cut at :data:`MARKDOWN_LIMIT` rows with a note saying so."""
    shown, note = _limited(tables[name].drop(columns=list(drop)), name)
    return md_table(shown) + note


def _cell(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return value


def _figure(name: str, alt: str, shown: str = "") -> str:
    """The figure, links to its PNG and its table, and what part of the table it shows (see :func:`figure_tables`)."""
    part = f" · {md_escape(shown.capitalize())} (the table has them all)" if shown else ""
    return (f"![{md_escape(alt)}](figures/{name}.svg)\n\n"
            f"[PNG](figures/{name}.png) · [table](tables/{name}.csv){part}\n")


def markdown_report(claims: pd.DataFrame, sources: pd.DataFrame, tables: dict[str, pd.DataFrame],
                    shown: dict[str, str]) -> str:
    """The text of ``reports/README.md``: totals, tables, figures and the discrepancies with quotes.

    ``shown`` says, per figure, what part of its table it draws (the notes of :func:`figure_tables`).
    """
    n_deals = claims["deal_id"].nunique()

    def figure(name: str, alt: str) -> str:
        return _figure(name, alt, shown[name])

    parts = [
        "# armsdata report\n",
        "_Generated by `armsdata report`; do not edit by hand. Every number counts **reported claims** "
        "from the press, not verified transfers._\n",
        f"**{len(claims)} claims** about **{n_deals} deals**, from **{claims['source_id'].nunique()}** of "
        f"{len(sources)} sources; **{analysis.claim_origins(claims).nunique()}** independent origins "
        "(a claim attributed to a ministry and repeated by three outlets is one origin).\n",
        "## Who arms whom\n",
        "Deals per supplier and recipient (a deal is one `deal_id`, however many claims speak of it); "
        "`sources` counts distinct sources, `origins` distinct independent origins.\n",
        figure("who_arms_whom", "Heatmap of deals per supplier and recipient"),
        _md_table_of(tables, "who_arms_whom"),
        "\nOnly what at least one claim says was **delivered**:\n",
        _md_table_of(tables, "who_arms_whom_delivered"),
        "\n## Pipeline: how far each deal has got\n",
        "Each deal counts once, at the furthest stage any claim reports "
        f"({' → '.join(schema.PIPELINE_STAGES)}). Deals only alleged, denied, not delivered or without a "
        "stage are counted as _no stage reported_.\n",
        figure("supplier_pipeline", "Stacked bars of deals per supplier by furthest stage"),
        _md_table_of(tables, "supplier_pipeline"),
        "\nPer deal, the furthest and the most conservative stage reported:\n",
        _md_table_of(tables, "deal_stages"),
        "\nHow much was pledged, agreed and delivered: the largest quantity reported at each stage.\n",
        _md_table_of(tables, "stage_quantities"),
        "\n## Timeline\n",
        "Only claims that date their event. A year-precision date covers the whole year, a month the whole "
        "month; neither is shown as its first day.\n",
        figure("timeline", "Timeline of dated events per deal"),
        _md_table_of(tables, "timeline", drop=("date_start", "date_end")),
        "\n## Provenance: how many independent origins\n",
        "A claim's origin is whom it is attributed to, else its outlet (else the source itself). "
        "Outlets repeating one ministry statement add claims, not evidence.\n",
        figure("provenance", "Bars of claims, sources and independent origins per deal"),
        _md_table_of(tables, "provenance"),
        "\n## Who reports what\n",
        figure("perspective_outlet_country", "Claims by outlet country and status"),
        _md_table_of(tables, "perspective_outlet_country"),
        "",
        figure("perspective_source_type", "Claims by source type and status"),
        _md_table_of(tables, "perspective_source_type"),
        "\n## How reports differ\n",
        figure("reported_quantities", "Dot plot of the quantity each claim reports, per deal"),
        _discrepancy_section(claims, tables["discrepancies"]),
    ]
    return "\n".join(parts)


def _discrepancy_section(claims: pd.DataFrame, table: pd.DataFrame) -> str:
    kinds = "\n".join(f"- **{md_escape(kind)}**: {md_escape(meaning)}"
                      for kind, meaning in analysis.DISCREPANCY_KINDS.items())
    counts = table["kind"].value_counts()
    summary = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in analysis.DISCREPANCY_KINDS)
    columns = ["outlet", "source_id", "status", "attributed_to", "quote"]
    by_id = dict(zip(claims["claim_id"], claims[columns].astype(object).itertuples(index=False)))
    listed, cut = _limited(table[table["kind"] != "naming"], "discrepancies")
    parts = [f"Deals whose claims disagree on a field ({summary}). Kinds:\n\n{kinds}\n{cut}"]
    for row in listed.itertuples(index=False):
        parts.append(f"### {md_escape(row.deal_id)}: {md_escape(row.field)} ({md_escape(row.kind)})\n")
        parts.append(f"{md_escape(row.supplier)} → {md_escape(row.recipient)}, {md_escape(row.system)}. "
                     f"{md_escape(row.note[0].upper() + row.note[1:])}.\n")
        quotes = []
        for value, claim_ids in zip(row.values, row.claim_ids):
            for claim_id in claim_ids:
                c = by_id[claim_id]
                source = c.outlet if pd.notna(c.outlet) else "(outlet not stated)"
                quotes.append({"value": value, "stage": c.status, "claim": claim_id,
                               "source": f"{source} [{c.source_id}]",
                               "attributed to": c.attributed_to, "quote": c.quote})
        parts.append(md_table(pd.DataFrame(quotes, dtype=object)))  # all text, even a column of gaps
    naming, cut = _limited(table[table["kind"] == "naming"], "discrepancies")
    if len(naming):
        parts.append("### Different names for one system\n")
        parts.append(md_table(naming[["deal_id", "values", "claim_ids"]].assign(
            values=naming["values"].map(" | ".join),
            claim_ids=naming["claim_ids"].map(lambda g: " | ".join(", ".join(ids) for ids in g)))) + cut)
    return "\n".join(parts)


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Timestamp columns as ``YYYY-MM-DD`` text, so CSV output does not show a time of day."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out

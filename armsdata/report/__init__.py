"""``reports/``: the analysis tables, figures and a markdown report, rebuilt reproducibly.

One registry (:mod:`.registry`: ``TABLES``, ``FIGURES``, ``SECTIONS``) says what the
report holds; :mod:`.rendering` draws the figures, :mod:`.tables` writes the tables
as text, :mod:`.markdown` writes ``README.md`` and ``differences.md`` (:mod:`.findings`
the words of its summary, :mod:`.markup` the escaping) and :mod:`.writing` builds the whole ``{relative path: bytes}``
set and brings a directory up to date with it.

>>> files = build_report("data")                         # doctest: +SKIP
>>> report_differences(files, "reports")                 # [] when reports/ is up to date  # doctest: +SKIP
"""

from armsdata.report.markdown import (
    DIFFERENCES,
    MARKDOWN_LIMIT,
    differences_report,
    markdown_report,
    md_table,
)
from armsdata.report.markup import anchor, md_escape
from armsdata.report.registry import (
    FIGURE_LIMIT,
    FIGURES,
    SECTIONS,
    TABLES,
    Figure,
    Inputs,
    Listing,
    Section,
    Selection,
    Size,
    analysis_tables,
    figure_views,
    top_groups,
)
from armsdata.report.rendering import REPORT_RC, figure_pool, render_figures
from armsdata.report.tables import (
    DISCREPANCY_FORMATS,
    discrepancies_csv,
    discrepancies_json,
    discrepancies_text,
    table_csv,
)
from armsdata.report.writing import README, build_report, report_differences, report_paths, write_report

__all__ = [
    "DIFFERENCES", "DISCREPANCY_FORMATS", "FIGURES", "FIGURE_LIMIT", "MARKDOWN_LIMIT", "README", "REPORT_RC",
    "SECTIONS", "TABLES", "Figure", "Inputs", "Listing", "Section", "Selection", "Size", "analysis_tables",
    "build_report", "differences_report", "discrepancies_csv", "discrepancies_json", "discrepancies_text",
    "anchor", "figure_views", "markdown_report",
    "figure_pool", "md_escape", "md_table", "render_figures", "report_differences", "report_paths", "table_csv", "top_groups",
    "write_report",
]

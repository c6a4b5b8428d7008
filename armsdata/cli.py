"""The ``armsdata`` command: argument parsing and exit codes only.

Exit codes: 0 success, 1 invalid data (or stale reports with ``--check``),
2 usage error (bad option, missing directory), 3 internal error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

DESCRIPTION = """\
armsdata: a curated dataset of reported arms transfers, one row per press claim.

Every row says who reportedly supplies what to whom, in what quantity and at
what stage, and which source said so, in its own words (a verbatim quote)."""

EPILOG = """\
exit codes: 0 ok, 1 invalid data or stale output, 2 usage error, 3 internal error.
Run 'armsdata COMMAND --help' for the options of a command."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="armsdata", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    v = commands.add_parser(
        "validate", help="check the data files; print one line per problem",
        description="Check transfers.csv, sources.csv, actors.csv and the archived texts in DATA_DIR "
                    "against the schema and the rules across files. Reads only; never writes.",
        epilog="Each problem is printed as FILE:LINE: COLUMN: MESSAGE (value: '…'), in file order, where LINE is the "
               "physical line on which the record starts (0 = the file as a whole). Exit 0 if valid, 1 if not.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("data_dir", nargs="?", default=None, metavar="DATA_DIR",
                   help="the data directory (the same as --data)")
    _add_data_option(v)
    v.add_argument("-q", "--quiet", action="store_true", help="print nothing when the data is valid")
    v.set_defaults(run=run_validate)

    c = commands.add_parser(
        "codebook", help="check (or rewrite) the generated part of CODEBOOK.md",
        description="The column and vocabulary tables of CODEBOOK.md are generated from armsdata/schema.py. "
                    "Without options, exit 1 if CODEBOOK.md is out of date; with --write, rewrite them.")
    c.add_argument("--file", default="CODEBOOK.md", metavar="PATH", help="the codebook (default: CODEBOOK.md)")
    c.add_argument("--write", action="store_true", help="rewrite the generated section in place")
    c.set_defaults(run=run_codebook)

    r = commands.add_parser(
        "report", help="validate, then rebuild reports/ (figures, tables and markdown)",
        description="Validate the data, then regenerate reports/: every figure (SVG and PNG), the analysis "
                    "tables (CSV) and README.md. The output is byte-identical across runs and machines; only "
                    "files whose content changes are rewritten, each atomically.",
        epilog="With --check nothing is written: exit 1 and name every stale, missing or extra file if "
               "OUT differs from what the data would produce. Progress goes to stderr.")
    _add_data_option(r)
    r.add_argument("--out", default="reports", metavar="OUT", help="output directory (default: reports)")
    r.add_argument("--check", action="store_true", help="write nothing; exit 1 if OUT is out of date")
    r.set_defaults(run=run_report)

    x = commands.add_parser(
        "discrepancies", help="list the deals whose claims disagree, field by field",
        description="One row per (deal, field) on which the claims of a deal disagree (status, quantity, "
                    "value, event_date, system): the distinct values, and the claims and sources holding each. "
                    "kind says whether it is a conflict, a stage difference (50 ordered vs 24 delivered), "
                    "a difference in date precision, or a different name for the same system.",
        epilog="In csv, values are separated by ' | ' and the n-th group of claim_ids (source_ids, statuses) "
               "holds the n-th value; json keeps them as lists.")
    x.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table for people (default), csv or json for programs")
    x.add_argument("--kind", action="append", metavar="KIND",
                   choices=("conflict", "stage difference", "precision", "naming"),
                   help="only this kind (repeatable): conflict, 'stage difference', precision, naming")
    _add_data_option(x)
    x.set_defaults(run=run_discrepancies)

    d = commands.add_parser(
        "datapackage", help="check (or rewrite) datapackage.json, the Frictionless descriptor",
        description="datapackage.json (Frictionless Data Package) is generated from armsdata/schema.py. "
                    "Without options, exit 1 if it is out of date; with --write, rewrite it.")
    d.add_argument("--file", default="datapackage.json", metavar="PATH",
                   help="the descriptor (default: datapackage.json)")
    d.add_argument("--write", action="store_true", help="rewrite the descriptor")
    d.set_defaults(run=run_datapackage)

    e = commands.add_parser(
        "export", help="validate, then write the tables as Parquet, Excel or JSON",
        description="Validate DATA_DIR, then write its three tables, cells as text in schema column order, to "
                    "OUT: <table>.parquet, <table>.json, or one workbook armsdata.xlsx with a sheet per table.",
        epilog="In the xlsx workbook every cell is a text cell, and a cell that a spreadsheet could read as a "
               "formula (starting with =, +, -, @, tab or CR), or that starts with an apostrophe, is written "
               "with one more leading apostrophe. Parquet and Excel need 'pip install armsdata[export]'.")
    e.add_argument("--format", required=True, choices=["parquet", "xlsx", "json"], help="output format")
    _add_data_option(e)
    e.add_argument("--out", default="export", metavar="DIR", help="output directory (default: export)")
    e.set_defaults(run=run_export)

    s = commands.add_parser(
        "import-sipri", help="read a SIPRI Arms Transfers Database export into the register table (CSV)",
        description="Read FILE, a CSV export of the SIPRI Arms Transfers Database (the trade register, one\n"
                    "row per deal, or the transfers export, one row per deal and delivery year, summed), and\n"
                    "write one row per deal in the register's columns (see CODEBOOK.md) as UTF-8 CSV.\n"
                    "Latin-1 or UTF-8, any preamble, CRLF, trailing separators and records broken inside a\n"
                    "cell are all read. A summary line on stderr says how many records were read, re-joined\n"
                    "and skipped, and why, and how many deals were written.",
        epilog="examples:\n"
               "  armsdata import-sipri trade-register.csv > register.csv\n"
               "  armsdata import-sipri trade-register.csv --actor Armenia --actor Azerbaijan "
               "--out data/register/sipri.csv\n\n"
               "exit codes: 0 ok, 1 FILE is not a SIPRI register or cannot be read whole (nothing is written), "
               "2 usage error (no such file, unknown actor, bad option).\n"
               'SIPRI asks every use of its data to credit: "Information from the SIPRI Arms Transfers Database".',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("file", metavar="FILE", help="the SIPRI export (.csv) as downloaded")
    s.add_argument("--out", metavar="PATH", help="write the CSV to PATH (atomically) instead of stdout")
    s.add_argument("--actor", action="append", metavar="NAME", default=[],
                   help="keep only deals whose supplier or recipient is this actor (repeatable): a name of "
                        "actors.csv, matched to SIPRI's spelling through the actor's aliases")
    s.add_argument("--data", default="data", metavar="DATA_DIR",
                   help="data directory whose actors.csv --actor reads (default: data)")
    s.set_defaults(run=run_import_sipri)
    return parser


DATA_HELP = ("the data directory (default: $ARMSDATA_DATA_DIR if set, else ./data if it holds "
             "transfers.csv, else the data shipped with the package)")


def _add_data_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--data", dest="data", default=None, metavar="DATA_DIR", help=DATA_HELP)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: a person gets one line, not a traceback
        print(f"armsdata: internal error: {exc.__class__.__name__}: {exc} "
              "(please report this with the command you ran)", file=sys.stderr)
        return EXIT_INTERNAL


def _require_dir(path: str | None) -> Path | None:
    """The data directory the command works on (see :func:`armsdata.load.resolve_data_dir`), if it exists."""
    from armsdata.load import resolve_data_dir

    directory = resolve_data_dir(path)
    if not directory.is_dir():
        print(f"armsdata: error: no such data directory: {directory}", file=sys.stderr)
        return None
    return directory


def _print_problems(problems: list) -> None:
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) found", file=sys.stderr)


def run_validate(args: argparse.Namespace) -> int:
    from armsdata.validate import validate

    if args.data_dir and args.data and args.data_dir != args.data:
        print("armsdata: error: give the data directory once (DATA_DIR or --data)", file=sys.stderr)
        return EXIT_USAGE
    directory = _require_dir(args.data_dir or args.data)
    if directory is None:
        return EXIT_USAGE
    problems = validate(directory)
    if problems:
        _print_problems(problems)
        return EXIT_INVALID
    if not args.quiet:
        print(f"{directory}: valid")
    return EXIT_OK


def run_codebook(args: argparse.Namespace) -> int:
    from armsdata.codebook import updated

    path = Path(args.file)
    if not path.is_file():
        print(f"armsdata: error: no such file: {path}", file=sys.stderr)
        return EXIT_USAGE
    try:
        fresh = updated(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        print(f"armsdata: error: {path}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return _sync_generated(path, fresh, args.write, "codebook")


def _sync_generated(path: Path, fresh: str, write: bool, command: str) -> int:
    """Compare a file generated from schema.py with ``fresh``; rewrite it (atomically) if ``write``."""
    from armsdata.io import write_atomic

    if path.is_file() and path.read_text(encoding="utf-8") == fresh:
        print(f"{path}: up to date")
        return EXIT_OK
    if write:
        write_atomic(path, fresh)
        print(f"{path}: rewritten")
        return EXIT_OK
    print(f"{path}: out of date with armsdata/schema.py; run 'armsdata {command} --write'")
    return EXIT_INVALID


def run_report(args: argparse.Namespace) -> int:
    from armsdata.load import DataError
    from armsdata.report import build_report, report_differences, write_report

    data = _require_dir(args.data)
    if data is None:
        return EXIT_USAGE
    progress = lambda step: print(f"report: {step}", file=sys.stderr, flush=True)  # noqa: E731
    try:
        files = build_report(data, progress=progress)
    except DataError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    if args.check:
        differences = report_differences(files, args.out)
        for state, path in differences:
            print(f"{Path(args.out) / path}: {state}")
        if differences:
            print(f"{len(differences)} file(s) out of date; run 'armsdata report' to rebuild", file=sys.stderr)
            return EXIT_INVALID
        progress(f"{args.out} is up to date ({len(files)} files)")
        return EXIT_OK
    differences = write_report(files, args.out)
    progress(f"{len(differences)} of {len(files)} file(s) changed in {args.out}")
    return EXIT_OK


def run_discrepancies(args: argparse.Namespace) -> int:
    from armsdata.analysis import discrepancies
    from armsdata.load import DataError, load_claims
    from armsdata.report import discrepancies_csv, discrepancies_json, discrepancies_text

    data = _require_dir(args.data)
    if data is None:
        return EXIT_USAGE
    try:
        table = discrepancies(load_claims(data))
    except DataError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    if args.kind:
        table = table[table["kind"].isin(args.kind)]
    render = {"table": discrepancies_text, "csv": discrepancies_csv, "json": discrepancies_json}[args.format]
    sys.stdout.write(render(table))
    return EXIT_OK


def run_datapackage(args: argparse.Namespace) -> int:
    from armsdata.datapackage import datapackage_json

    return _sync_generated(Path(args.file), datapackage_json(), args.write, "datapackage")


def run_export(args: argparse.Namespace) -> int:
    from armsdata.export import ExportError, ExportUsageError, export
    from armsdata.load import DataError

    data = _require_dir(args.data)
    if data is None:
        return EXIT_USAGE
    try:
        written = export(data, args.out, args.format)
    except ExportUsageError as exc:
        print(f"armsdata: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (DataError, ExportError) as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    for path in written:
        print(path)
    return EXIT_OK


def run_import_sipri(args: argparse.Namespace) -> int:
    from armsdata.io import DataError, read_table, write_atomic
    from armsdata.sipri import actor_spellings, read_sipri, register_csv, select_actors, summary

    if not Path(args.file).is_file():
        print(f"armsdata: error: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    if args.out and Path(args.out).is_dir():
        print(f"armsdata: error: --out is a directory, not a file: {args.out}", file=sys.stderr)
        return EXIT_USAGE
    spellings = None
    if args.actor:
        actors_csv = Path(args.data) / "actors.csv"
        try:
            actors = read_table(actors_csv)
        except DataError as exc:
            print(f"armsdata: error: --actor needs {actors_csv}: {exc.problems[0].message}", file=sys.stderr)
            return EXIT_USAGE
        spellings, refused = actor_spellings(args.actor, actors)
        for reason in refused:
            print(f"armsdata: error: --actor {reason}", file=sys.stderr)
        if refused:
            return EXIT_USAGE
    try:
        deals = read_sipri(args.file)
    except DataError as exc:
        shown = 20  # a file wrong throughout would otherwise print a line per record
        for problem in exc.problems[:shown]:
            print(problem, file=sys.stderr)
        more = f" ({len(exc.problems)} problems, the first {shown} shown)" if len(exc.problems) > shown else ""
        print(f"armsdata: {args.file}: not imported; nothing written{more}", file=sys.stderr)
        return EXIT_INVALID
    kept = select_actors(deals, spellings) if spellings is not None else deals
    text = register_csv(kept)
    if args.out:
        try:
            write_atomic(args.out, text)
        except OSError as exc:
            print(f"armsdata: error: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    print(summary(deals, written=len(kept), actors=args.actor, out=args.out), file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

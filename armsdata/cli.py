"""The ``armsdata`` command: argument parsing and exit codes only.

Exit codes: 0 success, 1 invalid data (or stale output with ``--check``, or an
output directory holding files armsdata did not write), 2 usage error (bad
option, missing directory, an output place that is a file or not writable),
3 internal error, 141 when whoever reads the output stops reading (``| head``).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from armsdata import schema
from armsdata.draft.formats import DRAFT_FORMATS
from armsdata.export import FORMATS as EXPORT_FORMATS
from armsdata.report.comparison import COMPARISON_FORMATS
from armsdata.report.revisions import REVISION_FORMATS
from armsdata.report.tables import DISCREPANCY_FORMATS
from armsdata.schema import DISCREPANCY_KIND
from armsdata.serve import DEFAULT_HOST, DEFAULT_PORT, PUBLISH_HINT
from armsdata.sipri import CREDIT

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
#: 128 + SIGPIPE, what a shell reports for a command cut off by ``| head``.
EXIT_BROKEN_PIPE = 141

DESCRIPTION = """\
armsdata: a curated dataset of reported arms transfers, one row per press claim.

Every row says who reportedly supplies what to whom, in what quantity and at
what stage, and which source said so, in its own words (a verbatim quote)."""

EPILOG = """\
exit codes: 0 ok, 1 invalid data or stale output, 2 usage error, 3 internal error,
141 the reader of the output went away (| head).
An internal error is one line; --debug (before or after COMMAND), or ARMSDATA_DEBUG=1 in
the environment, also prints its traceback.
Run 'armsdata COMMAND --help' for the options of a command."""

#: Set to anything but "" or "0", the environment variable that makes every command print the traceback of an
#: internal error, as --debug does.
DEBUG_VARIABLE = "ARMSDATA_DEBUG"
_DEBUG_HELP = f"on an internal error (exit 3), also print its traceback (or set {DEBUG_VARIABLE}=1)"

_OUTPUT_RULE = ("It lists the files it writes in OUT/.armsdata-manifest and rewrites or removes only those; it "
                "refuses (exit 1, nothing written) to write into OUT while OUT holds other files, unless --force "
                "is given, and never overwrites a file it did not write.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="armsdata", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    v = commands.add_parser(
        "validate", help="check the data files; print one line per problem",
        description="Check transfers.csv, sources.csv, actors.csv, systems.csv, the archived texts and (when "
                    "there is one) the SIPRI register extract register/sipri.csv in DATA_DIR against the schema "
                    "and the rules across files. Reads only; never writes.",
        epilog="Each problem is printed as FILE:LINE: COLUMN: MESSAGE (value: '…'), in file order, where LINE is "
               "the physical line on which the record starts (1 = the header, 0 = the file as a whole), with "
               "what is wrong and, where it can tell, how to fix it. Exit 0 if valid, 1 if not.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("data_dir", nargs="?", default=None, metavar="DATA_DIR",
                   help="the data directory (the same as --data)")
    _add_data_option(v)
    v.add_argument("-q", "--quiet", action="store_true", help="print nothing when the data is valid")
    v.set_defaults(run=run_validate)

    b = commands.add_parser(
        "build", help="rebuild (or --check) every generated file: CODEBOOK.md, datapackage.json, reports/",
        description="Regenerate everything derived in the repository at ROOT: the generated part of CODEBOOK.md "
                    "and datapackage.json (from armsdata/schema.py) and reports/ (validating the data first). "
                    "Only files whose content changes are rewritten, each atomically.",
        epilog="With --check nothing is written: exit 1 and name every stale, missing or extra file. "
               "Progress goes to stderr. " + _OUTPUT_RULE.replace("OUT", "ROOT/reports"))
    b.add_argument("--root", default=".", metavar="ROOT", help="the repository (default: the current directory)")
    b.add_argument("--data", metavar="DATA_DIR", help="data directory (default: ROOT/data)")
    b.add_argument("--check", action="store_true", help="write nothing; exit 1 if any generated file is out of date")
    b.add_argument("--force", action="store_true", help="write into ROOT/reports even if it holds other files")
    b.set_defaults(run=run_build)

    c = commands.add_parser(
        "codebook", help="rewrite (or --check) the generated part of CODEBOOK.md",
        description="The column and vocabulary tables of CODEBOOK.md are generated from armsdata/schema.py. "
                    "Rewrite them (if they changed); with --check, write nothing and exit 1 if they are out of "
                    "date. 'armsdata build' does this and the rest.")
    c.add_argument("--file", default="CODEBOOK.md", metavar="PATH", help="the codebook (default: CODEBOOK.md)")
    _add_check_options(c)
    c.set_defaults(run=run_codebook)

    d = commands.add_parser(
        "datapackage", help="rewrite (or --check) datapackage.json, the Frictionless descriptor",
        description="datapackage.json (Frictionless Data Package) is generated from armsdata/schema.py. "
                    "Rewrite it (if it changed); with --check, write nothing and exit 1 if it is out of date. "
                    "'armsdata build' does this and the rest.")
    d.add_argument("--file", default="datapackage.json", metavar="PATH",
                   help="the descriptor (default: datapackage.json)")
    _add_check_options(d)
    d.set_defaults(run=run_datapackage)

    r = commands.add_parser(
        "report", help="validate, then rebuild (or --check) reports/ (figures, tables and markdown)",
        description="Validate the data, then regenerate reports/: every figure (SVG and PNG), the analysis "
                    "tables (CSV) and README.md. The output is byte-identical across runs and machines; only "
                    "files whose content changes are rewritten, each atomically.",
        epilog="With --check nothing is written: exit 1 and name every stale, missing or extra file if "
               "OUT differs from what the data would produce. Progress goes to stderr. " + _OUTPUT_RULE)
    _add_data_option(r)
    r.add_argument("--out", default="reports", metavar="OUT", help="output directory (default: reports)")
    r.add_argument("--check", action="store_true", help="write nothing; exit 1 if OUT is out of date")
    r.add_argument("--force", action="store_true", help="write into OUT even if it holds other files")
    r.set_defaults(run=run_report)

    x = commands.add_parser(
        "discrepancies", help="list the deals whose claims disagree, field by field",
        description="The fields on which the claims of a deal disagree (status, quantity, value, event_date, "
                    "system): each distinct value, and the claims and stages holding it. "
                    "kind says whether it is a conflict, a stage difference (50 ordered vs 24 delivered), "
                    "a difference in date precision, or a different name for the same system.",
        epilog="csv and json give one row per claim holding a differing value (deal_id, supplier, recipient, "
               "system, field, kind, note, value, claim_id, source_id, status).")
    x.add_argument("--format", choices=list(DISCREPANCY_FORMATS), default="table",
                   help="table for people (default), csv or json for programs")
    kinds = ", ".join(f"'{k}'" if " " in k else k for k in DISCREPANCY_KIND)
    x.add_argument("--kind", action="append", metavar="KIND", choices=list(DISCREPANCY_KIND),
                   help=f"only this kind (repeatable): {kinds}")
    _add_data_option(x)
    x.set_defaults(run=run_discrepancies)

    m = commands.add_parser(
        "compare", help="hold each press deal against SIPRI's register: matches, differs, not_in_register, ...",
        description="One row per press deal, and one per register deal no press deal names (for the recipients "
                    "and years of the claims), with the register's numbers beside the press' and a verdict: "
                    + ", ".join(schema.VERDICT) + ". The matching rule is in CODEBOOK.md (Press vs register).",
        epilog="The register is SIPRI's: 'Information from the SIPRI Arms Transfers Database'. "
               "Exit 0 ok, 1 invalid data or register, 2 no such data directory or register file.")
    m.add_argument("--register", metavar="PATH",
                   help="a register CSV as 'armsdata import-sipri' writes it, with the .extract.json beside it "
                        "that says which actors' deals it holds (without one: every actor's) (default: "
                        "DATA_DIR/register/sipri.csv)")
    m.add_argument("--format", choices=list(COMPARISON_FORMATS), default="table",
                   help="table for people (default), csv or json for programs")
    m.add_argument("--verdict", action="append", metavar="VERDICT", choices=list(schema.VERDICT),
                   help=f"only this verdict (repeatable): {', '.join(schema.VERDICT)}")
    _add_data_option(m)
    m.set_defaults(run=run_compare)

    formats = "; ".join(f"{name}: {f.description}" for name, f in EXPORT_FORMATS.items())
    e = commands.add_parser(
        "export", help="validate, then write the tables as " + ", ".join(EXPORT_FORMATS),
        description=f"Validate DATA_DIR, then write its tables, typed, in schema column order, to OUT ({formats}). "
                    "Integer columns are integers, number columns floats, partial dates text, and an empty "
                    "CSV cell a missing value; the export reads back to the exact CSV text.",
        epilog="In the xlsx workbook text cells are text (never formulas) with Excel's quote-prefix style, so "
               "that editing one keeps it text. Exports of several formats can share OUT. " + _OUTPUT_RULE
               + " xlsx needs the export extra: uv sync --extra export (or pip install -e '.[export]'). "
               "Every format holds the same tables: the four curated ones, the deals and the register (when the "
               "data has one); the sqlite database adds keys, indexes and full-text search over the quotes; "
               "'armsdata serve' browses it.")
    e.add_argument("--format", required=True, choices=list(EXPORT_FORMATS), help="output format")
    _add_data_option(e)
    e.add_argument("--out", default="export", metavar="OUT", help="output directory (default: export)")
    e.add_argument("--force", action="store_true", help="write into OUT even if it holds other files")
    e.set_defaults(run=run_export)

    w = commands.add_parser(
        "serve", help="build the SQLite database and browse it with Datasette",
        description="Validate DATA_DIR, build the SQLite database and its Datasette metadata (as 'export "
                    "--format sqlite' does) and run Datasette on it: a browsable, searchable site at "
                    "http://HOST:PORT/ until Ctrl-C.",
        epilog="Without --out the files go to a temporary directory, removed when Datasette stops. However "
               "serve stops (Ctrl-C, kill, its terminal closing), Datasette stops with it. Needs the "
               f"publish extra: {PUBLISH_HINT}; without it, serve says so and exits 2.")
    _add_data_option(w)
    w.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST}, this "
                                                        "machine only)")
    w.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    w.add_argument("--out", metavar="OUT", help="keep the database in this directory (export's rules apply)")
    w.add_argument("--force", action="store_true", help="write into OUT even if it holds other files")
    w.set_defaults(run=run_serve)

    f = commands.add_parser(
        "draft", help="propose candidate claims (rows of transfers.csv) from a source's text",
        description="Read TEXT, the plain UTF-8 text of one source (archived as data/archive/<source_id>.txt),\n"
                    "and propose candidate claims in transfers.csv's columns, one per transfer it tells of:\n"
                    "  quote      a sentence of the text, verbatim (with the one before or after where it\n"
                    "             names a side or refers back);\n"
                    "  supplier,  names and aliases of actors.csv, or any state named, by a demonym or by\n"
                    "  recipient  its capital ('French', 'Yerevan'); an actor actors.csv lacks is named in\n"
                    "             the notes, to be added;\n"
                    "  system     systems.csv, else the text's own words, with a category;\n"
                    "  status     from the wording: 'delivered', 'will', 'refused to', 'denied', 'reports say';\n"
                    "  quantity,  only where the quote states them (the validator's number rules).\n"
                    "  value\n"
                    "The notes of each row say that it is a draft and why each field was chosen. Nothing is\n"
                    "curated: keep, correct or drop each row, then run 'armsdata validate'.",
        epilog="examples:\n"
               "  armsdata draft data/archive/s900.txt                 # a listing to read\n"
               "  armsdata draft data/archive/s900.txt --format csv --out s900-drafts.csv\n"
               "  armsdata draft - --source-id s900 < article.txt      # a text from standard input\n\n"
               "The wording is CSV files a curator extends, in armsdata/draft/wording/: statuses.csv\n"
               "(transfer words and the words that change their status), equipment.csv, countries.csv\n"
               "(other names, demonyms, capitals), roles.csv ('to X', 'X-made', 'X President'),\n"
               "unnamed.csv, qualifiers.csv, currencies.csv.\n\n"
               "Exit 0 ok (also when nothing is proposed); 1 TEXT is no plain UTF-8 text (a PDF, a binary\n"
               "file, another encoding, no text at all) or the data cannot be read; 2 usage error (no such\n"
               "file, TEXT a directory, an --out that exists without --force, is a directory, is in a\n"
               "missing directory or is TEXT itself).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    f.add_argument("text", metavar="TEXT", help="the text file to read ('-' for standard input)")
    f.add_argument("--source-id", metavar="ID",
                   help="the source_id of the rows and of their ids (ID-d01, ID-d02, ...); default: TEXT's name "
                        "without .txt when it is an id (data/archive/s900.txt: s900), else 'draft'")
    f.add_argument("--format", choices=list(DRAFT_FORMATS), default="table",
                   help="table for people (default), csv (transfers.csv's header and columns) or json")
    f.add_argument("--out", metavar="PATH", help="write to PATH (atomically) instead of stdout")
    f.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    _add_data_option(f, "the data directory whose actors.csv, systems.csv and transfers.csv the draft reads; "
                        + DATA_DEFAULT)
    f.set_defaults(run=run_draft)

    s = commands.add_parser(
        "import-sipri", help="read a SIPRI Arms Transfers Database export into the register table (CSV)",
        description="Read FILE, a CSV export of the SIPRI Arms Transfers Database (the trade register, one\n"
                    "row per deal, or the transfers export, one row per deal and delivery year, summed), and\n"
                    "write one row per deal in the register's columns (see CODEBOOK.md) as UTF-8 CSV.\n"
                    "Latin-1 or UTF-8, any preamble, CRLF, trailing separators and records broken inside a\n"
                    "cell are all read. A summary line on stderr says how many records were read, re-joined\n"
                    "and skipped, and why, and how many deals were written. With --out PATH, PATH's\n"
                    "'.extract.json' is written beside it (sipri.csv: sipri.extract.json), saying which export\n"
                    "it came from and which actors' deals it keeps, so that 'armsdata compare' knows which\n"
                    "pairs the file covers (without --actor: every pair).",
        epilog="examples:\n"
               "  armsdata import-sipri trade-register.csv > register.csv\n"
               "  armsdata import-sipri trade-register.csv --actor Armenia --actor Azerbaijan "
               "--out data/register/sipri.csv\n\n"
               "exit codes: 0 ok, 1 FILE is not a SIPRI register or cannot be read whole (nothing is written), "
               "2 usage error (no such file, unknown actor, bad option).\n" + SIPRI_CREDIT,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("file", metavar="FILE", help="the SIPRI export (.csv) as downloaded")
    s.add_argument("--out", metavar="PATH", help="write the CSV to PATH (atomically) instead of stdout, and what it "
                                                 "covers to PATH's .extract.json beside it")
    _add_actor_options(s)
    s.set_defaults(run=run_import_sipri)

    g = commands.add_parser(
        "register-diff", help="what SIPRI revised: two vintages of its register, deal by deal",
        description="Compare two vintages of SIPRI's register, OLD and NEW: SIPRI exports in any format\n"
                    "import-sipri reads (the two may differ), or register CSVs as it writes them. One row per\n"
                    "deal and changed column: change (" + ", ".join(schema.REVISION) + "),\n"
                    "supplier, recipient, designation, order_year, field, old, new, explanation. Deals are\n"
                    "matched without IDs (SIPRI's deal ID where both carry it); a match that is not certain\n"
                    "says so. Only the years both vintages cover are compared. The rule is in CODEBOOK.md\n"
                    "(Register vintages). A summary line on stderr counts the changes and says which years\n"
                    "each vintage covers.",
        epilog="examples:\n"
               "  armsdata register-diff transfers_2024.csv trade-register_2026.csv > changes.txt\n"
               "  armsdata register-diff old.csv new.csv --actor Armenia --format csv --out changes.csv\n\n"
               "exit codes: 0 ok, 1 OLD or NEW is not a SIPRI register or cannot be read whole (one line; nothing "
               "is written), 2 usage error (no such file, unknown actor, --out a directory or an input).\n"
               + SIPRI_CREDIT,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    g.add_argument("old", metavar="OLD", help="the older vintage: a SIPRI export (.csv) or a register CSV")
    g.add_argument("new", metavar="NEW", help="the newer vintage: a SIPRI export (.csv) or a register CSV")
    g.add_argument("--format", choices=list(REVISION_FORMATS), default="table",
                   help="table for people (default), csv or json for programs")
    g.add_argument("--out", metavar="PATH", help="write to PATH (atomically) instead of stdout")
    _add_actor_options(g)
    g.set_defaults(run=run_register_diff)
    return _with_debug_option(parser, commands)


def _with_debug_option(parser: argparse.ArgumentParser, commands) -> argparse.ArgumentParser:
    """``--debug`` on the command and on every subcommand, so that it may come before or after COMMAND.

    SUPPRESS as default: a subcommand's default would otherwise overwrite the value given before COMMAND.
    """
    for command in [parser, *commands.choices.values()]:
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_DEBUG_HELP)
    return parser


def _debugging(args: argparse.Namespace) -> bool:
    return getattr(args, "debug", False) or os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


DATA_DEFAULT = ("default: $ARMSDATA_DATA_DIR if set, else ./data if it holds transfers.csv, else the data "
                "shipped with the package")


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (1-65535): {text!r}")
    return int(text)


#: The end of the help of the commands that read SIPRI's exports.
SIPRI_CREDIT = f'SIPRI asks every use of its data to credit: "{CREDIT}".'


def _add_actor_options(command: argparse.ArgumentParser) -> None:
    """``--actor NAME ...`` and the ``--data`` whose actors.csv it reads (import-sipri, register-diff)."""
    command.add_argument("--actor", action="append", metavar="NAME", default=[],
                         help="keep only deals whose supplier or recipient is this actor (repeatable): a name of "
                              "actors.csv, matched to SIPRI's spellings through the actor's aliases")
    _add_data_option(command, "the data directory whose actors.csv --actor reads; " + DATA_DEFAULT)


def _add_data_option(command: argparse.ArgumentParser, help: str = "the data directory; " + DATA_DEFAULT) -> None:
    command.add_argument("--data", default=None, metavar="DATA_DIR", help=help)


def _add_check_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is out of date")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit where it cannot be caught
        return code
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: a person gets one line, not a traceback (unless asked for it)
        if _debugging(args):
            traceback.print_exc()
        print(f"armsdata: internal error: {exc.__class__.__name__}: {exc} "
              "(please report this with the command you ran)", file=sys.stderr)
        return EXIT_INTERNAL


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that Python's final flush of what is left does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (tests): nothing will be flushed to a pipe at exit


def _error(message: str) -> None:
    print(f"armsdata: error: {message}", file=sys.stderr)


def _require_dir(path: str | None) -> Path | None:
    """The data directory the command works on (see :func:`armsdata.datadir.resolve_data_dir`), if it exists."""
    from armsdata.datadir import resolve_data_dir

    directory = resolve_data_dir(path)
    if not directory.is_dir():
        _error(f"no such data directory: {directory}")
        return None
    return directory


def _print_problems(problems: list) -> None:
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) found", file=sys.stderr)


def _progress(command: str):
    return lambda step: print(f"{command}: {step}", file=sys.stderr, flush=True)


def _output_refused(exc) -> int:
    """One line for an output place armsdata will not write to; exit 2 if the place is wrong, 1 if it is taken."""
    _error(str(exc))
    return EXIT_USAGE if exc.usage else EXIT_INVALID


def _write_failed(exc: OSError) -> int:
    where = f"{exc.filename}: " if exc.filename else ""
    _error(f"cannot write {where}{exc.strerror or exc}")
    return EXIT_USAGE


def _print_differences(differences: list[tuple[str, str]], base: Path, command: str) -> int:
    """``PATH: state`` per difference; exit 1 (and say how to fix it) if there are any."""
    for state, path in differences:
        print(f"{base / path}: {state}")
    if differences:
        print(f"{len(differences)} file(s) out of date; run 'armsdata {command}' to rebuild", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    from armsdata.validation import validate

    if args.data_dir and args.data and args.data_dir != args.data:
        _error("give the data directory once (DATA_DIR or --data)")
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
    from armsdata.codebook import CodebookError, updated

    path = Path(args.file)
    if not path.is_file():
        _error(f"no such file: {path}")
        return EXIT_USAGE
    try:
        fresh = updated(path.read_text(encoding="utf-8"))
    except CodebookError as exc:
        _error(f"{path}: {exc}")
        return EXIT_INVALID
    return _sync_generated(path, fresh, args.check, "codebook")


def run_datapackage(args: argparse.Namespace) -> int:
    from armsdata.datapackage import datapackage_json

    return _sync_generated(Path(args.file), datapackage_json(), args.check, "datapackage")


def _sync_generated(path: Path, fresh: str, check: bool, command: str) -> int:
    """Bring a file generated from schema.py up to date with ``fresh`` (atomically), or with ``check`` only compare."""
    from armsdata.io import write_atomic

    if path.is_dir():
        _error(f"{path}: is a directory, not a file")
        return EXIT_USAGE
    if path.is_file() and path.read_text(encoding="utf-8") == fresh:
        print(f"{path}: up to date")
        return EXIT_OK
    if check:
        print(f"{path}: out of date with armsdata/schema.py; run 'armsdata {command}'")
        return EXIT_INVALID
    try:
        write_atomic(path, fresh)
    except OSError as exc:
        return _write_failed(exc)
    print(f"{path}: rewritten")
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from armsdata.build import CODEBOOK, REPORTS, build_differences, generated_files, write_build

    root = Path(args.root)
    data = args.data if args.data is not None else str(root / "data")
    if not (root / CODEBOOK).is_file():
        _error(f"{root / CODEBOOK}: no such file; run 'armsdata build' in the repository, or pass --root")
        return EXIT_USAGE
    if _require_dir(data) is None:
        return EXIT_USAGE
    return _rebuild(args, "build", root, root / REPORTS,
                    build=lambda progress: generated_files(root, data, progress=progress, processes=None),
                    differences=lambda files: build_differences(files, root),
                    write=lambda files: write_build(files, root, force=args.force))


def run_report(args: argparse.Namespace) -> int:
    from armsdata.report import build_report, report_differences, write_report

    data = _require_dir(args.data)
    if data is None:
        return EXIT_USAGE
    return _rebuild(args, "report", Path(args.out), Path(args.out),
                    build=lambda progress: build_report(data, progress=progress, processes=None),
                    differences=lambda files: report_differences(files, args.out),
                    write=lambda files: write_report(files, args.out, force=args.force))


def _rebuild(args: argparse.Namespace, command: str, base: Path, reports: Path, *, build, differences, write) -> int:
    """What ``report`` and ``build`` share: refuse a bad ``reports`` place early, build, then check or write."""
    from armsdata.codebook import CodebookError
    from armsdata.load import DataError
    from armsdata.outdir import OutputError, check_may_write, check_place
    from armsdata.report import report_paths

    progress = _progress(command)
    try:
        if args.check:
            check_place(reports)
        else:  # refuse before the slow part, not after it
            check_may_write(reports, force=args.force, writes=report_paths())
        files = build(progress)
        if args.check:
            code = _print_differences(differences(files), base, command)
            if code == EXIT_OK:
                progress(f"{base} is up to date ({len(files)} files)")
            return code
        changed = write(files)
    except CodebookError as exc:
        _error(str(exc))
        return EXIT_INVALID
    except DataError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    except OutputError as exc:
        return _output_refused(exc)
    except OSError as exc:
        return _write_failed(exc)
    written = sum(path in files for _, path in changed)  # not the manifest, nor the files removed
    removed = sum(state == "extra" for state, _ in changed)
    progress(f"{written} of {len(files)} file(s) changed in {base}"
             + (f"; {removed} file(s) it wrote before and no longer makes removed" if removed else ""))
    return EXIT_OK


def run_discrepancies(args: argparse.Namespace) -> int:
    from armsdata.analysis import discrepancies
    from armsdata.load import DataError, load_transfers

    data = _require_dir(args.data)
    if data is None:
        return EXIT_USAGE
    try:
        table = discrepancies(load_transfers(data))
    except DataError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    if args.kind:
        table = table[table["kind"].isin(args.kind).to_numpy(dtype=bool)]
    sys.stdout.write(DISCREPANCY_FORMATS[args.format](table))
    return EXIT_OK


def run_compare(args: argparse.Namespace) -> int:
    from armsdata.load import DataError, load_data
    from armsdata.register import compare_register

    data = _require_dir(args.data)
    if data is None:
        return EXIT_USAGE
    register = Path(args.register) if args.register else data / schema.REGISTER.filename
    if not register.is_file():
        _error(f"no such register file: {register} (give one with --register; 'armsdata import-sipri' writes one)")
        return EXIT_USAGE
    try:
        loaded = load_data(data)  # validated once, its register (when not --register) with the rest
        table = compare_register(loaded.claims, loaded.register if args.register is None else register,
                                 systems=loaded.systems, actors=loaded.actors, categories=loaded.categories)
    except DataError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    if args.verdict:
        table = table[table["verdict"].isin(args.verdict)]
    sys.stdout.write(COMPARISON_FORMATS[args.format](table))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from armsdata.export import export

    code, written = _exporting(args, lambda data: export(data, args.out, args.format, force=args.force))
    for path in written or []:
        print(path)
    return code


def run_serve(args: argparse.Namespace) -> int:
    from armsdata.serve import Stopped, serve

    try:
        code, stopped = _exporting(args, lambda data: serve(data, out_dir=args.out, host=args.host, port=args.port,
                                                            force=args.force, progress=_progress("serve")))
    except Stopped as exc:  # kill or a closed terminal: Datasette stopped and the temporary files removed
        return 128 + exc.signal  # what a shell reports for a command stopped by that signal
    if code == EXIT_OK and stopped != 0:  # Datasette said why (a port in use, most often) on stderr
        _error(f"Datasette stopped with exit code {stopped}")
        return EXIT_USAGE
    return code


def _exporting(args: argparse.Namespace, step) -> tuple[int, object]:
    """What export and serve share: ``step(data directory)``, and the exit code of each refusal; ``(code, result)``."""
    from armsdata.export import ExportUsageError
    from armsdata.load import DataError
    from armsdata.outdir import OutputError

    data = _require_dir(args.data)
    if data is None:
        return EXIT_USAGE, None
    try:
        return EXIT_OK, step(data)
    except ExportUsageError as exc:
        _error(str(exc))
        return EXIT_USAGE, None
    except OutputError as exc:
        return _output_refused(exc), None
    except DataError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID, None
    except OSError as exc:
        return _write_failed(exc), None


def _written(text: str, out: str | None) -> int:
    """Write ``text`` to ``out`` (atomically), or to stdout without one; 0, or the exit code after saying why not."""
    from armsdata.io import write_atomic

    if not out:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_atomic(out, text)
    except OSError as exc:
        return _write_failed(exc)
    return EXIT_OK


def _out_refused(out: str | None, inputs: tuple[str, ...] = ()) -> bool:
    """Whether ``--out`` is a place no output goes (a directory, a missing directory's file, an input), after
    saying why; nothing is created."""
    if not out:
        return False
    if Path(out).is_dir():
        _error(f"--out is a directory, not a file: {out}")
    elif not Path(out).absolute().parent.is_dir():
        _error(f"--out {out}: no such directory: {Path(out).parent} (create it first)")
    elif any(Path(out).resolve() == Path(path).resolve() for path in inputs):
        _error(f"--out {out} is the input; choose another file")
    else:
        return False
    return True


def run_draft(args: argparse.Namespace) -> int:
    import re

    from armsdata.draft import draft_claims, source_id_of, text_of
    from armsdata.io import DataError

    if args.source_id is not None and not re.fullmatch(schema.ID_PATTERN, args.source_id):
        _error(f"--source-id {args.source_id!r}: not an id (lower-case letters, digits, '.', '_' or '-')")
        return EXIT_USAGE
    if args.text != "-" and Path(args.text).is_dir():
        _error(f"{args.text} is a directory, not a file; give the text of one source (a .txt file)")
        return EXIT_USAGE
    if args.text != "-" and not Path(args.text).is_file():
        _error(f"no such file: {args.text}")
        return EXIT_USAGE
    if _out_refused(args.out, () if args.text == "-" else (args.text,)):
        return EXIT_USAGE
    if args.out and Path(args.out).exists() and not args.force:
        _error(f"{args.out} exists; choose another --out, or pass --force to overwrite it")
        return EXIT_USAGE
    data = _require_dir(args.data)
    if data is None:
        return EXIT_USAGE
    label = "<stdin>" if args.text == "-" else args.text
    try:
        raw = sys.stdin.buffer.read() if args.text == "-" else Path(args.text).read_bytes()
    except OSError as exc:
        _error(f"cannot read {label}: {exc.strerror or exc}")
        return EXIT_USAGE
    source_id = args.source_id or source_id_of("" if args.text == "-" else args.text)
    try:
        rows = draft_claims(text_of(raw, label), source_id=source_id, data_dir=data)
    except DataError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    failed = _written(DRAFT_FORMATS[args.format](rows), args.out)
    if failed:
        return failed
    missing = rows.attrs["not_in_actors"]
    print(f"draft: {label}: {len(rows)} candidate(s) for {source_id}"
          + (f" (not in actors.csv: {', '.join(missing)})" if missing else "")
          + (f", written to {args.out}" if args.out else "")
          + "; nothing is curated: keep, correct or drop each row, then run 'armsdata validate'", file=sys.stderr)
    return EXIT_OK


def _actor_spellings(args: argparse.Namespace) -> set[str] | bool:
    """Every SIPRI spelling of the actors of ``--actor`` (through ``actors.csv``), or False after saying why not."""
    from armsdata.io import DataError, read_table
    from armsdata.sipri import actor_spellings

    directory = _require_dir(args.data)
    if directory is None:
        return False
    actors_csv = directory / "actors.csv"
    try:
        actors = read_table(actors_csv)
    except DataError as exc:
        _error(f"--actor needs {actors_csv}: {exc.problems[0].message}")
        return False
    spellings, refused = actor_spellings(args.actor, actors)
    for reason in refused:
        _error(f"--actor {reason}")
    return False if refused else spellings


def run_import_sipri(args: argparse.Namespace) -> int:
    from armsdata.extract import extract_json, extract_path, read_extract
    from armsdata.io import DataError, write_atomic
    from armsdata.sipri import read_sipri, register_csv, select_actors, summary

    if Path(args.file).is_dir():
        _error(f"{args.file} is a directory, not a file; give the SIPRI export (a .csv file)")
        return EXIT_USAGE
    if not Path(args.file).is_file():
        _error(f"no such file: {args.file}")
        return EXIT_USAGE
    if _out_refused(args.out):
        return EXIT_USAGE
    spellings = _actor_spellings(args) if args.actor else None
    if spellings is False:
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
    out = args.out
    if args.out:
        sidecar = extract_path(args.out)
        try:  # a file of that name that is not ours is not overwritten
            read_extract(args.out)
        except DataError:
            print(f"armsdata: error: {sidecar} exists and is not what 'import-sipri' writes beside {args.out}; "
                  "move it away or choose another --out; nothing written", file=sys.stderr)
            return EXIT_USAGE
        try:
            write_atomic(args.out, text)
            write_atomic(sidecar, extract_json(Path(args.file).name, deals.attrs.get("generated"),
                                               args.actor or None))
        except OSError as exc:
            print(f"armsdata: error: cannot write {exc.filename or args.out}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
        out = f"{args.out} (what it covers: {sidecar})"
    else:
        sys.stdout.write(text)
    print(summary(deals, written=len(kept), actors=args.actor, out=out), file=sys.stderr)
    if args.actor and not args.out:
        print("import-sipri: written to stdout, the actors it keeps are recorded nowhere: 'armsdata compare' reads "
              "a file without its .extract.json as the whole register; use --out to record them", file=sys.stderr)
    return EXIT_OK


def run_register_diff(args: argparse.Namespace) -> int:
    from armsdata.io import DataError
    from armsdata.register.vintages import diff_registers, read_vintage, summary

    for path in (args.old, args.new):
        if not Path(path).is_file():
            _error(f"no such file: {path}")
            return EXIT_USAGE
    if args.out and (Path(args.out).is_dir() or any(Path(args.out).resolve() == Path(p).resolve()
                                                    for p in (args.old, args.new))):
        _error(f"--out must be a new or output file, not a directory or an input: {args.out}")
        return EXIT_USAGE
    spellings = _actor_spellings(args) if args.actor else None
    if spellings is False:
        return EXIT_USAGE
    vintages = []
    for path in (args.old, args.new):
        try:
            table = read_vintage(path)
        except DataError as exc:
            more = f" ({len(exc.problems) - 1} more problems)" if len(exc.problems) > 1 else ""
            print(f"armsdata: {exc.problems[0]}{more}; not compared, nothing written", file=sys.stderr)
            return EXIT_INVALID
        vintages.append(table)
    changes = diff_registers(*vintages, actors=spellings)
    failed = _written(REVISION_FORMATS[args.format](changes), args.out)
    if failed:
        return failed
    print(summary(changes), file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

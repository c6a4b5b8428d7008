"""The ``armsdata`` command: argument parsing, printing and exit codes only.

Each command is one :class:`Command`: its name and help, the options it adds to its parser, and the
function that runs it, which calls one function of the package and prints what it returns. The
package says why a command stops by raising (:mod:`armsdata.errors`, :class:`armsdata.io.DataError`,
:class:`armsdata.outdir.OutputError`, ...); :func:`exit_code` maps each to its message and exit code,
in this one place. A new command is one declaration, added to :data:`COMMANDS`, and its logic in the
package.

Exit codes: 0 success, 1 invalid data (or stale output with ``--check``, or an output directory
holding files armsdata did not write), 2 usage error (bad option, missing directory, an output place
that is a file or not writable), 3 internal error, 141 when whoever reads the output stops reading
(``| head``).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from armsdata import schema
from armsdata.draft.formats import DRAFT_FORMATS
from armsdata.errors import OutOfDate, Rejected, UsageError, existing_data_dir, write_out_file, writing
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
#: 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C.
EXIT_INTERRUPTED = 130

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


DATA_DEFAULT = ("default: $ARMSDATA_DATA_DIR if set, else ./data if it holds transfers.csv, else the data "
                "shipped with the package")


#: The end of the help of the commands that read SIPRI's exports.
SIPRI_CREDIT = f'SIPRI asks every use of its data to credit: "{CREDIT}".'



@dataclass(frozen=True)
class Command:
    """One command of ``armsdata``: its parser's texts, the ``options`` it adds to it, and what ``run`` s it.

    ``raw`` keeps the line breaks of ``description`` and ``epilog`` as written.
    """

    name: str
    help: str
    description: str
    options: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], None]
    epilog: str | None = None
    raw: bool = False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="armsdata", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = commands.add_parser(
            command.name, help=command.help, description=command.description, epilog=command.epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter if command.raw else argparse.HelpFormatter)
        command.options(sub)
        sub.set_defaults(run=command.run)
    return _with_debug_option(parser, commands)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit where it cannot be caught
        return EXIT_OK
    except (Exception, KeyboardInterrupt) as exc:
        try:
            code = exit_code(exc, debug=_debugging(args))
            sys.stdout.flush()
            return code
        except BrokenPipeError as broken:  # while printing the problems of invalid data
            return exit_code(broken)


def exit_code(exc: BaseException, *, debug: bool = False) -> int:
    """Say why a command stopped (on stderr; the problems of invalid data on stdout) and return its exit code."""
    from armsdata.codebook import CodebookError
    from armsdata.export import ExportUsageError
    from armsdata.io import DataError
    from armsdata.outdir import OutputError
    from armsdata.serve import Stopped

    if isinstance(exc, BrokenPipeError):
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, Stopped):  # kill or a closed terminal: Datasette stopped and the temporary files removed
        return 128 + exc.signal  # what a shell reports for a command stopped by that signal
    if isinstance(exc, UsageError):
        for message in exc.messages:
            _error(message)
        return EXIT_USAGE
    if isinstance(exc, ExportUsageError):
        _error(str(exc))
        return EXIT_USAGE
    if isinstance(exc, OutputError):  # the place is wrong (a usage error), or taken by files armsdata did not write
        _error(str(exc))
        return EXIT_USAGE if exc.usage else EXIT_INVALID
    if isinstance(exc, DataError):
        for problem in exc.problems:
            print(problem)
        _note(f"{len(exc.problems)} problem(s) found")
        return EXIT_INVALID
    if isinstance(exc, Rejected):
        for detail in exc.details:
            _note(detail)
        _note(f"armsdata: {exc}")
        return EXIT_INVALID
    if isinstance(exc, CodebookError):
        _error(str(exc))
        return EXIT_INVALID
    if isinstance(exc, OutOfDate):
        if str(exc):
            _note(str(exc))
        return EXIT_INVALID
    # last resort: a person gets one line, not a traceback (unless asked for it)
    if debug:
        traceback.print_exception(exc)
    _note(f"armsdata: internal error: {exc.__class__.__name__}: {exc} (please report this with the command you ran)")
    return EXIT_INTERNAL


def _with_debug_option(parser: argparse.ArgumentParser, commands) -> argparse.ArgumentParser:
    """``--debug`` on the command and on every subcommand, so that it may come before or after COMMAND.

    SUPPRESS as default: a subcommand's default would otherwise overwrite the value given before COMMAND.
    """
    for command in [parser, *commands.choices.values()]:
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_DEBUG_HELP)
    return parser


def _debugging(args: argparse.Namespace) -> bool:
    return getattr(args, "debug", False) or os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that Python's final flush of what is left does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (tests): nothing will be flushed to a pipe at exit


def _error(message: str) -> None:
    print(f"armsdata: error: {message}", file=sys.stderr)


def _note(text: object) -> None:
    """A line for people on stderr: progress, a summary, a problem of an input."""
    print(text, file=sys.stderr)


def _progress(command: str) -> Callable[[str], None]:
    return lambda step: print(f"{command}: {step}", file=sys.stderr, flush=True)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (1-65535): {text!r}")
    return int(text)


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



# --- the commands, each its options beside what runs it ---------------------------------------------------------


def _validate_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("data_dir", nargs="?", default=None, metavar="DATA_DIR",
                         help="the data directory (the same as --data)")
    _add_data_option(command)
    command.add_argument("-q", "--quiet", action="store_true", help="print nothing when the data is valid")


def run_validate(args: argparse.Namespace) -> None:
    from armsdata.io import DataError
    from armsdata.validation import validate

    if args.data_dir and args.data and args.data_dir != args.data:
        raise UsageError("give the data directory once (DATA_DIR or --data)")
    directory = existing_data_dir(args.data_dir or args.data)
    problems = validate(directory)
    if problems:
        raise DataError(problems)
    if not args.quiet:
        print(f"{directory}: valid")


VALIDATE = Command(
    "validate", help="check the data files; print one line per problem",
    description="Check transfers.csv, sources.csv, actors.csv, systems.csv, the archived texts and (when "
                "there is one) the SIPRI register extract register/sipri.csv in DATA_DIR against the schema "
                "and the rules across files. Reads only; never writes.",
    epilog="Each problem is printed as FILE:LINE: COLUMN: MESSAGE (value: '…'), in file order, where LINE is "
           "the physical line on which the record starts (1 = the header, 0 = the file as a whole), with "
           "what is wrong and, where it can tell, how to fix it. Exit 0 if valid, 1 if not.",
    options=_validate_options, run=run_validate, raw=True)


def _build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--root", default=".", metavar="ROOT", help="the repository (default: the current directory)")
    command.add_argument("--data", metavar="DATA_DIR", help="data directory (default: ROOT/data)")
    command.add_argument("--check", action="store_true",
                         help="write nothing; exit 1 if any generated file is out of date")
    command.add_argument("--force", action="store_true", help="write into ROOT/reports even if it holds other files")


def run_build(args: argparse.Namespace) -> None:
    from armsdata.build import rebuild_repository

    progress = _progress("build")
    rebuilt = rebuild_repository(args.root, args.data, check=args.check, force=args.force, progress=progress)
    _print_rebuilt(rebuilt, Path(args.root), "build", args.check, progress)


BUILD = Command(
    "build", help="rebuild (or --check) every generated file: CODEBOOK.md, datapackage.json, reports/",
    description="Regenerate everything derived in the repository at ROOT: the generated part of CODEBOOK.md "
                "and datapackage.json (from armsdata/schema.py) and reports/ (validating the data first). "
                "Only files whose content changes are rewritten, each atomically.",
    epilog="With --check nothing is written: exit 1 and name every stale, missing or extra file. "
           "Progress goes to stderr. " + _OUTPUT_RULE.replace("OUT", "ROOT/reports"),
    options=_build_options, run=run_build)


def _codebook_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--file", default="CODEBOOK.md", metavar="PATH", help="the codebook (default: CODEBOOK.md)")
    _add_check_options(command)


def run_codebook(args: argparse.Namespace) -> None:
    from armsdata.build import sync_generated
    from armsdata.codebook import CodebookError, updated

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    try:
        fresh = updated(path.read_text(encoding="utf-8"))
    except CodebookError as exc:
        raise CodebookError(f"{path}: {exc}") from None
    _print_synced(path, sync_generated(path, fresh, check=args.check), "codebook")


CODEBOOK = Command(
    "codebook", help="rewrite (or --check) the generated part of CODEBOOK.md",
    description="The column and vocabulary tables of CODEBOOK.md are generated from armsdata/schema.py. "
                "Rewrite them (if they changed); with --check, write nothing and exit 1 if they are out of "
                "date. 'armsdata build' does this and the rest.",
    options=_codebook_options, run=run_codebook)


def _datapackage_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--file", default="datapackage.json", metavar="PATH",
                         help="the descriptor (default: datapackage.json)")
    _add_check_options(command)


def run_datapackage(args: argparse.Namespace) -> None:
    from armsdata.build import sync_generated
    from armsdata.datapackage import datapackage_json

    path = Path(args.file)
    _print_synced(path, sync_generated(path, datapackage_json(), check=args.check), "datapackage")


DATAPACKAGE = Command(
    "datapackage", help="rewrite (or --check) datapackage.json, the Frictionless descriptor",
    description="datapackage.json (Frictionless Data Package) is generated from armsdata/schema.py. "
                "Rewrite it (if it changed); with --check, write nothing and exit 1 if it is out of date. "
                "'armsdata build' does this and the rest.",
    options=_datapackage_options, run=run_datapackage)


def _print_synced(path: Path, state: str, command: str) -> None:
    if state == "out of date":
        print(f"{path}: out of date with armsdata/schema.py; run 'armsdata {command}'")
        raise OutOfDate()
    print(f"{path}: {state}")


def _report_options(command: argparse.ArgumentParser) -> None:
    _add_data_option(command)
    command.add_argument("--out", default="reports", metavar="OUT", help="output directory (default: reports)")
    command.add_argument("--check", action="store_true", help="write nothing; exit 1 if OUT is out of date")
    command.add_argument("--force", action="store_true", help="write into OUT even if it holds other files")


def run_report(args: argparse.Namespace) -> None:
    from armsdata.build import rebuild_report

    data = existing_data_dir(args.data)
    progress = _progress("report")
    rebuilt = rebuild_report(data, args.out, check=args.check, force=args.force, progress=progress)
    _print_rebuilt(rebuilt, Path(args.out), "report", args.check, progress)


REPORT = Command(
    "report", help="validate, then rebuild (or --check) reports/ (figures, tables and markdown)",
    description="Validate the data, then regenerate reports/: every figure (SVG and PNG), the analysis "
                "tables (CSV) and README.md. The output is byte-identical across runs and machines; only "
                "files whose content changes are rewritten, each atomically.",
    epilog="With --check nothing is written: exit 1 and name every stale, missing or extra file if "
           "OUT differs from what the data would produce. Progress goes to stderr. " + _OUTPUT_RULE,
    options=_report_options, run=run_report)


def _print_rebuilt(rebuilt, base: Path, command: str, check: bool, progress: Callable[[str], None]) -> None:
    """``PATH: state`` per difference found by ``--check`` (then exit 1, saying how to fix it), or what changed."""
    if check:
        for state, path in rebuilt.differences:
            print(f"{base / path}: {state}")
        if rebuilt.differences:
            raise OutOfDate(f"{len(rebuilt.differences)} file(s) out of date; run 'armsdata {command}' to rebuild")
        progress(f"{base} is up to date ({rebuilt.files} files)")
        return
    progress(f"{rebuilt.written} of {rebuilt.files} file(s) changed in {base}"
             + (f"; {rebuilt.removed} file(s) it wrote before and no longer makes removed" if rebuilt.removed else ""))


def _discrepancies_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--format", choices=list(DISCREPANCY_FORMATS), default="table",
                         help="table for people (default), csv or json for programs")
    kinds = ", ".join(f"'{k}'" if " " in k else k for k in DISCREPANCY_KIND)
    command.add_argument("--kind", action="append", metavar="KIND", choices=list(DISCREPANCY_KIND),
                         help=f"only this kind (repeatable): {kinds}")
    _add_data_option(command)


def run_discrepancies(args: argparse.Namespace) -> None:
    from armsdata.analysis import discrepancies
    from armsdata.load import load_transfers

    table = discrepancies(load_transfers(existing_data_dir(args.data)))
    if args.kind:
        table = table[table["kind"].isin(args.kind).to_numpy(dtype=bool)]
    sys.stdout.write(DISCREPANCY_FORMATS[args.format](table))


DISCREPANCIES = Command(
    "discrepancies", help="list the deals whose claims disagree, field by field",
    description="The fields on which the claims of a deal disagree (status, quantity, value, event_date, "
                "system): each distinct value, and the claims and stages holding it. "
                "kind says whether it is a conflict, a stage difference (50 ordered vs 24 delivered), "
                "a difference in date precision, or a different name for the same system.",
    epilog="csv and json give one row per claim holding a differing value (deal_id, supplier, recipient, "
           "system, field, kind, note, value, claim_id, source_id, status).",
    options=_discrepancies_options, run=run_discrepancies)


def _compare_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--register", metavar="PATH",
                         help="a register CSV as 'armsdata import-sipri' writes it, with the .extract.json beside "
                              "it that says which actors' deals it holds (without one: every actor's) (default: "
                              "DATA_DIR/register/sipri.csv)")
    command.add_argument("--format", choices=list(COMPARISON_FORMATS), default="table",
                         help="table for people (default), csv or json for programs")
    command.add_argument("--verdict", action="append", metavar="VERDICT", choices=list(schema.VERDICT),
                         help=f"only this verdict (repeatable): {', '.join(schema.VERDICT)}")
    _add_data_option(command)


def run_compare(args: argparse.Namespace) -> None:
    from armsdata.load import load_data
    from armsdata.register import compare_register

    data = existing_data_dir(args.data)
    register = Path(args.register) if args.register else data / schema.REGISTER.filename
    if not register.is_file():
        raise UsageError(f"no such register file: {register} (give one with --register; 'armsdata import-sipri' "
                         "writes one)")
    loaded = load_data(data)  # validated once, its register (when not --register) with the rest
    table = compare_register(loaded.claims, loaded.register if args.register is None else register,
                             systems=loaded.systems, actors=loaded.actors, categories=loaded.categories)
    if args.verdict:
        table = table[table["verdict"].isin(args.verdict)]
    sys.stdout.write(COMPARISON_FORMATS[args.format](table))


COMPARE = Command(
    "compare", help="hold each press deal against SIPRI's register: matches, differs, not_in_register, ...",
    description="One row per press deal, and one per register deal no press deal names (for the recipients "
                "and years of the claims), with the register's numbers beside the press' and a verdict: "
                + ", ".join(schema.VERDICT) + ". The matching rule is in CODEBOOK.md (Press vs register).",
    epilog="The register is SIPRI's: 'Information from the SIPRI Arms Transfers Database'. "
           "Exit 0 ok, 1 invalid data or register, 2 no such data directory or register file.",
    options=_compare_options, run=run_compare)


def _export_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--format", required=True, choices=list(EXPORT_FORMATS), help="output format")
    _add_data_option(command)
    command.add_argument("--out", default="export", metavar="OUT", help="output directory (default: export)")
    command.add_argument("--force", action="store_true", help="write into OUT even if it holds other files")


def run_export(args: argparse.Namespace) -> None:
    from armsdata.export import export

    data = existing_data_dir(args.data)
    with writing():
        written = export(data, args.out, args.format, force=args.force)
    for path in written:
        print(path)


EXPORT = Command(
    "export", help="validate, then write the tables as " + ", ".join(EXPORT_FORMATS),
    description="Validate DATA_DIR, then write its tables, typed, in schema column order, to OUT ("
                + "; ".join(f"{name}: {f.description}" for name, f in EXPORT_FORMATS.items()) + "). "
                "Integer columns are integers, number columns floats, partial dates text, and an empty "
                "CSV cell a missing value; the export reads back to the exact CSV text.",
    epilog="In the xlsx workbook text cells are text (never formulas) with Excel's quote-prefix style, so "
           "that editing one keeps it text. Exports of several formats can share OUT. " + _OUTPUT_RULE
           + " xlsx needs the export extra: uv sync --extra export (or pip install -e '.[export]'). "
           "Every format holds the same tables: the four curated ones, the deals and the register (when the "
           "data has one); the sqlite database adds keys, indexes and full-text search over the quotes; "
           "'armsdata serve' browses it.",
    options=_export_options, run=run_export)


def _serve_options(command: argparse.ArgumentParser) -> None:
    _add_data_option(command)
    command.add_argument("--host", default=DEFAULT_HOST,
                         help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)")
    command.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    command.add_argument("--out", metavar="OUT", help="keep the database in this directory (export's rules apply)")
    command.add_argument("--force", action="store_true", help="write into OUT even if it holds other files")


def run_serve(args: argparse.Namespace) -> None:
    from armsdata.serve import serve

    data = existing_data_dir(args.data)
    with writing():
        stopped = serve(data, out_dir=args.out, host=args.host, port=args.port, force=args.force,
                        progress=_progress("serve"))
    if stopped != 0:  # Datasette said why (a port in use, most often) on stderr
        raise UsageError(f"Datasette stopped with exit code {stopped}")


SERVE = Command(
    "serve", help="build the SQLite database and browse it with Datasette",
    description="Validate DATA_DIR, build the SQLite database and its Datasette metadata (as 'export "
                "--format sqlite' does) and run Datasette on it: a browsable, searchable site at "
                "http://HOST:PORT/ until Ctrl-C.",
    epilog="Without --out the files go to a temporary directory, removed when Datasette stops. However "
           "serve stops (Ctrl-C, kill, its terminal closing), Datasette stops with it. Needs the "
           f"publish extra: {PUBLISH_HINT}; without it, serve says so and exits 2.",
    options=_serve_options, run=run_serve)


def _draft_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("text", metavar="TEXT", help="the text file to read ('-' for standard input)")
    command.add_argument("--source-id", metavar="ID",
                         help="the source_id of the rows and of their ids (ID-d01, ID-d02, ...); default: TEXT's "
                              "name without .txt when it is an id (data/archive/s900.txt: s900), else 'draft'")
    command.add_argument("--format", choices=list(DRAFT_FORMATS), default="table",
                         help="table for people (default), csv (transfers.csv's header and columns) or json")
    command.add_argument("--out", metavar="PATH", help="write to PATH (atomically) instead of stdout")
    command.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    _add_data_option(command, "the data directory whose actors.csv, systems.csv and transfers.csv the draft reads; "
                              + DATA_DEFAULT)


def run_draft(args: argparse.Namespace) -> None:
    from armsdata.draft import draft_file

    drafted = draft_file(args.text, source_id=args.source_id, out=args.out, force=args.force, data_dir=args.data,
                         stdin=sys.stdin.buffer)
    _output(DRAFT_FORMATS[args.format](drafted.rows), args.out)
    missing = drafted.rows.attrs["not_in_actors"]
    _note(f"draft: {drafted.label}: {len(drafted.rows)} candidate(s) for {drafted.source_id}"
          + (f" (not in actors.csv: {', '.join(missing)})" if missing else "")
          + (f", written to {args.out}" if args.out else "")
          + "; nothing is curated: keep, correct or drop each row, then run 'armsdata validate'")


DRAFT = Command(
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
    options=_draft_options, run=run_draft, raw=True)


def _import_sipri_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", metavar="FILE", help="the SIPRI export (.csv) as downloaded")
    command.add_argument("--out", metavar="PATH", help="write the CSV to PATH (atomically) instead of stdout, and "
                                                       "what it covers to PATH's .extract.json beside it")
    _add_actor_options(command)


def run_import_sipri(args: argparse.Namespace) -> None:
    from armsdata.sipri.importing import import_sipri

    imported = import_sipri(args.file, out=args.out, actors=args.actor, data_dir=args.data)
    if not args.out:
        sys.stdout.write(imported.text)
    _note(imported.summary)
    if args.actor and not args.out:
        _note("import-sipri: written to stdout, the actors it keeps are recorded nowhere: 'armsdata compare' reads "
              "a file without its .extract.json as the whole register; use --out to record them")


IMPORT_SIPRI = Command(
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
    options=_import_sipri_options, run=run_import_sipri, raw=True)


def _register_diff_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("old", metavar="OLD", help="the older vintage: a SIPRI export (.csv) or a register CSV")
    command.add_argument("new", metavar="NEW", help="the newer vintage: a SIPRI export (.csv) or a register CSV")
    command.add_argument("--format", choices=list(REVISION_FORMATS), default="table",
                         help="table for people (default), csv or json for programs")
    command.add_argument("--out", metavar="PATH", help="write to PATH (atomically) instead of stdout")
    _add_actor_options(command)


def run_register_diff(args: argparse.Namespace) -> None:
    from armsdata.register.vintages import diff_vintage_files, summary

    changes = diff_vintage_files(args.old, args.new, out=args.out, actors=args.actor, data_dir=args.data)
    _output(REVISION_FORMATS[args.format](changes), args.out)
    _note(summary(changes))


REGISTER_DIFF = Command(
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
    options=_register_diff_options, run=run_register_diff, raw=True)


def _output(text: str, out: str | None) -> None:
    """Write ``text`` to the file ``out`` (atomically), or to stdout without one."""
    if out:
        write_out_file(out, text)
    else:
        sys.stdout.write(text)


#: Every command, in the order ``armsdata --help`` lists them.
COMMANDS = (VALIDATE, BUILD, CODEBOOK, DATAPACKAGE, REPORT, DISCREPANCIES, COMPARE, EXPORT, SERVE, DRAFT,
            IMPORT_SIPRI, REGISTER_DIFF)


if __name__ == "__main__":
    sys.exit(main())

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
        epilog="Each problem is printed as FILE:LINE: COLUMN: MESSAGE (value: '…'), sorted, where LINE is the "
               "physical line on which the record starts (0 = the file as a whole). Exit 0 if valid, 1 if not.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("data_dir", nargs="?", default="data", metavar="DATA_DIR",
                   help="directory holding the three CSV files (default: data)")
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
        "report", help="validate, then rebuild reports/ (figures and markdown)",
        description="Validate the data, then regenerate every figure and the markdown report.")
    r.add_argument("--data", default="data", metavar="DATA_DIR", help="data directory (default: data)")
    r.set_defaults(run=run_report)
    return parser


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


def _require_dir(path: str) -> Path | None:
    directory = Path(path)
    if not directory.is_dir():
        print(f"armsdata: error: no such data directory: {path}", file=sys.stderr)
        return None
    return directory


def _print_problems(problems: list) -> None:
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) found", file=sys.stderr)


def run_validate(args: argparse.Namespace) -> int:
    from armsdata.validate import validate

    if _require_dir(args.data_dir) is None:
        return EXIT_USAGE
    problems = validate(args.data_dir)
    if problems:
        _print_problems(problems)
        return EXIT_INVALID
    if not args.quiet:
        print(f"{args.data_dir}: valid")
    return EXIT_OK


def run_codebook(args: argparse.Namespace) -> int:
    from armsdata.codebook import updated
    from armsdata.io import write_atomic

    path = Path(args.file)
    if not path.is_file():
        print(f"armsdata: error: no such file: {path}", file=sys.stderr)
        return EXIT_USAGE
    current = path.read_text(encoding="utf-8")
    try:
        fresh = updated(current)
    except ValueError as exc:
        print(f"armsdata: error: {path}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if fresh == current:
        print(f"{path}: up to date")
        return EXIT_OK
    if args.write:
        write_atomic(path, fresh)
        print(f"{path}: rewritten")
        return EXIT_OK
    print(f"{path}: out of date with armsdata/schema.py; run 'armsdata codebook --write'")
    return EXIT_INVALID


def run_report(args: argparse.Namespace) -> int:
    from armsdata.summary import summary_text
    from armsdata.validate import validate

    if _require_dir(args.data) is None:
        return EXIT_USAGE
    problems = validate(args.data)
    if problems:
        _print_problems(problems)
        return EXIT_INVALID
    print(summary_text(args.data))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

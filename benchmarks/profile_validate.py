"""Where does ``armsdata validate`` spend its time? Each step timed on its own, in one process.

    uv run python benchmarks/profile_validate.py DATA_DIR [--repeat 3] [--cprofile N]
    uv run python benchmarks/profile_validate.py --make real --rows 200000 [--repeat 3]

Runs the steps :func:`armsdata.validation.check_data_dir` runs, one at a time, on the same tables
(reading each file, its pandera schema, then each rule across files), ``--repeat`` times
(after one warm-up run that pays for the imports), and prints the minimum CPU and wall
seconds of each step and its share of the whole, beside ``pandas.read_csv`` of the same
CSV files. With ``--cprofile N`` it also prints cProfile's N costliest functions of one whole
``validate`` (cProfile slows Python code down more than C code, so its shares are rougher).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def steps(data: Path) -> list[tuple[str, callable]]:
    """``(name, call)`` for each step of the validation of ``data``, in the order ``check_data_dir`` runs them."""
    from armsdata import schema
    from armsdata.io import read_table
    from armsdata.validation import crossfile, failures, quoted_numbers, quotes

    labels = {t.name: os.path.join(str(data), t.filename) for t in schema.TABLES}
    frames: dict = {}
    out = []
    for table in schema.TABLES:
        out.append((f"read {table.filename}", lambda t=table: frames.__setitem__(t.name, read_table(labels[t.name]))))
    for table in schema.TABLES:
        out.append((f"schema {table.filename}", lambda t=table: failures.table_problems(frames[t.name], t,
                                                                                         labels[t.name])))

    def cross(name: str):
        calls = {
            "archives and quotes": lambda: quotes.archive_and_quote_problems(frames["transfers"], frames["sources"],
                                                                               data, labels),
            "actor aliases": lambda: crossfile.alias_problems(frames["actors"], labels["actors"]),
            "foreign keys and actors": lambda: [
                crossfile.actor_problems(frames[n], c, frames["actors"], labels[n]) if o == "actors" else
                crossfile.foreign_key_problems(frames[n], c, crossfile.referable_keys(frames[o][k]), o, labels[n])
                for (n, c), (o, k) in schema.FOREIGN_KEYS.items()],
            "deals": lambda: crossfile.deal_problems(frames["transfers"], labels["transfers"]),
            "packages": lambda: [crossfile.deal_reference_problems(frames["transfers"], frames["transfers"],
                                                                  labels["transfers"], reference)
                                 for reference in schema.DEAL_REFERENCES],
            "systems": lambda: (crossfile.system_alias_problems(frames["systems"], labels["systems"]),
                                crossfile.system_category_problems(frames["transfers"], frames["systems"],
                                                                  labels["transfers"]),
                                crossfile.system_name_problems(frames["transfers"], frames["systems"],
                                                              labels["transfers"])),
            "numbers": lambda: quoted_numbers.quoted_number_problems(frames["transfers"], labels["transfers"]),
        }
        return calls[name]

    for name in ("archives and quotes", "actor aliases", "foreign keys and actors", "deals", "packages", "systems",
                 "numbers"):
        out.append((name, cross(name)))
    return out


def timed(call) -> tuple[float, float]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def profile(data: Path, repeat: int) -> list[tuple[str, float, float]]:
    """``(step, min wall, min CPU)`` of each step, then of the whole ``validate`` and of ``read_csv``."""
    import pandas as pd

    import armsdata
    from armsdata import schema

    def read_csv():
        for table in schema.TABLES:
            pd.read_csv(data / table.filename, dtype=str, keep_default_na=False)

    armsdata.validate(data)  # imports (pandera, pycountry, text2num) and compiled patterns, not timed
    runs: dict[str, list[tuple[float, float]]] = {}
    for _ in range(repeat):
        for name, call in [*steps(data), ("validate (whole)", lambda: armsdata.validate(data)),
                           ("pandas.read_csv (the floor)", read_csv)]:
            runs.setdefault(name, []).append(timed(call))
    return [(name, min(w for w, _ in r), min(c for _, c in r)) for name, r in runs.items()]


def report(rows: list[tuple[str, float, float]]) -> str:
    parts = [r for r in rows if r[0] not in ("validate (whole)", "pandas.read_csv (the floor)")]
    total_cpu = sum(c for _, _, c in parts)
    lines = [f"{'step':32} {'wall min':>9} {'cpu min':>9} {'share':>6}"]
    for name, wall, cpu in rows:
        share = f"{cpu / total_cpu:6.0%}" if (name, wall, cpu) in parts else ""
        lines.append(f"{name:32} {wall:8.3f}s {cpu:8.3f}s {share:>6}")
    whole = dict((n, c) for n, _, c in rows)
    lines.append(f"{'sum of the steps':32} {'':9} {total_cpu:8.3f}s")
    lines.append(f"validate / read_csv (cpu): {whole['validate (whole)'] / whole['pandas.read_csv (the floor)']:.2f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, help="a data directory (or use --make)")
    from datasets import KINDS

    parser.add_argument("--make", choices=KINDS,
                        help="profile a generated data set instead (benchmarks/datasets.py)")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print cProfile's N costliest")
    args = parser.parse_args(argv)
    if (args.data is None) == (args.make is None):
        parser.error("give a DATA directory or --make KIND")
    with tempfile.TemporaryDirectory(prefix="armsdata-profile-") as tmp:
        data = args.data
        if args.make:
            from datasets import make

            data = Path(tmp) / "data"
            print(make(args.make, data, args.rows))
        print(report(profile(data, args.repeat)), flush=True)
        if args.cprofile:
            import armsdata

            profiler = cProfile.Profile()
            profiler.runcall(armsdata.validate, data)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)


if __name__ == "__main__":
    main()

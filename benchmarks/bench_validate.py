"""How fast, and in how much memory, does armsdata check, analyse and report a large data set?

    uv run python benchmarks/bench_validate.py                  # the full run: 10k, 100k and 1M claims
    uv run python benchmarks/bench_validate.py --quick          # a smoke run of every step, a few hundred claims
    uv run python benchmarks/bench_validate.py --sizes 100000 --datasets real --steps validate --pairs 7

For each data set of ``benchmarks/datasets.py`` (synthetic, real-shaped, error-heavy, duplicate
ids) and each size, every step runs **paired** with ``pandas.read_csv`` of the same CSV files
(``dtype=str, keep_default_na=False``: the floor for any validator), ``--pairs`` times, the two
in alternating order, each run in a **fresh process**. Each run reports the wall and CPU time of
the step (after the imports a script needs anyway: pandas, armsdata; lazy imports inside a step,
pandera's for instance, are timed with it) and the peak resident memory of its process
(``VmHWM``). The script prints the minimum and median of each, the median of the per-pair ratios
to ``read_csv`` (wall and CPU), and how each step grows from size to size.

Steps, and what runs in the measured process:

* ``validate``: ``armsdata.validate(data_dir)`` (every data set);
* ``frictionless``: the Frictionless reference validator, ``Package(datapackage.json).validate()``
  (synthetic and real-shaped, sizes up to ``--frictionless-max``): measured, never extrapolated;
* ``analysis``: ``armsdata.report.analysis_tables(claims)``, every table of the report, from the
  claims ``armsdata.load_transfers`` loaded (loading not timed);
* ``report``: ``armsdata.report.build_report(data_dir, processes=None)`` (as ``armsdata report``
  runs it: figures drawn in a process pool on every core): validation, loading, analysis,
  figures (SVG and PNG), tables and markdown, in memory;
* ``compare``: ``armsdata.compare_register(claims, register)`` against the whole SIPRI trade
  register of ``../shared/sipri`` (30,000 deals, imported once), from loaded claims; its
  ``read_csv`` reads the register's CSV as well as the data directory's;
* ``import``: ``import armsdata`` against ``import pandas`` (once, not per data set);
* ``sipri``: ``armsdata.read_sipri`` of the 30,000-deal export against a bare ``pandas.read_csv``
  of it (once).

A step that cannot run on this version of armsdata is reported as skipped, with the reason.
``--json FILE`` writes every run, for the tables of benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from datasets import KINDS, make, write_descriptor  # noqa: E402

SIPRI_EXPORT = HERE.parent.parent / "shared" / "sipri" / "trade-register_all_2026-05-18.csv"
SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (300,)
DATASET_STEPS = ("validate", "frictionless", "analysis", "report", "compare")
#: Which data sets each step runs on (the error-heavy ones do not load: they are invalid).
RUNS_ON = {"validate": KINDS, "frictionless": ("synthetic", "real"), "analysis": ("synthetic", "real"),
           "report": ("synthetic", "real"), "compare": ("synthetic", "real")}


def generate(data_dir: Path, rows: int, claims_per_source: int = 10, seed: int = 0) -> None:
    """A valid synthetic data directory of ``rows`` claims (``datasets.make("synthetic", ...)``)."""
    make("synthetic", Path(data_dir), rows, seed=seed)


# --------------------------------------------------------------------------
# Measurements, each in its own process (so that its peak memory is its own)
# --------------------------------------------------------------------------


def measure_read_csv(data: Path, *more: Path) -> dict:
    """``pandas.read_csv`` of the data directory's CSV files, and of ``more`` files the paired step reads too."""
    import pandas as pd

    from armsdata import schema

    def step():
        files = [data / t.filename for t in schema.TABLES] + list(more)
        return sum(len(pd.read_csv(f, dtype=str, keep_default_na=False)) for f in files)

    return timed(step, lambda rows: f"{rows} rows")


def measure_validate(data: Path) -> dict:
    import armsdata

    return timed(lambda: armsdata.validate(data), lambda problems: f"{len(problems)} problems")


def measure_frictionless(data: Path) -> dict:
    from frictionless import Package

    descriptor = str(data.parent / "datapackage.json")
    return timed(lambda: Package(descriptor).validate(),
                 lambda report: "valid" if report.valid else f"{len(report.flatten(['type']))} errors")


def measure_analysis(data: Path) -> dict:
    import armsdata
    from armsdata.report import analysis_tables

    claims = armsdata.load_transfers(data)  # validates and loads first; not timed
    return timed(lambda: analysis_tables(claims), lambda tables: f"{len(tables)} tables from {len(claims)} claims")


def measure_report(data: Path) -> dict:
    from armsdata.report import build_report

    return timed(lambda: build_report(data, processes=None), lambda files: f"{len(files)} files, in memory")


def measure_compare(data: Path, register: Path) -> dict:
    import armsdata

    loaded = armsdata.load_data(data)  # not timed, nor the systems, actors and categories of descriptions
    claims, systems, actors, categories = loaded.claims, loaded.systems, loaded.actors, loaded.categories
    return timed(lambda: armsdata.compare_register(claims, register, systems=systems, actors=actors,
                                                   categories=categories),
                 lambda table: f"{len(table)} rows: " + ", ".join(f"{k} {v}" for k, v in
                                                                  sorted(table["verdict"].value_counts().items())))


def measure_import(module: str) -> dict:
    return timed(lambda: __import__(module), lambda _: f"import {module}")


def measure_sipri(path: Path) -> dict:
    import pycountry  # noqa: F401  (read_sipri's first call imports it: not what is measured)

    from armsdata.sipri import read_sipri

    return timed(lambda: read_sipri(path), lambda deals: f"{len(deals)} deals")


def measure_sipri_read_csv(path: Path) -> dict:
    import pandas as pd

    from armsdata.sipri import read_sipri

    deals = read_sipri(path)  # where the header is and the encoding: what a bare read must be told
    encoding, skip = deals.attrs["encoding"], deals.attrs["header_line"] - 1
    return timed(lambda: pd.read_csv(path, encoding=encoding, skiprows=skip), lambda rows: f"{len(rows)} rows")


MEASUREMENTS = {"read_csv": measure_read_csv, "validate": measure_validate, "frictionless": measure_frictionless,
                "analysis": measure_analysis, "report": measure_report, "compare": measure_compare,
                "import_armsdata": lambda _: measure_import("armsdata"),
                "import_pandas": lambda _: measure_import("pandas"),
                "sipri": measure_sipri, "sipri_read_csv": measure_sipri_read_csv}


def timed(step, describe) -> dict:
    """Wall and CPU seconds of ``step()`` (CPU of every thread of this process and of the processes it started
    and waited for: the report's figure helpers), and this process' peak memory (``children_peak_mib``: the
    largest of its children's)."""
    wall, cpu = time.perf_counter(), time.process_time() + children_cpu()
    result = step()
    wall, cpu = time.perf_counter() - wall, time.process_time() + children_cpu() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"wall": wall, "cpu": cpu, "peak_mib": peak_mib(), "children_peak_mib": children,
            "note": describe(result)}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_mib() -> float:
    """Peak resident memory of this process, in MiB.

    VmHWM of /proc/self/status where there is one (Linux): unlike getrusage's
    ru_maxrss, it starts afresh at exec, so a measurement process does not
    inherit the peak of the benchmark process that started it.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux, bytes on macOS


def run_measurement(name: str, *args: Path) -> dict:
    """One run of measurement ``name`` in a fresh Python process; ``{"skipped": why}`` if it fails."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--measure", name, *map(str, args)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        return {"skipped": (done.stderr.strip().splitlines() or ["exit code %d" % done.returncode])[-1]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall"] = time.perf_counter() - start  # Python's start and every import included
    return result


def paired(step: str, baseline: str, args: tuple, pairs: int) -> dict:
    """``pairs`` runs of ``step`` and of ``baseline``, alternating which goes first; a failing step stops early."""
    runs: dict[str, list[dict]] = {step: [], baseline: []}
    for i in range(pairs):
        for name in ((step, baseline) if i % 2 == 0 else (baseline, step)):
            result = run_measurement(name, *args)
            if "skipped" in result:
                return {"step": step, "skipped": result["skipped"]}
            runs[name].append(result)
    return {"step": step, "baseline": baseline, "runs": runs}


# --------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------


def summary(measured: dict) -> dict:
    """Minimum and median of wall and CPU seconds and of peak memory, and the medians of the per-pair ratios."""
    if "skipped" in measured:
        return measured
    step, base = measured["runs"][measured["step"]], measured["runs"][measured["baseline"]]
    out = {"step": measured["step"], "baseline": measured["baseline"], "note": step[0]["note"],
           "baseline_note": base[0]["note"], "pairs": len(step)}
    for who, runs in (("", step), ("baseline_", base)):
        for key in ("wall", "cpu", "peak_mib", "process_wall"):
            values = [r[key] for r in runs]
            out[f"{who}{key}_min"], out[f"{who}{key}_median"] = min(values), statistics.median(values)
    out["children_peak_mib_max"] = max(r.get("children_peak_mib", 0.0) for r in step)
    for key in ("wall", "cpu"):
        out[f"ratio_{key}"] = statistics.median(a[key] / b[key] for a, b in zip(step, base))
    return out


def fmt_row(label: str, s: dict) -> str:
    if "skipped" in s:
        return f"{label:38} skipped: {s['skipped']}"
    return (f"{label:38} wall {s['wall_min']:7.2f} {s['wall_median']:7.2f}  cpu {s['cpu_min']:7.2f} "
            f"{s['cpu_median']:7.2f}  peak {s['peak_mib_median']:6.0f} MiB"
            + (f" (+ helper {s['children_peak_mib_max']:.0f})" if s.get("children_peak_mib_max") else "")
            + f" | {s['baseline']} wall "
            f"{s['baseline_wall_median']:6.2f} cpu {s['baseline_cpu_median']:6.2f} | ratio wall "
            f"{s['ratio_wall']:5.2f}x cpu {s['ratio_cpu']:5.2f}x  ({s['note']})")


def growth(results: list[dict]) -> list[str]:
    """For each data set and step: CPU seconds (median) and the CPU ratio to read_csv at each size."""
    lines = []
    keys = sorted({(r["dataset"], r["step"]) for r in results if r.get("dataset") and "cpu_median" in r},
                  key=lambda k: (KINDS.index(k[0]), DATASET_STEPS.index(k[1])))
    for dataset, step in keys:
        rows = sorted((r for r in results if (r.get("dataset"), r["step"]) == (dataset, step) and "cpu_median" in r),
                      key=lambda r: r["size"])
        cells = "  ".join(f"{r['size']:>9,}: {r['cpu_median']:7.2f} s ({r['ratio_cpu']:.2f}x)" for r in rows)
        factors = [b["cpu_median"] / a["cpu_median"] / (b["size"] / a["size"]) for a, b in zip(rows, rows[1:])]
        per = "  per-claim cost x" + ", x".join(f"{f:.2f}" for f in factors) if factors else ""
        lines.append(f"{step:12} {dataset:10} {cells}{per}")
    return lines


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; load average {load}")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def full_register(work: Path) -> Path | None:
    """The whole SIPRI trade register as ``armsdata import-sipri`` writes it, for the compare step."""
    if not SIPRI_EXPORT.is_file():
        return None
    from armsdata.sipri import read_sipri, register_csv

    path = work / "register-full.csv"
    path.write_text(register_csv(read_sipri(SIPRI_EXPORT)), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", help=f"claims per data set (default: {SIZES})")
    parser.add_argument("--datasets", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--steps", nargs="+", choices=[*DATASET_STEPS, "import", "sipri"],
                        default=[*DATASET_STEPS, "import", "sipri"])
    parser.add_argument("--pairs", type=int, help="pairs of runs per step (default: 5, and 3 at 1,000,000 claims)")
    parser.add_argument("--frictionless-max", type=int, default=1_000_000,
                        help="largest data set Frictionless runs on (default: 1,000,000)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 300 claims, one pair of each step")
    parser.add_argument("--work", type=Path, help="where to write the data sets (default: a temporary directory)")
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        name, *paths = args.measure
        print(json.dumps(MEASUREMENTS[name](*map(Path, paths))))
        return 0
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)

    def pairs_for(size: int) -> int:
        return args.pairs or (1 if args.quick else 3 if size >= 1_000_000 else 5)

    print(f"machine: {machine()}", flush=True)
    results: list[dict] = []

    def record(label: str, result: dict, **where) -> None:
        result = {**summary(result), **where}
        results.append(result)
        print(fmt_row(label, result), flush=True)

    if "import" in args.steps:
        record("import armsdata (vs import pandas)", paired("import_armsdata", "import_pandas", (Path("."),),
                                                           pairs_for(0) * 2))
    if "sipri" in args.steps:
        if SIPRI_EXPORT.is_file():
            record("read_sipri, 30,000-deal export", paired("sipri", "sipri_read_csv", (SIPRI_EXPORT,),
                                                             pairs_for(0) * 2))
        else:
            print(f"sipri: skipped, no {SIPRI_EXPORT}")
    work = args.work or Path(tempfile.mkdtemp(prefix="armsdata-bench-"))
    try:
        work.mkdir(parents=True, exist_ok=True)
        register = full_register(work) if "compare" in args.steps else None
        for size in sizes:
            for dataset in args.datasets:
                steps = [s for s in DATASET_STEPS if s in args.steps and dataset in RUNS_ON[s]
                         and (s != "frictionless" or size <= args.frictionless_max)]
                if not steps:
                    continue
                data = work / f"{dataset}-{size}" / "data"
                if not data.exists():
                    start = time.perf_counter()
                    made = make(dataset, data, size)
                    print(f"\n{dataset} {size:,}: {made['claims']:,} claims, {made['sources']:,} sources, "
                          f"{made['csv_bytes'] / 2**20:.0f} MiB of CSV, {made['archive_bytes'] / 2**20:.0f} MiB of "
                          f"archived texts, {made['ascii_quotes']:.0%} of quotes ASCII"
                          + (f", bad rows {made['bad']}" if made["bad"] else "")
                          + f" (written in {time.perf_counter() - start:.0f} s)", flush=True)
                write_descriptor(data)
                for step in steps:
                    extra = (register,) if step == "compare" else ()
                    if step == "compare" and register is None:
                        continue
                    record(f"{step} {dataset} {size:,}", paired(step, "read_csv", (data, *extra), pairs_for(size)),
                           dataset=dataset, size=size)
                if not args.work:  # keep the disk to one data set at a time
                    shutil.rmtree(data.parent)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print("\nCPU seconds (median) and CPU ratio to read_csv by size; per-claim cost from one size to the next:")
    print("\n".join(growth(results)))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

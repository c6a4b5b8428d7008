"""How fast is ``armsdata.diff_registers``, next to reading its two vintages with ``read_sipri``?

    uv run python benchmarks/bench_vintages.py                 # SIPRI's two real vintages, and a revised copy
    uv run python benchmarks/bench_vintages.py OLD NEW --repeat 10 --scale 1 2 4

For each pair of vintages, in one process, ``--repeat`` pairs of runs in alternating order:

* ``read both``: ``read_sipri(OLD)`` and ``read_sipri(NEW)``, the reference (the issue's target:
  comparing at most 3x this);
* ``diff``: ``diff_registers(old, new)`` on the two tables read, the comparison alone.

The pairs of vintages: the two real exports (the April 2024 per-delivery-year export, 1990-2023,
against the May 2026 trade register, all years: different formats and years), and the 2026 trade
register against a revised copy of itself (:func:`revised`: a tenth of its designations respelt,
a tenth of its TIVs and a twentieth of its numbers revised, a fiftieth of its years of order moved
by one, a fiftieth of its deals dropped and as many added, every description reworded), so that
every stage of the matching has work. With ``--scale K`` the two tables of each pair are also
compared K times over (each copy's suppliers and recipients renamed, so that the keys stay apart), against K times
the reading, to show that comparing grows linearly.

It prints the minimum and median wall and CPU time of each and the median of the per-pair ratios;
CPU time is steadier than wall time on a shared machine.
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "sipri"
OLD = SHARED / "transfers_by_delivery_year.csv"
NEW = SHARED / "trade-register_all_2026-05-18.csv"


def timed(call) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def revised(table: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """A copy of ``table`` with the kinds of change SIPRI makes between vintages, at fixed rates (seeded)."""
    rng = np.random.default_rng(seed)
    out = table.copy()
    n = len(out)

    def some(rate: float) -> np.ndarray:
        return rng.random(n) < rate

    respelt = some(0.10)
    out.loc[respelt, "designation"] = out.loc[respelt, "designation"].str.replace("-", " ", n=1, regex=False)
    tiv = some(0.10)
    out.loc[tiv, "tiv_per_unit"] = (out.loc[tiv, "tiv_per_unit"] * 1.25).round(2)
    numbers = some(0.05)
    out.loc[numbers, "number_ordered"] = out.loc[numbers, "number_ordered"] + 1
    moved = some(0.02)
    out.loc[moved, "order_year"] = out.loc[moved, "order_year"] + 1
    out["description"] = out["description"].str.replace("aircraft", "plane", regex=False)
    dropped = some(0.02)
    added = out[some(0.02)].assign(designation=lambda f: f["designation"] + " Mk-9")
    out = pd.concat([out[~dropped], added])
    out.attrs = dict(table.attrs)
    return out


def scaled(table: pd.DataFrame, k: int) -> pd.DataFrame:
    """``table`` ``k`` times over, each copy's actors renamed (``Armenia #2``), so that no key is shared."""
    if k == 1:
        return table
    copies = [table] + [table.assign(supplier=table["supplier"] + f" #{i}", recipient=table["recipient"] + f" #{i}")
                        for i in range(2, k + 1)]
    out = pd.concat(copies, ignore_index=True)
    out.attrs = dict(table.attrs)
    return out


def measure(name: str, read, old: pd.DataFrame, new: pd.DataFrame, repeat: int, scales: list[int]) -> list[dict]:
    from armsdata import diff_registers

    results = []
    for k in scales:
        a, b = scaled(old, k), scaled(new, k)
        changes = diff_registers(a, b)
        runs = {"read both": [], "diff": []}
        for i in range(repeat):
            order = (("read both", lambda: [read() for _ in range(k)]), ("diff", lambda: diff_registers(a, b)))
            for label, call in order if i % 2 == 0 else order[::-1]:
                runs[label].append(timed(call))
        results.append({"name": name, "scale": k, "deals": (len(a), len(b)), "rows": len(changes),
                        "counts": changes["change"].value_counts().to_dict(), "runs": runs})
    return results


def report(result: dict) -> str:
    runs = result["runs"]
    counts = ", ".join(f"{v} {k}" for k, v in sorted(result["counts"].items()))
    out = [f"{result['name']} x{result['scale']}: {result['deals'][0]} and {result['deals'][1]} deals, "
           f"{result['rows']} rows ({counts}); {len(runs['diff'])} pairs"]
    for label, pairs in runs.items():
        wall, cpu = [w for w, _ in pairs], [c for _, c in pairs]
        out.append(f"  {label:<10} wall min {min(wall) * 1000:7.0f} ms  median {statistics.median(wall) * 1000:7.0f} ms"
                   f"   cpu min {min(cpu) * 1000:7.0f} ms  median {statistics.median(cpu) * 1000:7.0f} ms")
    wall = statistics.median(d[0] / r[0] for d, r in zip(runs["diff"], runs["read both"]))
    cpu = statistics.median(d[1] / r[1] for d, r in zip(runs["diff"], runs["read both"]))
    out.append(f"  diff / read both: wall {wall:.2f}x, cpu {cpu:.2f}x (medians of pairs)  [target: <= 3x]")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=[OLD, NEW], metavar="FILE",
                        help="OLD and NEW: two SIPRI exports (default: the two in ../shared/sipri)")
    parser.add_argument("--repeat", type=int, default=10, help="pairs of runs per comparison (default: 10)")
    parser.add_argument("--scale", type=int, nargs="+", default=[1], metavar="K",
                        help="also compare the tables K times over (default: 1)")
    args = parser.parse_args(argv)
    if len(args.files) != 2 or not all(f.is_file() for f in args.files):
        print(f"bench_vintages: give two SIPRI exports that exist (not: {', '.join(map(str, args.files))})",
              file=sys.stderr)
        return 2
    from armsdata import read_sipri

    old_path, new_path = args.files
    old, new = read_sipri(old_path), read_sipri(new_path)
    print(f"Python {platform.python_version()}, pandas {pd.__version__}, {platform.machine()}, "
          f"{platform.system()} {platform.release()}")
    pairs = [(f"{old_path.name} vs {new_path.name}", lambda: (read_sipri(old_path), read_sipri(new_path)), old, new),
             (f"{new_path.name} vs a revised copy", lambda: (read_sipri(new_path), read_sipri(new_path)), new,
              revised(new))]
    for name, read, a, b in pairs:
        for result in measure(name, read, a, b, args.repeat, args.scale):
            print(report(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What does a notebook session cost: the claims, then more tables, then the comparison with the register?

    uv run python benchmarks/bench_load.py                      # the shipped data, and 10,000 real-shaped claims
    uv run python benchmarks/bench_load.py --sizes 0 100000 --repeat 5

Each run is a **fresh process** with ``ARMSDATA_DATA_DIR`` pointing at the data set (size 0: the
shipped data; else ``datasets.make("real", ...)``, which copies the shipped register too). It times,
in this order:

* ``read_csv``: ``pandas.read_csv(dtype=str, keep_default_na=False)`` of the four CSV files and the
  register's, the reference;
* the calls of an analyst who loads one table at a time: ``claims = load_transfers()``, then
  ``load_actors()`` and ``load_systems()``, then ``compare_register(claims)`` (which loads the
  register, systems, actors and categories it is not given);
* the same with one validation, where this version of armsdata has ``load_data``: ``data =
  load_data()``, ``data.claims``, ``data.actors``, ``data.systems``, then ``compare_register`` given
  ``data``'s tables.

It prints, per step, the median CPU and wall seconds over ``--repeat`` runs and the CPU ratio to
``read_csv``. Run it on two versions of the package (``PYTHONPATH=OTHER_CHECKOUT``) to compare them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from datasets import REAL_DATA, make  # noqa: E402

SIZES = (0, 10_000)


def session() -> dict[str, tuple[float, float]]:
    """Each step's (CPU, wall) seconds, in one process, on ``$ARMSDATA_DATA_DIR``."""
    import pandas as pd

    import armsdata
    from armsdata import schema

    data_dir = Path(os.environ["ARMSDATA_DATA_DIR"])
    steps: dict[str, tuple[float, float]] = {}

    def timed(name, call):
        cpu, wall = time.process_time(), time.perf_counter()
        result = call()
        steps[name] = (time.process_time() - cpu, time.perf_counter() - wall)
        return result

    files = [data_dir / t.filename for t in (*schema.TABLES, schema.REGISTER)]
    timed("read_csv", lambda: [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files])
    claims = timed("load_transfers()", armsdata.load_transfers)
    timed("then load_actors(), load_systems()", lambda: (armsdata.load_actors(), armsdata.load_systems()))
    timed("then compare_register(claims)", lambda: armsdata.compare_register(claims))
    if hasattr(armsdata, "load_data"):
        def every_table():
            data = armsdata.load_data()
            data.claims, data.actors, data.systems  # noqa: B018 - the first claims are joined here
            return data

        data = timed("load_data(): claims, actors, systems", every_table)
        timed("then compare_register(data's tables)", lambda: armsdata.compare_register(
            data.claims, data.register, systems=data.systems, actors=data.actors, categories=data.categories))
    return steps


def run(data_dir: Path) -> dict[str, tuple[float, float]]:
    """:func:`session` in a fresh process."""
    done = subprocess.run([sys.executable, __file__, "--measure"], capture_output=True, text=True, check=True,
                          env={**os.environ, "ARMSDATA_DATA_DIR": str(data_dir)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                        help="real-shaped claims per data set; 0: the shipped data (default: 0 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per data set (default: 5)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(session()))
        return 0
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    import armsdata

    print(f"armsdata from {Path(armsdata.__file__).parent}; load average {load}")
    with tempfile.TemporaryDirectory(prefix="armsdata-bench-load-") as work:
        for size in args.sizes:
            data = REAL_DATA if size == 0 else Path(work) / f"real-{size}" / "data"
            if size and not data.exists():
                make("real", data, size)
            runs = [run(data) for _ in range(args.repeat)]
            print(f"\n{'the shipped data' if size == 0 else f'{size:,} real-shaped claims'}, {args.repeat} runs "
                  "(median CPU s, wall s, CPU ratio to read_csv):")
            base = statistics.median(r["read_csv"][0] for r in runs)
            for step in runs[0]:
                cpu = statistics.median(r[step][0] for r in runs)
                wall = statistics.median(r[step][1] for r in runs)
                print(f"  {step:40} {cpu:7.3f} {wall:7.3f}  {cpu / base:6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

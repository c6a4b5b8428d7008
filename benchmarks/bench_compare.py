"""How fast is the press held against the whole register, next to a bare ``pandas.read_csv`` of the claims?

    uv run python benchmarks/bench_compare.py                       # 200,000 deals, 1,000,000 claims
    uv run python benchmarks/bench_compare.py --deals 10000 100000 --claims 0 --repeat 5

``armsdata.register.compare_deals`` is timed on synthetic press deals against the full SIPRI
trade register (the 30,000-deal export in ``../shared/sipri``, read once with ``read_sipri``,
not timed). The deals are drawn from the register's own rows (seeded), so that most of them
find candidates: 80% name the system of a register deal between its supplier and recipient
(half of them with an order year up to two years off, 30% with the register's delivery
years), 10% name no system (half of them the kind of equipment of the register deal they are
drawn from, by ``register/categories.csv``, the other half no kind: "arms"), 5% are packages,
5% name the system with no SIPRI designation; about one reported quantity for every two deals. Every actor is named as SIPRI spells it.
That is harder than the synthetic claims of ``bench_validate.py``, whose deals name no
catalogued system and are all matched to nothing.

The baseline is ``pandas.read_csv(dtype=str, keep_default_na=False)`` of the transfers.csv of
``--claims`` synthetic claims (``bench_validate.generate``, five claims per deal, so
1,000,000 claims are ~200,000 deals). Runs are paired and alternate in order; wall and process
CPU seconds are printed (CPU time is less disturbed by other processes on a shared machine).
``analysis.deals(claims)``, which ``compare_register`` runs first, is not timed here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_sipri import timed  # noqa: E402  (the same paired timing as the importer's benchmark)

REGISTER = HERE.parent.parent / "shared" / "sipri" / "trade-register_all_2026-05-18.csv"


def synthetic(register: pd.DataFrame, n: int, seed: int = 0):
    """``(deals, quantities, systems, actors, categories)``: ``n`` press deals drawn from the register's rows
    (see above)."""
    from armsdata import load_register_categories, schema

    rng = np.random.default_rng(seed)
    names = sorted(set(register["supplier"]) | set(register["recipient"]))
    actors = pd.DataFrame({"name": names, "aliases": pd.NA})
    designations = sorted(set(register["designation"]))
    systems = pd.DataFrame({"system_id": [f"s{i}" for i in range(len(designations))],
                            "sipri_designations": designations})
    systems = pd.concat([systems, pd.DataFrame({"system_id": ["unlisted"], "sipri_designations": [pd.NA]})])
    system_of = dict(zip(designations, systems["system_id"]))
    pick = register.iloc[rng.integers(0, len(register), n)].reset_index(drop=True)
    kind = rng.choice(["single", "generic", "package", "unlisted"], n, p=[0.8, 0.1, 0.05, 0.05])
    system_id = pd.Series([system_of[d] for d in pick["designation"]], dtype="string")
    system_id = system_id.where(kind == "single", pd.Series("unlisted", index=system_id.index, dtype="string"))
    system_id = system_id.mask(np.isin(kind, ["generic", "package"]))
    categories = load_register_categories(HERE.parent / "data")
    kind_of = dict(zip(categories["description"], categories["category"].astype("string")))
    named_kind = pd.Series([kind_of.get(d, pd.NA) for d in pick["description"]], dtype="string")
    category = named_kind.where((kind == "generic") & (rng.random(n) < 0.5), "unspecified").fillna("unspecified")
    category = category.where(kind == "generic", "artillery")
    stages = list(schema.PIPELINE_STAGES)
    shift = pd.Series(rng.integers(-2, 3, n), dtype="Int64")
    deals = pd.DataFrame({
        "deal_id": [f"d{i:07d}" for i in range(n)], "parent_deal_id": pd.NA, "overlaps_deal_id": pd.NA,
        "kind": np.where(kind == "package", "package", "single"),
        "supplier": pick["supplier"], "recipient": pick["recipient"], "system_id": system_id,
        "system": pick["designation"], "category": category,
        "furthest_stage": pd.Categorical(rng.choice(stages, n), categories=stages, ordered=True),
        "conservative_stage": pd.NA, "off_scale_statuses": pd.NA,
        "agreed_low": pd.NA, "agreed_high": pd.NA, "delivered_low": pd.NA, "delivered_high": pd.NA,
        "order_year": (pick["order_year"] + shift).where(rng.random(n) < 0.5),
        "delivery_years": pick["delivery_years"].where(rng.random(n) < 0.3)})
    deals["committed"] = deals["furthest_stage"] != "considered"
    deals["undated"] = deals["order_year"].isna() & deals["delivery_years"].isna()
    deals["general"] = (deals["kind"] == "single") & deals["system_id"].isna() & (deals["category"] == "unspecified")
    half = rng.choice(n, n // 2, replace=False)
    quantities = pd.DataFrame({"deal_id": deals["deal_id"].to_numpy()[half],
                               "quantity": pd.array(rng.integers(1, 500, len(half)), dtype="Int64"),
                               "quantity_qualifier": rng.choice(["exact", "approx", "at_least", "up_to"], len(half)),
                               "status": rng.choice(["agreed", "delivered", "intent"], len(half))})
    return deals, quantities, systems, actors, categories


def measure(register_path: Path, sizes: list[int], claims: int, repeat: int) -> list[dict]:
    from armsdata import read_sipri
    from armsdata.register import compare_deals

    register = read_sipri(register_path)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        transfers = None
        if claims:
            from bench_validate import generate

            generate(Path(tmp) / "data", claims)
            transfers = Path(tmp) / "data" / "transfers.csv"
        for size in sizes:
            deals, quantities, systems, actors, categories = synthetic(register, size)

            def compare():
                return compare_deals(deals, register, systems=systems, actors=actors, categories=categories,
                                     quantities=quantities, years=(2015, 2024))

            verdicts = compare()["verdict"].value_counts().to_dict()
            runs = {"compare_deals": [], "read_csv": []}
            calls = [("compare_deals", compare)]
            if transfers is not None:
                calls.append(("read_csv", lambda: pd.read_csv(transfers, dtype=str, keep_default_na=False)))
            for i in range(repeat):
                for name, call in calls if i % 2 == 0 else calls[::-1]:
                    runs[name].append(timed(call))
            results.append({"deals": size, "register": len(register), "claims": claims, "runs": runs,
                            "verdicts": verdicts})
    return results


def report(result: dict) -> str:
    lines = [f"{result['deals']:,} deals against {result['register']:,} register deals: "
             + ", ".join(f"{k} {v:,}" for k, v in sorted(result["verdicts"].items()))]
    medians = {}
    for name, runs in result["runs"].items():
        if not runs:
            continue
        wall, cpu = [w for w, _ in runs], [c for _, c in runs]
        medians[name] = (statistics.median(wall), statistics.median(cpu))
        what = name if name == "compare_deals" else f"read_csv of {result['claims']:,} claims"
        lines.append(f"  {what:32s} wall min {min(wall):6.2f} s  median {medians[name][0]:6.2f} s   "
                     f"cpu min {min(cpu):6.2f} s  median {medians[name][1]:6.2f} s   ({len(runs)} runs)")
    if len(medians) == 2:
        (w1, c1), (w2, c2) = medians["compare_deals"], medians["read_csv"]
        lines.append(f"  compare_deals / read_csv: wall {w1 / w2:.2f}x, cpu {c1 / c2:.2f}x (medians)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--register", type=Path, default=REGISTER, help="a SIPRI trade-register export")
    parser.add_argument("--deals", type=int, nargs="+", default=[200_000], help="numbers of press deals")
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims of the read_csv baseline (0: none)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    for result in measure(args.register, args.deals, args.claims, args.repeat):
        print(report(result), flush=True)


if __name__ == "__main__":
    main()

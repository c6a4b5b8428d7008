"""How fast, and in how much memory, does armsdata check (and analyse) a large dataset?

    uv run python benchmarks/bench_validate.py                 # 1,000,000 rows
    uv run python benchmarks/bench_validate.py --rows 100000 --frictionless-rows 20000

Generates a valid synthetic data directory of N claims (realistic cell lengths:
~230-character quotes, ~150-character notes, multi-line cells, 10 claims per
source, each source with a small archived text that holds its quotes), then
measures, each in a fresh subprocess (wall time of the operation, after imports;
peak resident memory of the whole process):

* ``pandas.read_csv`` of the CSV files: the floor for any validator;
* ``armsdata.validate``: target at most 3x read_csv, at most 2 GB;
* the Frictionless validator (``Package.validate``) with the generated
  datapackage.json, on a smaller directory when asked (it is slow), together with
  armsdata.validate on that same smaller directory, so their ratio is measured,
  not extrapolated (target: armsdata at least 10x faster);
* analysis (``report.analysis_tables``) and the whole report
  (``report.build_report``), when those modules exist.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# --------------------------------------------------------------------------
# Synthetic data
# --------------------------------------------------------------------------

SYSTEM_WORDS = ["Bastion", "Falcon", "Akash", "Pinaka", "Caesar", "Mistral", "Spike", "Harop", "Rafale", "Osa",
                "Tor", "Buk", "Strela", "Kornet", "Javelin", "Stinger", "Piorun", "Leopard", "Boxer", "Cobra"]
NOUNS = {"air_defence": "air-defence systems", "armoured_vehicles": "armoured vehicles", "artillery": "howitzers",
         "missiles": "missiles", "uavs": "drones", "aircraft": "fighter jets", "ships": "patrol boats",
         "radars_sensors": "radars", "electronic_warfare": "jammers", "small_arms_ammunition": "rifles",
         "non_lethal": "field kits", "unspecified": "weapons"}
QUALIFIER_WORDS = {"exact": "", "approx": "about ", "at_least": "more than ", "up_to": "up to "}
SPEAKERS = ["the defence ministry said", "officials said on Tuesday", "a government spokesperson told reporters",
            "the minister's office confirmed", "according to people familiar with the talks",
            "state media reported", "the company said in a statement", "diplomats said"]
CLAUSES = ["adding that the first batch would arrive before the end of the year and that training had begun",
           "in a move that neighbouring capitals described as a provocation and a threat to regional stability",
           "although the opposition questioned the price and asked for the contract to be made public",
           "as part of a wider effort to modernise the armed forces after years of under-investment",
           "while analysts warned that deliveries could slip because of production bottlenecks at the plant",
           "despite objections from the country's traditional suppliers, who see the region as their market"]
NOTES = ["Figure as stated by the outlet; other sources give a range. Date is of the announcement, not delivery.",
         "The outlet does not name its sources; the claim is kept as reported, with status as the text puts it.",
         "Designation normalised from the text's spelling, which differs between paragraphs of the same piece.",
         "First of two claims in this article about the same deal; see the following row for the later stage.",
         "Translated quotation in the original; kept verbatim as the outlet printed it,\nwith its line break."]
OUTLETS = ["Daily Courier", "The Observer", "Regional Times", "Defence Weekly", "Morning Herald", "Wire Service",
           "Foreign Review", "Evening Post", "Policy Journal", "News Agency"]
TYPES = ["news_report"] * 6 + ["op_ed", "analysis", "official_statement", "interview"]


def actor_table() -> list[dict[str, str]]:
    import pycountry

    countries = sorted(pycountry.countries, key=lambda c: c.alpha_3)[:150]
    rows = [{"name": c.name, "kind": "state", "iso3": c.alpha_3, "aliases": "", "notes": ""} for c in countries]
    return rows + [{"name": "Unknown", "kind": "unknown", "iso3": "", "aliases": "", "notes": "not identified"}]


def generate(data_dir: Path, rows: int, claims_per_source: int = 10, seed: int = 0) -> None:
    """Write a valid data directory of ``rows`` claims under ``data_dir``."""
    from armsdata import schema

    rng = random.Random(seed)
    actors = actor_table()[:-1]
    statuses, categories = list(schema.STATUS), list(schema.CATEGORY)
    (data_dir / "archive").mkdir(parents=True)
    n_sources = max(1, -(-rows // claims_per_source))
    deals = []
    for _ in range(max(1, rows // 5)):
        supplier, recipient = rng.sample(actors, 2)
        system = f"{rng.choice(SYSTEM_WORDS)} {rng.randint(1, 999)}"
        deals.append((supplier, recipient, system, rng.choice(categories)))

    transfers, sources = [], []
    for s in range(n_sources):
        source_id = f"s{s:07d}"
        archive = [f"{rng.choice(OUTLETS)} report {source_id}"]
        for k in range(min(claims_per_source, rows - s * claims_per_source)):
            row, text = claim(rng, source_id, k, rng.choice(deals), statuses)
            transfers.append(row)
            archive.append(text)
        (data_dir / "archive" / f"{source_id}.txt").write_text("\n\n".join(archive) + "\n", encoding="utf-8")
        year = rng.randint(2015, 2024)
        sources.append({
            "source_id": source_id, "outlet": rng.choice(OUTLETS),
            "title": f"{rng.choice(SYSTEM_WORDS)} deal: what the contract means for the region ({source_id})",
            "author": rng.choice(["", "A. Writer", "B. Reporter", "C. Analyst"]),
            "published": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "url": f"https://www.example.org/{year}/{source_id}", "source_type": rng.choice(TYPES),
            "outlet_country": rng.choice(actors)["iso3"], "language": "en",
            "archive": f"archive/{source_id}.txt", "notes": ""})
    write_csv(data_dir / schema.TRANSFERS.filename, transfers, schema.TRANSFERS.columns)
    write_csv(data_dir / schema.SOURCES.filename, sources, schema.SOURCES.columns)
    write_csv(data_dir / schema.ACTORS.filename, actor_table(), schema.ACTORS.columns)
    write_csv(data_dir / schema.SYSTEMS.filename, [], schema.SYSTEMS.columns)  # claims name no catalogued system


def claim(rng: random.Random, source_id: str, k: int, deal, statuses) -> tuple[dict[str, str], str]:
    """One claim row and the passage of the archived text that holds its quote."""
    supplier, recipient, system, category = deal
    row = {"claim_id": f"{source_id}-{k:02d}", "source_id": source_id, "supplier": supplier["name"],
           "recipient": recipient["name"], "system": system, "category": category,
           "deal_id": f"{supplier['iso3']}-{recipient['iso3']}-{system}".lower().replace(" ", "-"),
           "quantity": "", "quantity_qualifier": "", "value": "", "currency": "", "event_date": "",
           "status": rng.choice(statuses), "attributed_to": "", "notes": rng.choice(NOTES)}
    amount = ""
    if rng.random() < 0.11:
        row["quantity"] = str(rng.randint(2, 500))
        row["quantity_qualifier"] = rng.choice(list(QUALIFIER_WORDS))
        amount = f"{QUALIFIER_WORDS[row['quantity_qualifier']]}{row['quantity']} "
    worth = ""
    if rng.random() < 0.03:
        millions = rng.randint(5, 900)
        row["value"], row["currency"] = str(millions * 1_000_000), rng.choice(["USD", "EUR"])
        row["value_qualifier"] = "exact"
        worth = f" under a deal worth {millions} million {row['currency']}"
    if rng.random() < 0.09:
        row["event_date"] = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}"
    if rng.random() < 0.42:
        row["attributed_to"] = f"{rng.choice(['Jean Martin', 'Ana Silva', 'Li Wei'])} (spokesperson, {supplier['name']})"
    sentence = (f"{supplier['name']} will supply {amount}{system} {NOUNS[category]} to {recipient['name']}"
                f"{worth}, {rng.choice(SPEAKERS)}, {rng.choice(CLAUSES)}.")
    # the archive has typographic apostrophes and dashes; the quote, typed by a curator, has plain ones
    archived = sentence.replace("'", "\u2019")
    if rng.random() < 0.02:
        follow = f"{rng.choice(SPEAKERS).capitalize()} that talks would continue."
        row["quote"] = f"{sentence}{schema_gap()}{follow}"
        archived += f" Other matters were discussed \u2014 at length. {follow}"
    else:
        row["quote"] = sentence
    return row, archived


def schema_gap() -> str:
    from armsdata.schema import QUOTE_GAP

    return QUOTE_GAP


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_descriptor(root: Path) -> Path:
    """datapackage.json beside ``root/data``, as the repository's, for the Frictionless validator."""
    from armsdata.datapackage import datapackage_json

    path = root / "datapackage.json"
    path.write_text(datapackage_json("data"), encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# Measurements (each run in its own process, so that peak memory is its own)
# --------------------------------------------------------------------------


def measure_pandas(data: Path) -> str:
    import pandas as pd

    from armsdata import schema

    rows = 0
    start = time.perf_counter()
    for table in schema.TABLES:
        rows += len(pd.read_csv(data / table.filename, dtype=str, keep_default_na=False))
    return _finish(start, f"{rows} rows")


def measure_validate(data: Path) -> str:
    import armsdata

    start = time.perf_counter()
    problems = armsdata.validate(data)
    if problems:
        raise SystemExit(f"synthetic data is invalid: {problems[:5]}")
    return _finish(start, "valid")


def measure_frictionless(data: Path) -> str:
    from frictionless import Package

    start = time.perf_counter()
    report = Package(str(data.parent / "datapackage.json")).validate()
    if not report.valid:
        raise SystemExit(f"frictionless finds the synthetic data invalid: {report.flatten(['type', 'note'])[:5]}")
    return _finish(start, "valid")


def measure_analysis(data: Path) -> str:
    from armsdata import load

    try:
        from armsdata.report import analysis_tables
    except ImportError:
        return json.dumps({"skipped": "armsdata.report.analysis_tables does not exist"})
    loaded = load.load_tables(data)  # validates first; not timed
    claims = load.join_claims(loaded["transfers"], loaded["sources"], loaded["actors"], loaded["systems"])
    start = time.perf_counter()
    tables = analysis_tables(claims)
    return _finish(start, f"{len(tables)} tables from {len(claims)} claims (after loading, not timed)")


def measure_report(data: Path) -> str:
    try:
        from armsdata.report import build_report
    except ImportError:
        return json.dumps({"skipped": "armsdata.report.build_report does not exist"})
    start = time.perf_counter()
    files = build_report(data)
    return _finish(start, f"{len(files)} files built in memory (validation and loading included)")


def measure_import(module: str) -> str:
    """Wall time of importing ``module`` (and what it imports) in a fresh interpreter."""
    start = time.perf_counter()
    __import__(module)
    return _finish(start, f"import {module}")


MEASUREMENTS = {"import_pandas": lambda _: measure_import("pandas"),
                "import_armsdata": lambda _: measure_import("armsdata"),
                "pandas": measure_pandas, "validate": measure_validate, "frictionless": measure_frictionless,
                "analysis": measure_analysis, "report": measure_report}


def _finish(start: float, note: str) -> str:
    seconds = time.perf_counter() - start
    return json.dumps({"seconds": seconds, "peak_mib": peak_mib(), "note": note})


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


def run_measurement(name: str, data: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--measure", name, str(data)], capture_output=True, text=True)
    if done.returncode != 0:
        return {"failed": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def fmt(result: dict) -> str:
    if "skipped" in result or "failed" in result:
        return result.get("skipped") or f"FAILED: {result['failed']}"
    return f"{result['seconds']:8.2f} s  {result['peak_mib']:7.0f} MiB peak  ({result['note']})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="claims in the large dataset (default 1e6)")
    parser.add_argument("--frictionless-rows", type=int, default=100_000,
                        help="claims for the Frictionless comparison (default 100,000; it is slow)")
    parser.add_argument("--claims-per-source", type=int, default=10)
    parser.add_argument("--measure", nargs=2, metavar=("NAME", "DATA_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(MEASUREMENTS[args.measure[0]](Path(args.measure[1])))
        return

    print(f"machine: {machine()}")
    imports = {name: min((run_measurement(name, Path(".")) for _ in range(5)), key=lambda r: r.get("seconds", 1e9))
               for name in ("import_pandas", "import_armsdata")}
    for name, result in imports.items():
        print(f"{name.replace('_', ' ') + ' (best of 5)':36} {fmt(result)}", flush=True)
    with tempfile.TemporaryDirectory(prefix="armsdata-bench-") as tmp:
        big = Path(tmp) / "big" / "data"
        start = time.perf_counter()
        generate(big, args.rows, args.claims_per_source)
        size = sum(f.stat().st_size for f in big.glob("*.csv")) / 2**20
        print(f"generated {args.rows:,} claims, {-(-args.rows // args.claims_per_source):,} sources and archived "
              f"texts ({size:.0f} MiB of CSV) in {time.perf_counter() - start:.0f} s\n")
        results = {}
        for name in ("pandas", "validate", "analysis", "report"):
            results[name] = run_measurement(name, big)
            print(f"{name + ' (' + format(args.rows, ',') + ' rows)':36} {fmt(results[name])}", flush=True)

        small_rows = min(args.rows, args.frictionless_rows)
        small = big
        if small_rows < args.rows:
            small = Path(tmp) / "small" / "data"
            generate(small, small_rows, args.claims_per_source)
        write_descriptor(small.parent)
        for name in ("frictionless", "validate"):
            results[f"{name}_small"] = run_measurement(name, small)
            print(f"{name + ' (' + format(small_rows, ',') + ' rows)':36} {fmt(results[f'{name}_small'])}",
                  flush=True)

    print()
    if all("seconds" in r for r in imports.values()):
        ratio = imports["import_armsdata"]["seconds"] / imports["import_pandas"]["seconds"]
        print(f"import armsdata / import pandas: {ratio:.2f}x (target: about 1x)")
    if "seconds" in results["validate"]:
        ratio = results["validate"]["seconds"] / results["pandas"]["seconds"]
        print(f"armsdata.validate / pandas.read_csv at {args.rows:,} rows: {ratio:.1f}x (target <= 3x); "
              f"peak {results['validate']['peak_mib'] / 1024:.2f} GiB (target <= 2 GB)")
    if "seconds" in results["frictionless_small"] and "seconds" in results["validate_small"]:
        ratio = results["frictionless_small"]["seconds"] / results["validate_small"]["seconds"]
        print(f"frictionless / armsdata.validate on the same {small_rows:,} rows (measured): {ratio:.1f}x "
              "(target >= 10x)")
        if small_rows < args.rows:
            guess = results["frictionless_small"]["seconds"] * args.rows / small_rows
            print(f"EXTRAPOLATED, not measured: frictionless at {args.rows:,} rows ~ {guess:.0f} s "
                  f"(linear in rows) vs armsdata.validate measured {results['validate']['seconds']:.1f} s: "
                  f"~{guess / results['validate']['seconds']:.0f}x")


if __name__ == "__main__":
    main()

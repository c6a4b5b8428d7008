"""The benchmarks measure what they say: their data sets are what they claim to be, and their runs are paired."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from armsdata import schema, validate
from armsdata.io import read_table
from conftest import REPO


def load(name: str):
    sys.path.insert(0, str(REPO / "benchmarks"))  # the scripts import each other
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_synthetic_data_is_valid_and_has_the_asked_rows(tmp_path: Path):
    bench = load("bench_validate")
    data = tmp_path / "data"
    bench.generate(data, rows=95, claims_per_source=10)
    assert validate(data) == []
    transfers = rows(data / schema.TRANSFERS.filename)
    assert len(transfers) == 95 and len(list((data / "archive").glob("*.txt"))) == 10
    # today's columns are used: catalogued systems, and a quantity or a value here and there
    assert any(r["system_id"] for r in transfers) and any(r["quantity"] for r in transfers)


def test_real_shaped_data_is_the_real_rows_and_archives_under_new_names(tmp_path: Path):
    datasets = load("datasets")
    real = rows(REPO / "data" / "transfers.csv")
    made = datasets.make("real", tmp_path / "data", len(real) + 1)  # rounded up to whole copies: two
    assert made["claims"] == 2 * len(real) and validate(tmp_path / "data") == []
    copied = rows(tmp_path / "data" / "transfers.csv")
    first, second = copied[:len(real)], copied[len(real):]
    assert [r["quote"] for r in second] == [r["quote"] for r in real]  # the same text, word for word
    assert second[0]["claim_id"] == "c00001." + real[0]["claim_id"] and first[0]["claim_id"] != second[0]["claim_id"]
    assert second[0]["deal_id"] == "c00001-" + real[0]["deal_id"]
    source = rows(tmp_path / "data" / "sources.csv")[-1]
    original = next(r for r in rows(REPO / "data" / "sources.csv") if "c00001." + r["source_id"] == source["source_id"])
    assert (tmp_path / "data" / source["archive"]).read_bytes() == (REPO / "data" / original["archive"]).read_bytes()
    assert made["ascii_quotes"] == sum(r["quote"].isascii() for r in real) / len(real)


def test_error_heavy_data_has_a_tenth_of_bad_rows_of_each_kind(tmp_path: Path):
    datasets = load("datasets")
    made = datasets.make("errors", tmp_path / "data", 400)
    assert made["bad"] == {"vocabulary": 10, "actor": 10, "quote": 10, "duplicate_id": 10}
    problems = validate(tmp_path / "data")
    messages = [p.message for p in problems]
    assert sum(m.startswith("duplicate id") for m in messages) == 20  # each of the 10 ids on both its lines
    assert sum(m.startswith("unknown actor") for m in messages) == 10
    assert sum(m.startswith("not found verbatim") for m in messages) == 10
    assert sum(m.startswith("unknown value") for m in messages) == 10


def test_duplicate_id_data_gives_each_id_twice(tmp_path: Path):
    datasets = load("datasets")
    assert datasets.make("duplicates", tmp_path / "data", 200)["bad"] == {"duplicate_id": 20}
    problems = validate(tmp_path / "data")
    assert len(problems) == 40 and {p.column for p in problems} == {"claim_id"}


def test_repeated_data_is_the_real_rows_entered_again_unchanged(tmp_path: Path):
    datasets = load("datasets")
    real = rows(REPO / "data" / "transfers.csv")
    made = datasets.make("repeated", tmp_path / "data", 2 * len(real) + 1)  # rounded up to whole copies: three
    assert made["claims"] == 3 * len(real) and made["bad"] == {"repeated": 2 * len(real)}
    assert rows(tmp_path / "data" / "transfers.csv") == real * 3
    assert rows(tmp_path / "data" / "sources.csv") == rows(REPO / "data" / "sources.csv")
    problems = validate(tmp_path / "data")
    # each row: its id used three times, and the same record as two others; nothing else (the quotes are found)
    assert len(problems) == 2 * made["claims"] and {p.column for p in problems} == {"claim_id", "(row)"}
    lines = read_table(tmp_path / "data" / "transfers.csv").index.tolist()
    first = next(p for p in problems if p.column == "claim_id")
    assert first.line == lines[0]
    assert first.message == f"duplicate id; also on lines {lines[len(real)]} and {lines[2 * len(real)]}"


def test_wrong_data_has_every_row_wrong_in_every_way_it_says(tmp_path: Path):
    datasets = load("datasets")
    made = datasets.make("wrong", tmp_path / "data", 10)  # one copy of the real rows
    lines = read_table(tmp_path / "data" / "transfers.csv").index.tolist()
    assert made["bad"] == {"every row": len(lines)}
    problems = validate(tmp_path / "data")
    for column in ("supplier", "status", "event_date", "quote", "quantity"):
        assert sorted({p.line for p in problems if p.column == column}) == lines, column


def test_a_measurement_runs_in_its_own_process_and_reports_time_and_memory(tmp_path: Path):
    bench = load("bench_validate")
    bench.generate(tmp_path / "data", rows=20)
    measured = bench.paired("validate", "read_csv", (tmp_path / "data",), pairs=2)
    first, second = measured["runs"]["validate"], measured["runs"]["read_csv"]
    assert len(first) == len(second) == 2
    assert first[0]["note"] == "0 problems" and second[0]["note"].endswith(" rows")
    assert all(r["wall"] > 0 and r["cpu"] > 0 and r["peak_mib"] > 0 and r["process_wall"] > r["wall"]
               for r in first + second)
    assert "skipped" in bench.paired("validate", "read_csv", (tmp_path / "nowhere",), pairs=1)
    from armsdata.report import TABLES

    [analysis] = bench.paired("analysis", "read_csv", (tmp_path / "data",), pairs=1)["runs"]["analysis"]
    assert analysis["note"] == f"{len(TABLES)} tables from 20 claims"


def test_the_summary_takes_minimum_median_and_the_median_of_the_ratios_of_pairs():
    bench = load("bench_validate")

    def run(wall, cpu):
        return {"wall": wall, "cpu": cpu, "peak_mib": 100.0, "process_wall": wall + 1, "note": ""}

    # pairs: 3/1, 4/2, 9/3 -> ratios 3, 2, 3 (median 3); medians alone would give 4/2 = 2
    measured = {"step": "validate", "baseline": "b", "runs": {"validate": [run(3, 3), run(4, 4), run(9, 9)],
                                                              "b": [run(1, 1), run(2, 2), run(3, 3)]}}
    s = bench.summary(measured)
    assert (s["wall_min"], s["wall_median"], s["baseline_wall_median"], s["ratio_wall"], s["pairs"]) == (3, 4, 2, 3, 3)
    results = [{**s, "dataset": "synthetic", "size": 10}, {**s, "dataset": "synthetic", "size": 100,
                                                             "cpu_median": 40.0}]
    [line] = bench.growth(results)
    assert "10:    4.00 s (3.00x)" in line and "100:   40.00 s (3.00x)" in line and "x1.00" in line


@pytest.mark.slow
def test_the_quick_run_measures_every_step(tmp_path: Path, capsys):
    bench = load("bench_validate")
    assert bench.main(["--quick", "--json", str(tmp_path / "results.json")]) == 0
    results = json.loads((tmp_path / "results.json").read_text())["results"]
    steps = {(r.get("dataset"), r["step"]) for r in results}
    # compare and the SIPRI import need SIPRI's export in ../shared/sipri; without it they cannot run
    exported = bench.SIPRI_EXPORT.is_file()
    wanted = {("synthetic", s) for s in bench.DATASET_STEPS if exported or s != "compare"}
    assert wanted <= steps and ("duplicates", "validate") in steps
    assert {(None, "import_armsdata"), *([(None, "sipri")] if exported else [])} <= steps
    assert exported or not {("synthetic", "compare"), (None, "sipri")} & steps
    assert all("ratio_cpu" in r for r in results), [r for r in results if "ratio_cpu" not in r]
    assert "per-claim cost x" not in capsys.readouterr().out  # one size: no growth to show


def test_sipri_benchmark_pairs_the_import_with_a_bare_read_csv():
    bench = load("bench_sipri")
    result = bench.measure(REPO / "tests" / "fixtures" / "sipri" / "register.csv", repeat=3)
    assert (result["deals"], result["records"], result["rows_read_csv"]) == (26, 26, 26)
    assert [len(runs) for runs in result["runs"].values()] == [3, 3]
    assert all(wall > 0 and cpu >= 0 for runs in result["runs"].values() for wall, cpu in runs)
    assert "read_sipri / read_csv: wall " in bench.report(result)


def test_compare_benchmark_pairs_compare_deals_with_a_bare_read_csv():
    bench = load("bench_compare")
    [result] = bench.measure(REPO / "tests" / "fixtures" / "sipri" / "register.csv", [40], claims=20, repeat=2)
    assert (result["deals"], result["register"], result["claims"]) == (40, 26, 20)
    assert sum(result["verdicts"].values()) >= 40  # one row per press deal, and the register-only rows
    assert [len(runs) for runs in result["runs"].values()] == [2, 2]
    assert "compare_deals / read_csv: wall " in bench.report(result)


def test_the_draft_benchmark_counts_a_claim_proposed_when_a_candidate_of_its_pair_covers_its_quote():
    bench = load("bench_draft")
    # a quote joined by [...] is covered by a candidate covering one of its passages; curly quotes fold
    assert bench.covers("It said: “France sold 50 tanks to Armenia.” Then more.", '"France sold 50 tanks to Armenia."')
    assert bench.covers("The remaining 26 were delivered.",
                        "France delivered 24 tanks. [...] The remaining 26 were delivered.")
    assert not bench.covers("France sold 50 tanks", "France sold 50 tanks to Armenia.")
    claims = pd.DataFrame([
        {"supplier": "France", "recipient": "Armenia", "status": "agreed", "quantity": "50",
         "quote": "France sold 50 tanks."},
        {"supplier": "India", "recipient": "Armenia", "status": "delivered", "quantity": "",
         "quote": "India armed it."}])
    candidates = pd.DataFrame([
        {"supplier": "France", "recipient": "Armenia", "status": "intent", "quantity": "50",
         "quote": "Yes. France sold 50 tanks."},  # proposed, wrong status, right quantity
        {"supplier": "Armenia", "recipient": "France", "status": "agreed", "quantity": "50",
         "quote": "France sold 50 tanks."},  # the pair the wrong way round: not a curated claim
        {"supplier": "India", "recipient": "Armenia", "status": "delivered", "quantity": "",
         "quote": "India armed"}])  # does not cover the curated quote
    assert bench.match(candidates, claims) == {"claims": 2, "proposed": 1, "right_status": 0, "right_quantity": 1,
                                               "candidates": 3, "extra": 2}


def test_vintages_benchmark_pairs_the_diff_with_reading_both_and_scales_faithfully():
    from armsdata import diff_registers, read_sipri

    bench = load("bench_vintages")
    fixtures = REPO / "tests" / "fixtures" / "vintages"
    # (the per-year fixture, whose actors are spelled alike in both: a copy's 'Turkey #2' has no ISO code)
    old, new = read_sipri(fixtures / "old_transfers.csv"), read_sipri(fixtures / "new_register.csv")
    [once, twice] = bench.measure("fixtures", lambda: (read_sipri(fixtures / "old_transfers.csv"),
                                                       read_sipri(fixtures / "new_register.csv")),
                                  old, new, repeat=2, scales=[1, 2])
    assert [len(runs) for runs in once["runs"].values()] == [2, 2]
    assert twice["deals"] == (20, 28) and twice["rows"] == 2 * once["rows"] > 0
    assert twice["counts"] == {kind: 2 * n for kind, n in once["counts"].items()}  # each copy is its own set of keys
    assert "diff / read both: wall " in bench.report(once)
    # the revised copy holds each kind of change the benchmark says it makes
    copy = bench.revised(pd.concat([new] * 20, ignore_index=True))
    kinds = set(diff_registers(pd.concat([new] * 20, ignore_index=True), copy)["change"])
    assert kinds == {"added", "removed", "renamed", "revised", "reworded"}

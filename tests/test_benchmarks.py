"""The benchmark's synthetic data follows the schema, so what it times is a real validation."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from armsdata import schema, validate
from conftest import REPO


def load_benchmark():
    spec = importlib.util.spec_from_file_location("bench_validate", REPO / "benchmarks" / "bench_validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_data_is_valid_and_has_the_asked_rows(tmp_path: Path):
    bench = load_benchmark()
    data = tmp_path / "data"
    bench.generate(data, rows=95, claims_per_source=10)
    assert validate(data) == []
    transfers = (data / schema.TRANSFERS.filename).read_text(encoding="utf-8")
    assert transfers.count("\ns0000") == 95  # one claim per record start (claim ids begin with the source id)
    assert len(list((data / "archive").glob("*.txt"))) == 10


def test_measurements_report_time_and_memory(tmp_path: Path):
    bench = load_benchmark()
    bench.generate(tmp_path / "data", rows=20)
    result = bench.run_measurement("validate", tmp_path / "data")
    assert result["note"] == "valid" and result["seconds"] > 0 and result["peak_mib"] > 0
    result = bench.run_measurement("analysis", tmp_path / "data")
    from armsdata.report import TABLES

    assert result.get("note", result).startswith(f"{len(TABLES)} tables from 20 claims")


def test_sipri_benchmark_pairs_the_import_with_a_bare_read_csv():
    spec = importlib.util.spec_from_file_location("bench_sipri", REPO / "benchmarks" / "bench_sipri.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.measure(REPO / "tests" / "fixtures" / "sipri" / "register.csv", repeat=3)
    assert (result["deals"], result["records"], result["rows_read_csv"]) == (26, 26, 26)
    assert [len(runs) for runs in result["runs"].values()] == [3, 3]
    assert all(wall > 0 and cpu >= 0 for runs in result["runs"].values() for wall, cpu in runs)
    assert "read_sipri / read_csv: wall " in bench.report(result)


def test_compare_benchmark_pairs_compare_deals_with_a_bare_read_csv():
    spec = importlib.util.spec_from_file_location("bench_compare", REPO / "benchmarks" / "bench_compare.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    [result] = bench.measure(REPO / "tests" / "fixtures" / "sipri" / "register.csv", [40], claims=20, repeat=2)
    assert (result["deals"], result["register"], result["claims"]) == (40, 26, 20)
    assert sum(result["verdicts"].values()) >= 40  # one row per press deal, and the register-only rows
    assert [len(runs) for runs in result["runs"].values()] == [2, 2]
    assert "compare_deals / read_csv: wall " in bench.report(result)

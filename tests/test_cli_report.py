"""`armsdata report` and `armsdata discrepancies`: output, exit codes, --check."""

from __future__ import annotations

import csv
import io
import json

import matplotlib
import pytest

matplotlib.use("Agg")

from armsdata.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main  # noqa: E402
from conftest import make_data_dir  # noqa: E402

COLUMNS = ["deal_id", "supplier", "recipient", "system", "field", "values", "claim_ids", "source_ids", "kind"]


def test_discrepancies_csv_lists_the_deals_whose_sources_disagree(data_dir, capsys):
    assert main(["discrepancies", "--format", "csv", "--data", str(data_dir)]) == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert set(COLUMNS) <= set(rows[0])
    quantity = next(r for r in rows if r["field"] == "quantity")
    # The fixture's Bastion deal: 50 agreed (sa-02, source sa) vs 24 delivered (sb-01, source sb).
    assert (quantity["deal_id"], quantity["values"], quantity["claim_ids"], quantity["source_ids"]) == (
        "fra-arm-bastion", "50 | 24", "sa-02 | sb-01", "sa | sb")
    assert quantity["kind"] == "stage difference"


def test_discrepancies_json_and_table(data_dir, capsys):
    assert main(["discrepancies", "--format", "json", "--data", str(data_dir)]) == EXIT_OK
    records = json.loads(capsys.readouterr().out)
    quantity = next(r for r in records if r["field"] == "quantity")
    assert quantity["values"] == ["50", "24"] and quantity["claim_ids"] == [["sa-02"], ["sb-01"]]
    assert main(["discrepancies", "--data", str(data_dir)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("deal_id") and "fra-arm-bastion" in out and "stage difference" in out


def test_discrepancies_kind_filter(data_dir, capsys):
    assert main(["discrepancies", "--format", "json", "--kind", "conflict", "--data", str(data_dir)]) == EXIT_OK
    assert json.loads(capsys.readouterr().out) == []


def test_discrepancies_on_bad_input(tmp_path, capsys):
    assert main(["discrepancies", "--data", str(tmp_path / "nowhere")]) == EXIT_USAGE
    data = make_data_dir(tmp_path)
    path = data / "transfers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"intent"', '"shipd"'), encoding="utf-8")
    assert main(["discrepancies", "--data", str(data)]) == EXIT_INVALID
    assert "transfers.csv:2: status: unknown value" in capsys.readouterr().out


def test_report_then_check(data_dir, tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["report", "--data", str(data_dir), "--out", str(out), "--check"]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert f"{out / 'README.md'}: missing" in captured.out
    assert not out.exists()  # --check writes nothing

    assert main(["report", "--data", str(data_dir), "--out", str(out)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "report: drawing figures/timeline.svg" in captured.err  # progress, on stderr
    assert captured.out == ""
    assert (out / "README.md").is_file() and (out / "figures" / "who_arms_whom.png").is_file()

    assert main(["report", "--data", str(data_dir), "--out", str(out), "--check"]) == EXIT_OK
    capsys.readouterr()
    (out / "figures" / "timeline.svg").write_text("<svg/>", encoding="utf-8")
    (out / "tables" / "extra.csv").write_text("a\n", encoding="utf-8")
    assert main(["report", "--data", str(data_dir), "--out", str(out), "--check"]) == EXIT_INVALID
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{out / 'figures' / 'timeline.svg'}: stale", f"{out / 'tables' / 'extra.csv'}: extra"]


def test_report_on_invalid_data_leaves_previous_reports_intact(data_dir, tmp_path, capsys):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "README.md").write_text("previous report\n", encoding="utf-8")
    path = data_dir / "transfers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"intent"', '"shipd"'), encoding="utf-8")
    assert main(["report", "--data", str(data_dir), "--out", str(out)]) == EXIT_INVALID
    assert "status: unknown value" in capsys.readouterr().out
    assert (out / "README.md").read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]


@pytest.mark.parametrize("command", ["report", "discrepancies"])
def test_help_mentions_the_options(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    assert "--data" in text
    assert ("--check" in text) if command == "report" else ("--format" in text)

"""`armsdata report` and `armsdata discrepancies`: output, exit codes, --check."""

from __future__ import annotations

import csv
import io
import json
import os

import matplotlib
import pytest

matplotlib.use("Agg")

from armsdata.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main  # noqa: E402
from armsdata.outdir import MANIFEST  # noqa: E402
from conftest import make_data_dir  # noqa: E402

COLUMNS = ["deal_id", "supplier", "recipient", "system", "field", "kind", "note", "value", "claim_id", "source_id",
           "status"]


def test_discrepancies_csv_lists_the_deals_whose_sources_disagree(data_dir, capsys):
    assert main(["discrepancies", "--format", "csv", "--data", str(data_dir)]) == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == COLUMNS
    quantity = [r for r in rows if r["field"] == "quantity"]
    # The fixture's Bastion deal: 50 agreed (sa-02, source sa) vs 24 delivered (sb-01, source sb), one row each.
    assert [(r["deal_id"], r["value"], r["claim_id"], r["source_id"], r["status"]) for r in quantity] == [
        ("fra-arm-bastion", "50", "sa-02", "sa", "agreed"), ("fra-arm-bastion", "24", "sb-01", "sb", "delivered")]
    assert {r["kind"] for r in quantity} == {"stage difference"}
    assert {r["system"] for r in rows} == {"Bastion"}  # the deal's designation, from systems.csv


def test_discrepancies_json_and_table(data_dir, capsys):
    assert main(["discrepancies", "--format", "json", "--data", str(data_dir)]) == EXIT_OK
    records = json.loads(capsys.readouterr().out)
    quantity = [r for r in records if r["field"] == "quantity"]
    assert [(r["value"], r["claim_id"]) for r in quantity] == [("50", "sa-02"), ("24", "sb-01")]
    assert main(["discrepancies", "--data", str(data_dir)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["deal_id", "field", "kind", "value", "stage", "claims"]
    # one line per value; the deal, field and kind on the first line of each (deal, field)
    first = next(i for i, line in enumerate(lines) if line.split()[:2] == ["fra-arm-bastion", "quantity"])
    assert [line.split() for line in lines[first:first + 2]] == [
        ["fra-arm-bastion", "quantity", "stage", "difference", "50", "agreed", "sa-02"], ["24", "delivered", "sb-01"]]


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


def test_report_then_check(data_dir, tmp_path, capsys, fake_report):
    out = tmp_path / "reports"
    assert main(["report", "--data", str(data_dir), "--out", str(out), "--check"]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert f"{out / 'README.md'}: missing" in captured.out and f"{out / MANIFEST}: missing" in captured.out
    assert not out.exists()  # --check writes nothing

    assert main(["report", "--data", str(data_dir), "--out", str(out)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "report: drawing figures/timeline.svg" in captured.err  # progress, on stderr
    assert captured.out == ""
    assert (out / "README.md").is_file() and (out / "figures" / "timeline.svg").is_file()

    assert main(["report", "--data", str(data_dir), "--out", str(out), "--check"]) == EXIT_OK
    capsys.readouterr()
    (out / "figures" / "timeline.svg").write_text("<svg/>", encoding="utf-8")
    with (out / MANIFEST).open("a", encoding="utf-8") as manifest:
        manifest.write("tables/extra.csv\n")  # as if an earlier report had written it
    (out / "tables" / "extra.csv").write_text("a\n", encoding="utf-8")
    assert main(["report", "--data", str(data_dir), "--out", str(out), "--check"]) == EXIT_INVALID
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{out / MANIFEST}: stale", f"{out / 'figures' / 'timeline.svg'}: stale",
                     f"{out / 'tables' / 'extra.csv'}: extra"]
    assert main(["report", "--data", str(data_dir), "--out", str(out)]) == EXIT_OK
    assert (f"report: 1 of {len(fake_report)} file(s) changed in {out}; 1 file(s) it wrote before and no "
            f"longer makes removed") in capsys.readouterr().err.splitlines()
    assert not (out / "tables" / "extra.csv").exists()


def test_report_on_invalid_data_leaves_previous_reports_intact(data_dir, tmp_path, capsys, fake_report):
    out = tmp_path / "reports"
    assert main(["report", "--data", str(data_dir), "--out", str(out)]) == EXIT_OK
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = data_dir / "transfers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"intent"', '"shipd"'), encoding="utf-8")
    assert main(["report", "--data", str(data_dir), "--out", str(out)]) == EXIT_INVALID
    assert "status: unknown value" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_report_into_someone_elses_directory_is_refused_and_loses_nothing(data_dir, tmp_path, capsys):
    project = tmp_path / "project"  # as `armsdata report --out .` at the root of a repository
    (project / "figures").mkdir(parents=True)
    files = {"README.md": b"# My project\n", "figures/logo.svg": b"<svg/>", "notes.txt": b"mine"}
    for path, content in files.items():
        (project / path).write_bytes(content)
    refusal = (f"armsdata: error: {project / 'README.md'}: exists and was not written by armsdata, which would "
               "overwrite it; move it away or choose another output directory\n")
    for force in ([], ["--force"]):
        assert main(["report", "--data", str(data_dir), "--out", str(project), *force]) == EXIT_INVALID
        assert capsys.readouterr().err == refusal  # one line, before building anything
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == sorted(files)
    assert all((project / path).read_bytes() == content for path, content in files.items())


def test_report_beside_other_files_with_force(data_dir, tmp_path, capsys, fake_report):
    out = tmp_path / "shared"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["report", "--data", str(data_dir), "--out", str(out), "--force"]) == EXIT_OK
    assert (out / "README.md").is_file() and (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert "notes.txt" not in (out / MANIFEST).read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["report"], ["report", "--check"], ["export", "--format", "json"]])
def test_out_naming_a_file_or_a_path_through_one_is_a_usage_error(data_dir, tmp_path, capsys, command):
    target = tmp_path / "taken.txt"
    target.write_text("keep\n", encoding="utf-8")
    for out, message in [(target, "exists and is not a directory"),
                         (target / "reports", f"cannot be created, {target} is not a directory")]:
        assert main([*command, "--data", str(data_dir), "--out", str(out)]) == EXIT_USAGE
        err = capsys.readouterr().err
        assert err == f"armsdata: error: {out}: {message}" + ("; name a directory for the output" if out == target
                                                                else "") + "\n"
    assert target.read_text(encoding="utf-8") == "keep\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_out_in_an_unwritable_directory_is_a_usage_error(data_dir, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert main(["report", "--data", str(data_dir), "--out", str(locked / "reports")]) == EXIT_USAGE
    finally:
        locked.chmod(0o755)
    assert capsys.readouterr().err == (f"armsdata: error: {locked / 'reports'}: not writable "
                                       f"(no permission to write in {locked})\n")


@pytest.mark.parametrize("command", ["report", "discrepancies"])
def test_help_mentions_the_options(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    assert "--data" in text
    assert ("--check" in text) if command == "report" else ("--format" in text)

"""How well does ``armsdata draft`` propose the curated claims, and how fast?

    uv run python benchmarks/bench_draft.py                  # the seeds (data/) and the test articles
    uv run python benchmarks/bench_draft.py --json out.json  # the same, also as JSON

For each archived text of ``data/`` it drafts the candidates (``armsdata.draft.draft_claims``) and
holds them against the curated claims of that source (``data/transfers.csv`` as it is when it runs):

* a curated claim is **proposed** when a candidate has its supplier and recipient and a quote that
  covers the curated quote (contains it, after folding quotes, dashes and white space as the validator
  does); a curated quote of passages joined by ``[...]`` is covered when one of its passages is
  (a draft quote is one stretch of text; the curator joins passages by hand);
* of those, how many have a candidate with the same status, and with the same quantity (both empty
  counts as the same);
* a candidate **is a curated claim** when it proposes one, else it is extra; recall = proposed /
  claims, precision = candidates that are curated claims / candidates;
* every candidate is written into a copy of the data directory and checked by ``armsdata validate``:
  its quote must be found verbatim and its numbers stated (the table counts the problems of each).

The same is done for the short articles of ``tests/fixtures/draft/`` (other actors, other wording),
against the claims curated by hand in ``tests/fixtures/draft/claims.csv``. Time: drafting each text
(the word lists loaded once), median of 5, beside ``pandas.read_csv`` of ``transfers.csv`` in the same run;
and the longest text repeated 1, 4 and 16 times, and a text as long without a full stop, to show the
time grows in proportion to the length.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from armsdata import schema  # noqa: E402
from armsdata.draft import draft_claims  # noqa: E402
from armsdata.io import csv_text, read_table  # noqa: E402
from armsdata.validation import validate  # noqa: E402
from armsdata.validation.quotes import normalise_text  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "draft"


def covers(candidate_quote: str, curated_quote: str) -> bool:
    """Whether a candidate's quote covers a curated one (one of its passages, for a quote joined by [...])."""
    have = normalise_text(candidate_quote)
    passages = [normalise_text(p) for p in curated_quote.split(schema.QUOTE_GAP.strip())]
    return any(p and p in have for p in passages)


def match(candidates: pd.DataFrame, claims: pd.DataFrame) -> dict[str, int]:
    """The counts of one source: claims, proposed, right status, right quantity, candidates, extra."""
    cands = candidates.fillna("").to_dict("records")
    proposed = status = quantity = 0
    used: set[int] = set()
    for claim in claims.fillna("").to_dict("records"):
        hits = [i for i, c in enumerate(cands) if c["supplier"] == claim["supplier"]
                and c["recipient"] == claim["recipient"] and covers(c["quote"], claim["quote"])]
        if hits:
            proposed += 1
            used.update(hits)
            status += any(cands[i]["status"] == claim["status"] for i in hits)
            quantity += any(cands[i]["quantity"] == claim["quantity"] for i in hits)
    return {"claims": len(claims), "proposed": proposed, "right_status": status, "right_quantity": quantity,
            "candidates": len(cands), "extra": len(cands) - len(used)}


def validation_problems(data_dir: Path, drafts: pd.DataFrame, sources: pd.DataFrame | None = None,
                        archives: dict[str, str] | None = None) -> dict[str, int]:
    """Problems ``armsdata validate`` finds in the drafts, by column, once written into a copy of ``data_dir``
    (after the curated claims; with ``sources`` and ``archives`` added for texts that are not sources yet)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(shutil.copytree(data_dir, Path(tmp) / "data"))
        curated = read_table(copy / schema.TRANSFERS.filename)
        first_draft_line = len(curated) + 2
        all_rows = pd.concat([curated.reset_index(drop=True), drafts.reset_index(drop=True)], ignore_index=True)
        (copy / schema.TRANSFERS.filename).write_text(csv_text(all_rows), encoding="utf-8")
        if sources is not None:
            known = read_table(copy / schema.SOURCES.filename)
            (copy / schema.SOURCES.filename).write_text(
                csv_text(pd.concat([known.reset_index(drop=True), sources], ignore_index=True)), encoding="utf-8")
        for source_id, text in (archives or {}).items():
            (copy / "archive" / f"{source_id}.txt").write_text(text, encoding="utf-8")
        counts: dict[str, int] = {}
        for problem in validate(copy):
            if problem.path.endswith(schema.TRANSFERS.filename) and problem.line >= first_draft_line:
                key = "duplicate" if "same as" in problem.message or "duplicate" in problem.message else problem.column
                counts[key] = counts.get(key, 0) + 1
        return counts


def seeds(data_dir: Path) -> tuple[list[dict], pd.DataFrame, dict[str, str]]:
    """Per source of ``data_dir``: its counts; all the drafts; each archived text."""
    sources = read_table(data_dir / schema.SOURCES.filename).fillna("")
    claims = read_table(data_dir / schema.TRANSFERS.filename)
    rows, drafts, texts = [], [], {}
    for source_id, archive in zip(sources["source_id"], sources["archive"]):
        text = (data_dir / archive).read_text(encoding="utf-8")
        texts[source_id] = text
        found = draft_claims(text, source_id=source_id, data_dir=data_dir)
        drafts.append(found)
        rows.append({"source": source_id, **match(found, claims[claims["source_id"] == source_id])})
    return rows, pd.concat(drafts, ignore_index=True), texts


def articles(data_dir: Path, fixtures: Path = FIXTURES) -> tuple[list[dict], pd.DataFrame, dict[str, str]]:
    """The same for the test articles, against their hand-curated claims."""
    claims = pd.read_csv(fixtures / "claims.csv", dtype=str, keep_default_na=False)
    rows, drafts, texts = [], [], {}
    for path in sorted(fixtures.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts[path.stem] = text
        found = draft_claims(text, source_id=path.stem, data_dir=data_dir)
        drafts.append(found)
        rows.append({"source": path.stem, **match(found, claims[claims["source_id"] == path.stem])})
    return rows, pd.concat(drafts, ignore_index=True), texts


def timings(data_dir: Path, texts: dict[str, str], repeat: int = 5) -> dict[str, float]:
    """Median seconds to draft each text (word lists already loaded), and of read_csv of transfers.csv."""
    draft_claims("", data_dir=data_dir)  # load the word lists once
    per_text = {}
    for source_id, text in texts.items():
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            draft_claims(text, source_id=source_id, data_dir=data_dir)
            runs.append(time.perf_counter() - start)
        per_text[source_id] = statistics.median(runs)
    reference = []
    for _ in range(repeat):
        start = time.perf_counter()
        pd.read_csv(data_dir / schema.TRANSFERS.filename, dtype=str, keep_default_na=False)
        reference.append(time.perf_counter() - start)
    return {"per_text": per_text, "read_csv": statistics.median(reference)}


def scaling(data_dir: Path, text: str, times: tuple[int, ...] = (1, 4, 16)) -> list[dict]:
    """Seconds to draft ``text`` repeated 1, 4 and 16 times, and a text of the same lengths with no full stop
    (one run each, the word lists loaded): the time per character should not grow with the length."""
    draft_claims("", data_dir=data_dir)
    run_on = " France delivered tanks to Armenia and India sold rifles to Greece"
    found = []
    for kind, unit in (("archived text", text), ("no full stop", run_on * (len(text) // len(run_on) + 1))):
        for k in times:
            start = time.perf_counter()
            draft_claims(unit * k, data_dir=data_dir)
            seconds = time.perf_counter() - start
            found.append({"text": kind, "characters": len(unit) * k, "seconds": seconds,
                          "microseconds_per_character": seconds / (len(unit) * k) * 1e6})
    return found


def totals(rows: list[dict]) -> dict:
    keys = ("claims", "proposed", "right_status", "right_quantity", "candidates", "extra")
    return {"source": "all", **{k: sum(r[k] for r in rows) for k in keys}}


def markdown(rows: list[dict], sizes: dict[str, int] | None = None) -> str:
    lines = ["| source | claims | proposed | right status | right quantity | candidates | not curated | recall | "
             "precision |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in [*rows, totals(rows)]:
        recall = f"{r['proposed'] / r['claims']:.0%}" if r["claims"] else "–"
        precision = f"{(r['candidates'] - r['extra']) / r['candidates']:.0%}" if r["candidates"] else "–"
        name = f"**{r['source']}**" if r["source"] == "all" else r["source"]
        lines.append(f"| {name} | {r['claims']} | {r['proposed']} | {r['right_status']} | {r['right_quantity']} | "
                     f"{r['candidates']} | {r['extra']} | {recall} | {precision} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(REPO / "data"), help="the data directory (default: data/)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args(argv)
    data_dir = Path(args.data)
    seed_rows, seed_drafts, seed_texts = seeds(data_dir)
    own_rows, own_drafts, own_texts = articles(data_dir)
    own_sources = pd.DataFrame([{**{c: "" for c in schema.SOURCES.columns}, "source_id": s, "source_type": "other",
                                 "language": "en", "archive": f"archive/{s}.txt"} for s in own_texts])
    results = {
        "seeds": seed_rows, "articles": own_rows,
        "validate_seeds": validation_problems(data_dir, seed_drafts),
        "validate_articles": validation_problems(data_dir, own_drafts, own_sources, own_texts),
        "time_seeds": timings(data_dir, seed_texts), "time_articles": timings(data_dir, own_texts),
    }
    longest = max(seed_texts, key=lambda k: len(seed_texts[k]))
    results["scaling"] = scaling(data_dir, seed_texts[longest])
    print("Seeds (data/):\n" + markdown(seed_rows))
    print("\nTest articles (tests/fixtures/draft/):\n" + markdown(own_rows))
    print(f"\nvalidate, problems in the drafts by column: seeds {results['validate_seeds']}, "
          f"articles {results['validate_articles']}")
    for name in ("time_seeds", "time_articles"):
        per_text = results[name]["per_text"]
        slowest = max(per_text, key=per_text.get)
        size = len({**seed_texts, **own_texts}[slowest])
        print(f"{name}: median {statistics.median(per_text.values()) * 1000:.1f} ms per text, slowest "
              f"{slowest} {per_text[slowest] * 1000:.1f} ms ({size} characters); read_csv of transfers.csv "
              f"{results[name]['read_csv'] * 1000:.1f} ms")
    for row in results["scaling"]:
        print(f"scaling: {row['text']}, {row['characters']:,} characters: {row['seconds']:.2f} s "
              f"({row['microseconds_per_character']:.1f} µs per character)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

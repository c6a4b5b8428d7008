"""How long does the validator's number rule take on many rows?

    uv run python benchmarks/bench_numbers.py            # 100,000 rows, best of 3

Times ``armsdata.validation.quoted_numbers.quoted_number_problems`` (every ``quantity`` and
``value`` checked against its quote) on synthetic claims made by ``bench_validate.claim`` (11% of rows with a quantity, 3% with a
value, as in the validation benchmark); on a harder mix where every row has a quantity, a value,
or both, and every quote also names a year and an amount beside the count; and on a mix whose
numbers no fast path finds (counts in words, "half a billion dollars"), so every quote is read whole.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import NOUNS, QUALIFIER_WORDS, claim  # noqa: E402

from armsdata import schema  # noqa: E402
from armsdata.validation.quoted_numbers import quoted_number_problems  # noqa: E402


def as_validated(rows: list[dict[str, str]]) -> pd.DataFrame:
    """The rows as the validator holds them: text cells, indexed by line number."""
    frame = pd.DataFrame(rows, columns=schema.TRANSFERS.columns, dtype=str)
    frame.index = pd.RangeIndex(2, len(rows) + 2, name="line")
    return frame


def realistic_rows(n: int, seed: int = 0) -> pd.DataFrame:
    rng = random.Random(seed)
    deal = ({"name": "France", "iso3": "FRA"}, {"name": "Armenia", "iso3": "ARM"}, "Bastion", "armoured_vehicles")
    return as_validated([claim(rng, "s0000001", k % 100, deal, list(schema.STATUS))[0] for k in range(n)])


def hard_rows(n: int, seed: int = 0) -> pd.DataFrame:
    """Every row has a number to check, and every quote puts a year and an amount beside the count."""
    rng = random.Random(seed)
    rows = []
    for k in range(n):
        count = rng.randint(2, 500)
        millions = rng.randint(5, 900)
        noun = rng.choice(list(NOUNS.values()))
        qualifier = rng.choice(list(QUALIFIER_WORDS.values()))
        quote = (f"In {rng.randint(2015, 2024)}, the government agreed to buy {qualifier}{count} {noun} "
                 f"under a deal worth US ${millions} million, the defence ministry said on Tuesday, adding "
                 "that the first batch would arrive before the end of the year and that training had begun.")
        row = {c: "" for c in schema.TRANSFERS.columns}
        row["quote"] = quote
        if k % 4 != 3:
            row["quantity"] = str(count)
        if k % 4 != 0:
            row["value"], row["currency"] = str(millions * 1_000_000), "USD"
        rows.append(row)
    return as_validated(rows)


WORDS = ["two", "three", "twelve", "twenty-four", "fifty", "one hundred and twenty", "two thousand five hundred",
         "a dozen", "two dozen", "a hundred"]
WORD_COUNTS = [2, 3, 12, 24, 50, 120, 2500, 12, 24, 100]
WORD_AMOUNTS = [("half a billion dollars", 500_000_000), ("a quarter of a billion euros", 250_000_000),
                ("Rs 2,000 crore", 20_000_000_000), ("$1.5bn", 1_500_000_000), ("three million dollars", 3_000_000)]


def words_rows(n: int, seed: int = 0) -> pd.DataFrame:
    """Every row has a count in words, which only reading the whole quote finds; half the rows have a value too."""
    rng = random.Random(seed)
    rows = []
    for k in range(n):
        i = rng.randrange(len(WORDS))
        amount, value = rng.choice(WORD_AMOUNTS)
        noun = rng.choice(list(NOUNS.values()))
        quote = (f"In {rng.randint(2015, 2024)}, the government agreed to buy {WORDS[i]} {noun} "
                 f"under a deal worth {amount}, the defence ministry said on Tuesday, adding "
                 f"that the first batch would arrive before the end of the year (ref. AB{k:06d}).")
        row = {c: "" for c in schema.TRANSFERS.columns}
        row["quote"] = quote  # unique, so that no quote is read from the cache of an earlier row
        row["quantity"] = str(WORD_COUNTS[i])
        if k % 2:
            row["value"], row["currency"] = str(value), "USD"
        rows.append(row)
    return as_validated(rows)


def best_of(repeat: int, frame: pd.DataFrame) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = len(quoted_number_problems(frame, "transfers.csv"))
        times.append(time.perf_counter() - start)
    return min(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for name, make in (("realistic", realistic_rows), ("hard", hard_rows), ("words", words_rows)):
        frame = make(args.rows)
        checked = int(((frame["quantity"] != "") | (frame["value"] != "")).sum())
        seconds, found = best_of(args.repeat, frame)
        print(f"{name:<9} {args.rows:>9,} rows ({checked:,} with a number): {seconds:6.3f} s "
              f"best of {args.repeat}, {found} problems")


if __name__ == "__main__":
    main()

"""The data sets the benchmarks measure: synthetic, real-shaped and error-heavy data directories of N claims.

    uv run python benchmarks/datasets.py real /tmp/real/data 100000      # write one, print what it holds

* ``synthetic``: generated claims with today's columns (systems from a catalogue, packages,
  actors with aliases, value qualifiers): ~230-character quotes, ~150-character notes, some
  spanning two lines, 10 claims per source, one ~2 KB archived text per source that holds its
  quotes with typographic apostrophes and dashes. Nearly every quote is ASCII and every number
  is in digits: the easy case for the validator.
* ``real``: the real rows of ``data/`` and their real archived texts (9-51 KB each), replicated:
  copy ``k`` renames every source ``c<k>.<source_id>``, claim ``c<k>.<claim_id>`` and deal
  ``c<k>-<deal_id>``, and has its own copy of every archived text. Whole copies only, so the
  size is rounded up to a multiple of the real claims (89 today: 10,057, 100,036, 1,000,011).
  The real mix: 45% of the quotes ASCII, numbers in words ("half a billion dollars").
* ``errors``: the synthetic data with 10% bad rows, a quarter each: a typo in a vocabulary
  (``status`` or ``category``), an unknown actor (a misspelt supplier or recipient), a quote
  not in its archived text (one word changed), a duplicate ``claim_id`` (another row's).
* ``duplicates``: the synthetic data with 10% of the rows given the ``claim_id`` of another row
  (issue 15's case: 10,000 duplicate ids among 100,000 rows).
* ``repeated``: the real rows of ``data/transfers.csv`` entered again and again, as they are (a
  block pasted many times, a merge gone wrong): every row is another row entered twice, under a
  duplicate id, and each of the 88 records is in a group of ``rows / 88`` identical rows (issue
  19's case). The other files and the archived texts are the real ones, once.
* ``wrong``: the real-shaped data with every row wrong in several ways at once: a misspelt status
  (a thousand spellings), a supplier no actor has (a new name on every row), one word of the
  quote changed, a quantity that looks like a formula or is stated nowhere and has no qualifier,
  a month 13: about seven problems a row, each with its message (the worst case short of a file
  that is not CSV at all).

Every generator is seeded: the same call writes the same bytes.
"""

from __future__ import annotations

import csv
import random
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL_DATA = HERE.parent / "data"

# --------------------------------------------------------------------------
# Synthetic claims
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
SYSTEMS_IN_CATALOGUE = 400  # named systems; half the deals name one of them, the others a generic "<word> <n>"


def actor_table() -> list[dict[str, str]]:
    """150 states (every tenth with an alias) and ``Unknown``."""
    import pycountry

    countries = sorted(pycountry.countries, key=lambda c: c.alpha_3)[:150]
    rows = [{"name": c.name, "kind": "state", "iso3": c.alpha_3,
             "aliases": f"{c.alpha_3} (state); Republic of {c.alpha_3}" if i % 10 == 0 else "", "notes": ""}
            for i, c in enumerate(countries)]
    return rows + [{"name": "Unknown", "kind": "unknown", "iso3": "", "aliases": "", "notes": "not identified"}]


def system_table(rng: random.Random, categories: list[str], actors: list[dict]) -> list[dict[str, str]]:
    """The catalogue: ``SYSTEMS_IN_CATALOGUE`` systems named ``<Word> Mk <n>``, some with an alias."""
    rows = []
    for i in range(SYSTEMS_IN_CATALOGUE):
        designation = f"{SYSTEM_WORDS[i % len(SYSTEM_WORDS)]} Mk {i}"
        rows.append({"system_id": designation.lower().replace(" ", "-"), "designation": designation,
                     "description": "a system of the benchmark", "category": rng.choice(categories),
                     "producer_country": rng.choice(actors)["iso3"], "sipri_designations": designation,
                     "aliases": f"{designation}A" if i % 4 == 0 else "", "notes": ""})
    return rows


def synthetic_tables(rows: int, claims_per_source: int = 10, seed: int = 0):
    """``(transfers, sources, actors, systems, archives)`` of a valid synthetic data set of ``rows`` claims;
    ``archives`` maps a file name under ``archive/`` to its text."""
    from armsdata import schema

    rng = random.Random(seed)
    everyone = actor_table()
    actors = everyone[:-1]
    statuses, categories = list(schema.STATUS), list(schema.CATEGORY)
    systems = system_table(rng, categories, actors)
    deals = []
    for i in range(max(1, rows // 5)):
        supplier, recipient = rng.sample(actors, 2)
        if rng.random() < 0.5:
            named = rng.choice(systems)
            system, system_id, category = named["designation"], named["system_id"], named["category"]
        else:
            system, system_id = f"{rng.choice(SYSTEM_WORDS)} {rng.randint(1, 999)}", ""
            category = rng.choice(categories)
        deal_id = f"{supplier['iso3']}-{recipient['iso3']}-{system}-{i}".lower().replace(" ", "-")
        parent = ""
        if deals and rng.random() < 0.02:  # a component of an earlier deal of the same pair that is no component
            package = deals[-1]
            if not package["parent_deal_id"]:
                supplier, recipient, parent = package["supplier"], package["recipient"], package["deal_id"]
                deal_id = f"{supplier['iso3']}-{recipient['iso3']}-{system}-{i}".lower().replace(" ", "-")
        deals.append({"deal_id": deal_id, "parent_deal_id": parent, "supplier": supplier, "recipient": recipient,
                      "system": system, "system_id": system_id, "category": category})

    transfers, sources, archives = [], [], {}
    used: set[str] = set()
    n_sources = max(1, -(-rows // claims_per_source))
    for s in range(n_sources):
        source_id = f"s{s:07d}"
        archive = [f"{rng.choice(OUTLETS)} report {source_id}"]
        for k in range(min(claims_per_source, rows - s * claims_per_source)):
            deal = rng.choice(deals)
            row, text = synthetic_claim(rng, source_id, k, deal, statuses)
            used.add(deal["deal_id"])
            transfers.append(row)
            archive.append(text)
        archives[f"{source_id}.txt"] = "\n\n".join(archive) + "\n"
        year = rng.randint(2015, 2024)
        sources.append({
            "source_id": source_id, "outlet": rng.choice(OUTLETS),
            "title": f"{rng.choice(SYSTEM_WORDS)} deal: what the contract means for the region ({source_id})",
            "author": rng.choice(["", "A. Writer", "B. Reporter", "C. Analyst"]),
            "published": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "url": f"https://www.example.org/{year}/{source_id}", "source_type": rng.choice(TYPES),
            "outlet_country": rng.choice(actors)["iso3"], "language": "en",
            "archive": f"archive/{source_id}.txt", "notes": ""})
    for row in transfers:  # a package no claim speaks of is no deal: its components stand alone
        if row["parent_deal_id"] and row["parent_deal_id"] not in used:
            row["parent_deal_id"] = ""
    return transfers, sources, everyone, systems, archives


def synthetic_claim(rng: random.Random, source_id: str, k: int, deal: dict, statuses: list[str]
                    ) -> tuple[dict[str, str], str]:
    """One claim row and the passage of the archived text that holds its quote."""
    from armsdata.schema import QUOTE_GAP

    supplier, recipient, system, category = deal["supplier"], deal["recipient"], deal["system"], deal["category"]
    row = {"claim_id": f"{source_id}-{k:02d}", "source_id": source_id, "supplier": supplier["name"],
           "recipient": recipient["name"], "system": system, "system_id": deal["system_id"], "category": category,
           "deal_id": deal["deal_id"], "parent_deal_id": deal["parent_deal_id"],
           "quantity": "", "quantity_qualifier": "", "value": "", "value_qualifier": "", "currency": "",
           "event_date": "", "status": rng.choice(statuses), "attributed_to": "", "notes": rng.choice(NOTES)}
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
        speaker = rng.choice(["Jean Martin", "Ana Silva", "Li Wei"])
        row["attributed_to"] = f"{speaker} (spokesperson, {supplier['name']})"
    sentence = (f"{supplier['name']} will supply {amount}{system} {NOUNS[category]} to {recipient['name']}"
                f"{worth}, {rng.choice(SPEAKERS)}, {rng.choice(CLAUSES)}.")
    # the archive has typographic apostrophes and dashes; the quote, typed by a curator, has plain ones
    archived = sentence.replace("'", "\u2019")
    if rng.random() < 0.02:
        follow = f"{rng.choice(SPEAKERS).capitalize()} that talks would continue."
        row["quote"] = f"{sentence}{QUOTE_GAP}{follow}"
        archived += f" Other matters were discussed \u2014 at length. {follow}"
    else:
        row["quote"] = sentence
    return row, archived


# --------------------------------------------------------------------------
# Bad rows
# --------------------------------------------------------------------------

ERROR_KINDS = ("vocabulary", "actor", "quote", "duplicate_id")


def spoil(transfers: list[dict[str, str]], share: float, kinds: tuple[str, ...], seed: int = 1) -> dict[str, int]:
    """Make ``share`` of the rows bad, each in one of ``kinds`` (in turn); returns how many of each.

    ``duplicate_id`` gives a row the ``claim_id`` of a row before it (a good one, so that each
    duplicate id appears exactly twice).
    """
    rng = random.Random(seed)
    bad = sorted(rng.sample(range(1, len(transfers)), min(len(transfers) - 1, round(len(transfers) * share))))
    spoilt, copied = set(bad), set()
    counts = dict.fromkeys(kinds, 0)
    for n, i in enumerate(bad):
        kind = kinds[n % len(kinds)]
        row = transfers[i]
        if kind == "vocabulary":
            column = "status" if n % 2 else "category"
            row[column] = row[column][:-1] + row[column][-1].upper() if n % 3 else row[column][1:]  # 'agreeD', 'greed'
        elif kind == "actor":
            column = "supplier" if n % 2 else "recipient"
            name = row[column]
            row[column] = name[:2] + name[3:] + name[2]  # 'Frnace': not a name, nor an alias
        elif kind == "quote":
            words = row["quote"].split(" ")
            words[len(words) // 2] = "reportedly"
            row["quote"] = " ".join(words)
        elif kind == "duplicate_id":
            j = i - 1
            while j > 0 and (j in spoilt or j in copied):
                j -= 1
            copied.add(j)
            row["claim_id"] = transfers[j]["claim_id"]
        counts[kind] += 1
    return counts


# --------------------------------------------------------------------------
# The real rows, replicated
# --------------------------------------------------------------------------


def real_tables(rows: int, data: Path = REAL_DATA):
    """``(transfers, sources, actors, systems, archives)``: whole copies of the real data, at least ``rows`` claims.

    ``archives`` maps each copy's file name to the real file it copies (a path, not a text).
    """
    from armsdata import schema

    transfers0 = read_rows(data / "transfers.csv")
    sources0 = read_rows(data / "sources.csv")
    copies = max(1, -(-rows // len(transfers0)))
    transfers, sources, archives = [], [], {}
    for k in range(copies):
        tag = f"c{k:05d}"
        for row in transfers0:
            transfers.append({**row, "claim_id": f"{tag}.{row['claim_id']}", "source_id": f"{tag}.{row['source_id']}",
                              "deal_id": f"{tag}-{row['deal_id']}",
                              **{r.column: f"{tag}-{row[r.column]}" if row[r.column] else ""  # the deals it names
                                 for r in schema.DEAL_REFERENCES}})
        for row in sources0:
            name = f"{tag}.{row['source_id']}.txt"
            archives[name] = data / row["archive"]
            sources.append({**row, "source_id": f"{tag}.{row['source_id']}", "archive": f"archive/{name}"})
    return transfers, sources, read_rows(data / "actors.csv"), read_rows(data / "systems.csv"), archives


def repeated_tables(rows: int, data: Path = REAL_DATA):
    """``(transfers, sources, actors, systems, archives)``: the real claims entered again and again, unchanged
    (whole copies, at least ``rows`` claims), with the real sources, actors, systems and archived texts."""
    transfers0 = read_rows(data / "transfers.csv")
    sources = read_rows(data / "sources.csv")
    copies = max(1, -(-rows // len(transfers0)))
    archives = {Path(row["archive"]).name: data / row["archive"] for row in sources}
    return (transfers0 * copies, sources, read_rows(data / "actors.csv"), read_rows(data / "systems.csv"),
            archives)


def spoil_every_row(transfers: list[dict[str, str]]) -> dict[str, int]:
    """Make every row wrong in the ways ``wrong`` lists; returns how many rows."""
    for k, row in enumerate(transfers):
        row["status"] = f"{row['status']}{k % 1000}"
        row["supplier"] = f"{row['supplier'][:3]}x{k}"
        words = row["quote"].split(" ")
        words[len(words) // 2] = "reportedly"
        row["quote"] = " ".join(words)
        row["quantity"] = f"+{row['quantity']}" if row["quantity"] else "7"
        row["event_date"] = "2023-13"
    return {"every row": len(transfers)}


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------
# Writing a data directory
# --------------------------------------------------------------------------

KINDS = ("synthetic", "real", "errors", "duplicates", "repeated", "wrong")


def make(kind: str, data_dir: Path, rows: int, seed: int = 0) -> dict:
    """Write the data set ``kind`` of (about) ``rows`` claims to ``data_dir`` (which must not exist);
    returns what it holds: ``claims``, ``sources``, ``archive_bytes``, ``ascii_quotes``, ``bad`` (per kind)."""
    bad: dict[str, int] = {}
    if kind in ("real", "wrong"):
        transfers, sources, actors, systems, archives = real_tables(rows)
        if kind == "wrong":
            bad = spoil_every_row(transfers)
    elif kind == "repeated":
        transfers, sources, actors, systems, archives = repeated_tables(rows)
        bad = {"repeated": len(transfers) - len({row["claim_id"] for row in transfers})}  # rows after the first copy
    elif kind in ("synthetic", "errors", "duplicates"):
        transfers, sources, actors, systems, archives = synthetic_tables(rows, seed=seed)
        if kind == "errors":
            bad = spoil(transfers, 0.10, ERROR_KINDS)
        elif kind == "duplicates":
            bad = spoil(transfers, 0.10, ("duplicate_id",))
    else:
        raise ValueError(f"unknown data set {kind!r} (expected one of: {', '.join(KINDS)})")
    write(data_dir, transfers, sources, actors, systems, archives)
    if (REAL_DATA / "register").is_dir():  # a data directory has the register extract: validate checks it too
        shutil.copytree(REAL_DATA / "register", data_dir / "register")
    archive_bytes = sum(f.stat().st_size for f in (data_dir / "archive").iterdir())
    return {"kind": kind, "claims": len(transfers), "sources": len(sources), "archive_bytes": archive_bytes,
            "csv_bytes": sum(f.stat().st_size for f in data_dir.glob("*.csv")),
            "ascii_quotes": sum(r["quote"].isascii() for r in transfers) / len(transfers), "bad": bad}


def write(data_dir: Path, transfers, sources, actors, systems, archives) -> None:
    from armsdata import schema

    (data_dir / "archive").mkdir(parents=True)
    for name, content in archives.items():
        if isinstance(content, Path):
            shutil.copyfile(content, data_dir / "archive" / name)
        else:
            (data_dir / "archive" / name).write_text(content, encoding="utf-8")
    for table, rows in ((schema.TRANSFERS, transfers), (schema.SOURCES, sources), (schema.ACTORS, actors),
                        (schema.SYSTEMS, systems)):
        write_csv(data_dir / table.filename, rows, table.columns)


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_descriptor(data_dir: Path) -> Path:
    """datapackage.json beside ``data_dir``, as the repository's, for the Frictionless validator."""
    from armsdata.datapackage import datapackage_json

    path = data_dir.parent / "datapackage.json"
    path.write_text(datapackage_json(data_dir.name), encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    print(make(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])))

"""The words a draft reads: data files a curator extends, not code.

The wording lives in ``armsdata/draft/wording/*.csv`` (shipped inside the package) and in the data
directory:

* ``statuses.csv``: transfer words ("delivered", "signed", "sale") with the status each states and who
  its subject is (``supply``: the supplier, ``acquire``: the recipient, ``deal``: either), and the words
  that change the status of another (``modifies_next``: "will", "refused to"; ``modifies_previous``:
  "should be studied"; ``modifies_sentence``: "denied", "accused", "reports say");
* ``equipment.csv``: words for kinds of equipment ("tank", "air defence system") and their category
  (matched also with a plural ending: ``tank`` finds "tanks");
* ``countries.csv``: for each state (ISO 3166 alpha-3), other names than pycountry's, demonyms and
  capitals ("French", "Paris" stand for France);
* ``roles.csv``: words beside an actor that say its part: "to Armenia" (recipient), "French-made"
  (supplier), "Turkish President" (a speaker, no party);
* ``unnamed.csv``: words for suppliers or recipients the text does not name ("other countries");
* ``qualifiers.csv`` ("about", "at least") and ``currencies.csv`` ("US $", "euros");
* from the data directory: ``actors.csv`` (names and aliases), ``systems.csv`` (designations, SIPRI's
  spellings and aliases, with category and producer) and ``register/categories.csv`` (SIPRI's weapon
  descriptions, "self-propelled gun", with their category), when there is one.

A phrase written in lower case matches in any case; one with a capital matches as written ("US",
"Chad"), or with its first letter a capital ("the Kremlin", "The Kremlin"). Designations of systems
match in any case ("PINAKA", "Pinaka").
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from armsdata import schema
from armsdata.draft.text import Token, normal, tokens
from armsdata.validation import split_list

WORDING_DIR = Path(__file__).resolve().parent / "wording"

#: The roles of a transfer word: whose part its subject plays.
TRANSFER_ROLES = ("supply", "acquire", "deal")
#: The roles of a word that changes the status a transfer word states.
MODIFIER_ROLES = ("modifies_next", "modifies_previous", "modifies_sentence")


@dataclass(frozen=True)
class Entry:
    """One phrase of a word list and what it means."""

    words: str  #: as written in its file
    meaning: str  #: a status, category, part, qualifier, currency, actor name or system_id
    role: str = ""  #: statuses: supply, acquire, deal, modifies_*, none; roles: before or after the actor
    extra: str = ""  #: statuses: the equipment a transfer word implies; actors: ISO alpha-3; systems: producer
    kind: str = ""  #: actors: name, alias, demonym, capital or unnamed; systems: system or generic
    origin: str = ""  #: the file it comes from, for the notes of a draft
    alone: bool = True  #: unnamed actors: whether the phrase stands for an actor without a named one beside it


class Lexicon:
    """Phrases looked up word by word: at each token, the longest phrase that starts there."""

    def __init__(self, entries: list[Entry], *, plurals: bool = False):
        self.exact: dict[str, Entry] = {}
        self.folded: dict[str, Entry] = {}
        self.plurals = plurals
        self.longest = 1
        self.first_words: set[str] = set()  # what a phrase can start with: most words are passed over at once
        for entry in entries:
            key = normal(entry.words)
            if not key:
                continue
            self.add_first_word(key)
            folded = key == key.lower()
            table = self.folded if folded else self.exact
            table.setdefault(key.casefold() if folded else key, entry)  # the first listed wins
            self.longest = max(self.longest, _token_count(key))

    def add_first_word(self, key: str) -> None:
        first = tokens(key)[0].text.casefold()
        self.first_words.add(first)
        if self.plurals:
            self.first_words.update((first + "s", first + "es"))

    def lookup(self, phrase: str) -> Entry | None:
        key = normal(phrase)
        found = self.exact.get(key) or self.folded.get(key.casefold())
        if found is None and key[:1].isupper():  # "The Kremlin" opening a sentence is "the Kremlin"
            found = self.exact.get(key[:1].lower() + key[1:])
        if found is None and self.plurals:
            for ending in ("es", "s"):
                if key.endswith(ending) and len(key) > len(ending) + 2:
                    stem = key[:-len(ending)]
                    found = self.exact.get(stem) or self.folded.get(stem.casefold())
                    if found:
                        break
        return found

    def find(self, text: str, words: list[Token]) -> Iterator[tuple[int, int, Entry]]:
        """``(start, end, entry)`` of each phrase in ``words`` (the tokens of ``text``), longest first, left
        to right, none overlapping; a phrase starts and ends on a whole word."""
        i = 0
        while i < len(words):
            if not words[i].text.isalnum() or words[i].text.casefold() not in self.first_words:
                i += 1
                continue
            for n in range(min(self.longest, len(words) - i), 0, -1):
                last = words[i + n - 1]
                if not last.text.isalnum():
                    continue
                entry = self.lookup(text[words[i].start:last.end])
                if entry is not None:
                    yield words[i].start, last.end, entry
                    i += n
                    break
            else:
                i += 1


def _token_count(phrase: str) -> int:
    return len(tokens(phrase))


@dataclass(frozen=True)
class Wording:
    """Every word list a draft reads, and the tables of the data directory it names."""

    actors: Lexicon  #: names, aliases, countries, demonyms, capitals and unnamed actors -> actor
    equipment: Lexicon  #: systems of systems.csv and kinds of equipment -> system_id or category
    transfers: Lexicon  #: transfer words and modifiers -> status
    qualifiers: Lexicon
    currencies: list[tuple[str, str]]  #: (words, ISO 4217 code), longest first
    roles_before: list[Entry]  #: words just before an actor: "to", "from", "visit to"
    roles_after: list[Entry]  #: words just after it: "army", "-made", "President"
    known_actors: frozenset[str]  #: the names of actors.csv
    subjects: frozenset[str]  #: the actors the corpus is about (actors.csv's subject)
    system_categories: dict[str, str] = field(default_factory=dict)  #: system_id -> category
    producers: dict[str, str] = field(default_factory=dict)  #: system_id -> actor name of its producer country
    deals: dict[tuple[str, str, str], tuple[str, str, str]] = field(default_factory=dict)
    """(supplier, recipient, system_id) -> (deal_id, parent_deal_id, overlaps_deal_id) of the first claim of
    transfers.csv with them; ('', '', deal_id) -> the same, for every deal"""
    codes: dict[str, str] = field(default_factory=dict)  #: actor name -> the short code of its deal ids


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a small CSV file as dictionaries of text (empty cells as '')."""
    with path.open(newline="", encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in csv.DictReader(fh)]


def _version(data_dir: Path) -> tuple:
    """What the cached wording depends on: the files' sizes and modification times."""
    files = [data_dir / n for n in ("actors.csv", "systems.csv", "transfers.csv", "register/categories.csv")]
    files += sorted(WORDING_DIR.glob("*.csv"))
    return tuple((str(f), *(lambda s: (s.st_size, s.st_mtime_ns))(f.stat())) if f.is_file() else (str(f),)
                 for f in files)


def load_wording(data_dir: str | os.PathLike) -> Wording:
    """The wording for drafting against the data in ``data_dir``, read once per version of its files."""
    directory = Path(data_dir)
    return _load(directory, _version(directory))


@lru_cache(maxsize=4)
def _load(directory: Path, version: tuple) -> Wording:
    from armsdata.io import read_table

    actors = read_table(directory / schema.ACTORS.filename).fillna("")
    systems = read_table(directory / schema.SYSTEMS.filename).fillna("")
    statuses = read_rows(WORDING_DIR / "statuses.csv")
    roles = read_rows(WORDING_DIR / "roles.csv")
    by_iso = {iso: name for name, iso in zip(actors["name"], actors["iso3"]) if iso}
    names = _country_names(by_iso)
    actor_entries = _actor_entries(actors, by_iso, names)
    codes = {name: (iso.lower() if iso else _slug(name)) for name, iso in zip(actors["name"], actors["iso3"])}
    codes.update({name: iso.lower() for iso, name in names.items() if name not in codes})
    return Wording(
        actors=Lexicon(actor_entries),
        equipment=_equipment_lexicon(systems, directory),
        transfers=Lexicon([Entry(r["phrase"], r["status"], r["role"], r.get("implies", ""), origin="statuses.csv")
                           for r in statuses]),
        qualifiers=Lexicon([Entry(r["words"], r["qualifier"], origin="qualifiers.csv")
                            for r in read_rows(WORDING_DIR / "qualifiers.csv")]),
        currencies=sorted(((r["words"], r["currency"]) for r in read_rows(WORDING_DIR / "currencies.csv")),
                          key=lambda pair: -len(pair[0])),
        roles_before=sorted((Entry(r["words"], r["role"], "before", origin="roles.csv") for r in roles
                             if r["where"] == "before"), key=lambda e: -len(e.words)),
        roles_after=sorted((Entry(r["words"], r["role"], "after", origin="roles.csv") for r in roles
                            if r["where"] == "after"), key=lambda e: -len(e.words)),
        known_actors=frozenset(actors["name"]),
        subjects=frozenset(n for n, s in zip(actors["name"], actors.get("subject", [""] * len(actors))) if s == "true"),
        system_categories=dict(zip(systems["system_id"], systems["category"])),
        producers={sid: by_iso.get(iso) or names.get(iso, "") for sid, iso in
                   zip(systems["system_id"], systems["producer_country"]) if iso},
        deals=_deals(directory),
        codes=codes,
    )


def _slug(name: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
    return words[-1] if words else "x"  # "Nagorno-Karabakh" -> "karabakh", as the curated deal ids have it


def _country_names(by_iso: dict[str, str]) -> dict[str, str]:
    """ISO alpha-3 -> the name a draft gives each state of countries.csv: its name in actors.csv, else
    the first other name of countries.csv, else pycountry's common name or name."""
    import pycountry

    found = {}
    for row in read_rows(WORDING_DIR / "countries.csv"):
        iso = row["iso3"]
        country = pycountry.countries.get(alpha_3=iso)
        others = split_list(row["names"])
        short = getattr(country, "common_name", None) or (country.name if country else "")
        found[iso] = by_iso.get(iso) or (short if short and "," not in short else (others[0] if others else short))
    return found


def _actor_entries(actors, by_iso: dict[str, str], names: dict[str, str]) -> list[Entry]:
    """Every way the text may name an actor: actors.csv first (its names win), then the states."""
    import pycountry

    entries = []
    for name, iso, aliases in zip(actors["name"], actors["iso3"], actors["aliases"]):
        entries.append(Entry(name, name, extra=iso, kind="name", origin="actors.csv"))
        entries += [Entry(a, name, extra=iso, kind="alias", origin="actors.csv") for a in split_list(aliases)]
    for row in read_rows(WORDING_DIR / "unnamed.csv"):
        entries.append(Entry(row["words"], row["actor"], kind="unnamed", origin="unnamed.csv",
                             alone=row.get("alone", "true") != "false"))
    for row in read_rows(WORDING_DIR / "countries.csv"):
        iso = row["iso3"]
        name = names[iso]
        country = pycountry.countries.get(alpha_3=iso)
        official = [getattr(country, a, None) for a in ("name", "common_name", "official_name")] if country else []
        for other in [*split_list(row["names"]), *(o for o in official if o and "," not in o)]:
            entries.append(Entry(other, name, extra=iso, kind="name", origin="countries.csv"))
        for kind in ("demonym", "capital"):
            entries += [Entry(w, name, extra=iso, kind=kind, origin="countries.csv")
                        for w in split_list(row[kind + "s"])]
    return entries


def _system_entries(systems) -> list[Entry]:
    entries = []
    for sid, designation, sipri, aliases, category, producer in zip(
            systems["system_id"], systems["designation"], systems["sipri_designations"], systems["aliases"],
            systems["category"], systems["producer_country"]):
        for words in [designation, *split_list(aliases), *split_list(sipri)]:
            entries.append(Entry(words, sid, extra=producer, kind="system", origin="systems.csv"))
    return entries


def _equipment_lexicon(systems, directory: Path) -> Lexicon:
    """Systems (any case, as written) first, then the kinds of equipment of equipment.csv, then SIPRI's
    descriptions of register/categories.csv (plain words only: 'self-propelled gun', not 'AA gun/SAM system')."""
    designations = _system_entries(systems)
    entries = list(designations)
    entries += [Entry(r["words"], r["category"], kind="generic", origin="equipment.csv")
                for r in read_rows(WORDING_DIR / "equipment.csv")]
    categories = directory / "register" / "categories.csv"
    if categories.is_file():
        for row in read_rows(categories):
            words = row.get("description", "")
            if row.get("category") and all(c.isalpha() or c in " -" for c in words) and len(words) >= 4:
                entries.append(Entry(words.lower() if not words.isupper() else words, row["category"], kind="generic",
                                     origin="register/categories.csv"))
    lexicon = Lexicon(entries, plurals=True)
    for entry in designations:  # a designation of four letters or more matches in any case: "PINAKA"
        if len(normal(entry.words)) >= 4:
            lexicon.folded.setdefault(normal(entry.words).casefold(), entry)
    return lexicon


def _deals(directory: Path) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    """The deals of transfers.csv by supplier, recipient and system_id, to suggest the same deal_id."""
    from armsdata.io import DataError, read_table

    try:
        claims = read_table(directory / schema.TRANSFERS.filename).fillna("")
    except DataError:
        return {}
    found = {}
    for columns in zip(*(claims[c] if c in claims else [""] * len(claims) for c in
                         ("supplier", "recipient", "system_id", "category", "deal_id", "parent_deal_id",
                          "overlaps_deal_id"))):
        supplier, recipient, system_id, category, deal_id, parent, overlaps = columns
        if system_id:
            found.setdefault((supplier, recipient, system_id), (deal_id, parent, overlaps))
        found.setdefault(("", "", deal_id), (deal_id, parent, overlaps))
    return found

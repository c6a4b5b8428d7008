"""ISO 3166 alpha-3 codes of SIPRI's supplier and recipient names, former states included, via pycountry."""

from __future__ import annotations

import unicodedata
from functools import cache

import pandas as pd

#: SIPRI's spellings of states that pycountry knows by no name of theirs (checked in the tests to be
#: ISO 3166-1 codes, or ISO 3166-3 codes of former states). Names pycountry knows need no entry here.
SIPRI_SPELLINGS: dict[str, str] = {
    "Bosnia-Herzegovina": "BIH",
    "Brunei": "BRN",
    "DR Congo": "COD",
    "East Germany (GDR)": "DDR",
    "Russia": "RUS",
    "Saint Vincent": "VCT",
    "South Yemen": "YMD",
    "Soviet Union": "SUN",
    "Turkey": "TUR",  # SIPRI's spelling before Turkiye: earlier vintages of the register say Turkey
    "UAE": "ARE",
}


def fold_name(name: str) -> str:
    """A name for matching: no accents, no case, single spaces (``Türkiye`` and ``Turkiye`` meet)."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(name.split()).casefold()


@cache
def _iso3_index() -> dict[str, str]:
    """Folded name -> ISO alpha-3, from pycountry: present states first, then former ones (ISO 3166-3)."""
    import pycountry  # loaded only when a register is read

    index: dict[str, str] = {}
    countries = list(pycountry.countries)
    for country in countries:
        for attribute in ("name", "official_name", "common_name"):
            if getattr(country, attribute, None):
                index.setdefault(fold_name(getattr(country, attribute)), country.alpha_3)
    # 'Palestine, State of' is also 'Palestine', where no other country's name starts that way ('Korea, …' does)
    shorts = [fold_name(c.name.split(", ")[0]) for c in countries if ", " in c.name]
    for country in countries:
        short = fold_name(country.name.split(", ")[0])
        if ", " in country.name and shorts.count(short) == 1:
            index.setdefault(short, country.alpha_3)
    for country in pycountry.historic_countries:  # 'Czechoslovakia, Czechoslovak Socialist Republic' -> CSK
        for name in (country.name, country.name.split(", ")[0]):
            index.setdefault(fold_name(name), country.alpha_3)
    index.update({fold_name(name): code for name, code in SIPRI_SPELLINGS.items()})
    return index


def iso3(name: str) -> str | None:
    """The ISO 3166 alpha-3 code of a SIPRI supplier or recipient, or None.

    None for non-state and multinational actors (SIPRI marks them ``*`` and ``**``), for
    ``unknown supplier(s)`` and the like, and for names that are in no ISO list (Biafra,
    Kosovo, Northern Cyprus), including the states whose code passed to a successor
    (North Yemen, South Vietnam), so that a code always means one state.

    >>> iso3("Soviet Union"), iso3("Turkiye"), iso3("United Nations**"), iso3("unknown supplier(s)")
    ('SUN', 'TUR', None, None)
    """
    name = name.strip()
    if name.endswith("*") or name.casefold().startswith("unknown"):
        return None
    return _iso3_index().get(fold_name(name))


def iso3_columns(deals: pd.DataFrame) -> dict[str, pd.Series]:
    """Codes of supplier and recipient: one look-up per distinct name, not per deal."""
    columns = {}
    for column in ("supplier", "recipient"):
        numbers, names = pd.factorize(deals[column])
        codes = pd.array([iso3(name) for name in names] + [None], dtype="string")
        # -1 (a missing name) takes the None at the end
        columns[f"{column}_iso3"] = pd.Series(codes.take(numbers), index=deals.index)
    return columns

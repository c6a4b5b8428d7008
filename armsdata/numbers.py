"""Numbers a text states, in digits or in words, so a row's quantity can be checked against its quote."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a dozen": 12, "dozen": 12,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "mln": 1_000_000,
           "m": 1_000_000, "billion": 1_000_000_000, "bln": 1_000_000_000, "bn": 1_000_000_000}

_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_SCALE = "|".join(sorted(_SCALES, key=len, reverse=True))
_NUMBER = re.compile(
    rf"\b(?P<half>half)(?= an? )"
    rf"|(?<![\w.])(?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<fraction>\.\d+)?"
    rf"|\b(?P<tens>{'|'.join(_TENS)})[- ](?P<unit>{'|'.join(k for k, v in _UNITS.items() if 0 < v < 10)})\b"
    rf"|\b(?P<word>{_WORD})\b",
    re.IGNORECASE,
)
_FOLLOWING_SCALE = re.compile(rf"\s*(?:-\s*|an?\s+)?(?P<scale>{_SCALE})\b", re.IGNORECASE)


def stated_numbers(text: str) -> set[float]:
    """Every number ``text`` states, with and without a following scale word.

    >>> sorted(stated_numbers("50 Bastion vehicles worth $1.5 billion and three radars"))
    [1.5, 3.0, 50.0, 1500000000.0]
    >>> sorted(stated_numbers("close to half a billion dollars"))
    [0.5, 500000000.0]
    """
    found: set[float] = set()
    for match in _NUMBER.finditer(text):
        if match["half"]:
            number = 0.5
        elif match["digits"]:
            number = float(match["digits"].replace(",", "") + (match["fraction"] or ""))
        elif match["tens"]:
            number = float(_TENS[match["tens"].lower()] + _UNITS[match["unit"].lower()])
        else:
            word = match["word"].lower()
            number = float(_UNITS.get(word, _TENS.get(word, 0)))
        found.add(number)
        scale = _FOLLOWING_SCALE.match(text, match.end())
        if scale:
            found.add(number * _SCALES[scale["scale"].lower()])
    return found

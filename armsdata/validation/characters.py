"""What a person cannot see in a value: look-alike and invisible characters, named; near misses of a
valid value ("did you mean 'shipped'?")."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable


def character_name(char: str) -> str:
    """``U+0430 CYRILLIC SMALL LETTER A`` (control characters have no Unicode name: their usual one).

    >>> character_name("а"), character_name("\\x1b")
    ('U+0430 CYRILLIC SMALL LETTER A', 'U+001B (ESCAPE)')
    """
    name = unicodedata.name(char, "")
    if name:
        return f"U+{ord(char):04X} {name}"
    return f"U+{ord(char):04X} ({_CONTROL_NAMES.get(ord(char), 'control character')})"


_CONTROL_NAMES = {0: "NULL", 7: "BELL", 8: "BACKSPACE", 9: "TAB", 10: "LINE FEED", 11: "VERTICAL TAB",
                  12: "FORM FEED", 13: "CARRIAGE RETURN", 27: "ESCAPE", 127: "DELETE"}


def unusual_characters(value: str) -> str:
    """``"; it contains U+0430 CYRILLIC SMALL LETTER A at position 3"`` for characters a reader cannot
    tell from others: invisible ones (format, control, unusual spaces) and letters of another
    script than the rest of the value (a Cyrillic ``а`` in ``France``); ``""`` if there are none.

    >>> unusual_characters("Frаnce")
    '; it contains U+0430 CYRILLIC SMALL LETTER A at position 3'
    >>> unusual_characters("Türkiye"), unusual_characters("Ukraine\\u200b")
    ('', '; it contains U+200B ZERO WIDTH SPACE at position 8')
    """
    if value.isascii():
        found = [] if value.isprintable() else [(i, c) for i, c in enumerate(value) if not c.isprintable()]
    else:
        scripts = [_script(c) for c in value if c.isalpha()]
        usual = max(set(scripts), key=scripts.count) if scripts else None
        found = [(i, c) for i, c in enumerate(value)
                 if (not c.isprintable() and c != " ") or (c.isspace() and c != " ")
                 or unicodedata.category(c) in ("Cf", "Co", "Cn")
                 or (c.isalpha() and _script(c) != usual)]
    if not found:
        return ""
    shown = ", ".join(f"{character_name(c)} at position {i + 1}" for i, c in found[:3])
    return f"; it contains {shown}" + (f" and {len(found) - 3} more" if len(found) > 3 else "")


def _script(char: str) -> str:
    """The script a letter belongs to, as the first word of its Unicode name (LATIN, CYRILLIC, …)."""
    return unicodedata.name(char, "?").split(" ")[0]


def did_you_mean(value: str, choices: list[str]) -> list[str]:
    """The valid values closest to ``value``: same letters in another case, else the most similar spelling.

    >>> did_you_mean("Shipped", ["shipped", "delivered"]), did_you_mean("delivred", ["shipped", "delivered"])
    (['shipped'], ['delivered'])
    """
    near = _nearest(value, {c.casefold(): c for c in choices})
    return [near] if near else []


def _nearest(value: str, folded: dict[str, str], *, similar: bool = True) -> str | None:
    """The choice (``folded`` maps each choice, case-folded, to itself) with the letters of ``value`` in another
    case or Unicode form; else, with ``similar``, the most similar spelling; None if none is close."""
    plain = unicodedata.normalize("NFKC", value).strip().casefold()
    if plain in folded or not similar:
        return folded.get(plain)
    near = difflib.get_close_matches(plain, list(folded), n=1, cutoff=0.6)
    return folded[near[0]] if near else None


#: A nearest valid value is looked for by similarity (``difflib``) for at most this many distinct values
#: of a column, among at most ``SIMILAR_AMONG`` valid values; past that only a value that differs in case
#: or Unicode form is suggested. Each look-up compares the value with every valid one: unbounded, a file
#: with many misspellings, or many keys to compare them with, would cost far more than a valid one.
SIMILAR_LOOKUPS = 100
SIMILAR_AMONG = 1000


def suggester(choices) -> Callable[[str], str]:
    """A function giving ``"; did you mean 'X'?"`` (or ``""``) for a value not among ``choices``: the
    answer of :func:`did_you_mean`, within the bounds above, each distinct value looked up once.

    >>> suggest = suggester(["shipped", "delivered"])
    >>> suggest("Shipped"), suggest("delivred"), suggest("tanks")
    ("; did you mean 'shipped'?", "; did you mean 'delivered'?", '')
    """
    folded = {choice.casefold(): choice for choice in choices}
    answers: dict[str, str] = {}

    def suggest(value: str) -> str:
        if value not in answers:
            similar = len(folded) <= SIMILAR_AMONG and len(answers) < SIMILAR_LOOKUPS
            near = _nearest(value, folded, similar=similar)
            answers[value] = f"; did you mean {near!r}?" if near else ""
        return answers[value]

    return suggest

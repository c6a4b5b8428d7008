"""Numbers a quote states, read as a reader takes them: counts of items, amounts of money, dates.

The validator checks each claim's ``quantity`` against :func:`quantities_stated` of its quote
and its ``value`` against :func:`amounts_stated` (through :func:`supports_quantity` and
:func:`supports_value`, which have a fast path for the common case). Quotes are English.

>>> sorted(quantities_stated("France delivered three GM200 radars and 50 Bastion vehicles in 2023"))
[Decimal('3'), Decimal('50')]
>>> sorted(amounts_stated("weapons worth US $250 million, then Rs 2,000 crore"))
[Decimal('250000000'), Decimal('20000000000')]

What is read
    * digits: ``50``, ``1,200``, Indian grouping ``1,20,000``, a decimal fraction ``1.5``;
    * number words, by text2num: ``three``, ``twenty-four``, ``one hundred and twenty``,
      ``two thousand five hundred``, ``one million``; and here ``a hundred``, ``a thousand``,
      ``a dozen``, ``two dozen``, ``half a dozen``, ``half a billion``, ``a quarter of a billion``,
      ``three quarters of a million``;
    * a scale after the number, which multiplies it: ``hundred``, ``thousand``, ``lakh`` (10^5),
      ``million``, ``crore`` (10^7), ``billion``, ``trillion``, ``lakh crore`` (10^12), ``dozen``,
      the abbreviations ``mn``, ``mln``, ``bn``, ``bln``, ``tn``, ``cr``, and ``k``, ``m``, ``b``
      glued to an amount of money (``$250m``); after a space or a hyphen (``a 250-million-dollar deal``);
    * money: a currency sign or code before the number (``$``, ``US$``, ``US $``, ``€ ``, ``£``,
      ``₹``, ``Rs``, ``Rs.``, ``INR`` or any ISO 4217 code) or a currency word, sign or code after
      it and its scale (``dollars``, ``euros``, ``rupees``, ``roubles``, ``USD`` ...), also glued
      (``USD250m``, ``Rs.500 cr``).

What each reading supports
    * A number stands only with its scale: "US $250 million" states 250000000, never 250;
      "5 lakh rounds" states 500000, "two dozen" 24.
    * A quantity is a number that is not money, a date, a percentage (``50%``, ``5 per cent``)
      or a measure (``250 km``, ``12.5-ton``, ``two years``: a unit of length, weight, speed or time).
    * A value is money, or a number scaled by a thousand or more (``worth 400 million``), in full units.
    * A year (four digits, 1800-2199) in a date is neither a quantity nor a value: after ``in``,
      ``since``, ``by``, ``from``, ``until``, ``till``, ``before``, ``after``, ``during``,
      ``between``, ``early``, ``late``, ``mid``, ``year``, ``FY``, ``fiscal``, ``Q1``-``Q4``,
      ``H1``, ``H2``, a season or a month (``in 2023``, ``by 2026``, ``mid-2024``,
      ``October 23, 2023``, ``5 April 2024``); on either side of a dash, ``to``, ``and`` or ``or``
      between two years (``2020 to 2023``); or with a second part (``2023-24``, ``2023–2024``,
      ``2023/24``, ``2023-10-23``, the whole of which is one date). A day beside a month name
      (``October 23``, ``5 April``) is a date too. ``2,023 rounds`` and ``2023 rounds`` are counts.

What is not read
    Other languages; ordinals (``first``, ``3rd``); numbers glued to letters (``GM200``,
    ``155mm``, ``250m`` without a currency); fractions other than half, quarter and three
    quarters; ``one point five``, ``one and a half million``; ``several hundred``, ``hundreds``,
    ``tens of thousands``; a space as thousands separator (``250 000``); a year-like range of
    counts (``2000-3000 rounds`` is read as a date); years in words. A range of counts states
    both ends (``20-30 tanks``: 20 and 30).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from text_to_num import alpha2digit

#: Kinds of reading. A count supports a quantity; money supports a value; a number scaled by a
#: thousand or more with no currency ("one million mines", "worth 400 million") supports either.
COUNT, MONEY, SCALED, DATE, PERCENT, MEASURE = "count", "money", "scaled", "date", "percent", "measure"


class Stated(NamedTuple):
    """One number a text states, as a reader takes it.

    >>> numbers_stated("worth US $250 million")
    [Stated(number=Decimal('250000000'), written=Decimal('250'), phrase='US $250 million', kind='money')]
    """

    number: Decimal  #: in full: 250000000 for "$250 million"
    written: Decimal  #: as written, before its scale: 250 for "$250 million"
    phrase: str  #: the words of the text that state it, with its currency and date words
    kind: str  #: COUNT, MONEY, SCALED, DATE, PERCENT or MEASURE

    @property
    def is_quantity(self) -> bool:
        return self.kind in (COUNT, SCALED)

    @property
    def is_amount(self) -> bool:
        return self.kind in (MONEY, SCALED)


# --------------------------------------------------------------------------
# The pieces of a number
# --------------------------------------------------------------------------

_SPACE = r"[ \u00a0]"  # a space or a no-break space, as in "US $250\u00a0million"
_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
#: The scale words text2num reads inside a run of number words.
_WORD_SCALES = ("hundred", "thousand", "million", "billion")
#: Multiplier of each scale word or abbreviation that may follow a number (lower case).
SCALES = {"hundred": 100, "thousand": 1_000, "lakh": 10**5, "lakhs": 10**5, "lac": 10**5, "lacs": 10**5,
          "million": 10**6, "crore": 10**7, "crores": 10**7, "billion": 10**9, "trillion": 10**12,
          "dozen": 12, "mn": 10**6, "mln": 10**6, "bn": 10**9, "bln": 10**9, "tn": 10**12, "cr": 10**7}
#: Single letters that are a scale only glued to an amount of money ("$250m"); "250m" may be metres.
_MONEY_LETTERS = {"k": 1_000, "m": 10**6, "b": 10**9}
_LAKH_CRORE = 10**12
_MULTIPLIERS = {**SCALES, **_MONEY_LETTERS}
_FRACTIONS = {"half": Decimal("0.5"), "quarter": Decimal("0.25"), "three_quarters": Decimal("0.75")}


def _alternatives(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_SCALE_WORD = _alternatives(SCALES)
_START_WORD = _alternatives(_UNITS + _TENS)
_ANY_WORD = _alternatives(_UNITS + _TENS + list(_WORD_SCALES))
_YEAR = r"(?:1[89]|2[01])\d\d"

_NUMBER = re.compile(
    # Only a digit, or a letter that starts a number word and follows no letter, can start a number:
    # this guard lets the engine skip every other position at once (3x faster on real quotes).
    r"(?=[0-9aefhnoqstzAEFHNOQSTZ])(?:(?<![^\W\d_])|(?=[0-9]))(?:"
    # a year with a second part: 2023-24, 2023–2024, 2023/24, 2023-10-23 (one date, never a count)
    rf"(?P<date>(?<![\w.,]){_YEAR}[-–/](?:\d{{4}}|\d\d)(?:[-–/]\d\d?)?)(?![\w.,]?\d)"
    # digits: Indian grouping 1,20,000; western 1,200,000; plain; with a decimal fraction
    rf"|(?P<digits>(?:(?<![\w.,])|(?<=[A-Z]{{3}})|(?<=Rs\.)|(?<=Rs))(?:\d\d?(?:,\d\d)+,\d{{3}}|\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?![.,]?\d)"
    rf"|(?i:\b(?:(?P<half>half)|(?P<three_quarters>three[\s-]+quarters)|(?:(?:a|one)[\s-]+)?(?P<quarter>quarter))"
    rf"[\s-]+(?:of[\s-]+)?an?[\s-]+(?P<fraction_of>{_SCALE_WORD})\b)"
    rf"|(?i:\ban?[\s-]+(?P<one>{_SCALE_WORD})\b)"
    rf"|(?i:(?P<words>\b(?:{_START_WORD})(?:(?:\s+and\s+|-|\s+)(?:{_ANY_WORD}))*\b)))"
)
_SCALE_AFTER = re.compile(rf"(?:{_SPACE}|-)?(?i:(?P<lakh_crore>lakh{_SPACE}crores?)|(?P<scale>{_SCALE_WORD}))\b")
_LETTER_AFTER = re.compile(r"(?i:(?P<scale>k|m|b))\b")
_CURRENCY_WORDS = ("dollars? euros? rupees? roubles? rubles? pounds? sterling manats? drams? liras? lira shekels? "
                   "yuan renminbi yen francs? rials? riyals? dirhams? hryvnias?").split()
_MONEY_AFTER = re.compile(
    rf"(?:{_SPACE}|-)?(?i:(?:(?:US|U\.S\.|American|Australian|Canadian|Indian|Russian){_SPACE})?"
    rf"(?:{'|'.join(_CURRENCY_WORDS)}))\b"
    rf"|{_SPACE}?(?P<code>[A-Z]{{3}})\b|{_SPACE}?[$€£¥₹₽₺₼₪֏]")
_MONEY_BEFORE = re.compile(
    rf"(?:\b(?:US|U\.S\.|A|C|HK|S|NZ){_SPACE}?)?[$€£¥₹₽₺₼₪֏]{_SPACE}?$|\bRs\.?{_SPACE}?$|\b(?P<code>[A-Z]{{3}}){_SPACE}?$")
_PERCENT_AFTER = re.compile(rf"{_SPACE}?(?:%|(?i:per{_SPACE}?cent|percent)\b)")
_MEASURE_AFTER = re.compile(
    rf"(?:{_SPACE}|-)(?i:km|kilometres?|kilometers?|miles?|mm|cm|metres?|meters?|feet|ft|kg|kilograms?|tons?|tonnes?"
    rf"|knots?|years?|months?|weeks?|days?|hours?|minutes?)\b")
_MONTH = ("(?:January|February|March|April|May|June|July|August|September|October|November|December"
          "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")
_YEAR_BEFORE = re.compile(
    rf"(?:\b(?i:in|since|by|from|until|till|before|after|during|between|early|late|mid|year|fiscal"
    rf"|spring|summer|autumn|fall|winter)|\bFY|\b{_MONTH}\.?(?:{_SPACE}\d\d?(?:st|nd|rd|th)?)?,?"
    rf"|\b(?:Q[1-4]|H[12])|\b{_YEAR}{_SPACE}*(?:[-–—]|(?i:to|and|or)))(?:{_SPACE}|-)*$")
# Spaces bounded, so that the second year stands within _LOOK_BACK of the first (it is a date from both sides).
_YEAR_AFTER = re.compile(rf"{_SPACE}?(?:[-–—]|(?i:to|and|or)){_SPACE}?{_YEAR}(?![\w.,]?\d)")
_DAY_BEFORE = re.compile(rf"\b{_MONTH}\.?{_SPACE}$")
_DAY_AFTER = re.compile(rf"{_SPACE}(?:of{_SPACE})?{_MONTH}\b")
#: How far back before a year its date's words may start ("September 30, ", "between ", "2020 to ").
_LOOK_BACK = 24


@lru_cache(maxsize=1)
def _currency_codes() -> frozenset[str]:
    from armsdata.schema import code_list  # pycountry, loaded only when a code stands beside a number

    return code_list("iso4217")


def _in_full(number: Decimal) -> Decimal:
    """``number`` without exponent or trailing zeros: Decimal('250000000'), Decimal('1.5')."""
    return Decimal(int(number)) if number == number.to_integral_value() else number.normalize()


def _money_before(text: str, start: int) -> int | None:
    """Where the currency sign or code just before ``start`` begins, if there is one."""
    found = _MONEY_BEFORE.search(text, max(0, start - 8), start)
    if found and (not found["code"] or found["code"] in _currency_codes()):
        return found.start()
    return None


def _money_after(text: str, end: int) -> int | None:
    """Where the currency word, sign or code just after ``end`` ends, if there is one."""
    found = _MONEY_AFTER.match(text, end)
    if found and (not found["code"] or found["code"] in _currency_codes()):
        return found.end()
    return None


def _reading(text: str, match: re.Match) -> tuple[list[Stated], int]:
    """The readings of one match of ``_NUMBER`` and where the phrase they read ends."""
    start, end = match.span()
    alternative = match.lastgroup  # the named group that closed last: which alternative matched
    if alternative == "date":
        year = Decimal(match["date"][:4])
        return [Stated(year, year, match["date"], DATE)], end
    counts: list[Stated] = []
    big = False  # scaled by a thousand or more
    digits = match["digits"]
    if digits:
        before = text[start - 1:start]
        if (before.isalpha() or before == ".") and _money_before(text, start) is None:
            return [], end  # glued to letters before, and not a currency (USD250m and Rs.500 are)
        if text[end:end + 1].isalpha():  # glued to letters after: a scale, or not a number (GM200, 155mm, 3rd)
            glued = _SCALE_AFTER.match(text, end) or _LETTER_AFTER.match(text, end)
            if not glued or (glued["scale"] or "").lower() in _MONEY_LETTERS and _money_before(text, start) is None:
                return [], end
        written = Decimal(digits.replace(",", ""))
    elif alternative == "words":
        # text2num reads the run of words; a run it splits ("two and three") states each number
        found = [Decimal(n) for n in re.findall(r"\d+", alpha2digit(match["words"], "en", threshold=0))]
        if not found:
            return [], end
        counts = [Stated(n, n, match["words"], COUNT) for n in found[:-1]]
        written = found[-1]
        big = any(w in match["words"].lower() for w in ("thousand", "million", "billion"))
    else:
        multiple = SCALES[match[alternative].lower()]  # "fraction_of" or "one": a scale word
        written = next((_FRACTIONS[name] for name in _FRACTIONS if match[name]), Decimal(1)) * multiple
        big = multiple >= 1_000
    scale = _SCALE_AFTER.match(text, end) or (_LETTER_AFTER.match(text, end) if digits else None)
    if scale:
        multiple = _LAKH_CRORE if scale.groupdict().get("lakh_crore") else _MULTIPLIERS[scale["scale"].lower()]
        big = big or multiple >= 1_000
        end = scale.end()
        number = _in_full(written * multiple)
    written = written if digits and "." not in digits else _in_full(written)  # whole digits are in full already
    if not scale:
        number = written
    first = _money_before(text, start)
    last = _money_after(text, end)
    phrase_start, phrase_end = (start if first is None else first), (end if last is None else last)
    if first is not None:
        kind = MONEY
    elif digits and not scale and (date := _date_span(text, start, end, digits)):
        kind, (phrase_start, phrase_end) = DATE, date  # before money after it: "in 2023 dollars"
    elif last is not None:
        kind = MONEY
    elif not scale and (percent := _PERCENT_AFTER.match(text, end)):
        kind, phrase_end = PERCENT, percent.end()
    elif measure := _MEASURE_AFTER.match(text, end):
        kind, phrase_end = MEASURE, measure.end()
    else:
        kind = SCALED if big else COUNT
    return counts + [Stated(number, written, text[phrase_start:phrase_end], kind)], phrase_end


def _date_span(text: str, start: int, end: int, digits: str) -> tuple[int, int] | None:
    """Where the date that the number ``digits`` at ``start:end`` is part of begins and ends, if it is one."""
    if len(digits) == 4 and re.fullmatch(_YEAR, digits):
        before = _YEAR_BEFORE.search(text, max(0, start - _LOOK_BACK), start)
        if before:
            return before.start(), end
        after = _YEAR_AFTER.match(text, end)  # the first year of a range: "2020 to 2023"
        return (start, after.end()) if after else None
    if len(digits) <= 2 and 1 <= int(digits) <= 31:
        before = _DAY_BEFORE.search(text, max(0, start - 12), start)
        if before:
            return before.start(), end
        after = _DAY_AFTER.match(text, end)
        if after:
            return start, after.end()
    return None


# --------------------------------------------------------------------------
# The API
# --------------------------------------------------------------------------


@lru_cache(maxsize=1024)  # a row with a quantity and a value reads its quote once
def _readings(text: str) -> tuple[Stated, ...]:
    found: list[Stated] = []
    position = 0
    while match := _NUMBER.search(text, position):
        readings, end = _reading(text, match)
        found += readings
        position = max(end, match.end())
    return tuple(found)


def numbers_stated(text: str) -> list[Stated]:
    """Every number ``text`` states, in order, with its phrase and kind (see :class:`Stated`).

    >>> [(str(s.number), s.kind) for s in numbers_stated("in 2023, two dozen drones and 5% more")]
    [('2023', 'date'), ('24', 'count'), ('5', 'percent')]
    """
    return list(_readings(text))


def quantities_stated(text: str) -> set[Decimal]:
    """The counts of items ``text`` states, in full: no money, dates, percentages or measures.

    >>> sorted(quantities_stated("5 lakh rounds, a hundred shells and US $250 million since 2020"))
    [Decimal('100'), Decimal('500000')]
    """
    return {s.number for s in _readings(text) if s.is_quantity}


def amounts_stated(text: str) -> set[Decimal]:
    """The amounts ``text`` states, in full units: money, or numbers scaled by a thousand or more.

    >>> sorted(amounts_stated("$1.5bn, close to half a billion dollars and 50 vehicles"))
    [Decimal('500000000'), Decimal('1500000000')]
    """
    return {s.number for s in _readings(text) if s.is_amount}


def supports_quantity(quote: str, quantity: str) -> bool:
    """True if ``quote`` states the count ``quantity`` (digits, as in the ``quantity`` column).

    The common case, the number written in digits as is, is decided on the spot by reading only
    that number where the quote writes it; anything else reads the whole quote.

    >>> supports_quantity("50 Bastion vehicles", "50"), supports_quantity("in 2023", "2023")
    (True, False)
    """
    wanted = _as_decimal(quantity)
    if wanted is None:
        return False
    return _stated_at(quote, quantity, wanted, amount=False) or wanted in quantities_stated(quote)


def supports_value(quote: str, value: str) -> bool:
    """True if ``quote`` states the amount ``value`` in full units (as in the ``value`` column).

    The common case, the value written in digits before a scale word (250000000 as
    "$250 million"), is decided on the spot by reading only there; anything else reads the whole quote.

    >>> supports_value("worth US $250 million", "250000000"), supports_value("worth US $250 million", "250")
    (True, False)
    """
    wanted = _as_decimal(value)
    if wanted is None:
        return False
    return (any(_stated_at(quote, written, wanted, amount=True) for written in _written_forms(wanted))
            or wanted in amounts_stated(quote))


_MULTIPLES = sorted({1, _LAKH_CRORE, *_MULTIPLIERS.values()})


def _written_forms(number: Decimal) -> list[str]:
    """How ``number`` may be written in digits before one of the scales: 250000000 -> "250", "25", "0.25" ...

    Forms with more than three decimals are left out; such rare writings are found by reading the whole quote.
    """
    forms = []
    thousandths = number * 1000
    if thousandths != int(thousandths):
        return [format(number, "f")]
    thousandths = int(thousandths)
    for multiple in _MULTIPLES:
        whole, rest = divmod(thousandths, multiple * 1000)
        if rest == 0:
            forms.append(str(whole))
        elif thousandths % multiple == 0:
            forms.append(f"{whole}.{rest // multiple:03d}".rstrip("0"))
    return forms


def _stated_at(quote: str, digits: str, wanted: Decimal, *, amount: bool) -> bool:
    """True if ``quote`` writes ``digits`` as a number of its own that reads as ``wanted`` (a value or a count).

    The reading is the one :func:`numbers_stated` makes of that number, so this never says True where
    reading the whole quote would not: a number of its own starts a match of ``_NUMBER`` and is not
    covered by an earlier reading (whose phrase ends in words, signs, or a second year that is itself
    a date from its own side), except a number after a dash or slash, which may be the second part of
    a date ("2023-24") and is left to the whole reading.
    """
    start = quote.find(digits)
    while start != -1:
        if quote[start - 1:start] not in ("-", "–", "/"):
            match = _NUMBER.match(quote, start)
            if match and match["digits"] and match.end() == start + len(digits):
                readings, _ = _reading(quote, match)
                if readings and readings[-1].number == wanted and \
                        (readings[-1].is_amount if amount else readings[-1].is_quantity):
                    return True
        start = quote.find(digits, start + 1)
    return False


_CELL = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _as_decimal(cell: str) -> Decimal | None:
    """The number a ``quantity`` or ``value`` cell holds (digits, maybe a decimal point), else None."""
    return Decimal(cell) if _CELL.fullmatch(cell) else None


_NEITHER = {DATE: "a date", PERCENT: "a percentage", MEASURE: "a measure"}


def _show(number: Decimal) -> str:
    return format(number, "f")


def why_not_stated(quote: str, number: str, *, amount: bool) -> str:
    """What to tell a contributor whose quantity (or value, with ``amount``) ``quote`` does not state.

    >>> why_not_stated("worth US $250 million", "250", amount=True)
    'the quote states 250000000 (US $250 million): write the value in full units'
    >>> why_not_stated("delivered in 2023", "2023", amount=False)
    '2023 is a date there (in 2023), not a count'
    """
    wanted = _as_decimal(number)
    readings = _readings(quote)
    what = "an amount" if amount else "a count"
    for r in (r for r in readings if r.written == wanted):
        if r.kind in _NEITHER:
            return f"{number} is {_NEITHER[r.kind]} there ({r.phrase}), not {what}"
        if amount and r.is_amount:
            return f"the quote states {_show(r.number)} ({r.phrase}): write the value in full units"
        if amount:
            return f"{number} is a count there ({r.phrase}), not an amount of money"
        if r.kind == MONEY:
            return f"{number} is part of an amount of money there ({r.phrase}), not a count"
        return f"the quote states {_show(r.number)} ({r.phrase}): write the quantity in full"
    others = [r for r in readings if (r.is_amount if amount else r.is_quantity)]
    if others:
        listed = ", ".join(f"{_show(r.number)} ({r.phrase})" for r in others[:5])
        return f"the {'amounts' if amount else 'counts'} it states: {listed}"
    return f"the quote states no {'amount' if amount else 'count'}; leave the cell empty if the source gives none"

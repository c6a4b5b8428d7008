"""A plain text cut into paragraphs, sentences and tokens, each with where it stands in the text.

Every span is a pair of character offsets into the text as given, so that a quote is always a slice
of it, never a rewriting.

>>> [text[s.start:s.end] for text in ["Paris said so. Armenia received 24 vehicles.\\n\\nIt was 2023."]
...  for s in sentences(text)]
['Paris said so.', 'Armenia received 24 vehicles.', 'It was 2023.']
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Sentence(NamedTuple):
    """A sentence of a text: ``text[start:end]``, the number of its paragraph and its place in it."""

    start: int
    end: int
    paragraph: int
    index: int  #: its place among all the sentences of the text


class Token(NamedTuple):
    """A word (letters and digits) or one other character that is not a space."""

    start: int
    end: int
    text: str


#: Abbreviations after which a full stop ends no sentence ("the U.S. Secretary", "Mr. Smith").
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt adm sen rep gov st jr sr inc ltd co corp no vs etc approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k u.n".split())

_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t\r]*\n\s*")
_LINE_BREAK = re.compile(r"[ \t\r]*\n[ \t]*")
#: A full stop, question or exclamation mark, maybe closing quotes or brackets, then space and what
#: can open a sentence: a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*(?=\s+[\"“‘'(\[]*[A-Z0-9])")
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
_LAST_WORD = re.compile(r"([\w.]+)\.$")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Where each paragraph (text between blank lines) starts and ends, without its outer white space."""
    spans, start = [], 0
    for found in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, found.start()))
        start = found.end()
    spans.append((start, len(text)))
    return [_strip(text, a, b) for a, b in spans if text[a:b].strip()]


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order.

    A line break ends a sentence (a headline, a byline, a paragraph that is one line) unless the line
    ends in a lower-case letter, a comma or a hyphen and the next starts in lower case: then the text was
    wrapped inside a sentence. A full stop after an abbreviation (``U.S.``) or an initial ends none.
    """
    found: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        for l_start, l_end in _lines(text, p_start, p_end):
            start = l_start
            for stop in _SENTENCE_END.finditer(text, l_start, l_end):
                if _is_abbreviation(text[start:stop.start() + 1]):
                    continue
                found.append(Sentence(*_strip(text, start, stop.end()), number, len(found)))
                start = stop.end()
            if text[start:l_end].strip():
                found.append(Sentence(*_strip(text, start, l_end), number, len(found)))
    return [Sentence(a, b, s.paragraph, i) for i, (a, b, s) in enumerate(
        (a, b, s) for s in found for a, b in _pieces(text, s.start, s.end))]


#: The longest stretch read as one sentence: a longer one (a text without full stops) is cut at
#: semicolons, commas or spaces, so that reading a text takes time in proportion to its length.
LONGEST_SENTENCE = 800


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > LONGEST_SENTENCE:
        window = text[start:start + LONGEST_SENTENCE]
        cut = max(window.rfind("; "), window.rfind(", "))
        cut = cut + 1 if cut > LONGEST_SENTENCE // 2 else (window.rfind(" ") if window.rfind(" ") > 0 else len(window))
        pieces.append(_strip(text, start, start + cut))
        start = _strip(text, start + cut, end)[0]
    pieces.append((start, end))
    return [(a, b) for a, b in pieces if b > a]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The lines of a paragraph, wrapped lines joined: ``(start, end)`` of each."""
    lines, line_start = [], start
    for brk in _LINE_BREAK.finditer(text, start, end):
        before, after = text[brk.start() - 1:brk.start()], text[brk.end():brk.end() + 1]
        if (before.islower() or before in ",-;") and after.islower():
            continue  # a sentence wrapped over two lines
        lines.append((line_start, brk.start()))
        line_start = brk.end()
    lines.append((line_start, end))
    return [(a, b) for a, b in lines if text[a:b].strip()]


def _is_abbreviation(sentence: str) -> bool:
    last = _LAST_WORD.search(sentence)
    if not last:
        return False
    word = last.group(1).lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``: runs of letters and digits, and every other visible character alone.

    >>> [t.text for t in tokens("French-made GM200s, didn’t")]
    ['French', '-', 'made', 'GM200s', ',', 'didn', '’', 't']
    """
    found = _TOKEN.finditer(text, start, len(text) if end is None else end)
    return [Token(m.start(), m.end(), m.group()) for m in found]


def normal(phrase: str) -> str:
    """A phrase as the word lists are looked up: white space as one space, curly apostrophes and quotes
    straight.

    >>> normal("didn’t  deliver")
    "didn't deliver"
    """
    return " ".join(phrase.replace("’", "'").replace("‘", "'").split())

"""One sentence read for transfers: who supplies what to whom, at what stage, how many and for how much.

:func:`read_sentence` finds the actors, the equipment, the transfer words and the words that change
their status (all from :mod:`armsdata.draft.wording`), and the numbers (:mod:`armsdata.numbers`, the
validator's rules); then, for each piece of equipment, the transfer word that governs it, its
supplier and recipient, status, quantity and value, and why each was chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from armsdata.draft.text import Token, tokens
from armsdata.draft.parties import ActorMention, Mention, find_actors, parties
from armsdata.draft.wording import MODIFIER_ROLES, TRANSFER_ROLES, Entry, Wording
from armsdata.numbers import MONEY, SCALED, numbers_stated

#: How many words may stand between a modifier ("will", "refused to") and the transfer word it changes.
MODIFIER_REACH = 5
#: How many words may stand between a count and the equipment it counts ("50 French-made Bastion vehicles").
COUNT_REACH = 3
#: What joins an amount to the equipment after it: "two billion dollars' worth of (modern) weapons", "spent
#: $2 billion on Israeli weapons".
_WORTH_OF = re.compile(r"[’']?\s+(?:worth\s+of|on)\s+(?:[\w-]+\s+){0,2}")
#: Characters that end a clause: a modifier does not reach over them.
_CLAUSE_END = re.compile(r"[;:.!?]|\s[—–-]\s")
#: Words that refer back to an earlier sentence when they open one or stand before the equipment.
BACK_REFERENCE = re.compile(r"(?:[\"“‘(]*\s*)(?:(?:According to [^,]+, )?(?:these|this|those|such|it|they|the latter|"
                            r"the remaining|both))\b", re.IGNORECASE)
_DEMONSTRATIVE_BEFORE = re.compile(r"\b(?:these|those|the remaining|the same|such)\s+(?:[\w.-]+\s+){0,2}$",
                                   re.IGNORECASE)


@dataclass
class Finding:
    """One candidate transfer in one sentence."""

    supplier: str
    recipient: str
    system: str
    system_id: str
    category: str
    status: str
    quantity: str = ""
    quantity_qualifier: str = ""
    value: str = ""
    value_qualifier: str = ""
    currency: str = ""
    reasons: list[str] = field(default_factory=list)
    refers_back: bool = False
    missing: str = ""  #: "supplier" or "recipient" when the sentence does not name it


@dataclass
class Reading:
    """What one sentence says: its findings, and the actors it names (for the sentences around it)."""

    findings: list[Finding]
    actors: list[ActorMention]
    refers_back: bool  #: it opens with a word that refers to the sentence before ("These", "It")
    has_transfer: bool  #: it has a transfer word or a status word
    incomplete: list[Finding] = field(default_factory=list)  #: findings without supplier or recipient


def read_sentence(text: str, start: int, end: int, wording: Wording) -> Reading:
    """What the sentence ``text[start:end]`` says of transfers (offsets are into ``text``)."""
    words = tokens(text, start, end)
    equipment = _equipment(text, words, wording)
    found = [Mention(s, e, text[s:e], entry) for s, e, entry in wording.transfers.find(text, words)]
    actors = find_actors(text, words, wording, end, equipment, found)
    equipment = _without_contained([_widen(text, e, actors, start) for e in equipment])
    transfers = [m for m in found if m.entry.role in TRANSFER_ROLES]
    modifiers = [m for m in found if m.entry.role in MODIFIER_ROLES]
    refers_back = bool(BACK_REFERENCE.match(text, start, end))
    reading = Reading([], actors, refers_back, bool(transfers))
    if not transfers:
        return reading
    numbers = _numbers(text, start, end)
    equipment = sorted(equipment + _implied(transfers, equipment) + _counted_designations(text, numbers, equipment,
                                                                                         actors, end),
                       key=lambda m: m.start)
    sentence_status = _sentence_modifier(modifiers)
    previous = None
    for item in equipment:
        governing = _governing(text, item, transfers)
        status, status_why = _status(text, governing, transfers, modifiers, sentence_status)
        suppliers, recipients, why = parties(text, item, governing, transfers, actors, wording, start, end)
        if previous is not None and not suppliers and not recipients and previous[0] is governing:
            suppliers, recipients = previous[1], previous[2]  # "weaponry, including air defense systems"
            why = [f"supplier and recipient as for '{previous[3]}', in the same list"]
        previous = (governing, suppliers, recipients, item.text)
        finding = _finding(item, status, wording)
        finding.reasons += [status_why, *why]
        finding.refers_back = refers_back or bool(_DEMONSTRATIVE_BEFORE.search(text, max(start, item.start - 40),
                                                                                 item.start))
        _count(text, item, numbers, finding, wording, equipment)
        _value(text, item, equipment, numbers, finding, wording)
        if not suppliers or not recipients:
            missing = "supplier" if not suppliers else "recipient"
            named = list(dict.fromkeys(a.name for a in suppliers + recipients)) or [""]
            for name in named:  # "planned for Kyiv, these ... were redirected to Armenia": each recipient
                side = "recipient" if missing == "supplier" else "supplier"
                reading.incomplete.append(_copy(finding, missing=missing, **{side: name}))
            continue
        for s in suppliers:
            for r in recipients:
                if s.name != r.name:
                    reading.findings.append(_copy(finding, supplier=s.name, recipient=r.name))
    return reading


# --------------------------------------------------------------------------
# What the sentence names
# --------------------------------------------------------------------------


def _equipment(text: str, words: list[Token], wording: Wording) -> list[Mention]:
    """Systems and kinds of equipment; a run of them joined by brackets or quotes is one, the system's
    ("Thales Grand Master (GM) 200 radars", "air defense missile systems (MANPADS) “Mistral")."""
    found = [Mention(s, e, text[s:e], entry) for s, e, entry in wording.equipment.find(text, words)]
    merged: list[Mention] = []
    for item in found:
        if merged and re.fullmatch(r"[\s()“”\"'‘’«»]*", text[merged[-1].end:item.start]):
            last = merged[-1]
            entry = last.entry if last.entry.kind == "system" or item.entry.kind != "system" else item.entry
            merged[-1] = Mention(last.start, item.end, text[last.start:item.end], entry)
        else:
            merged.append(item)
    start, end = (words[0].start, words[-1].end) if words else (0, 0)
    return _transferable([m for m in merged if not _in_brackets(text, m, start, end)], text, start)


#: Words before equipment that make it a threat, not a transfer: "vulnerability to artillery", "against drones".
_THREAT_BEFORE = re.compile(r"\b(?:against|vulnerab\w*\s+to|threats?\s+(?:of|from)|exposed\s+to)\s+(?:the\s+)?$",
                            re.IGNORECASE)
#: Words after it that make it a use: "artillery fire", "drone attacks", "missile strikes".
_USE_AFTER = re.compile(r"\s+(?:fire|attacks?|strikes?|barrages?|shelling|raids?)\b", re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s+(?:the\s+)?")


def _transferable(equipment: list[Mention], text: str, start: int) -> list[Mention]:
    """The equipment a sentence may tell a transfer of: not a threat or a use ("deemed unsuited because of their
    vulnerability to artillery fire and anti-tank missiles"), nor what is listed with one."""
    kept, dropped_end = [], -1
    for item in equipment:
        use = _USE_AFTER.match(text, item.end)
        if (dropped_end >= 0 and _LIST_JOIN.fullmatch(text, dropped_end, item.start)) or use \
                or _THREAT_BEFORE.search(text, max(start, item.start - 30), item.start):
            dropped_end = use.end() if use else item.end  # "artillery fire and anti-tank missiles": both
            continue
        kept.append(item)
    return kept


def _in_brackets(text: str, item: Mention, start: int, end: int) -> bool:
    """An aside in brackets ("radars (for fighters, helicopters, drones)") names no transfer of its own."""
    opened = text.rfind("(", start, item.start)
    return opened >= 0 and text.rfind(")", opened, item.start) < 0 and text.find(")", item.end, end) >= 0


#: Words that end a name when widening it to the left ("the Patriot air defence systems").
_FUNCTION_WORDS = frozenset("the a an of to for from by with in on at and or as its their his her our these those this "
                            "that some all both several other more new first last remaining further additional "
                            "any".split())


def _after_a_name(text: str, at: int, start: int, actors: list[ActorMention]) -> bool:
    """Whether the word before ``at`` is a capitalised name, not a sentence's first word, a function word or
    an actor ("Hermes 900", not "the 900", "In 900" or "gave Ukraine 18")."""
    before = re.search(r"(?:^|(?<=\s))([A-Z][\w-]*)\s+$", text[max(start, at - 30):at])
    if not before or before.group(1).lower() in _FUNCTION_WORDS or at - len(before.group(0)) <= start:
        return False
    word_end = at - (len(before.group(0)) - len(before.group(1)))
    return not any(a.start < word_end and a.end > word_end - len(before.group(1)) for a in actors)


def _widen(text: str, item: Mention, actors: list[ActorMention], start: int) -> Mention:
    """The equipment with the words of its name before it: designations and capitalised names
    ("JF-17 Thunder fighter jets", "Patriot air defence systems"), words with digits or hyphens
    ("155mm artillery guns", "short-range missiles"); never a count, an actor or a "-made" word."""
    begin = item.start
    while True:
        found = re.search(r"([\w.’'-]+)\s+$", text[max(start, begin - 40):begin])
        if not found:
            break
        word, at = found.group(1), begin - len(found.group(0))
        if word.isdigit() and _after_a_name(text, at, start, actors):
            begin = at  # "Hermes 900 drones": the number is part of the name
            continue
        if at < start or any(a.start < begin and a.end > at for a in actors) or word.lower() in _FUNCTION_WORDS \
                or any(n.phrase == word for n in numbers_stated(word)) \
                or re.search(r"-(?:made|built|developed|produced|manufactured)$", word):
            break
        if re.search(r"\d", word) or re.fullmatch(r"[a-z]+(?:-[a-z]+)+", word) or (word[:1].isupper() and at > start):
            begin = at
            continue
        break
    return item if begin == item.start else Mention(begin, item.end, text[begin:item.end], item.entry)


def _without_contained(equipment: list[Mention]) -> list[Mention]:
    """One piece of equipment for the words of another widened over them ("the Mistral short-range air defence
    missiles": not 'Mistral' as well), with the system of systems.csv it names, if any."""
    kept: list[Mention] = []
    for item in sorted(equipment, key=lambda m: (m.start, -m.end)):
        if kept and kept[-1].start <= item.start and item.end <= kept[-1].end:
            last = kept[-1]
            if item.entry.kind == "system" and last.entry.kind != "system":
                kept[-1] = Mention(last.start, last.end, last.text, item.entry)
            continue
        kept.append(item)
    return kept


def _governing(text: str, item: Mention, transfers: list[Mention]) -> Mention:
    """The transfer word that governs a piece of equipment: the nearest before it, else the nearest after;
    not one that only describes it ("failed to provide ... ordered weapons"), when another comes before."""
    before = [t for t in transfers if t.start <= item.start]
    if len(before) > 1 and not text[before[-1].end:item.start].strip() and before[-1].text.endswith("ed"):
        before.pop()
    return before[-1] if before else min(transfers, key=lambda t: abs(t.start - item.end))


#: A designation: capitals (and letters) with digits, maybe a hyphen, a letter after and a plural "s"
#: ("F-16s", "Su-35", "MiG-29s", "K9", "J-10C").
_DESIGNATION = re.compile(r"\s+([A-Z][A-Za-z]{0,3}-?\d{1,4}[A-Z]{0,2}(?:s|[’']s)?)(?![\w-])")


def _counted_designations(text: str, numbers, equipment: list[Mention], actors: list[ActorMention],
                          end: int) -> list[Mention]:
    """A designation counted just before it, with no word for its kind ("19 F-16s"): equipment of an
    unspecified category."""
    found = []
    for s, e, stated in numbers:
        designation = _DESIGNATION.match(text, e, end) if stated.is_quantity else None
        if designation is None or any(m.start <= designation.start(1) < m.end for m in [*equipment, *actors]):
            continue
        words = designation.group(1)
        found.append(Mention(designation.start(1), designation.end(1), words,
                             Entry(words, "unspecified", kind="designation", origin="a designation after a count")))
    return found


def _implied(transfers: list[Mention], equipment: list[Mention]) -> list[Mention]:
    """What a transfer word itself says is transferred ("to arm Armenia": arms), where no equipment
    follows it before the next transfer word."""
    found = []
    for i, t in enumerate(transfers):
        following = transfers[i + 1].start if i + 1 < len(transfers) else float("inf")
        if t.entry.extra and not any(t.end <= e.start < following for e in equipment):
            found.append(Mention(t.start, t.end, t.entry.extra,
                                 Entry(t.entry.extra, "unspecified", kind="implied", origin="statuses.csv")))
    return found


# --------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------


def _sentence_modifier(modifiers: list[Mention]) -> Mention | None:
    """A denial beats an allegation; both change every transfer of the sentence."""
    whole = [m for m in modifiers if m.entry.role == "modifies_sentence"]
    denied = [m for m in whole if m.entry.meaning == "denied"]
    return (denied or whole or [None])[0]


def _status(text: str, governing: Mention, transfers: list[Mention], modifiers: list[Mention],
            sentence: Mention | None) -> tuple[str, str]:
    if sentence is not None:
        return sentence.entry.meaning, f"status {sentence.entry.meaning}: '{sentence.text}'"
    ordered = [governing] + sorted((t for t in transfers if t is not governing and t.entry.meaning),
                                   key=lambda t: (t.start > governing.start, abs(t.start - governing.start)))
    for word in ordered:
        modifier = _modifier_of(text, word, transfers, modifiers)
        if modifier is not None:
            return modifier.entry.meaning, f"status {modifier.entry.meaning}: '{modifier.text}' ... '{word.text}'"
        if word.entry.meaning:
            return word.entry.meaning, f"status {word.entry.meaning}: '{word.text}'"
    return "unspecified", f"status unspecified: '{governing.text}' states no stage"


def _modifier_of(text: str, word: Mention, transfers: list[Mention], modifiers: list[Mention]) -> Mention | None:
    """The modifier that changes ``word``: the nearest before it within reach and in its clause
    ("will be procured"), else one after it in its clause ("... should be studied")."""
    for m in sorted(modifiers, key=lambda m: -m.start):
        if m.entry.role == "modifies_next" and m.end <= word.start:
            between = text[m.end:word.start]
            if len(between.split()) <= MODIFIER_REACH and not _CLAUSE_END.search(between):
                return m
    for m in sorted(modifiers, key=lambda m: m.start):
        if m.entry.role == "modifies_previous" and m.start >= word.end:
            between = text[word.end:m.start]
            if not _CLAUSE_END.search(between) and not any(word.end <= t.start < m.start for t in transfers):
                return m
    return None


# --------------------------------------------------------------------------
# The finding and its numbers
# --------------------------------------------------------------------------


def _finding(item: Mention, status: str, wording: Wording) -> Finding:
    entry = item.entry
    if entry.kind == "system":
        system_id = entry.meaning
        category = wording.system_categories.get(system_id, "unspecified")
        why = f"system {system_id}: '{item.text}' is in systems.csv"
    else:
        system_id, category = "", entry.meaning
        why = (f"category {category}: '{item.text}' ({entry.origin})" if entry.kind != "implied"
               else f"no equipment named: '{entry.words}' implied by the transfer word")
    return Finding("", "", item.text, system_id, category, status, reasons=[why])


def _copy(finding: Finding, **changes) -> Finding:
    return Finding(**{**finding.__dict__, "reasons": list(finding.reasons), **changes})


def _numbers(text: str, start: int, end: int) -> list[tuple[int, int, object]]:
    """The numbers of the sentence as the validator reads them, with where each phrase stands."""
    sentence, found, position = text[start:end], [], 0
    for stated in numbers_stated(sentence):
        at = sentence.find(stated.phrase, position)
        if at < 0:
            continue
        found.append((start + at, start + at + len(stated.phrase), stated))
        position = at + len(stated.phrase)
    return found


def _qualifier(text: str, at: int, wording: Wording) -> tuple[str, str]:
    """The qualifier written just before ``at`` ("about 50", "close to half a billion"), else exact; not the
    end of a transfer word ("handed over three": no 'over')."""
    before = text[max(0, at - 30):at]
    words = before.split()
    for n in (3, 2, 1):
        if len(words) >= n:
            entry = wording.qualifiers.lookup(" ".join(words[-n:]))
            if entry is not None and before.endswith((" ", "\u00a0")) and not any(
                    wording.transfers.lookup(" ".join(words[-n - k:])) for k in (1, 2) if len(words) >= n + k):
                return entry.meaning, " ".join(words[-n:])
    return "exact", ""


def _count(text: str, item: Mention, numbers, finding: Finding, wording: Wording, equipment: list[Mention]) -> None:
    """The count written just before the equipment ("three GM200 radars", "50 Bastion vehicles"), not
    before another piece of equipment or a part of a name ("FK-3", "Grand Master (GM) 200")."""
    for s, e, stated in reversed(numbers):
        if re.search(r"[^\W\d_]-?$", text[max(0, s - 2):s]) or any(m.start <= s < m.end for m in equipment):
            continue  # part of a name: "FK-3", "Grand Master (GM) 200 radars", "Hermes 900 drones"
        if any(e <= m.start < item.start for m in equipment) or re.search(r"\band\b", text[e:item.start]):
            return
        if e <= item.start and stated.is_quantity:
            between = text[e:item.start]
            if len(between.split()) <= COUNT_REACH and not re.search(r"[,;:.()]", between):
                qualifier, words = _qualifier(text, s, wording)
                finding.quantity, finding.quantity_qualifier = _plain(stated.number), qualifier
                finding.reasons.append(f"quantity {_plain(stated.number)}: '{stated.phrase}'"
                                       + (f" ({qualifier}: '{words}')" if words else ""))
            return


def _value(text: str, item: Mention, equipment: list[Mention], numbers, finding: Finding, wording: Wording) -> None:
    """An amount of money after the equipment, before the next one ("weapons worth US $400 million"), or
    just before it as what it is worth ("two billion dollars' worth of weapons")."""
    following = [e for e in equipment if e.start > item.start]
    limit = following[0].start if following else len(text)
    worth_of = [(s, e, stated) for s, e, stated in numbers
                if stated.kind == MONEY and e <= item.start and _WORTH_OF.fullmatch(text, e, item.start)]
    after = [(s, e, stated) for s, e, stated in numbers if item.end <= s < limit and (
        stated.kind == MONEY or (stated.kind == SCALED and "worth" in text[item.end:s]))]
    for s, e, stated in (worth_of + after)[:1]:
        currency = _currency(stated.phrase, wording)
        if not currency:
            finding.reasons.append(f"value not given: '{stated.phrase}' names no currency")
            return
        qualifier, words = _qualifier(text, s, wording)
        finding.value, finding.value_qualifier, finding.currency = _plain(stated.number), qualifier, currency
        finding.reasons.append(f"value {_plain(stated.number)} {currency}: '{stated.phrase}'"
                               + (f" ({qualifier}: '{words}')" if words else ""))


def _currency(phrase: str, wording: Wording) -> str:
    for words, code in wording.currencies:
        if words.isalpha() and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", phrase, re.IGNORECASE):
            return code
        if not words.isalpha() and words in phrase:
            return code
    code = re.search(r"\b[A-Z]{3}\b", phrase)
    return code.group() if code else ""


def _plain(number: Decimal) -> str:
    return format(number, "f")


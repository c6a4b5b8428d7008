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
from armsdata.draft.wording import MODIFIER_ROLES, TRANSFER_ROLES, Entry, Wording
from armsdata.numbers import MONEY, SCALED, numbers_stated

#: How many words may stand between a modifier ("will", "refused to") and the transfer word it changes.
MODIFIER_REACH = 5
#: How many words may stand between a count and the equipment it counts ("50 French-made Bastion vehicles").
COUNT_REACH = 3
#: Characters that end a clause: a modifier does not reach over them.
_CLAUSE_END = re.compile(r"[;:.!?]|\s[—–-]\s")
#: What joins the actors of one group: "France and India", "Israel, Turkey, and other countries".
_JOINER = re.compile(r"^(?:\s*(?:,|\(|\)|and|or|&|as well as|along with)\s*)+$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^[’']s\b")
#: Words that refer back to an earlier sentence when they open one or stand before the equipment.
BACK_REFERENCE = re.compile(r"^(?:[\"“‘(]*\s*)(?:(?:According to [^,]+, )?(?:these|this|those|such|it|they|the latter|"
                            r"the remaining|both))\b", re.IGNORECASE)
_DEMONSTRATIVE_BEFORE = re.compile(r"\b(?:these|those|the remaining|the same|such)\s+(?:[\w.-]+\s+){0,2}$", re.IGNORECASE)


@dataclass
class Mention:
    """A phrase of the sentence and the word-list entry it matched."""

    start: int
    end: int
    text: str
    entry: Entry


@dataclass
class ActorMention(Mention):
    part: str = ""  #: supplier, recipient, party (either) or none (a speaker, a place)
    why: str = ""  #: the words that gave it its part


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
    actors = [a for a in _actors(text, words, wording, end) if not any(e.start <= a.start < e.end for e in equipment)]
    found = [Mention(s, e, text[s:e], entry) for s, e, entry in wording.transfers.find(text, words)]
    transfers = [m for m in found if m.entry.role in TRANSFER_ROLES]
    modifiers = [m for m in found if m.entry.role in MODIFIER_ROLES]
    refers_back = bool(BACK_REFERENCE.match(text, start, end))
    reading = Reading([], actors, refers_back, bool(transfers))
    if not transfers:
        return reading
    if not equipment:  # "to arm Armenia": the word itself says what is transferred
        equipment = [Mention(t.start, t.end, t.entry.extra, Entry(t.entry.extra, "unspecified", kind="implied",
                                                                  origin="statuses.csv"))
                     for t in transfers if t.entry.extra][:1]
    _give_parts(text, actors, transfers, equipment, wording)
    numbers = _numbers(text, start, end)
    sentence_status = _sentence_modifier(modifiers)
    for item in equipment:
        governing = _governing(item, transfers)
        status, status_why = _status(text, governing, transfers, modifiers, sentence_status)
        suppliers, recipients, why = _parties(text, item, governing, actors, wording)
        finding = _finding(item, status, wording)
        finding.reasons += [status_why, *why]
        finding.refers_back = refers_back or bool(_DEMONSTRATIVE_BEFORE.search(text, max(start, item.start - 40),
                                                                                 item.start))
        _count(text, item, numbers, finding, wording, start)
        _value(text, item, equipment, numbers, finding, wording)
        if not suppliers or not recipients:
            finding.missing = "supplier" if not suppliers else "recipient"
            finding.supplier = suppliers[0].entry.meaning if suppliers else ""
            finding.recipient = recipients[0].entry.meaning if recipients else ""
            reading.incomplete.append(finding)
            continue
        for s in suppliers:
            for r in recipients:
                if s.entry.meaning == r.entry.meaning:
                    continue
                reading.findings.append(_copy(finding, supplier=s.entry.meaning, recipient=r.entry.meaning))
    return reading


# --------------------------------------------------------------------------
# What the sentence names
# --------------------------------------------------------------------------


def _equipment(text: str, words: list[Token], wording: Wording) -> list[Mention]:
    """Systems and kinds of equipment; a run of them joined by brackets or quotes is one, the system's
    ("Thales Grand Master (GM) 200 radars", "air defense missile systems (MANPADS) “Mistral"); each
    widened to the left over words with digits or hyphens ("155mm artillery guns", "short-range missiles")."""
    found = [Mention(s, e, text[s:e], entry) for s, e, entry in wording.equipment.find(text, words)]
    merged: list[Mention] = []
    for item in found:
        if merged and re.fullmatch(r"[\s()“”\"'‘’«»]*", text[merged[-1].end:item.start]):
            last = merged[-1]
            entry = last.entry if last.entry.kind == "system" or item.entry.kind != "system" else item.entry
            merged[-1] = Mention(last.start, item.end, text[last.start:item.end], entry)
        else:
            merged.append(item)
    widened = []
    for item in merged:
        start = item.start
        while True:
            before = re.search(r"(?:^|\s)([\w.]*\d[\w.]*(?:-\w+)*|[a-z]+-[a-z]+(?:-[a-z]+)*)\s+$", text[max(0, start - 40):start])
            if not before or re.search(r"-(?:made|built|developed|produced|manufactured)$", before.group(1)):
                break
            start = start - (len(before.group(0)) - (1 if before.group(0)[0].isspace() else 0))
            if text[start:start + 1].isspace():
                start += 1
        if _is_count(text[start:item.start]):
            start = item.start  # "three GM200 radars": the count is no part of the name
        widened.append(Mention(start, item.end, text[start:item.end], item.entry))
    return widened


def _is_count(words: str) -> bool:
    return bool(words.strip()) and bool(re.fullmatch(r"[\d,.\s]+", words.strip()))


def _actors(text: str, words: list[Token], wording: Wording, end: int) -> list[ActorMention]:
    """The actors the sentence names, each with the part the words beside it give it."""
    found = []
    for s, e, entry in wording.actors.find(text, words):
        if entry.extra == "USA" and re.match(r"\s?\$", text[e:e + 2]):
            continue  # "US $250 million": a currency
        mention = ActorMention(s, e, text[s:e], entry)
        mention.part, mention.why = _part_from_words(text, mention, wording, end)
        found.append(mention)
    _drop_lone_unnamed(text, found)
    return found


def _drop_lone_unnamed(text: str, found: list[ActorMention]) -> None:
    """'others' and 'other countries' stand for an actor only beside a named one ('France, India, and others')."""
    for i in range(len(found) - 1, -1, -1):
        m = found[i]
        if m.entry.kind == "unnamed" and not m.entry.alone:
            before = found[i - 1] if i else None
            if before is None or not _JOINER.match(text[before.end:m.start]):
                del found[i]


def _part_from_words(text: str, mention: ActorMention, wording: Wording, end: int) -> tuple[str, str]:
    after = text[mention.end:min(end, mention.end + 40)]
    after = _POSSESSIVE.sub("", after)
    for entry in wording.roles_after:  # longest first
        words = entry.words
        pattern = (re.escape(words) if words.startswith("-") else r"\s+" + r"\s+".join(map(re.escape, words.split())))
        if re.match(pattern + r"(?!\w)", after, re.IGNORECASE):
            return entry.meaning, f"'{mention.text}{after[:len(after) - len(after.lstrip())]}{words.strip()}'"
    before = text[max(0, mention.start - 30):mention.start]
    for entry in wording.roles_before:
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, entry.words.split())) + r"\s+(?:the\s+)?$"
        if re.search(pattern, before, re.IGNORECASE):
            return entry.meaning, f"'{entry.words} {mention.text}'"
    if mention.entry.kind == "demonym":
        return "none", ""  # a demonym is a party only with words that say so ("French-made", "the Azerbaijani army")
    return "", ""


def _give_parts(text: str, actors: list[ActorMention], transfers: list[Mention], equipment: list[Mention],
                wording: Wording) -> None:
    """A demonym or a name with 's just before the equipment names its origin: the supplier
    ("French weaponry", "France's Caesar"); a group ("France and India") shares its part."""
    for actor in actors:
        for item in equipment:
            between = text[actor.end:item.start]
            if 0 <= len(between) <= 40 and re.fullmatch(r"(?:[’']s)?\s*(?:[\w-]+\s+){0,2}", between) \
                    and not any(t.start >= actor.end and t.end <= item.start for t in transfers) \
                    and actor.part in ("", "none", "party") and (actor.entry.kind == "demonym" or between[:2] in ("’s", "'s")):
                actor.part, actor.why = "supplier", f"'{text[actor.start:item.end]}' (made by or coming from it)"
                break
    for group in _groups(text, actors):
        parts = [a for a in group if a.part in ("supplier", "recipient")]
        if parts:
            for a in group:
                if a.part in ("", "party"):
                    a.part, a.why = parts[0].part, f"beside {parts[0].text} ({parts[0].why})"


def _groups(text: str, actors: list[ActorMention]) -> list[list[ActorMention]]:
    groups: list[list[ActorMention]] = []
    for actor in actors:
        if groups and _JOINER.match(text[groups[-1][-1].end:actor.start]) and actor.part != "none" \
                and groups[-1][-1].part != "none":
            groups[-1].append(actor)
        else:
            groups.append([actor])
    return groups


def _governing(item: Mention, transfers: list[Mention]) -> Mention:
    """The transfer word that governs a piece of equipment: the nearest before it, else the nearest after."""
    before = [t for t in transfers if t.start <= item.start]
    return before[-1] if before else min(transfers, key=lambda t: t.start - item.end)


def _parties(text: str, item: Mention, governing: Mention, actors: list[ActorMention],
             wording: Wording) -> tuple[list[ActorMention], list[ActorMention], list[str]]:
    """The suppliers and recipients of a piece of equipment, and why."""
    suppliers = [a for a in actors if a.part == "supplier"]
    recipients = [a for a in actors if a.part == "recipient"]
    why = [f"{a.entry.meaning} supplies: {a.why}" for a in suppliers] + \
          [f"{a.entry.meaning} receives: {a.why}" for a in recipients]
    free = [a for a in actors if a.part in ("", "party")]
    role = governing.entry.role
    subject = next((g for g in reversed(_groups(text, free)) if g[-1].end <= governing.start), None)
    obj = next((g for g in _groups(text, free) if g[0].start >= governing.end
                and re.fullmatch(r"\s*(?:the\s+)?", text[governing.end:g[0].start])), None)
    said = f"'{governing.text}'"
    if role == "supply":
        if subject and not suppliers:
            suppliers, why = subject, why + [f"{_names(subject)} supplies: named before {said}"]
        if obj and not recipients:
            recipients, why = obj, why + [f"{_names(obj)} receives: named just after {said}"]
    elif role == "acquire":
        if subject and not recipients:
            recipients, why = subject, why + [f"{_names(subject)} receives: named before {said}"]
        if obj and not suppliers:
            suppliers, why = obj, why + [f"{_names(obj)} supplies: named just after {said}"]
    taken = {id(a) for a in suppliers + recipients}
    rest = [a for a in free if id(a) not in taken and a.entry.meaning not in
            {b.entry.meaning for b in suppliers + recipients}]
    if rest and bool(suppliers) != bool(recipients):
        if suppliers:
            recipients, why = rest[:1], why + [f"{rest[0].entry.meaning} receives: the other party named"]
        else:
            suppliers, why = rest[:1], why + [f"{rest[0].entry.meaning} supplies: the other party named"]
    elif len(rest) >= 2 and not suppliers and not recipients:
        suppliers, recipients, guess = _guess_direction(rest, item, wording)
        why.append(guess)
    return suppliers, recipients, why


def _names(group: list[ActorMention]) -> str:
    return " and ".join(dict.fromkeys(a.entry.meaning for a in group))


def _guess_direction(rest: list[ActorMention], item: Mention, wording: Wording):
    """Two parties, the words say not which supplies: the producer of the system supplies, else an actor
    the corpus is about (actors.csv's subject) receives, else the first named supplies (a guess, said so)."""
    producer = wording.producers.get(item.entry.meaning, "") if item.entry.kind == "system" else ""
    names = [a.entry.meaning for a in rest]
    if producer in names:
        s = rest[names.index(producer)]
        r = next(a for a in rest if a.entry.meaning != producer)
        return [s], [r], f"{s.entry.meaning} supplies: it makes {item.text} (systems.csv); which supplies is not said"
    subject = [a for a in rest if a.entry.meaning in wording.subjects]
    if len(subject) == 1:
        r = subject[0]
        s = next(a for a in rest if a is not r and a.entry.meaning != r.entry.meaning)
        return [s], [r], (f"{r.entry.meaning} receives: an actor the corpus is about (actors.csv); which supplies "
                          "is not said: check")
    return [rest[0]], [rest[1]], "which supplies is not said: the first named taken as supplier, a guess: check"


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
    """The qualifier written just before ``at`` ("about 50", "close to half a billion"), else exact."""
    before = text[max(0, at - 30):at]
    words = before.split()
    for n in (3, 2, 1):
        if len(words) >= n:
            entry = wording.qualifiers.lookup(" ".join(words[-n:]))
            if entry is not None and before.endswith((" ", "\u00a0")):
                return entry.meaning, " ".join(words[-n:])
    return "exact", ""


def _count(text: str, item: Mention, numbers, finding: Finding, wording: Wording, start: int) -> None:
    """The count written just before the equipment ("three GM200 radars", "50 Bastion vehicles")."""
    for s, e, stated in reversed(numbers):
        if e <= item.start and stated.is_quantity:
            between = text[e:item.start]
            if len(between.split()) <= COUNT_REACH and not re.search(r"[,;:.()]", between):
                qualifier, words = _qualifier(text, s, wording)
                finding.quantity, finding.quantity_qualifier = _plain(stated.number), qualifier
                finding.reasons.append(f"quantity {_plain(stated.number)}: '{stated.phrase}'"
                                       + (f" ({qualifier}: '{words}')" if words else ""))
            return


def _value(text: str, item: Mention, equipment: list[Mention], numbers, finding: Finding, wording: Wording) -> None:
    """An amount of money after the equipment, before the next one ("weapons worth US $400 million")."""
    following = [e for e in equipment if e.start > item.start]
    limit = following[0].start if following else len(text)
    for s, e, stated in numbers:
        if item.end <= s < limit and (stated.kind == MONEY or (stated.kind == SCALED and "worth" in text[item.end:s])):
            currency = _currency(stated.phrase, wording)
            if not currency:
                finding.reasons.append(f"value not given: '{stated.phrase}' names no currency")
                return
            qualifier, words = _qualifier(text, s, wording)
            finding.value, finding.value_qualifier, finding.currency = _plain(stated.number), qualifier, currency
            finding.reasons.append(f"value {_plain(stated.number)} {currency}: '{stated.phrase}'"
                                   + (f" ({qualifier}: '{words}')" if words else ""))
            return


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


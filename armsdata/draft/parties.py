"""Who supplies and who receives: the actors a sentence names, and the part each plays in a transfer.

The words beside an actor may say its part (``roles.csv``): "to Armenia", "for Kyiv" (recipient),
"from France", "by Paris", "French-made", "the French company" (supplier), "the Azerbaijani army"
(recipient), "Turkish President", "Serbian media" (a speaker or a source: no party), "a visit to
Armenia", "a conference in Baku" (a place: no party). Else its place beside the transfer word does:
the subject of "delivered" supplies, the subject of "received" receives, the object of "arm" receives.
A demonym with none of these words is no party ("Armenian territory"), except just before the
equipment, where it names its origin ("French weaponry", "Turkish drones").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from armsdata.draft.text import Token
from armsdata.draft.wording import Wording

#: What joins the actors of one list: "France and India", "Israel, Turkey, and other countries".
_AND = re.compile(r"^\s*(?:,?\s*(?:and|or|&|as well as|along with)|\(\s*and|\)\s*and)\s*(?:\(\s*)?$", re.IGNORECASE)
_COMMA = re.compile(r"^\s*[,(]\s*$|^\s*\)\s*,?\s*$")
_POSSESSIVE = re.compile(r"^[’']s\b")
_OWNER = re.compile(r"[’']s\b")  #: matched where an actor ends: "Armenia's"
_AFTER_COMMA = re.compile(r",\s*$")
#: A transfer word used as a noun ("the purchase of", "its delivery") has no subject but a possessive.
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her|any|future|new|further|another)\s+"
                                r"(?:[\w-]+\s+)?$", re.IGNORECASE)
#: Where a clause ends, for the actors a transfer word may reach without a word that says their part.
_CLAUSE = re.compile(r"[;:—–()\[\]]|,\s|\.\s")
#: Words after which the rest of the sentence is who said it ("..., says Turkey's Erdogan").
_SAID = re.compile(r"[,:]\s*[\"”’']?\s*(?:says|said|told|added|stated|reported|according to)\b", re.IGNORECASE)


#: The parts (roles.csv) of an actor that neither supplies nor receives: a person speaking ("Turkish
#: President"), a source ("Serbian media"), a place ("a conference in Baku").
NO_PARTY = ("speaker", "source", "place")


@dataclass(eq=False)  # the same words twice in a sentence are two mentions: compared by identity
class Mention:
    """A phrase of the sentence and the word-list entry it matched."""

    start: int
    end: int
    text: str
    entry: object


@dataclass(eq=False)
class ActorMention(Mention):
    part: str = ""  #: supplier, recipient, party, none, or '' when no word beside it says
    where: str = ""  #: before or after: where the words that say its part stand
    cue: str = ""  #: those words, for the notes
    cue_start: int = -1  #: where the words before it that say its part start
    attached: Mention | None = None  #: the transfer or status word just before those words ("planned for Kyiv")

    @property
    def name(self) -> str:
        return self.entry.meaning

    @property
    def party(self) -> bool:
        """Whether it may supply or receive: not a speaker, a source or a place."""
        return self.part not in NO_PARTY

    @property
    def source(self) -> bool:
        """A source that may stand for its state ("Armenian news site", "Egypt's foreign ministry"), or a bare
        demonym."""
        return self.part == "source" or (self.part == "" and self.entry.kind == "demonym")


def find_actors(text: str, words: list[Token], wording: Wording, end: int,
                inside: list[Mention], status_words: list[Mention] = ()) -> list[ActorMention]:
    """The actors a sentence names (none inside the name of a system: ``inside``), with the part the
    words beside each give it, and the transfer or status word (of ``status_words``) those words follow."""
    found = []
    for s, e, entry in wording.actors.find(text, words):
        if entry.extra == "USA" and re.match(r"\s?\$", text[e:e + 2]):
            continue  # "US $250 million": a currency
        if any(m.start <= s < m.end for m in inside):
            continue
        mention = ActorMention(s, e, text[s:e], entry)
        mention.part, mention.where, mention.cue = _part_from_words(text, mention, wording, end)
        if mention.where == "before" and entry.kind == "demonym" and _before_equipment(text, mention, inside):
            mention.part = mention.where = mention.cue = ""  # "an order for Chinese submarines": their origin
            mention.cue_start = -1
        if mention.where == "before":
            mention.attached = next((w for w in reversed(status_words) if w.end <= mention.cue_start
                                     and len(text[w.end:mention.cue_start].split()) <= 1
                                     and w.entry.role != "modifies_sentence"), None)
        found.append(mention)
    for i in range(len(found) - 1, -1, -1):  # "others" stands for an actor only in a list with a named one
        m = found[i]
        if m.entry.kind == "unnamed" and not m.entry.alone and not (i and _joined(text, found[i - 1], m)):
            del found[i]
    return found


def _before_equipment(text: str, actor: ActorMention, equipment: list[Mention]) -> bool:
    """Whether a piece of equipment follows the actor within two words ("Chinese submarines", "Chinese diesel
    submarines")."""
    return any(m.start >= actor.end and re.fullmatch(r"\s+(?:[\w-]+\s+){0,2}", text[actor.end:m.start])
               for m in equipment)


@lru_cache(maxsize=1024)
def _after(words: str) -> re.Pattern:
    """The words of roles.csv that say an actor's part when they follow it ("army", "-made")."""
    pattern = re.escape(words) if words.startswith("-") else r"\s+" + r"\s+".join(map(re.escape, words.split()))
    return re.compile(pattern + r"(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _before(words: str) -> re.Pattern:
    """The words of roles.csv that say an actor's part when they precede it ("to", "visit to")."""
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words.split())) + _APPOSITION, re.IGNORECASE)


def _part_from_words(text: str, mention: ActorMention, wording: Wording, end: int) -> tuple[str, str, str]:
    after = _POSSESSIVE.sub("", text[mention.end:min(end, mention.end + 40)])
    for entry in wording.roles_after:  # longest first
        words = entry.words
        if _after(words).match(after):
            return entry.meaning, "after", f"'{mention.text} {words.strip()}'".replace(" -", "-")
    offset = max(0, mention.start - 60)
    before = text[offset:mention.start]
    for entry in wording.roles_before:
        found = _before(entry.words).search(before)
        if found:
            if entry.meaning == "recipient" and re.match(r"\s+to\s+\w", text[mention.end:mention.end + 20]):
                return "", "", ""  # "plans for the EU to provide": the subject of what follows
            mention.cue_start = offset + found.start()
            return entry.meaning, "before", f"'{entry.words} {mention.text}'"
    return "", "", ""


#: What may stand between a word that says an actor's part and the actor: "from countries such as France".
_APPOSITION = (r"\s+(?:the\s+)?(?:(?:other\s+)?(?:countries|nations|states|partners|suppliers|governments)"
               r"(?:,)?\s+(?:such\s+as|like|including)\s+)?$")


def _joined(text: str, a: ActorMention, b: ActorMention) -> bool:
    between = text[a.end:b.start]
    return bool(_AND.match(between) or _COMMA.match(between))


def groups(text: str, actors: list[ActorMention]) -> list[list[ActorMention]]:
    """Actors named as one list ("France and India", "Israel, Turkey, and other countries"); a run joined
    by commas alone is no list ("Armenia, Turkey slams ...")."""
    found: list[list[ActorMention]] = []
    closed = True
    for actor in actors:
        between = text[found[-1][-1].end:actor.start] if found else ""
        if found and (_AND.match(between) or (not closed and _COMMA.match(between))):
            found[-1].append(actor)  # "France (and Greece) and India"; after an 'and', a comma ends the list
            closed = closed or bool(_AND.match(between))
        else:
            found.append([actor])
            closed = False
    lists = []
    for group in found:
        last_and = max((i for i in range(1, len(group)) if _AND.match(text[group[i - 1].end:group[i].start])),
                       default=0)
        whole = group[:last_and + 1]
        lists += [whole[i:i + LONGEST_LIST] for i in range(0, len(whole), LONGEST_LIST)]
        lists += [[a] for a in group[last_and + 1:]]
    return lists


#: The most actors read as one list: a longer run joined by "and" is no list of suppliers or recipients.
LONGEST_LIST = 8


def parties(text: str, item, governing, transfers, actors: list[ActorMention], wording: Wording,
            sentence_start: int, sentence_end: int) -> tuple[list[ActorMention], list[ActorMention], list[str]]:
    """The suppliers and recipients of the equipment ``item`` that the transfer word ``governing`` governs,
    and why each was taken."""
    actors = [a if _cue_holds(a, item, governing, transfers) else _free(a) for a in actors]
    lists = groups(text, actors)
    said = _SAID.search(text, min(item.end, governing.end), sentence_end)
    limit = said.start() if said else sentence_end
    usable = [a for a in actors if a.party and a.start < limit]
    role = governing.entry.role
    noun = bool(_DETERMINER_BEFORE.search(text, max(sentence_start, governing.start - 30), governing.start)) \
        or text[governing.end:governing.end + 4] == " of "
    why: list[str] = []

    def chosen(picked: list[ActorMention], reason: str, part: str) -> list[ActorMention]:
        picked = _with_list(picked, lists)
        if picked:
            why.append(f"{_names(picked)} {'supplies' if part == 'supplier' else 'receives'}: {reason}")
        return picked

    cued_s = chosen([a for a in usable if a.part == "supplier" and a.where == "before"],
                    "'" + "', '".join(a.cue.strip("'") for a in usable if a.part == "supplier" and a.where == "before")
                    + "'", "supplier")
    cued_r = chosen([a for a in usable if a.part == "recipient" and a.where == "before"],
                    "'" + "', '".join(a.cue.strip("'") for a in usable if a.part == "recipient"
                                      and a.where == "before") + "'", "recipient")
    origin = [] if cued_s or item.entry.kind == "implied" else \
        chosen(_origin(text, item, actors, transfers), f"'{item.text}' comes from it", "supplier")
    subject = [] if noun else _subject(text, governing, usable, lists, sentence_start, transfers)
    possessive = _possessive(text, governing, usable, sentence_start) if noun else []
    obj = [] if noun else _object(text, governing, usable, lists)
    suppliers = cued_s or origin
    recipients = cued_r
    doer = subject or possessive
    said_word = f"'{governing.text}'"
    if role == "supply":
        if not suppliers and doer:
            suppliers = chosen(doer, f"it {'is named before' if subject else 'owns'} {said_word}", "supplier")
        if not recipients and obj:
            recipients = chosen(obj, f"named just after {said_word}", "recipient")
    if (role == "deal" or noun) and not suppliers and not recipients:
        deal = next((t for t in reversed(transfers) if t.start <= governing.start and t.entry.role == "deal"), None)
        doer = (_subject(text, deal, usable, lists, sentence_start, transfers)
                or _possessive(text, deal, usable, sentence_start)) if deal is not None else []
        partner = _with(text, deal, usable, lists) if deal is not None else []
        if len({a.name for a in doer}) >= 2 and not partner:  # "Armenia and France finalised a deal for"
            doer, partner = [doer[0]], [a for a in doer if a.name != doer[0].name]
        one_list = bool(doer and partner) and any(partner[0] in g and doer[0] in g for g in lists)
        if doer and partner and role == "acquire" and not one_list:
            # "Serbia signed a contract with China for the purchase of"
            recipients = chosen(doer, f"it signs '{deal.text}' for '{governing.text}'", "recipient")
            suppliers = chosen(partner, f"'{deal.text} with' it", "supplier")
        elif doer and partner:  # "Paris and Yerevan would formalize agreements on the purchase of": which buys?
            suppliers, recipients, guess = _guess_direction([doer[0], partner[0]], item, wording)
            if not one_list:
                suppliers, recipients = _with_list(suppliers, lists), _with_list(recipients, lists)
            why.append(guess + f" ('{deal.text}')")
    elif role == "acquire":
        if not recipients and doer:
            recipients = chosen(doer, f"it {'is named before' if subject else 'owns'} {said_word}", "recipient")
        if not suppliers and obj:
            suppliers = chosen(obj, f"named just after {said_word}", "supplier")
    if not suppliers:
        suppliers = chosen([a for a in usable if a.part == "supplier" and a.where == "after"],
                           "'" + "', '".join(a.cue.strip("'") for a in usable if a.part == "supplier"
                                             and a.where == "after") + "'", "supplier")
    if not recipients:
        recipients = chosen([a for a in usable if a.part == "recipient" and a.where == "after"],
                            "'" + "', '".join(a.cue.strip("'") for a in usable if a.part == "recipient"
                                              and a.where == "after") + "'", "recipient")
    suppliers, recipients = _apart(suppliers, recipients)
    if bool(suppliers) != bool(recipients):
        _the_other(text, item, governing, usable, suppliers, recipients, why, sentence_start)
    elif not suppliers:
        near = _in_clause(text, item, governing, [a for a in usable if a.part in ("", "party")], sentence_start)
        names = list(dict.fromkeys(a.name for a in near))
        if len(names) >= 2:
            suppliers, recipients, guess = _guess_direction(near, item, wording)
            why.append(guess)
    if bool(suppliers) != bool(recipients):  # a speaker or source of the sentence stands for the missing side
        missing, part = (recipients, "receives") if suppliers else (suppliers, "supplies")
        taken = {a.name for a in suppliers + recipients}
        sources = list(dict.fromkeys(a.name for a in actors if a.source and a.name not in taken))
        if len(sources) == 1:
            source = next(a for a in actors if a.name == sources[0])
            missing.append(source)
            why.append(f"{source.name} {part}: only the source of the sentence "
                       f"('{source.text}') is left, a guess: check")
    return suppliers, recipients, why


def _cue_holds(actor: ActorMention, item, governing, transfers) -> bool:
    """Whether "to X", "from X", "by X" is about this transfer: it follows the equipment or its transfer
    word ("supplied arms to Armenia"), or follows a transfer or status word with no other transfer word
    between it and the equipment ("initially planned for Kyiv, these vehicles were redirected");
    not "a warning to France ... against arming Armenia"."""
    if actor.where != "before" or actor.part not in ("supplier", "recipient"):
        return True
    if actor.start > min(item.start, governing.start):
        return True
    at = actor.attached
    if at is None:
        return False
    return not any(at.end <= t.start < item.start and t is not governing for t in transfers)


def _free(actor: ActorMention) -> ActorMention:
    return ActorMention(actor.start, actor.end, actor.text, actor.entry)


def _with(text: str, governing, usable: list[ActorMention], lists) -> list[ActorMention]:
    """The partner of a deal: "signed multiple weapons deals with India and France"."""
    for group in lists:
        first = group[0]
        if first in usable and first.start >= governing.end and \
                re.search(r"\bwith\s+(?:the\s+)?$", text[governing.end:first.start]) \
                and len(text[governing.end:first.start].split()) <= 8:
            return [a for a in group if a in usable]
    return []


def _with_list(picked: list[ActorMention], lists: list[list[ActorMention]]) -> list[ActorMention]:
    """The actors picked, with the others named in a list with them."""
    out: list[ActorMention] = []
    for a in picked:
        for group in lists:
            if a in group:
                out += [b for b in group if b not in out and b.party]
    return out


def _names(group: list[ActorMention]) -> str:
    return " and ".join(dict.fromkeys(a.name for a in group))


def _apart(suppliers: list[ActorMention], recipients: list[ActorMention]):
    """An actor named as both keeps the part the words beside one of its mentions give it ("Sweden and Brazil
    signed ... to the Brazilian Air Force": Brazil receives), else the supplier's."""
    receives = {a.name for a in recipients if a.part == "recipient"}
    supplies = {a.name for a in suppliers if a.part == "supplier"}
    suppliers = [a for a in suppliers if a.name not in receives - supplies]
    names = {a.name for a in suppliers}
    return suppliers, [a for a in recipients if a.name not in names]


def _origin(text: str, item, actors: list[ActorMention], transfers) -> list[ActorMention]:
    """A demonym or a name with 's just before the equipment ("French weaponry", "France's Caesar"), or
    a '-made' word before it ("French-made Mistral")."""
    found = []
    for actor in actors:
        if actor.end > item.start or item.start - actor.end > 40:
            continue
        between = text[actor.end:item.start]
        attached = re.fullmatch(r"(?:[’']s)?\s*(?:-\w+\s+)?(?:[\w-]+\s+){0,2}", between)
        if not attached or any(actor.end <= t.start < item.start for t in transfers):
            continue
        made_by = actor.part == "supplier" and actor.where == "after"  # "French-made"
        if actor.entry.kind == "demonym" or between[:2] in ("’s", "'s") or made_by:
            found.append(actor)
    return found[-1:]


def _subject(text: str, governing, usable: list[ActorMention], lists, sentence_start: int,
             transfers=()) -> list[ActorMention]:
    """The list of actors named last before the transfer word, with no part said by the words beside them
    and no ';' between; not the partner of a deal ("signed a contract with Israel to acquire"). A participle
    after a comma ("India has overtaken Russia as Armenia's supplier, delivering ...") has the subject of the
    sentence: the first list of actors in it that no word beside them gives a part or makes an owner."""
    if governing.text.endswith("ing") and _AFTER_COMMA.search(text, max(sentence_start, governing.start - 3),
                                                                 governing.start):
        for group in lists:
            members = [a for a in group if a in usable and a.part in ("", "party") and a.where != "before"
                       and not _OWNER.match(text, a.end)]
            if group[0].start >= governing.start:
                break
            if members:
                return members
    for group in reversed(lists):
        if group[-1].end <= governing.start and all(a.part == "speaker" for a in group):
            return []  # "Turkish President Erdogan described the plan to arm Armenia": the speaker's sentence
        if any(_with(text, t, group, [group]) for t in transfers if t.entry.role == "deal" and t.end <= group[0].start):
            continue  # "signed a contract with Israel to acquire": a partner, not the subject
        members = [a for a in group if a in usable and a.part in ("", "party", "recipient", "supplier")
                   and a.where != "before"]
        if members and group[-1].end <= governing.start and ";" not in text[group[-1].end:governing.start]:
            return [a for a in members if a.part in ("", "party") or a.where == "after"]
    return []


def _possessive(text: str, governing, usable: list[ActorMention], sentence_start: int) -> list[ActorMention]:
    """The owner of a transfer noun: "Armenia's recent procurement", "France's decision to supply"."""
    for actor in usable:
        between = text[actor.end:governing.start]
        if re.fullmatch(r"[’']s\s+(?:[\w-]+\s+){0,2}", between):
            return [actor]
    return []


def _object(text: str, governing, usable: list[ActorMention], lists) -> list[ActorMention]:
    """The actors named just after the transfer word ("supplying Armenia with", "to arm Armenia")."""
    for group in lists:
        first = group[0]
        if first in usable and first.start >= governing.end and \
                re.fullmatch(r"\s*(?:the\s+)?", text[governing.end:first.start]) and first.part in ("", "party"):
            return [a for a in group if a in usable]
    return []


def _in_clause(text: str, item, governing, candidates: list[ActorMention], sentence_start: int) -> list[ActorMention]:
    """The actors in the clause of the equipment or of its transfer word (no comma, semicolon or bracket between)."""
    low, high = min(item.start, governing.start), max(item.end, governing.end)
    found = []
    for a in candidates:
        span = text[min(a.end, low):max(a.start, high)] if a.end <= low or a.start >= high else ""
        if not _CLAUSE.search(span.replace(a.text, "")):
            found.append(a)
    return found


def _the_other(text: str, item, governing, usable, suppliers, recipients, why, sentence_start) -> None:
    """One side named: the other is the one other party in the clause of the equipment or its transfer word."""
    taken = {a.name for a in suppliers + recipients}
    near = [a for a in _in_clause(text, item, governing, [a for a in usable if a.part in ("", "party")],
                                  sentence_start) if a.name not in taken]
    if near:
        closest = min(near, key=lambda a: min(abs(a.start - item.end), abs(item.start - a.end),
                                              abs(a.start - governing.end), abs(governing.start - a.end)))
        missing, part = (recipients, "receives") if suppliers else (suppliers, "supplies")
        missing += [a for a in _with_list([closest], groups(text, usable)) if a.name not in taken]
        why.append(f"{_names(missing)} {part}: the other party named beside it")


def _guess_direction(near: list[ActorMention], item, wording: Wording):
    """Two parties, the words say not which supplies: the producer of the system supplies, else an actor
    the corpus is about (actors.csv's subject) receives, else the first named supplies (a guess, said so)."""
    producer = wording.producers.get(item.entry.meaning, "") if item.entry.kind == "system" else ""
    names = [a.name for a in near]
    if producer in names:
        s = near[names.index(producer)]
        r = next(a for a in near if a.name != producer)
        return [s], [r], f"{s.name} supplies: it makes {item.text} (systems.csv); which supplies is not said: check"
    subject = list(dict.fromkeys(n for n in names if n in wording.subjects))
    if len(subject) == 1:
        r = near[names.index(subject[0])]
        s = next(a for a in near if a.name != r.name)
        return [s], [r], (f"{r.name} receives: an actor the corpus is about (actors.csv's subject); which supplies "
                          "is not said: check")
    s = near[0]
    r = next(a for a in near if a.name != s.name)
    return [s], [r], "which supplies is not said: the first named taken as supplier, a guess: check"

"""A text's findings, sentence by sentence, made into candidate rows of transfers.csv.

A sentence that names only one side of a transfer ("France had already delivered 24 vehicles") takes
the other from the sentence before it (in its paragraph or ending the one before), and its quote then
holds both sentences; so
does a sentence that refers back ("These vehicles ...", "This fact was denied ..."). A sentence that
only goes on about the transfer of the one before it ("It was the first export of PINAKA by India")
is added to that one's quote rather than proposed again. Every quote is a slice of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from armsdata import schema
from armsdata.draft.reading import Finding, Reading, read_sentence
from armsdata.draft.text import Sentence, sentences
from armsdata.draft.wording import Wording
from armsdata.numbers import supports_quantity, supports_value

#: What every draft's notes open with.
DRAFT_NOTE = "DRAFT (armsdata draft), check every field against the quote"


@dataclass
class Draft:
    start: int  #: where its quote starts in the text
    end: int
    finding: Finding
    context: str = ""  #: why the quote holds the sentence before or after


def draft_findings(text: str, wording: Wording) -> list[Draft]:
    """The candidate transfers of ``text``, in text order, each with the span of its quote."""
    found = sentences(text)
    readings = [read_sentence(text, s.start, s.end, wording) for s in found]
    drafts: list[Draft] = []
    by_sentence: dict[int, list[Draft]] = {}
    lead_in: list[Finding] = []  # what the sentence before told of a transfer without naming both sides
    for i, (sentence, reading) in enumerate(zip(found, readings)):
        before = found[i - 1] if i else None  # news paragraphs are often one sentence: the one before may end one
        mine = _complete(sentence, reading, before)
        filled = _filled(sentence, reading, before, readings[i - 1] if before else None, by_sentence.get(i - 1, []))
        for draft in mine if before is not None and lead_in and before.paragraph == sentence.paragraph else []:
            if any(_fits(f, draft.finding) for f in lead_in):  # "... disclosed the intention to transfer armaments."
                draft.start = before.start
                draft.context = "the sentence before tells of the same transfer"
        lead_in = reading.incomplete if not filled else []
        earlier = by_sentence.get(i - 1, []) if before else []
        for draft in filled:
            same = [d for d in earlier if _pair(d) == _pair(draft)]
            if same and draft.finding.status == "unspecified":  # it goes on about the transfer before
                for d in same:
                    d.end = sentence.end
                    d.context = "the next sentence goes on about it"
            else:
                mine.append(draft)
        if not mine and reading.refers_back and earlier and not reading.has_transfer and _names_any(reading, earlier) \
                and before.paragraph == sentence.paragraph:
            for d in earlier:  # "These countries are creating illusions ...": more of the same claim
                d.end = sentence.end
                d.context = "the next sentence refers back to it"
        by_sentence[i] = mine
        drafts += mine
    return _unique(drafts)


def _complete(sentence: Sentence, reading: Reading, before: Sentence | None) -> list[Draft]:
    drafts = []
    for finding in reading.findings:
        if finding.supplier == finding.recipient or finding.supplier == finding.recipient == schema.UNKNOWN_ACTOR:
            continue
        if finding.refers_back and before is not None:
            drafts.append(Draft(before.start, sentence.end, finding, "the sentence refers back to the one before"))
        else:
            drafts.append(Draft(sentence.start, sentence.end, finding))
    return drafts


def _filled(sentence: Sentence, reading: Reading, before: Sentence | None, previous: Reading | None,
            previous_drafts: list[Draft]) -> list[Draft]:
    """Findings that name one side only, the other side taken from the sentence before."""
    if before is None or previous is None:
        return []
    drafts = []
    for finding in reading.incomplete:
        missing = finding.missing
        named = finding.supplier or finding.recipient
        if not named:
            pairs = {(d.finding.supplier, d.finding.recipient) for d in previous_drafts}
            if len(pairs) != 1:
                continue
            supplier, recipient = pairs.pop()
            why = f"{supplier} supplies and {recipient} receives: as in the sentence before"
        else:
            other = _other_side(missing, named, previous, previous_drafts)
            if other is None:
                continue
            supplier, recipient = (other, named) if missing == "supplier" else (named, other)
            why = f"{other} {'supplies' if missing == 'supplier' else 'receives'}: named in the sentence before"
        one = Finding(**{**finding.__dict__, "reasons": [*finding.reasons, why], "supplier": supplier,
                         "recipient": recipient, "missing": ""})
        drafts.append(Draft(before.start, sentence.end, one, "the other side is named in the sentence before"))
    return drafts


def _other_side(missing: str, named: str, previous: Reading, previous_drafts: list[Draft]) -> str | None:
    """The actor of the sentence before that plays the missing part: the one its drafts give that part,
    else the only actor it names (besides ``named``) that is a party and that no word beside it gives the
    other part ("France's continued military aid to Yerevan": France, for a missing supplier)."""
    sides = {getattr(d.finding, missing) for d in previous_drafts} - {named}
    if len(sides) == 1:
        return sides.pop()
    other_part = "recipient" if missing == "supplier" else "supplier"
    others = {a.entry.meaning for a in previous.actors if a.party and a.part != other_part} - {named}
    return others.pop() if len(others) == 1 else None


def _fits(part: Finding, whole: Finding) -> bool:
    """Whether a finding naming one side or none may be the same transfer as ``whole``."""
    return (not part.supplier or part.supplier == whole.supplier) and \
        (not part.recipient or part.recipient == whole.recipient)


def _names_any(reading: Reading, drafts: list[Draft]) -> bool:
    names = {a.entry.meaning for a in reading.actors}
    return any(d.finding.supplier in names or d.finding.recipient in names for d in drafts)


def _pair(draft: Draft) -> tuple[str, str]:
    return draft.finding.supplier, draft.finding.recipient


def _unique(drafts: list[Draft]) -> list[Draft]:
    """One draft per quote, pair, system and status: the same transfer found twice is proposed once."""
    seen: dict[tuple, Draft] = {}
    for d in drafts:
        f = d.finding
        key = (f.supplier, f.recipient, f.system_id or f.system.lower(), f.status, f.quantity)
        same = seen.get(key)
        if same is not None and same.start <= d.end and d.start <= same.end:
            same.start, same.end = min(same.start, d.start), max(same.end, d.end)
            continue
        seen[key if same is None else (*key, d.start)] = d
    return sorted(seen.values(), key=lambda d: (d.start, d.end))


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------


def quote_of(text: str, start: int, end: int) -> str:
    """The quote of a span: the text as it is, a line break inside it read as the space it stands for."""
    return re.sub(r"\s*\n\s*", " ", text[start:end])


def draft_rows(text: str, wording: Wording, source_id: str) -> list[dict[str, str]]:
    """Candidate rows of transfers.csv for ``text``: every column, '' where the text does not say."""
    rows = []
    for number, draft in enumerate(draft_findings(text, wording), start=1):
        f = draft.finding
        quote = quote_of(text, draft.start, draft.end)
        reasons = list(f.reasons)
        if f.quantity and not supports_quantity(quote, f.quantity):
            reasons.append(f"quantity {f.quantity} left out: the validator does not read it in the quote")
            f.quantity = f.quantity_qualifier = ""
        if f.value and not supports_value(quote, f.value):
            reasons.append(f"value {f.value} left out: the validator does not read it in the quote")
            f.value = f.value_qualifier = f.currency = ""
        if draft.context:
            reasons.append(f"quote: {draft.context}")
        deal_id, parent, overlaps = _deal(f, wording)
        flags = [f"'{a}' is not in actors.csv: add it (or name an actor listed there)"
                 for a in dict.fromkeys((f.supplier, f.recipient)) if a not in wording.known_actors]
        row = {c: "" for c in schema.TRANSFERS.columns}
        row.update(claim_id=f"{source_id}-d{number:02d}", deal_id=deal_id, parent_deal_id=parent,
                   overlaps_deal_id=overlaps, source_id=source_id, supplier=f.supplier, recipient=f.recipient,
                   system=f.system, system_id=f.system_id, category=f.category, quantity=f.quantity,
                   quantity_qualifier=f.quantity_qualifier, value=f.value, value_qualifier=f.value_qualifier,
                   currency=f.currency, status=f.status, quote=quote,
                   notes="; ".join([DRAFT_NOTE, *flags, *(r for r in reasons if r)]) + ".")
        rows.append({c: row[c] for c in schema.TRANSFERS.columns})
    return rows


def _deal(f: Finding, wording: Wording) -> tuple[str, str, str]:
    """The deal of transfers.csv with the same supplier, recipient and system (its parent and overlap too, as
    every claim of a deal shares them), else ``<supplier>-<recipient>-<system_id, kind or 'general'>``
    (with the parent and overlap of a deal of that id, if there is one)."""
    known = wording.deals.get((f.supplier, f.recipient, f.system_id)) if f.system_id else None
    if known:
        return known
    codes = [wording.codes.get(a) or _code(a) for a in (f.supplier, f.recipient)]
    kind = f.category.replace("_", "-") if f.category != "unspecified" else "general"
    deal_id = "-".join([*codes, f.system_id or kind])
    return wording.deals.get(("", "", deal_id), (deal_id, "", ""))


def _code(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())[:12] or "x"

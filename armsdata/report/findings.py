"""What the report says it found, in words: the summary it opens with and the facts of some sections.

Every sentence is built from the report's own tables (and the claims and sources they come
from), so a number here is the number in the table below it and nothing can go stale. Each
function returns markdown (names escaped by :func:`~armsdata.report.markup.md_escape`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from armsdata import analysis, schema
from armsdata.report.markup import anchor, md_escape

#: How many conflicts, differing numbers and register disagreements the summary names.
SUMMARY_ITEMS = 3

#: The title of the section of the deals not counted (the summary links to it).
NOT_COUNTED = "Reported, but not counted: talks, non-deliveries, denials, allegations"

#: What the claims of a deal no claim asserts say, in words (the statuses that dispute or allege a transfer:
#: ``not_delivered``, paid for or agreed but not delivered, cancelled, refused or blocked; ``alleged``; ``denied``).
UNASSERTED_WORDS = "only not delivered, denied or alleged"

#: What the origins disputing a transfer say (stance ``disputes``: ``not_delivered``, ``denied``).
DISPUTING_WORDS = "dispute one (say it was not delivered, or deny it)"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _deal_name(row) -> str:
    return f"{md_escape(row.supplier)} → {md_escape(row.recipient)}, {md_escape(row.system)}"


def summary(claims: pd.DataFrame, sources: pd.DataFrame, tables: dict[str, pd.DataFrame], *,
            wide: pd.DataFrame | None = None) -> str:
    """The bullets the report opens with: what the corpus holds, what it says, where reports disagree with
    each other and with the register. ``wide`` is the :func:`~armsdata.analysis.wide_discrepancies` of
    ``tables["discrepancies"]``, if already computed."""
    deals = tables["deals"]
    lines = [
        f"- **{len(claims)} claims** about **{len(deals)} deals**, from **{claims['source_id'].nunique()}** of the "
        f"{len(sources)} sources (the others hold no claim of a transfer).",
        *_headline_lines(claims, tables),
        _origins_line(claims),
        *_difference_lines(analysis.wide_discrepancies(tables["discrepancies"]) if wide is None else wide),
        _register_line(tables["press_vs_register"], claims, deals),
    ]
    return "\n".join(lines) + "\n"


def about_subject(pairs: pd.DataFrame) -> pd.DataFrame:
    """The rows of a table with a ``subject`` column that are about the corpus' subject (all of them where no row
    is: the data declares no subject)."""
    subject = pairs["subject"].fillna(False).to_numpy(dtype=bool)
    return pairs[subject] if subject.any() else pairs


def in_passing(pairs: pd.DataFrame) -> pd.DataFrame:
    """The rows of a table with a ``subject`` column that the sources mention in passing (none where no row is
    about the subject: the data declares no subject)."""
    subject = pairs["subject"].fillna(False).to_numpy(dtype=bool)
    return pairs[~subject] if subject.any() else pairs[:0]


def subject_actors(claims: pd.DataFrame) -> list[str]:
    """The actors of the claims that the corpus is about (``subject`` of actors.csv), sorted."""
    named = set(claims.loc[claims["supplier_subject"].fillna(False).to_numpy(dtype=bool), "supplier"])
    named |= set(claims.loc[claims["recipient_subject"].fillna(False).to_numpy(dtype=bool), "recipient"])
    return sorted(named)


def _and(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _pair(row) -> str:
    return f"{md_escape(row.supplier)} → {md_escape(row.recipient)}"


def _headline_lines(claims: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> list[str]:
    """The transfers counted (for certain, and up to), the pairs with most of them; the deals not counted; the
    pairs mentioned in passing."""
    deals, pairs = tables["deals"], tables["who_arms_whom"]
    subjects = [md_escape(name) for name in subject_actors(claims)]
    own, passing = about_subject(pairs), in_passing(pairs)
    sure, up_to = int(own["n_deals"].sum()), int(own["n_deals_up_to"].sum())
    about = f" to or from {_and(subjects)}" if subjects else ""
    most = own[(own["n_deals_up_to"] > 1).to_numpy(dtype=bool)].head(SUMMARY_ITEMS)
    told = [f"{_pair(p)} {int(p.n_deals)}" + (f" (up to {int(p.n_deals_up_to)})" if p.n_deals_up_to > p.n_deals
                                                else "") for p in most.itertuples(index=False)]
    rest = own[~own.index.isin(most.index)]
    if len(told) and len(rest):
        told.append(f"{_plural(len(rest), 'other pair')} {int(rest['n_deals_up_to'].max())} or fewer each"
                    if rest["n_deals_up_to"].max() > 1 else f"{_plural(len(rest), 'other pair')} 1 each")
    line = (f"- **{_plural(sure, 'transfer')}**{about} are asserted and counted under "
            f"[Who arms whom](#{anchor('Who arms whom')})" + (f": {', '.join(told)}" if told else "") + ".")
    if up_to > sure:
        restating = about_subject(deals)
        restating = restating[(restating["counted_up_to"] & ~restating["counted"]).to_numpy(dtype=bool)]
        n = len(restating)
        line += (f" **Up to {up_to}**, if {_plural(n, 'more deal')} that may restate one already counted "
                 f"{'is a further transfer' if n == 1 else 'are further transfers'} ("
                 + "; ".join(_deal_name(r) for r in restating.itertuples(index=False)) + ").")
    lines = [line]
    asserted, committed = deals["asserted"].fillna(False), deals["committed"].fillna(False)
    considered = about_subject(deals)[(asserted & ~committed)[about_subject(deals).index].to_numpy(dtype=bool)]
    unasserted = deals[~asserted.to_numpy(dtype=bool)]
    own_unasserted, passing_unasserted = about_subject(unasserted), in_passing(unasserted)
    if not deals["subject"].fillna(False).any():  # no subject declared: every deal is about it
        own_unasserted, passing_unasserted = unasserted, unasserted[:0]
    lines.append(f"- Not counted ([listed apart](#{anchor(NOT_COUNTED)})): **{len(considered)}** "
                 f"{'deal' if len(considered) == 1 else 'deals'} only considered (talks, interest, “could supply”), "
                 f"**{len(own_unasserted)}** {UNASSERTED_WORDS}.")
    if len(passing) or len(passing_unasserted):
        told = []
        if len(passing):
            told.append(f"{_plural(int(passing['n_deals'].sum()), 'transfer')} between other actors ("
                        + ", ".join(_pair(p) for p in passing.itertuples(index=False)) + ")")
        if len(passing_unasserted):
            pairs_said = ", ".join(_pair(p) for p in passing_unasserted.drop_duplicates(["supplier", "recipient"])
                                   .itertuples(index=False))
            told.append(f"{_plural(len(passing_unasserted), 'deal')} {UNASSERTED_WORDS} ({pairs_said})")
        lines.append(f"- Mentioned in passing, not about {_and(subjects)}: {' and '.join(told)}, shown apart and "
                     "not in the counts above.")
    return lines


def _origins_line(claims: pd.DataFrame) -> str:
    """The independent origins of the claims about the corpus' subject, by stance: those supporting a transfer
    only as talks told apart, and how many of those alleging one allege nothing more."""
    subject = analysis.subject_of(claims).to_numpy(dtype=bool)
    about = claims[subject] if subject.any() else claims
    stances = pd.DataFrame({"stance": analysis.claim_stances(about), "origin": analysis.claim_origins(about),
                            "counted": about["status"].isin(analysis.COUNTED_STATUSES).to_numpy(dtype=bool)})
    each = {stance: set(stances.loc[(stances["stance"] == stance).to_numpy(dtype=bool), "origin"])
            for stance in analysis.STANCES}
    asserting = set(stances.loc[stances["counted"].to_numpy(dtype=bool), "origin"])
    talks = len(each["supports"] - asserting)
    only = len(each["alleges"] - each["supports"] - each["disputes"])
    alleging = (f"**{len(each['alleges'])}** only allege one" if only == len(each["alleges"]) else
                f"**{len(each['alleges'])}** allege one ({only} of them nothing else)")
    subjects = subject_actors(claims)
    scope = f" of the claims about {_and([md_escape(name) for name in subjects])}" if subject.any() else ""
    return (f"- Independent origins{scope} (a ministry statement repeated by three outlets is one origin; origins "
            "are counted as the outlets attribute them, so two may rest on one document): "
            f"**{len(asserting)}** assert a transfer" + (f", {talks} more only talks (`considered`)" if talks else "")
            + f"; **{len(each['disputes'])}** {DISPUTING_WORDS}, {alleging}.")


def _difference_lines(wide: pd.DataFrame) -> list[str]:
    """The conflicts, then the numbers reports give differently (stage by stage), most claims first.
    ``wide`` is :func:`armsdata.analysis.wide_discrepancies`."""
    link = f"[How reports differ](#{anchor('How reports differ')})"
    conflicts = wide[(wide["kind"] == "conflict").to_numpy(dtype=bool)].sort_values(
        ["n_claims", "deal_id"], ascending=[False, True], kind="stable")
    if len(conflicts):
        said = "; ".join(f"{_deal_name(r)}: {md_escape(r.field)} {_values(r)} ({md_escape(r.note)})"
                         for r in conflicts.head(SUMMARY_ITEMS).itertuples(index=False))
        more = f" ({len(conflicts) - SUMMARY_ITEMS} more)" if len(conflicts) > SUMMARY_ITEMS else ""
        lines = [f"- **Conflicts** (claims at one stage that disagree, a denial of what another affirms, or claims "
                 f"of one day that cannot all be true): {said}{more}. See {link}."]
    else:
        lines = [f"- **No conflict**: no two claims at one stage disagree. See {link}."]
    numbers = wide[wide["field"].isin(["quantity", "value"]).to_numpy(dtype=bool)
                   & (wide["kind"] != "conflict").to_numpy(dtype=bool)].sort_values(
        ["n_claims", "deal_id"], ascending=[False, True], kind="stable")
    if len(numbers):
        said = "; ".join(f"{_deal_name(r)}: {md_escape(r.field)} {_values(r)} ({md_escape(r.kind)})"
                         for r in numbers.head(SUMMARY_ITEMS).itertuples(index=False))
        lines.append(f"- **Numbers reported differently**: {said}.")
    return lines


def _values(row) -> str:
    """``50 (intent, agreed) vs 24 (delivered)``: each value with the stages it is reported at."""
    values, statuses = str(row.values).split(" | "), str(row.statuses).split(" | ")
    if row.field == "status":
        return " vs ".join(md_escape(v) for v in values)
    return " vs ".join(f"{md_escape(v)} ({md_escape(s)})" for v, s in zip(values, statuses))


def _register_line(comparison: pd.DataFrame, claims: pd.DataFrame, deals: pd.DataFrame | None = None) -> str:
    """What the register says of the press deals, by what they name (a system or calibre, only a kind of
    equipment, nothing to compare), and which register deals no press deal names: recipients and years;
    of those not in it, how many are of a kind the register does not record (``deals``: their deals; not said
    without them)."""
    from armsdata.register import claim_years, unrecorded_kinds

    link = f"[Press vs register](#{anchor('Press vs register')})"
    if comparison.empty:
        return f"- **Press vs register**: this data has no register (`{schema.REGISTER.filename}`); nothing compared."
    press = comparison[comparison["deal_id"].notna().to_numpy(dtype=bool)]
    verdict, basis = press["verdict"].astype("string"), press["matched_by"].astype("string")
    named = press[basis.isin(["system", "calibre"]).fillna(False).to_numpy(dtype=bool)]
    kinds = press[(basis == "kind").fillna(False).to_numpy(dtype=bool)]
    outside = press[(verdict == "not_covered").fillna(False).to_numpy(dtype=bool)]
    parts = [f"- **{link}**: of the {len(press)} press deals,"]
    if len(outside):
        parts.append(f"{_plural(len(outside), 'is', 'are')} between actors whose deals the register extract does "
                     f"not hold ({_pairs(outside)}), and")
    generic = int((verdict == "not_comparable").sum())
    why = ("it names neither a system nor a kind of equipment, or is a package (its components are compared)"
           if generic == 1 else "they name neither a system nor a kind of equipment, or are packages (their "
           "components are compared)")
    parts.append(f"{_plural(generic, 'is', 'are')} not compared: {why}.")
    one, other = _verdict_words(named, "system")
    listed = sum(int((named["verdict"] == v).sum()) for v, said in schema.VERDICT.items() if said.beside == "one")
    parts.append(f"Of the {len(named)} naming a system (or a calibre), SIPRI's register lists **{listed}**: "
                 f"{', '.join(one[:-1])}, and {one[-1]}; {', '.join(other)}.")
    if len(kinds):
        unrecorded = (np.zeros(len(kinds), dtype=bool) if deals is None else
                      unrecorded_kinds(deals).reindex(kinds["deal_id"]).notna().to_numpy(dtype=bool))
        n = int((unrecorded & (kinds["verdict"] == "not_in_register").to_numpy(dtype=bool)).sum())
        one, other = _verdict_words(kinds, "kind", unrecorded=(
            f" ({n} of {'a kind' if n == 1 else 'kinds'} SIPRI does not record)" if n else ""))
        parts.append(f"Of the {len(kinds)} naming only a kind of equipment, {', '.join(one + other)}.")
    only = comparison[(comparison["verdict"] == "register_only").to_numpy(dtype=bool)]
    if len(only):
        years = claim_years(claims)
        span = ("" if years is None else f", ordered or delivered in {years[0]}" if years[0] == years[1]
                else f", ordered or delivered {years[0]}–{years[1]}")
        recipients = _and(sorted(only["recipient"].dropna().unique()))
        parts.append(f"No press deal names **{len(only)}** register {'deal' if len(only) == 1 else 'deals'} with "
                     f"{recipients} as recipient{span} (one that speaks only of arms, or of a kind, may hold some).")
    line = " ".join(parts)
    for wanted, verdict in schema.VERDICT.items():
        rows = press[(press["verdict"] == wanted).to_numpy(dtype=bool)]
        if verdict.detailed and len(rows):
            line += f" {verdict.detailed}: " + "; ".join(f"{_deal_name(r)}: {md_escape(r.explanation)}"
                                              for r in rows.head(SUMMARY_ITEMS).itertuples(index=False)) + "."
    return line


def _verdict_words(rows: pd.DataFrame, basis: str, *, unrecorded: str = "") -> tuple[list[str], list[str]]:
    """What the summary says of the press deals of ``rows`` (all naming a system, or all only a kind: ``basis``),
    verdict by verdict, in :data:`~armsdata.schema.VERDICT` order, by the words each verdict declares: those set
    beside one register deal, and the others. ``unrecorded``: the words for ``{unrecorded}``."""
    one, other = [], []
    for name, verdict in schema.VERDICT.items():
        template = verdict.summary.get(basis)
        n = int((rows["verdict"] == name).sum())
        if template is None or (n == 0 and not verdict.said_when_none):
            continue
        words = re.sub(r"\{([^{}|]*)\|([^{}|]*)\}", lambda m: m.group(1) if n == 1 else m.group(2), template)
        words = words.replace("{n}", str(n)).replace("{names}", _names(rows, name)).replace("{unrecorded}",
                                                                                              unrecorded)
        (one if verdict.beside == "one" else other).append(words)
    return one, other


def _pairs(rows: pd.DataFrame) -> str:
    """``France → Ukraine, Germany → Ukraine``: the distinct pairs of ``rows``, in order."""
    pairs = rows[["supplier", "recipient"]].drop_duplicates()
    return ", ".join(f"{md_escape(p.supplier)} → {md_escape(p.recipient)}" for p in pairs.itertuples(index=False))


def _names(rows: pd.DataFrame, verdict: str) -> str:
    """`` (France → Armenia, CAESAR)``: the deals of ``rows`` with ``verdict``, at most :data:`SUMMARY_ITEMS`."""
    chosen = rows[(rows["verdict"] == verdict).to_numpy(dtype=bool)]
    if chosen.empty:
        return ""
    more = f" and {len(chosen) - SUMMARY_ITEMS} more" if len(chosen) > SUMMARY_ITEMS else ""
    return " (" + "; ".join(_deal_name(r) for r in chosen.head(SUMMARY_ITEMS).itertuples(index=False)) + more + ")"


def _and(names: list[str]) -> str:
    """``Armenia and Azerbaijan``; ``A, B and C``."""
    names = [md_escape(name) for name in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def contents(titles: list[str], extra: list[tuple[str, str]]) -> str:
    """A table of contents: a link to each section, then ``extra`` (label, target) links."""
    items = [f"[{md_escape(title)}](#{anchor(title)})" for title in titles]
    items += [f"[{md_escape(label)}]({target})" for label, target in extra]
    return "**Contents:** " + " · ".join(items) + "\n"


# --------------------------------------------------------------------------
# Facts of sections (Section.facts)
# --------------------------------------------------------------------------


def register_facts(claims: pd.DataFrame, sources: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> str:
    """The verdicts counted, and how the figure of deliveries values a year."""
    comparison = tables["press_vs_register"]
    if comparison.empty:
        return f"This data has no register (`{schema.REGISTER.filename}`, imported by `armsdata import-sipri`): " \
               "nothing is compared.\n"
    from armsdata.extract import extract_path

    counts = comparison["verdict"].value_counts()
    verdicts = ", ".join(f"{int(counts.get(v, 0))} `{v}`" for v in schema.VERDICT)
    covers = comparison.attrs.get("actors")
    holds = ("" if covers is None else
             f": the deals of {_and(sorted(covers))} only, as supplier or recipient, as "
             f"`data/{extract_path(schema.REGISTER.filename).as_posix()}` records")
    return (f"Verdicts: {verdicts}. Information from the SIPRI Arms Transfers Database (the extract in "
            f"`data/{schema.REGISTER.filename}`{holds}). SIPRI values deliveries in trend-indicator values (TIV, "
            "millions); its trade register gives each deal's TIV delivered and its years of delivery, not the "
            "value of each year, so the second figure splits a deal's TIV evenly over its years of delivery.\n")


def who_arms_whom_facts(claims: pd.DataFrame, sources: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> str:
    """Which actors the corpus is about, and which pairs are shown apart as mentioned in passing."""
    subjects = [md_escape(name) for name in subject_actors(claims)]
    if not subjects:
        return ""
    passing = in_passing(tables["who_arms_whom"])
    apart = (f"; the {_plural(len(passing), 'pair')} between other actors, which the sources mention in passing "
             f"({', '.join(_pair(p) for p in passing.itertuples(index=False))}), are listed after it, not drawn"
             if len(passing) else "")
    return (f"The corpus is about {_and(subjects)} (`subject` in actors.csv): the heatmap and the first table "
            f"hold the pairs with one of them as supplier or recipient{apart}.\n")


def pipeline_facts(claims: pd.DataFrame, sources: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> str:
    """The deals drawn in the pipeline whose claims' stages are in conflict (claims that cannot all be true): each
    is drawn at its furthest stage, which other claims contradict; said with the stage its most conservative
    claim reports."""
    deals, differing = tables["deals"], tables["discrepancies"]
    conflicting = set(differing.loc[((differing["field"] == "status") & (differing["kind"] == "conflict"))
                                    .to_numpy(dtype=bool), "deal_id"])
    drawn = about_subject(deals)
    drawn = drawn[drawn["counted"].fillna(False).to_numpy(dtype=bool) & drawn["deal_id"].isin(conflicting).to_numpy()]
    if drawn.empty:
        return ""
    told = "; ".join(f"{_deal_name(r)} (drawn at `{r.furthest_stage}`; its most conservative claim says "
                     f"`{r.conservative_stage}`)" for r in drawn.itertuples(index=False))
    return (f"Stages in conflict: {_plural(len(drawn), 'deal')} drawn here {'has' if len(drawn) == 1 else 'have'} "
            f"claims whose stages cannot all be true, and {'is' if len(drawn) == 1 else 'are'} drawn at the "
            f"furthest: {told}. See the conflicts under [How reports differ](#{anchor('How reports differ')}).\n")


def timeline_facts(claims: pd.DataFrame, sources: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> str:
    """How many claims are dated by their event, by their source's publication, and by neither."""
    dated_by = tables["timeline"]["dated_by"].astype("string").value_counts()
    event, published = int(dated_by.get("event", 0)), int(dated_by.get("publication", 0))
    neither = len(claims) - event - published
    return (f"Of the {len(claims)} claims, {event} date their event; {published} more are drawn at their source's "
            f"publication date; {neither} are dated by neither (their source gives no date) and are not drawn.\n")


def not_stated_facts(claims: pd.DataFrame, sources: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> str:
    """What ``(not stated)`` holds in the figure by outlet country: which sources record no country."""
    unknown = claims[claims["outlet_country"].isna().to_numpy(dtype=bool)]
    if unknown.empty:
        return ""
    names = analysis.source_names(unknown.drop_duplicates("source_id"))
    listed = "; ".join(f"{md_escape(name)} (`{md_escape(source)}`)"
                       for source, name in sorted(zip(unknown.drop_duplicates("source_id")["source_id"], names)))
    return (f"_{md_escape(analysis.NOT_STATED)}_ in the figure by outlet country holds the "
            f"{_plural(len(unknown), 'claim')} of the {_plural(unknown['source_id'].nunique(), 'source')} that "
            f"record no outlet country: {listed}.\n")

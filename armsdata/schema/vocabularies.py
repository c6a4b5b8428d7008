"""The vocabularies: each value of a column that takes one of a few, with what it means and an example
(``meaning, example = STATUS["agreed"]``). Order matters where it is a scale (:data:`PIPELINE_STAGES`).

Part of :mod:`armsdata.schema`, which gives every name here as ``schema.X``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUS: dict[str, tuple[str, str]] = {
    "considered": ("talks, negotiations or stated interest; no commitment", "Armenia is in talks to buy …"),
    "intent": ("letter of intent, announced intention, pledge or promise", "France will supply …"),
    "agreed": ("contract signed, deal concluded or approved, order placed", "Paris and Yerevan signed a contract for …"),
    "in_production": ("the equipment is being manufactured for the buyer", "the radars are being built"),
    "shipped": ("dispatched or in transit, not yet received", "the vehicles were sent via Georgia"),
    "delivered": ("received or handed over (in part or whole)", "Armenia received the first Bastions"),
    "not_delivered": ("paid for or agreed but not delivered, cancelled, refused or blocked", "Russia did not deliver weapons Armenia paid for"),
    "alleged": ("an accusation or unconfirmed report, usually by a third party", "X is accused of arming Y"),
    "denied": ("a party denies that the transfer happened or will happen", "the ministry denied supplying …"),
    "unspecified": ("a supply relation is asserted without any stage", "Israel sells weapons to Azerbaijan"),
}

#: The lifecycle stages in order, from earliest to furthest. ``not_delivered``,
#: ``alleged``, ``denied`` and ``unspecified`` are not stages of this scale.
PIPELINE_STAGES: tuple[str, ...] = ("considered", "intent", "agreed", "in_production", "shipped", "delivered")

#: The first stage at which a deal counts as a transfer. A deal no claim takes further than ``considered``
#: (talks, stated interest, a recommendation to study it: "could supply", "should also be studied") is a
#: possibility, not a transfer: the analysis lists it apart and does not count it.
COUNTED_FROM: str = "intent"

#: What a claim says about whether the transfer takes place, by its status. The analysis counts
#: a deal only when a claim ``supports`` it, and counts the origins of each stance apart: a denial
#: or an accusation by the other side is no corroboration.
STANCE: dict[str, tuple[str, str]] = {
    "supports": ("asserts the transfer, at a stage of the pipeline or without one (`unspecified`)",
                 "Paris and Yerevan signed a contract for …"),
    "disputes": ("says the transfer did not or will not take place (`denied`, `not_delivered`)",
                 "the ministry denied supplying …"),
    "alleges": ("only an accusation or an unconfirmed report (`alleged`)", "X is accused of arming Y"),
}

#: What the origin of a claim is (``armsdata.analysis.claim_origins``), in words: claims of one origin are
#: one piece of evidence, however many outlets repeat it.
ORIGIN = "whom it is attributed to, else its outlet (else the source itself)"

#: The stance of each status.
STATUS_STANCE: dict[str, str] = {**dict.fromkeys(PIPELINE_STAGES, "supports"), "unspecified": "supports",
                                 "not_delivered": "disputes", "denied": "disputes", "alleged": "alleges"}

#: The statuses that are not stages of the pipeline scale.
OFF_SCALE_STATUSES: tuple[str, ...] = tuple(s for s in STATUS if s not in PIPELINE_STAGES)

#: Kinds of difference between the claims of one deal (``armsdata discrepancies --kind``).
DISCREPANCY_KIND: dict[str, tuple[str, str]] = {
    "conflict": ("claims at the same stage report different values, one claim denies what another affirms, or "
                 "claims of one day report stages that cannot all be true (in talks, and a contract signed)",
                 "24 delivered vs 30 delivered"),
    "stage difference": ("the values differ, but each is reported at a different stage of the deal "
                         "(50 ordered and 24 delivered can both be true)", "50 agreed vs 24 delivered"),
    "precision": ("the values differ only in precision and can all be true "
                  "(2023 and 2023-10; at least 20 and 24; about 50 and 50)", "2023 vs 2023-10"),
    "naming": ("the claims name the system differently; the deal_id says it is one system",
               "GM200 vs Ground Master 200"),
}

CATEGORY: dict[str, tuple[str, str]] = {
    "air_defence": ("surface-to-air systems, MANPADS, air-defence radars sold as part of one", "Mistral 3, Akash"),
    "armoured_vehicles": ("tanks, armoured personnel carriers, infantry fighting vehicles", "Bastion"),
    "artillery": ("guns, howitzers, mortars, multiple rocket launchers", "Pinaka, ATAGS, CAESAR"),
    "missiles": ("surface-to-surface, anti-tank and anti-ship missiles", "Iskander, Spike"),
    "uavs": ("unmanned aerial vehicles, including loitering munitions", "Bayraktar TB2, Harop"),
    "aircraft": ("manned fixed-wing aircraft and helicopters", "Su-30SM"),
    "ships": ("naval vessels", "patrol boats"),
    "radars_sensors": ("radars, surveillance, optics and night-vision equipment", "GM200"),
    "electronic_warfare": ("jamming and electronic-warfare systems", "jammers"),
    "small_arms_ammunition": ("small arms, light weapons and ammunition", "rifles, artillery shells"),
    "non_lethal": ("non-lethal military equipment or aid", "European Peace Facility assistance"),
    "unspecified": ("the source does not say what kind of weapons", "weapons, arms"),
}

#: SIPRI's armament categories, as its transfers export names them (``sipri_category`` of
#: register/categories.csv): SIPRI's vocabulary, mapped to ours (:data:`CATEGORY`) by that file.
SIPRI_CATEGORY: dict[str, tuple[str, str]] = {
    "Aircraft": ("manned and unmanned aircraft and helicopters", "Su-30K, Bayraktar TB-2"),
    "Air defence systems": ("surface-to-air missile systems and anti-aircraft guns", "Tor-M1, Akash"),
    "Armoured vehicles": ("tanks, armoured personnel carriers, infantry fighting vehicles and the like", "Bastion"),
    "Artillery": ("guns, howitzers, mortars, multiple rocket launchers, missile launchers", "CAESAR 155mm"),
    "Engines": ("engines of aircraft, ships and vehicles", "aircraft engine"),
    "Missiles": ("guided missiles, bombs, rockets, shells and torpedoes, portable surface-to-air missiles, "
                 "loitering munitions", "Spike-MR/LR"),
    "Naval weapons": ("naval guns, naval surface-to-air missile systems, anti-submarine weapons", "naval gun"),
    "Other": ("turrets, air-refuelling systems", "IFV turret"),
    "Satellites": ("reconnaissance and surveillance satellites", "OptSat-500"),
    "Sensors": ("radars, sonars, electro-optical and signals-intelligence systems", "Ground Master-200"),
    "Ships": ("naval vessels", "patrol boat"),
}

#: What SIPRI's register does not record of a kind of equipment the claims name, where it records part of it:
#: SIPRI covers major conventional weapons only. category (:data:`CATEGORY`) -> (what of it the register does
#: not record, the words a claim names that by, ``; ``-separated). A deal naming only a kind of equipment
#: whose words (its ``system``: hyphens read as spaces, case ignored) hold one of them names what SIPRI does not
#: record, and no register deal of the kind is a candidate (the goggles are no radar); with no words, what the
#: register records of the kind is what register/categories.csv maps to it (of ammunition, guided shells; of
#: non-lethal equipment, nothing), the rest it does not record.
SIPRI_NOT_RECORDED: dict[str, tuple[str, str]] = {
    "radars_sensors": ("night-vision goggles and other hand-held optics (of sensors, it records radars, sonars, "
                       "and electro-optical and signals-intelligence systems)", "night vision; goggles; binoculars"),
    "small_arms_ammunition": ("small arms, light weapons and ammunition other than guided shells", ""),
    "non_lethal": ("non-lethal equipment and aid", ""),
}

QUANTITY_QUALIFIER: dict[str, tuple[str, str]] = {
    "exact": ("the number as stated", "50 Bastion vehicles"),
    "approx": ("an approximate number", "about 50"),
    "at_least": ("a lower bound", "more than 20"),
    "up_to": ("an upper bound", "up to 36"),
}

#: How a qualified number reads in text: ``about 50``, ``at least 20`` (nothing before an exact one).
QUALIFIER_WORDING: dict[str, str] = {"exact": "", "approx": "about ", "at_least": "at least ", "up_to": "up to "}

SOURCE_TYPE: dict[str, tuple[str, str]] = {
    "news_report": ("a news article or wire report", "CNN, AFP"),
    "op_ed": ("an opinion piece or column", "a signed commentary"),
    "analysis": ("an analytical essay, think-tank or journal piece", "Foreign Affairs essay"),
    "official_statement": ("a statement published by a government or organisation", "U.S. Department of State press statement"),
    "interview": ("an interview", "minister interviewed by a newspaper"),
    "reader_comment": ("a reader's comment under a published piece", "comment below an article"),
    "other": ("anything else", "a blog post"),
}

@dataclass(frozen=True)
class Verdict:
    """One verdict of the comparison with the register (:data:`VERDICT`): what it means and an example, like
    every vocabulary value (``meaning, example = VERDICT["matches"]``), and what the comparison and the
    report do with the deals it is given to.

    ``beside``: what a press deal with it that names its system (or a calibre) is set beside: ``one``
    register deal (its numbers fill the comparison's ``register_*`` columns and are drawn beside the press'),
    ``several``, ``none``, the deals of a ``kind`` it may be, ``press`` for a register deal no press deal
    names, or ``not_compared``. A press deal naming only a kind of equipment is set beside the deals of that
    kind it may be, whatever its verdict (``earlier_stage`` too): its ``register_*`` columns stay empty.
    ``summary``: the words the report's summary counts its press deals with, by what they name (``system``,
    a system or a calibre; ``kind``, only a kind of equipment): ``{n}`` is their number, ``{names}`` names
    them, ``{is|are}`` is said as the number requires; a verdict is left out of the summary where it has
    none, and at 0 unless ``said_when_none``; ``{unrecorded}`` says how many of them are of a kind SIPRI's
    register does not record (:data:`SIPRI_NOT_RECORDED`), if any. ``detailed``: the label under which the
    summary lists the deals with it and their explanations, if it does.
    """

    meaning: str
    example: str
    beside: str
    summary: dict[str, str] = field(default_factory=dict)
    said_when_none: bool = True
    detailed: str = ""

    def __iter__(self):
        """``meaning, example``: a verdict reads like any vocabulary value."""
        return iter((self.meaning, self.example))


#: What the register says of a press deal (``armsdata.register``): one verdict per row of
#: ``compare_register``, in the order the report lists them. Not a column of any file; documented in
#: CODEBOOK.md's "Press vs register". A new verdict is one entry here and the rule that gives it
#: (``armsdata/register/verdicts.py``).
VERDICT: dict[str, Verdict] = {
    "matches": Verdict(
        "the register lists the deal, and no number or stage the press reports disagrees with it (the press "
        "reports the register's stage or a later one, or only talks or a pledge dated after the register's "
        "order)", "press 3 agreed vs register 3 ordered, none delivered",
        "one", {"system": "{n} match"}),
    "differs": Verdict(
        "the register lists the deal, but a number or stage the press reports disagrees with it; `explanation` "
        "says which", "press 50 (agreed) vs register 24 ordered, 24 delivered 2023",
        "one", {"system": "**{n} {differs|differ}**"}, detailed="Differs"),
    "earlier_stage": Verdict(
        "the register lists the deal (for a deal naming only a kind of equipment, every deal of that kind it may be) "
        "and no number disagrees, but at a later stage than any the press reports: the press reports an earlier "
        "stage of it (talks or a pledge not dated after the register's order; a contract where the register has "
        "a delivery)", "press considered (2023) vs register 36 ordered (2024)",
        "one", {"system": "for {n} the press reports only an earlier stage than the register's{names}",
                "kind": "for {n} the press reports only an earlier stage than the register deals of that kind it may "
                        "be{names}"},
        said_when_none=False),
    "unasserted": Verdict(
        "no claim asserts the transfer (the press only disputes or alleges it), and the register lists a deal of "
        "its system between its supplier and recipient: set beside it, not judged, since a non-delivery or a "
        "denial may concern part of a deal (one batch) and an allegation reports no deal",
        "Bastion, France to Ukraine: one batch redirected vs register 61 ordered",
        "one", {"system": "{n} the press only disputes or alleges{names} (set beside it, not judged)"},
        said_when_none=False),
    "ambiguous": Verdict(
        "more than one register deal could be the press deal; `explanation` lists every one, and says so where "
        "every one disagrees with the press in the same way", "Spike-MR/LR ordered 2008 or 2015",
        "several", {"system": "{n} {is|are} ambiguous (more than one register deal could be meant)"},
        detailed="Ambiguous"),
    "consistent": Verdict(
        "the press deal names only a kind of equipment, and the register lists deals of that kind between its "
        "supplier and recipient, in its years, whose numbers and stage agree with the press (the press reports "
        "their stage or a later one, or only talks or a pledge dated after their order); `explanation` names each "
        "it may be", "air defence systems pledged by France to Armenia in 2024: Ground Master-200, ordered 2023",
        "kind", {"kind": "{n} {is|are} consistent with register deals of that kind, pair and years (which one, if "
                         "any, is not known, and it may be one a deal naming its system is: a report may restate a "
                         "deal in general words)"}),
    "not_in_register": Verdict(
        "the register lists no deal between its supplier and recipient, in its years, that could be the press "
        "deal: none of its system, or, for a deal naming only a kind of equipment, none of that kind that agrees "
        "with the press", "Mistral, France to Armenia",
        "none", {"system": "{n} name a system the register does not list for them",
                 "kind": "{n} {is|are} not in the register{unrecorded}"}),
    "register_only": Verdict(
        "a register deal, with a recipient and in years the press covers, that no press deal names",
        "Akash, India to Armenia, ordered 2023", "press"),
    "not_comparable": Verdict(
        "the press deal names neither a system nor a kind of equipment (\"arms\"), or is a package whose "
        "components are compared instead", "India supplies arms to Armenia", "not_compared"),
    "not_covered": Verdict(
        "neither the supplier nor the recipient is an actor whose deals the register extract holds (its "
        "`actors`): the register cannot say anything of the deal", "Bastion, France to Ukraine", "not_compared"),
}

#: What a verdict's press deals can be set beside (:attr:`Verdict.beside`).
VERDICT_BESIDE: tuple[str, ...] = ("one", "several", "none", "kind", "press", "not_compared")


#: What sort of deal a row of the deals table is (``armsdata.analysis.deals``).
DEAL_KIND: dict[str, tuple[str, str]] = {
    "package": ("a contract or reported bundle whose systems are deals of their own (its components)",
                "India's 2022 package of Pinaka rocket launchers, anti-tank munitions and ammunition"),
    "component": ("a deal that is part of a package: its parent_deal_id names the package", "Pinaka, in that package"),
    "single": ("any other deal", "GM200 radars"),
}

#: What changed in a deal between two vintages of SIPRI's register (``armsdata.diff_registers``): one per row.
#: Not a column of any file; documented in CODEBOOK.md's "Register vintages".
REVISION: dict[str, tuple[str, str]] = {
    "added": ("a deal in the new vintage only, in years the old one covers", "Akash, India to Armenia, ordered 2023"),
    "removed": ("a deal in the old vintage only, in years the new one covers", "NLAW, Sweden to Finland, 2017"),
    "renamed": ("the same deal under another spelling of its designation, supplier or recipient; one row per "
                "column", "Bayraktar TB2 and Bayraktar TB-2; Turkey and Turkiye"),
    "revised": ("a number, year, estimate flag, delivery years, status or TIV of the deal changed; one row per "
                "column", "tiv_per_unit 1.1 and 1.3"),
    "reworded": ("the wording of its description or comments changed (or a status differs only in case or "
                 "punctuation); one row per column", "APC and armoured personnel carrier"),
}

ACTOR_KIND: dict[str, tuple[str, str]] = {
    "state": ("a sovereign state", "France"),
    "non_state": ("a non-state armed group or de facto authority", "Nagorno-Karabakh authorities"),
    "organisation": ("an international organisation or alliance", "European Union"),
    "unknown": ("an actor the source does not identify", "Unknown"),
}


#: The claims' categories that name a kind of equipment: all but ``unspecified``.
KIND_CATEGORY: dict[str, tuple[str, str]] = {k: v for k, v in CATEGORY.items() if k != "unspecified"}

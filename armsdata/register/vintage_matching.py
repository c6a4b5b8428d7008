"""Which deal of one vintage of SIPRI's register is which deal of another: matching without IDs, in stages.

:func:`match` pairs the deals of two :class:`Vintage` tables, one to one, in the stages of
:data:`STAGES`, each on the deals the stages before left unmatched (CODEBOOK.md, "Register
vintages", states the rule for readers). Every stage is a sort and a merge on keys, or a look at
the pairs within one supplier, recipient and year of order while each side has at most
:data:`SMALL_GROUP` deals left: linear in the number of deals.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: The stages, in order: ``id`` SIPRI's deal ID (where both vintages carry it); ``same`` supplier, recipient,
#: year of order, designation and every compared value; ``numbers`` supplier, recipient, year of order and
#: every number (the only such deal on each side); ``exact`` supplier, recipient, year of order and
#: designation; ``spelling`` the same, designations compared by :func:`spelled`; ``model`` by :func:`model`;
#: ``year`` the ``spelling`` key one year of order apart; ``similar`` the most similar designations of a
#: supplier, recipient and year of order; ``alike`` the deals of a supplier, recipient and year of order
#: that agree on at least :data:`ALIKE_AT_LEAST` numbers.
STAGES = ("id", "same", "numbers", "exact", "spelling", "model", "year", "similar", "alike")
#: Stages whose matches are not certain (and say so).
UNCERTAIN = ("model", "year", "similar", "alike")
#: The columns of a deal's numbers: the ``numbers`` stage compares them all, ``alike`` counts those that agree.
NUMBERS = ("number_ordered", "number_delivered", "delivery_years", "tiv_per_unit", "tiv_order", "tiv_delivered")
#: Columns whose agreement decides between several candidates (beside the numbers).
AGREEING = (*NUMBERS, "description", "status")
#: Within one key or one supplier, recipient and year of order, candidates are weighed pair by pair while each
#: side has at most this many deals left (so that matching stays linear); beyond, they are paired in order.
SMALL_GROUP = 8
#: The least :func:`similarity` of two designations in the ``similar`` stage.
SIMILAR_AT_LEAST = 0.6
#: The least number of deals that take an actor named in one vintage only for one named in the other only.
ACTOR_DEALS = 2
#: The least number of :data:`NUMBERS` on which two deals agree in the ``alike`` stage.
ALIKE_AT_LEAST = 2

#: A calibre in a designation (``ATAGS 155mm``): two designations naming different ones are never similar.
_CALIBRE = r"([0-9]+(?:\.[0-9]+)?) ?mm\b"


def spelled(designations: pd.Series) -> pd.Series:
    """Designations as the ``spelling`` stage compares them: case and accents folded, letters and digits only.

    >>> spelled(pd.Series(["Bayraktar TB-2", "Bayraktar TB2", "ATMOS-2000 155mm -", "Ground Master-200"])).tolist()
    ['bayraktartb2', 'bayraktartb2', 'atmos2000155mm', 'groundmaster200']
    """
    text = pd.Series(designations, dtype="string")
    accented = ~text.str.isascii().fillna(True).to_numpy(dtype=bool)
    if accented.any():  # (normalising is a call per cell: only where there is something to fold)
        text = text.copy()
        text[accented] = text[accented].str.normalize("NFKD")
    return text.str.lower().str.replace(r"[^0-9a-z]", "", regex=True).fillna("")


def model(designations: pd.Series) -> pd.Series:
    """The ``model`` of a designation: its first word, :func:`spelled`, without a version suffix (letters at its
    end, or one letter and digits, after a digit), unless that would leave no letter.

    >>> model(pd.Series(["Su-30SM", "Su-30MKA", "M-113A2", "BM-22 220mm", "BM-22 Uragan", "9M119 Refleks", "2S1 122mm",
    ...                  "Mistral SAM"])).tolist()
    ['su30', 'su30', 'm113', 'bm22', 'bm22', '9m119', '2s1', 'mistral']
    """
    first = spelled(pd.Series(designations, dtype="string").str.strip().str.replace(r"[ \t].*", "", regex=True))
    bare = first.str.replace(r"([0-9])(?:[a-z]+|[a-z][0-9]+)$", r"\1", regex=True)
    return bare.where(bare.str.contains("[a-z]", regex=True), first)


def words_of(designations: pd.Series) -> pd.DataFrame:
    """``row``, ``word``: the words of each designation (split at spaces and ``/``), each as its :func:`model`, those
    of three characters or more with a letter, once each; ``row`` is the designation's index label.

    >>> words_of(pd.Series(["FGM-148 Javelin", "Mi-24V/Mi-35"], index=[7, 9])).to_dict("list")
    {'row': [7, 7, 9, 9], 'word': ['fgm148', 'javelin', 'mi24', 'mi35']}
    """
    each = pd.Series(designations, dtype="string").str.split(r"[ \t/]+", regex=True).explode()
    each = each[each.notna() & (each != "")]
    named = model(each)
    named = named[(named.str.len() >= 3) & named.str.contains("[a-z]", regex=True)]
    return pd.DataFrame({"row": named.index.to_numpy(), "word": named.to_numpy(dtype=object)}).drop_duplicates(
        ignore_index=True)


def similarity(a: str, b: str) -> float:
    """How alike two :func:`spelled` designations are, 0 to 1: :class:`difflib.SequenceMatcher`'s ratio (twice
    the characters of their longest common blocks over the characters of both).

    >>> round(similarity("grandmaster200", "groundmaster200"), 2), round(similarity("t72", "t90"), 2)
    (0.9, 0.33)
    """
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def actor_keys(names: pd.Series) -> np.ndarray:
    """Each actor's ISO 3166 code where it has one (``Turkiye`` and ``Turkey`` are both TUR), else ``~`` and its
    folded name (non-state actors, ``unknown supplier(s)``): one look-up per distinct name."""
    from armsdata.sipri.names import fold_name, iso3

    codes, names = pd.factorize(names)
    keys = [iso3(name) or "~" + fold_name(name) for name in names] + ["~"]  # -1 (a missing name) takes the last
    return np.array(keys, dtype=object)[codes]


@dataclass
class Vintage:
    """One vintage, prepared for matching and comparing: keys, and each compared column as text."""

    table: pd.DataFrame  # the register table, index 0..n-1, without attrs
    supplier: np.ndarray  # actor keys (:func:`actor_keys`)
    recipient: np.ndarray
    year: np.ndarray  # year of order, -1 where not stated
    spelled: np.ndarray  # :func:`spelled` designations
    model: np.ndarray  # :func:`model` of the designations
    calibre: np.ndarray  # the calibre a designation names, or None
    order: np.ndarray  # rank of each deal in the order several deals of one key are paired
    text: dict[str, np.ndarray]  # each compared column as the register CSV writes it
    compared: dict[str, np.ndarray]  # the same, but delivery years only those of the years both vintages cover
    renamed: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # key -> (own key, name, deals)

    def __len__(self) -> int:
        return len(self.table)

    def fingerprint(self, fields: list[str]) -> np.ndarray:
        """A hash of the compared texts of ``fields``, per deal."""
        frame = pd.DataFrame({f: self.compared[f] for f in fields})
        return pd.util.hash_pandas_object(frame, index=False).to_numpy()


def vintage(table: pd.DataFrame, fields: list[str], first_delivery: np.ndarray, years_compared: np.ndarray
            ) -> Vintage:
    """``table`` prepared: ``fields`` the compared columns, ``years_compared`` each deal's delivery years within
    the years both vintages cover (as text), ``first_delivery`` its first delivery year (-1: none)."""
    from armsdata.sipri.table import cell_text

    table = table.reset_index(drop=True)
    table.attrs = {}  # pandas would copy them into every column taken from the table
    n = len(table)

    def number(column: str) -> np.ndarray:
        return table[column].astype("Float64").to_numpy(dtype=float, na_value=np.inf)

    order = np.empty(n, dtype=np.int64)
    order[np.lexsort((np.arange(n), number("tiv_per_unit"), number("number_delivered"), number("number_ordered"),
                      np.where(first_delivery < 0, np.iinfo(np.int64).max, first_delivery)))] = np.arange(n)
    text = {f: cell_text(table[f]) for f in fields}
    compared = dict(text)
    if "delivery_years" in compared:
        compared["delivery_years"] = years_compared
    designation = table["designation"].astype("string")
    return Vintage(
        table=table, supplier=actor_keys(table["supplier"]), recipient=actor_keys(table["recipient"]),
        year=table["order_year"].astype("Int64").to_numpy(dtype=np.int64, na_value=-1),
        spelled=spelled(designation).to_numpy(dtype=object), model=model(designation).to_numpy(dtype=object),
        calibre=designation.str.extract(_CALIBRE, expand=False).to_numpy(dtype=object, na_value=None),
        order=order, text=text, compared=compared)


def _keys(old_parts: list[np.ndarray], new_parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """One integer per deal for the tuple of its parts, the same in both vintages for the same tuple."""
    n = len(old_parts[0])
    code = np.zeros(n + len(new_parts[0]), dtype=np.int64)
    for a, b in zip(old_parts, new_parts):
        part = pd.factorize(np.concatenate([a, b]), use_na_sentinel=False)[0].astype(np.int64)
        code = pd.factorize(code * (int(part.max(initial=0)) + 1) + part)[0].astype(np.int64)
    return code[:n], code[n:]


# --------------------------------------------------------------------------
# The stages
# --------------------------------------------------------------------------

def match(old: Vintage, new: Vintage, fields: list[str]) -> pd.DataFrame:
    """``old, new, stage, n_old, n_new, score``: one row per matched pair of deals (positions in ``old`` and
    ``new``), by the stages of :data:`STAGES`. ``n_old``/``n_new`` count the deals of the key (or group)
    the pair was chosen from; ``score`` is the similarity of the ``similar`` stage, the numbers agreeing of
    the ``alike`` stage. Sorted by the new deal."""
    rename_actors(old, new)
    free = (np.ones(len(old), dtype=bool), np.ones(len(new), dtype=bool))
    found: list[pd.DataFrame] = []
    agreeing = [f for f in fields if f in AGREEING]
    numbers = [f for f in fields if f in NUMBERS]
    pair = [old.supplier, old.recipient], [new.supplier, new.recipient]
    group = _keys(pair[0] + [old.year], pair[1] + [new.year])

    def take(stage: str, keys: tuple[np.ndarray, np.ndarray], unique: bool = False,
             usable: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        mask = free if usable is None else (free[0] & usable[0], free[1] & usable[1])
        pairs = _pair_keys(old, new, keys, mask, agreeing, unique)
        _claim(pairs.assign(stage=stage, score=np.nan), free, found)

    ids = old.table["sipri_id"], new.table["sipri_id"]
    if ids[0].notna().any() and ids[1].notna().any():
        take("id", _keys([ids[0].to_numpy(dtype=object)], [ids[1].to_numpy(dtype=object)]),
             usable=(ids[0].notna().to_numpy(), ids[1].notna().to_numpy()))
    designation = old.table["designation"].to_numpy(dtype=object), new.table["designation"].to_numpy(dtype=object)
    exact = _keys([group[0], designation[0]], [group[1], designation[1]])
    values = [f for f in fields if f not in ("supplier", "recipient", "designation", "order_year")]
    if values:
        take("same", _keys([exact[0], old.fingerprint(values)], [exact[1], new.fingerprint(values)]))
    if numbers:
        take("numbers", _keys([group[0], old.fingerprint(numbers)], [group[1], new.fingerprint(numbers)]),
             unique=True)
    take("exact", exact)
    take("spelling", _keys([group[0], old.spelled], [group[1], new.spelled]))
    take("model", _keys([group[0], old.model], [group[1], new.model]))
    for shift in (1, -1):  # the new vintage's year of order one later, then one earlier
        shifted = np.where(old.year >= 0, old.year + shift, -1)
        take("year", _keys(pair[0] + [shifted, old.spelled], pair[1] + [new.year, new.spelled]))
    _claim(_within_groups(old, new, group, free, "similar", agreeing, numbers), free, found)
    _claim(_within_groups(old, new, group, free, "alike", agreeing, numbers), free, found)
    return pd.concat(found, ignore_index=True).sort_values("new", kind="stable", ignore_index=True)


def rename_actors(old: Vintage, new: Vintage) -> None:
    """Take an actor named in one vintage only for one named in the other only when at least
    :data:`ACTOR_DEALS` of their deals agree on role, the other actor, year of order and :func:`spelled`
    designation, and each is the other's best (``Libya HoR*`` and ``House of Representatives (Libya)*``).
    The old vintage's actor keys are replaced; ``old.renamed`` records each (new key -> old key, old name,
    deals)."""
    keys = [set(v.supplier) | set(v.recipient) for v in (old, new)]
    only = (keys[0] - keys[1], keys[1] - keys[0])
    old.renamed = {}
    if not (only[0] and only[1]):
        return
    sides = []
    for v, alone in ((old, only[0]), (new, only[1])):
        for role, actor, other in ((0, v.supplier, v.recipient), (1, v.recipient, v.supplier)):
            at = np.flatnonzero(np.isin(actor, list(alone)))
            sides.append((at, role, actor, other, v))
    parts = []
    for at, role, actor, other, v in sides:
        parts.append(([np.full(len(at), role), other[at], v.year[at], v.spelled[at]], actor[at]))
    old_parts = [np.concatenate(p) for p in zip(parts[0][0], parts[1][0])]
    new_parts = [np.concatenate(p) for p in zip(parts[2][0], parts[3][0])]
    key_old, key_new = _keys(old_parts, new_parts)
    left = pd.DataFrame({"key": key_old, "old": np.concatenate([parts[0][1], parts[1][1]])}).drop_duplicates()
    right = pd.DataFrame({"key": key_new, "new": np.concatenate([parts[2][1], parts[3][1]])}).drop_duplicates()
    votes = left.merge(right, on="key").groupby(["old", "new"]).size().rename("deals").reset_index()
    votes = votes.sort_values(["deals", "old", "new"], ascending=[False, True, True], kind="stable")
    best = votes.drop_duplicates("old").merge(votes.drop_duplicates("new"), on=["old", "new", "deals"])
    best = best[best["deals"] >= ACTOR_DEALS]
    if best.empty:
        return
    names = dict(zip(old.supplier, old.table["supplier"])) | dict(zip(old.recipient, old.table["recipient"]))
    for key, other, deals in best[["old", "new", "deals"]].itertuples(index=False):
        old.renamed[other] = (key, names[key], int(deals))
    mapping = dict(zip(best["old"], best["new"]))
    old.supplier = np.array([mapping.get(k, k) for k in old.supplier], dtype=object)
    old.recipient = np.array([mapping.get(k, k) for k in old.recipient], dtype=object)


def _claim(pairs: pd.DataFrame, free: tuple[np.ndarray, np.ndarray], found: list[pd.DataFrame]) -> None:
    free[0][pairs["old"].to_numpy(dtype=np.int64)] = False
    free[1][pairs["new"].to_numpy(dtype=np.int64)] = False
    found.append(pairs)


def _pair_keys(old: Vintage, new: Vintage, keys: tuple[np.ndarray, np.ndarray],
               usable: tuple[np.ndarray, np.ndarray], agreeing: list[str], unique: bool) -> pd.DataFrame:
    """``old, new, n_old, n_new``: the usable deals whose keys are equal, one to one. A key with several deals on
    a side pairs those agreeing on most columns while each side has at most :data:`SMALL_GROUP`, else in
    their ``order``; with ``unique``, only keys of one deal on each side are paired."""
    width = int(max(keys[0].max(initial=-1), keys[1].max(initial=-1))) + 1
    sides = []
    for key, side, mask in ((keys[0], old, usable[0]), (keys[1], new, usable[1])):
        positions = np.flatnonzero(mask)
        sort = np.lexsort((side.order[positions], key[positions]))
        positions = positions[sort]
        code = key[positions]
        size = np.bincount(code, minlength=width)
        starts = np.cumsum(size) - size
        sides.append((pd.DataFrame({"code": code, "rank": np.arange(len(code)) - starts[code], "pos": positions}),
                      size))
    (left, n_old), (right, n_new) = sides
    single = (n_old == 1) & (n_new == 1)
    small = ~single & (n_old <= SMALL_GROUP) & (n_new <= SMALL_GROUP)
    in_order = ~single & ~small
    if unique:
        small[:] = in_order[:] = False
    parts = [left[single[left["code"]]].merge(right[single[right["code"]]], on="code", suffixes=("_old", "_new")),
             left[in_order[left["code"]]].merge(right[in_order[right["code"]]], on=["code", "rank"],
                                                suffixes=("_old", "_new"))]
    weighed = left[small[left["code"]]].merge(right[small[right["code"]]], on="code", suffixes=("_old", "_new"))
    if len(weighed):  # every pair of a small key: those agreeing on most columns first
        weighed = weighed.rename(columns={"pos_old": "old", "pos_new": "new", "code": "group"})
        weighed = _greedy(weighed.assign(agree=_agreement(old, new, weighed, agreeing)), [("agree", False)])
        parts.append(weighed.rename(columns={"old": "pos_old", "new": "pos_new", "group": "code"}))
    both = pd.concat(parts, ignore_index=True)
    code = both["code"].to_numpy(dtype=np.int64)
    return pd.DataFrame({"old": both["pos_old"].to_numpy(dtype=np.int64),
                         "new": both["pos_new"].to_numpy(dtype=np.int64), "n_old": n_old[code], "n_new": n_new[code]})


def _agreement(old: Vintage, new: Vintage, pairs: pd.DataFrame, fields: list[str]) -> np.ndarray:
    """How many of ``fields`` the two deals of each pair agree on."""
    i, j = pairs["old"].to_numpy(dtype=np.int64), pairs["new"].to_numpy(dtype=np.int64)
    agree = np.zeros(len(pairs), dtype=np.int64)
    for f in fields:
        agree += old.compared[f][i] == new.compared[f][j]
    return agree


def _greedy(candidates: pd.DataFrame, by: list[tuple[str, bool]]) -> pd.DataFrame:
    """One to one: the candidates (``group``, ``old``, ``new``) in the order of ``by`` (column, ascending), then of
    group and positions, each taken unless its old or new deal was taken before."""
    columns = [c for c, _ in by] + ["group", "old", "new"]
    ordered = candidates.sort_values(columns, ascending=[a for _, a in by] + [True, True, True], kind="stable")
    used_old: set[int] = set()
    used_new: set[int] = set()
    keep = []
    for label, i, j in zip(ordered.index, ordered["old"].to_numpy(), ordered["new"].to_numpy()):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            keep.append(label)
    return ordered.loc[keep]


def _within_groups(old: Vintage, new: Vintage, group: tuple[np.ndarray, np.ndarray],
                   free: tuple[np.ndarray, np.ndarray], stage: str, agreeing: list[str], numbers: list[str]
                   ) -> pd.DataFrame:
    """The ``similar`` or ``alike`` stage: every pair of a supplier, recipient and year of order with at most
    :data:`SMALL_GROUP` deals left on each side, and in larger ones the pairs whose designations share a word
    (of at most that many deals on each side); never two designations naming different calibres."""
    left = pd.DataFrame({"group": group[0][free[0]], "old": np.flatnonzero(free[0])})
    right = pd.DataFrame({"group": group[1][free[1]], "new": np.flatnonzero(free[1])})
    left["n_old"] = left.groupby("group")["old"].transform("size")
    right["n_new"] = right.groupby("group")["new"].transform("size")
    pairs = left[left["n_old"] <= SMALL_GROUP].merge(right[right["n_new"] <= SMALL_GROUP], on="group")
    words = []
    for side, vintage_, column, size in ((left, old, "old", "n_old"), (right, new, "new", "n_new")):
        large = side[side[size] > SMALL_GROUP]
        part = words_of(vintage_.table["designation"].iloc[large[column].to_numpy()].set_axis(large.index))
        part = large.loc[part["row"].to_numpy()].assign(word=part["word"].to_numpy())
        part["n_word"] = part.groupby(["group", "word"])["word"].transform("size")
        words.append(part[part["n_word"] <= SMALL_GROUP])
    worded = words[0].merge(words[1], on=["group", "word"])
    pairs = pd.concat([pairs, worded[pairs.columns]]).drop_duplicates(["old", "new"], ignore_index=True)
    i, j = pairs["old"].to_numpy(dtype=np.int64), pairs["new"].to_numpy(dtype=np.int64)
    clash = np.array([a is not None and b is not None and a != b for a, b in zip(old.calibre[i], new.calibre[j])],
                     dtype=bool)
    pairs = pairs[~clash].reset_index(drop=True)
    pairs["similarity"] = [similarity(a, b) for a, b in zip(old.spelled[pairs["old"].to_numpy(dtype=np.int64)],
                                                            new.spelled[pairs["new"].to_numpy(dtype=np.int64)])]
    pairs["agree"] = _agreement(old, new, pairs, agreeing)
    if stage == "similar":
        pairs = pairs[pairs["similarity"] >= SIMILAR_AT_LEAST].assign(rounded=lambda p: p["similarity"].round(2))
        chosen = _greedy(pairs, [("rounded", False), ("agree", False)])
        score = chosen["similarity"]
    else:
        pairs["numbers"] = _agreement(old, new, pairs, numbers)
        pairs = pairs[pairs["numbers"] >= ALIKE_AT_LEAST]
        chosen = _greedy(pairs, [("numbers", False), ("similarity", False)])
        score = chosen["numbers"].astype(float)
    return pd.DataFrame({"old": chosen["old"].to_numpy(dtype=np.int64), "new": chosen["new"].to_numpy(dtype=np.int64),
                         "n_old": chosen["n_old"].to_numpy(dtype=np.int64),
                         "n_new": chosen["n_new"].to_numpy(dtype=np.int64), "stage": stage,
                         "score": score.to_numpy(dtype=float)})

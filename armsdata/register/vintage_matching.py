"""Which deal of one vintage of SIPRI's register is which deal of another: matching without IDs, in stages.

:func:`match` pairs the deals of two :class:`Vintage` tables, one to one, in the stages of
:data:`STAGES`, each on the deals the stages before left unmatched (CODEBOOK.md, "Register
vintages", states the rule for readers). Every stage is a sort and a merge on keys, or a look at
the pairs within one supplier, recipient and year of order while each side has at most
:data:`SMALL_GROUP` deals left: linear in the number of deals.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: The stages, in order: ``id`` SIPRI's deal ID (where both vintages carry it); ``numbers`` supplier,
#: recipient, year of order and every number (the only such deal on each side); ``exact`` supplier,
#: recipient, year of order and designation; ``spelling`` the same, designations compared by :func:`spelled`; ``model`` by :func:`model`;
#: ``year`` the ``spelling`` key one year of order apart; ``similar`` the most similar designations of a
#: supplier, recipient and year of order; ``alike`` the deals of a supplier, recipient and year of order
#: that agree on at least :data:`ALIKE_AT_LEAST` numbers.
STAGES = ("id", "numbers", "exact", "spelling", "model", "year", "similar", "alike")
#: Stages whose matches are not certain (and say so).
UNCERTAIN = ("model", "year", "similar", "alike")
#: The columns of a deal's numbers: the ``numbers`` stage compares them all, ``alike`` counts those that agree.
NUMBERS = ("number_ordered", "number_delivered", "delivery_years", "tiv_per_unit", "tiv_order", "tiv_delivered")
#: Columns whose agreement decides between several candidates: every compared column but the keys.
AGREEING = (*NUMBERS, "description", "category", "order_year_estimated", "number_ordered_estimated",
            "number_delivered_estimated", "status", "comments")
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
_CALIBRE = re.compile(r"([0-9]+(?:\.[0-9]+)?) ?mm\b")


def calibre(designations: np.ndarray) -> list[str | None]:
    """The calibre each designation names (``155`` of ``ATAGS 155mm``), or None.

    >>> calibre(np.array(["ATAGS 155mm", "BM-21 Grad 122 mm", "Su-30SM"], dtype=object))
    ['155', '122', None]
    """
    found = [_CALIBRE.search(d) if isinstance(d, str) else None for d in designations]
    return [f.group(1) if f else None for f in found]


def spelled(designations: pd.Series) -> pd.Series:
    """Designations as the ``spelling`` stage compares them: case and accents folded, letters and digits only.

    >>> spelled(pd.Series(["Bayraktar TB-2", "Bayraktar TB2", "ATMOS-2000 155mm -", "Ground Master-200"])).tolist()
    ['bayraktartb2', 'bayraktartb2', 'atmos2000155mm', 'groundmaster200']
    """
    return _spaced(designations).str.replace(" ", "", regex=False)


def _spaced(designations: pd.Series) -> pd.Series:
    """Designations with case and accents folded, letters, digits and single spaces only (one Arrow pass)."""
    text = pd.Series(designations, dtype="string")
    accented = ~text.str.isascii().fillna(True).to_numpy(dtype=bool)
    if accented.any():  # (normalising is a call per cell: only where there is something to fold)
        text = text.copy()
        text[accented] = text[accented].str.normalize("NFKD")
    return text.str.lower().str.replace(r"[^0-9a-z \t]", "", regex=True).str.strip().fillna("")


def model(designations: pd.Series) -> pd.Series:
    """The ``model`` of a designation: its first word, :func:`spelled`, without a version suffix (letters at its
    end, or one letter and digits, after a digit), unless that would leave no letter.

    >>> model(pd.Series(["Su-30SM", "Su-30MKA", "M-113A2", "BM-22 220mm", "BM-22 Uragan", "9M119 Refleks", "2S1 122mm",
    ...                  "Mistral SAM", "T-72B3", "40N6", "9M96M"])).tolist()
    ['su30', 'su30', 'm113', 'bm22', 'bm22', '9m119', '2s1', 'mistral', 't72', '40n6', '9m96']
    """
    return _model(_spaced(designations))


def _model(spaced: pd.Series) -> pd.Series:
    first = spaced.str.replace(r"[ \t].*", "", regex=True)
    return first.str.replace(r"^(.*[a-z].*[0-9])(?:[a-z]+|[a-z][0-9]+)$", r"\1", regex=True)


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
    """One vintage, prepared for matching and comparing: keys, and each compared column as an array whose
    elements are equal where the register CSV would write the same cell. :func:`match` fills the designations'
    spellings, and the compared columns of the deals that may have a match (the others keep ``""`` and -1):
    a deal is looked for only where the other vintage has deals of its supplier and recipient."""

    table: pd.DataFrame  # the register table, index 0..n-1, without attrs
    supplier: np.ndarray  # actor keys (:func:`actor_keys`)
    recipient: np.ndarray
    year: np.ndarray  # year of order, -1 where not stated
    in_order: np.ndarray  # the deals' positions in the order several deals of one key are paired
    years_compared: pa.Array  # delivery years within the years both vintages cover, as text ("" for none)
    spelled: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))  # :func:`spelled` designations
    model: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))  # :func:`model` of them
    compared: dict[str, np.ndarray] = field(default_factory=dict)  # :func:`comparable` columns
    hashed: dict[str, np.ndarray] = field(default_factory=dict)  # each compared column hashed (fingerprint)
    renamed: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # key -> (own key, name, deals)

    def __len__(self) -> int:
        return len(self.table)

    def fingerprint(self, fields: list[str]) -> np.ndarray:
        """A hash of the compared values of ``fields``, per deal (each column hashed once, then combined)."""
        combined = np.zeros(len(self), dtype=np.uint64)
        for f in fields:
            if f not in self.hashed:
                self.hashed[f] = pd.util.hash_array(self.compared[f])
            combined = combined * np.uint64(1_000_003) + self.hashed[f]  # (wraps around: a hash, not a sum)
        return combined



def describe(old: Vintage, new: Vintage, at: tuple[np.ndarray, np.ndarray], fields: list[str]) -> None:
    """Fill the compared columns of the deals ``at`` (positions in each vintage). Text becomes integers equal
    across the two vintages (one Arrow dictionary encoding of both), never Python objects."""
    for v in (old, new):
        v.compared, v.hashed = {}, {}
    for f in fields:
        if f == "delivery_years" or old.table[f].dtype == "string":
            text = [v.years_compared if f == "delivery_years" else arrow_text(v.table[f]) for v in (old, new)]
            codes = pc.dictionary_encode(pa.concat_arrays(text)).indices.to_numpy(zero_copy_only=False)
            values = [codes[:len(old)], codes[len(old):]]
        else:
            values = [comparable(v.table[f]) for v in (old, new)]
        for v, k, x in ((old, at[0], values[0]), (new, at[1], values[1])):
            v.compared[f] = np.full(len(v), "" if x.dtype == object else -1, dtype=x.dtype)
            v.compared[f][k] = x[k]


def arrow_text(column: pd.Series, missing: str | None = "") -> pa.Array:
    """A text column as one Arrow array of large strings (no Python object per cell), a missing value as
    ``missing`` (None: left missing)."""
    cells = pa.array(column.astype("string").array)
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    cells = cells.cast(pa.large_string())
    return cells if missing is None else pc.fill_null(cells, missing)


def comparable(column: pd.Series) -> np.ndarray:
    """A register column as an array to compare with ``==``: numbers as floats, flags as -1/0/1, text as text,
    a missing value as -1 or ``""`` (never NaN, which equals nothing)."""
    if column.dtype == "boolean":
        return np.where(column.isna().to_numpy(), -1, column.to_numpy(dtype=bool, na_value=False)).astype(np.int8)
    if column.dtype.kind in "iuf" or str(column.dtype) in ("Int64", "Float64"):
        return column.astype("Float64").to_numpy(dtype=float, na_value=-1.0)
    return column.astype("string").fillna("").to_numpy(dtype=object)


def vintage(table: pd.DataFrame, first_delivery: np.ndarray, years_compared: pa.Array) -> Vintage:
    """``table`` prepared: ``years_compared`` each deal's delivery years within the years both vintages cover (as
    text), ``first_delivery`` its first delivery year (-1: none)."""
    table = table.reset_index(drop=True)
    table.attrs = {}  # pandas would copy them into every column taken from the table
    n = len(table)

    def number(column: str) -> np.ndarray:
        return table[column].astype("Float64").to_numpy(dtype=float, na_value=np.inf)

    in_order = np.lexsort((np.arange(n), number("tiv_per_unit"), number("number_delivered"), number("number_ordered"),
                           np.where(first_delivery < 0, np.iinfo(np.int64).max, first_delivery)))
    return Vintage(table=table, supplier=actor_keys(table["supplier"]), recipient=actor_keys(table["recipient"]),
                   year=table["order_year"].astype("Int64").to_numpy(dtype=np.int64, na_value=-1), in_order=in_order,
                   years_compared=years_compared)


def _codes(old: np.ndarray, new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The values of both vintages as integers, equal for equal values."""
    codes = pd.factorize(np.concatenate([old, new]), use_na_sentinel=False)[0].astype(np.int64)
    return codes[:len(old)], codes[len(old):]


def _keys(old_parts: list[np.ndarray], new_parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """One integer per deal for the tuple of its integer parts (:func:`_codes`, years), equal for equal tuples:
    the parts as digits of one number (renumbered only where it would grow past 2**62)."""
    n = len(old_parts[0])
    code = np.concatenate([old_parts[0], new_parts[0]]).astype(np.int64)
    code -= code.min(initial=0)
    for a, b in zip(old_parts[1:], new_parts[1:]):
        part = np.concatenate([a, b]).astype(np.int64)
        part -= part.min(initial=0)
        base = int(part.max(initial=0)) + 1
        if (int(code.max(initial=0)) + 1) * base >= 1 << 62:
            code = pd.factorize(code)[0].astype(np.int64)
        code = code * base + part
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
    found: list[pd.DataFrame] = []
    agreeing = [f for f in fields if f in AGREEING]
    numbers = [f for f in fields if f in NUMBERS]
    supplier, recipient = _codes(old.supplier, new.supplier), _codes(old.recipient, new.recipient)
    pair = [supplier[0], recipient[0]], [supplier[1], recipient[1]]
    group = _keys(pair[0] + [old.year], pair[1] + [new.year])
    free = _candidates_of(old, new, pair)
    describe(old, new, (np.flatnonzero(free[0]), np.flatnonzero(free[1])), fields)
    designation, spelt, modelled = _designation_codes(old, new)

    def take(stage: str, keys: tuple[np.ndarray, np.ndarray], unique: bool = False,
             usable: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        mask = free if usable is None else (free[0] & usable[0], free[1] & usable[1])
        pairs = _pair_keys(old, new, keys, mask, agreeing, unique)
        _claim(pairs.assign(stage=stage, score=np.nan), free, found)

    def by(values: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        return _keys([group[0], values[0]], [group[1], values[1]])

    ids = old.table["sipri_id"], new.table["sipri_id"]
    if ids[0].notna().any() and ids[1].notna().any():
        take("id", _codes(*(i.to_numpy(dtype=float, na_value=np.nan) for i in ids)),
             usable=(ids[0].notna().to_numpy(), ids[1].notna().to_numpy()))
    if numbers:
        take("numbers", by(_codes(old.fingerprint(numbers), new.fingerprint(numbers))), unique=True)
    take("exact", by(designation))
    take("spelling", by(spelt))
    take("model", by(modelled))
    for shift in (1, -1):  # the new vintage's year of order one later, then one earlier
        shifted = np.where(old.year >= 0, old.year + shift, -1)
        take("year", _keys(pair[0] + [shifted, spelt[0]], pair[1] + [new.year, spelt[1]]))
    candidates = _candidates(old, new, group, free, agreeing)
    _claim(_within_groups(candidates, free, "similar"), free, found)
    _claim(_within_groups(candidates.assign(numbers=_agreement(old, new, candidates, numbers)), free, "alike"),
           free, found)
    return pd.concat(found, ignore_index=True).sort_values("new", kind="stable", ignore_index=True)


def _designation_codes(old: Vintage, new: Vintage) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The designations, their :func:`spelled` forms and their :func:`model` as integers equal across the two
    vintages; spelled once per distinct designation, and kept (``spelled``, ``model``) for what follows."""
    both = pd.concat([old.table["designation"], new.table["designation"]], ignore_index=True).fillna("")
    codes, names = pd.factorize(both)
    spaced = _spaced(pd.Series(names, dtype="string"))
    spelt_names, model_names = spaced.str.replace(" ", "", regex=False), _model(spaced)
    out = []
    for names_of in (spelt_names, model_names):
        ids, values = pd.factorize(names_of.to_numpy(dtype=object))
        out.append(ids[codes])
        if names_of is spelt_names:
            old.spelled, new.spelled = np.split(np.asarray(values, dtype=object)[ids[codes]], [len(old)])
        else:
            old.model, new.model = np.split(np.asarray(values, dtype=object)[ids[codes]], [len(old)])
    n = len(old)
    return (codes[:n], codes[n:]), (out[0][:n], out[0][n:]), (out[1][:n], out[1][n:])


def _candidates_of(old: Vintage, new: Vintage, pair: tuple[list[np.ndarray], list[np.ndarray]]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The deals that may have a match: those whose supplier and recipient have deals in the other vintage in the
    same year of order, the one before or the one after (every stage but ``id`` asks as much), and those whose
    SIPRI deal ID the other vintage has."""
    out = []
    for mine, theirs, me, them in ((pair[0], pair[1], old, new), (pair[1], pair[0], new, old)):
        shifted = [mine + [me.year + shift] for shift in (-1, 0, 1)]
        parts = [np.concatenate([p[k] for p in shifted]) for k in range(3)]
        keys = _keys(parts, theirs + [them.year])
        near = pd.Series(keys[0]).isin(keys[1]).to_numpy(dtype=bool).reshape(3, len(me)).any(axis=0)  # (hashed)
        ids = me.table["sipri_id"], them.table["sipri_id"]
        if ids[0].notna().any() and ids[1].notna().any():
            near |= ids[0].isin(ids[1].dropna()).to_numpy(dtype=bool)
        out.append(near)
    return out[0], out[1]


def rename_actors(old: Vintage, new: Vintage) -> None:
    """Take an actor named in one vintage only for one named in the other only when at least
    :data:`ACTOR_DEALS` of their deals agree on role, the other actor, year of order and :func:`spelled`
    designation, and each is the other's best (``Libya HoR*`` and ``House of Representatives (Libya)*``).
    The old vintage's actor keys are replaced; ``old.renamed`` records each (new key -> old key, old name,
    deals)."""
    keys = [set(pd.unique(v.supplier)) | set(pd.unique(v.recipient)) for v in (old, new)]
    only = (list(keys[0] - keys[1]), list(keys[1] - keys[0]))
    old.renamed = {}
    if not (only[0] and only[1]):
        return
    sides = []
    for v, alone in ((old, only[0]), (new, only[1])):
        parts = []
        for role, actor, other in ((0, v.supplier, v.recipient), (1, v.recipient, v.supplier)):
            at = np.flatnonzero(pd.Series(actor).isin(alone).to_numpy())
            spelt = spelled(v.table["designation"].iloc[at]).to_numpy(dtype=object)
            parts.append(pd.DataFrame({"role": role, "other": other[at], "year": v.year[at], "spelled": spelt,
                                       "actor": actor[at]}))
        sides.append(pd.concat(parts, ignore_index=True).drop_duplicates())
    votes = sides[0].merge(sides[1], on=["role", "other", "year", "spelled"], suffixes=("_old", "_new"))
    votes = votes.groupby(["actor_old", "actor_new"]).size().rename("deals").reset_index()
    votes = votes.sort_values(["deals", "actor_old", "actor_new"], ascending=[False, True, True], kind="stable")
    best = votes.drop_duplicates("actor_old").merge(votes.drop_duplicates("actor_new"))
    best = best[best["deals"] >= ACTOR_DEALS]
    if best.empty:
        return
    mapping = dict(zip(best["actor_old"], best["actor_new"]))
    for role in ("supplier", "recipient"):
        keys = getattr(old, role)
        at = np.flatnonzero(pd.Series(keys).isin(list(mapping)).to_numpy())
        for k in at:
            old.renamed.setdefault(mapping[keys[k]], (keys[k], old.table[role].iat[k], 0))
        setattr(old, role, np.array([mapping.get(k, k) for k in keys], dtype=object) if len(at) else keys)
    for new_key, (old_key, name, _) in list(old.renamed.items()):
        deals = int(best.loc[best["actor_old"] == old_key, "deals"].iat[0])
        old.renamed[new_key] = (old_key, name, deals)


def _claim(pairs: pd.DataFrame, free: tuple[np.ndarray, np.ndarray], found: list[pd.DataFrame]) -> None:
    free[0][pairs["old"].to_numpy(dtype=np.int64)] = False
    free[1][pairs["new"].to_numpy(dtype=np.int64)] = False
    found.append(pairs)


def _pair_keys(old: Vintage, new: Vintage, keys: tuple[np.ndarray, np.ndarray],
               usable: tuple[np.ndarray, np.ndarray], agreeing: list[str], unique: bool) -> pd.DataFrame:
    """``old, new, n_old, n_new``: the usable deals whose keys are equal, one to one. A key with several deals on
    a side pairs those agreeing on most columns while each side has at most :data:`SMALL_GROUP`, else in
    their ``in_order``; with ``unique``, only keys of one deal on each side are paired. Arrays, no merge but for
    the small keys of several deals."""
    sides = []
    for key, side, mask in ((keys[0], old, usable[0]), (keys[1], new, usable[1])):
        positions = side.in_order[mask[side.in_order]]
        positions = positions[np.argsort(key[positions], kind="stable")]  # by key, then in order
        sorted_keys = key[positions]
        start = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]) if len(positions) else positions
        sides.append((positions, sorted_keys[start], start, np.diff(np.r_[start, len(positions)])))
    (pos_old, key_old, start_old, size_old), (pos_new, key_new, start_new, size_new) = sides
    _, at_old, at_new = np.intersect1d(key_old, key_new, assume_unique=True, return_indices=True)
    # one entry per key both sides hold: how many deals and where they start on each side
    n_old, start_old, n_new, start_new = size_old[at_old], start_old[at_old], size_new[at_new], start_new[at_new]
    both = np.ones(len(n_old), dtype=bool)
    single = both & (n_old == 1) & (n_new == 1)
    small = both & ~single & (n_old <= SMALL_GROUP) & (n_new <= SMALL_GROUP) & (not unique)
    in_order = both & ~single & ~small & (not unique)
    # a single deal on each side, and large keys in order: the k-th deal of the key on each side, k < the fewer
    paired = np.flatnonzero(single | in_order)
    count = np.minimum(n_old, n_new)[paired]
    code = np.repeat(paired, count)
    rank = np.arange(len(code)) - np.repeat(np.cumsum(count) - count, count)
    parts = [pd.DataFrame({"old": pos_old[start_old[code] + rank], "new": pos_new[start_new[code] + rank],
                           "code": code})]
    weighed = np.flatnonzero(small)
    if len(weighed):  # every pair of a small key of several deals: those agreeing on most columns first
        code = np.repeat(weighed, n_old[weighed] * n_new[weighed])
        first = np.cumsum(n_old[weighed] * n_new[weighed]) - n_old[weighed] * n_new[weighed]
        k = np.arange(len(code)) - np.repeat(first, n_old[weighed] * n_new[weighed])
        cross = pd.DataFrame({"old": pos_old[start_old[code] + k // n_new[code]],
                              "new": pos_new[start_new[code] + k % n_new[code]], "group": code})
        chosen = _greedy(cross.assign(agree=_agreement(old, new, cross, agreeing)), [("agree", False)])
        parts.append(chosen[["old", "new", "group"]].rename(columns={"group": "code"}))
    out = pd.concat(parts, ignore_index=True)
    code = out["code"].to_numpy(dtype=np.int64)
    return pd.DataFrame({"old": out["old"].to_numpy(dtype=np.int64), "new": out["new"].to_numpy(dtype=np.int64),
                         "n_old": n_old[code], "n_new": n_new[code]})


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


def _candidates(old: Vintage, new: Vintage, group: tuple[np.ndarray, np.ndarray], free: tuple[np.ndarray, np.ndarray],
                agreeing: list[str]) -> pd.DataFrame:
    """``old, new, group, n_old, n_new, similarity, agree``: the pairs the ``similar`` and ``alike`` stages weigh.
    Every pair of a supplier, recipient and year of order with at most :data:`SMALL_GROUP` deals left on each
    side, and in larger ones the pairs whose designations share a word (of at most that many deals on each
    side); never two designations naming different calibres."""
    left = pd.DataFrame({"group": group[0][free[0]], "old": np.flatnonzero(free[0])})
    right = pd.DataFrame({"group": group[1][free[1]], "new": np.flatnonzero(free[1])})
    left["n_old"] = left.groupby("group")["old"].transform("size")
    right["n_new"] = right.groupby("group")["new"].transform("size")
    pairs = left[left["n_old"] <= SMALL_GROUP].merge(right[right["n_new"] <= SMALL_GROUP], on="group")
    crowded = pd.concat([left.loc[left["n_old"] > SMALL_GROUP, "group"], right.loc[right["n_new"] > SMALL_GROUP,
                                                                                   "group"]]).unique()
    words = []
    for side, vintage_, column in ((left, old, "old"), (right, new, "new")):
        large = side[side["group"].isin(crowded).to_numpy()]
        part = words_of(vintage_.table["designation"].iloc[large[column].to_numpy()].set_axis(large.index))
        part = large.loc[part["row"].to_numpy()].assign(word=part["word"].to_numpy())
        part["n_word"] = part.groupby(["group", "word"])["word"].transform("size")
        words.append(part[part["n_word"] <= SMALL_GROUP])
    worded = words[0].merge(words[1], on=["group", "word"])
    pairs = pd.concat([pairs, worded[pairs.columns]]).drop_duplicates(["old", "new"], ignore_index=True)
    i, j = pairs["old"].to_numpy(dtype=np.int64), pairs["new"].to_numpy(dtype=np.int64)
    calibres = [calibre(v.table["designation"].to_numpy(dtype=object)[k]) for v, k in ((old, i), (new, j))]
    clash = np.array([a is not None and b is not None and a != b for a, b in zip(*calibres)], dtype=bool)
    pairs = pairs[~clash].reset_index(drop=True)
    i, j = pairs["old"].to_numpy(dtype=np.int64), pairs["new"].to_numpy(dtype=np.int64)
    # the similarity of every pair that may reach SIMILAR_AT_LEAST (difflib's quick bound says which cannot),
    # or that the alike stage may weigh
    spelt = list(zip(old.spelled[i], new.spelled[j]))
    pairs["similarity"] = [similarity(a, b) if difflib.SequenceMatcher(None, a, b, autojunk=False).quick_ratio()
                           >= SIMILAR_AT_LEAST else 0.0 for a, b in spelt]
    pairs["agree"] = _agreement(old, new, pairs, agreeing)
    return pairs


def _within_groups(candidates: pd.DataFrame, free: tuple[np.ndarray, np.ndarray], stage: str) -> pd.DataFrame:
    """The ``similar`` or ``alike`` stage on the :func:`_candidates` whose two deals are both still unmatched."""
    pairs = candidates[free[0][candidates["old"].to_numpy(dtype=np.int64)]
                       & free[1][candidates["new"].to_numpy(dtype=np.int64)]]
    if stage == "similar":
        pairs = pairs[pairs["similarity"] >= SIMILAR_AT_LEAST].assign(rounded=lambda p: p["similarity"].round(2))
        chosen = _greedy(pairs, [("rounded", False), ("agree", False)])
        score = chosen["similarity"]
    else:
        pairs = pairs[pairs["numbers"] >= ALIKE_AT_LEAST]
        chosen = _greedy(pairs, [("numbers", False), ("similarity", False)])
        score = chosen["numbers"].astype(float)
    return pd.DataFrame({"old": chosen["old"].to_numpy(dtype=np.int64), "new": chosen["new"].to_numpy(dtype=np.int64),
                         "n_old": chosen["n_old"].to_numpy(dtype=np.int64),
                         "n_new": chosen["n_new"].to_numpy(dtype=np.int64), "stage": stage,
                         "score": score.to_numpy(dtype=float)})

"""Reading a text: tokens, the names found in it, and what each name is read as.

The text is split into folded tokens (with "Q1"-style abbreviations unglued), names are
looked up in the index with the unit word before each, bare names where a street or a
person's name would be are refused, and the longest non-overlapping hits are kept. Each hit
is then read as one kind of place, narrowed by the provinces and old districts named
elsewhere in the text (`_analyse`).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .index import _Index, _Unit
from .lexicon import (
    _CITY,
    _CURRENT_KINDS,
    _KINDS_AFTER,
    _MOTTOS,
    _NAME_PART_TABLE,
    _PERSON_TABLE,
    _PROVINCE,
    _PROVINCE_KINDS,
    _SHORT_ALIASES,
    _STREET_TABLE,
    _UNIT_TABLE,
    _key,
    _tone_key,
    _UnitWord,
)

# A word: letters and digits, with combining marks (input may be decomposed, NFD).
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
# "Q1", "P12", "F7": a unit abbreviation glued to a number.
_GLUED_NUMBER = re.compile(r"([QqPpFf])(\d{1,2})")
# What may separate the words of one name ("Văn Miếu - Quốc Tử Giám", "Cư M'gar").
_NAME_GAP = re.compile(r"[ \t\-\u2010-\u2013'\u2018\u2019]*")
# What may separate a unit word from its name, or the words of a unit word ("T.P", "Q. 1").
_UNIT_GAP = re.compile(r"[\s.\-]*")


@dataclass(frozen=True, slots=True)
class _Token:
    key: str
    start: int
    end: int
    # The word as written, for tone marks and capitals.
    word: str
    # Whether the text before it (after the previous token) may join a name / a unit word.
    name_gap: bool
    unit_gap: bool


@lru_cache(maxsize=50_000)
def _word_keys(word: str) -> tuple[str, ...]:
    return _key(word)


@lru_cache(maxsize=1_000)
def _gap_kind(gap: str) -> tuple[bool, bool]:
    return bool(_NAME_GAP.fullmatch(gap)), bool(_UNIT_GAP.fullmatch(gap))


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        name_gap, unit_gap = _gap_kind(text[previous_end:start])
        previous_end = end
        if glued := _GLUED_NUMBER.fullmatch(word):
            tokens.append(_Token(glued[1].lower(), start, start + 1, glued[1], name_gap, unit_gap))
            tokens.append(_Token(str(int(glued[2])), start + 1, end, glued[2], True, True))
            continue
        for key in _word_keys(word):
            tokens.append(_Token(key, start, end, word, name_gap, unit_gap))
            name_gap = unit_gap = True
    return tokens


def _written_as(tokens: list[_Token], start: int, end: int, allowed: frozenset[str]) -> bool:
    """Whether tokens[start:end] spell one of `allowed` (tone keys); ASCII always passes."""
    words = [tokens[i].word for i in range(start, end)]
    written = " ".join(words)
    return written.isascii() or _tone_key(written) in allowed


def _phrase_before(
    tokens: list[_Token], at: int, table: dict[tuple[str, ...], frozenset[str]]
) -> bool:
    """Whether a phrase of `table` ends right before token `at` (no comma between)."""
    for size in (2, 1):
        first = at - size
        if first < 0 or not all(tokens[i].unit_gap for i in range(first + 1, at + 1)):
            continue
        key = tuple(tokens[i].key for i in range(first, at))
        if key in table and _written_as(tokens, first, at, table[key]):
            return True
    return False


def _unit_before(tokens: list[_Token], at: int) -> tuple[_UnitWord, int] | None:
    """The unit word that ends right before token `at`, and the index of its first token."""
    for size in (2, 1):
        first = at - size
        if first < 0 or not all(tokens[i].unit_gap for i in range(first + 1, at + 1)):
            continue
        found = _UNIT_TABLE.get(tuple(tokens[i].key for i in range(first, at)))
        if found is not None and _written_as(tokens, first, at, frozenset({found[1]})):
            return found[0], first
    return None


def _bare_name_refused(tokens: list[_Token], start: int) -> bool:
    """A name without a unit word, written where a street or a person's name would be."""
    if _phrase_before(tokens, start, _STREET_TABLE) or _phrase_before(tokens, start, _PERSON_TABLE):
        return True
    if start > 0 and tokens[start].unit_gap:
        before = tokens[start - 1]
        # "Nguyễn Thị Minh Khai", "Trần Văn Ơn": part of a person's name.
        if before.word[:1].isupper() and _phrase_before(tokens, start, _NAME_PART_TABLE):
            return True
        # "120 Đội Cấn", "số 5 Trần Phú": a house number, unless it is "phường 12 Gò Vấp".
        if before.key.isdigit() and _unit_before(tokens, start - 1) is None:
            return True
    return False


@dataclass(slots=True)
class _Hit:
    start: int  # first token of the name
    end: int  # one past its last token
    first: int  # first token of the mention: the unit word, or the name
    unit_word: _UnitWord | None
    units: tuple[_Unit, ...]


def _motto_tokens(tokens: list[_Token]) -> set[int]:
    keys = [token.key for token in tokens]
    inside: set[int] = set()
    for motto in _MOTTOS:
        for start in range(len(keys) - len(motto) + 1):
            if keys[start] == motto[0] and tuple(keys[start : start + len(motto)]) == motto:
                inside.update(range(start, start + len(motto)))
    return inside


def _hits(index: _Index, tokens: list[_Token]) -> list[_Hit]:
    motto = _motto_tokens(tokens)
    raw = []
    for start in range(len(tokens)):
        if start in motto:
            continue
        key: tuple[str, ...] = ()
        for end in range(start + 1, min(start + index.longest, len(tokens)) + 1):
            if end > start + 1 and not tokens[end - 1].name_gap:
                break
            key = (*key, tokens[end - 1].key)
            # No longer name starts with these words: stop extending.
            if key not in index.prefixes:
                break
            if (units := index.names.get(key)) and end - 1 not in motto:
                raw.append((start, end, key, units))
    # "Tây Hồ Hà Nội": "hồ" ends a name here, so it is no lake before "Hà Nội".
    name_ends = {end for start, end, _, _ in raw if end - start >= 2}
    found = []
    unit_words: dict[int, tuple[_UnitWord | None, int]] = {}
    for start, end, key, units in raw:
        if start not in unit_words:
            unit_words[start] = _unit_before(tokens, start) or (None, start)
        word, first = unit_words[start]
        hit = _hit(tokens, start, end, key, units, word, first, start in name_ends)
        if hit is not None:
            found.append(hit)
    # Longest name first, then a name with a unit word, then the earliest; no overlaps.
    found.sort(key=lambda h: (h.start - h.end, h.unit_word is None, h.start))
    taken: list[_Hit] = []
    used = bytearray(len(tokens))
    for hit in found:
        if any(used[hit.first : hit.end]):
            continue
        used[hit.first : hit.end] = b"\x01" * (hit.end - hit.first)
        taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


def _hit(
    tokens: list[_Token],
    start: int,
    end: int,
    key: tuple[str, ...],
    units: tuple[_Unit, ...],
    word: _UnitWord | None,
    first: int,
    after_name: bool,
) -> _Hit | None:
    numeric = all(part.isdigit() for part in key)
    if word is not None and word.klass in (_CITY, _PROVINCE) and numeric:
        word, first = None, start
    if word is not None and word.numbers_only and not numeric:
        word, first = None, start
    kinds = _KINDS_AFTER[word.klass if word else None]
    units = tuple(u for u in units if u.kind in kinds)
    if word is not None and word.klass == _CITY:
        # "TP Huế" is the province; "TP Thủ Đức" the old district-level city.
        provinces = tuple(u for u in units if u.kind in _PROVINCE_KINDS)
        units = provinces or tuple(u for u in units if u.unit_type == "Thành phố")
    if word is None:
        if numeric:
            return None
        provinces = tuple(u for u in units if u.kind in _PROVINCE_KINDS)
        if not after_name and _bare_name_refused(tokens, start):
            return None
        if key in _SHORT_ALIASES and not tokens[start].word.isupper():
            return None
        if provinces:
            # A province's name is read as the province unless a unit word says otherwise.
            units = provinces
        elif len(key) < 2 or not all(tokens[i].word[:1].isupper() for i in range(start, end)):
            return None
    if not units:
        return None
    return _Hit(start, end, first, word, units)


# --- Narrowing by context ---------------------------------------------------------------


@dataclass(slots=True)
class _Reading:
    """What one hit was read as: a kind and the units of that kind that remain."""

    hit: _Hit
    kind: str
    units: tuple[_Unit, ...]
    # 0: nothing else in the text supports it; higher: a province, old province or old
    # district named in the text contains it.
    context: int


@dataclass(slots=True)
class _Context:
    # Current provinces named as such, and current provinces that old provinces became.
    provinces: set[str]
    provinces_from_old: set[str]
    old_provinces: set[str]
    # Per hit (by position), the old districts it may name and the communes they became.
    districts: dict[int, tuple[set[str], set[str]]]

    def districts_besides(self, hit: _Hit) -> tuple[set[str], set[str]]:
        old: set[str] = set()
        new: set[str] = set()
        for start, (codes, successors) in self.districts.items():
            if start != hit.start:
                old |= codes
                new |= successors
        return old, new


def _province_reading(hit: _Hit) -> _Reading | None:
    if not any(u.kind in _PROVINCE_KINDS for u in hit.units):
        return None
    current = tuple(u for u in hit.units if u.kind == "province")
    units = current or tuple(u for u in hit.units if u.kind == "old_province")
    return _Reading(hit, units[0].kind, units, 0)


def _context_of(
    tokens: list[_Token], hits: list[_Hit], readings: dict[int, _Reading], accented: bool
) -> _Context:
    context = _Context(set(), set(), set(), {})
    for reading in readings.values():
        for unit in reading.units:
            if unit.kind == "province":
                context.provinces.add(unit.code)
            else:
                context.provinces_from_old.add(unit.new_province_code)
        # "Hà Nội" is also the old province: its old communes fit it.
        context.old_provinces |= {u.code for u in reading.hit.units if u.kind == "old_province"}
    for hit in hits:
        if hit.start in readings:
            continue
        districts = [u for u in hit.units if u.kind == "old_district"]
        if districts:
            scores = [
                (_district_context(context, u), _type_fits(hit.unit_word, u)) for u in districts
            ]
            districts = [
                u for u, score in zip(districts, scores, strict=True) if score == max(scores)
            ]
            districts = list(_by_spelling(tokens, hit, districts, accented))
            context.districts[hit.start] = (
                {u.code for u in districts},
                {code for u in districts for code in u.new_codes},
            )
    return context


def _district_context(context: _Context, unit: _Unit) -> int:
    if unit.province_code in context.old_provinces:
        return 2
    if unit.new_province_code in context.provinces | context.provinces_from_old:
        return 1
    return 0


def _commune_context(context: _Context, unit: _Unit, districts: tuple[set[str], set[str]]) -> int:
    old_districts, successors = districts
    if unit.kind == "commune":
        if unit.code in successors:
            return 3
        if unit.new_province_code in context.provinces:
            return 2
        return 1 if unit.new_province_code in context.provinces_from_old else 0
    if unit.kind == "old_district":
        return _district_context(context, unit)
    if unit.district_code in old_districts:
        return 3
    if unit.province_code in context.old_provinces:
        return 2
    provinces = context.provinces | context.provinces_from_old
    return 1 if unit.new_province_code in provinces else 0


def _type_fits(word: _UnitWord | None, unit: _Unit) -> int:
    if word is None:
        return 0
    wanted = word.current_type if unit.kind in _CURRENT_KINDS else word.old_type
    return int(wanted is not None and unit.unit_type == wanted)


# Preference between kinds when the context does not decide.
_KIND_ORDER = {"commune": 0, "old_district": 1, "old_commune": 2}


def _place_reading(
    context: _Context, tokens: list[_Token], hit: _Hit, accented: bool
) -> _Reading | None:
    districts = context.districts_besides(hit)
    groups: dict[str, list[_Unit]] = {}
    for unit in hit.units:
        groups.setdefault(unit.kind, []).append(unit)
    options = []
    for kind, units in groups.items():
        scored = [
            ((_commune_context(context, u, districts), _type_fits(hit.unit_word, u)), u)
            for u in units
        ]
        top = max(score for score, _ in scored)
        kept = tuple(u for score, u in scored if score == top)
        # Bare old commune names are too common to take without a district or province.
        if kind == "old_commune" and hit.unit_word is None and top[0] == 0:
            continue
        options.append((top, -_KIND_ORDER[kind], kind, kept))
    if not options:
        return None
    (context_score, _), _, kind, chosen = max(options, key=lambda o: (o[0], o[1]))
    return _Reading(hit, kind, _by_spelling(tokens, hit, chosen, accented), context_score)


def _by_spelling(
    tokens: list[_Token], hit: _Hit, units: Sequence[_Unit], accented: bool
) -> tuple[_Unit, ...]:
    """Units whose name is spelt as written, when the text is typed with diacritics.

    "Sơn Hà"/"Sơn Hạ" or "Tam Thanh"/"Tam Thạnh" fold alike; in a text with diacritics a
    name written without them ("Tam Thanh") is spelt that way on purpose.
    """
    if len(units) < 2 or not accented:
        return tuple(units)
    wanted = _tone_key(" ".join(tokens[i].word for i in range(hit.start, hit.end)))
    return tuple(u for u in units if u.tone_key == wanted) or tuple(units)


def _analyse(index: _Index, tokens: list[_Token]) -> list[_Reading]:
    """Read every place in `text`.

    1. Find names (dict lookups on token tuples, at most `index.longest` per token) and
       the unit word before each; keep the longest, non-overlapping ones.
    2. Read province names first: they are the context for the rest.
    3. Old districts, narrowed by the provinces, become context for communes.
    4. Each other name is read as the kind (current commune, old district, old commune)
       whose units best fit the context; a tie goes to the current commune.
    """
    hits = _hits(index, tokens)
    accented = any(not token.word.isascii() for token in tokens)
    provinces = {h.start: r for h in hits if (r := _province_reading(h)) is not None}
    context = _context_of(tokens, hits, provinces, accented)
    readings = []
    for hit in hits:
        reading = provinces.get(hit.start) or _place_reading(context, tokens, hit, accented)
        if reading is not None:
            readings.append(reading)
    return readings

"""Reads for areas: lookup, search and the gazetteer that finds a commune in an address.

Areas are public reference data, so nothing here depends on who is asking.
"""

import re
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Value, When

from nghedan.areas.models import Area, AreaLevel, UnitType
from nghedan.lib.text import fold

# Words people put before a name, folded. A commune word may carry the unit type it names.
_COMMUNE_WORDS: dict[tuple[str, ...], str | None] = {
    ("phuong",): UnitType.WARD,
    ("p",): UnitType.WARD,
    ("xa",): UnitType.COMMUNE,
    ("x",): UnitType.COMMUNE,
    ("dac", "khu"): UnitType.SPECIAL_ZONE,
    # Abolished in 2025, still in people's addresses.
    ("thi", "tran"): None,
}
_PROVINCE_WORDS = {("tinh",), ("thanh", "pho"), ("tp",)}
_UNIT_WORDS = [*_COMMUNE_WORDS, *_PROVINCE_WORDS]
# Short names people use for a province, folded, mapped to the province's folded name.
_PROVINCE_ALIASES = {
    "hcm": "ho chi minh",
    "hcmc": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "saigon": "ho chi minh",
    "hn": "ha noi",
}
# Vietnamese tone marks, in NFD; the other marks (ă â ê ô ơ ư) belong to the letter.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"[^\W_]+")


def area_get_by_code(*, code: str) -> Area | None:
    return Area.objects.select_related("parent").filter(code=code).first()


def communes_of(*, province_code: str) -> QuerySet[Area]:
    # By the folded key, so that "Đ" sorts with "D" and accented names with their base letter.
    return (
        Area.objects.filter(level=AreaLevel.COMMUNE, parent__code=province_code)
        .select_related("parent")
        .order_by("search_key", "name", "code")
    )


def area_search(
    *, query: str, level: str | None = None, province_code: str | None = None, limit: int = 20
) -> list[Area]:
    """Areas whose name matches `query`, typed with or without diacritics or unit words.

    Exact matches come first, then names that start with the query, then names that
    contain it; provinces before communes within each group.
    """
    keys = _search_keys(query)
    if not keys:
        return []
    matches = Q()
    for key in keys:
        matches |= Q(search_key__contains=key)
    areas = Area.objects.filter(matches).select_related("parent")
    if level:
        areas = areas.filter(level=level)
    if province_code:
        areas = areas.filter(Q(code=province_code) | Q(parent__code=province_code))
    starts = Q()
    for key in keys:
        starts |= Q(search_key__startswith=key)
    areas = areas.annotate(
        match_rank=Case(
            When(search_key__in=keys, then=Value(0)),
            When(starts, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        level_rank=Case(
            When(level=AreaLevel.PROVINCE, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    )
    return list(areas.order_by("match_rank", "level_rank", "search_key", "code")[:limit])


def _search_keys(query: str) -> list[str]:
    """The folded query, then again after each leading unit word, and any alias it spells.

    The unstripped forms stay: some names begin with a unit word ("Tịnh Khê", "Xa Dung").
    """
    tokens = fold(query).split()
    keys = [" ".join(tokens)]
    while prefix := next(
        (w for w in _UNIT_WORDS if len(tokens) > len(w) and tuple(tokens[: len(w)]) == w), None
    ):
        tokens = tokens[len(prefix) :]
        keys.append(" ".join(tokens))
    keys.extend(_PROVINCE_ALIASES[key] for key in list(keys) if key in _PROVINCE_ALIASES)
    return list(dict.fromkeys(key for key in keys if key))


# --- Gazetteer: which commune does a free-text address name? ---------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    pk: int
    province_pk: int
    unit_type: str
    # The name with tone marks kept, so "Sơn Hà" and "Sơn Hạ" can be told apart.
    tone_key: str


@dataclass(frozen=True, slots=True)
class _Index:
    fingerprint: tuple[object, ...]
    provinces: dict[tuple[str, ...], _Entry]
    communes: dict[tuple[str, ...], list[_Entry]]
    longest: int


@dataclass(frozen=True, slots=True)
class _Span:
    """Where a known name sits in the tokens, and which unit words come before it."""

    start: int
    end: int
    key: tuple[str, ...]
    commune_word: bool
    province_word: bool
    # The unit type a commune word names ("phường" -> ward), if it names one.
    unit_type: str | None


_index: _Index | None = None
_index_lock = threading.Lock()


def area_index_clear() -> None:
    """Forget the gazetteer; areas_load calls this after it writes."""
    global _index
    _index = None


def area_resolve_text(*, text: str) -> Area | None:
    """The one commune a free-text address names, or None when none or several could be meant.

    A province named in the text restricts the communes to it. Names written after a unit
    word ("phường", "xã", "p.") win over bare names, which may be streets.
    """
    index = _gazetteer()
    tokens, originals = _tokenize(text)
    province = _province_mention(index, tokens)
    spans = [
        span
        for span in _spans(tokens, index.communes, index.longest)
        # A province's name is read as the province unless a commune word comes before it.
        if span.commune_word or span.key not in index.provinces
    ]
    # "xã Tân Thạnh Đông" also contains "Tân Thạnh" and "Thạnh Đông": the longest is meant.
    spans = [
        span
        for span in spans
        if not any(o.start <= span.start and span.end <= o.end and o != span for o in spans)
    ]
    found = []
    for span in spans:
        entries = index.communes[span.key]
        if province is not None:
            entries = [e for e in entries if e.province_pk == province.pk]
        if span.unit_type:
            entries = [e for e in entries if e.unit_type == span.unit_type] or entries
        if entries:
            found.append((span, entries))
    if any(span.commune_word for span, _ in found):
        found = [(span, entries) for span, entries in found if span.commune_word]
    candidates = {e.pk for _, entries in found for e in entries}
    if len(candidates) > 1 and len(found) == 1:
        span, entries = found[0]
        written = " ".join(originals[span.start : span.end])
        # Typed with diacritics: the exact name settles names that fold alike (Sơn Hà, Sơn Hạ).
        if not written.isascii():
            candidates = {e.pk for e in entries if e.tone_key == _tone_key(written)} or candidates
    if len(candidates) != 1:
        return None
    return Area.objects.select_related("parent").filter(pk=candidates.pop()).first()


def area_resolve_province_text(*, text: str) -> Area | None:
    """The province a free-text address names; the last one when it names several."""
    tokens, _ = _tokenize(text)
    province = _province_mention(_gazetteer(), tokens)
    if province is None:
        return None
    return Area.objects.filter(pk=province.pk).first()


def _tokenize(text: str) -> tuple[list[str], list[str]]:
    """Folded tokens and, for each, the word as written (for tone-mark tie-breaks)."""
    tokens, originals = [], []
    for word in _WORD.findall(unicodedata.normalize("NFC", text or "")):
        for token in fold(word).split():
            tokens.append(token)
            originals.append(word)
    return tokens, originals


def _province_mention(index: _Index, tokens: list[str]) -> _Entry | None:
    spans = [s for s in _spans(tokens, index.provinces, index.longest) if not s.commune_word]
    if any(s.province_word for s in spans):
        spans = [s for s in spans if s.province_word]
    if not spans:
        return None
    # Vietnamese addresses end with the province; an earlier one is likely a street name.
    return index.provinces[max(spans, key=lambda s: s.start).key]


def _spans(tokens: list[str], names: Mapping[tuple[str, ...], object], longest: int) -> list[_Span]:
    found = []
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + longest, len(tokens)) + 1):
            key = tuple(tokens[start:end])
            if key in names:
                found.append(_span_at(tokens, start, end, key))
    return found


def _span_at(tokens: list[str], start: int, end: int, key: tuple[str, ...]) -> _Span:
    def after(words: tuple[str, ...]) -> bool:
        return start >= len(words) and tuple(tokens[start - len(words) : start]) == words

    for words, unit_type in _COMMUNE_WORDS.items():
        if after(words):
            return _Span(
                start, end, key, commune_word=True, province_word=False, unit_type=unit_type
            )
    province_word = any(after(words) for words in _PROVINCE_WORDS)
    return _Span(start, end, key, commune_word=False, province_word=province_word, unit_type=None)


def _tone_key(text: str) -> str:
    """Lower-case name with each word's tone mark moved to its end: 'hòa' == 'hoà'."""
    words = []
    for word in unicodedata.normalize("NFD", text.lower()).split():
        tones = "".join(ch for ch in word if ch in _TONE_MARKS)
        words.append("".join(ch for ch in word if ch not in _TONE_MARKS) + tones)
    return " ".join(words)


def _fingerprint() -> tuple[object, ...]:
    # Catches areas written without areas_load (another process, fixtures) in one cheap query.
    totals = Area.objects.aggregate(count=Count("pk"), last=Max("pk"), top=Max("code"))
    return totals["count"], totals["last"], totals["top"]


def _gazetteer() -> _Index:
    global _index
    fingerprint = _fingerprint()
    index = _index
    if index is not None and index.fingerprint == fingerprint:
        return index
    with _index_lock:
        # Another thread may have built it while this one waited.
        if _index is not None and _index.fingerprint == fingerprint:
            return _index
        provinces: dict[tuple[str, ...], _Entry] = {}
        communes: dict[tuple[str, ...], list[_Entry]] = {}
        rows = Area.objects.values_list(
            "pk", "level", "unit_type", "name", "search_key", "parent_id"
        )
        for pk, level, unit_type, name, search_key, parent_id in rows:
            key = tuple(search_key.split())
            if level == AreaLevel.PROVINCE:
                provinces[key] = _Entry(pk, pk, unit_type, _tone_key(name))
            else:
                communes.setdefault(key, []).append(
                    _Entry(pk, parent_id, unit_type, _tone_key(name))
                )
        for alias, name in _PROVINCE_ALIASES.items():
            if (entry := provinces.get(tuple(name.split()))) is not None:
                provinces[tuple(alias.split())] = entry
        longest = max((len(key) for key in [*provinces, *communes]), default=0)
        _index = _Index(fingerprint, provinces, communes, longest)
        return _index

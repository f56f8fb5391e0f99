"""Reads for areas: lookup, search and the gazetteer that finds a commune in an address.

Areas are public reference data, so nothing here depends on who is asking.
"""

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

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

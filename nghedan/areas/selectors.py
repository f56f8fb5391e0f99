"""Reads for areas: lookup and search (the address resolver is `areas.places`).

Areas are public reference data, so nothing here depends on who is asking.
"""


from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from nghedan.areas.models import Area, AreaLevel
from nghedan.areas.places.lexicon import PROVINCE_ALIASES
from nghedan.lib.reference import reference_copy
from nghedan.lib.text import fold

# Unit words people type before a name, folded ("thị trấn" was abolished in 2025 but is
# still in people's addresses); a search also tries the query without them.
_UNIT_WORDS = [
    ("phuong",),
    ("p",),
    ("xa",),
    ("x",),
    ("dac", "khu"),
    ("thi", "tran"),
    ("tinh",),
    ("thanh", "pho"),
    ("tp",),
]


def area_get_by_code(*, code: str) -> Area | None:
    """The area with this official code, its province loaded. Each process keeps the
    areas it has looked up (lib/reference: forgotten after a change), so intake pays no
    query for them; callers treat them as read-only."""
    known: dict[str, Area] = reference_copy("areas.by_code", dict)
    area = known.get(code)
    if area is None:
        area = Area.objects.select_related("parent").filter(code=code).first()
        if area is not None:
            known[code] = area
    return area


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
    keys.extend(PROVINCE_ALIASES[key] for key in list(keys) if key in PROVINCE_ALIASES)
    return list(dict.fromkeys(key for key in keys if key))

"""Reads for agencies: the agency of a type in an area, and search by name."""

from functools import lru_cache

from django.db.models import Q, QuerySet

from nghedan.agencies.models import Agency
from nghedan.areas.models import Area
from nghedan.lib.text import fold

# Abbreviations officers type, folded, spelled out as they appear in agency names.
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "tp": "thanh pho",
    "tphcm": "thanh pho ho chi minh",
    "hcm": "ho chi minh",
    "hn": "ha noi",
    "p": "phuong",
    "x": "xa",
}


def agency_for_area(*, area: Area, agency_type_code: str) -> Agency | None:
    """The active agency of that type in that area, if there is one."""
    return (
        Agency.objects.select_related("agency_type", "area", "parent")
        .filter(area=area, agency_type__code=agency_type_code, is_active=True)
        .first()
    )


def transfer_targets(*, province: Area, excluding: Agency | None = None) -> QuerySet[Agency]:
    """Active agencies of a province and its communes, where a petition may be sent on."""
    agencies = Agency.objects.filter(
        Q(area=province) | Q(area__parent=province), is_active=True
    ).only("code", "name")
    if excluding is not None:
        agencies = agencies.exclude(pk=excluding.pk)
    return agencies.order_by("area__code", "agency_type__code")


def agency_search(*, query: str, limit: int = 20) -> list[Agency]:
    """Active agencies whose name has a word starting with each word of `query`.

    Diacritics and word order do not matter ("xay dung ha noi" finds "Sở Xây dựng Thành
    phố Hà Nội"). Names that start with the query come first, then those where more of its
    words are whole words of the name, then shorter names.
    """
    words = [
        word for token in fold(query).split() for word in _ABBREVIATIONS.get(token, token).split()
    ]
    if not words:
        return []
    # Folding the ~7,000 names in Python takes milliseconds; the database cannot fold.
    starts = [f" {word}" for word in words]
    whole = [f" {word} " for word in words]
    phrase = " " + " ".join(words)
    ranked = []
    for pk, name in Agency.objects.filter(is_active=True).values_list("pk", "name"):
        key = _spaced_key(name)
        if all(start in key for start in starts):
            # "ba" also starts "ban" in "Ủy ban": names where it is a whole word rank higher.
            exact = sum(word in key for word in whole)
            ranked.append((not key.startswith(phrase), -exact, len(key), key, pk))
    ranked.sort()
    pks = [pk for *_, pk in ranked[:limit]]
    agencies = Agency.objects.select_related("agency_type", "area", "parent").in_bulk(pks)
    return [agencies[pk] for pk in pks]


@lru_cache(maxsize=16384)
def _spaced_key(name: str) -> str:
    # Spaces around make " word" in key mean "a word of the name starts with word".
    return f" {fold(name)} "

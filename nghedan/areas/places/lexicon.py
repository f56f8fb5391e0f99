"""The words of place names: unit words, and the words that rule a bare name out.

Unit words ("phường", "Q.", "TP") and what kind of place each may introduce; street,
hamlet and building words, forms of address and common name parts, before which a bare
name is a street or a person rather than a place; the national motto; short names people
use for provinces; and the folded and tone-mark keys (`_key`, `_tone_key`) every name and
word is compared on, with the lookup tables built from these lists.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from nghedan.areas.models import UnitType
from nghedan.lib.text import fold

_COMMUNE, _DISTRICT, _CITY, _PROVINCE = "commune", "district", "city", "province"
_CURRENT_KINDS = ("province", "commune")
_PROVINCE_KINDS = frozenset({"province", "old_province"})
# Kinds a name may be read as after each class of unit word (None: no unit word).
_KINDS_AFTER = {
    _COMMUNE: frozenset({"commune", "old_commune"}),
    _DISTRICT: frozenset({"old_district"}),
    _CITY: frozenset({"province", "old_province", "old_district"}),
    _PROVINCE: frozenset({"province", "old_province"}),
    None: frozenset({"province", "old_province", "commune", "old_district", "old_commune"}),
}


@dataclass(frozen=True, slots=True)
class _UnitWord:
    klass: str
    # The unit type it names: an `UnitType` value for current communes, the pre-2025
    # Vietnamese type ("Phường", "Thị trấn", "Quận") for old units.
    current_type: str | None = None
    old_type: str | None = None
    numbers_only: bool = False


_UNIT_WORDS: dict[str, _UnitWord] = {
    "phường": _UnitWord(_COMMUNE, UnitType.WARD, "Phường"),
    "p": _UnitWord(_COMMUNE, UnitType.WARD, "Phường"),
    "ph": _UnitWord(_COMMUNE, UnitType.WARD, "Phường"),
    # "F12": how people in Hồ Chí Minh City shorten "phường 12".
    "f": _UnitWord(_COMMUNE, UnitType.WARD, "Phường", numbers_only=True),
    "xã": _UnitWord(_COMMUNE, UnitType.COMMUNE, "Xã"),
    "x": _UnitWord(_COMMUNE, UnitType.COMMUNE, "Xã"),
    "đặc khu": _UnitWord(_COMMUNE, UnitType.SPECIAL_ZONE, None),
    # Abolished in 2025: an old name, so old communes of that type come first.
    "thị trấn": _UnitWord(_COMMUNE, None, "Thị trấn"),
    "tt": _UnitWord(_COMMUNE, None, "Thị trấn"),
    "quận": _UnitWord(_DISTRICT, None, "Quận"),
    "q": _UnitWord(_DISTRICT, None, "Quận"),
    "huyện": _UnitWord(_DISTRICT, None, "Huyện"),
    "h": _UnitWord(_DISTRICT, None, "Huyện"),
    "thị xã": _UnitWord(_DISTRICT, None, "Thị xã"),
    "tx": _UnitWord(_DISTRICT, None, "Thị xã"),
    "thành phố": _UnitWord(_CITY, None, "Thành phố"),
    "tp": _UnitWord(_CITY, None, "Thành phố"),
    "t p": _UnitWord(_CITY, None, "Thành phố"),
    "tỉnh": _UnitWord(_PROVINCE),
    "thủ đô": _UnitWord(_PROVINCE),
}
# Before a bare name: the name belongs to a street, hamlet or building, not to a unit.
_STREET_WORDS = (
    "đường dg đ phố ngõ ngách hẻm kiệt số quốc lộ ql tỉnh lộ đại lộ cầu chợ trường thôn ấp "
    "xóm bản buôn làng khóm tổ khu kp tdp sông hồ núi chùa đình đền bến ga cảng nhà "
    "chung cư công viên bệnh viện bv công ty ngân hàng tòa toà khách sạn sân bay bến xe"
)
_STREET_PHRASES = (
    "quốc lộ",
    "tỉnh lộ",
    "đại lộ",
    "chung cư",
    "công viên",
    "bệnh viện",
    "công ty",
    "ngân hàng",
    "khách sạn",
    "sân bay",
    "bến xe",
)
# Before a bare name: a person's name ("ông Trần Phú", "Nguyễn Thị Minh Khai").
_ADDRESS_FORMS = (
    "ông",
    "bà",
    "anh",
    "chị",
    "cô",
    "chú",
    "bác",
    "em",
    "cháu",
    "cụ",
    "đồng chí",
    "đ c",
)
_NAME_PARTS = (
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trịnh "
    "đoàn lương văn thị"
).split()
# The national motto heads every formal petition; its words are also commune names
# ("Cộng Hòa", "Độc Lập", "Hạnh Phúc"), and in capitals they would pass for them.
_MOTTOS = (
    ("cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam"),
    ("doc", "lap", "tu", "do", "hanh", "phuc"),
)
# Short names people use for a province, folded, mapped to the province's folded name.
PROVINCE_ALIASES = {
    "hcm": "ho chi minh",
    "hcmc": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "saigon": "ho chi minh",
    "hn": "ha noi",
    "hanoi": "ha noi",
    "danang": "da nang",
    "haiphong": "hai phong",
    "cantho": "can tho",
    "thua thien hue": "hue",
    "brvt": "ba ria vung tau",
}

# Vietnamese tone marks, in NFD; the other marks (ă â ê ô ơ ư) belong to the letter.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _tone_key(text: str) -> str:
    """Lower-case text with each word's tone mark moved to its end: 'hòa' == 'hoà'."""
    words = []
    for word in unicodedata.normalize("NFD", text.lower()).split():
        tones = "".join(ch for ch in word if ch in _TONE_MARKS)
        words.append("".join(ch for ch in word if ch not in _TONE_MARKS) + tones)
    return unicodedata.normalize("NFC", " ".join(words))


def _key(name: str) -> tuple[str, ...]:
    # Numbers without their leading zeros ("phường 05" is "phường 5"); any length of digits,
    # where int() would refuse more than 4,300.
    return tuple((t.lstrip("0") or "0") if t.isdigit() else t for t in fold(name).split())


def _phrases(words: Iterable[str]) -> dict[tuple[str, ...], frozenset[str]]:
    """Folded key -> the tone keys it may be written as, for words compared as written."""
    table: dict[tuple[str, ...], set[str]] = {}
    for word in words:
        table.setdefault(_key(word), set()).add(_tone_key(word))
    return {key: frozenset(values) for key, values in table.items()}


_UNIT_TABLE = {_key(word): (spec, _tone_key(word)) for word, spec in _UNIT_WORDS.items()}
_STREET_TABLE = _phrases([*_STREET_WORDS.split(), *_STREET_PHRASES])
_PERSON_TABLE = _phrases(_ADDRESS_FORMS)
_NAME_PART_TABLE = _phrases(_NAME_PARTS)
# Short aliases are everyday words in lower case ("hn": hôm nay); bare, they must be capitals.
_SHORT_ALIASES = frozenset(_key(a) for a in PROVINCE_ALIASES if len(a) <= 4)

"""Places named in a petition: current provinces and communes, and the names people still use.

Since 1 July 2025 Vietnam has two tiers, 34 provinces/cities and 3,321 communes, wards and
special zones; districts were abolished and about 10,000 communes merged. Citizens still
write the old names ("quận Cầu Giấy", "Q.1", "phường Trúc Bạch"), with or without
diacritics, with abbreviations. This package finds those mentions and maps them to the
current official codes.

Public API:

- `places_find(text=...)`: every mention of a current province or commune, or of a pre-2025
  province, district or commune, as `PlaceMention`s in the order they appear.
- `place_suggest(text=...)`: the one area (commune if one is clearly meant, else province)
  a petition is about, among the areas loaded in the database, or None.
- `commune_resolve(text=...)`, `province_resolve(text=...)`: the commune (or province) an
  address names, or None: what Open311 and the forms file a petition under. This is the
  one address resolver of the product; the language pipeline reads places through it too.

Where the names come from:

- current units: the `Area` table (what this deployment loaded), read once per process
  and read again when the table changes (same fingerprint as the areas gazetteer);
- old units: `nghedan/areas/data/old_units.csv`, derived from the pre-2025 lists and the official
  crosswalk (see `data/old_units.SOURCE.md`), read once per process.

Matching rules, in short (the steps are in `reading._analyse`):

- Names are compared on folded tokens (`nghedan.lib.text.fold`: lower case, no
  diacritics), so "Hòa"/"Hoà"/"Hoa" all match; when several places share a folded name
  and the text was typed with diacritics, the tone-mark spelling settles it (Sơn Hà/Sơn Hạ).
- A unit word before a name says what it is: "phường, p, ph, xã, x, đặc khu, thị trấn, tt"
  (commune), "quận, q, huyện, h, thị xã, tx" (old district), "thành phố, tp, t.p"
  (province, or an old district-level city such as "TP Thủ Đức"), "tỉnh, thủ đô"
  (province). "Q1", "P12", "F7" are read as "quận 1", "phường 12", "phường 7".
- Numbers ("phường 12", "quận 3") are names only after a unit word.
- Without a unit word, a name is taken as a province (any case), or, when it has at least
  two syllables each written with a capital letter, as a commune or old district; an old
  commune without a unit word needs an old district or province in the same text. Bare
  names are skipped after a street or hamlet word ("đường Trần Phú", "ngõ 120 Đội Cấn",
  "thôn Tân Phú"), after a house number, and after a form of address, a common family
  name or "Văn"/"Thị" ("ông Trần Phú", "Nguyễn Thị Minh Khai"). A person's name written
  without these cues, that is also a place name, can still be taken as a place.
- Province aliases: "HCM", "TPHCM", "Sài Gòn", "HN", "BRVT"...; a short one without a unit
  word counts only in capitals ("hn" is also "hôm nay"). The national motto heading a
  petition ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc") is skipped.
- Longest match wins; a name never starts or ends inside a word.
- A province, old province or old district named elsewhere in the text narrows every
  ambiguous name ("phường 1 quận 3 TP HCM"). When a current and an old unit both fit the
  same words equally well, the current unit wins.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Literal, cast

from nghedan.areas.models import Area, AreaLevel

from .index import OLD_UNITS_CSV as OLD_UNITS_CSV
from .index import _Index, _places_index, _Unit, places_index_clear
from .lexicon import _PROVINCE_KINDS
from .reading import _analyse, _Reading, _Token, _tokenize

__all__ = [
    "OLD_NAME_NOTE",
    "PlaceMention",
    "PlaceSuggestion",
    "commune_resolve",
    "province_resolve",
    "place_suggest",
    "places_find",
    "places_index_clear",
]

Level = Literal["province", "commune", "old_district", "old_commune", "old_province"]
Confidence = Literal["high", "low"]

OLD_NAME_NOTE = "tên cũ trước 1/7/2025"


@dataclass(frozen=True)
class PlaceMention:
    """One place named in a text.

    `text` is exactly `input[start:end]` and includes the unit word when there is one
    ("phường Trúc Bạch", "Q.1"). `area_code` is the current official code it maps to: the
    commune for a current commune, the default successor for an old commune, the (new)
    province for a province, old province or old district. When the name stays ambiguous
    it is the province all readings share, or None when they lie in several provinces.
    `candidates` lists the current commune codes it may mean (empty for provinces): one
    for a clear commune, several when the name is shared, the old commune was divided
    (the default successor first) or it is an old district.
    """

    text: str
    start: int
    end: int
    level: Level
    area_code: str | None
    candidates: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class PlaceSuggestion:
    """The area a text is most likely about, with the mentions that point to it."""

    area: Area
    confidence: Confidence
    mentions: list[PlaceMention]
    reason: str


# --- Mentions ---------------------------------------------------------------------------


def _full(unit: _Unit) -> str:
    return f"{unit.unit_type} {unit.name}"


def _old_place(index: _Index, unit: _Unit) -> str:
    """'Phường Trúc Bạch, Quận Ba Đình, Thành phố Hà Nội' for an old unit."""
    parts = [_full(unit)]
    if unit.kind == "old_commune" and (district := index.old.districts.get(unit.district_code)):
        parts.append(_full(district))
    if unit.kind != "old_province" and (province := index.old.provinces.get(unit.province_code)):
        parts.append(_full(province))
    return ", ".join(parts)


def _candidates(reading: _Reading) -> tuple[str, ...]:
    if reading.kind in _PROVINCE_KINDS:
        return ()
    # Default successors first, then the other communes, without repeats.
    codes = [u.new_codes[0] for u in reading.units if u.new_codes]
    codes += [code for u in reading.units for code in u.new_codes[1:]]
    return tuple(dict.fromkeys(codes))


def _area_code(reading: _Reading) -> str | None:
    units = reading.units
    if reading.kind in _PROVINCE_KINDS or reading.kind == "old_district":
        provinces = {u.new_province_code for u in units}
        return provinces.pop() if len(provinces) == 1 else None
    defaults = {u.new_codes[0] for u in units}
    if len(defaults) == 1:
        return defaults.pop()
    provinces = {u.new_province_code for u in units}
    return provinces.pop() if len(provinces) == 1 else None


def _note(index: _Index, reading: _Reading) -> str:
    units = reading.units
    notes = []
    if reading.kind.startswith("old_"):
        if len(units) == 1:
            notes.append(f"{OLD_NAME_NOTE}: {_old_place(index, units[0])}")
        else:
            notes.append(OLD_NAME_NOTE)
        if len(units) == 1 and units[0].divided:
            notes.append(f"đã chia cho {len(units[0].new_codes)} xã/phường")
    if len(units) > 1:
        notes.append(f"trùng tên {len(units)} nơi")
    return "; ".join(notes)


def _mention(index: _Index, text: str, tokens: list[_Token], reading: _Reading) -> PlaceMention:
    start = tokens[reading.hit.first].start
    end = tokens[reading.hit.end - 1].end
    return PlaceMention(
        text=text[start:end],
        start=start,
        end=end,
        level=cast(Level, reading.kind),
        area_code=_area_code(reading),
        candidates=_candidates(reading),
        note=_note(index, reading),
    )


def places_find(*, text: str) -> list[PlaceMention]:
    """Every place named in `text`, in order: current provinces and communes, and the
    pre-2025 provinces, districts and communes people still write. See the module doc."""
    index = _places_index()
    text = text or ""
    tokens = _tokenize(text)
    return [_mention(index, text, tokens, r) for r in _analyse(index, tokens)]


# --- Suggestion -------------------------------------------------------------------------


def place_suggest(*, text: str) -> PlaceSuggestion | None:
    """The loaded area `text` is most likely about, or None when it names none.

    The commune when the text clearly means one (a current commune, or an old commune's
    successor), else the province. "high" confidence needs a unit word or a matching
    province/district in the text, an undivided old commune and no other province named;
    everything else is "low". `mentions` are the mentions that point to the area.
    """
    index = _places_index()
    text = text or ""
    tokens = _tokenize(text)
    readings = _analyse(index, tokens)
    if not readings:
        return None
    mentions = {id(r): _mention(index, text, tokens, r) for r in readings}
    # Provinces named outright, as current or old provinces, or through an old district.
    named = [r for r in readings if r.kind in _PROVINCE_KINDS or r.kind == "old_district"]
    named_provinces = {code for r in named if (code := _province_of(index, r)) is not None}
    choice = _commune_choice(index, readings)
    if choice is not None:
        reading, code, exact = choice
        province = index.loaded[code]
        supporting = [
            r
            for r in readings
            if code in _candidates(r)
            or (r.kind in _PROVINCE_KINDS and _province_of(index, r) == province)
        ]
        confident = (
            exact
            and (reading.hit.unit_word is not None or reading.context > 0)
            and named_provinces <= {province}
        )
        return _suggestion(index, code, confident, [mentions[id(r)] for r in supporting], reading)
    votes: Counter[str] = Counter()
    last: dict[str, int] = {}
    for r in readings:
        if (code := _province_of(index, r)) is not None:
            votes[code] += 1
            last[code] = r.hit.start
    if not votes:
        return None
    # Provinces named outright first, then the most named; addresses end with the
    # province, so a tie goes to the last one.
    code = max(votes, key=lambda c: (c in named_provinces, votes[c], last[c]))
    supporting = [r for r in readings if _province_of(index, r) == code]
    confident = len(votes) == 1 and code in named_provinces
    reason = next((r for r in supporting if r in named), supporting[0])
    return _suggestion(index, code, confident, [mentions[id(r)] for r in supporting], reason)


def commune_resolve(*, text: str) -> Area | None:
    """The one loaded commune an address clearly names, or None when it names none, or
    several could be meant (a name shared by two provinces with no province written, names
    that differ only by their tone marks typed without them, a bare province name, a
    commune that is not in the province written). A petition is routed by it, so only a
    confident reading counts."""
    suggestion = place_suggest(text=text)
    if (
        suggestion is None
        or suggestion.area.level != AreaLevel.COMMUNE
        or suggestion.confidence != "high"
    ):
        return None
    return suggestion.area


def province_resolve(*, text: str) -> Area | None:
    """The loaded province an address names (that of its commune when it names one)."""
    suggestion = place_suggest(text=text)
    if suggestion is None:
        return None
    area = suggestion.area
    return area if area.level == AreaLevel.PROVINCE else area.parent


def _province_of(index: _Index, reading: _Reading) -> str | None:
    """The loaded province every reading of a mention lies in, or None."""
    provinces = {u.new_province_code for u in reading.units}
    code = provinces.pop() if len(provinces) == 1 else None
    return code if code in index.loaded else None


def _commune_choice(index: _Index, readings: list[_Reading]) -> tuple[_Reading, str, bool] | None:
    """The one loaded commune the text clearly means: (reading, code, exact), or None.

    Every commune named must allow it: a divided old commune allows each commune it went
    into ("Phường Ba Đình ... phường Đội Cấn cũ" means Ba Đình, though Đội Cấn's default
    successor is Ngọc Hà). `exact` is False when the choice rests on a divided old
    commune's default successor, or on a successor standing in for one not loaded.
    """
    picks: list[tuple[_Reading, list[str], bool]] = []
    for r in readings:
        if len(r.units) != 1:
            continue
        unit = r.units[0]
        # An old district that became one commune ("huyện Vân Đồn") names that commune.
        if r.kind not in ("commune", "old_commune") and not (
            r.kind == "old_district" and len(unit.new_codes) == 1
        ):
            continue
        codes = [c for c in unit.new_codes if c in index.loaded]
        if codes:
            picks.append((r, codes, not unit.divided and codes[0] == unit.new_codes[0]))
    # Names after a unit word win over bare names, which may be streets or people.
    if any(r.hit.unit_word is not None for r, _, _ in picks):
        picks = [p for p in picks if p[0].hit.unit_word is not None]
    if not picks:
        return None
    common = set(picks[0][1]).intersection(*(codes for _, codes, _ in picks[1:]))
    exact = [p for p in picks if p[2] and p[1][0] in common]
    if exact:
        reading, codes, _ = max(exact, key=lambda p: p[0].context)
        return reading, codes[0], True
    for reading, codes, _ in picks:
        for code in codes:
            if code in common:
                return reading, code, False
    return None


def _suggestion(
    index: _Index, code: str, confident: bool, mentions: list[PlaceMention], reading: _Reading
) -> PlaceSuggestion | None:
    area = Area.objects.select_related("parent").filter(code=code).first()
    if area is None:
        return None
    return PlaceSuggestion(
        area=area,
        confidence="high" if confident else "low",
        mentions=mentions,
        reason=_reason(index, area, reading),
    )


def _reason(index: _Index, area: Area, reading: _Reading) -> str:
    unit = reading.units[0]
    if reading.kind == "commune" and area.level == AreaLevel.COMMUNE:
        return f"Theo tên xã/phường hiện hành: {area}"
    if reading.kind == "province" and area.level == AreaLevel.PROVINCE:
        return f"Theo tên tỉnh/thành phố: {area.full_name}"
    if reading.kind == "old_commune" and area.level == AreaLevel.COMMUNE:
        old = _full(unit)
        if district := index.old.districts.get(unit.district_code):
            old = f"{old}, {_full(district)}"
        reason = f"Theo tên cũ: {old} → {area.full_name}"
        if unit.divided and area.code == unit.new_codes[0]:
            reason += f" (đã chia cho {len(unit.new_codes)} xã/phường; chọn nơi nhận chính)"
        elif unit.divided:
            reason += f" (đã chia cho {len(unit.new_codes)} xã/phường; chọn nơi khớp văn bản)"
        return reason
    if reading.kind in ("old_province", "old_district", "old_commune") and len(reading.units) == 1:
        return f"Theo tên cũ: {_full(unit)} → {area.full_name}"
    return f"Theo các địa danh trong văn bản: {area.full_name}"

"""The index of place names: current units from the Area table, old ones from old_units.csv.

Old provinces, districts and communes are read once per process from
`nghedan/areas/data/old_units.csv`; current provinces and communes are read from the
`Area` table and merged with them (and with the province aliases) into one index keyed by
folded name, rebuilt under a lock whenever the table's fingerprint changes, or after
`places_index_clear`.
"""

import csv
import threading
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, Max

from nghedan.areas.models import Area, AreaLevel

from .lexicon import _PROVINCE_KINDS, PROVINCE_ALIASES, _key, _tone_key

OLD_UNITS_CSV = Path(__file__).resolve().parent.parent / "data" / "old_units.csv"


@dataclass(frozen=True, slots=True)
class _Unit:
    # "province" | "commune" (current, from the Area table) or "old_province" |
    # "old_district" | "old_commune" (from old_units.csv).
    kind: str
    # The official code: current for current units, pre-2025 for old ones.
    code: str
    name: str
    unit_type: str
    tone_key: str
    # Old units: the old province; current units: the province.
    province_code: str
    new_province_code: str
    district_code: str = ""
    # Current communes a unit is now part of (old ones: default successor first).
    new_codes: tuple[str, ...] = ()
    divided: bool = False


@dataclass(frozen=True, slots=True)
class _OldUnits:
    names: dict[tuple[str, ...], tuple[_Unit, ...]]
    provinces: dict[str, _Unit]
    districts: dict[str, _Unit]


@dataclass(frozen=True, slots=True)
class _Index:
    fingerprint: tuple[object, ...]
    names: dict[tuple[str, ...], tuple[_Unit, ...]]
    # Every leading part of every name ("ba", "ba dinh"), to stop a lookup early.
    prefixes: frozenset[tuple[str, ...]]
    longest: int
    old: _OldUnits
    # Loaded current areas: code -> province code (itself for a province).
    loaded: dict[str, str]


_old: _OldUnits | None = None
_index: _Index | None = None
_lock = threading.Lock()


def places_index_clear() -> None:
    """Forget the index of current names; the next call rebuilds it from the Area table."""
    global _index
    _index = None


def _old_units() -> _OldUnits:
    global _old
    if _old is not None:
        return _old
    with _lock:
        if _old is None:
            _old = _read_old_units(OLD_UNITS_CSV)
        return _old


def _read_old_units(path: Path) -> _OldUnits:
    names: dict[tuple[str, ...], list[_Unit]] = {}
    provinces: dict[str, _Unit] = {}
    districts: dict[str, _Unit] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            level = row["level"]
            unit = _Unit(
                kind=f"old_{level}",
                code=row["code"],
                name=row["name"],
                unit_type=row["unit_type"],
                tone_key=_tone_key(row["name"]),
                province_code=row["province_code"],
                new_province_code=row["new_province_code"],
                district_code=row["district_code"],
                new_codes=tuple(row["new_codes"].split()),
                divided=row["divided"] == "1",
            )
            names.setdefault(_key(row["name"]), []).append(unit)
            if level == "province":
                provinces[unit.code] = unit
            elif level == "district":
                districts[unit.code] = unit
    return _OldUnits({key: tuple(units) for key, units in names.items()}, provinces, districts)


def _fingerprint() -> tuple[object, ...]:
    # One cheap query that changes whenever areas are added, removed or reloaded.
    totals = Area.objects.aggregate(count=Count("pk"), last=Max("pk"), top=Max("code"))
    return totals["count"], totals["last"], totals["top"]


def _places_index() -> _Index:
    global _index
    fingerprint = _fingerprint()
    index = _index
    if index is not None and index.fingerprint == fingerprint:
        return index
    old = _old_units()
    with _lock:
        if _index is not None and _index.fingerprint == fingerprint:
            return _index
        names: dict[tuple[str, ...], list[_Unit]] = {}
        loaded: dict[str, str] = {}
        rows = Area.objects.values_list("code", "level", "unit_type", "name", "parent__code")
        for code, level, unit_type, name, parent_code in rows:
            province_code = code if level == AreaLevel.PROVINCE else parent_code
            loaded[code] = province_code
            unit = _Unit(
                kind="province" if level == AreaLevel.PROVINCE else "commune",
                code=code,
                name=name,
                unit_type=unit_type,
                tone_key=_tone_key(name),
                province_code=province_code,
                new_province_code=province_code,
                new_codes=() if level == AreaLevel.PROVINCE else (code,),
            )
            names.setdefault(_key(name), []).append(unit)
        merged = {key: tuple(units) for key, units in old.names.items()}
        for key, units in names.items():
            merged[key] = (*units, *merged.get(key, ()))
        for alias, target in PROVINCE_ALIASES.items():
            provinces = tuple(
                u for u in merged.get(_key(target), ()) if u.kind in _PROVINCE_KINDS
            )
            if provinces:
                merged[_key(alias)] = (*provinces, *merged.get(_key(alias), ()))
        prefixes = frozenset(key[:size] for key in merged for size in range(1, len(key) + 1))
        longest = max(len(key) for key in merged)
        _index = _Index(fingerprint, merged, prefixes, longest, old, loaded)
        return _index

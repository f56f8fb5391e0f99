"""Writes for areas: loading the official list of provinces and communes."""

import csv
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from django.db import transaction

from nghedan.areas.models import Area, AreaLevel, UnitType
from nghedan.areas.places import places_index_clear
from nghedan.lib.text import clean, fold

DATA_DIR = Path(__file__).resolve().parent / "data"
# The release in force; see data/SOURCE.md.
RELEASE = "2026-04-30"

_PROVINCE_UNIT_TYPES = {"municipality": UnitType.MUNICIPALITY, "province": UnitType.PROVINCE}
_COMMUNE_UNIT_TYPES = {
    "ward": UnitType.WARD,
    "commune": UnitType.COMMUNE,
    "special_administrative_region": UnitType.SPECIAL_ZONE,
}
_PROVINCE_CODE = re.compile(r"\d{2}")
_COMMUNE_CODE = re.compile(r"\d{5}")
_FIELDS = ("level", "unit_type", "name", "full_name", "name_en", "search_key", "parent_id")


def areas_load(
    *, data_dir: Path | None = None, province_codes: Iterable[str] | None = None
) -> dict[str, int]:
    """Create or update provinces and their communes from the bundled CSVs.

    Idempotent: a second run changes nothing. Areas missing from the files are kept, since
    petitions and agencies point at them. `province_codes` limits the load to those
    provinces and their communes (tests build a small world with it).
    Returns the counts `created`, `updated` and `unchanged`.
    """
    data_dir = data_dir or DATA_DIR
    provinces = _read_rows(data_dir / f"provinces_{RELEASE}.csv", _PROVINCE_CODE)
    communes = _read_rows(data_dir / f"wards_{RELEASE}.csv", _COMMUNE_CODE)
    if province_codes is not None:
        wanted = set(province_codes)
        unknown = wanted - {row["code"] for row in provinces}
        if unknown:
            raise ValueError(f"Không có mã tỉnh/thành phố: {', '.join(sorted(unknown))}")
        provinces = [row for row in provinces if row["code"] in wanted]
        communes = [row for row in communes if row["province_code"] in wanted]

    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        existing = {area.code: area for area in Area.objects.all()}
        # Provinces first: communes need their primary keys as parent.
        _upsert(
            [
                _area(row, AreaLevel.PROVINCE, _PROVINCE_UNIT_TYPES, parent_id=None)
                for row in provinces
            ],
            existing,
            counts,
        )
        _upsert(
            [
                _area(
                    row,
                    AreaLevel.COMMUNE,
                    _COMMUNE_UNIT_TYPES,
                    parent_id=existing[row["province_code"]].pk,
                )
                for row in communes
            ],
            existing,
            counts,
        )
        # Cleared inside the transaction so this process never resolves against old names;
        # other processes notice the change through the index fingerprint.
        places_index_clear()
    return counts


def _read_rows(path: Path, code_pattern: re.Pattern[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        # A file saved by a spreadsheet loses leading zeros; refuse it rather than mis-code.
        if not code_pattern.fullmatch(row["code"]):
            raise ValueError(f"{path.name}: mã không hợp lệ {row['code']!r}")
    return rows


def _area(
    row: dict[str, str], level: str, unit_types: Mapping[str, str], *, parent_id: int | None
) -> Area:
    name = clean(row["name"])
    full_name = clean(row["full_name"])
    return Area(
        code=row["code"],
        level=level,
        unit_type=unit_types[row["unit_type_en"]],
        name=name,
        # The source writes one full name in lower case ("xã Bắc Sơn").
        full_name=full_name[:1].upper() + full_name[1:],
        name_en=clean(row["name_en"]),
        search_key=fold(name),
        parent_id=parent_id,
    )


def _upsert(areas: list[Area], existing: dict[str, Area], counts: dict[str, int]) -> None:
    new, changed = [], []
    for area in areas:
        current = existing.get(area.code)
        if current is None:
            new.append(area)
            continue
        values = [getattr(area, field) for field in _FIELDS]
        if [getattr(current, field) for field in _FIELDS] == values:
            counts["unchanged"] += 1
            continue
        for field, value in zip(_FIELDS, values, strict=True):
            setattr(current, field, value)
        changed.append(current)
    Area.objects.bulk_create(new, batch_size=1000)
    Area.objects.bulk_update(
        changed, [field.removesuffix("_id") for field in _FIELDS], batch_size=500
    )
    existing.update((area.code, area) for area in new)
    counts["created"] += len(new)
    counts["updated"] += len(changed)

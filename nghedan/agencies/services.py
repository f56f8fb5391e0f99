"""Writes for agencies: the standard agencies of every province and commune."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from nghedan.agencies.models import Agency, AgencyType
from nghedan.areas.models import Area, AreaLevel

TYPES_FILE = Path(__file__).resolve().parent / "data" / "agency_types.csv"
# What the loader owns; flags an administrator sets (active, answer approval) are not here.
_AGENCY_FIELDS = ("code", "name", "parent_id")


@dataclass(frozen=True, slots=True)
class _TypeSpec:
    code: str
    level: str
    # The type whose agency, in the same province, is this one's parent ("" for none).
    parent_type: str
    name: str
    name_en: str
    # Put before the area's full name: "Sở Xây dựng" + "Thành phố Hà Nội".
    agency_name_prefix: str


def agencies_load(*, province_codes: Iterable[str] | None = None) -> dict[str, int]:
    """Create or update the agency types, then one agency of each type for each area.

    Every province gets one agency of each province-level type and every commune one of
    each commune-level type, with the parent named in the type list (a commune's UBND
    answers to its province's UBND). Idempotent; run `areas_load` first. Flags an
    administrator sets (active, answer approval) are left as they are.
    `province_codes` limits the load to those provinces and their communes.
    Returns the counts `types_created`, `types_updated`, `created`, `updated`, `unchanged`.
    """
    specs = _read_type_specs(TYPES_FILE)
    counts = dict.fromkeys(("types_created", "types_updated", "created", "updated", "unchanged"), 0)
    with transaction.atomic():
        types = _types_upsert(specs, counts)
        selected = Area.objects.filter(level=AreaLevel.PROVINCE)
        if province_codes is not None:
            wanted = set(province_codes)
            selected = selected.filter(code__in=wanted)
        provinces = list(selected.only("pk", "code", "full_name"))
        if province_codes is not None and (missing := wanted - {p.code for p in provinces}):
            raise ValueError(
                f"Chưa nạp địa bàn cho mã tỉnh/thành phố {', '.join(sorted(missing))}; "
                "hãy chạy load_areas trước."
            )
        province_pks = [province.pk for province in provinces]
        areas_by_level: dict[str, list[Area]] = {
            AreaLevel.PROVINCE: provinces,
            AreaLevel.COMMUNE: list(
                Area.objects.filter(level=AreaLevel.COMMUNE, parent__in=province_pks).only(
                    "pk", "code", "full_name", "parent_id"
                )
            ),
        }
        existing: dict[tuple[int | None, int], Agency] = {
            (agency.area_id, agency.agency_type_id): agency
            for agency in Agency.objects.filter(
                Q(area__in=province_pks) | Q(area__parent__in=province_pks)
            )
        }
        # One write per group; parents are always in an earlier group, so they have keys.
        for group in _in_parent_order(specs):
            desired = [
                _agency(spec=spec, area=area, types=types, existing=existing)
                for spec in group
                for area in areas_by_level[spec.level]
            ]
            _agencies_upsert(desired, existing, counts)
    return counts


def _agency(
    *,
    spec: _TypeSpec,
    area: Area,
    types: dict[str, AgencyType],
    existing: dict[tuple[int | None, int], Agency],
) -> Agency:
    agency_type = types[spec.code]
    parent_id = None
    if parent_type := types.get(spec.parent_type):
        # A parent of the same level sits in the same area, a provincial one in the province.
        parent_area_id = area.pk if parent_type.level == spec.level else area.parent_id
        parent_id = existing[(parent_area_id, parent_type.pk)].pk
    return Agency(
        code=f"{area.code}-{agency_type.code}",
        name=f"{spec.agency_name_prefix} {area.full_name}",
        agency_type=agency_type,
        area=area,
        parent_id=parent_id,
        requires_answer_approval=agency_type.requires_answer_approval,
    )


def _read_type_specs(path: Path) -> dict[str, _TypeSpec]:
    with path.open(encoding="utf-8", newline="") as handle:
        specs = {row["code"]: _TypeSpec(**row) for row in csv.DictReader(handle)}
    for spec in specs.values():
        parent = specs.get(spec.parent_type)
        if spec.parent_type and parent is None:
            raise ValueError(f"{path.name}: {spec.code} có parent_type lạ {spec.parent_type!r}")
        # A parent is looked up in the same area or its province, never in a commune below.
        if parent and (spec.level, parent.level) == (AreaLevel.PROVINCE, AreaLevel.COMMUNE):
            raise ValueError(f"{path.name}: {spec.code} cấp tỉnh không thể thuộc cấp xã")
    return specs


def _in_parent_order(specs: dict[str, _TypeSpec]) -> list[list[_TypeSpec]]:
    """Groups of types, each type's parent type in an earlier group."""
    groups: list[list[_TypeSpec]] = []
    placed: set[str] = set()
    pending = list(specs.values())
    while pending:
        ready = [spec for spec in pending if not spec.parent_type or spec.parent_type in placed]
        if not ready:
            raise ValueError(f"parent_type vòng tròn: {', '.join(s.code for s in pending)}")
        groups.append(ready)
        placed.update(spec.code for spec in ready)
        pending = [spec for spec in pending if spec.code not in placed]
    return groups


def _types_upsert(specs: dict[str, _TypeSpec], counts: dict[str, int]) -> dict[str, AgencyType]:
    # Types that are not in the file (added by an administrator) are left alone.
    types = {t.code: t for t in AgencyType.objects.filter(code__in=specs)}
    new, changed = [], []
    for spec in specs.values():
        values = {"name": spec.name, "name_en": spec.name_en, "level": spec.level}
        current = types.get(spec.code)
        if current is None:
            new.append(AgencyType(code=spec.code, **values))
        elif any(getattr(current, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(current, field, value)
            changed.append(current)
    AgencyType.objects.bulk_create(new)
    AgencyType.objects.bulk_update(changed, ["name", "name_en", "level"])
    types.update((t.code, t) for t in new)
    counts["types_created"] += len(new)
    counts["types_updated"] += len(changed)
    return types


def _agencies_upsert(
    desired: list[Agency], existing: dict[tuple[int | None, int], Agency], counts: dict[str, int]
) -> None:
    new, changed = [], []
    for agency in desired:
        current = existing.get((agency.area_id, agency.agency_type_id))
        if current is None:
            new.append(agency)
        elif any(getattr(current, f) != getattr(agency, f) for f in _AGENCY_FIELDS):
            for field in _AGENCY_FIELDS:
                setattr(current, field, getattr(agency, field))
            changed.append(current)
        else:
            counts["unchanged"] += 1
    Agency.objects.bulk_create(new, batch_size=1000)
    Agency.objects.bulk_update(changed, ["code", "name", "parent"], batch_size=500)
    existing.update(((a.area_id, a.agency_type_id), a) for a in new)
    counts["created"] += len(new)
    counts["updated"] += len(changed)

"""Regenerate old_units.csv: the pre-2025 provinces, districts and communes and where they went.

Run by developers when the reference data change, never at run time:

    .venv/bin/python nghedan/areas/data/build_old_units.py [--source DIR] [--out FILE]

`--source` defaults to ../shared/data/admin_units beside the repository (see its SOURCE.md).
The output has one row per pre-2025 unit, codes as zero-padded text:

    level             province | district | commune
    code              the old official code (2, 3 or 5 digits)
    unit_type         Tỉnh, Thành phố, Quận, Huyện, Thị xã, Phường, Xã, Thị trấn
    name              the name without its unit word ("Trúc Bạch", "1" for Quận 1)
    district_code     the old district of a commune
    district          its name, without the unit word
    province_code     the old province (for a province row: itself)
    province          its name, without the unit word
    new_province_code the province it belongs to since 1 July 2025
    new_codes         space-separated current commune codes: for a commune, its default
                      successor first, then the others it was divided into; for a district,
                      every commune its communes went into, the one that took most first
    divided           for a commune, 1 when it was split between several new communes
"""

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[3] / "shared" / "data" / "admin_units"
DEFAULT_OUT = HERE / "old_units.csv"
COLUMNS = (
    "level",
    "code",
    "unit_type",
    "name",
    "district_code",
    "district",
    "province_code",
    "province",
    "new_province_code",
    "new_codes",
    "divided",
)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build(source: Path) -> list[dict[str, str]]:
    provinces = _read(source / "pre2025_provinces.csv")
    districts = _read(source / "pre2025_districts.csv")
    wards = _read(source / "pre2025_wards.csv")
    province_map = {
        row["old_province_code"]: row["new_province_code"]
        for row in _read(source / "crosswalk_pre2025_to_2025_provinces.csv")
    }
    new_wards = {row["code"]: row for row in _read(source / "wards_2025-07-01.csv")}

    # Old commune -> [(new code, is default)], and island districts with no communes.
    successors: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    district_only: dict[str, str] = {}
    for row in _read(source / "crosswalk_pre2025_to_2025_wards.csv"):
        if row["relation"] == "whole_district_no_wards":
            district_only[row["old_district_code"]] = row["new_ward_code"]
            continue
        successors[row["old_ward_code"]].append(
            (row["new_ward_code"], row["is_default_new_ward"] == "1")
        )

    province_names = {row["code"]: row["name"] for row in provinces}
    district_names = {row["code"]: row["name"] for row in districts}
    out: list[dict[str, str]] = []
    for row in provinces:
        out.append(
            _row(
                level="province",
                code=row["code"],
                unit_type=row["unit_type"],
                name=row["name"],
                province_code=row["code"],
                province=row["name"],
                new_province_code=province_map[row["code"]],
            )
        )

    district_takes: dict[str, Counter[str]] = defaultdict(Counter)
    commune_rows = []
    for row in wards:
        pairs = successors[row["code"]]
        if not pairs:
            raise SystemExit(f"no successor for old commune {row['code']} {row['name']}")
        defaults = [code for code, is_default in pairs if is_default]
        if len(defaults) != 1:
            raise SystemExit(f"old commune {row['code']} has {len(defaults)} default successors")
        codes = defaults + sorted({code for code, _ in pairs} - set(defaults))
        for code in codes:
            district_takes[row["district_code"]][code] += 1
        new_province = new_wards[defaults[0]]["province_code"]
        if any(new_wards[code]["province_code"] != new_province for code in codes):
            raise SystemExit(f"old commune {row['code']} went into several provinces")
        commune_rows.append(
            _row(
                level="commune",
                code=row["code"],
                unit_type=row["unit_type"],
                name=row["name"],
                district_code=row["district_code"],
                district=district_names[row["district_code"]],
                province_code=row["province_code"],
                province=province_names[row["province_code"]],
                new_province_code=new_province,
                new_codes=" ".join(codes),
                divided="1" if len(codes) > 1 else "0",
            )
        )

    for row in districts:
        takes = district_takes.get(row["code"])
        if takes:
            codes = [code for code, _ in sorted(takes.items(), key=lambda kv: (-kv[1], kv[0]))]
        elif row["code"] in district_only:
            codes = [district_only[row["code"]]]
        else:
            raise SystemExit(f"old district {row['code']} {row['name']} has no successor")
        new_province = province_map[row["province_code"]]
        if any(new_wards[code]["province_code"] != new_province for code in codes):
            raise SystemExit(f"old district {row['code']} went outside province {new_province}")
        out.append(
            _row(
                level="district",
                code=row["code"],
                unit_type=row["unit_type"],
                name=row["name"],
                province_code=row["province_code"],
                province=province_names[row["province_code"]],
                new_province_code=new_province,
                new_codes=" ".join(codes),
            )
        )
    out.extend(commune_rows)
    return out


def _row(**values: str) -> dict[str, str]:
    return {column: values.get(column, "") for column in COLUMNS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = build(args.source)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = Counter(row["level"] for row in rows)
    print(
        f"{args.out.name}: {counts['province']} provinces, {counts['district']} districts, "
        f"{counts['commune']} communes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

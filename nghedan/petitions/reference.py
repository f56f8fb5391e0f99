"""The topics and routing rules: loading the shipped ones (both editable in the admin),
and this process's copies of them, which intake reads instead of the tables
(lib/reference: read again after a change)."""

import csv
from pathlib import Path

from django.db import transaction

from nghedan.agencies.models import AgencyType
from nghedan.lib.reference import reference_copy
from nghedan.petitions.models import RoutingRule, Topic

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def topics_load() -> dict[str, int]:
    created = updated = 0
    for position, row in enumerate(_rows("topics.csv"), start=1):
        _topic, was_created = Topic.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row["name_en"],
                "description": row["description"],
                "keywords": row["keywords"],
                "position": position,
            },
        )
        created += was_created
        updated += not was_created
    return {"created": created, "updated": updated}


@transaction.atomic
def routing_rules_load() -> dict[str, int]:
    """Adds the default rules that are missing; rules an administrator changed are kept."""
    topics = {topic.code: topic for topic in Topic.objects.all()}
    agency_types = {agency_type.code: agency_type for agency_type in AgencyType.objects.all()}
    needed = {row["agency_type"] for row in _rows("routing_rules.csv")}
    if not needed <= set(agency_types):
        raise ValueError(
            "Chưa có loại cơ quan để chuyển đơn: hãy chạy `nghedan load_agencies` trước. / "
            "The agency types are not loaded yet: run `nghedan load_agencies` first."
        )
    created = 0
    for row in _rows("routing_rules.csv"):
        _rule, was_created = RoutingRule.objects.get_or_create(
            kind=row["kind"],
            topic=topics[row["topic"]] if row["topic"] else None,
            level=row["level"],
            agency_type=agency_types[row["agency_type"]],
            defaults={"priority": int(row["priority"]), "note": row["note"]},
        )
        created += was_created
    return {"created": created}


def topics_active() -> dict[str, Topic]:
    """The topics in use, by code, in their order. Read-only."""
    return reference_copy(
        "petitions.topics_active",
        lambda: {topic.code: topic for topic in Topic.objects.filter(is_active=True)},
    )


def topic_active(code: str) -> Topic | None:
    """The topic in use with this code (an Open311 service, a REST topic)."""
    return topics_active().get(code)


def routing_rules() -> list[RoutingRule]:
    """Every routing rule. Read-only."""
    return reference_copy("petitions.routing_rules", lambda: list(RoutingRule.objects.all()))

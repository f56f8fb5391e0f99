"""Choosing the responsible agency from the routing rules (data, edited in the admin)."""

from django.utils.translation import gettext_lazy as _

from nghedan.agencies.models import Agency
from nghedan.areas.models import Area, AreaLevel
from nghedan.lib.errors import ActionError
from nghedan.petitions.models import RoutingRule, Topic
from nghedan.petitions.reference import routing_rules


def _specificity(rule: RoutingRule) -> int:
    # A rule naming the topic is more specific than one naming only the kind.
    return (2 if rule.topic_id else 0) + (1 if rule.kind else 0)


def route_petition(*, kind: str, topic: Topic, area: Area) -> Agency:
    rules = [
        rule
        for rule in routing_rules()
        if rule.kind in ("", kind) and rule.topic_id in (None, topic.pk)
    ]
    rules.sort(key=lambda rule: (-_specificity(rule), rule.priority, rule.pk))
    province = area.province
    for rule in rules:
        if rule.level == AreaLevel.COMMUNE and area.level != AreaLevel.COMMUNE:
            continue  # a province-wide petition cannot go to one commune
        target_area = area if rule.level == AreaLevel.COMMUNE else province
        # With its type: the due dates depend on the type's level.
        agency = (
            Agency.objects.filter(
                area=target_area, agency_type_id=rule.agency_type_id, is_active=True
            )
            .select_related("agency_type")
            .first()
        )
        if agency is not None:
            return agency
    # No rule fits: the People's Committee of the province decides where it goes.
    agency = (
        Agency.objects.filter(area=province, agency_type__code="ubnd-tinh", is_active=True)
        .select_related("agency_type")
        .first()
    )
    if agency is None:
        raise ActionError(
            "no_agency",
            _("Chưa có cơ quan tiếp nhận cho địa bàn này. Vui lòng chọn địa bàn khác."),
            field="area",
        )
    return agency

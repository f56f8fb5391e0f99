"""The detectors. Each reads petitions (and articles) and returns findings that explain
themselves: the numbers and the petitions behind them. They decide nothing; `actions`
turns findings into alerts, growing an open alert rather than opening a second one.

Thresholds and windows are settings (`NGHEDAN_ALERT_*`, see .env.example).
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from nghedan.alerts.scan import space_time_permutation_scan, zones_from_neighbours
from nghedan.areas.models import Area, AreaLevel
from nghedan.lib import clock
from nghedan.petitions.lifecycle import CLOCK_RUNNING, REOPENING_EVENTS, EventAction
from nghedan.petitions.models import Petition, PetitionEvent
from nghedan.petitions.public import notice_title


@dataclass
class Finding:
    kind: str
    key: str
    area_id: int
    topic_id: int | None
    title: str
    numbers: dict
    severity: float
    petition_ids: set[int] = field(default_factory=set)
    article_ids: set[int] = field(default_factory=set)


def _since(days: int) -> datetime:
    return clock.now() - timedelta(days=days)


def _about(topic_id: int | None) -> str:
    """ " (Đất đai)": the topic an alert is about, for its title."""
    from nghedan.petitions.models import Topic

    if topic_id is None:
        return ""
    name = Topic.objects.filter(pk=topic_id).values_list("name", flat=True).first()
    return f" ({name})" if name else ""


def mass_findings(*, group_ids: Collection[int] | None = None) -> list[Finding]:
    """Many people on one issue in one place: a group of petitions (same issue, same
    commune, within the window) whose distinct petitioners and co-signatories reach the
    threshold, or one petition signed by that many. With `group_ids`, only those groups
    are read (the language pipeline asks when a group grows large enough)."""
    from nghedan.language.models import PetitionAnalysis

    threshold = settings.NGHEDAN_ALERT_MASS_PEOPLE
    since = _since(settings.NGHEDAN_ALERT_WINDOW_DAYS)
    findings = []
    members = defaultdict(list)
    analyses = PetitionAnalysis.objects.filter(
        group__isnull=False, petition__received_at__gte=since
    )
    if group_ids is not None:
        analyses = analyses.filter(group_id__in=group_ids)
    for analysis in analyses.select_related("petition"):
        members[analysis.group_id].append(analysis.petition)
    for group_id, petitions in members.items():
        # Each petition counts its signatories; an account filing twice counts once.
        by_person: dict[object, int] = {}
        for petition in petitions:
            person = f"citizen:{petition.citizen_id}" if petition.citizen_id else petition.pk
            by_person[person] = max(by_person.get(person, 0), petition.signatories)
        people = sum(by_person.values())
        if people < threshold:
            continue
        first = min(petitions, key=lambda p: p.received_at)
        findings.append(
            Finding(
                kind="mass",
                key=f"mass:group:{group_id}",
                area_id=first.area_id,
                topic_id=first.topic_id,
                title=f"{people} người cùng phản ánh: {notice_title(first)}"[:300],
                numbers={"people": people, "petitions": len(petitions), "threshold": threshold},
                severity=people / threshold,
                petition_ids={p.pk for p in petitions},
            )
        )
    if group_ids is not None:
        return findings
    grouped = {p.pk for petitions in members.values() for p in petitions}
    for petition in Petition.objects.filter(
        received_at__gte=since, signatories__gte=threshold
    ).exclude(pk__in=grouped):
        findings.append(
            Finding(
                kind="mass",
                key=f"mass:petition:{petition.pk}",
                area_id=petition.area_id,
                topic_id=petition.topic_id,
                title=f"Đơn {petition.signatories} người ký: {notice_title(petition)}"[:300],
                numbers={"people": petition.signatories, "petitions": 1, "threshold": threshold},
                severity=petition.signatories / threshold,
                petition_ids={petition.pk},
            )
        )
    return findings


def skipped_level_findings() -> list[Finding]:
    """Petitions filed above the level responsible: a province agency had to send them down
    to a commune. Many in one commune and topic, or the same person doing it again, is a
    sign that the commune is not trusted or not answering."""
    since = _since(settings.NGHEDAN_ALERT_WINDOW_DAYS)
    transfers = PetitionEvent.objects.filter(
        action=EventAction.TRANSFERRED,
        at__gte=since,
        from_agency__agency_type__level=AreaLevel.PROVINCE,
        to_agency__agency_type__level=AreaLevel.COMMUNE,
    ).select_related("petition")
    by_place = defaultdict(list)
    for event in transfers:
        petition = event.petition
        by_place[(petition.area_id, petition.topic_id)].append(petition)
    findings = []
    for (area_id, topic_id), petitions in by_place.items():
        petitions = list({p.pk: p for p in petitions}.values())
        people: defaultdict[int, int] = defaultdict(int)
        for petition in petitions:
            if petition.citizen_id:
                people[petition.citizen_id] += 1
        repeated = sum(1 for count in people.values() if count >= 2)
        if len(petitions) < settings.NGHEDAN_ALERT_SKIPPED_MIN and not repeated:
            continue
        findings.append(
            Finding(
                kind="skipped_level",
                key=f"skipped_level:{area_id}:{topic_id}",
                area_id=area_id,
                topic_id=topic_id,
                title=f"{len(petitions)} đơn gửi vượt cấp lên tỉnh{_about(topic_id)}",
                numbers={
                    "petitions": len(petitions),
                    "repeated_people": repeated,
                    "threshold": settings.NGHEDAN_ALERT_SKIPPED_MIN,
                    "window_days": settings.NGHEDAN_ALERT_WINDOW_DAYS,
                },
                severity=len(petitions) / settings.NGHEDAN_ALERT_SKIPPED_MIN + repeated,
                petition_ids={p.pk for p in petitions},
            )
        )
    return findings


def prolonged_findings() -> list[Finding]:
    """Issues that drag on: petitions reopened or appealed in the window, open ones long
    past their due date, and the same person coming back on the same topic and place."""
    today = clock.today()
    since = _since(settings.NGHEDAN_ALERT_WINDOW_DAYS)
    reasons: dict[tuple, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for event in PetitionEvent.objects.filter(
        action__in=(*REOPENING_EVENTS, EventAction.APPEALED), at__gte=since
    ).select_related("petition"):
        petition = event.petition
        reason = "appeal" if event.action == EventAction.APPEALED else "reopen"
        reasons[(petition.area_id, petition.topic_id)][petition.pk].add(reason)
    overdue_before = today - timedelta(days=settings.NGHEDAN_ALERT_OVERDUE_DAYS)
    for petition in Petition.objects.filter(
        status__in=CLOCK_RUNNING, resolution_due__lt=overdue_before
    ).only("pk", "area_id", "topic_id"):
        reasons[(petition.area_id, petition.topic_id)][petition.pk].add("long_overdue")
    returning = (
        Petition.objects.filter(citizen__isnull=False, received_at__gte=_since(180))
        .values("citizen_id", "area_id", "topic_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
    )
    for row in returning:
        for pk in Petition.objects.filter(
            citizen_id=row["citizen_id"], area_id=row["area_id"], topic_id=row["topic_id"]
        ).values_list("pk", flat=True):
            reasons[(row["area_id"], row["topic_id"])][pk].add("returning")
    findings = []
    for (area_id, topic_id), petitions in reasons.items():
        if len(petitions) < settings.NGHEDAN_ALERT_PROLONGED_MIN:
            continue
        counts: defaultdict[str, int] = defaultdict(int)
        for kinds in petitions.values():
            for kind in kinds:
                counts[kind] += 1
        findings.append(
            Finding(
                kind="prolonged",
                key=f"prolonged:{area_id}:{topic_id}",
                area_id=area_id,
                topic_id=topic_id,
                title=f"{len(petitions)} đơn kéo dài, tái diễn{_about(topic_id)}",
                numbers={
                    "petitions": len(petitions),
                    **dict(sorted(counts.items())),
                    "overdue_days": settings.NGHEDAN_ALERT_OVERDUE_DAYS,
                },
                severity=len(petitions) / settings.NGHEDAN_ALERT_PROLONGED_MIN,
                petition_ids=set(petitions),
            )
        )
    return findings


def commune_neighbours(communes: list[Area]) -> list[list[int]]:
    """For each commune (by index), the other communes of its province ordered by how
    close their official codes are. Codes were given district by district, so near codes
    are near places; no boundary data ships with the project (documented limitation)."""
    by_province = defaultdict(list)
    for index, commune in enumerate(communes):
        by_province[commune.parent_id].append(index)
    neighbours = []
    for index, commune in enumerate(communes):
        code = int(commune.code)
        others = [i for i in by_province[commune.parent_id] if i != index]
        others.sort(key=lambda i: abs(int(communes[i].code) - code))
        neighbours.append(others)
    return neighbours


def surge_findings(
    *, today: date | None = None, rng: np.random.Generator | None = None
) -> list[Finding]:
    """A topic's petitions rising in some communes more than elsewhere at the same time:
    the prospective space-time permutation scan (Kulldorff 2005) per topic over the
    communes and the last NGHEDAN_ALERT_SCAN_DAYS days."""
    today = today or clock.today()
    days = settings.NGHEDAN_ALERT_SCAN_DAYS
    start = today - timedelta(days=days - 1)
    rows = (
        Petition.objects.filter(
            received_at__date__gte=start,
            received_at__date__lte=today,
            area__level=AreaLevel.COMMUNE,
        )
        .values_list("area_id", "topic_id", "received_at")
        .order_by()
    )
    by_topic = defaultdict(list)
    for area_id, topic_id, received_at in rows:
        day = (timezone.localtime(received_at).date() - start).days
        if 0 <= day < days:
            by_topic[topic_id].append((area_id, day))
    findings = []
    for topic_id, cases in by_topic.items():
        if len(cases) < 10:
            continue  # too few to tell a surge from chance
        area_ids = sorted({area_id for area_id, _ in cases})
        # Scan the provinces that have cases, so neighbours without cases count as zero.
        communes = list(
            Area.objects.filter(
                level=AreaLevel.COMMUNE,
                parent_id__in=Area.objects.filter(pk__in=area_ids).values("parent_id"),
            ).order_by("code")
        )
        position = {commune.pk: i for i, commune in enumerate(communes)}
        matrix = np.zeros((len(communes), days), dtype=np.int64)
        for area_id, day in cases:
            matrix[position[area_id], day] += 1
        zones = zones_from_neighbours(neighbours=commune_neighbours(communes), max_size=6)
        clusters = space_time_permutation_scan(
            cases=matrix,
            zones=zones,
            max_days=settings.NGHEDAN_ALERT_SCAN_MAX_DAYS,
            simulations=settings.NGHEDAN_ALERT_SCAN_SIMULATIONS,
            alpha=settings.NGHEDAN_ALERT_SCAN_P,
            rng=rng if rng is not None else np.random.default_rng(),
        )
        for cluster in clusters:
            places = [communes[i] for i in cluster.locations]
            centre = max(places, key=lambda c: matrix[position[c.pk], cluster.start_day :].sum())
            first_day = start + timedelta(days=cluster.start_day)
            ids = set(
                Petition.objects.filter(
                    topic_id=topic_id,
                    area_id__in=[c.pk for c in places],
                    received_at__date__gte=first_day,
                    received_at__date__lte=today,
                ).values_list("pk", flat=True)
            )
            findings.append(
                Finding(
                    kind="surge",
                    key=f"surge:{centre.pk}:{topic_id}",
                    area_id=centre.pk,
                    topic_id=topic_id,
                    title=(
                        f"Số đơn tăng đột biến ở {', '.join(c.name for c in places[:3])}"
                        f"{_about(topic_id)}"
                    )[:300],
                    numbers={
                        "observed": cluster.observed,
                        "expected": round(cluster.expected, 2),
                        "relative_risk": round(cluster.relative_risk, 2),
                        "llr": round(cluster.llr, 2),
                        "p_value": round(cluster.p_value, 4),
                        "from": first_day.isoformat(),
                        "to": today.isoformat(),
                        "communes": [c.code for c in places],
                        "method": "space-time permutation scan (Kulldorff 2005)",
                        "simulations": settings.NGHEDAN_ALERT_SCAN_SIMULATIONS,
                    },
                    severity=cluster.relative_risk,
                    petition_ids=ids,
                )
            )
    return findings


def sentiment_findings() -> list[Finding]:
    """The share of strongly negative or urgent petitions in a commune jumping: the last
    NGHEDAN_ALERT_SENTIMENT_DAYS against the commune's own previous 90 days (one-sided
    binomial test, p < 0.01)."""
    from scipy.stats import binom

    recent_days = settings.NGHEDAN_ALERT_SENTIMENT_DAYS
    now = clock.now()
    recent_since = now - timedelta(days=recent_days)
    baseline_since = now - timedelta(days=recent_days + 90)
    heated = Q(analysis__is_negative=True) | Q(analysis__is_urgent=True)
    rows = (
        Petition.objects.filter(received_at__gte=baseline_since, analysis__isnull=False)
        .values("area_id")
        .annotate(
            recent=Count("pk", filter=Q(received_at__gte=recent_since)),
            recent_hot=Count("pk", filter=Q(received_at__gte=recent_since) & heated),
            before=Count("pk", filter=Q(received_at__lt=recent_since)),
            before_hot=Count("pk", filter=Q(received_at__lt=recent_since) & heated),
        )
    )
    findings = []
    for row in rows:
        hot, total = row["recent_hot"], row["recent"]
        if hot < settings.NGHEDAN_ALERT_SENTIMENT_MIN:
            continue
        # Laplace-smoothed baseline share, so a commune with no history is not certain.
        base = (row["before_hot"] + 1) / (row["before"] + 2)
        p_value = float(binom.sf(hot - 1, total, base))
        if p_value >= 0.01:
            continue
        ids = set(
            Petition.objects.filter(area_id=row["area_id"], received_at__gte=recent_since)
            .filter(heated)
            .values_list("pk", flat=True)
        )
        findings.append(
            Finding(
                kind="sentiment",
                key=f"sentiment:{row['area_id']}",
                area_id=row["area_id"],
                topic_id=None,
                title=f"{hot}/{total} đơn gần đây bức xúc hoặc khẩn cấp",
                numbers={
                    "recent": total,
                    "recent_heated": hot,
                    "recent_share": round(hot / total, 3),
                    "baseline_share": round(base, 3),
                    "p_value": round(p_value, 5),
                    "days": recent_days,
                },
                severity=(hot / total) / base if base else float(hot),
                petition_ids=ids,
            )
        )
    return findings


def press_findings() -> list[Finding]:
    """Distinct stories (syndicated copies counted once) about one commune and topic in the
    window; linked to the petitions of the same place and topic."""
    from nghedan.alerts.models import Article

    since = _since(settings.NGHEDAN_ALERT_WINDOW_DAYS)
    rows = defaultdict(list)
    for article in Article.objects.filter(
        published_at__gte=since, area__isnull=False, copy_of__isnull=True
    ):
        rows[(article.area_id, article.topic_id)].append(article)
    findings = []
    for (area_id, topic_id), articles in rows.items():
        if area_id is None or len(articles) < settings.NGHEDAN_ALERT_PRESS_MIN:
            continue
        petitions = Petition.objects.filter(area_id=area_id, received_at__gte=since)
        if topic_id:
            petitions = petitions.filter(topic_id=topic_id)
        findings.append(
            Finding(
                kind="press",
                key=f"press:{area_id}:{topic_id}",
                area_id=area_id,
                topic_id=topic_id,
                title=f"{len(articles)} bài báo, bài đăng: {articles[0].title}"[:300],
                numbers={
                    "stories": len(articles),
                    "urgent": sum(a.is_urgent for a in articles),
                    "negative": sum(a.is_negative for a in articles),
                },
                severity=len(articles) / settings.NGHEDAN_ALERT_PRESS_MIN,
                petition_ids=set(petitions.values_list("pk", flat=True)[:200]),
                article_ids={a.pk for a in articles},
            )
        )
    return findings


DETECTORS = {
    "mass": mass_findings,
    "skipped_level": skipped_level_findings,
    "prolonged": prolonged_findings,
    "surge": surge_findings,
    "sentiment": sentiment_findings,
    "press": press_findings,
}

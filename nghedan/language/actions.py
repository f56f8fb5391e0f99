"""Writes of the language pipeline: a petition's analysis, and its group.

Analysis is derived data (run again, it gives the same result), so it records no event;
joining, merging and splitting groups are decisions about petitions, so they do.
"""

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _

from nghedan.agencies.models import AgencyType
from nghedan.jobs.registry import enqueue
from nghedan.language.duplicates import (
    band_keys,
    signature_bytes,
    signature_from,
    similarity,
)
from nghedan.language.grouping import (
    Candidate,
    TextVector,
    cosine,
    group_choose,
    group_threshold,
    text_vector,
    vector_bytes,
    vector_from,
)
from nghedan.language.models import (
    PetitionAnalysis,
    PetitionGroup,
    ShingleBand,
    TextModel,
)
from nghedan.language.pipeline import TextAnalysis, text_analyse
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, not_permitted
from nghedan.petitions import policy
from nghedan.petitions.events import petition_event_record
from nghedan.petitions.lifecycle import EventAction
from nghedan.petitions.models import Petition, Topic

if TYPE_CHECKING:
    from nghedan.accounts.models import User


def petition_text(petition: Petition) -> str:
    return f"{petition.title}. {petition.body}"


def petition_analyse(*, petition_id: int) -> PetitionAnalysis | None:
    """Read a petition and store what was found; put it in the group of the petitions of its
    commune about the same issue (`grouping.group_choose`). Safe to run again."""
    petition = Petition.objects.select_related("area", "topic").filter(pk=petition_id).first()
    if petition is None:
        return None
    text = petition_text(petition)
    result = text_analyse(text=text)
    vector = text_vector(text)
    with transaction.atomic():
        petition = Petition.objects.select_for_update().get(pk=petition_id)
        analysis, _created = PetitionAnalysis.objects.select_for_update().get_or_create(
            petition=petition, defaults={"analysed_at": clock.now()}
        )
        analysis.text_vector = vector_bytes(vector)
        _store(analysis, result)
        ShingleBand.objects.filter(petition=petition).delete()
        keys = (
            band_keys(result.signature, scope=petition.area_id)
            if result.signature is not None
            else []
        )
        if analysis.group_id is None and not analysis.group_pinned:
            _join_similar(petition, analysis, keys, vector)
        ShingleBand.objects.bulk_create(
            ShingleBand(key=key, petition=petition, received_at=petition.received_at)
            for key in keys
        )
    return analysis


def _store(analysis: PetitionAnalysis, result: TextAnalysis) -> None:
    analysis.analysed_at = clock.now()
    analysis.topic_model = TextModel.objects.filter(head="topic", is_active=True).first()
    topics = {t.code: t for t in Topic.objects.all()}
    analysis.suggested_topic = topics.get(result.topic.label) if result.topic else None
    analysis.topic_confidence = result.topic.confidence if result.topic else 0
    analysis.suggested_agency_type = (
        AgencyType.objects.filter(code=result.agency_type.label).first()
        if result.agency_type
        else None
    )
    analysis.agency_confidence = result.agency_type.confidence if result.agency_type else 0
    analysis.suggested_area = result.place.area if result.place else None
    analysis.place_reason = (result.place.reason if result.place else "")[:300]
    analysis.places = [
        {"text": m.text, "level": m.level, "area_code": m.area_code, "note": m.note}
        for m in result.mentions
    ]
    signals = result.signals
    analysis.is_urgent = signals.is_urgent
    analysis.urgency = [
        {"category": category, "words": list(words)} for category, words in signals.urgency
    ]
    analysis.is_negative = signals.is_negative
    analysis.sentiment = signals.sentiment
    analysis.negative_words = list(signals.negative_words)
    analysis.signature = signature_bytes(result.signature)
    analysis.save()


def _join_similar(
    petition: Petition, analysis: PetitionAnalysis, keys: list[int], vector: TextVector | None
) -> None:
    """Candidates: the most recent petitions of the commune within the window (at most
    `NGHEDAN_GROUP_CANDIDATES`), and any petition sharing a MinHash band key with it."""
    since = petition.received_at - timedelta(days=settings.NGHEDAN_GROUP_WINDOW_DAYS)
    recent = list(
        PetitionAnalysis.objects.filter(
            petition__area_id=petition.area_id, petition__received_at__gte=since
        )
        .exclude(petition=petition)
        .order_by("-petition__received_at", "-petition_id")
        .values_list("pk", flat=True)[: settings.NGHEDAN_GROUP_CANDIDATES]
    )
    banded = (
        set(
            ShingleBand.objects.filter(key__in=keys, received_at__gte=since)
            .exclude(petition=petition)
            .values_list("petition_id", flat=True)
        )
        if keys
        else set()
    )
    mine = signature_from(analysis.signature)
    if vector is None and mine is None:
        return  # no text to compare
    by_pk: dict[int, PetitionAnalysis] = {}
    candidates = []
    for other in (
        PetitionAnalysis.objects.filter(Q(pk__in=recent) | Q(petition_id__in=banded))
        .select_related("group", "petition")
        .only(
            "pk",
            "petition_id",
            "signature",
            "text_vector",
            "group",
            "group_pinned",
            "petition__topic_id",
            "petition__area_id",
            "petition__received_at",
        )
    ):
        if other.group_pinned and other.group_id is None:
            continue  # an officer took that one out of every group
        if other.petition.area_id != petition.area_id:
            continue
        theirs = signature_from(other.signature)
        words = similarity(mine, theirs) if mine is not None and theirs is not None else 0.0
        other_vector = vector_from(other.text_vector)
        text = (
            cosine(vector, other_vector) if vector is not None and other_vector is not None else 0.0
        )
        by_pk[other.pk] = other
        key = f"group:{other.group_id}" if other.group_id else f"petition:{other.pk}"
        apart = (petition.received_at - other.petition.received_at).total_seconds() / 3600
        candidates.append(Candidate(key, text, words, apart))
    choice = group_choose(candidates, threshold=group_threshold())
    if choice is None:
        return
    chosen, mean_score = choice
    # Shown to officers as "alike N%": the group's score, or the shared words that put it
    # there when they say more.
    words = max((c.minhash for c in candidates if c.group == chosen), default=0.0)
    score = min(1.0, max(mean_score, words))
    now = clock.now()
    kind, pk = str(chosen).split(":")
    if kind == "group":
        group = PetitionGroup.objects.get(pk=int(pk))
    else:
        best = by_pk[int(pk)]
        group = PetitionGroup.objects.create(
            area_id=petition.area_id,
            topic_id=best.petition.topic_id,
            lead_id=best.petition_id,
            size=1,
            created_at=now,
            updated_at=now,
        )
        PetitionAnalysis.objects.filter(pk=best.pk).update(group=group, group_similarity=1.0)
    analysis.group = group
    analysis.group_similarity = round(score, 4)
    analysis.save(update_fields=["group", "group_similarity"])
    PetitionGroup.objects.filter(pk=group.pk).update(size=F("size") + 1, updated_at=now)
    petition_event_record(
        petition=petition,
        actor=None,
        action=EventAction.GROUPED,
        data={"group": group.pk, "similarity": round(score, 2), "by": "system"},
        visible_to_petitioner=False,
    )
    _mass_check(group)


def _mass_check(group: PetitionGroup) -> None:
    """When a group may hold as many people as the mass alert's threshold (the sum of its
    petitions' signatories, which the alert's count of distinct people never exceeds), ask
    the alerts app to apply its rule to this group now rather than at its next scan."""
    people = (
        PetitionAnalysis.objects.filter(group=group).aggregate(people=Sum("petition__signatories"))[
            "people"
        ]
        or 0
    )
    if people >= settings.NGHEDAN_ALERT_MASS_PEOPLE:
        enqueue(
            "alerts.group_check",
            payload={"group_id": group.pk},
            key=f"alerts.group_check:{group.pk}:{people}",
        )


def _analysis_of(petition: Petition) -> PetitionAnalysis:
    analysis = PetitionAnalysis.objects.select_for_update().filter(petition=petition).first()
    if analysis is None:
        analysis = PetitionAnalysis.objects.create(petition=petition, analysed_at=clock.now())
    return analysis


def _resize(group_ids: set[int]) -> None:
    """Recount groups after members moved; a group left with one petition dissolves."""
    now = clock.now()
    for group in PetitionGroup.objects.filter(pk__in=group_ids):
        members = list(PetitionAnalysis.objects.filter(group=group).order_by("petition_id"))
        if len(members) < 2:
            PetitionAnalysis.objects.filter(group=group).update(group=None, group_similarity=None)
            group.delete()
            continue
        if group.lead_id not in {m.petition_id for m in members}:
            group.lead_id = members[0].petition_id
        group.size = len(members)
        group.updated_at = now
        group.save(update_fields=["size", "lead", "updated_at"])


def petitions_group(*, acting_user: "User | None", petitions: Sequence[Petition]) -> PetitionGroup:
    """An officer says these petitions are one issue: they join one group (the largest
    of the groups they are already in), and automatic grouping leaves them there."""
    petitions = list({p.pk: p for p in petitions}.values())
    if len(petitions) < 2:
        raise ActionError("group_too_small", _("Chọn ít nhất hai đơn để gộp."), field="petitions")
    with transaction.atomic():
        locked = list(
            Petition.objects.select_for_update()
            .filter(pk__in=[p.pk for p in petitions])
            .order_by("pk")
        )
        if any(not policy.is_handler(acting_user, p) for p in locked):
            raise not_permitted()
        if len({p.area_id for p in locked}) > 1:
            raise ActionError(
                "group_areas_differ",
                _("Chỉ gộp được các đơn cùng một địa bàn."),
                field="petitions",
            )
        analyses = [_analysis_of(p) for p in locked]
        existing = [a.group for a in analyses if a.group]
        old_groups = {g.pk for g in existing}
        now = clock.now()
        if existing:
            group = max(existing, key=lambda g: (g.size, -g.pk))
        else:
            group = PetitionGroup.objects.create(
                area=locked[0].area,
                topic=locked[0].topic,
                lead=locked[0],
                created_at=now,
                updated_at=now,
            )
        for petition, analysis in zip(locked, analyses, strict=True):
            moved = analysis.group_id != group.pk
            analysis.group = group
            analysis.group_pinned = True
            analysis.save(update_fields=["group", "group_pinned"])
            if moved:
                petition_event_record(
                    petition=petition,
                    actor=acting_user,
                    action=EventAction.GROUPED,
                    data={"group": group.pk, "by": "officer"},
                    visible_to_petitioner=False,
                )
        _resize(old_groups | {group.pk})
        group.refresh_from_db()
        _mass_check(group)
        return group


def petition_ungroup(*, acting_user: "User | None", petition: Petition) -> Petition:
    """An officer says this petition is a different issue: it leaves its group and is not
    grouped automatically again."""
    with transaction.atomic():
        petition = Petition.objects.select_for_update().get(pk=petition.pk)
        if not policy.is_handler(acting_user, petition):
            raise not_permitted()
        analysis = _analysis_of(petition)
        if analysis.group_id is None:
            raise ActionError("not_grouped", _("Đơn này không thuộc nhóm nào."))
        group_id = analysis.group_id
        analysis.group = None
        analysis.group_similarity = None
        analysis.group_pinned = True
        analysis.save(update_fields=["group", "group_similarity", "group_pinned"])
        petition_event_record(
            petition=petition,
            actor=acting_user,
            action=EventAction.UNGROUPED,
            data={"group": group_id},
            visible_to_petitioner=False,
        )
        _resize({group_id})
        return petition

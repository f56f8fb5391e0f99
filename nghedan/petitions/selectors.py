"""Reads of petitions, scoped to who is asking. What a user may not see is a 404."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, F, Manager, Prefetch, QuerySet, When
from django.http import Http404

from nghedan.audit.log import audit_record
from nghedan.lib import clock
from nghedan.lib.errors import not_permitted
from nghedan.lib.text import as_id
from nghedan.petitions import policy
from nghedan.petitions.codes import normalize_tracking_code
from nghedan.petitions.lifecycle import FINISHED, OPEN_FOR_INTAKE, WORKING
from nghedan.petitions.models import (
    Answer,
    AnswerStatus,
    Kind,
    Petition,
    TopicSource,
)

if TYPE_CHECKING:
    from nghedan.accounts.models import User


def _with_relations(queryset: QuerySet | Manager) -> QuerySet:
    return queryset.select_related("topic", "area", "area__parent", "agency")


def petitions_visible_to(*, user: "User | AnonymousUser | None") -> QuerySet:
    condition = policy.visible_filter(user)
    if condition is None:
        return Petition.objects.none()
    return _with_relations(Petition.objects.filter(condition))


def petition_get_for_user(*, user: "User | AnonymousUser | None", code: str) -> Petition:
    petition = petitions_visible_to(user=user).filter(code=normalize_tracking_code(code)).first()
    if petition is None:
        raise Http404
    return petition


def petition_get_for_petitioner(
    *, user: "User | AnonymousUser | None", code: str, secret: str | None
) -> Petition:
    """For the tracking page: the owner's account or the secret opens it, nothing else."""
    petition = _with_relations(Petition.objects).filter(code=normalize_tracking_code(code)).first()
    if petition is None or not policy.is_petitioner(user, petition, secret):
        raise Http404
    return petition


def inbox_for(
    *, user: "User | AnonymousUser | None", statuses: list[str] | None = None
) -> QuerySet:
    """The agency's petitions, the nearest deadline first: acceptance while waiting to be
    accepted, resolution after."""
    if not (
        user is not None
        and user.is_authenticated
        and user.is_agency_staff
        and user.agency_id is not None
    ):
        return Petition.objects.none()
    queryset = _with_relations(Petition.objects.filter(agency_id=user.agency_id))
    queryset = queryset.filter(status__in=statuses or [*OPEN_FOR_INTAKE, *WORKING])
    return queryset.annotate(
        next_due=Case(
            When(status__in=OPEN_FOR_INTAKE, then=F("acceptance_due")),
            default=F("resolution_due"),
        )
    ).order_by(F("next_due").asc(nulls_last=True), "received_at")


def inbox_narrow(queryset: QuerySet, *, view: str = "", group: str | None = None) -> QuerySet:
    """An inbox list narrowed to what the language pipeline flagged: petitions nobody
    could classify, urgent ones (first), those grouped as one issue, or one group."""
    queryset = queryset.select_related(
        "analysis", "analysis__suggested_topic", "analysis__suggested_area"
    )
    if view == "triage":
        queryset = queryset.filter(topic_source=TopicSource.TRIAGE)
    elif view == "urgent":
        queryset = queryset.filter(analysis__is_urgent=True)
    elif view == "grouped":
        queryset = queryset.filter(analysis__group__isnull=False).order_by(
            "analysis__group_id", "received_at"
        )
    if group:
        # A group id that is no number, or too large for an id, matches nothing.
        group_id = as_id(group)
        queryset = queryset.filter(analysis__group_id=group_id) if group_id else queryset.none()
    return queryset


def answers_pending_approval(*, user: "User | AnonymousUser | None") -> QuerySet:
    if not (
        user is not None
        and user.is_authenticated
        and user.is_agency_staff
        and user.is_leader
        and user.agency_id is not None
    ):
        return Answer.objects.none()
    return (
        Answer.objects.filter(
            status=AnswerStatus.PENDING_APPROVAL, petition__agency_id=user.agency_id
        )
        .select_related(
            "petition", "petition__topic", "petition__area", "petition__agency", "author"
        )
        .order_by("created_at")
    )


def public_petitions(
    *,
    province_code: str | None = None,
    commune_code: str | None = None,
    topic_code: str | None = None,
    kind: str | None = None,
    answered_from: date | None = None,
    answered_to: date | None = None,
) -> QuerySet:
    """Answered petitions whose petitioner agreed to publication; only redacted text is
    shown from these. `answered_from` and `answered_to` are days in Việt Nam, both
    included."""
    queryset = Petition.objects.filter(
        publish_consent=True,
        kind__in=[Kind.FEEDBACK, Kind.PROPOSAL],
        status__in=FINISHED,
    )
    if commune_code:
        queryset = queryset.filter(area__code=commune_code)
    elif province_code:
        queryset = queryset.filter(area__parent__code=province_code) | queryset.filter(
            area__code=province_code
        )
    if topic_code:
        queryset = queryset.filter(topic__code=topic_code)
    if kind:
        queryset = queryset.filter(kind=kind)
    if answered_from:
        queryset = queryset.filter(answered_at__gte=clock.start_of(answered_from))
    if answered_to:
        queryset = queryset.filter(answered_at__lt=clock.start_of(answered_to + timedelta(days=1)))
    published = Answer.objects.filter(status=AnswerStatus.PUBLISHED).order_by("published_at")
    return (
        _with_relations(queryset)
        .prefetch_related(Prefetch("answers", queryset=published, to_attr="published_answers"))
        .order_by("-answered_at")
    )


def public_petition_get(*, code: str) -> Petition:
    petition = public_petitions().filter(code=normalize_tracking_code(code)).first()
    if petition is None:
        raise Http404
    return petition


def petition_history(*, petition: Petition, for_petitioner: bool) -> QuerySet:
    # Through the relation, so that each event knows its petition without a query.
    events = petition.events.select_related("actor", "from_agency", "to_agency")
    if for_petitioner:
        events = events.filter(visible_to_petitioner=True)
    return events


def published_answers(*, petition: Petition) -> QuerySet:
    return petition.answers.filter(status=AnswerStatus.PUBLISHED).order_by("published_at")


@dataclass(frozen=True)
class PetitionerIdentity:
    name: str
    phone: str
    email: str
    address: str
    citizen_username: str


def petitioner_identity_read(
    *, user: "User | AnonymousUser | None", petition: Petition, purpose: str = ""
) -> PetitionerIdentity:
    """Every read of a petitioner's identity is written to the audit log."""
    if not policy.can_read_identity(user, petition):
        raise not_permitted()
    audit_record(
        actor=user,
        action="identity.read",
        target=petition,
        data={"code": petition.code, "kind": petition.kind, "purpose": purpose},
    )
    return PetitionerIdentity(
        name=petition.petitioner_name,
        phone=petition.petitioner_phone,
        email=petition.petitioner_email,
        address=petition.petitioner_address,
        citizen_username=petition.citizen.username if petition.citizen else "",
    )

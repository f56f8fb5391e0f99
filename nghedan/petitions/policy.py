"""Who may see and do what with a petition: the one place these rules live."""

from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from nghedan.accounts.models import Role, User
from nghedan.accounts.scope import in_area_q
from nghedan.lib.crypto import readable_secret_key, secret_matches
from nghedan.petitions.lifecycle import EventAction
from nghedan.petitions.models import Petition


def _authenticated(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def visible_filter(user: User | AnonymousUser | None) -> Q | None:
    """A filter on Petition for what `user` may read; None means nothing."""
    if not _authenticated(user) or not user.is_active:
        return None
    if user.is_admin_role:
        return Q()
    if user.role in (Role.OFFICER, Role.LEADER):
        return Q(agency_id=user.agency_id)
    if user.role == Role.SUPERVISOR and user.supervised_area is not None:
        return in_area_q(user.supervised_area, field="area")
    return Q(citizen_id=user.id)


def can_view(user: User | AnonymousUser | None, petition: Petition) -> bool:
    condition = visible_filter(user)
    if condition is None:
        return False
    return Petition.objects.filter(condition, pk=petition.pk).exists()


def is_handler(user: User | AnonymousUser | None, petition: Petition) -> TypeGuard[User]:
    """An officer or leader of the agency that holds the petition now."""
    return (
        _authenticated(user)
        and user.is_active
        and user.role in (Role.OFFICER, Role.LEADER)
        and user.agency_id == petition.agency_id
    )


def is_approver(user: User | AnonymousUser | None, petition: Petition) -> bool:
    return is_handler(user, petition) and user.role == Role.LEADER


def is_petitioner(
    user: User | AnonymousUser | None, petition: Petition, secret: str | None = None
) -> bool:
    """The citizen account that filed it, or whoever holds its secret."""
    if _authenticated(user) and petition.citizen_id and petition.citizen_id == user.id:
        return True
    if not secret:
        return False
    # Secrets given since they became readable are digested in their typed-any-way form;
    # the earlier ones, case-sensitive, exactly as given.
    return secret_matches(readable_secret_key(secret), petition.secret_digest) or (
        secret_matches(secret, petition.secret_digest)
    )


def can_read_identity(user: User | AnonymousUser | None, petition: Petition) -> bool:
    """A denouncer's identity is for the handling officer and leader only (Law on
    Denunciations 2018, Art. 47); other petitioners' also for admins and supervisors."""
    if is_handler(user, petition):
        return True
    if petition.protects_identity:
        return False
    if not _authenticated(user):
        return False
    return (user.is_admin_role or user.role == Role.SUPERVISOR) and can_view(user, petition)


def can_read_text(
    user: User | AnonymousUser | None, petition: Petition, *, as_petitioner: bool = False
) -> bool:
    """Whether `user`, who may see the petition, reads its own words (title, body, address,
    answers, notes) as written. A denunciation's words can name whoever made it (Law on
    Denunciations 2018, Art. 47): only its handling officer and leader, and its petitioner,
    read them; supervisors, administrators and everyone else read them with personal data
    removed (`petitions/public.py`)."""
    if not petition.protects_identity:
        return True
    return as_petitioner or is_handler(user, petition) or is_petitioner(user, petition)


# What a petitioner does (or whoever files the petition for them, at a desk or hotline).
PETITIONER_ACTIONS = frozenset(
    {
        EventAction.SUBMITTED,
        EventAction.RATED_CLOSED,
        EventAction.RATED_REOPENED,
        EventAction.REOPENED,
        EventAction.WITHDRAWN,
        EventAction.APPEALED,
    }
)


def acted_as_petitioner(petition: Petition, *, actor_id: int | None, action: str) -> bool:
    """Whether the account behind a step on `petition` took it as (or for) its petitioner."""
    return actor_id is not None and (
        action in PETITIONER_ACTIONS or actor_id == petition.citizen_id
    )


def can_see_event_actor(
    user: User | AnonymousUser | None, petition: Petition, *, actor_id: int | None, action: str
) -> bool:
    """Who took a step is shown, except the petitioner's steps on a petition that protects
    identity: only its handlers may know who the denouncer is (Law on Denunciations 2018,
    Art. 47) — not supervisors, administrators, exports or the audit log, which records a
    pseudonym instead (petitions/events.py)."""
    if not petition.protects_identity:
        return True
    if not acted_as_petitioner(petition, actor_id=actor_id, action=action):
        return True
    return is_handler(user, petition)

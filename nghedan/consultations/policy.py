"""Who may see, run and moderate a consultation: the one place these rules live.

A consultation is public once published (open, closed or done). Until then, a draft is
seen by the staff of the agency that runs it and by administrators: those are also who
see its summary report before it is published. The officers and leaders of that agency
manage it; its leaders publish, close and report."""

from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from nghedan.accounts.models import User
from nghedan.consultations.models import Comment, Consultation, ConsultationStatus

# Whoever asks: an account, an anonymous visitor, or nobody (the system).
Person = User | AnonymousUser | None

PUBLIC_STATUSES = (ConsultationStatus.OPEN, ConsultationStatus.CLOSED, ConsultationStatus.DONE)


def _signed_in(user: Person) -> TypeGuard[User]:
    return isinstance(user, User) and user.is_authenticated and user.is_active


def is_consultation_staff(user: Person, consultation: Consultation) -> TypeGuard[User]:
    """An officer or leader (active, signed in) of the agency that runs the consultation."""
    return bool(
        _signed_in(user) and user.is_agency_staff and user.agency_id == consultation.agency_id
    )


def is_consultation_leader(user: Person, consultation: Consultation) -> bool:
    return is_consultation_staff(user, consultation) and user.is_leader


def sees_unpublished(user: Person, consultation: Consultation) -> bool:
    """What is not yet public (the draft, the report before it is published) is seen by
    the agency's staff and by administrators."""
    return is_consultation_staff(user, consultation) or (_signed_in(user) and user.is_admin_role)


def can_see(user: Person, consultation: Consultation) -> bool:
    return consultation.status in PUBLIC_STATUSES or sees_unpublished(user, consultation)


def can_see_report(user: Person, consultation: Consultation) -> bool:
    """The summary report: public once the leader publishes it."""
    return consultation.report_published_at is not None or sees_unpublished(user, consultation)


def visible_filter(user: Person) -> Q:
    """A filter on Consultation for what `user` may see; `can_see` as a query."""
    if _signed_in(user) and user.is_admin_role:
        return Q()
    public = Q(status__in=PUBLIC_STATUSES)
    if _signed_in(user) and user.is_agency_staff:
        return public | Q(agency_id=user.agency_id)
    return public


def comment_is_public(comment: Comment) -> bool:
    """Shown to everyone: not hidden by a moderator, not held by the abuse screen."""
    return not comment.hidden_by_id and not comment.hidden_reason and not comment.flagged

"""Who may run and moderate a consultation: the one place these rules live. The officers
and leaders of the agency that runs it manage it; its leaders publish, close and report."""

from nghedan.consultations.models import Comment, Consultation


def is_consultation_staff(user, consultation: Consultation) -> bool:
    """An officer or leader (active, signed in) of the agency that runs the consultation."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_agency_staff
        and user.agency_id == consultation.agency_id
    )


def is_consultation_leader(user, consultation: Consultation) -> bool:
    return is_consultation_staff(user, consultation) and user.is_leader


def comment_is_public(comment: Comment) -> bool:
    """Shown to everyone: not hidden by a moderator, not held by the abuse screen."""
    return not comment.hidden_by_id and not comment.hidden_reason and not comment.flagged

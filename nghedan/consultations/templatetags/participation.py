"""`{% load participation %}{% participation_for consultation user as p %}`: everything the
participation part of a consultation's page shows, loaded in a handful of queries
(sections, comments, statements, and the person's own reactions, votes and the open
reports for moderators), whatever the number of comments."""

from typing import TYPE_CHECKING, Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q

from nghedan.accounts.verification import is_verified
from nghedan.consultations.models import (
    AbuseReport,
    Comment,
    CommentReaction,
    Consultation,
    ConsultationStatus,
    Statement,
    StatementStatus,
    StatementVote,
)
from nghedan.consultations.policy import comment_is_public, is_consultation_staff

if TYPE_CHECKING:
    from nghedan.accounts.models import User

register = template.Library()


def _author_label(
    comment: Comment, consultation: Consultation, user: "User | AnonymousUser"
) -> str:
    # Personal data stays out of public views: no names, only who speaks for the agency.
    from django.utils.translation import gettext as _

    if user is not None and comment.author_id == getattr(user, "pk", None):
        return _("Bạn")
    author = comment.author
    if author.agency_id == consultation.agency_id and author.is_agency_staff:
        return _("Cơ quan lấy ý kiến")
    return _("Người góp ý")


@register.simple_tag
def participation_for(consultation: Consultation, user: "User | AnonymousUser") -> dict[str, Any]:
    signed_in = getattr(user, "is_authenticated", False)
    staff = is_consultation_staff(user, consultation)
    me = user.pk if signed_in else None
    sections = list(consultation.sections.all())
    comments = list(Comment.objects.filter(consultation=consultation).select_related("author"))
    reactions = (
        dict(
            CommentReaction.objects.filter(
                user_id=me, comment__consultation=consultation
            ).values_list("comment_id", "value")
        )
        if me is not None
        else {}
    )
    reports = (
        dict(
            AbuseReport.objects.filter(comment__consultation=consultation, resolved_at__isnull=True)
            .values("comment_id")
            .annotate(n=Count("pk"))
            .values_list("comment_id", "n")
        )
        if staff
        else {}
    )
    statement_filter = Q(status=StatementStatus.APPROVED)
    if staff:
        statement_filter |= Q(status=StatementStatus.PENDING)
    if signed_in:
        statement_filter |= Q(author_id=me)
    statements = list(
        Statement.objects.filter(statement_filter, consultation=consultation).annotate(
            agree=Count("votes", filter=Q(votes__value=1)),
            disagree=Count("votes", filter=Q(votes__value=-1)),
            passed=Count("votes", filter=Q(votes__value=0)),
        )
    )
    votes = (
        dict(
            StatementVote.objects.filter(
                participant_id=me, statement__consultation=consultation
            ).values_list("statement_id", "value")
        )
        if signed_in
        else {}
    )

    shown = []
    for comment in comments:
        public = comment_is_public(comment)
        if not (public or staff or comment.author_id == me):
            continue
        comment.is_public = public
        comment.is_hidden = bool(comment.hidden_by_id or comment.hidden_reason)
        comment.is_mine = comment.author_id == me
        comment.my_reaction = reactions.get(comment.pk, 0)
        comment.open_reports = reports.get(comment.pk, 0)
        comment.author_label = _author_label(comment, consultation, user)
        comment.shown_replies = []
        shown.append(comment)
    by_id = {comment.pk: comment for comment in shown}
    threads: dict = {}
    for comment in shown:
        if comment.parent_id:
            parent = by_id.get(comment.parent_id)
            if parent is not None:
                parent.shown_replies.append(comment)
        else:
            threads.setdefault(comment.section_id, []).append(comment)

    def flat(top_level):
        # One list per place, each thread's replies right after it: one loop in the page.
        items = []
        for comment in top_level:
            comment.depth = 0
            items.append(comment)
            for reply in comment.shown_replies:
                reply.depth = 1
                items.append(reply)
        return items

    for statement in statements:
        statement.my_vote = votes.get(statement.pk)
    is_open = consultation.status == ConsultationStatus.OPEN
    return {
        "is_open": is_open,
        "signed_in": signed_in,
        "staff": staff,
        "verified": is_verified(user),
        # One block per section, then the comments on the draft as a whole.
        "blocks": [
            {"section": section, "comments": flat(threads.get(section.pk, []))}
            for section in sections
        ]
        + [{"section": None, "comments": flat(threads.get(None, []))}],
        "comment_count": len([comment for comment in shown if comment.is_public]),
        "approved": [s for s in statements if s.status == StatementStatus.APPROVED],
        "pending": [s for s in statements if s.status == StatementStatus.PENDING],
        "rejected": [s for s in statements if s.status == StatementStatus.REJECTED],
    }

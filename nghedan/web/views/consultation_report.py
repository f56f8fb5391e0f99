"""The agency's reply to a consultation and direct decisions: disposing of comments, the
public summary report (page, PDF, Excel) and ballots."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nghedan.consultations import policy
from nghedan.consultations.actions import ballots, replies
from nghedan.consultations.models import Ballot, BallotUnit, Comment, ConsultationStatus
from nghedan.consultations.selectors import consultation_visible_get
from nghedan.lib import clock
from nghedan.web.forms.consultations import BallotForm
from nghedan.web.views.common import act_then_redirect

# format -> (content type, builder in consultations/reports.py). The PDF and Excel
# libraries are imported when a file is asked for, not when the site starts.
FILES = {
    "pdf": ("application/pdf", "report_pdf"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "report_xlsx",
    ),
}


@login_required
@require_POST
def comment_dispose(request, comment_id: int):
    comment = get_object_or_404(
        Comment.objects.select_related("consultation", "consultation__agency"), pk=comment_id
    )
    consultation = comment.consultation
    if not policy.can_see(request.user, consultation):
        raise Http404
    return act_then_redirect(
        request,
        lambda: replies.comment_dispose(
            acting_user=request.user,
            comment=comment,
            disposition=request.POST.get("disposition", ""),
            reason=request.POST.get("reason", ""),
        ),
        done=_("Đã ghi nhận tiếp thu, giải trình ý kiến."),
        to=reverse("consultation_detail", args=[consultation.pk]),
    )


@require_GET
def consultation_report(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    if not policy.can_see_report(request.user, consultation):
        raise Http404
    wanted = request.GET.get("format", "")
    if wanted in FILES:
        from nghedan.consultations import reports

        content_type, builder = FILES[wanted]
        build = getattr(reports, builder)
        response = HttpResponse(build(consultation), content_type=content_type)
        name = f"Bảng tổng hợp ý kiến - {consultation.title[:80]}.{wanted}"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    return render(
        request,
        "web/consultation_report.html",
        {
            "consultation": consultation,
            "rows": replies.report_rows(consultation),
            "summary": replies.report_summary(consultation),
            "published": consultation.report_published_at is not None,
            "ballots": consultation.ballots.order_by("opens_at", "pk"),
            "can_create_ballot": policy.is_consultation_leader(request.user, consultation)
            and consultation.status != ConsultationStatus.DONE,
            "ballot_form": BallotForm(),
            "can_publish": policy.is_consultation_leader(request.user, consultation)
            and consultation.report_published_at is None,
        },
    )


@login_required
@require_POST
def report_publish(request, consultation_id: int):
    """The leader publishes the summary report; followers are told."""
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    return act_then_redirect(
        request,
        lambda: replies.report_publish(acting_user=request.user, consultation=consultation),
        done=_("Đã công bố báo cáo tổng hợp, tiếp thu, giải trình."),
        to=reverse("consultation_report", args=[consultation.pk]),
    )


@login_required
@require_POST
def ballot_new(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    if not policy.is_consultation_leader(request.user, consultation):
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan được tổ chức biểu quyết."))
    form = BallotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng kiểm tra lại thông tin cuộc biểu quyết."))
        return redirect("consultation_report", consultation_id=consultation.pk)
    return act_then_redirect(
        request,
        lambda: ballots.ballot_create(
            acting_user=request.user, consultation=consultation, **form.cleaned_data
        ),
        done=_("Đã tạo cuộc biểu quyết."),
        to=lambda ballot: (
            reverse("ballot_result", args=[ballot.pk])
            if ballot
            else reverse("consultation_report", args=[consultation.pk])
        ),
    )


def _visible_ballot(user, ballot_id: int) -> Ballot:
    ballot = get_object_or_404(
        Ballot.objects.select_related("consultation", "consultation__agency"), pk=ballot_id
    )
    if not policy.can_see(user, ballot.consultation):
        raise Http404
    return ballot


@login_required
@require_POST
def ballot_vote(request, ballot_id: int):
    ballot = _visible_ballot(request.user, ballot_id)
    return act_then_redirect(
        request,
        lambda: ballots.ballot_vote(
            acting_user=request.user,
            ballot=ballot,
            choice=request.POST.get("choice", ""),
            household=request.POST.get("household", ""),
        ),
        done=_("Đã ghi nhận phiếu biểu quyết."),
        to=reverse("ballot_result", args=[ballot.pk]),
    )


@require_GET
def ballot_result(request, ballot_id: int):
    ballot = _visible_ballot(request.user, ballot_id)
    now = clock.now()
    user = request.user
    voted = user.is_authenticated and ballot.votes.filter(voter=user).exists()
    return render(
        request,
        "web/ballot_result.html",
        {
            "ballot": ballot,
            "consultation": ballot.consultation,
            "result": ballots.ballot_result(ballot),
            "is_open": ballot.opens_at <= now < ballot.closes_at,
            "voted": voted,
            "verified": user.is_authenticated and ballots.is_verified(user),
            "by_household": ballot.unit == BallotUnit.HOUSEHOLD,
            "show_result": now >= ballot.closes_at
            or policy.is_consultation_staff(user, ballot.consultation),
        },
    )

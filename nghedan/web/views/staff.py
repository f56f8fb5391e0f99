"""Pages for officers, leaders and supervisors: the inbox, a petition's handling, approvals."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nghedan.accounts.models import Role
from nghedan.agencies.selectors import transfer_targets
from nghedan.language import actions as language_actions
from nghedan.language import selectors as language_selectors
from nghedan.lib import clock
from nghedan.lib.errors import ActionError
from nghedan.petitions import actions, policy, selectors
from nghedan.petitions.lifecycle import allowed_actions
from nghedan.petitions.models import Answer, AnswerStatus, Kind, Status
from nghedan.petitions.public import reader_text
from nghedan.web.forms.petitions import (
    AnswerForm,
    DecisionForm,
    GroupForm,
    ReasonForm,
    RelabelForm,
    TransferForm,
)
from nghedan.web.views.common import act_then_redirect

_OVERSIGHT_ROLES = (Role.OFFICER, Role.LEADER, Role.SUPERVISOR, Role.ADMIN)
# Narrower inbox lists: what the language pipeline flagged.
INBOX_VIEWS = {
    "triage": gettext_lazy("Cần phân loại"),
    "urgent": gettext_lazy("Khẩn cấp"),
    "grouped": gettext_lazy("Theo nhóm"),
}


def _require_oversight(user) -> None:
    if not (user.role in _OVERSIGHT_ROLES or user.is_superuser):
        raise PermissionDenied(_("Trang này dành cho cán bộ và người giám sát."))


@login_required
def inbox(request):
    """Staff: the agency's open petitions, nearest deadline first. Supervisors and admins:
    every petition they may read, newest first."""
    _require_oversight(request.user)
    status = request.GET.get("status") or None
    view = request.GET.get("view") if request.GET.get("view") in INBOX_VIEWS else ""
    if request.user.is_agency_staff:
        petitions = selectors.inbox_for(user=request.user, statuses=[status] if status else None)
    else:
        petitions = selectors.petitions_visible_to(user=request.user)
        if status:
            petitions = petitions.filter(status=status)
    petitions = selectors.inbox_narrow(petitions, view=view, group=request.GET.get("group"))
    page = Paginator(petitions, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "web/inbox.html",
        {
            "page": page,
            "statuses": Status.choices,
            "status": status,
            "view": view,
            "views": INBOX_VIEWS.items(),
            "today": clock.today(),
            "pending_approvals": selectors.answers_pending_approval(user=request.user).count(),
        },
    )


@login_required
def petition_detail(request, code: str):
    _require_oversight(request.user)
    petition = selectors.petition_get_for_user(user=request.user, code=code)
    handler = policy.is_handler(request.user, petition)
    can_read_identity = policy.can_read_identity(request.user, petition)
    answers = petition.answers.select_related("author", "decided_by")
    allowed = allowed_actions(petition.status) if handler else set()
    return render(
        request,
        "web/staff_detail.html",
        {
            "petition": petition,
            # A denunciation's words as written are for its handlers only.
            "text": reader_text(petition, user=request.user),
            "events": selectors.petition_history(petition=petition, for_petitioner=False),
            "answers": answers,
            "pending_answer": next(
                (a for a in answers if a.status == AnswerStatus.PENDING_APPROVAL), None
            ),
            "ratings": petition.ratings.all(),
            "attachments": petition.attachments.all(),
            "is_handler": handler,
            "is_approver": policy.is_approver(request.user, petition),
            "can_read_identity": can_read_identity,
            "allowed": allowed,
            "can_extend": petition.kind in (Kind.COMPLAINT, Kind.DENUNCIATION),
            "reason_form": ReasonForm(),
            "transfer_form": TransferForm(),
            "transfer_targets": (
                transfer_targets(province=petition.area.province, excluding=petition.agency)
                if "transfer" in allowed
                else []
            ),
            "answer_form": AnswerForm(),
            "decision_form": DecisionForm(),
            "earlier": _earlier(request.user, petition) if can_read_identity else [],
            **_analysis_context(request.user, petition, handler),
        },
    )


def _analysis_context(user, petition, handler: bool) -> dict:
    analysis = language_selectors.analysis_of(petition=petition)
    group = analysis.group if analysis else None
    return {
        "analysis": analysis,
        "group_members": [
            member
            for member in language_selectors.group_members(user=user, group=group)
            if member.pk != petition.pk
        ],
        "relabel_form": RelabelForm(
            initial={"topic": analysis.suggested_topic if analysis else petition.topic}
        )
        if handler
        else None,
        "group_form": GroupForm() if handler else None,
    }


def _earlier(user, petition) -> list:
    """The same account's other petitions, for one who may know who filed this one.
    Anonymous petitions and those whose filer `user` may not know (a denunciation, for a
    supervisor) are left out on both sides: listing them together would name their filer."""
    if not petition.citizen_id or petition.is_anonymous:
        return []
    others = (
        selectors.petitions_visible_to(user=user)
        .filter(citizen_id=petition.citizen_id, is_anonymous=False)
        .exclude(pk=petition.pk)[:10]
    )
    return [other for other in others if policy.can_read_identity(user, other)]


@login_required
def petition_identity(request, code: str):
    """Who filed it: shown on its own page, and every view of it is audited."""
    _require_oversight(request.user)
    petition = selectors.petition_get_for_user(user=request.user, code=code)
    try:
        identity = selectors.petitioner_identity_read(
            user=request.user, petition=petition, purpose="web"
        )
    except ActionError as error:
        raise PermissionDenied(str(error.message)) from error
    return render(request, "web/staff_identity.html", {"petition": petition, "identity": identity})


def _handle(request, code: str, form_class, run, done: str):
    """Shared shape of a staff POST: load what the user may see, validate, act, report."""
    _require_oversight(request.user)
    petition = selectors.petition_get_for_user(user=request.user, code=code)
    form = form_class(request.POST) if form_class else None

    def to(_result):
        if policy.can_view(request.user, petition):
            return reverse("staff_detail", args=[code])
        return reverse("inbox")  # transferred away: no longer ours to see

    return act_then_redirect(
        request,
        lambda: run(petition, form.cleaned_data if form else {}),
        done=done,
        to=to,
        form=form,
    )


@login_required
@require_POST
def petition_accept(request, code: str):
    return _handle(
        request,
        code,
        None,
        lambda petition, data: actions.petition_accept(acting_user=request.user, petition=petition),
        _("Đã thụ lý đơn."),
    )


@login_required
@require_POST
def petition_start(request, code: str):
    return _handle(
        request,
        code,
        None,
        lambda petition, data: actions.petition_start(acting_user=request.user, petition=petition),
        _("Đơn đã chuyển sang trạng thái Đang giải quyết."),
    )


@login_required
@require_POST
def petition_decline(request, code: str):
    return _handle(
        request,
        code,
        ReasonForm,
        lambda petition, data: actions.petition_decline(
            acting_user=request.user, petition=petition, reason=data["reason"]
        ),
        _("Đã ghi nhận không thụ lý."),
    )


@login_required
@require_POST
def petition_extend(request, code: str):
    return _handle(
        request,
        code,
        ReasonForm,
        lambda petition, data: actions.petition_extend(
            acting_user=request.user, petition=petition, reason=data["reason"]
        ),
        _("Đã gia hạn thời hạn giải quyết."),
    )


@login_required
@require_POST
def petition_transfer(request, code: str):
    return _handle(
        request,
        code,
        TransferForm,
        lambda petition, data: actions.petition_transfer(
            acting_user=request.user,
            petition=petition,
            to_agency=data["to_agency"],
            reason=data["reason"],
        ),
        _("Đã chuyển đơn."),
    )


@login_required
@require_POST
def petition_answer(request, code: str):
    return _handle(
        request,
        code,
        AnswerForm,
        lambda petition, data: actions.answer_submit(
            acting_user=request.user, petition=petition, body=data["body"]
        ),
        _("Đã lưu câu trả lời."),
    )


@login_required
def approvals(request):
    _require_oversight(request.user)
    if not request.user.is_leader:
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan mới được duyệt câu trả lời."))
    return render(
        request,
        "web/approvals.html",
        {
            "answers": selectors.answers_pending_approval(user=request.user),
            "decision_form": DecisionForm(),
        },
    )


def _decide(request, answer_id: int, decide, done: str):
    _require_oversight(request.user)
    answer = get_object_or_404(Answer.objects.select_related("petition"), pk=answer_id)
    # The answer is reachable only through a petition the user may see.
    petition = selectors.petition_get_for_user(user=request.user, code=answer.petition.code)
    form = DecisionForm(request.POST)
    form.is_valid()
    return act_then_redirect(
        request,
        lambda: decide(answer, form.cleaned_data.get("note", "")),
        done=done,
        to=reverse("staff_detail", args=[petition.code]),
    )


@login_required
@require_POST
def answer_approve(request, answer_id: int):
    return _decide(
        request,
        answer_id,
        lambda answer, note: actions.answer_approve(
            acting_user=request.user, answer=answer, note=note
        ),
        _("Đã duyệt và ban hành câu trả lời."),
    )


@login_required
@require_POST
def answer_return(request, answer_id: int):
    return _decide(
        request,
        answer_id,
        lambda answer, note: actions.answer_return(
            acting_user=request.user, answer=answer, note=note
        ),
        _("Đã trả lại dự thảo cho cán bộ."),
    )


@login_required
@require_POST
def petition_relabel(request, code: str):
    return _handle(
        request,
        code,
        RelabelForm,
        lambda petition, data: actions.petition_relabel(
            acting_user=request.user, petition=petition, topic=data["topic"]
        ),
        _("Đã đổi lĩnh vực của đơn."),
    )


@login_required
@require_POST
def petition_group(request, code: str):
    def run(petition, data):
        others = [
            selectors.petition_get_for_user(user=request.user, code=other)
            for other in data["codes"]
        ]
        language_actions.petitions_group(acting_user=request.user, petitions=[petition, *others])

    return _handle(request, code, GroupForm, run, _("Đã gộp các đơn vào một nhóm."))


@login_required
@require_POST
def petition_ungroup(request, code: str):
    return _handle(
        request,
        code,
        None,
        lambda petition, data: language_actions.petition_ungroup(
            acting_user=request.user, petition=petition
        ),
        _("Đã tách đơn khỏi nhóm."),
    )

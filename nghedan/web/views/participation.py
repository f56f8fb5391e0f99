"""Participation in a consultation: comments and replies, support / oppose, abuse reports
and moderation, statements and their votes, the opinion groups page, and verifying an
account (a verified e-mail or phone is what lets a person vote).

The writes are POSTs that call one action and go back to the consultation's page, at the
place they concern, with a flash message."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nghedan.accounts.models import VerificationCode
from nghedan.accounts.verification import (
    is_verified,
    verification_confirm,
    verification_send,
)
from nghedan.consultations import policy
from nghedan.consultations.actions import participation as actions
from nghedan.consultations.models import Comment, OpinionSnapshot, Section, Statement
from nghedan.consultations.selectors import consultation_visible_get
from nghedan.lib.errors import ActionError
from nghedan.web.forms.participation import (
    VOTES,
    CommentForm,
    ModerateForm,
    ReactForm,
    ReasonForm,
    StatementForm,
    VerifyCodeForm,
    VerifySendForm,
    VoteForm,
)
from nghedan.web.views.common import act_then_redirect, flash_form_errors

GROUP_COLOURS = ("#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6a4c93")
PLOT_WIDTH, PLOT_HEIGHT, PLOT_MARGIN = 480, 320, 16


def _comment(user, comment_id: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("consultation", "consultation__agency"), pk=comment_id
    )
    if not policy.can_see(user, comment.consultation):
        raise Http404
    # Hidden and flagged comments exist only for their author and the moderators.
    if not (
        policy.comment_is_public(comment)
        or comment.author_id == user.pk
        or policy.is_consultation_staff(user, comment.consultation)
    ):
        raise Http404
    return comment


def _statement(user, statement_id: int) -> Statement:
    statement = get_object_or_404(
        Statement.objects.select_related("consultation", "consultation__agency"), pk=statement_id
    )
    if not policy.can_see(user, statement.consultation):
        raise Http404
    if not (
        statement.status == "approved"
        or statement.author_id == user.pk
        or policy.is_consultation_staff(user, statement.consultation)
    ):
        raise Http404
    return statement


def _back(consultation_id: int, anchor: str = "participation") -> str:
    return f"{reverse('consultation_detail', args=[consultation_id])}#{anchor}"


@login_required
@require_POST
def consultation_comment(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_back(consultation.pk, "comment-form"))
    section = parent = None
    if form.cleaned_data["section"]:
        section = get_object_or_404(
            Section, pk=form.cleaned_data["section"], consultation=consultation
        )
    if form.cleaned_data["parent"]:
        parent = _comment(request.user, form.cleaned_data["parent"])

    def to(comment):
        if comment is None:
            return _back(consultation.pk, f"comment-{parent.pk}" if parent else "comment-form")
        if comment.flagged:
            messages.warning(
                request,
                _("Ý kiến có từ ngữ cần kiểm duyệt; ý kiến sẽ hiển thị sau khi cơ quan xem xét."),
            )
        return _back(consultation.pk, f"comment-{comment.pk}")

    return act_then_redirect(
        request,
        lambda: actions.comment_add(
            acting_user=request.user,
            consultation=consultation,
            text=form.cleaned_data["text"],
            section=section,
            parent=parent,
        ),
        done=_("Đã gửi ý kiến của bạn."),
        to=to,
    )


def _on_comment(request, comment_id: int, form_class, act, done: str):
    """Shared shape of the actions on one comment: check the form, act, and go back to the
    comment with a message (a refusal is flashed; a refusal of rights is a 403)."""
    comment = _comment(request.user, comment_id)
    form = form_class(request.POST)
    return act_then_redirect(
        request,
        lambda: act(comment, form.cleaned_data),
        done=done,
        to=_back(comment.consultation_id, f"comment-{comment.pk}"),
        form=form,
    )


@login_required
@require_POST
def comment_react(request, comment_id: int):
    return _on_comment(
        request,
        comment_id,
        ReactForm,
        lambda comment, data: actions.comment_react(
            acting_user=request.user, comment=comment, value=data["value"]
        ),
        _("Đã ghi nhận ý kiến của bạn."),
    )


@login_required
@require_POST
def comment_report(request, comment_id: int):
    return _on_comment(
        request,
        comment_id,
        ReasonForm,
        lambda comment, data: actions.comment_report(
            acting_user=request.user, comment=comment, reason=data["reason"]
        ),
        _("Cảm ơn bạn. Báo cáo vi phạm đã được gửi tới cơ quan."),
    )


@login_required
@require_POST
def comment_hide(request, comment_id: int):
    """Hide a comment with a reason; with `clear` set, lift the screen's flag instead."""
    if request.POST.get("clear"):
        comment = _comment(request.user, comment_id)
        return act_then_redirect(
            request,
            lambda: actions.comment_clear(acting_user=request.user, comment=comment),
            done=_("Đã duyệt ý kiến: ý kiến được hiển thị."),
            to=_back(comment.consultation_id, f"comment-{comment.pk}"),
        )
    return _on_comment(
        request,
        comment_id,
        ReasonForm,
        lambda comment, data: actions.comment_hide(
            acting_user=request.user, comment=comment, reason=data["reason"]
        ),
        _("Đã ẩn ý kiến. Lý do được lưu lại."),
    )


@login_required
@require_POST
def statement_add(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    form = StatementForm(request.POST)

    def to(statement):
        if statement is None:
            return _back(consultation.pk, "statements")
        if statement.status == "pending":
            messages.info(request, _("Nhận định sẽ được đưa ra biểu quyết sau khi cơ quan duyệt."))
        return _back(consultation.pk, f"statement-{statement.pk}")

    return act_then_redirect(
        request,
        lambda: actions.statement_add(
            acting_user=request.user, consultation=consultation, text=form.cleaned_data["text"]
        ),
        done=_("Đã thêm nhận định."),
        to=to,
        form=form,
    )


@login_required
@require_POST
def statement_moderate(request, statement_id: int):
    statement = _statement(request.user, statement_id)
    form = ModerateForm(request.POST)
    approve = request.POST.get("decision") == "approve"  # as the form reads it, when valid
    return act_then_redirect(
        request,
        lambda: actions.statement_moderate(
            acting_user=request.user,
            statement=statement,
            approve=approve,
            reason=form.cleaned_data["reason"],
        ),
        done=_("Đã duyệt nhận định.") if approve else _("Đã không duyệt nhận định."),
        to=_back(statement.consultation_id, "statements"),
        form=form,
    )


@login_required
@require_POST
def statement_vote(request, statement_id: int):
    statement = _statement(request.user, statement_id)
    form = VoteForm(request.POST)
    return act_then_redirect(
        request,
        lambda: actions.statement_vote(
            acting_user=request.user,
            statement=statement,
            value=VOTES[form.cleaned_data["value"]],
        ),
        done=_("Đã ghi nhận phiếu của bạn."),
        to=_back(statement.consultation_id, f"statement-{statement.pk}"),
        form=form,
    )


def _plot(result: dict) -> list[dict]:
    """The participants' points scaled into the plot, coloured by group."""
    points = result.get("points") or {}
    if not points:
        return []
    xs = [x for x, _y in points.values()]
    ys = [y for _x, y in points.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    inner_w, inner_h = PLOT_WIDTH - 2 * PLOT_MARGIN, PLOT_HEIGHT - 2 * PLOT_MARGIN
    groups = result.get("groups") or {}
    dots = []
    for participant, (x, y) in points.items():
        group = int(groups.get(participant, 0))
        dots.append(
            {
                "x": round(PLOT_MARGIN + (x - min(xs)) / span_x * inner_w, 1),
                "y": round(PLOT_MARGIN + (max(ys) - y) / span_y * inner_h, 1),
                "colour": GROUP_COLOURS[group % len(GROUP_COLOURS)],
                "group": group + 1,
            }
        )
    return dots


def _groups(result: dict) -> list[dict]:
    sizes: dict[int, int] = {}
    for group in (result.get("groups") or {}).values():
        sizes[int(group)] = sizes.get(int(group), 0) + 1
    representative = result.get("representative") or {}
    return [
        {
            "number": group + 1,
            "size": size,
            "colour": GROUP_COLOURS[group % len(GROUP_COLOURS)],
            "statements": [
                {
                    "text": rep.get("text", ""),
                    "agree": rep["direction"] == "agree",
                    "percent": round(rep["probability"] * 100),
                }
                for rep in representative.get(str(group), [])
            ],
        }
        for group, size in sorted(sizes.items())
    ]


def _consensus(result: dict) -> list[dict]:
    rows = []
    for item in result.get("consensus") or []:
        shares = list((item.get("probability_by_group") or {}).values())
        rows.append(
            {
                "text": item.get("text", ""),
                "agree": item["direction"] == "agree",
                "percent": round(min(shares) * 100) if shares else None,
            }
        )
    return rows


@require_GET
def consultation_groups(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    snapshot = OpinionSnapshot.objects.filter(consultation=consultation).first()
    result = snapshot.result if snapshot else {}
    # Groups of a handful of voters say nothing about the public (and one voter's "group"
    # would be called common ground): shown only from a minimum of participants.
    participants = len(result.get("groups") or {})
    if participants < settings.NGHEDAN_OPINION_MIN_PARTICIPANTS:
        result = {}
    return render(
        request,
        "web/consultation_groups.html",
        {
            "consultation": consultation,
            "snapshot": snapshot,
            "dots": _plot(result),
            "groups": _groups(result),
            "consensus": _consensus(result),
            "ungrouped": len(result.get("ungrouped") or []),
            "plot": {"width": PLOT_WIDTH, "height": PLOT_HEIGHT},
            "participants": participants,
            "minimum": settings.NGHEDAN_OPINION_MIN_PARTICIPANTS,
        },
    )


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


@login_required
def account_verify(request):
    """Send a code to an e-mail address or phone, then type it in."""
    user = request.user
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    send_form = VerifySendForm(initial={"address": user.email, "channel": "email"})
    code_form = VerifyCodeForm()
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "send":
            send_form = VerifySendForm(request.POST)
            if send_form.is_valid():
                try:
                    code = verification_send(
                        user=user,
                        channel=send_form.cleaned_data["channel"],
                        address=send_form.cleaned_data["address"],
                    )
                except ActionError as error:
                    field = error.field if error.field in send_form.fields else None
                    send_form.add_error(field, str(error.message))
                else:
                    messages.success(
                        request,
                        _("Đã gửi mã xác minh tới %(address)s. Mã có hiệu lực 15 phút.")
                        % {"address": code.address},
                    )
                    target = reverse("account_verify")
                    return redirect(f"{target}?next={next_url}" if next_url else target)
        elif step == "confirm":
            code_form = VerifyCodeForm(request.POST)
            if code_form.is_valid():
                try:
                    verification_confirm(user=user, code=code_form.cleaned_data["code"])
                except ActionError as error:
                    code_form.add_error("code", str(error.message))
                else:
                    messages.success(
                        request, _("Tài khoản đã được xác minh. Bạn có thể biểu quyết.")
                    )
                    return redirect(next_url or reverse("account_verify"))
        else:
            messages.error(request, _("Yêu cầu không hợp lệ."))
    pending = (
        VerificationCode.objects.filter(user=user, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    return render(
        request,
        "web/account_verify.html",
        {
            "send_form": send_form,
            "code_form": code_form,
            "pending": pending,
            "verified": is_verified(user),
            "next": next_url,
        },
    )

"""Consultation pages (drafts): the public list, a consultation with its draft by
section, the agency's forms (new, edit: import, attachments, final texts), publishing,
closing, following, and the changes between the draft and the final text.

Who sees a consultation is `consultations.policy.can_see`: a draft only its agency's staff
and administrators; once published, everyone."""

import difflib
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nghedan.areas.models import Area
from nghedan.consultations import policy
from nghedan.consultations.actions import drafts as actions
from nghedan.consultations.drafts import DRAFT_MAX_BYTES
from nghedan.consultations.models import (
    Consultation,
    ConsultationAttachment,
    ConsultationStatus,
    Section,
)
from nghedan.consultations.policy import PUBLIC_STATUSES
from nghedan.consultations.selectors import consultation_visible_get, consultations_visible_to
from nghedan.lib.errors import ActionError
from nghedan.lib.files import attachment_response
from nghedan.web.forms.consultations import (
    AttachmentForm,
    ConsultationForm,
    DraftImportForm,
    FinalTextForm,
)
from nghedan.web.views.common import act_then_redirect, form_error_from

PAGE_SIZE = 30
DRAFTS_SHOWN = 50


def _require_staff(user, consultation: Consultation) -> None:
    if not policy.is_consultation_staff(user, consultation):
        raise PermissionDenied(_("Trang này dành cho cán bộ của cơ quan lấy ý kiến."))


@require_GET
def consultation_list(request):
    status = request.GET.get("status", "")
    user = request.user
    visible = consultations_visible_to(user=user)
    consultations = visible.filter(status__in=PUBLIC_STATUSES)
    if status in PUBLIC_STATUSES:
        consultations = consultations.filter(status=status)
    consultations = consultations.select_related("agency").prefetch_related("areas")
    # The drafts the user may open, listed apart: their agency's, or every agency's for an
    # administrator (the API's list holds the same).
    drafts = (
        visible.filter(status=ConsultationStatus.DRAFT)
        .select_related("agency")
        .order_by("-created_at", "-pk")[:DRAFTS_SHOWN]
    )
    return render(
        request,
        "web/consultation_list.html",
        {
            "page": Paginator(consultations.order_by("-opens_at", "-pk"), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "status": status,
            "statuses": [
                (value, label)
                for value, label in ConsultationStatus.choices
                if value in PUBLIC_STATUSES
            ],
            "drafts": list(drafts),
            "drafts_of_own_agency": user.is_authenticated and user.is_agency_staff,
            "draft_status": ConsultationStatus.DRAFT.label,
            "can_create": user.is_authenticated and user.is_agency_staff,
        },
    )


@login_required
def consultation_new(request):
    user = request.user
    if not user.is_agency_staff:
        raise PermissionDenied(_("Trang này dành cho cán bộ, lãnh đạo cơ quan nhà nước."))
    areas = Area.objects.filter(Q(pk=user.agency.area_id) | Q(parent_id=user.agency.area_id))
    form = ConsultationForm(
        request.POST or None, areas=areas.order_by("level", "code"), initial={"areas": areas[:1]}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = actions.consultation_create(
                acting_user=user,
                title=data["title"],
                kind=data["kind"],
                areas=list(data["areas"]),
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                summary=data["summary"],
                audience=data["audience"],
            )
        except ActionError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Đã tạo dự thảo. Hãy nhập nội dung dự thảo."))
            return redirect("consultation_edit", consultation_id=consultation.pk)
    return render(request, "web/consultation_new.html", {"form": form})


def _sections_with_counts(consultation: Consultation):
    visible = Q(comments__parent__isnull=True, comments__hidden_reason="", comments__flagged=False)
    return consultation.sections.annotate(comment_count=Count("comments", filter=visible))


@require_GET
def consultation_detail(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    user = request.user
    is_staff = policy.is_consultation_staff(user, consultation)
    return render(
        request,
        "web/consultation_detail.html",
        {
            "consultation": consultation,
            "areas": consultation.areas.all(),
            "sections": _sections_with_counts(consultation),
            "attachments": consultation.attachments.order_by("added_at", "pk"),
            "is_staff": is_staff,
            "is_leader": policy.is_consultation_leader(user, consultation),
            "following": user.is_authenticated
            and consultation.followers.filter(pk=user.pk).exists(),
            "followers": consultation.followers.count(),
            "missing_dispositions": (
                actions.comments_without_disposition(consultation)
                if is_staff and consultation.status == ConsultationStatus.CLOSED
                else None
            ),
            "has_final_text": consultation.sections.exclude(final_text="").exists(),
        },
    )


def _edit_page(request, consultation: Consultation, *, forms: dict | None = None):
    forms = forms or {}
    final_forms = forms.get("final", {})
    sections = list(consultation.sections.all())
    return render(
        request,
        "web/consultation_edit.html",
        {
            "consultation": consultation,
            "is_draft": consultation.status == ConsultationStatus.DRAFT,
            "import_form": forms.get("import") or DraftImportForm(),
            "attachment_form": forms.get("attachment") or AttachmentForm(),
            "attachments": consultation.attachments.order_by("added_at", "pk"),
            "sections": [
                {
                    "section": section,
                    "form": final_forms.get(section.pk)
                    or FinalTextForm(
                        initial={"section": section.pk, "final_text": section.final_text},
                        auto_id=f"id_s{section.pk}_%s",
                    ),
                }
                for section in sections
            ],
        },
        status=200,
    )


@login_required
def consultation_edit(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    _require_staff(request.user, consultation)
    if request.method != "POST":
        return _edit_page(request, consultation)
    what = request.POST.get("what", "")
    user = request.user
    if what == "import":
        form: forms.Form = DraftImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                count = actions.draft_import(
                    acting_user=user,
                    consultation=consultation,
                    name=upload.name,
                    content=upload.read(DRAFT_MAX_BYTES + 1),
                )
            except ActionError as error:
                form_error_from(form, error)
            else:
                messages.success(request, _("Đã nhập %(n)s mục của dự thảo.") % {"n": count})
                return redirect("consultation_edit", consultation_id=consultation.pk)
        return _edit_page(request, consultation, forms={"import": form})
    if what == "attachment":
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                actions.attachment_add(
                    acting_user=user, consultation=consultation, file=form.cleaned_data["file"]
                )
            except ActionError as error:
                form_error_from(form, error)
            else:
                messages.success(request, _("Đã đính kèm tài liệu."))
                return redirect("consultation_edit", consultation_id=consultation.pk)
        return _edit_page(request, consultation, forms={"attachment": form})
    if what == "final_text":
        section = get_object_or_404(
            Section, pk=request.POST.get("section") or 0, consultation=consultation
        )
        form = FinalTextForm(request.POST, auto_id=f"id_s{section.pk}_%s")
        if form.is_valid():
            try:
                actions.final_text_set(
                    acting_user=user,
                    consultation=consultation,
                    section=section,
                    final_text=form.cleaned_data["final_text"],
                )
            except ActionError as error:
                form_error_from(form, error)
            else:
                messages.success(request, _("Đã lưu nội dung sau tiếp thu."))
                return redirect("consultation_edit", consultation_id=consultation.pk)
        return _edit_page(request, consultation, forms={"final": {section.pk: form}})
    messages.error(request, _("Yêu cầu không hợp lệ."))
    return _edit_page(request, consultation)


def _detail_url(consultation: Consultation) -> str:
    return reverse("consultation_detail", args=[consultation.pk])


@login_required
@require_POST
def consultation_publish(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    return act_then_redirect(
        request,
        lambda: actions.consultation_publish(acting_user=request.user, consultation=consultation),
        done=_("Đã công bố dự thảo để lấy ý kiến."),
        to=_detail_url(consultation),
    )


@login_required
@require_POST
def consultation_close(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    done = request.POST.get("done") == "1"
    return act_then_redirect(
        request,
        lambda: actions.consultation_close(
            acting_user=request.user, consultation=consultation, done=done
        ),
        done=_("Đã hoàn tất tiếp thu, giải trình.") if done else _("Đã kết thúc lấy ý kiến."),
        to=_detail_url(consultation),
    )


@login_required
@require_POST
def consultation_follow(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    follow = request.POST.get("follow", "1") != "0"
    return act_then_redirect(
        request,
        lambda: actions.consultation_follow(
            acting_user=request.user, consultation=consultation, follow=follow
        ),
        done=_("Bạn sẽ nhận thông báo về dự thảo này.") if follow else _("Đã bỏ theo dõi."),
        to=_detail_url(consultation),
    )


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(draft: str, final: str) -> SafeString:
    """The final text against the draft, word by word: removed words in <del>, added in
    <ins>; everything escaped."""
    before, after = _TOKENS.findall(draft), _TOKENS.findall(final)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece is escaped above


@require_GET
def consultation_changes(request, consultation_id: int):
    consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
    rows = []
    for section in consultation.sections.all():
        changed = bool(section.final_text) and section.final_text != section.text
        rows.append(
            {
                "section": section,
                "changed": changed,
                "diff": word_diff(section.text, section.final_text) if changed else "",
            }
        )
    return render(
        request,
        "web/consultation_changes.html",
        {
            "consultation": consultation,
            "rows": rows,
            "changed": sum(1 for row in rows if row["changed"]),
        },
    )


@require_GET
def consultation_attachment(request, file_id: int):
    """An attachment of a consultation, to whoever may see the consultation (anyone once it
    is published; only the agency's staff while it is a draft)."""
    attachment = get_object_or_404(
        ConsultationAttachment.objects.select_related("consultation"), pk=file_id
    )
    if not policy.can_see(request.user, attachment.consultation):
        raise Http404
    return attachment_response(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        filename=attachment.original_name,
    )

"""Writing a consultation and its draft: create, import the draft, attach files, publish,
close, record the final text, follow. Each action checks who acts, runs in one
transaction and records one event; notifications go out as jobs after commit."""

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nghedan.agencies.models import Agency
from nghedan.areas.models import Area
from nghedan.consultations import tasks_drafts  # registers the followers' notification
from nghedan.consultations.drafts import read_draft
from nghedan.consultations.events import consultation_event_record
from nghedan.consultations.models import (
    Comment,
    Consultation,
    ConsultationAttachment,
    ConsultationKind,
    ConsultationStatus,
    Section,
)
from nghedan.consultations.policy import is_consultation_leader, is_consultation_staff
from nghedan.jobs.registry import enqueue
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, TransitionNotAllowed, not_permitted
from nghedan.lib.files import upload_accept, upload_store
from nghedan.lib.text import clean, interpolate_lazy

if TYPE_CHECKING:
    from nghedan.accounts.models import User

TITLE_MAX = 300
AUDIENCE_MAX = 300
SUMMARY_MAX = 5000
FINAL_TEXT_MAX = 20000
ATTACHMENTS_MAX = 20


def areas_allowed(agency: Agency) -> list[Area]:
    """The areas an agency may consult: its own and, for a province, its communes."""
    return list(Area.objects.filter(pk=agency.area_id)) + list(
        Area.objects.filter(parent_id=agency.area_id).order_by("code")
    )


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _notify_followers(consultation: Consultation, what: str) -> None:
    enqueue(
        tasks_drafts.NOTIFY_FOLLOWERS,
        payload={"consultation_id": consultation.pk, "what": what},
        key=f"consultation-followers:{consultation.pk}:{what}",
    )


def consultation_create(
    *,
    acting_user: "User | AnonymousUser | None",
    title: str,
    kind: str,
    areas: Iterable[Area],
    opens_at: datetime,
    closes_at: datetime,
    summary: str = "",
    audience: str = "",
) -> Consultation:
    """A new consultation of the acting officer's or leader's agency, as a draft."""
    if not (
        acting_user is not None
        and acting_user.is_authenticated
        and acting_user.is_agency_staff
        and acting_user.agency is not None
    ):
        raise not_permitted()
    agency = acting_user.agency
    title, summary, audience = clean(title), clean(summary), clean(audience)
    if not title:
        raise ActionError("title_required", _("Vui lòng nhập tên dự thảo."), field="title")
    if len(title) > TITLE_MAX:
        raise ActionError(
            "title_too_long",
            interpolate_lazy(_("Tên dự thảo tối đa %(max)s ký tự."), {"max": TITLE_MAX}),
            field="title",
        )
    if kind not in ConsultationKind.values:
        raise ActionError("bad_kind", _("Loại dự thảo không hợp lệ."), field="kind")
    if len(summary) > SUMMARY_MAX or len(audience) > AUDIENCE_MAX:
        raise ActionError("too_long", _("Tóm tắt hoặc đối tượng quá dài."), field="summary")
    areas = list(areas)
    if not areas:
        raise ActionError("areas_required", _("Vui lòng chọn địa bàn."), field="areas")
    allowed = {area.pk for area in areas_allowed(agency)}
    if any(area.pk not in allowed for area in areas):
        raise ActionError(
            "area_outside",
            _("Địa bàn phải là địa bàn của cơ quan hoặc thuộc địa bàn đó."),
            field="areas",
        )
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        raise ActionError(
            "bad_dates", _("Thời điểm kết thúc phải sau thời điểm bắt đầu."), field="closes_at"
        )
    with transaction.atomic():
        consultation = Consultation.objects.create(
            agency=agency,
            kind=kind,
            title=title,
            summary=summary,
            audience=audience,
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=acting_user,
        )
        consultation.areas.set(areas)
        consultation_event_record(
            consultation=consultation,
            actor=acting_user,
            action="created",
            data={"kind": kind, "areas": sorted(area.code for area in areas)},
        )
    return consultation


def draft_import(
    *, acting_user: "User | None", consultation: Consultation, name: str, content: bytes
) -> int:
    """Replace the draft's sections with those read from a file; only while a draft.
    Returns how many sections were imported."""
    if not is_consultation_staff(acting_user, consultation):
        raise not_permitted()
    items = read_draft(name=name, content=content)
    with transaction.atomic():
        consultation = _locked(consultation)
        if consultation.status != ConsultationStatus.DRAFT:
            raise TransitionNotAllowed(
                "not_draft",
                _("Chỉ thay được nội dung dự thảo khi chưa công bố lấy ý kiến."),
                field="file",
            )
        consultation.sections.all().delete()
        created: list[Section] = []
        for order, item in enumerate(items, start=1):
            parent = created[item.parent_index] if item.parent_index is not None else None
            created.append(
                Section.objects.create(
                    consultation=consultation,
                    parent=parent,
                    order=order,
                    level=item.level,
                    heading=item.heading,
                    text=item.text,
                )
            )
        consultation_event_record(
            consultation=consultation,
            actor=acting_user,
            action="draft_imported",
            data={"name": (name or "")[-200:], "sections": len(created)},
        )
    return len(created)


def attachment_add(
    *, acting_user: "User | None", consultation: Consultation, file: UploadedFile
) -> ConsultationAttachment:
    """Attach a document (PDF) or image to the consultation; images are re-encoded."""
    if not is_consultation_staff(acting_user, consultation):
        raise not_permitted()
    if consultation.attachments.count() >= ATTACHMENTS_MAX:
        raise ActionError(
            "too_many_files",
            interpolate_lazy(_("Chỉ được đính kèm tối đa %(max)s tệp."), {"max": ATTACHMENTS_MAX}),
            field="file",
        )
    cleaned = upload_accept(file, field="file")
    with transaction.atomic():
        attachment = ConsultationAttachment(
            consultation=consultation,
            original_name=cleaned.original_name,
            content_type=cleaned.content_type,
        )
        upload_store(
            attachment.file,
            stem=f"consultation-{consultation.pk}-{cleaned.sha256[:12]}",
            cleaned=cleaned,
        )
        attachment.save()
        consultation_event_record(
            consultation=consultation,
            actor=acting_user,
            action="attachment_added",
            data={"attachment": attachment.pk, "name": cleaned.original_name},
        )
    return attachment


def consultation_publish(*, acting_user: "User | None", consultation: Consultation) -> Consultation:
    """The agency's leader opens the draft to comments."""
    if not is_consultation_leader(acting_user, consultation):
        raise not_permitted()
    with transaction.atomic():
        consultation = _locked(consultation)
        if consultation.status != ConsultationStatus.DRAFT:
            raise TransitionNotAllowed("not_draft", _("Dự thảo này đã được công bố lấy ý kiến."))
        if not consultation.sections.exists():
            raise ActionError(
                "no_sections", _("Cần nhập nội dung dự thảo trước khi công bố lấy ý kiến.")
            )
        if consultation.closes_at <= clock.now():
            raise ActionError(
                "closes_in_past", _("Thời điểm kết thúc lấy ý kiến đã qua; vui lòng sửa lại.")
            )
        consultation.status = ConsultationStatus.OPEN
        consultation.save(update_fields=["status"])
        consultation_event_record(consultation=consultation, actor=acting_user, action="published")
        _notify_followers(consultation, "opened")
    return consultation


def comments_without_disposition(consultation: Consultation) -> int:
    """Top-level comments, not hidden, that still lack the agency's disposition."""
    return Comment.objects.filter(
        consultation=consultation, parent__isnull=True, hidden_reason="", disposition=""
    ).count()


def consultation_close(
    *, acting_user: "User | None", consultation: Consultation, done: bool = False
) -> Consultation:
    """The leader ends the comment period (open → closed), or, once every comment has its
    disposition, marks the consultation done (closed → done)."""
    if not is_consultation_leader(acting_user, consultation):
        raise not_permitted()
    with transaction.atomic():
        consultation = _locked(consultation)
        if done:
            if consultation.status != ConsultationStatus.CLOSED:
                raise TransitionNotAllowed(
                    "not_closed",
                    _("Chỉ hoàn tất được sau khi đã kết thúc lấy ý kiến."),
                )
            missing = comments_without_disposition(consultation)
            if missing:
                raise TransitionNotAllowed(
                    "dispositions_missing",
                    interpolate_lazy(
                        _("Chưa thể hoàn tất: còn %(n)s ý kiến chưa được tiếp thu, giải trình."),
                        {"n": missing},
                    ),
                )
            consultation.status = ConsultationStatus.DONE
            consultation.save(update_fields=["status"])
            consultation_event_record(consultation=consultation, actor=acting_user, action="done")
            return consultation
        if consultation.status != ConsultationStatus.OPEN:
            raise TransitionNotAllowed("not_open", _("Việc lấy ý kiến này không còn mở."))
        consultation.status = ConsultationStatus.CLOSED
        consultation.save(update_fields=["status"])
        consultation_event_record(consultation=consultation, actor=acting_user, action="closed")
        _notify_followers(consultation, "closed")
    return consultation


def final_text_set(
    *, acting_user: "User | None", consultation: Consultation, section: Section, final_text: str
) -> Section:
    """Record a section's text after the comments were taken in (for the changes view)."""
    if not is_consultation_staff(acting_user, consultation):
        raise not_permitted()
    if section.consultation_id != consultation.pk:
        raise ActionError("bad_section", _("Mục này không thuộc dự thảo."), field="section")
    final_text = clean(final_text)
    if len(final_text) > FINAL_TEXT_MAX:
        raise ActionError(
            "final_text_too_long",
            interpolate_lazy(_("Nội dung tối đa %(max)s ký tự."), {"max": FINAL_TEXT_MAX}),
            field="final_text",
        )
    with transaction.atomic():
        consultation = _locked(consultation)
        if consultation.status == ConsultationStatus.DRAFT:
            raise TransitionNotAllowed(
                "still_draft",
                _("Dự thảo chưa được lấy ý kiến: hãy sửa nội dung dự thảo."),
                field="final_text",
            )
        section = Section.objects.select_for_update().get(pk=section.pk)
        section.final_text = final_text
        section.save(update_fields=["final_text"])
        consultation_event_record(
            consultation=consultation,
            actor=acting_user,
            action="final_text_set",
            data={"section": section.pk},
        )
    return section


def consultation_follow(
    *, acting_user: "User | AnonymousUser | None", consultation: Consultation, follow: bool = True
) -> bool:
    """Follow (or stop following) a published consultation; returns whether anything
    changed. A repeated request changes nothing and records nothing."""
    if acting_user is None or not acting_user.is_authenticated:
        raise not_permitted()
    if consultation.status == ConsultationStatus.DRAFT:
        raise TransitionNotAllowed("still_draft", _("Dự thảo này chưa được công bố."))
    with transaction.atomic():
        consultation = _locked(consultation)
        following = consultation.followers.filter(pk=acting_user.pk).exists()
        if following == follow:
            return False
        if follow:
            consultation.followers.add(acting_user)
        else:
            consultation.followers.remove(acting_user)
        consultation_event_record(
            consultation=consultation,
            actor=acting_user,
            action="followed" if follow else "unfollowed",
        )
    return True

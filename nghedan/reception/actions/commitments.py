"""Commitments (cam kết): what a leader promises, tracked to its end.

Writes are actions (keyword-only, one transaction, one reception event each); the reads
that depend on who asks (`commitments_visible_to`, `commitment_get`) live here too, beside
the rules they share with the actions. Notifications are enqueued in the transaction and
sent by `nghedan/reception/tasks_commitments.py`.
"""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.models import Role, User
from nghedan.jobs.registry import enqueue
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, not_permitted
from nghedan.lib.files import upload_accept, upload_store
from nghedan.reception import tasks_commitments  # registers the tasks enqueued below
from nghedan.reception.events import reception_event_record
from nghedan.reception.models import (
    Booking,
    Commitment,
    CommitmentEvidence,
    CommitmentResponse,
    CommitmentStatus,
    Dialogue,
)
from nghedan.reception.policy import _active, is_leader_of, is_person_of, is_staff_of

if TYPE_CHECKING:
    from nghedan.petitions.models import Petition

TEXT_MIN, NOTE_MIN = 10, 5


# --- actions -------------------------------------------------------------------------


def _source_check(
    *,
    acting_user: User,
    booking: Booking | None,
    dialogue: Dialogue | None,
    petition: "Petition | None",
) -> None:
    if sum(source is not None for source in (booking, dialogue, petition)) > 1:
        raise ActionError(
            "commitment_one_source",
            _("Một cam kết chỉ gắn với một nguồn: lượt tiếp, buổi đối thoại hoặc đơn."),
        )
    if booking is not None and booking.day.agency_id != acting_user.agency_id:
        raise not_permitted()
    if dialogue is not None and dialogue.agency_id != acting_user.agency_id:
        raise not_permitted()
    if petition is not None and petition.agency_id != acting_user.agency_id:
        raise not_permitted()


def commitment_make(
    *,
    acting_user: User | None,
    text: str,
    due_date: date,
    booking: Booking | None = None,
    dialogue: Dialogue | None = None,
    petition: "Petition | None" = None,
    people: Iterable = (),
) -> Commitment:
    """A leader promises something, at a reception, in a dialogue, on a petition their
    agency handles, or publicly (no source). `people` are the citizen accounts it was made
    to; by default the booking's citizen or the petition's citizen account."""
    if not (_active(acting_user) and acting_user.role == Role.LEADER and acting_user.agency_id):
        raise not_permitted()
    _source_check(acting_user=acting_user, booking=booking, dialogue=dialogue, petition=petition)
    text = (text or "").strip()
    if len(text) < TEXT_MIN:
        raise ActionError(
            "commitment_text_short",
            _("Vui lòng ghi rõ nội dung cam kết (ít nhất 10 ký tự)."),
            field="text",
        )
    if due_date is None or due_date < clock.today():
        raise ActionError(
            "commitment_due_past",
            _("Hạn thực hiện không được ở trong quá khứ."),
            field="due_date",
        )
    people = [person for person in people if person is not None]
    if not people:
        if booking is not None and booking.citizen_id:
            people = [booking.citizen]
        elif petition is not None:
            # The petition's account, or the people whose matter at a reception day it is.
            people = [petition.citizen] if petition.citizen_id else []
            people += [
                b.citizen
                for b in petition.reception_bookings.select_related("citizen")
                if b.citizen_id and b.citizen_id != petition.citizen_id
            ]
    with transaction.atomic():
        commitment = Commitment.objects.create(
            owner=acting_user,
            agency_id=acting_user.agency_id,
            text=text,
            due_date=due_date,
            booking=booking,
            dialogue=dialogue,
            petition=petition,
        )
        if people:
            commitment.people.add(*people)
        reception_event_record(
            actor=acting_user,
            action="commitment_made",
            commitment=commitment,
            booking=booking,
            dialogue=dialogue,
            data={
                "due": due_date.isoformat(),
                "people": sorted(person.pk for person in people),
                "petition": petition.code if petition is not None else "",
            },
        )
    return commitment


def _require_open(commitment: Commitment) -> None:
    if commitment.status != CommitmentStatus.OPEN:
        raise ActionError(
            "commitment_resolved", _("Cam kết này đã có kết quả, không thể thay đổi.")
        )


def commitment_add_evidence(
    *,
    acting_user: User | None,
    commitment: Commitment,
    note: str = "",
    file: UploadedFile | None = None,
) -> CommitmentEvidence:
    """The owner or an officer or leader of the agency adds evidence (a note, a photo or a
    PDF document). Images are re-encoded without their metadata; PDFs are checked."""
    if not (
        (_active(acting_user) and acting_user.pk == commitment.owner_id)
        or is_staff_of(acting_user, commitment.agency_id)
    ):
        raise not_permitted()
    note = (note or "").strip()
    if not note and file is None:
        raise ActionError(
            "evidence_empty", _("Vui lòng nhập mô tả hoặc chọn tệp minh chứng."), field="note"
        )
    cleaned = upload_accept(file, field="file") if file is not None else None
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        _require_open(locked)
        evidence = CommitmentEvidence(
            commitment=locked,
            note=note,
            added_by=acting_user,
            content_type=cleaned.content_type if cleaned else "",
            original_name=cleaned.original_name[:255] if cleaned else "",
        )
        if cleaned is not None:
            count = CommitmentEvidence.objects.filter(commitment=locked).count() + 1
            upload_store(evidence.file, stem=f"cam-ket-{locked.pk}-{count}", cleaned=cleaned)
        evidence.save()
        reception_event_record(
            actor=acting_user,
            action="commitment_evidence",
            commitment=locked,
            data={"evidence": evidence.pk, "file": bool(cleaned)},
        )
    return evidence


def commitment_resolve(
    *, acting_user: User | None, commitment: Commitment, kept: bool, note: str
) -> Commitment:
    """The owner or a leader of the agency records the outcome: kept (with evidence) or
    broken. The people it was made to are told, with a link to say whether they agree."""
    if not (
        (_active(acting_user) and acting_user.pk == commitment.owner_id)
        or is_leader_of(acting_user, commitment.agency_id)
    ):
        raise not_permitted()
    note = (note or "").strip()
    if len(note) < NOTE_MIN:
        raise ActionError(
            "outcome_note_short",
            _("Vui lòng ghi rõ kết quả thực hiện (ít nhất 5 ký tự)."),
            field="note",
        )
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        _require_open(locked)
        if kept and not locked.evidence.exists():
            raise ActionError(
                "evidence_required",
                _("Cần có ít nhất một minh chứng trước khi xác nhận đã thực hiện cam kết."),
                field="kept",
            )
        locked.status = CommitmentStatus.KEPT if kept else CommitmentStatus.BROKEN
        locked.outcome_note = note
        locked.resolved_at = clock.now()
        locked.save(update_fields=["status", "outcome_note", "resolved_at"])
        event = reception_event_record(
            actor=acting_user,
            action="commitment_kept" if kept else "commitment_broken",
            commitment=locked,
            data={"on_time": clock.today() <= locked.due_date},
        )
        enqueue(
            tasks_commitments.RESOLVED_TASK,
            payload={"commitment_id": locked.pk, "event_id": event.pk},
            key=f"commitment-resolved:{event.pk}",
        )
    return locked


def commitment_respond(
    *,
    acting_user: User | AnonymousUser | None,
    commitment: Commitment,
    agrees: bool,
    comment: str = "",
) -> CommitmentResponse:
    """A person the commitment was made to says whether they agree that it was kept; a
    second answer replaces the first."""
    if not is_person_of(acting_user, commitment):
        raise not_permitted()
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if locked.status != CommitmentStatus.KEPT:
            raise ActionError(
                "commitment_not_kept",
                _("Chỉ có thể cho ý kiến khi cam kết đã được báo cáo là đã thực hiện."),
            )
        response, created = CommitmentResponse.objects.update_or_create(
            commitment=locked,
            person=acting_user,
            defaults={"agrees": bool(agrees), "comment": (comment or "").strip()},
        )
        reception_event_record(
            actor=acting_user,
            action="commitment_response",
            commitment=locked,
            data={"agrees": bool(agrees), "changed": not created},
        )
    return response

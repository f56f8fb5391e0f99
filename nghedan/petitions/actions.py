"""Every change to a petition goes through one of these functions.

Each runs in one transaction, checks who acts and from which status, and records one
event (mirrored in the audit log). Views, the API, commands and tasks call them; none
writes petitions with the ORM itself.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nghedan.agencies.models import Agency
from nghedan.areas.models import Area
from nghedan.deadlines.services import DeadlineError, due_dates
from nghedan.lib.crypto import new_secret, secret_digest
from nghedan.lib.files import CleanFile, clean_upload
from nghedan.lib.redact import redact
from nghedan.lib.text import clean, interpolate_lazy
from nghedan.petitions import policy
from nghedan.petitions.codes import new_tracking_code
from nghedan.petitions.errors import PetitionError, TransitionNotAllowed, not_permitted
from nghedan.petitions.events import petition_event_record
from nghedan.petitions.lifecycle import check_transition
from nghedan.petitions.models import (
    Answer,
    AnswerStatus,
    Attachment,
    Channel,
    Kind,
    Petition,
    Rating,
    RatingReason,
    Status,
    Topic,
)
from nghedan.petitions.routing import route_petition

TITLE_MAX = 200
BODY_MIN, BODY_MAX = 10, 20_000
SIGNATORIES_MAX = 100_000
REASON_MIN = 5
REOPEN_WINDOW = timedelta(days=30)
# Law on Complaints 2011, Art. 33: 30 days after the first-level decision, 45 in remote
# or especially difficult areas.
APPEAL_WINDOW = timedelta(days=30)
APPEAL_WINDOW_REMOTE = timedelta(days=45)


@dataclass(frozen=True)
class PetitionerInfo:
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class SubmitResult:
    petition: Petition
    # Shown once to the petitioner; only its digest is stored. Empty on a replayed intake.
    secret: str
    created: bool


def _locked(petition: Petition) -> Petition:
    return Petition.objects.select_for_update().select_related("agency", "area").get(pk=petition.pk)


def _clocks(
    *,
    kind: str,
    agency: Agency,
    area: Area,
    received_on,
    accepted_on=None,
    stage: str = "first",
    complex: bool = False,
    extensions: int = 0,
):
    """Due dates from the deadline service, for the level of the handling agency and the
    longer limits of remote areas."""
    province = area.province
    return due_dates(
        kind=kind,
        received_on=received_on,
        accepted_on=accepted_on,
        stage=stage,
        level=agency.agency_type.level,
        remote=area.is_remote or province.is_remote,
        complex=complex,
        extensions=extensions,
    )


def _require_reason(reason: str, field: str = "reason") -> str:
    reason = clean(reason)
    if len(reason) < REASON_MIN:
        raise PetitionError("reason_required", _("Vui lòng nêu rõ lý do."), field=field)
    return reason


def _validate_submission(
    *,
    kind: str,
    title: str,
    body: str,
    signatories: int,
    is_anonymous: bool,
    petitioner: PetitionerInfo,
) -> None:
    if kind not in Kind.values:
        raise PetitionError("bad_kind", _("Loại đơn không hợp lệ."), field="kind")
    if not title:
        raise PetitionError("title_required", _("Vui lòng nhập tiêu đề."), field="title")
    if len(title) > TITLE_MAX:
        raise PetitionError(
            "title_too_long",
            interpolate_lazy(_("Tiêu đề tối đa %(max)s ký tự."), {"max": TITLE_MAX}),
            field="title",
        )
    if len(body) < BODY_MIN:
        raise PetitionError(
            "body_too_short",
            interpolate_lazy(_("Nội dung cần ít nhất %(min)s ký tự."), {"min": BODY_MIN}),
            field="body",
        )
    if len(body) > BODY_MAX:
        raise PetitionError(
            "body_too_long",
            interpolate_lazy(_("Nội dung tối đa %(max)s ký tự."), {"max": BODY_MAX}),
            field="body",
        )
    if not 1 <= signatories <= SIGNATORIES_MAX:
        raise PetitionError(
            "bad_signatories", _("Số người ký phải từ 1 trở lên."), field="signatories"
        )
    if kind in (Kind.COMPLAINT, Kind.DENUNCIATION):
        # The laws on complaints and denunciations require the filer to be identified.
        if is_anonymous:
            raise PetitionError(
                "identity_required",
                _("Khiếu nại, tố cáo không được gửi ẩn danh theo quy định của pháp luật."),
                field="is_anonymous",
            )
        if not petitioner.name:
            raise PetitionError(
                "name_required", _("Vui lòng nhập họ và tên người gửi."), field="petitioner_name"
            )
        if not (petitioner.phone or petitioner.email or petitioner.address):
            raise PetitionError(
                "contact_required",
                _("Vui lòng cho biết số điện thoại, thư điện tử hoặc địa chỉ liên hệ."),
                field="petitioner_phone",
            )


def _public_text(body: str, petitioner: PetitionerInfo) -> str:
    """The body with personal data removed, including the petitioner's own details
    wherever the body repeats them."""
    text = body
    for value, placeholder in (
        (petitioner.name, "[họ tên]"),
        (petitioner.email, "[email]"),
        (petitioner.phone, "[số điện thoại]"),
    ):
        if len(value) >= 3:
            text = text.replace(value, placeholder)
    return redact(text)


def _clean_files(files: Sequence) -> list[CleanFile]:
    if len(files) > settings.NGHEDAN_ATTACHMENT_MAX_COUNT:
        raise PetitionError(
            "too_many_files",
            interpolate_lazy(
                _("Chỉ được đính kèm tối đa %(max)s tệp."),
                {"max": settings.NGHEDAN_ATTACHMENT_MAX_COUNT},
            ),
            field="attachments",
        )
    cleaned = []
    for uploaded in files:
        try:
            cleaned.append(clean_upload(uploaded))
        except ValidationError as exc:
            message = exc.messages[0] if exc.messages else _("Tệp không hợp lệ.")
            raise PetitionError(exc.code or "bad_file", message, field="attachments") from exc
    return cleaned


def _save_attachments(petition: Petition, files: list[CleanFile]) -> None:
    for index, cleaned in enumerate(files, start=1):
        attachment = Attachment(
            petition=petition,
            file_kind=cleaned.file_kind,
            content_type=cleaned.content_type,
            size=len(cleaned.content),
            sha256=cleaned.sha256,
            original_name=cleaned.original_name,
            uploaded_at=timezone.now(),
        )
        attachment.file.save(
            f"{petition.code}-{index}.{cleaned.extension}", ContentFile(cleaned.content), save=False
        )
        attachment.save()


def petition_submit(
    *,
    acting_user,
    channel: str,
    kind: str,
    topic: Topic,
    area: Area,
    title: str,
    body: str,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    signatories: int = 1,
    petitioner: PetitionerInfo = PetitionerInfo(),
    is_anonymous: bool = False,
    publish_consent: bool = False,
    notify_updates: bool = False,
    files: Sequence = (),
    intake_key: str | None = None,
    intake_client: str = "",
) -> SubmitResult:
    """File a petition. It is committed before this returns, so the code it carries is real.

    A repeated `intake_key` (client + Idempotency-Key) returns the petition made the
    first time instead of a second one.
    """
    if intake_key:
        existing = Petition.objects.filter(intake_key=intake_key).first()
        if existing is not None:
            return SubmitResult(existing, "", False)
    title, body = clean(title), clean(body)
    petitioner = PetitionerInfo(
        name=clean(petitioner.name),
        phone=clean(petitioner.phone),
        email=clean(petitioner.email),
        address=clean(petitioner.address),
    )
    if is_anonymous:
        petitioner = PetitionerInfo()
    _validate_submission(
        kind=kind,
        title=title,
        body=body,
        signatories=signatories,
        is_anonymous=is_anonymous,
        petitioner=petitioner,
    )
    if channel not in Channel.values:
        raise PetitionError("bad_channel", _("Kênh tiếp nhận không hợp lệ."), field="channel")
    cleaned_files = _clean_files(files)
    agency = route_petition(kind=kind, topic=topic, area=area)
    received_at = timezone.now()
    dates = _clocks(
        kind=kind, agency=agency, area=area, received_on=timezone.localdate(received_at)
    )
    secret = new_secret()
    citizen = acting_user if getattr(acting_user, "is_authenticated", False) else None
    if is_anonymous or (citizen is not None and citizen.role != "citizen"):
        # Anonymous means no account either; staff filing for someone (hotline, desk) are
        # recorded as the actor of the event, not as the petitioner.
        citizen = None
    petition = Petition(
        secret_digest=secret_digest(secret),
        kind=kind,
        topic=topic,
        title=title,
        body=body,
        public_title=_public_text(title, petitioner)[:TITLE_MAX],
        public_body=_public_text(body, petitioner),
        area=area,
        address=clean(address)[:300],
        latitude=latitude,
        longitude=longitude,
        agency=agency,
        channel=channel,
        status=Status.RECEIVED,
        signatories=signatories,
        citizen=citizen,
        is_anonymous=is_anonymous,
        petitioner_name=petitioner.name,
        petitioner_phone=petitioner.phone,
        petitioner_email=petitioner.email,
        petitioner_address=petitioner.address,
        publish_consent=publish_consent and kind in (Kind.FEEDBACK, Kind.PROPOSAL),
        # Updates go to the contact given; an anonymous petitioner follows by code.
        notify_updates=notify_updates and bool(petitioner.email or petitioner.phone),
        received_at=received_at,
        acceptance_due=dates.acceptance_due,
        resolution_due=dates.resolution_due,
        acceptance_rule_id=dates.acceptance_rule.rule_id,
        resolution_rule_id=dates.resolution_rule.rule_id,
        intake_key=intake_key or None,
        intake_client=intake_client,
    )

    def record_intake() -> None:
        _save_attachments(petition, cleaned_files)
        petition_event_record(
            petition=petition,
            actor=None if is_anonymous else acting_user,
            action="submitted",
            to_status=Status.RECEIVED,
            to_agency=agency,
            data={"channel": channel, "kind": kind, "topic": topic.code},
        )

    try:
        _insert_with_new_code(petition, then=record_intake)
    except IntegrityError:
        existing = Petition.objects.filter(intake_key=intake_key).first() if intake_key else None
        if existing is None:
            raise
        return SubmitResult(existing, "", False)  # a concurrent retry won the race
    return SubmitResult(petition, secret, True)


def _insert_with_new_code(petition: Petition, *, then) -> None:
    """Save a new petition under a fresh tracking code, drawing again on the rare
    collision; `then` writes what belongs with it, in the same transaction."""
    for _attempt in range(5):
        petition.code = new_tracking_code()
        try:
            with transaction.atomic():
                petition.save()
                then()
            return
        except IntegrityError:
            petition.pk = None
            if not Petition.objects.filter(code=petition.code).exists():
                raise  # not the code: let the caller see what else was duplicated
    raise RuntimeError("could not allocate a unique tracking code")


def _transition(
    *,
    petition: Petition,
    acting_user,
    action: str,
    reason: str = "",
    data: dict | None = None,
    visible_to_petitioner: bool = True,
    **changes,
) -> Petition:
    """Check and apply one status change with its event; the caller holds the row lock.
    A change of `agency` is recorded in the event as the move from one to the other."""
    target = check_transition(action, petition.status)
    from_status = petition.status
    from_agency = petition.agency if "agency" in changes else None
    if target is not None:
        petition.status = target
    for field, value in changes.items():
        setattr(petition, field, value)
    petition.save()
    petition_event_record(
        petition=petition,
        actor=acting_user,
        action=action,
        from_status=from_status,
        to_status=petition.status,
        from_agency=from_agency,
        to_agency=changes.get("agency"),
        reason=reason,
        data=data,
        visible_to_petitioner=visible_to_petitioner,
    )
    return petition


def _require_handler(acting_user, petition: Petition) -> None:
    if not policy.is_handler(acting_user, petition):
        raise not_permitted()


def petition_accept(*, acting_user, petition: Petition) -> Petition:
    with transaction.atomic():
        petition = _locked(petition)
        _require_handler(acting_user, petition)
        now = timezone.now()
        dates = _clocks(
            kind=petition.kind,
            agency=petition.agency,
            area=petition.area,
            received_on=timezone.localdate(petition.received_at),
            accepted_on=timezone.localdate(now),
            stage="second" if petition.appeal_of_id else "first",
        )
        resolution_due = dates.resolution_due
        if petition.events.filter(action="transfer").exists() and petition.resolution_due:
            # A transfer never gives the citizen a later date than the one already promised.
            resolution_due = min(resolution_due, petition.resolution_due)
        return _transition(
            petition=petition,
            acting_user=acting_user,
            action="accept",
            accepted_at=now,
            resolution_due=resolution_due,
            resolution_rule_id=dates.resolution_rule.rule_id,
        )


def petition_decline(*, acting_user, petition: Petition, reason: str) -> Petition:
    with transaction.atomic():
        petition = _locked(petition)
        _require_handler(acting_user, petition)
        reason = _require_reason(reason)
        return _transition(
            petition=petition,
            acting_user=acting_user,
            action="decline",
            reason=reason,
            closed_at=timezone.now(),
        )


def petition_transfer(
    *, acting_user, petition: Petition, to_agency: Agency, reason: str
) -> Petition:
    """Send the petition to the responsible agency. The citizen's clock is not reset:
    the due dates set at intake (or acceptance) stand."""
    with transaction.atomic():
        petition = _locked(petition)
        _require_handler(acting_user, petition)
        reason = _require_reason(reason)
        if to_agency.pk == petition.agency_id or not to_agency.is_active:
            raise PetitionError(
                "bad_transfer_target",
                _("Vui lòng chọn một cơ quan khác, đang hoạt động, để chuyển đơn."),
                field="to_agency",
            )
        check_transition("transfer", petition.status)
        # A draft the old agency left waiting is not the new agency's answer.
        petition.answers.filter(status=AnswerStatus.PENDING_APPROVAL).update(
            status=AnswerStatus.RETURNED, decided_at=timezone.now(), decision_note=reason
        )
        return _transition(
            petition=petition,
            acting_user=acting_user,
            action="transfer",
            reason=reason,
            agency=to_agency,
        )


def petition_extend(*, acting_user, petition: Petition, reason: str) -> Petition:
    """Gia hạn: the head of the agency lengthens the resolution limit of a complex case as
    far as the law allows — a complaint once, to its complex limit (Law on Complaints
    Art. 28, 37); a denunciation by up to two extensions (Law on Denunciations Art. 30).
    Feedback and proposals follow the agency's own limit and are not extended."""
    with transaction.atomic():
        petition = _locked(petition)
        if not policy.is_approver(acting_user, petition):
            raise not_permitted()
        reason = _require_reason(reason)
        check_transition("extend", petition.status)
        if petition.kind == Kind.COMPLAINT and not petition.is_complex:
            is_complex, extensions = True, 0
        elif petition.kind == Kind.DENUNCIATION:
            is_complex, extensions = True, petition.extensions + 1
        else:
            raise TransitionNotAllowed(
                "extension_not_allowed",
                _("Đơn này không được gia hạn thêm theo quy định."),
            )
        try:
            dates = _clocks(
                kind=petition.kind,
                agency=petition.agency,
                area=petition.area,
                received_on=timezone.localdate(petition.received_at),
                accepted_on=timezone.localdate(petition.accepted_at)
                if petition.accepted_at
                else None,
                stage="second" if petition.appeal_of_id else "first",
                complex=is_complex,
                extensions=extensions,
            )
        except DeadlineError as error:
            raise TransitionNotAllowed(
                "extension_not_allowed", _("Đơn này không được gia hạn thêm theo quy định.")
            ) from error
        return _transition(
            petition=petition,
            acting_user=acting_user,
            action="extend",
            reason=reason,
            data={
                "from": petition.resolution_due.isoformat() if petition.resolution_due else None,
                "to": dates.resolution_due.isoformat(),
            },
            is_complex=is_complex,
            extensions=extensions,
            resolution_due=dates.resolution_due,
        )


def petition_start(*, acting_user, petition: Petition) -> Petition:
    with transaction.atomic():
        petition = _locked(petition)
        _require_handler(acting_user, petition)
        return _transition(petition=petition, acting_user=acting_user, action="start")


def _publish(*, petition: Petition, answer: Answer, acting_user, approved: bool) -> None:
    now = timezone.now()
    answer.status = AnswerStatus.PUBLISHED
    answer.published_at = now
    if approved:
        answer.decided_by = acting_user
        answer.decided_at = now
    answer.save()
    _transition(
        petition=petition,
        acting_user=acting_user,
        action="answer_publish",
        answered_at=now,
        data={"answer": answer.pk},
    )


def answer_submit(*, acting_user, petition: Petition, body: str) -> Answer:
    """An officer's answer waits for a leader where the agency requires approval; a
    leader's own answer, or one in an agency without that rule, is published at once."""
    with transaction.atomic():
        petition = _locked(petition)
        _require_handler(acting_user, petition)
        body = clean(body)
        if len(body) < BODY_MIN:
            raise PetitionError("answer_too_short", _("Nội dung trả lời quá ngắn."), field="body")
        if petition.answers.filter(status=AnswerStatus.PENDING_APPROVAL).exists():
            raise TransitionNotAllowed(
                "answer_pending", _("Đã có một dự thảo trả lời đang chờ lãnh đạo duyệt.")
            )
        check_transition("answer_submit", petition.status)
        needs_approval = petition.agency.requires_answer_approval and not policy.is_approver(
            acting_user, petition
        )
        answer = Answer.objects.create(
            petition=petition,
            body=body,
            author=acting_user,
            created_at=timezone.now(),
            status=AnswerStatus.PENDING_APPROVAL if needs_approval else AnswerStatus.PUBLISHED,
        )
        if needs_approval:
            _transition(
                petition=petition,
                acting_user=acting_user,
                action="answer_submit",
                data={"answer": answer.pk},
                visible_to_petitioner=False,
            )
        else:
            _publish(petition=petition, answer=answer, acting_user=acting_user, approved=False)
        return answer


def _pending_answer(answer: Answer, acting_user) -> tuple[Petition, Answer]:
    petition = _locked(answer.petition)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if not policy.is_approver(acting_user, petition):
        raise not_permitted()
    if answer.status != AnswerStatus.PENDING_APPROVAL:
        raise TransitionNotAllowed(
            "answer_not_pending", _("Dự thảo trả lời này không còn chờ duyệt.")
        )
    return petition, answer


def answer_approve(*, acting_user, answer: Answer, note: str = "") -> Answer:
    with transaction.atomic():
        petition, answer = _pending_answer(answer, acting_user)
        answer.decision_note = clean(note)
        _publish(petition=petition, answer=answer, acting_user=acting_user, approved=True)
        return answer


def answer_return(*, acting_user, answer: Answer, note: str) -> Answer:
    """The leader sends the draft back to the officer with what to change."""
    with transaction.atomic():
        petition, answer = _pending_answer(answer, acting_user)
        note = _require_reason(note, field="note")
        answer.status = AnswerStatus.RETURNED
        answer.decided_by = acting_user
        answer.decided_at = timezone.now()
        answer.decision_note = note
        answer.save()
        _transition(
            petition=petition,
            acting_user=acting_user,
            action="answer_return",
            reason=note,
            data={"answer": answer.pk},
            visible_to_petitioner=False,
        )
        return answer


def _require_petitioner(acting_user, petition: Petition, secret: str | None) -> None:
    if not policy.is_petitioner(acting_user, petition, secret):
        raise not_permitted()


def petition_rate(
    *,
    acting_user,
    petition: Petition,
    secret: str | None = None,
    stars: int,
    reasons: Sequence[str] = (),
    comment: str = "",
) -> Rating:
    """The petitioner rates the published answer: 3 or more closes the petition,
    less reopens it for the agency to handle again."""
    with transaction.atomic():
        petition = _locked(petition)
        _require_petitioner(acting_user, petition, secret)
        check_transition("rate", petition.status)
        if not isinstance(stars, int) or not 1 <= stars <= 5:
            raise PetitionError(
                "bad_stars", _("Vui lòng chọn mức đánh giá từ 1 đến 5."), field="stars"
            )
        unknown = set(reasons) - set(RatingReason.values)
        if unknown:
            raise PetitionError("bad_reason", _("Lý do đánh giá không hợp lệ."), field="reasons")
        answer = (
            petition.answers.filter(status=AnswerStatus.PUBLISHED).order_by("-published_at").first()
        )
        rating = Rating.objects.create(
            petition=petition,
            answer=answer,
            stars=stars,
            reasons=sorted(set(reasons)),
            comment=clean(comment),
            created_at=timezone.now(),
        )
        from_status = petition.status
        if stars >= 3:
            petition.status, petition.closed_at, action = (
                Status.CLOSED,
                timezone.now(),
                "rated_closed",
            )
        else:
            petition.status, action = Status.REOPENED, "rated_reopened"
        petition.save()
        petition_event_record(
            petition=petition,
            actor=acting_user,
            action=action,
            from_status=from_status,
            to_status=petition.status,
            reason=rating.comment,
            data={"rating": rating.pk, "stars": stars, "reasons": rating.reasons},
        )
        return rating


def petition_reopen(
    *, acting_user, petition: Petition, secret: str | None = None, reason: str
) -> Petition:
    """The petitioner says the problem is not solved, within the reopening window."""
    with transaction.atomic():
        petition = _locked(petition)
        _require_petitioner(acting_user, petition, secret)
        reason = _require_reason(reason)
        if petition.answered_at and timezone.now() - petition.answered_at > REOPEN_WINDOW:
            raise TransitionNotAllowed(
                "reopen_window_passed",
                _("Đã quá thời hạn 30 ngày để yêu cầu xem xét lại; bạn có thể gửi đơn mới."),
            )
        return _transition(
            petition=petition,
            acting_user=acting_user,
            action="reopen",
            reason=reason,
            closed_at=None,
        )


def petition_withdraw(
    *, acting_user, petition: Petition, secret: str | None = None, reason: str = ""
) -> Petition:
    with transaction.atomic():
        petition = _locked(petition)
        _require_petitioner(acting_user, petition, secret)
        return _transition(
            petition=petition,
            acting_user=acting_user,
            action="withdraw",
            reason=clean(reason),
            closed_at=timezone.now(),
        )


def petition_appeal(
    *, acting_user, petition: Petition, secret: str | None = None, reason: str
) -> Petition:
    """Khiếu nại lần hai: a linked complaint at the parent agency, followed with the same
    secret; the first-level petition ends as `appealed`."""
    with transaction.atomic():
        petition = _locked(petition)
        _require_petitioner(acting_user, petition, secret)
        reason = _require_reason(reason)
        if petition.kind != Kind.COMPLAINT:
            raise TransitionNotAllowed(
                "appeal_complaints_only", _("Chỉ đơn khiếu nại mới được khiếu nại lần hai.")
            )
        decided_at = petition.answered_at or petition.closed_at
        remote = petition.area.is_remote or petition.area.province.is_remote
        window = APPEAL_WINDOW_REMOTE if remote else APPEAL_WINDOW
        if decided_at and timezone.now() - decided_at > window:
            raise TransitionNotAllowed(
                "appeal_window_passed",
                interpolate_lazy(
                    _(
                        "Đã quá thời hạn %(days)s ngày kể từ khi có quyết định giải quyết lần đầu "
                        "để khiếu nại lần hai (Luật Khiếu nại 2011, Điều 33)."
                    ),
                    {"days": window.days},
                ),
            )
        parent = petition.agency.parent
        if parent is None:
            raise TransitionNotAllowed(
                "no_parent_agency", _("Cơ quan này không có cấp trên để khiếu nại lần hai.")
            )
        _transition(petition=petition, acting_user=acting_user, action="appeal", reason=reason)
        now = timezone.now()
        dates = _clocks(
            kind=Kind.COMPLAINT,
            agency=parent,
            area=petition.area,
            received_on=timezone.localdate(now),
            stage="second",
        )
        appeal = Petition(
            secret_digest=petition.secret_digest,
            kind=Kind.COMPLAINT,
            topic=petition.topic,
            title=petition.title,
            body=f"{reason}\n\n---\n{petition.body}",
            public_body="",
            area=petition.area,
            address=petition.address,
            agency=parent,
            channel=petition.channel,
            signatories=petition.signatories,
            citizen=petition.citizen,
            petitioner_name=petition.petitioner_name,
            petitioner_phone=petition.petitioner_phone,
            petitioner_email=petition.petitioner_email,
            petitioner_address=petition.petitioner_address,
            received_at=now,
            acceptance_due=dates.acceptance_due,
            resolution_due=dates.resolution_due,
            acceptance_rule_id=dates.acceptance_rule.rule_id,
            resolution_rule_id=dates.resolution_rule.rule_id,
            appeal_of=petition,
        )
        _insert_with_new_code(
            appeal,
            then=lambda: petition_event_record(
                petition=appeal,
                actor=acting_user,
                action="submitted",
                to_status=Status.RECEIVED,
                to_agency=parent,
                reason=reason,
                data={"appeal_of": petition.code},
            ),
        )
        return appeal
